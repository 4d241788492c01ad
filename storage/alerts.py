"""The alert queue: claims worth telling people about, and whether they have been sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from exodus.records import Alert

__all__ = [
    "SeriesPoint",
    "series_points",
    "queue_alerts",
    "pending_alerts",
    "mark_sent",
    "mark_failed",
]


@dataclass(frozen=True)
class SeriesPoint:
    """A newly stored figure with the figure that stood before it in the same series."""

    metric: str
    destination: str | None
    per: str | None
    low: int
    high: int
    qualifier: str
    source: str | None
    disputed: bool
    quote: str
    url: str
    title: str | None
    published_at: datetime | None
    previous_low: int | None
    previous_high: int | None


_ALERT_COLUMNS = (
    "alert_key",
    "kind",
    "metric",
    "destination",
    "per",
    "low",
    "high",
    "qualifier",
    "previous_low",
    "previous_high",
    "source",
    "disputed",
    "quote",
    "url",
    "title",
    "published_at",
)


def series_points(
    connection: duckdb.DuckDBPyConnection, figure_ids: Sequence[int]
) -> list[SeriesPoint]:
    """For each figure id, the figure and the latest earlier figure of its series.

    "Earlier" is by publication date, among other articles: a series is metric, destination
    and per. Ordered by publication date so that decisions read as the story unfolded.
    """
    if not figure_ids:
        return []
    rows = connection.execute(
        """
        WITH new AS (
            SELECT f.*, a.url, a.title, a.published_at,
                   coalesce(a.published_at, a.fetched_at) AS reported_at
            FROM figures AS f JOIN articles AS a ON a.id = f.article_id
            WHERE f.id IN (SELECT unnest(?::BIGINT[]))
        )
        SELECT new.metric, new.destination, new.per, new.low, new.high, new.qualifier,
               new.source, new.disputed, new.quote, new.url, new.title, new.published_at,
               previous.low, previous.high
        FROM new
        LEFT JOIN LATERAL (
            SELECT p.low, p.high
            FROM figures AS p JOIN articles AS pa ON pa.id = p.article_id
            WHERE p.metric = new.metric
              AND p.destination IS NOT DISTINCT FROM new.destination
              AND p.per IS NOT DISTINCT FROM new.per
              AND p.article_id <> new.article_id
              AND coalesce(pa.published_at, pa.fetched_at) <= new.reported_at
            ORDER BY coalesce(pa.published_at, pa.fetched_at) DESC, p.high DESC
            LIMIT 1
        ) AS previous ON true
        ORDER BY new.reported_at, new.id
        """,
        [list(figure_ids)],
    ).fetchall()
    return [
        SeriesPoint(
            metric=row[0],
            destination=row[1],
            per=row[2],
            low=int(row[3]),
            high=int(row[4]),
            qualifier=row[5],
            source=row[6],
            disputed=bool(row[7]),
            quote=row[8],
            url=row[9],
            title=row[10],
            published_at=row[11],
            previous_low=None if row[12] is None else int(row[12]),
            previous_high=None if row[13] is None else int(row[13]),
        )
        for row in rows
    ]


def queue_alerts(
    connection: duckdb.DuckDBPyConnection, alerts: Sequence[Alert], run_id: int | None
) -> int:
    """Store alerts not already known (by claim); return how many were new."""
    placeholders = ", ".join("?" for _ in range(len(_ALERT_COLUMNS) + 1))
    new = 0
    keys: set[str] = set()
    for alert in alerts:
        if alert.key in keys:
            continue  # the first of equal claims in one batch is the one told
        keys.add(alert.key)
        values = [
            alert.key,
            alert.kind,
            alert.metric,
            alert.destination,
            alert.per,
            alert.low,
            alert.high,
            alert.qualifier,
            alert.previous_low,
            alert.previous_high,
            alert.source,
            alert.disputed,
            alert.quote,
            alert.url,
            alert.title,
            alert.published_at,
            run_id,
        ]
        inserted = connection.execute(
            f"INSERT INTO alerts ({', '.join(_ALERT_COLUMNS)}, run_id) VALUES ({placeholders}) "
            "ON CONFLICT (alert_key) DO NOTHING RETURNING id",
            values,
        ).fetchall()
        new += len(inserted)
    return new


def pending_alerts(connection: duckdb.DuckDBPyConnection) -> list[tuple[int, Alert]]:
    """Alerts not yet sent, oldest first, including those a failed run left behind."""
    rows = connection.execute(
        f"SELECT id, {', '.join(_ALERT_COLUMNS)} FROM alerts WHERE sent_at IS NULL ORDER BY id"
    ).fetchall()
    return [
        (
            int(row[0]),
            Alert(
                key=row[1],
                kind=row[2],
                metric=row[3],
                destination=row[4],
                per=row[5],
                low=int(row[6]),
                high=int(row[7]),
                qualifier=row[8],
                previous_low=row[9],
                previous_high=row[10],
                source=row[11],
                disputed=bool(row[12]),
                quote=row[13],
                url=row[14],
                title=row[15],
                published_at=row[16],
            ),
        )
        for row in rows
    ]


def mark_sent(connection: duckdb.DuckDBPyConnection, alert_id: int, via: str) -> None:
    connection.execute(
        "UPDATE alerts SET sent_at = ?, sent_via = ?, send_attempts = send_attempts + 1, "
        "last_error = NULL WHERE id = ?",
        [datetime.now(UTC), via, alert_id],
    )


def mark_failed(connection: duckdb.DuckDBPyConnection, alert_id: int, error: str) -> None:
    connection.execute(
        "UPDATE alerts SET send_attempts = send_attempts + 1, last_error = ? WHERE id = ?",
        [error[:500], alert_id],
    )
