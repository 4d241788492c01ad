"""The version-2 definitions of the views, over the base tables: what the version-4 views
(which read `claim_summary` and `series_days`) must return, row for row."""

from __future__ import annotations

import duckdb

OLD_VIEWS = """
CREATE OR REPLACE TEMP VIEW old_series AS
SELECT
    f.metric,
    f.destination,
    f.per,
    CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS reported_on,
    arg_max(f.low, f.high) AS low,
    max(f.high) AS high,
    arg_max(f.qualifier, f.high) AS qualifier,
    arg_max(f.since, f.high) AS since,
    list(DISTINCT f.source) FILTER (WHERE f.source IS NOT NULL) AS sources,
    count(DISTINCT coalesce(a.site, a.source)) AS outlets,
    count(DISTINCT a.id) AS articles,
    bool_or(f.disputed) AS disputed,
    arg_min(a.url, coalesce(a.published_at, a.fetched_at)) AS first_url,
    list_sort(list(DISTINCT [f.low, f.high])) AS reported,
    count(DISTINCT coalesce(a.story_id, a.id)) AS stories,
    count(DISTINCT c.claim_id) AS claims
FROM figures AS f
JOIN articles AS a ON a.id = f.article_id
LEFT JOIN figure_claims AS c ON c.figure_id = f.id
GROUP BY ALL;

CREATE OR REPLACE TEMP VIEW old_claims AS
SELECT
    c.claim_id,
    f.metric,
    f.destination,
    f.per,
    f.low,
    f.high,
    f.since,
    arg_min(f.qualifier, coalesce(a.published_at, a.fetched_at)) AS qualifier,
    min(coalesce(a.published_at, a.fetched_at)) AS first_reported_at,
    max(coalesce(a.published_at, a.fetched_at)) AS last_reported_at,
    arg_min(a.url, coalesce(a.published_at, a.fetched_at)) AS first_url,
    arg_min(coalesce(a.site, a.source), coalesce(a.published_at, a.fetched_at)) AS first_outlet,
    arg_min(f.source, coalesce(a.published_at, a.fetched_at)) AS first_source,
    list_sort(list(DISTINCT coalesce(a.site, a.source))) AS outlets,
    count(DISTINCT coalesce(a.site, a.source)) AS outlet_count,
    list_sort(list(DISTINCT f.source) FILTER (WHERE f.source IS NOT NULL)) AS sources,
    count(DISTINCT a.id) AS articles,
    count(DISTINCT coalesce(a.story_id, a.id)) AS stories,
    bool_or(f.disputed) AS disputed
FROM figure_claims AS c
JOIN figures AS f ON f.id = c.figure_id
JOIN articles AS a ON a.id = f.article_id
GROUP BY c.claim_id, f.metric, f.destination, f.per, f.low, f.high, f.since;

CREATE OR REPLACE TEMP VIEW old_latest AS
WITH ranked AS (
    SELECT
        c.claim_id,
        c.metric,
        c.destination,
        c.per,
        c.low,
        c.high,
        c.qualifier,
        c.since,
        c.first_reported_at AS reported_at,
        c.first_url AS url,
        c.first_source AS source,
        c.outlet_count AS outlets,
        c.disputed,
        row_number() OVER recent AS recency,
        lead(c.claim_id) OVER recent AS previous_claim_id,
        lead(c.low) OVER recent AS previous_low,
        lead(c.high) OVER recent AS previous_high,
        lead(c.first_reported_at) OVER recent AS previous_reported_at
    FROM old_claims AS c
    WINDOW recent AS (
        PARTITION BY c.metric, c.destination, c.per
        ORDER BY c.first_reported_at DESC, c.high DESC, c.claim_id DESC
    )
)
SELECT * EXCLUDE (recency) FROM ranked WHERE recency = 1;
"""

VIEWS = ("series", "claims", "latest")


def _rows(connection: duckdb.DuckDBPyConnection, view: str) -> list[tuple[object, ...]]:
    # `series.sources` was never sorted: list(DISTINCT ...) has no order, so compare it as a set
    sql = (
        f"SELECT * REPLACE (list_sort(sources) AS sources) FROM {view}"
        if view.endswith("series")
        else f"SELECT * FROM {view}"
    )
    return sorted(connection.execute(sql).fetchall(), key=repr)


def _columns(connection: duckdb.DuckDBPyConnection, view: str) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in connection.execute(f"DESCRIBE {view}").fetchall()]


def assert_views_match_old(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every view has the old view's columns, types and rows; returns the row counts."""
    connection.execute(OLD_VIEWS)
    counts = {}
    for view in VIEWS:
        assert _columns(connection, view) == _columns(connection, f"old_{view}"), view
        new, old = _rows(connection, view), _rows(connection, f"old_{view}")
        assert new == old, view
        counts[view] = len(new)
    return counts
