"""Ad-hoc SQL for people: read-only, with results as rows and column names, or as Parquet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from exodus.errors import TerminalError
from storage.connection import reading

__all__ = ["QueryResult", "run_query", "query_to_parquet"]


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def _refused(error: duckdb.Error) -> TerminalError:
    message = str(error)
    if "read-only" in message.lower() or "read only" in message.lower():
        return TerminalError(
            "the database is opened read-only for `exodus sql`: only queries that read are allowed"
        )
    return TerminalError(f"SQL error: {message}")


def run_query(
    target: str,
    sql: str,
    wait_seconds: float | None = None,  # None: storage.lock_wait_seconds()
    on_wait: Callable[[str], None] | None = None,
) -> QueryResult:
    """Run one query on a read-only connection; a write statement gets a clear error."""
    with reading(target, wait_seconds=wait_seconds, on_wait=on_wait) as connection:
        try:
            cursor = connection.execute(sql)
        except duckdb.Error as error:
            raise _refused(error) from None
        if cursor.description is None:
            return QueryResult((), ())
        columns = tuple(str(column[0]) for column in cursor.description)
        return QueryResult(columns, tuple(tuple(row) for row in cursor.fetchall()))


def query_to_parquet(
    target: str,
    sql: str,
    output: Path,
    wait_seconds: float | None = None,  # None: storage.lock_wait_seconds()
    on_wait: Callable[[str], None] | None = None,
) -> int:
    """Write one read-only query's result to a Parquet file; return its number of rows.

    DuckDB streams the result into the file, so a large result never sits in memory.
    """
    with reading(target, wait_seconds=wait_seconds, on_wait=on_wait) as connection:
        try:
            relation = connection.sql(sql)
        except duckdb.Error as error:
            raise _refused(error) from None
        if relation is None:
            raise TerminalError("the statement returns no rows; nothing to write")
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            relation.to_parquet(str(output))
            row = connection.execute(
                "SELECT count(*) FROM read_parquet(?)", [str(output)]
            ).fetchone()
        except (duckdb.Error, OSError) as error:
            raise TerminalError(f"{output}: cannot write the Parquet file: {error}") from None
    return int(row[0]) if row else 0
