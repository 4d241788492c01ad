"""Figures consolidated into claims: one claim, however many outlets and days repeat it.

Figures are the same claim when their metric, destination, low, high, per and since are
equal and each was reported within CLAIM_GAP_DAYS of the claim's previous report (a chain:
a figure restated every few days stays one claim; the same number resurfacing a month later
is a new one). The assignment is kept in `figure_claims` and recomputed for the keys a write
touches, so that the `claims` and `latest` views need no window over every figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

__all__ = ["CLAIM_GAP_DAYS", "CLAIM_KEY_SQL", "assign_claims", "claim_keys", "consolidate"]

# A wire story is picked up over one to three days and restated in follow-ups within the
# week; a gap of more than a week means the figure was reported afresh. Chosen, not fitted:
# the demo corpus has no repeated figure more than five days apart.
CLAIM_GAP_DAYS = 7

# A figure's claim key as text (NULLs compare equal in text, unlike in a tuple IN): stored
# in `figures.claim_key` since version 5 (`storage.articles.insert_figures` writes it), so
# that finding the figures of a few keys compares a column instead of building this text
# for every stored figure. Written with this expression; the full recomputation below never
# reads it, so the version-2 and version-4 back-fills run before the column exists.
CLAIM_KEY_SQL = "{f}figure_key || '|' || coalesce(CAST({f}since AS TEXT), '')"
_KEY = "f.claim_key"


def claim_keys(connection: duckdb.DuckDBPyConnection, figure_ids: Sequence[int]) -> list[str]:
    """The claim keys of the given figures, for consolidating them after they are gone."""
    if not figure_ids:
        return []
    rows = connection.execute(
        f"SELECT DISTINCT {_KEY} FROM figures AS f WHERE f.id IN (SELECT unnest(?::BIGINT[]))",
        [list(figure_ids)],
    ).fetchall()
    return [str(row[0]) for row in rows]


def consolidate(
    connection: duckdb.DuckDBPyConnection,
    figure_ids: Sequence[int] | None = None,
    keys: Sequence[str] = (),
) -> int:
    """Recompute the claims of every key the given figures have, plus `keys` (by default,
    with neither given: of all figures), and what the views show of them.

    Call inside the transaction that wrote the figures. Returns how many figures were
    (re)assigned. Figures deleted since drop out of `figure_claims`. `claim_summary` is
    recomputed for the claims of those keys whose figures changed, `series_latest` for
    their series, and `series_days` for the days of the given figures and of the days
    marked with `summaries.mark_days` (everything when neither is given).
    """
    from storage.summaries import (
        mark_days,
        rebuild_summaries,
        refresh_claims,
        refresh_latest,
        refresh_series_days,
    )

    if figure_ids is None and not keys:
        assigned = assign_claims(connection)
        rebuild_summaries(connection)
        refresh_latest(connection, everything=True)
        return assigned
    assigned = assign_claims(connection, figure_ids, keys)
    refresh_claims(connection, "_claim_ids")
    refresh_latest(connection)
    mark_days(connection, figure_ids or ())
    refresh_series_days(connection)
    return assigned


def assign_claims(
    connection: duckdb.DuckDBPyConnection,
    figure_ids: Sequence[int] | None = None,
    keys: Sequence[str] = (),
) -> int:
    """Recompute `figure_claims` only (as version 2 did): for every key the given figures
    have, plus `keys`, or for all figures with neither given.

    Leaves the keys in the temp table `_claim_keys` and, in `_claim_ids`, the claims whose
    figures changed: every claim when all figures are reassigned; otherwise the claims, old
    and new, that gained or lost a figure (or were renumbered). A claim of a touched key
    whose figures are all as they were keeps its summary: it is a function of its figures,
    which are never updated in place, and of their articles, whose changes (a revised text,
    a new date) replace the article's figures."""
    connection.execute("CREATE OR REPLACE TEMP TABLE _claim_keys (key TEXT)")
    connection.execute("CREATE OR REPLACE TEMP TABLE _claim_ids (claim_id BIGINT)")
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE _old_claims (figure_id BIGINT, claim_id BIGINT)"
    )
    if figure_ids is None and not keys:
        connection.execute("DELETE FROM figure_claims")
        scope = "true"
    else:
        wanted = sorted(set(claim_keys(connection, figure_ids or ())) | set(keys))
        if not wanted:
            return 0
        connection.execute(
            "INSERT INTO _claim_keys SELECT unnest(?::TEXT[])",
            [wanted],
        )
        # The assignment being replaced: the keys' figures, and figures deleted since.
        connection.execute(
            f"""
            INSERT INTO _old_claims
            SELECT figure_id, claim_id FROM figure_claims WHERE figure_id IN (
                SELECT f.id FROM figures AS f WHERE {_KEY} IN (SELECT key FROM _claim_keys)
            ) OR figure_id NOT IN (SELECT id FROM figures)
            """
        )
        connection.execute(
            "DELETE FROM figure_claims WHERE figure_id IN (SELECT figure_id FROM _old_claims)"
        )
        scope = f"{_KEY} IN (SELECT key FROM _claim_keys)"
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _assigned AS
        WITH reports AS (
            SELECT f.id, f.metric, f.destination, f.low, f.high, f.per, f.since,
                   CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day,
                   coalesce(a.published_at, a.fetched_at) AS reported_at
            FROM figures AS f JOIN articles AS a ON a.id = f.article_id
            WHERE {scope}
        ),
        marked AS (
            SELECT *,
                   CASE WHEN day - lag(day) OVER same_key <= {int(CLAIM_GAP_DAYS)}
                        THEN 0 ELSE 1 END AS opens
            FROM reports
            WINDOW same_key AS (PARTITION BY metric, destination, low, high, per, since
                                ORDER BY reported_at, id)
        ),
        islands AS (
            SELECT *,
                   sum(opens) OVER (PARTITION BY metric, destination, low, high, per, since
                                    ORDER BY reported_at, id ROWS UNBOUNDED PRECEDING) AS claim
            FROM marked
        )
        SELECT id AS figure_id,
               min(id) OVER (PARTITION BY metric, destination, low, high, per, since, claim)
                   AS claim_id
        FROM islands
        """
    )
    row = connection.execute(
        "INSERT INTO figure_claims (figure_id, claim_id) SELECT figure_id, claim_id FROM _assigned"
    ).fetchone()
    if figure_ids is None and not keys:
        connection.execute("INSERT INTO _claim_ids SELECT DISTINCT claim_id FROM _assigned")
    else:
        connection.execute(
            """
            INSERT INTO _claim_ids
            SELECT DISTINCT claim_id FROM (
                (SELECT figure_id, claim_id FROM _assigned
                 EXCEPT SELECT figure_id, claim_id FROM _old_claims)
                UNION ALL
                (SELECT figure_id, claim_id FROM _old_claims
                 EXCEPT SELECT figure_id, claim_id FROM _assigned)
            )
            """
        )
    connection.execute("DROP TABLE _assigned")
    connection.execute("DROP TABLE _old_claims")
    return int(row[0]) if row else 0
