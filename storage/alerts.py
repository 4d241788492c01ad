"""The alert queue: claims worth telling people about, and whether they have been sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import duckdb

__all__ = [
    "AlertRecord",
    "ClaimReport",
    "LatestClaim",
    "latest_claims",
    "run_figures",
    "SeriesDay",
    "alerts_with_status",
    "delivered",
    "finish_sent",
    "get_alert",
    "new_sources",
    "record_alerts",
    "record_delivery",
    "series_history",
    "set_status",
    "touched_claims",
    "mark_failed",
]


def mark_failed(connection: duckdb.DuckDBPyConnection, alert_id: int, error: str) -> None:
    connection.execute(
        "UPDATE alerts SET send_attempts = send_attempts + 1, last_error = ? WHERE id = ?",
        [error[:500], alert_id],
    )


# ---------------------------------------------------------------------------------------------
# Claims, digests and deliveries (schema version 3).


@dataclass(frozen=True)
class ClaimReport:
    """A consolidated claim of a series that the latest batch of figures touched.

    `known` says whether the claim had reports before the batch; `disputed_before` whether
    any of those reports disputed it; `new_from` names the crawl sources of the batch's
    reports (a claim only new sources reported sets the baseline silently).
    """

    claim_id: int
    metric: str
    destination: str | None
    per: str | None
    low: int
    high: int
    qualifier: str
    source: str | None
    disputed: bool
    disputed_before: bool
    known: bool
    reported_at: datetime
    outlets: tuple[str, ...]
    links: tuple[str, ...]
    quote: str
    url: str
    title: str | None
    published_at: datetime | None
    new_from: tuple[str, ...]
    dispute_quote: str | None
    dispute_url: str | None


@dataclass(frozen=True)
class AlertRecord:
    """An alert as stored: a change in a series, a baseline summary, or a source failure.

    For `baseline` and `source_failing` alerts the figure fields are empty and `detail` holds
    the message.
    """

    key: str
    kind: str  # new_series | changed | new_high | disputed | backfill | baseline | source_failing
    status: str  # baseline | review | pending | sent | rejected | no_recipient
    metric: str = ""
    destination: str | None = None
    per: str | None = None
    low: int = 0
    high: int = 0
    qualifier: str = ""
    previous_low: int | None = None
    previous_high: int | None = None
    previous_qualifier: str | None = None
    previous_source: str | None = None
    change: float | None = None  # relative change from the previous figure
    source: str | None = None
    disputed: bool = False
    quote: str = ""
    url: str = ""
    title: str | None = None
    published_at: datetime | None = None
    outlets: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    detail: str = ""
    id: int | None = None
    created_at: datetime | None = None
    send_attempts: int = 0
    last_error: str | None = None


@dataclass(frozen=True)
class SeriesDay:
    """One reporting day of a series, as the `series` view has it."""

    reported_on: date
    low: int
    high: int
    qualifier: str
    disputed: bool


_RECORD_COLUMNS = (
    "alert_key",
    "kind",
    "status",
    "metric",
    "destination",
    "per",
    "low",
    "high",
    "qualifier",
    "previous_low",
    "previous_high",
    "previous_qualifier",
    "previous_source",
    "change",
    "source",
    "disputed",
    "quote",
    "url",
    "title",
    "published_at",
    "outlets",
    "links",
    "detail",
)

_SERIES_MATCH = (
    "t.metric = f.metric AND t.destination IS NOT DISTINCT FROM f.destination "
    "AND t.per IS NOT DISTINCT FROM f.per"
)


def touched_claims(
    connection: duckdb.DuckDBPyConnection, figure_ids: Sequence[int]
) -> list[ClaimReport]:
    """Every claim of every series the given (new) figures belong to, in reporting order.

    Call after `consolidate`, inside the transaction that stored the figures.
    """
    if not figure_ids:
        return []
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE _new_figures AS SELECT unnest(?::BIGINT[]) AS id",
        [list(figure_ids)],
    )
    rows = connection.execute(
        f"""
        WITH touched AS (
            SELECT DISTINCT metric, destination, per FROM figures
            WHERE id IN (SELECT id FROM _new_figures)
        ),
        reports AS (
            SELECT fc.claim_id, f.metric, f.destination, f.per, f.low, f.high, f.qualifier,
                   f.source, f.disputed, f.quote, a.url, a.title, a.published_at,
                   a.source AS crawl_source, coalesce(a.site, a.source) AS outlet,
                   coalesce(a.published_at, a.fetched_at) AS reported_at,
                   f.id IN (SELECT id FROM _new_figures) AS is_new
            FROM figure_claims AS fc
            JOIN figures AS f ON f.id = fc.figure_id
            JOIN articles AS a ON a.id = f.article_id
            WHERE EXISTS (SELECT 1 FROM touched AS t WHERE {_SERIES_MATCH})
        )
        SELECT claim_id, any_value(metric), any_value(destination), any_value(per),
               any_value(low), any_value(high), arg_min(qualifier, reported_at),
               arg_min(source, reported_at) FILTER (WHERE source IS NOT NULL),
               bool_or(disputed),
               coalesce(bool_or(disputed) FILTER (WHERE NOT is_new), false),
               bool_or(NOT is_new), min(reported_at),
               list_sort(list(DISTINCT outlet)), list_sort(list(DISTINCT url)),
               arg_min(quote, reported_at), arg_min(url, reported_at),
               arg_min(title, reported_at), arg_min(published_at, reported_at),
               list_sort(list(DISTINCT crawl_source) FILTER (WHERE is_new)),
               arg_max(quote, reported_at) FILTER (WHERE is_new AND disputed),
               arg_max(url, reported_at) FILTER (WHERE is_new AND disputed)
        FROM reports
        GROUP BY claim_id
        ORDER BY 2, 3 NULLS FIRST, 4 NULLS FIRST, 12, 6, 1
        """
    ).fetchall()
    return [
        ClaimReport(
            claim_id=int(row[0]),
            metric=row[1],
            destination=row[2],
            per=row[3],
            low=int(row[4]),
            high=int(row[5]),
            qualifier=row[6],
            source=row[7],
            disputed=bool(row[8]),
            disputed_before=bool(row[9]),
            known=bool(row[10]),
            reported_at=row[11],
            outlets=tuple(row[12] or ()),
            links=tuple(row[13] or ()),
            quote=row[14],
            url=row[15],
            title=row[16],
            published_at=row[17],
            new_from=tuple(row[18] or ()),
            dispute_quote=row[19],
            dispute_url=row[20],
        )
        for row in rows
    ]


def new_sources(
    connection: duckdb.DuckDBPyConnection, names: Sequence[str], run_id: int | None
) -> frozenset[str]:
    """The configured sources whose baseline is not set yet, now recorded as set.

    On an empty database every source is new: the first run sets the baseline silently.
    """
    known = {
        str(row[0]) for row in connection.execute("SELECT source FROM alert_sources").fetchall()
    }
    fresh = sorted(set(names) - known)
    for name in fresh:
        connection.execute(
            "INSERT INTO alert_sources (source, baseline_run_id) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            [name, run_id],
        )
    return frozenset(fresh)


def record_alerts(
    connection: duckdb.DuckDBPyConnection, records: Sequence[AlertRecord], run_id: int | None
) -> list[AlertRecord]:
    """Store alerts whose key is not known yet; return those stored (with their ids).

    Called inside the transaction that stored the figures, so an alert is on record before
    anything is sent, and a rerun finds its key taken.
    """
    placeholders = ", ".join("?" for _ in range(len(_RECORD_COLUMNS) + 1))
    stored: list[AlertRecord] = []
    seen: set[str] = set()
    for record in records:
        if record.key in seen:
            continue
        seen.add(record.key)
        values = [getattr(record, _FIELD.get(c, c)) for c in _RECORD_COLUMNS]
        values[_RECORD_COLUMNS.index("outlets")] = list(record.outlets)
        values[_RECORD_COLUMNS.index("links")] = list(record.links)
        row = connection.execute(
            f"INSERT INTO alerts ({', '.join(_RECORD_COLUMNS)}, run_id) VALUES ({placeholders}) "
            "ON CONFLICT (alert_key) DO NOTHING RETURNING id, created_at",
            [*values, run_id],
        ).fetchone()
        if row is not None:
            stored.append(replace(record, id=int(row[0]), created_at=row[1]))
    return stored


_FIELD = {"alert_key": "key"}


def _record(row: Sequence[object]) -> AlertRecord:
    values = dict(
        zip(("id", *_RECORD_COLUMNS, "created_at", "send_attempts", "last_error"), row, strict=True)
    )
    values["key"] = values.pop("alert_key")
    values["outlets"] = tuple(values["outlets"] or ())  # type: ignore[arg-type]
    values["links"] = tuple(values["links"] or ())  # type: ignore[arg-type]
    values["disputed"] = bool(values["disputed"])
    values["detail"] = values["detail"] or ""
    values["status"] = values["status"] or "pending"
    return AlertRecord(**values)  # type: ignore[arg-type]


_SELECT_RECORDS = (
    f"SELECT id, {', '.join(_RECORD_COLUMNS)}, created_at, send_attempts, last_error FROM alerts"
)


def alerts_with_status(
    connection: duckdb.DuckDBPyConnection, statuses: Sequence[str], limit: int | None = None
) -> list[AlertRecord]:
    """Alerts in the given states, oldest first (newest first with a limit)."""
    order = "ORDER BY id" if limit is None else f"ORDER BY id DESC LIMIT {int(limit)}"
    rows = connection.execute(
        f"{_SELECT_RECORDS} WHERE status IN (SELECT unnest(?::TEXT[])) {order}", [list(statuses)]
    ).fetchall()
    return [_record(row) for row in rows]


def get_alert(connection: duckdb.DuckDBPyConnection, alert_id: int) -> AlertRecord | None:
    row = connection.execute(f"{_SELECT_RECORDS} WHERE id = ?", [alert_id]).fetchone()
    return None if row is None else _record(row)


def set_status(
    connection: duckdb.DuckDBPyConnection, alert_ids: Sequence[int], status: str
) -> None:
    connection.execute(
        "UPDATE alerts SET status = ? WHERE id IN (SELECT unnest(?::BIGINT[]))",
        [status, list(alert_ids)],
    )


def delivered(
    connection: duckdb.DuckDBPyConnection, alert_ids: Sequence[int]
) -> set[tuple[int, str]]:
    """(alert id, recipient) pairs already delivered."""
    rows = connection.execute(
        "SELECT alert_id, recipient FROM alert_deliveries "
        "WHERE alert_id IN (SELECT unnest(?::BIGINT[]))",
        [list(alert_ids)],
    ).fetchall()
    return {(int(a), str(r)) for a, r in rows}


def record_delivery(
    connection: duckdb.DuckDBPyConnection,
    alert_ids: Sequence[int],
    recipient: str,
    via: str,
    message_id: str,
) -> None:
    """One digest handed over: a delivery row per alert it carried."""
    now = datetime.now(UTC)
    for alert_id in alert_ids:
        connection.execute(
            "INSERT INTO alert_deliveries (alert_id, recipient, sent_at, via, message_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [alert_id, recipient, now, via, message_id],
        )


def finish_sent(connection: duckdb.DuckDBPyConnection, alert_id: int, via: str) -> None:
    """Every recipient has the alert: it is sent."""
    connection.execute(
        "UPDATE alerts SET status = 'sent', sent_at = ?, sent_via = ?, "
        "send_attempts = send_attempts + 1, last_error = NULL WHERE id = ?",
        [datetime.now(UTC), via, alert_id],
    )


def series_history(
    connection: duckdb.DuckDBPyConnection,
    series: Sequence[tuple[str, str | None, str | None]] | None = None,
) -> dict[tuple[str, str | None, str | None], list[SeriesDay]]:
    """The `series` view's days for the given series (all series when None), oldest first."""
    rows = connection.execute(
        "SELECT metric, destination, per, reported_on, low, high, qualifier, disputed "
        "FROM series ORDER BY metric, destination NULLS FIRST, per NULLS FIRST, reported_on"
    ).fetchall()
    wanted = None if series is None else set(series)
    history: dict[tuple[str, str | None, str | None], list[SeriesDay]] = {}
    for metric, destination, per, day, low, high, qualifier, disputed in rows:
        key = (metric, destination, per)
        if wanted is not None and key not in wanted:
            continue
        history.setdefault(key, []).append(
            SeriesDay(day, int(low), int(high), qualifier, bool(disputed))
        )
    return history


