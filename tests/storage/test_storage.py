from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import storage
from exodus.errors import DatabaseBusyError, TerminalError
from tests.factories import batch_item, figure


def count(db: str, table: str) -> int:
    with storage.reading(db) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def save(db: str, *items: object) -> tuple[dict[str, int], list[int]]:
    with storage.writing(db) as connection, storage.transaction(connection):
        return storage.save_articles(connection, list(items), run_id=1)  # type: ignore[arg-type]


def test_new_database_gets_current_schema(db_path: str) -> None:
    with storage.writing(db_path) as connection:
        assert storage.current_version(connection) == storage.SCHEMA_VERSION
    assert Path(db_path).exists()


def test_save_articles_is_idempotent(db_path: str) -> None:
    item = batch_item("a", figure(200_000), figure(147_000, metric="moved_on"))
    first_articles, first_figures = save(db_path, item)
    second_articles, second_figures = save(db_path, item)
    assert len(first_articles) == 1 and len(first_figures) == 2
    assert second_articles == {} and second_figures == []
    assert count(db_path, "articles") == 1
    assert count(db_path, "figures") == 2


def test_duplicates_within_one_batch_keep_the_first(db_path: str) -> None:
    articles, figures = save(
        db_path, batch_item("a", figure(1_000)), batch_item("a", figure(2_000))
    )
    assert len(articles) == 1
    rows = storage.run_query(db_path, "SELECT low FROM figures").rows
    assert rows == ((1_000,),)


def test_figures_with_null_destination_and_per_are_deduplicated(db_path: str) -> None:
    same = figure(700_000, metric="departed", destination=None)
    _, figure_ids = save(db_path, batch_item("a", same, same))
    assert len(figure_ids) == 1


def test_figure_columns_carry_every_field(db_path: str) -> None:
    save(db_path, batch_item("a", figure(600_000, 700_000, metric="departed", destination=None)))
    result = storage.run_query(
        db_path,
        "SELECT metric, destination, low, high, qualifier, per, since, source, disputed, quote,"
        " quote_start, quote_end, extractor_version FROM figures",
    )
    row = dict(zip(result.columns, result.rows[0], strict=True))
    assert row["metric"] == "departed" and row["destination"] is None
    assert (row["low"], row["high"], row["qualifier"]) == (600_000, 700_000, "range")
    assert str(row["since"]) == "2022-09-21"
    assert row["extractor_version"] == "test-1"


def test_series_groups_by_reporting_date(db_path: str) -> None:
    save(
        db_path,
        batch_item("a", figure(98_000), published="2022-09-27"),
        batch_item("b", figure(98_000), published="2022-09-27"),
        batch_item("c", figure(200_000), published="2022-10-04"),
    )
    result = storage.run_query(
        db_path,
        "SELECT reported_on, low, articles FROM series"
        " WHERE destination = 'KZ' ORDER BY reported_on",
    )
    assert [(str(day), low, n) for day, low, n in result.rows] == [
        ("2022-09-27", 98_000, 2),
        ("2022-10-04", 200_000, 1),
    ]


def test_sql_is_read_only(db_path: str) -> None:
    save(db_path, batch_item("a", figure(1)))
    with pytest.raises(TerminalError, match="read-only"):
        storage.run_query(db_path, "DELETE FROM figures")
    assert count(db_path, "figures") == 1


def test_sql_error_is_one_clear_line(db_path: str) -> None:
    save(db_path, batch_item("a", figure(1)))
    with pytest.raises(TerminalError, match="SQL error"):
        storage.run_query(db_path, "SELECT nope FROM figures")


def test_reading_a_missing_database_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(TerminalError, match="exodus run"):
        storage.run_query(str(tmp_path / "missing.duckdb"), "SELECT 1")


def test_transaction_rolls_back_on_error(db_path: str) -> None:
    with (
        pytest.raises(RuntimeError),
        storage.writing(db_path) as connection,
        storage.transaction(connection),
    ):
        storage.save_articles(connection, [batch_item("a", figure(1))], run_id=1)
        raise RuntimeError("crash mid-write")
    assert count(db_path, "articles") == 0


HOLD_LOCK = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_reader_waits_for_a_writer_in_another_process(db_path: str) -> None:
    save(db_path, batch_item("a", figure(1)))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, db_path, "1.5"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    messages: list[str] = []
    started = time.monotonic()
    result = storage.run_query(db_path, "SELECT count(*) FROM articles", on_wait=messages.append)
    holder.wait()
    assert result.rows == ((1,),)
    assert messages and "busy" in messages[0]
    assert time.monotonic() - started >= 0.5


