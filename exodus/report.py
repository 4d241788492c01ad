"""`exodus report`: the self-contained HTML report of the latest figures."""

from __future__ import annotations

from pathlib import Path

from reports import write_report

__all__ = ["report"]


def report(db: str, output: Path) -> Path:
    """Write the report of the database to `output` (read-only; waits while a run writes)."""
    return write_report(db, output)
