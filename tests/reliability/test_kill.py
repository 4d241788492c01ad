"""kill -9 of a real run, then a normal run: nothing lost, nothing duplicated.

Each test starts `exodus run` as a user would (a fresh process with a clean environment,
the demo site on loopback), waits by polling for a precise point of the run, kills the
whole process group with SIGKILL (the crawl child included), runs again normally and checks
the database: it opens, every on-topic released page is stored once, no figure or alert is
duplicated and no alert is left pending or delivered twice. The database-write kill uses the
storage API in a small script, because a whole run's store step is too short to hit.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

import storage
from crawlers.listings import topic_match
from exodus.config import CrawlSettings
from exodus.demo.site import DemoSite, demo_config_toml, load_pages, waves
from tests.conftest import SmtpInbox, free_port

pytestmark = pytest.mark.flow

EXODUS = Path(sys.executable).with_name("exodus")
REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_SECONDS = 300  # one `exodus run` takes 20-40 s here (Prefect starts a server)
KILL_POINT_TIMEOUT_SECONDS = 120  # how long to poll for a kill point before failing
RECIPIENT = "desk@example.org"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "EXODUS_"))}


def _write_config(data: Path, site: DemoSite, smtp_port: int | None = None) -> Path:
    text = f'data_dir = "{data.as_posix()}"\n' + demo_config_toml(
        site.url, str(data / "exodus.duckdb"), str(data / "outbox")
    )
    if smtp_port is not None:
        text = text.replace(
            'smtp_host = ""',
            f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\nstarttls = false',
        )
    data.mkdir(parents=True, exist_ok=True)
    path = data.parent / "exodus.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _start(config: Path, log: Path) -> subprocess.Popen[bytes]:
    """`exodus run` in its own session, so that killpg reaches the crawl child too."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(EXODUS), "run", "--config", str(config)],
            env=_env(),
            cwd=config.parent,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _exodus(
    config: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`exodus ARGS --config CONFIG` as a user runs it, in the config's folder."""
    return subprocess.run(
        [str(EXODUS), *args, "--config", str(config)],
        env=env or _env(),
        cwd=config.parent,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )


def _run_ok(config: Path) -> subprocess.CompletedProcess[str]:
    done = _exodus(config, "run")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _wait_for(
    what: str, ready: Callable[[], bool], process: subprocess.Popen[bytes], log: Path
) -> None:
    deadline = time.monotonic() + KILL_POINT_TIMEOUT_SECONDS
    while not ready():
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            pytest.fail(f"the run ended ({process.returncode}) before {what}:\n{tail}")
        if time.monotonic() > deadline:
            _kill_group(process)
            pytest.fail(f"no {what} within {KILL_POINT_TIMEOUT_SECONDS} s")
        time.sleep(0.02)


def _group_members(pgid: int) -> list[str]:
    """Command lines of the live processes of a process group (from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return members


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_members(process.pid), "a process of the killed run survived"


def _one(db: str, sql: str) -> Any:
    return storage.run_query(db, sql).rows[0][0]


def _assert_nothing_lost_or_duplicated(db: str, site: DemoSite) -> None:
    # The database opens for writing (the WAL is replayed) and for reading.
    with storage.writing(db) as connection:
        connection.execute("CHECKPOINT")
    with storage.reading(db) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchone() is not None
    stored = {row[0] for row in storage.run_query(db, "SELECT canonical_url FROM articles").rows}
    logged = dict(storage.run_query(db, "SELECT url, reason FROM crawl_log").rows)
    fetched = set(storage.run_query(db, "SELECT url FROM crawl_log WHERE status = 200").rows)
    on_topic = [page for page in site.visible() if page.topic == "on"]
    urls = {f"{site.url}/articles/{page.filename}" for page in on_topic}
    # Lost: an on-topic released page neither stored nor recorded with a reason.
    assert urls and not urls - stored - set(logged), f"lost: {sorted(urls - stored - set(logged))}"
    # The crawler judges a feed entry by its headline and summary (a product rule, not a
    # consequence of the kill): every page that passes it was fetched, and every page fetched
    # and kept ("ok") is stored.
    phrases = CrawlSettings().topic_phrases
    listed = {
        f"{site.url}/articles/{page.filename}"
        for page in on_topic
        if topic_match(f"{page.title} {page.summary}", phrases)
    }
    assert not listed - {url for (url,) in fetched}, f"not fetched: {listed}"
    kept = {url for url, reason in logged.items() if reason == "ok"}
    assert kept and not kept - stored, f"fetched, kept, not stored: {sorted(kept - stored)}"
    for table, key in [
        ("articles", "canonical_url"),
        ("figures", "(article_id, figure_key)"),
        ("alerts", "alert_key"),
        ("alert_deliveries", "(alert_id, recipient)"),
    ]:
        total, distinct = storage.run_query(
            db, f"SELECT count(*), count(DISTINCT {key}) FROM {table}"
        ).rows[0]
        assert total == distinct, f"{table}: {total} rows, {distinct} distinct {key}"
    assert _one(db, "SELECT count(*) FROM figures") > 0
    assert _one(db, "SELECT count(*) FROM alerts") > 0
    assert _one(db, "SELECT count(*) FROM alerts WHERE status = 'pending'") == 0
    undelivered = _one(
        db,
        "SELECT count(*) FROM alerts a WHERE status = 'sent' AND NOT EXISTS "
        "(SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id)",
    )
    assert undelivered == 0


def _outbox_ids(data: Path) -> list[str]:
    return [
        str(message_from_bytes(path.read_bytes())["Message-ID"])
        for path in sorted((data / "outbox").glob("*.eml"))
    ]


def _delivered_ids(db: str) -> set[str]:
    rows = storage.run_query(db, "SELECT DISTINCT message_id FROM alert_deliveries").rows
    return {str(row[0]) for row in rows}


def test_kill_during_crawl_then_a_run_stores_everything_once(
    site: DemoSite, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    config = _write_config(data, site)
    log = tmp_path / "killed.log"
    run = _start(config, log)
    _wait_for("crawl job file", (data / "crawl" / "job.json").exists, run, log)
    _wait_for(
        "crawl child",
        lambda: any("crawlers.runner" in cmd for cmd in _group_members(run.pid)),
        run,
        log,
    )
    _kill_group(run)  # the run and its crawl child, mid-crawl
    db = str(data / "exodus.duckdb")
    assert _one(db, "SELECT count(*) FROM articles") == 0, "the crawl stores nothing itself"
    assert _one(db, "SELECT status FROM runs") == "running", "the killed run never finished"

    _run_ok(config)
    _assert_nothing_lost_or_duplicated(db, site)
    outbox = _outbox_ids(data)
    assert outbox and len(outbox) == len(set(outbox)), "one .eml per digest, none twice"
    assert set(outbox) == _delivered_ids(db)


class _BlockingHandler:
    """An SMTP server that takes the first message in, then hangs before answering."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.message_ids: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.original_content or envelope.content)
        self.message_ids.append(str(message["Message-ID"]))
        self.entered.set()
        self.release.wait(timeout=KILL_POINT_TIMEOUT_SECONDS + RUN_TIMEOUT_SECONDS)
        return "250 Message accepted for delivery"


def test_kill_while_sending_mail_resends_at_most_the_digest_in_flight(
    site: DemoSite, tmp_path: Path, smtp_server: SmtpInbox
) -> None:
    from aiosmtpd.controller import Controller

    site.release_until(waves(load_pages(), 3)[0])
    data = tmp_path / "data"
    db = str(data / "exodus.duckdb")
    handler = _BlockingHandler()
    hanging = Controller(handler, hostname="127.0.0.1", port=free_port())
    hanging.start()
    try:
        config = _write_config(data, site, smtp_port=hanging.port)
        log = tmp_path / "killed.log"
        run = _start(config, log)
        _wait_for("digest at the SMTP server", handler.entered.is_set, run, log)
        _kill_group(run)  # the server has the message but has not said 250
    finally:
        handler.release.set()
        hanging.stop()
    [in_flight] = handler.message_ids
    # The alerts were on record before sending; the unanswered digest is not a delivery.
    assert _one(db, "SELECT count(*) FROM alerts WHERE status = 'pending'") > 0
    assert _one(db, "SELECT count(*) FROM alert_deliveries") == 0

    _run_ok(_write_config(data, site, smtp_port=smtp_server.port))
    _assert_nothing_lost_or_duplicated(db, site)
    resent = [str(message["Message-ID"]) for message in smtp_server.messages]
    assert resent == [in_flight], "only the digest in flight at the kill goes out again"
    everything = handler.message_ids + resent
    assert all(everything.count(i) == 1 for i in everything if i != in_flight)
    assert everything.count(in_flight) <= 2
    assert _delivered_ids(db) == {in_flight}


WRITE_ONE = """
import sys
import storage
from tests.factories import batch_item, figure

db, slug = sys.argv[1], sys.argv[2]
with storage.writing(db) as connection, storage.transaction(connection):
    run_id = storage.start_run(connection)
    storage.save_articles(connection, [batch_item(slug, figure(1000))], run_id)
"""

HOLD_WRITE = (
    WRITE_ONE
    + """
import time
with storage.writing(db) as connection, storage.transaction(connection):
    batch = [batch_item(f"doomed-{i}", figure(2000 + i)) for i in range(2000)]
    storage.save_articles(connection, batch, run_id)
    [(count,)] = connection.execute("SELECT count(*) FROM articles").fetchall()
    print("inserted", count, flush=True)
    time.sleep(120)
"""
)


def test_kill_inside_a_write_transaction_leaves_none_of_its_rows(tmp_path: Path) -> None:
    db = str(tmp_path / "exodus.duckdb")
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE, db, "committed"],
        cwd=REPO,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert writer.stdout is not None
        line = writer.stdout.readline().strip()
        assert line == "inserted 2001", writer.stderr.read() if writer.stderr else ""
    finally:
        os.killpg(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)

    with storage.writing(db) as connection:  # opens, replaying what was committed
        urls = [
            row[0] for row in connection.execute("SELECT canonical_url FROM articles").fetchall()
        ]
        figures = connection.execute("SELECT count(*) FROM figures").fetchone()
        connection.execute("CHECKPOINT")
    assert urls == ["http://news.example/committed"]
    assert figures == (1,)
    assert _one(db, "SELECT count(*) FROM figures WHERE quote LIKE '2%'") == 0
    # The database takes new writes after the crash.
    again = subprocess.run(
        [sys.executable, "-c", WRITE_ONE, db, "after"],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert _one(db, "SELECT count(*) FROM articles") == 2
