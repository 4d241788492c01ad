"""The version-2 definitions of the views, over the base tables: what the version-4 views
(which read `claim_summary` and `series_days`) must return, row for row."""

from __future__ import annotations

import duckdb

from storage.schema import MIGRATIONS


def _old_views() -> str:
    """The shipped version-2 view definitions, renamed to temporary `old_*` views: the
    reference is the migration text itself, so it cannot drift from what V2 created."""
    v2 = MIGRATIONS[1]
    views = v2[v2.index("CREATE OR REPLACE VIEW series AS") :]
    for name in ("series", "claims", "latest"):
        views = views.replace(f"CREATE OR REPLACE VIEW {name} AS", f"CREATE VIEW {name} AS")
        views = views.replace(
            f"CREATE VIEW {name} AS", f"CREATE OR REPLACE TEMP VIEW old_{name} AS"
        )
    return views.replace("FROM claims AS c", "FROM old_claims AS c")


OLD_VIEWS = _old_views()

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
