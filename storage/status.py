"""What the database holds and how the runs went, for `exodus status`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from storage.articles import DONE_REASONS
from storage.connection import is_local, reading, require_current
from storage.query import QueryResult
from storage.schema import current_version

__all__ = ["DatabaseStatus", "database_status"]

RECENT_RUNS = 5
TOP_FAILURES = 20


@dataclass(frozen=True)
class DatabaseStatus:
    target: str
    size_bytes: int | None  # the file and its write-ahead log; None when not a local file
    schema_version: int
    counts: tuple[tuple[str, int], ...]  # (what, how many)
    sources: QueryResult  # per source: articles, URLs tried, failing, latest article
    runs: QueryResult  # the last RECENT_RUNS runs, newest first
    failures: QueryResult  # URLs that failed, by reason and source


def _result(connection: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> QueryResult:
    cursor = connection.execute(sql, params)
    columns = tuple(str(c[0]) for c in cursor.description or ())
    return QueryResult(columns, tuple(tuple(row) for row in cursor.fetchall()))


def _size(target: str, connection: duckdb.DuckDBPyConnection) -> int | None:
    if is_local(target):
        files = [Path(target), Path(target + ".wal")]
        return sum(f.stat().st_size for f in files if f.exists())
    row = connection.execute("SELECT total_blocks * block_size FROM pragma_database_size()")
    found = row.fetchone()
    return int(found[0]) if found and found[0] is not None else None


def database_status(
    target: str,
    wait_seconds: float | None = None,  # None: storage.lock_wait_seconds()
    on_wait: Callable[[str], None] | None = None,
) -> DatabaseStatus:
    with reading(target, wait_seconds=wait_seconds, on_wait=on_wait) as connection:
        require_current(connection, target)
        row = connection.execute(
            """
            SELECT (SELECT count(*) FROM articles),
                   (SELECT count(DISTINCT coalesce(story_id, id)) FROM articles),
                   (SELECT count(*) FROM figures),
                   (SELECT count(DISTINCT claim_id) FROM figure_claims),
                   (SELECT count(*) FROM alerts WHERE sent_at IS NULL),
                   (SELECT count(*) FROM alerts WHERE sent_at IS NOT NULL),
                   (SELECT count(*) FROM runs),
                   (SELECT count(*) FROM crawl_log)
            """
        ).fetchone()
        assert row is not None
        names = (
            "articles",
            "stories",
            "figures",
            "claims",
            "alerts queued",
            "alerts sent",
            "runs",
            "URLs tried",
        )
        counts = tuple((name, int(value)) for name, value in zip(names, row, strict=True))
        sources = _result(
            connection,
            """
            WITH stored AS (
                SELECT source, count(*) AS articles,
                       max(coalesce(published_at, fetched_at)) AS latest_article
                FROM articles GROUP BY source
            ),
            tried AS (
                SELECT source, count(*) AS urls_tried,
                       count(*) FILTER (WHERE reason NOT IN (SELECT unnest(?::TEXT[]))
                                        AND reason <> 'seen') AS failing,
                       max(last_attempt_at) AS last_attempt
                FROM crawl_log GROUP BY source
            )
            SELECT source, coalesce(articles, 0) AS articles,
                   coalesce(urls_tried, 0) AS urls_tried, coalesce(failing, 0) AS failing,
                   latest_article, last_attempt
            FROM stored FULL JOIN tried USING (source)
            ORDER BY source
            """,
            [list(DONE_REASONS)],
        )
        runs = _result(
            connection,
            """
            SELECT id AS run, started_at, status,
                   round(epoch(finished_at - started_at), 1) AS seconds,
                   articles_new, figures_new, alerts_new, alerts_sent, error
            FROM runs ORDER BY id DESC LIMIT ?
            """,
            [RECENT_RUNS],
        )
        failures = _result(
            connection,
            """
            SELECT reason, source, count(*) AS urls, max(attempts) AS most_attempts,
                   max(last_attempt_at) AS last_attempt
            FROM crawl_log
            WHERE reason NOT IN (SELECT unnest(?::TEXT[])) AND reason <> 'seen'
            GROUP BY reason, source ORDER BY urls DESC, reason, source LIMIT ?
            """,
            [list(DONE_REASONS), TOP_FAILURES],
        )
        return DatabaseStatus(
            target=target,
            size_bytes=_size(target, connection),
            schema_version=current_version(connection),
            counts=counts,
            sources=sources,
            runs=runs,
            failures=failures,
        )
