"""Run a crawl from a long-lived process: the door the monitor flow uses.

``crawl()`` writes a job file, runs ``python -m crawlers.runner`` in a child process (Twisted's
reactor cannot restart, and the flow crawls every hour in one process), waits at most the
configured time, and reads the records the child wrote back into a ``CrawlResult``. A source
that fails never fails the crawl: its failures are records. Only a child that produced
nothing at all (it crashed on start) raises ``CrawlError``.

Files in ``workdir`` (overwritten by each crawl, kept for debugging): ``job.json``,
``seen.txt``, ``records.jsonl`` and ``crawl.log``; and ``state.json``, the crawler's memory
between runs (``crawlers.state``: validators, last settled run and failing runs per source,
back-off per host, revisit times). Pass the same ``workdir`` every run. The stats carry
``source/<name>/failing_runs`` for every source (runs in a row whose listing failed) for the
alerts stage.

The new state is written aside, to ``state.next.json``, when the child finishes. It says
"these entries are done" (an ETag answered next time by 304, a last-success mark that skips
older entries), which is only true once the caller has stored the pages: a run that dies
between crawl and store must find the old state, so that the next run lists and fetches
those pages again (the database's seen URLs and idempotent keys keep that from storing
anything twice). So ``crawl(..., commit_state=False)`` leaves it there and the caller calls
``promote_state(workdir)`` after its store has committed; the default promotes at once, for
callers that keep nothing.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

from crawlers.items import record_from_json
from crawlers.state import STATE_FILE, load_state
from crawlers.urls import canonical_url
from exodus.config import CrawlSettings, SourceSettings
from exodus.errors import TransientError
from exodus.records import CrawlResult, FetchedPage, FetchFailure, SkippedEntry

__all__ = ["crawl", "canonical_url", "promote_state", "CrawlError", "NEXT_STATE_FILE"]

logger = logging.getLogger(__name__)

# Time the child may take beyond settings.max_seconds: interpreter and Scrapy start-up, and
# the graceful close at the time limit lets in-flight downloads (each at most
# settings.timeout) finish.
STARTUP_GRACE_SECONDS = 15.0
NEXT_STATE_FILE = "state.next.json"  # the last crawl's state, until promote_state()
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class CrawlError(TransientError):
    """The crawl child process died without leaving any record; the log says why."""


def crawl(
    sources: Sequence[SourceSettings],
    settings: CrawlSettings,
    seen_urls: Collection[str],
    workdir: Path,
    *,
    commit_state: bool = True,
) -> CrawlResult:
    """Fetch every new, on-topic entry of the sources; never raises for a failing source.

    ``seen_urls`` are canonical URLs (see ``canonical_url``) fetched by earlier runs. With
    ``commit_state=False`` the crawler's new state waits in ``state.next.json`` until
    ``promote_state(workdir)``: call it once the pages are stored.
    """
    if not sources:
        return CrawlResult(stats={"crawl/sources": 0})
    # Absolute: the child runs with workdir as its current directory, so a relative path
    # (the default data_dir is "data") would point inside itself.
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    seen_file = workdir / "seen.txt"
    records_file = workdir / "records.jsonl"
    log_file = workdir / "crawl.log"
    job_file = workdir / "job.json"
    next_state = workdir / NEXT_STATE_FILE
    # A state left by a crawl whose run then died describes pages never stored: drop it, so
    # that it can never be promoted by this run.
    next_state.unlink(missing_ok=True)
    seen_file.write_text("".join(url + "\n" for url in seen_urls), encoding="utf-8")
    records_file.unlink(missing_ok=True)
    job = {
        "sources": [source.model_dump(mode="json") for source in sources],
        "crawl": settings.model_dump(mode="json"),
        "seen_file": str(seen_file),
        "records_file": str(records_file),
        "state_file": str(workdir / STATE_FILE),
        "next_state_file": str(next_state),
        "log_file": str(log_file),
    }
    job_file.write_text(json.dumps(job, indent=1), encoding="utf-8")
    deadline = _deadline(settings)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), env.get("PYTHONPATH")]))
    env.pop("SCRAPY_SETTINGS_MODULE", None)  # the runner builds its settings itself
    killed = False
    try:
        child = subprocess.run(
            _child_command(job_file),
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=deadline,
            check=False,
        )
        returncode, stderr = child.returncode, child.stderr
    except subprocess.TimeoutExpired as expired:
        # subprocess.run kills the child; the records written so far are still good.
        killed = True
        returncode = -9
        stderr = expired.stderr.decode() if isinstance(expired.stderr, bytes) else ""
        logger.warning("Crawl killed after %.0f s; keeping its records so far", deadline)
    result = _read_records(records_file)
    if returncode != 0 and not killed:
        tail = (stderr or "").strip().splitlines()[-5:]
        if result is None:
            raise CrawlError(
                f"crawl child exited with {returncode} and wrote no records; see {log_file}: "
                + " | ".join(tail)
            )
        logger.warning("Crawl child exited with %s: %s", returncode, " | ".join(tail))
    result = result or CrawlResult()
    stats = dict(result.stats)
    stats["crawl/sources"] = len(sources)
    stats["crawl/seen_urls"] = len(seen_urls)
    if killed:
        stats["crawl/killed"] = 1
    latest = next_state if next_state.exists() else workdir / STATE_FILE
    state = load_state(latest) if latest.exists() else None
    for source in sources:
        known = state.sources.get(source.name) if state is not None else None
        stats[f"source/{source.name}/failing_runs"] = known.failing_runs if known else 0
    if commit_state:
        promote_state(workdir)
    return CrawlResult(
        pages=result.pages, failures=result.failures, skipped=result.skipped, stats=stats
    )


def promote_state(workdir: Path) -> bool:
    """Make the last crawl's state the one the next crawl starts from; False if there is
    none (the child was killed, or it was promoted already)."""
    workdir = Path(workdir).resolve()
    try:
        # One rename in one folder: a crash leaves either the old or the new state whole.
        os.replace(workdir / NEXT_STATE_FILE, workdir / STATE_FILE)
    except FileNotFoundError:
        return False
    return True


def _deadline(settings: CrawlSettings) -> float:
    """Seconds the child may run before it is killed."""
    return settings.max_seconds + settings.timeout + STARTUP_GRACE_SECONDS


def _child_command(job_file: Path) -> list[str]:
    return [sys.executable, "-m", "crawlers.runner", str(job_file)]


def _read_records(path: Path) -> CrawlResult | None:
    """The records of a crawl's JSON Lines file; None when the child never opened it."""
    if not path.exists():
        return None
    pages: list[FetchedPage] = []
    failures: list[FetchFailure] = []
    skipped: list[SkippedEntry] = []
    stats: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                logger.warning("Unreadable crawl record (cut off by a kill?): %.80s", line)
                continue
            if data.get("kind") == "stats":
                stats = {str(key): int(value) for key, value in data["stats"].items()}
                continue
            record = record_from_json(data)
            if isinstance(record, FetchedPage):
                pages.append(record)
            elif isinstance(record, FetchFailure):
                failures.append(record)
            else:
                skipped.append(record)
    return CrawlResult(
        pages=tuple(pages), failures=tuple(failures), skipped=tuple(skipped), stats=stats
    )