@dataclass(frozen=True)
class LatestClaim:
    """A series' newest claim with the one before it (the `latest` view) and its outlets."""

    metric: str
    destination: str | None
    per: str | None
    low: int
    high: int
    qualifier: str
    since: date | None
    reported_at: datetime
    url: str
    source: str | None
    outlets: tuple[str, ...]
    disputed: bool
    previous_low: int | None
    previous_high: int | None
    links: tuple[tuple[str, str], ...]  # (url, title) of the series' latest reports


def latest_claims(connection: duckdb.DuckDBPyConnection, links: int = 5) -> list[LatestClaim]:
    """Every series' latest claim, with links to the series' most recent articles."""
    rows = connection.execute(
        """
        WITH pairs AS (
            SELECT DISTINCT f.metric, f.destination, f.per, a.id, a.url,
                   coalesce(a.title, a.url) AS title,
                   coalesce(a.published_at, a.fetched_at) AS reported_at
            FROM figures AS f JOIN articles AS a ON a.id = f.article_id
        ),
        reports AS (
            SELECT *, row_number() OVER (
                       PARTITION BY metric, destination, per ORDER BY reported_at DESC, id DESC
                   ) AS n
            FROM pairs
        ),
        recent AS (
            SELECT metric, destination, per, list([url, title] ORDER BY n) AS links
            FROM reports WHERE n <= ? GROUP BY ALL
        )
        SELECT l.metric, l.destination, l.per, l.low, l.high, l.qualifier, l.since,
               l.reported_at, l.url, l.source, c.outlets, l.disputed, l.previous_low,
               l.previous_high, r.links
        FROM latest AS l
        JOIN claims AS c ON c.claim_id = l.claim_id
        LEFT JOIN recent AS r ON r.metric = l.metric
            AND r.destination IS NOT DISTINCT FROM l.destination
            AND r.per IS NOT DISTINCT FROM l.per
        ORDER BY l.metric, l.destination NULLS FIRST, l.per NULLS FIRST
        """,
        [links],
    ).fetchall()
    return [
        LatestClaim(
            metric=row[0],
            destination=row[1],
            per=row[2],
            low=int(row[3]),
            high=int(row[4]),
            qualifier=row[5],
            since=row[6],
            reported_at=row[7],
            url=row[8],
            source=row[9],
            outlets=tuple(row[10] or ()),
            disputed=bool(row[11]),
            previous_low=None if row[12] is None else int(row[12]),
            previous_high=None if row[13] is None else int(row[13]),
            links=tuple((str(u), str(t)) for u, t in (row[14] or ())),
        )
        for row in rows
    ]


def run_figures(
    connection: duckdb.DuckDBPyConnection, run_id: int, limit: int = 500
) -> list[dict[str, object]]:
    """The figures a run stored, for the run's Prefect table artifact."""
    cursor = connection.execute(
        """
        SELECT f.metric, f.destination, f.per, f.low, f.high, f.qualifier,
               CAST(f.since AS TEXT) AS since, f.source, f.disputed,
               coalesce(a.site, a.source) AS outlet,
               CAST(CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS TEXT) AS reported_on,
               a.url
        FROM figures AS f JOIN articles AS a ON a.id = f.article_id
        WHERE f.run_id = ?
        ORDER BY f.metric, f.destination NULLS FIRST, reported_on, f.id
        LIMIT ?
        """,
        [run_id, limit],
    )
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
