"""`exodus status`: the configured sources, the last runs, what is stored, what failed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import storage
from storage.query import QueryResult

__all__ = ["status"]


def status(
    db: str, configured: Sequence[str], on_wait: Callable[[str], None] | None = None
) -> storage.DatabaseStatus:
    """The database's status, with configured sources that have stored nothing yet listed
    too (a source that never yields is the first thing to notice)."""
    found = storage.database_status(db, on_wait=on_wait)
    known = {row[0] for row in found.sources.rows}
    missing = [(name, 0, 0, 0, None, None) for name in configured if name not in known]
    if not missing:
        return found
    rows = tuple(sorted(found.sources.rows + tuple(missing), key=lambda row: str(row[0])))
    return replace(found, sources=QueryResult(found.sources.columns, rows))
