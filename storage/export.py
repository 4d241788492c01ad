"""Every table and view written out as Parquet or CSV files, for other tools and lakehouses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from exodus.errors import TerminalError
from storage.connection import reading, require_current

__all__ = ["EXPORT_FORMATS", "ExportedFile", "export_all", "relations"]

EXPORT_FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class ExportedFile:
    name: str  # the table or view
    kind: str  # "table" | "view"
    rows: int
    path: Path


def relations(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, "table" | "view") for every table and view of the main schema."""
    rows = connection.execute(
        """
        SELECT table_name, CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END
        FROM information_schema.tables
        WHERE table_schema = 'main' AND table_catalog = current_database()
        ORDER BY table_type, table_name
        """
    ).fetchall()
    return [(str(name), str(kind)) for name, kind in rows]


def _quoted_path(path: Path) -> str:
    # COPY takes its file name as a literal, not as a parameter.
    return "'" + str(path).replace("'", "''") + "'"


def export_all(
    target: str,
    directory: Path,
    fmt: str = "parquet",
    wait_seconds: float | None = None,  # None: storage.lock_wait_seconds()
    on_wait: Callable[[str], None] | None = None,
) -> list[ExportedFile]:
    """Write `<name>.<fmt>` for every table and view into `directory`, from one read-only
    connection (so from one consistent state: no run can write meanwhile)."""
    if fmt not in EXPORT_FORMATS:
        raise TerminalError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TerminalError(f"{directory}: cannot create the folder: {error}") from None
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
    exported: list[ExportedFile] = []
    with reading(target, wait_seconds=wait_seconds, on_wait=on_wait) as connection:
        require_current(connection, target)
        for name, kind in relations(connection):
            path = directory / f"{name}.{fmt}"
            try:
                connection.execute(
                    f'COPY (SELECT * FROM "{name}") TO {_quoted_path(path)} ({options})'
                )
                row = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            except duckdb.Error as error:
                raise TerminalError(f"{path}: cannot export {name}: {error}") from None
            exported.append(ExportedFile(name, kind, int(row[0]) if row else 0, path))
    return exported
