"""`exodus export`: every table and view as files, for other tools or a lakehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import storage

__all__ = ["export_database"]


def export_database(
    db: str, directory: Path, fmt: str, on_wait: Callable[[str], None] | None = None
) -> list[storage.ExportedFile]:
    return storage.export_all(db, directory, fmt, on_wait=on_wait)
