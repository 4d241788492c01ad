"""The run record: when each monitoring run started and ended, and what it counted.

A run's status is `running` while it works, then `finished` or `failed`; `interrupted` when
it ended without saying how (kill -9, a power cut), as found by a later run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import duckdb

from exodus.records import FetchFailure, SkippedEntry

__all__ = ["start_run", "finish_run", "close_interrupted_runs", "log_crawl"]


def start_run(connection: duckdb.DuckDBPyConnection) -> int:
    row = connection.execute(
        "INSERT INTO runs (started_at, status) VALUES (?, 'running') RETURNING id",
        [datetime.now(UTC)],
    ).fetchone()
    assert row is not None
    return int(row[0])


def close_interrupted_runs(connection: duckdb.DuckDBPyConnection, current_run: int) -> list[int]:
    """Mark every other `running` run `interrupted`; return their ids.

    Only for a caller that holds the monitor's run lock: the lock proves no other run of
    this data folder is alive, so a `running` row is one whose process died. Its finish time
    stays empty (nobody saw it end). Should two data folders share one database, a live
    run closed here by mistake still records its own end over this when it finishes.
    """
    rows = connection.execute(
        """
        UPDATE runs SET status = 'interrupted',
               error = 'interrupted: the run ended without recording how (killed, the '
                       || 'machine stopped, or the database could not take its last write); '
                       || 'noticed by run ' || ?::TEXT
        WHERE status = 'running' AND id <> ?
        RETURNING id
        """,
        [current_run, current_run],
    ).fetchall()
    return sorted(int(row[0]) for row in rows)


def finish_run(
    connection: duckdb.DuckDBPyConnection,
    run_id: int,
    counts: Mapping[str, int],
    counters: Mapping[str, int],
    status: str = "finished",
    error: str | None = None,
) -> datetime:
    finished_at = datetime.now(UTC)
    connection.execute(
        """
        UPDATE runs SET finished_at = ?, status = ?, articles_seen = ?, articles_new = ?,
               articles_failed = ?, figures_new = ?, alerts_new = ?, alerts_sent = ?,
               counters = ?, error = ?
        WHERE id = ?
        """,
        [
            finished_at,
            status,
            counts.get("articles_seen", 0),
            counts.get("articles_new", 0),
            counts.get("articles_failed", 0),
            counts.get("figures_new", 0),
            counts.get("alerts_new", 0),
            counts.get("alerts_sent", 0),
            json.dumps(dict(sorted(counters.items()))),
            error,
            run_id,
        ],
    )
    return finished_at


def log_crawl(
    connection: duckdb.DuckDBPyConnection,
    run_id: int,
    fetched: Sequence[tuple[str, str, int | None, str]],
    failures: Sequence[FetchFailure],
    skipped: Sequence[SkippedEntry],
) -> None:
    """One row per URL: its last status and reason, and how many times it was tried."""
    now = datetime.now(UTC)
    rows: dict[str, tuple[str, int | None, str]] = {}
    for url, source, status, reason in fetched:
        rows[url] = (source, status, reason)
    for failure in failures:
        rows[failure.url] = (failure.source, failure.status, failure.reason)
    for entry in skipped:
        if entry.reason != "seen":  # already logged when it was first handled
            rows.setdefault(entry.url, (entry.source, None, entry.reason))
    for url, (source, status, reason) in rows.items():
        connection.execute(
            """
            INSERT INTO crawl_log (url, source, status, reason, attempts, first_attempt_at,
                                   last_attempt_at, run_id)
            VALUES (?, ?, ?, ?, 1, ?, ?, ?)
            ON CONFLICT (url) DO UPDATE SET status = excluded.status,
                reason = excluded.reason, attempts = crawl_log.attempts + 1,
                last_attempt_at = excluded.last_attempt_at, run_id = excluded.run_id
            """,
            [url, source, status, reason, now, now, run_id],
        )