def test_reader_gives_up_with_a_message(db_path: str) -> None:
    save(db_path, batch_item("a", figure(1)))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, db_path, "5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseBusyError, match="another process is writing"):
            storage.run_query(db_path, "SELECT 1", wait_seconds=0.5)
    finally:
        holder.kill()
        holder.wait()


def test_newer_schema_is_refused(db_path: str) -> None:
    with storage.writing(db_path) as connection:
        connection.execute("INSERT INTO schema_version (version) VALUES (99)")
    with pytest.raises(TerminalError, match="newer"), storage.writing(db_path):
        pass


def test_known_urls_retry_failures_until_their_attempts_run_out(db_path: str) -> None:
    from exodus.records import FetchFailure, SkippedEntry

    save(db_path, batch_item("a", figure(1)))
    failure = FetchFailure("http://news.example/broken", "test", "http_503", 503)
    with storage.writing(db_path) as connection:
        storage.log_crawl(
            connection,
            1,
            [("http://news.example/sport", "test", 200, "off_topic")],
            [failure],
            [SkippedEntry("http://news.example/old", "test", "seen")],
        )
        known = storage.known_urls(connection, max_attempts=2, retry_base_hours=0)
        assert known == {"http://news.example/a", "http://news.example/sport"}
        assert "http://news.example/broken" in storage.known_urls(connection, max_attempts=2), (
            "a failure waits an hour before its first retry"
        )
        storage.log_crawl(connection, 2, [], [failure], [])
        assert "http://news.example/broken" in storage.known_urls(
            connection, max_attempts=2, retry_base_hours=0
        )
        attempts = connection.execute(
            "SELECT attempts FROM crawl_log WHERE url = 'http://news.example/broken'"
        ).fetchone()
        assert attempts == (2,)
        logged = connection.execute("SELECT count(*) FROM crawl_log WHERE reason = 'seen'")
        assert logged.fetchone() == (0,)


def test_failed_url_is_retried_once_its_wait_has_passed(db_path: str) -> None:
    from exodus.records import FetchFailure

    failure = FetchFailure("http://news.example/flaky", "test", "timeout")
    with storage.writing(db_path) as connection:
        storage.log_crawl(connection, 1, [], [failure], [])
        storage.log_crawl(connection, 2, [], [failure], [])  # two attempts: next wait is 2 h
        connection.execute(
            "UPDATE crawl_log SET last_attempt_at = now() - INTERVAL 90 MINUTE"
            " WHERE url = 'http://news.example/flaky'"
        )
        assert "http://news.example/flaky" in storage.known_urls(connection, max_attempts=5)
        connection.execute(
            "UPDATE crawl_log SET last_attempt_at = now() - INTERVAL 150 MINUTE"
            " WHERE url = 'http://news.example/flaky'"
        )
        assert "http://news.example/flaky" not in storage.known_urls(connection, max_attempts=5)


HOLD_READ = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
print("reading", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_writer_waits_for_a_reader_for_the_configured_time_then_gives_up(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(db_path, batch_item("a", figure(1)))
    monkeypatch.setenv(storage.LOCK_WAIT_ENV, "0.5")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_READ, db_path, "10"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "reading"
        started = time.monotonic()
        with (
            pytest.raises(DatabaseBusyError, match=r"another process has it open .*0\.5 s"),
            storage.writing(db_path),
        ):
            pass
        assert 0.5 <= time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    assert count(db_path, "articles") == 1


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_bad_lock_wait_names_the_variable(
    db_path: str, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(storage.LOCK_WAIT_ENV, value)
    with pytest.raises(TerminalError, match=storage.LOCK_WAIT_ENV), storage.writing(db_path):
        pass


def test_close_interrupted_runs_closes_every_running_run_but_the_current_one(
    db_path: str,
) -> None:
    with storage.writing(db_path) as connection:
        killed = storage.start_run(connection)
        finished = storage.start_run(connection)
        storage.finish_run(connection, finished, {}, {})
        current = storage.start_run(connection)
        assert storage.close_interrupted_runs(connection, current) == [killed]
        assert storage.close_interrupted_runs(connection, current) == []
        rows = connection.execute("SELECT id, status, error FROM runs ORDER BY id").fetchall()
    assert [(run, status) for run, status, _ in rows] == [
        (killed, "interrupted"),
        (finished, "finished"),
        (current, "running"),
    ]
    assert f"noticed by run {current}" in rows[0][2]
