"""What the `series`, `claims` and `latest` views show, kept in tables as writes happen.

The views used to aggregate over every figure on each query (seconds at a million figures).
Since version 4 they read tables maintained in the write's own transaction:

- `claim_summary`: one row per claim, recomputed for the claims whose figures changed
  (those `claims.assign_claims` reports for the keys `consolidate` touches);
- `series_latest` (version 5): one row per series, its newest claim and the one before,
  recomputed from `claim_summary` for the series of the claims recomputed;
- `series_days`: one row per metric, destination, per and reporting date, recomputed for the
  days a write touched: the days of figures inserted and of figures deleted (marked with
  `mark_days` before they go, or before their article's date changes).

A claim reassignment alone never changes a `series_days` row: figures of one claim key on one
day always share their claim (the claim window counts whole days), so a day's count of
distinct claims is its count of distinct claim keys.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from storage.claims import CLAIM_KEY_SQL

__all__ = [
    "CLAIM_SUMMARY_SELECT",
    "LATEST_SELECT",
    "SERIES_DAYS_SELECT",
    "mark_days",
    "rebuild_summaries",
    "refresh_claims",
    "refresh_latest",
    "refresh_series_days",
]

_REPORTED_AT = "coalesce(a.published_at, a.fetched_at)"

# The aggregates of the version-2 `claims` view, plus the claim key they are refreshed by.
# {scope} restricts the figures (alias f); 'true' for all.
CLAIM_SUMMARY_SELECT = f"""
SELECT
    c.claim_id,
    f.metric,
    f.destination,
    f.per,
    f.low,
    f.high,
    f.since,
    arg_min(f.qualifier, {_REPORTED_AT}) AS qualifier,
    min({_REPORTED_AT}) AS first_reported_at,
    max({_REPORTED_AT}) AS last_reported_at,
    arg_min(a.url, {_REPORTED_AT}) AS first_url,
    arg_min(coalesce(a.site, a.source), {_REPORTED_AT}) AS first_outlet,
    arg_min(f.source, {_REPORTED_AT}) AS first_source,
    list_sort(list(DISTINCT coalesce(a.site, a.source))) AS outlets,
    count(DISTINCT coalesce(a.site, a.source)) AS outlet_count,
    list_sort(list(DISTINCT f.source) FILTER (WHERE f.source IS NOT NULL)) AS sources,
    count(DISTINCT a.id) AS articles,
    count(DISTINCT coalesce(a.story_id, a.id)) AS stories,
    bool_or(f.disputed) AS disputed,
    any_value(f.figure_key || '|' || coalesce(CAST(f.since AS TEXT), '')) AS claim_key
FROM figure_claims AS c
JOIN figures AS f ON f.id = c.figure_id
JOIN articles AS a ON a.id = f.article_id
WHERE {{scope}}
GROUP BY c.claim_id, f.metric, f.destination, f.per, f.low, f.high, f.since
"""

# The aggregates of the version-2 `series` view. {scope} restricts the figures (aliases f, a).
# Its count of distinct claims is taken as the count of distinct claim keys (see above: on
# one day a key's figures share one claim), which spares a join with every `figure_claims`
# row, about half of a refresh's time at a million figures.
SERIES_DAYS_SELECT = f"""
SELECT
    f.metric,
    f.destination,
    f.per,
    CAST({_REPORTED_AT} AS DATE) AS reported_on,
    arg_max(f.low, f.high) AS low,
    max(f.high) AS high,
    arg_max(f.qualifier, f.high) AS qualifier,
    arg_max(f.since, f.high) AS since,
    list(DISTINCT f.source) FILTER (WHERE f.source IS NOT NULL) AS sources,
    count(DISTINCT coalesce(a.site, a.source)) AS outlets,
    count(DISTINCT a.id) AS articles,
    bool_or(f.disputed) AS disputed,
    arg_min(a.url, {_REPORTED_AT}) AS first_url,
    list_sort(list(DISTINCT [f.low, f.high])) AS reported,
    count(DISTINCT coalesce(a.story_id, a.id)) AS stories,
    count(DISTINCT {CLAIM_KEY_SQL.format(f="f.")}) AS claims
