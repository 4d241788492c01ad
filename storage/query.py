"""Ad-hoc SQL for people: read-only, with results as rows and column names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from exodus.errors import TerminalError
from storage.connection import LOCK_WAIT_SECONDS, reading

__all__ = ["QueryResult", "run_query"]


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def run_query(
    target: str,
    sql: str,
    wait_seconds: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
) -> QueryResult:
    """Run one query on a read-only connection; a write statement gets a clear error."""
    with reading(target, wait_seconds=wait_seconds, on_wait=on_wait) as connection:
        try:
            cursor = connection.execute(sql)
        except duckdb.Error as error:
            message = str(error)
            if "read-only" in message.lower() or "read only" in message.lower():
                raise TerminalError(
                    "the database is opened read-only for `exodus sql`: "
                    "only queries that read are allowed"
                ) from None
            raise TerminalError(f"SQL error: {message}") from None
        if cursor.description is None:
            return QueryResult((), ())
        columns = tuple(str(column[0]) for column in cursor.description)
        return QueryResult(columns, tuple(tuple(row) for row in cursor.fetchall()))
