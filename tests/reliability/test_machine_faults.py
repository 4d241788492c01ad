"""Faults of the machine and of the mail server, tried on real runs: nothing lost, nothing twice.

* a run killed after its crawl finished, before its store committed: the crawler's new state
  (ETags, last-success marks) must not outlive the pages it describes;
* a run killed outright leaves a `running` row, which the next run closes as `interrupted`;
* the database held open by an ad-hoc reader (`exodus sql` in a shell) while a run writes:
  the run waits, and either carries on or gives up with one line, writing nothing;
* the disk filling up during a write (a small tmpfs mounted by the test);
* an SMTP server that drops the connection in the middle of a message, refuses it (4xx, 5xx)
  or never answers: the run succeeds, the alerts wait, the next run sends each digest once.

Helpers (a clean environment, the config, killing a process group, the loss and duplicate
checks) are the kill tests' own, so both files judge a run by the same rules.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

import storage
from exodus.demo.site import DemoSite, load_pages, waves
from tests.conftest import SmtpInbox, free_port
from tests.factories import batch_item, figure
from tests.reliability.test_kill import (
    EXODUS,
    KILL_POINT_TIMEOUT_SECONDS,
    REPO,
    RUN_TIMEOUT_SECONDS,
    _assert_nothing_lost_or_duplicated,
    _env,
    _exodus,
    _group_members,
    _kill_group,
    _one,
    _run_ok,
    _start,
    _wait_for,
    _write_config,
)

pytestmark = pytest.mark.flow


def _crawl_finished(data: Path, run: subprocess.Popen[bytes]) -> bool:
    """The crawl child wrote its stats line (its last record) and has exited."""
    records = data / "crawl" / "records.jsonl"
    if not records.exists() or '"kind": "stats"' not in records.read_text(encoding="utf-8"):
        return False
    return not any("crawlers.runner" in command for command in _group_members(run.pid))


# A process that holds the database open read-only, as `exodus sql` or a notebook would,
# until its stdin closes.
HOLD_READER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
connection.execute("SELECT count(*) FROM runs").fetchall()
print("open", flush=True)
sys.stdin.read()
connection.close()
"""


@contextlib.contextmanager
def _reader_holding(db: str) -> Iterator[subprocess.Popen[str]]:
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLD_READER, db],
        cwd=REPO,
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None
        line = reader.stdout.readline().strip()
        assert line == "open", reader.stderr.read() if reader.stderr else ""
        yield reader
    finally:
        _release(reader)


def _release(reader: subprocess.Popen[str]) -> None:
    if reader.poll() is None:
        assert reader.stdin is not None
        reader.stdin.close()
        reader.wait(timeout=30)


def _cli_error(output: str) -> str:
    """The CLI's error message, from `exodus run:` to the end of the output. The CLI's rich
    console folds it at 80 columns when stderr is not a terminal, so the folds are undone."""
    start = output.rindex("exodus run: ")
    return " ".join(line.strip() for line in output[start:].splitlines())


def _state(data: Path) -> dict[str, Any]:
    path = data / "crawl" / "state.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _assert_state_remembers_the_feed(data: Path) -> None:
    """After a run that stored its pages, the crawler keeps the feed's ETag: the next run
    will get a 304. (This is what a failed run must not leave behind.)"""
    validators = _state(data).get("validators", {})
    assert any(item.get("etag") for url, item in validators.items() if url.endswith("feed.xml"))


def _assert_articles_stored_once(db: str) -> None:
    total, distinct = storage.run_query(
        db, "SELECT count(*), count(DISTINCT canonical_url) FROM articles"
    ).rows[0]
    assert total == distinct > 0


# --- 1 and 2: killed after the crawl, before the store ------------------------------------