FROM figures AS f
JOIN articles AS a ON a.id = f.article_id
WHERE {{scope}}
GROUP BY ALL
"""

# The rows of the version-4 `latest` view (each series' newest claim by first report, then
# by high, then by claim id, with the claim after it in that order), as a top-two per series
# instead of a window over every claim: a hash aggregate, not a sort. The guard puts claims
# without a first report last, as the window's DESC (NULLS LAST) did. {scope} restricts the
# claims (alias c); 'true' for all.
LATEST_SELECT = """
WITH top AS (
    SELECT
        c.metric,
        c.destination,
        c.per,
        max_by(
            {{claim_id: c.claim_id, low: c.low, high: c.high, qualifier: c.qualifier,
              since: c.since, reported_at: c.first_reported_at, url: c.first_url,
              source: c.first_source, outlets: c.outlet_count, disputed: c.disputed}},
            (c.first_reported_at IS NOT NULL, c.first_reported_at, c.high, c.claim_id),
            2
        ) AS top
    FROM claim_summary AS c
    WHERE {scope}
    GROUP BY c.metric, c.destination, c.per
)
SELECT
    top[1].claim_id,
    metric,
    destination,
    per,
    top[1].low,
    top[1].high,
    top[1].qualifier,
    top[1].since,
    top[1].reported_at,
    top[1].url,
    top[1].source,
    top[1].outlets,
    top[1].disputed,
    top[2].claim_id AS previous_claim_id,
    top[2].low AS previous_low,
    top[2].high AS previous_high,
    top[2].reported_at AS previous_reported_at
FROM top
"""

_LATEST_COLUMNS = (
    "claim_id, metric, destination, per, low, high, qualifier, since, reported_at, url, source, "
    "outlets, disputed, previous_claim_id, previous_low, previous_high, previous_reported_at"
)

_SERIES_MATCH = (
    "t.metric = {m}.metric AND t.destination IS NOT DISTINCT FROM {m}.destination "
    "AND t.per IS NOT DISTINCT FROM {m}.per"
)

_SERIES_COLUMNS = (
    "metric, destination, per, reported_on, low, high, qualifier, since, sources, outlets, "
    "articles, disputed, first_url, reported, stories, claims"
)
_CLAIM_COLUMNS = (
    "claim_id, metric, destination, per, low, high, since, qualifier, first_reported_at, "
    "last_reported_at, first_url, first_outlet, first_source, outlets, outlet_count, sources, "
    "articles, stories, disputed, claim_key"
)

_DAY_MATCH = (
    "t.metric = {m}.metric AND t.destination IS NOT DISTINCT FROM {m}.destination "
    "AND t.per IS NOT DISTINCT FROM {m}.per AND t.reported_on = {day}"
)


def _ensure_marks(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _touched_days "
        "(metric TEXT, destination TEXT, per TEXT, reported_on DATE)"
    )


def mark_days(
    connection: duckdb.DuckDBPyConnection,
    figure_ids: Sequence[int] = (),
    article_ids: Sequence[int] = (),
) -> None:
    """Remember the series days of these figures (and of every figure of these articles), as
    they are now, for the next `refresh_series_days` in this transaction.

    Call before deleting figures or changing an article's dates, and for figures inserted."""
    if not figure_ids and not article_ids:
        return
    _ensure_marks(connection)
    connection.execute(
        f"""
        INSERT INTO _touched_days
        SELECT DISTINCT f.metric, f.destination, f.per, CAST({_REPORTED_AT} AS DATE)
        FROM figures AS f JOIN articles AS a ON a.id = f.article_id
        WHERE f.id IN (SELECT unnest(?::BIGINT[]))
           OR f.article_id IN (SELECT unnest(?::BIGINT[]))
        """,
        [list(figure_ids), list(article_ids)],
    )


def _take_marks(connection: duckdb.DuckDBPyConnection, marks: str, taken: str) -> bool:
    """Move the distinct rows of the mark table `marks` into the temp table `taken`; False
    when nothing was marked."""
    connection.execute(f"CREATE OR REPLACE TEMP TABLE {taken} AS SELECT DISTINCT * FROM {marks}")
    connection.execute(f"DELETE FROM {marks}")
    count = connection.execute(f"SELECT count(*) FROM {taken}").fetchone()
    return bool(count and count[0])


