"""Whole monitoring runs: real Scrapy over HTTP, trafilatura, Prefect, DuckDB, SMTP or outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

import storage
from exodus.demo.site import DemoSite, demo_config_toml, load_pages, waves
from tests.conftest import SmtpInbox, free_port

pytestmark = pytest.mark.flow


@pytest.fixture
def site() -> Iterator[DemoSite]:
    with DemoSite() as running:
        yield running


def write_config(tmp_path: Path, site: DemoSite, smtp: str = "") -> Path:
    db = tmp_path / "exodus.duckdb"
    outbox = tmp_path / "outbox"
    text = f'data_dir = "{tmp_path.as_posix()}"\n' + demo_config_toml(
        site.url, str(db), str(outbox)
    )
    if smtp:
        text = text.replace(
            'smtp_host = ""', f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp}\nstarttls = false'
        )
    path = tmp_path / "exodus.toml"
    path.write_text(text, encoding="utf-8")
    return path


def totals(db: str) -> tuple[int, int, int]:
    result = storage.run_query(
        db,
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM figures),"
        " (SELECT count(*) FROM alerts)",
    )
    return tuple(int(value) for value in result.rows[0])  # type: ignore[return-value]


def first_wave(site: DemoSite) -> datetime:
    return waves(load_pages(), 3)[0]


def test_two_runs_add_no_duplicates(prefect_harness: None, site: DemoSite, tmp_path: Path) -> None:
    from flows.monitor import monitor

    config = write_config(tmp_path, site)
    db = str(tmp_path / "exodus.duckdb")
    site.release_until(first_wave(site))
    first = monitor(config=str(config))
    assert first.articles_new > 0
    assert first.figures_new > 0
    assert first.alerts_new > 0 and first.alerts_sent == first.alerts_new
    emails = list((tmp_path / "outbox").glob("*.eml"))
    assert len(emails) == first.alerts_sent
    before = totals(db)

    second = monitor(config=str(config))
    assert (second.articles_new, second.figures_new, second.alerts_new) == (0, 0, 0)
    assert totals(db) == before
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == len(emails)

    site.release_all()
    third = monitor(config=str(config))
    assert third.articles_new > 0
    assert totals(db)[0] == before[0] + third.articles_new
    runs = storage.run_query(db, "SELECT status, articles_new FROM runs ORDER BY id").rows
    assert [status for status, _ in runs] == ["finished"] * 3
    off_topic = storage.run_query(
        db, "SELECT count(*) FROM crawl_log WHERE reason = 'off_topic'"
    ).rows[0][0]
    assert off_topic > 0, "off-topic demo pages are recorded as skipped, not stored"


def test_alerts_go_over_smtp(
    prefect_harness: None, site: DemoSite, tmp_path: Path, smtp_server: SmtpInbox
) -> None:
    from flows.monitor import monitor

    config = write_config(tmp_path, site, smtp=str(smtp_server.port))
    site.release_until(first_wave(site))
    summary = monitor(config=str(config))
    assert summary.alerts_sent > 0
    assert len(smtp_server.messages) == summary.alerts_sent
    subjects = [str(message["Subject"]) for message in smtp_server.messages]
    assert all(subject.startswith("[exodus]") for subject in subjects)
    assert not (tmp_path / "outbox").exists()


def test_unsent_alerts_are_sent_later_once(
    prefect_harness: None, site: DemoSite, tmp_path: Path, smtp_server: SmtpInbox
) -> None:
    from flows.monitor import monitor

    db = str(tmp_path / "exodus.duckdb")
    down = write_config(tmp_path, site, smtp=str(free_port()))  # nothing listens there
    site.release_until(first_wave(site))
    failed = monitor(config=str(down))
    assert failed.alerts_new > 0 and failed.alerts_sent == 0
    queued = storage.run_query(db, "SELECT count(*) FROM alerts WHERE status = 'pending'").rows[0][
        0
    ]
    assert queued == failed.alerts_new

    up = write_config(tmp_path, site, smtp=str(smtp_server.port))
    later = monitor(config=str(up))
    assert later.alerts_new == 0
    assert later.alerts_sent == failed.alerts_new
    assert len(smtp_server.messages) == failed.alerts_new
    again = monitor(config=str(up))
    assert again.alerts_sent == 0
    assert len(smtp_server.messages) == failed.alerts_new


def test_a_run_that_fails_is_recorded_as_failed(
    prefect_harness: None, site: DemoSite, tmp_path: Path
) -> None:
    from flows.monitor import monitor

    config = write_config(tmp_path, site)
    (tmp_path / "crawl").write_text("a file where the crawl's scratch folder goes", "utf-8")
    with pytest.raises(OSError):
        monitor(config=str(config))
    runs = storage.run_query(str(tmp_path / "exodus.duckdb"), "SELECT status, error FROM runs")
    [(status, error)] = runs.rows
    assert status == "failed"
    assert "crawl" in error


HOLD_RUN_LOCK = """
import sys, time
from exodus.locks import run_lock
with run_lock(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_second_run_at_once_does_nothing_and_says_why(
    prefect_harness: None, site: DemoSite, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from exodus.locks import RunInProgressError
    from flows.monitor import monitor

    config = write_config(tmp_path, site)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_RUN_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(RunInProgressError, match=f"pid {holder.pid}"):
            monitor(config=str(config))
    finally:
        holder.kill()
        holder.wait()
    assert not (tmp_path / "exodus.duckdb").exists(), "the refused run wrote nothing"
    summary = monitor(config=str(config))
    assert summary.articles_new > 0, "once the other run has ended, runs go ahead"
