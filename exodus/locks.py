"""One monitoring run at a time per data folder.

DuckDB takes one writer per file, and two runs at once would crawl and extract the same
articles twice. A run holds an advisory lock on `<data_dir>/monitor.lock`; the operating
system releases it when the process ends, however it ends (kill -9 included), so a crashed
run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from exodus.errors import TransientError

__all__ = ["RunInProgressError", "run_lock"]


class RunInProgressError(TransientError):
    """Another monitoring run holds the data folder; this one did nothing."""


@contextmanager
def run_lock(data_dir: str | Path) -> Iterator[None]:
    path = Path(data_dir, "monitor.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunInProgressError(
                f"another monitoring run is in progress ({holder}); this run did nothing. "
                "Scheduled runs should not overlap: see the README on scheduling."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