def test_kill_after_the_crawl_before_the_store_loses_nothing(
    site: DemoSite, tmp_path: Path
) -> None:
    """The demo feed and sitemap answer If-None-Match with 304. Were the crawler's new state
    saved when the crawl ended, the killed run's ETags would hide every page it fetched from
    the next run; they must come back, and be stored once."""
    data = tmp_path / "data"
    db = str(data / "exodus.duckdb")
    config = _write_config(data, site)
    log = tmp_path / "killed.log"
    run = _start(config, log)
    # job.json comes after begin-run, so the database exists and nobody writes it now.
    _wait_for("crawl job file", (data / "crawl" / "job.json").exists, run, log)
    # A reader holds the database so that the store cannot commit: the kill below lands
    # after the crawl and before the store for sure, not by timing.
    with _reader_holding(db):
        _wait_for("the end of the crawl", lambda: _crawl_finished(data, run), run, log)
        _wait_for(
            "the store waiting for the database",
            lambda: "database is busy" in log.read_text(encoding="utf-8", errors="replace"),
            run,
            log,
        )
        _kill_group(run)
    assert _one(db, "SELECT count(*) FROM articles") == 0
    assert _one(db, "SELECT count(*) FROM crawl_log") == 0
    assert _state(data) == {}, "the killed run's crawl state was kept"
    [(killed_run, status)] = storage.run_query(db, "SELECT id, status FROM runs").rows
    assert status == "running"

    _run_ok(config)
    _assert_nothing_lost_or_duplicated(db, site)
    _assert_state_remembers_the_feed(data)
    assert not (data / "crawl" / "state.next.json").exists()
    # 2: the killed run is closed, with a reason, and `exodus status` says so.
    status, error, finished = storage.run_query(
        db, f"SELECT status, error, finished_at FROM runs WHERE id = {killed_run}"
    ).rows[0]
    assert (status, finished) == ("interrupted", None)
    assert "ended without recording how" in error
    assert _one(db, "SELECT count(*) FROM runs WHERE status = 'running'") == 0
    shown = _exodus(config, "status", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    runs = {row["run"]: row for row in json.loads(shown.stdout)["runs"]}
    assert runs[killed_run]["status"] == "interrupted"
    assert "ended without recording how" in runs[killed_run]["error"]


# --- 4: the database held by a reader while a run writes -----------------------------------


def _env_with_wait(seconds: float) -> dict[str, str]:
    return {**_env(), storage.LOCK_WAIT_ENV: str(seconds)}


def _start_with(config: Path, log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(EXODUS), "run", "--config", str(config)],
            env=env,
            cwd=config.parent,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def test_a_run_waits_for_a_reader_then_stores_everything(site: DemoSite, tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = str(data / "exodus.duckdb")
    config = _write_config(data, site)
    log = tmp_path / "run.log"
    run = _start_with(config, log, _env_with_wait(KILL_POINT_TIMEOUT_SECONDS))
    try:
        _wait_for("crawl job file", (data / "crawl" / "job.json").exists, run, log)
        with _reader_holding(db) as reader:
            _wait_for(
                "the run waiting for the database",
                lambda: "database is busy" in log.read_text(encoding="utf-8", errors="replace"),
                run,
                log,
            )
            time.sleep(1)  # the run keeps waiting while the reader stays
            assert run.poll() is None
            _release(reader)
        assert run.wait(timeout=RUN_TIMEOUT_SECONDS) == 0, log.read_text(encoding="utf-8")
    finally:
        with contextlib.suppress(AssertionError):
            _kill_group(run)
    text = log.read_text(encoding="utf-8")
    assert "another process has it open" in text and "Traceback" not in text
    _assert_nothing_lost_or_duplicated(db, site)
    _assert_state_remembers_the_feed(data)
    assert _one(db, "SELECT status FROM runs") == "finished"


def test_a_reader_holding_past_the_wait_fails_the_run_in_one_line_and_loses_nothing(
    site: DemoSite, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    db = str(data / "exodus.duckdb")
    config = _write_config(data, site)
    log = tmp_path / "run.log"
    run = _start_with(config, log, _env_with_wait(2))
    try:
        _wait_for("crawl job file", (data / "crawl" / "job.json").exists, run, log)
        with _reader_holding(db):
            returncode = run.wait(timeout=RUN_TIMEOUT_SECONDS)
    finally:
        with contextlib.suppress(AssertionError):
            _kill_group(run)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert returncode == 2, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    message = _cli_error(text)
    assert "the database is busy, another process has it open" in message
    assert "gave up after 2 s" in message and storage.LOCK_WAIT_ENV in message
    # Nothing half-written, and the crawler did not forget what it listed.
    assert _one(db, "SELECT count(*) FROM articles") == 0
    assert _one(db, "SELECT count(*) FROM crawl_log") == 0
    assert _state(data) == {}

    _run_ok(config)
    _assert_nothing_lost_or_duplicated(db, site)
    _assert_state_remembers_the_feed(data)
    statuses = [row[0] for row in storage.run_query(db, "SELECT status FROM runs ORDER BY id").rows]
    # The failed run could not write its own ending (the reader still held the file).
    assert statuses in (["interrupted", "finished"], ["failed", "finished"])


# --- 5: the disk fills up ------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs mounted for the test; skipped where mounting is not permitted."""
    where = tmp_path / "small-disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def _fill(disk: Path, leave_bytes: int) -> Path:
    """A file taking all but leave_bytes of the disk's free space."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as out:
        out.truncate(0)
        chunk = b"\0" * (1 << 20)
        remaining = free - leave_bytes
        while remaining > 0:
            remaining -= out.write(chunk[: min(len(chunk), remaining)])
    return filler


def test_disk_full_in_a_write_is_one_clear_error_and_keeps_what_was_committed(
    small_disk: Path,
) -> None:
    db = str(small_disk / "exodus.duckdb")
    with storage.writing(db) as connection, storage.transaction(connection):
        run_id = storage.start_run(connection)
        storage.save_articles(connection, [batch_item("committed", figure(1000))], run_id)
    filler = _fill(small_disk, leave_bytes=64 * 1024)

    batch = [
        batch_item(f"doomed-{i}", figure(2000 + i), published="2022-10-05") for i in range(2000)
    ]
    with (
        pytest.raises(storage.DiskFullError) as raised,
        storage.writing(db) as connection,
        storage.transaction(connection),
    ):
        storage.save_articles(connection, batch, run_id)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{db}: the disk is full (No space left on device)")

    filler.unlink()
    with storage.writing(db) as connection:  # opens, replaying what was committed
        urls = [
            row[0] for row in connection.execute("SELECT canonical_url FROM articles").fetchall()
        ]
        assert urls == ["http://news.example/committed"]
        assert connection.execute("SELECT count(*) FROM figures").fetchone() == (1,)
        connection.execute("CHECKPOINT")
    with storage.writing(db) as connection, storage.transaction(connection):
        storage.save_articles(connection, batch[:10], run_id)
    assert _one(db, "SELECT count(*) FROM articles") == 11


def test_a_run_on_a_full_disk_fails_in_one_line_and_the_next_stores_everything_once(
    site: DemoSite, tmp_path: Path, small_disk: Path
) -> None:
    """The database lives on the small disk, the rest of the data folder elsewhere (a full
    data disk would first stop Prefect's own database, which is not ours to test)."""
    data = tmp_path / "data"
    db = small_disk / "exodus.duckdb"
    config = _write_config(data, site)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            json.dumps(str(data / "exodus.duckdb")), json.dumps(str(db))
        ),
        encoding="utf-8",
    )
    site.release_until(waves(load_pages(), 3)[0])
    _run_ok(config)
    stored_before = _one(str(db), "SELECT count(*) FROM articles")
    assert stored_before > 0
    filler = _fill(small_disk, leave_bytes=64 * 1024)
    site.release_all()
    remembered = _state(data)

    failed = _exodus(config, "run")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 2, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "the disk is full (No space left on device)" in _cli_error(output)
    assert _one(str(db), "SELECT count(*) FROM articles") == stored_before
    assert _state(data) == remembered, "the failed run's crawl state replaced the stored one's"

    filler.unlink()
    _run_ok(config)
    _assert_nothing_lost_or_duplicated(str(db), site)
    statuses = [
        row[0] for row in storage.run_query(str(db), "SELECT status FROM runs ORDER BY id").rows
    ]
    assert statuses[0] == "finished" and statuses[-1] == "finished"
    assert statuses[1] in ("failed", "interrupted")


# --- 3: the mail server drops, refuses or never answers ------------------------------------

TIMEOUT_SECONDS = 2


def _mail_fault_server() -> Any:
    """An aiosmtpd server whose behaviour depends on the recipient:

    * drop@: takes `DATA`, reads the first lines of the message, then closes the connection;
    * busy@: answers the whole message with 451 (try again later);
    * refuse@: answers it with 554 (transaction failed);
    * silent@: takes the whole message and never answers (the client times out).
    """
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP

    class FaultySMTP(SMTP):
        async def smtp_DATA(self, arg: str) -> None:  # noqa: N802 - aiosmtpd's name
            assert self.envelope is not None
            if self.envelope.rcpt_tos != ["drop@example.org"]:
                await super().smtp_DATA(arg)
                return
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            for _ in range(3):  # part of the headers, then the line goes dead
                await self._reader.readuntil(b"\r\n")
            handler.seen.append("drop")
            assert self.transport is not None
            self.transport.close()

    class Handler:
        def __init__(self) -> None:
            self.seen: list[str] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            [recipient] = envelope.rcpt_tos
            self.seen.append(recipient.split("@")[0])
            if recipient == "busy@example.org":
                return "451 4.3.0 Mail server temporarily unavailable"
            if recipient == "refuse@example.org":
                return "554 5.0.0 Transaction failed"
            await asyncio.sleep(TIMEOUT_SECONDS * 10)  # silent@: the client gives up first
            return "250 too late"

    handler = Handler()

    class FaultyController(Controller):
        def factory(self) -> SMTP:
            return FaultySMTP(self.handler, **self.SMTP_kwargs)

    return FaultyController(handler, hostname="127.0.0.1", port=free_port())


RECIPIENTS = ["drop@example.org", "busy@example.org", "refuse@example.org", "silent@example.org"]


def _mail_config(data: Path, site: DemoSite, port: int) -> Path:
    config = _write_config(data, site, smtp_port=port)
    text = config.read_text(encoding="utf-8").replace(
        'to = ["desk@example.org"]',
        f"to = {json.dumps(RECIPIENTS)}\nsmtp_timeout = {TIMEOUT_SECONDS}",
    )
    config.write_text(text, encoding="utf-8")
    return config


def test_mail_server_dropping_refusing_or_silent_keeps_alerts_then_sends_each_digest_once(
    site: DemoSite, tmp_path: Path, smtp_server: SmtpInbox
) -> None:
    site.release_until(waves(load_pages(), 3)[0])
    data = tmp_path / "data"
    db = str(data / "exodus.duckdb")
    faulty = _mail_fault_server()
    faulty.start()
    try:
        _run_ok(_mail_config(data, site, faulty.port))
    finally:
        faulty.stop()
    # Each recipient's digest met its fault; the run itself succeeded.
    assert sorted(faulty.handler.seen) == ["busy", "drop", "refuse", "silent"]
    pending = _one(db, "SELECT count(*) FROM alerts WHERE status = 'pending'")
    assert pending > 0
    assert _one(db, "SELECT count(*) FROM alerts WHERE status = 'sent'") == 0
    assert _one(db, "SELECT count(*) FROM alert_deliveries") == 0
    errors = [
        row[0] for row in storage.run_query(db, "SELECT DISTINCT last_error FROM alerts").rows
    ]
    assert any("SMTPServerDisconnected" in str(error) for error in errors), errors
    counters = json.loads(_one(db, "SELECT counters FROM runs"))
    assert counters["alerts/failed"] == len(RECIPIENTS)

    _run_ok(_mail_config(data, site, smtp_server.port))
    _assert_nothing_lost_or_duplicated(db, site)
    received = [
        (tuple(envelope.rcpt_tos), message_from_bytes(envelope.original_content)["Message-ID"])
        for envelope in smtp_server.envelopes
    ]
    assert sorted(to for to, _ in received) == sorted((r,) for r in RECIPIENTS)
    assert len({message_id for _, message_id in received}) == len(RECIPIENTS)
    assert _one(db, "SELECT count(*) FROM alert_deliveries") == pending * len(RECIPIENTS)

    _run_ok(_mail_config(data, site, smtp_server.port))
    assert len(smtp_server.envelopes) == len(RECIPIENTS), "nothing is sent twice"