def refresh_series_days(connection: duckdb.DuckDBPyConnection) -> None:
    """Recompute the `series_days` rows of every day marked since the last refresh."""
    _ensure_marks(connection)
    if not _take_marks(connection, "_touched_days", "_days"):
        return
    connection.execute(
        "DELETE FROM series_days AS s WHERE EXISTS (SELECT 1 FROM _days AS t WHERE "
        + _DAY_MATCH.format(m="s", day="s.reported_on")
        + ")"
    )
    day = f"CAST({_REPORTED_AT} AS DATE)"
    scope = (
        f"a.id IN (SELECT id FROM articles AS a WHERE {day} IN "
        "(SELECT reported_on FROM _days)) AND EXISTS (SELECT 1 FROM _days AS t WHERE "
        + _DAY_MATCH.format(m="f", day=day)
        + ")"
    )
    connection.execute(
        f"INSERT INTO series_days ({_SERIES_COLUMNS}) " + SERIES_DAYS_SELECT.format(scope=scope)
    )


def refresh_claims(connection: duckdb.DuckDBPyConnection, claims_table: str | None) -> None:
    """Recompute the `claim_summary` rows of the claims in the temp table `claims_table`
    (column `claim_id`: claims whose figures changed, as `claims.assign_claims` leaves them;
    those that no longer exist lose their row), or of every claim when None. Call after
    `figure_claims` is up to date."""
    _ensure_series_marks(connection)
    if claims_table is None:
        connection.execute("DELETE FROM claim_summary")
        scope = "true"
    else:
        # The series of the claims replaced, for `refresh_latest`: those of the rows deleted
        # (claims that are gone included) and of the rows inserted.
        connection.execute(
            "INSERT INTO _touched_series SELECT DISTINCT metric, destination, per "
            f"FROM claim_summary WHERE claim_id IN (SELECT claim_id FROM {claims_table})"
        )
        connection.execute(
            f"DELETE FROM claim_summary WHERE claim_id IN (SELECT claim_id FROM {claims_table})"
        )
        scope = f"c.claim_id IN (SELECT claim_id FROM {claims_table})"
    connection.execute(
        f"INSERT INTO claim_summary ({_CLAIM_COLUMNS}) " + CLAIM_SUMMARY_SELECT.format(scope=scope)
    )
    if claims_table is not None:
        connection.execute(
            "INSERT INTO _touched_series SELECT DISTINCT metric, destination, per "
            f"FROM claim_summary WHERE claim_id IN (SELECT claim_id FROM {claims_table})"
        )


def _ensure_series_marks(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _touched_series (metric TEXT, destination TEXT, per TEXT)"
    )


def refresh_latest(connection: duckdb.DuckDBPyConnection, everything: bool = False) -> None:
    """Recompute `series_latest` from `claim_summary` for the series whose claims
    `refresh_claims` replaced since the last call, or for every series. Call after
    `refresh_claims`, in its transaction."""
    _ensure_series_marks(connection)
    if everything:
        connection.execute("DELETE FROM _touched_series")
        connection.execute("DELETE FROM series_latest")
        scope = "true"
    else:
        if not _take_marks(connection, "_touched_series", "_series"):
            return
        connection.execute(
            "DELETE FROM series_latest AS s WHERE EXISTS (SELECT 1 FROM _series AS t WHERE "
            + _SERIES_MATCH.format(m="s")
            + ")"
        )
        scope = "EXISTS (SELECT 1 FROM _series AS t WHERE " + _SERIES_MATCH.format(m="c") + ")"
    connection.execute(
        f"INSERT INTO series_latest ({_LATEST_COLUMNS}) " + LATEST_SELECT.format(scope=scope)
    )


def rebuild_summaries(connection: duckdb.DuckDBPyConnection) -> None:
    """Recompute both tables from every figure (the version-4 back-fill)."""
    refresh_claims(connection, None)
    _ensure_marks(connection)
    connection.execute("DELETE FROM _touched_days")
    connection.execute("DELETE FROM series_days")
    connection.execute(
        f"INSERT INTO series_days ({_SERIES_COLUMNS}) " + SERIES_DAYS_SELECT.format(scope="true")
    )
