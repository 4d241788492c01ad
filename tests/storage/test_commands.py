"""The storage commands end to end: sql to Parquet, export, status, a reader during a write,
and what can be tested offline of MotherDuck."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import storage
from exodus.cli import main
from exodus.errors import TerminalError
from tests.factories import batch_item, figure
from tests.storage.test_storage import HOLD_LOCK


@pytest.fixture
def filled_db(db_path: str) -> str:
    with storage.writing(db_path) as connection, storage.transaction(connection):
        storage.save_articles(
            connection,
            [
                batch_item("a", figure(98_000), published="2022-09-27"),
                batch_item("b", figure(200_000), published="2022-10-04"),
            ],
            run_id=1,
        )
    return db_path


def test_sql_parquet_round_trip(filled_db: str, tmp_path: Path) -> None:
    out = tmp_path / "kz.parquet"
    query = "SELECT reported_on, low, sources FROM series ORDER BY reported_on"
    assert main(["sql", query, "--db", filled_db, "--format", "parquet", "--output", str(out)]) == 0
    back = duckdb.connect().execute(f"SELECT low FROM read_parquet('{out}')").fetchall()
    assert back == [(98_000,), (200_000,)]


def test_sql_parquet_without_output_is_one_line(
    filled_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "SELECT 1", "--db", filled_db, "--format", "parquet"]) == 2
    assert "--output FILE" in capsys.readouterr().err


def test_sql_output_writes_csv_to_a_file(filled_db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    args = ["sql", "SELECT low FROM figures ORDER BY low", "--db", filled_db]
    assert main([*args, "--format", "csv", "--output", str(out)]) == 0
    assert out.read_text().splitlines() == ["low", "98000", "200000"]


def test_sql_parquet_refuses_a_write(filled_db: str, tmp_path: Path) -> None:
    with pytest.raises(TerminalError, match="read-only"):
        storage.query_to_parquet(filled_db, "DELETE FROM figures", tmp_path / "x.parquet")
    assert storage.run_query(filled_db, "SELECT count(*) FROM figures").rows == ((2,),)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_round_trip_every_table_and_view(filled_db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    exported = storage.export_all(filled_db, out, fmt)
    names = {item.name for item in exported}
    assert {"articles", "figures", "claims", "series", "latest", "crawl_log"} <= names
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    check = duckdb.connect()
    for item in exported:
        assert item.path == out / f"{item.name}.{fmt}"
        if fmt == "csv" and item.rows == 0:
            continue  # an empty CSV is just a header: nothing to count
        (rows,) = check.execute(f"SELECT count(*) FROM {reader}('{item.path}')").fetchone()  # type: ignore[misc]
        source = storage.run_query(filled_db, f'SELECT count(*) FROM "{item.name}"').rows
        assert (rows,) == source[0] == (item.rows,), item.name


def test_export_command_lists_the_files(
    filled_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "out"), "--db", filled_db]) == 0
    assert "figures.parquet" in capsys.readouterr().out
    assert (tmp_path / "out" / "claims.parquet").exists()


def test_status_json(filled_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with storage.writing(filled_db) as connection:
        run_id = storage.start_run(connection)
        storage.finish_run(connection, run_id, {"articles_new": 2}, {})
        from exodus.records import FetchFailure

        failure = FetchFailure("http://news.example/broken", "test", "http_503", 503)
        storage.log_crawl(connection, run_id, [], [failure], [])
    assert main(["status", "--db", filled_db, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["counts"]["articles"] == 2 and document["counts"]["claims"] == 2
    assert document["size_bytes"] > 0
    assert document["runs"][0]["articles_new"] == 2
    assert document["failures"] == [
        {
            "reason": "http_503",
            "source": "test",
            "urls": 1,
            "most_attempts": 1,
            "last_attempt": document["failures"][0]["last_attempt"],
        }
    ]
    assert any(row["source"] == "test" for row in document["sources"])


def test_status_table(filled_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--db", filled_db]) == 0
    out = capsys.readouterr().out
    assert "schema version" in out and "claims" in out and "last runs" in out


def test_sql_waits_for_a_writer_then_succeeds(filled_db: str) -> None:
    # The writer holds the lock until the reader has said that it waits: no timing guesses.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, filled_db, "60"], stdout=subprocess.PIPE, text=True
    )
    reader = None
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        reader = subprocess.Popen(
            [sys.executable, "-m", "exodus.cli", "sql", "SELECT count(*) AS n FROM figures",
             "--db", filled_db, "--format", "csv"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert reader.stderr is not None
        told = reader.stderr.readline()
        assert "busy" in told and "waiting" in told
        holder.kill()
        holder.wait(timeout=30)
        out, rest = reader.communicate(timeout=60)
    finally:
        holder.kill()
        if reader is not None and reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, rest
    assert out.splitlines() == ["n", "2"]
    assert "Traceback" not in rest


def test_md_target_is_not_a_local_file() -> None:
    assert not storage.is_local("md:exodus")
    assert storage.is_motherduck("md:exodus")
    assert storage.is_local("data/exodus.duckdb")


def test_md_without_a_token_is_one_line_offline(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k.lower() != "motherduck_token"}
    env["HOME"] = str(tmp_path)  # no ~/.duckdb extensions or cached credentials
    done = subprocess.run(
        [sys.executable, "-m", "exodus.cli", "sql", "SELECT 1", "--db", "md:exodus"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert done.returncode == 2
    assert "MotherDuck needs a token" in done.stderr and "motherduck_token" in done.stderr
    assert "Traceback" not in done.stderr


def test_reextract_bad_date_is_one_line(db_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reextract", "--since", "21/09/2022", "--db", db_path]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
