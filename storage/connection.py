"""Opening the database: one writer or many readers, never both, and waiting politely.

DuckDB lets one process write or many read a file, never both at once: a second process
that opens the file while a run writes gets "Could not set lock on file", and so does a run
that wants to write while someone reads (`exodus sql` left open in a shell). Runs keep their
write connection open only while they write, and everyone else waits and retries.

A full disk surfaces as DuckDB's "No space left on device" (usually when a commit writes
the write-ahead log); it becomes a one-line DiskFullError. DuckDB keeps a transaction's
changes out of the database until its commit reaches the log, so what was committed
before stays intact and the failed transaction leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import errno
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
    "LOCK_WAIT_ENV",
    "LOCK_WAIT_SECONDS",
    "DiskFullError",
    "disk_full_error",
    "lock_wait_seconds",
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
# Overrides LOCK_WAIT_SECONDS for every command (a slow shared disk; tests that want a
# short wait). Not an [storage] key: the wait belongs to the machine, not to the monitor.
LOCK_WAIT_ENV = "EXODUS_LOCK_WAIT_SECONDS"
_RETRY_PAUSE_SECONDS = 0.25
_DISK_FULL = "No space left on device"


class DiskFullError(TerminalError):
    """The disk (or the file size limit) ran out while writing; nothing of that write stays."""


def lock_wait_seconds() -> float:
    """How long to wait for another process's lock: LOCK_WAIT_ENV if set, else the default."""
    text = os.environ.get(LOCK_WAIT_ENV, "").strip()
    if not text:
        return LOCK_WAIT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        raise TerminalError(f"{LOCK_WAIT_ENV}={text!r}: expected a number of seconds") from None
    if not seconds >= 0:  # also refuses nan
        raise TerminalError(f"{LOCK_WAIT_ENV}={text!r}: expected zero or more seconds")
    return seconds


def _is_disk_full(error: BaseException) -> bool:
    return _DISK_FULL in str(error) or (isinstance(error, OSError) and error.errno == errno.ENOSPC)


def disk_full_error(
    where: str, outcome: str = "this write was rolled back and what was stored before is intact"
) -> DiskFullError:
    """The one-line error for a full disk met while writing `where` (the database, or a file
    of a run), saying what became of the write."""
    return DiskFullError(
        f"{where}: the disk is full ({_DISK_FULL}); {outcome}. Free some space and run again"
    )


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
    wait_seconds: float | None,
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
    if wait_seconds is None:
        wait_seconds = lock_wait_seconds()
    # A reader is blocked only by a writer; a writer by anyone who has the file open.
    holder = (
        "another process is writing to it"
        if read_only
        else "another process has it open (a run, or a reader such as `exodus sql`)"
    )
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            return duckdb.connect(target, read_only=read_only)
        except duckdb.Error as error:
            if _is_disk_full(error):
                raise disk_full_error(target) from None
            if not _is_lock_error(error):
                raise TerminalError(f"{target}: cannot open the database: {error}") from None
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(
                    f"{target}: the database is busy, {holder}; gave up after "
                    f"{wait_seconds:g} s (set {LOCK_WAIT_ENV} to wait longer), nothing was "
                    "written; try again when it has finished"
                ) from None
            if not told:
                message = f"{target}: the database is busy, {holder}; waiting"
                (on_wait or log.warning)(message)
                told = True
            time.sleep(_RETRY_PAUSE_SECONDS)


@contextmanager
def writing(
    target: str,
    wait_seconds: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection, migrated to the current schema, closed on exit.

    Waits up to ``wait_seconds`` (default: ``lock_wait_seconds()``) for another process to
    let go of the file; raises DiskFullError when the disk fills up while writing.
    """
    connection = _connect(target, read_only=False, wait_seconds=wait_seconds, on_wait=on_wait)
    try:
        migrate(connection)
        yield connection
    except (duckdb.Error, OSError) as error:
        if _is_disk_full(error):
            raise disk_full_error(target) from None
        raise
    finally:
        try:
            connection.close()  # may checkpoint, which writes too
        except duckdb.Error as error:
            if not _is_disk_full(error):
                raise
            raise disk_full_error(target) from None


@contextmanager
def reading(
    target: str,
    wait_seconds: float | None = None,
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
        # After an I/O error DuckDB may have ended the transaction itself; the error that
        # got us here is the one to report, and closing the connection discards the rest.
        with contextlib.suppress(duckdb.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
