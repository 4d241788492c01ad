"""Opening the database: one writer or many readers, never both, and waiting politely.

DuckDB lets one process write or many read a file, never both at once: a second process
that opens the file while a run writes gets "Could not set lock on file". Runs keep their
write connection open only while they write, and everyone else waits and retries.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from exodus.errors import DatabaseBusyError, TerminalError
from storage.schema import SCHEMA_VERSION, current_version, migrate

__all__ = [
    "LOCK_WAIT_SECONDS",
    "is_local",
    "is_motherduck",
    "reading",
    "require_current",
    "transaction",
    "writing",
]

log = logging.getLogger(__name__)

# How long a writer or reader waits for another process's lock before giving up; a run's
# write batches take well under a second, so this covers many of them.
LOCK_WAIT_SECONDS = 30.0
_RETRY_PAUSE_SECONDS = 0.25


def is_local(target: str) -> bool:
    """True for a file path, False for a connection string such as md:NAME."""
    return not (is_motherduck(target) or target == ":memory:")


def is_motherduck(target: str) -> bool:
    return target.startswith("md:") or target.startswith("motherduck:")


def _check_motherduck_token(target: str) -> None:
    """Fail at once, offline, when an md: target has no token to sign in with.

    DuckDB's MotherDuck extension reads the token from `motherduck_token` in the environment
    (or from the connection string); without one it would try to sign in interactively and
    wait. Only the token's presence is checked here, never its value, which is never logged.
    """
    if "motherduck_token=" in target:
        return
    if os.environ.get("motherduck_token") or os.environ.get("MOTHERDUCK_TOKEN"):  # noqa: SIM112
        return
    raise TerminalError(
        f"{target.split('?')[0]}: MotherDuck needs a token; set motherduck_token in the "
        "environment (see https://motherduck.com/docs/key-tasks/authenticating-and-connecting-to-motherduck/)"
    )


def _is_lock_error(error: duckdb.Error) -> bool:
    text = str(error)
    return "lock" in text.lower() and ("Could not set lock" in text or "Conflicting lock" in text)


def _connect(
    target: str,
    read_only: bool,
    wait_seconds: float,
    on_wait: Callable[[str], None] | None,
) -> duckdb.DuckDBPyConnection:
    if is_motherduck(target):
        _check_motherduck_token(target)
    if is_local(target):
        path = Path(target)
        if read_only and not path.exists():
            raise TerminalError(
                f"{target}: no such database; run `exodus run` or `exodus demo` first"
            )
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            return duckdb.connect(target, read_only=read_only)
        except duckdb.Error as error:
            if not _is_lock_error(error):
                raise TerminalError(f"{target}: cannot open the database: {error}") from None
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(
                    f"{target}: another process is writing to the database; "
                    f"gave up after {wait_seconds:.0f} s, try again when it has finished"
                ) from None
            if not told:
                message = f"{target}: the database is busy (another process is writing); waiting"
                (on_wait or log.info)(message)
                told = True
            time.sleep(_RETRY_PAUSE_SECONDS)


@contextmanager
def writing(
    target: str, wait_seconds: float = LOCK_WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection, migrated to the current schema, closed on exit."""
    connection = _connect(target, read_only=False, wait_seconds=wait_seconds, on_wait=None)
    try:
        migrate(connection)
        yield connection
    finally:
        connection.close()


@contextmanager
def reading(
    target: str,
    wait_seconds: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection: write statements fail with DuckDB's own clear error."""
    connection = _connect(target, read_only=True, wait_seconds=wait_seconds, on_wait=on_wait)
    try:
        yield connection
    finally:
        connection.close()


def require_current(connection: duckdb.DuckDBPyConnection, target: str) -> None:
    """A read-only connection cannot upgrade the schema: say how to, instead of failing on
    a missing table."""
    version = current_version(connection)
    if version < SCHEMA_VERSION:
        raise TerminalError(
            f"{target}: the database has schema version {version}, older than this "
            f"exodus-monitor ({SCHEMA_VERSION}); any command that writes (`exodus run`, "
            "`exodus reextract`) upgrades it in place"
        )


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a crash or error inside leaves the database as it was."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
