"""Running the `monitor` flow from this process, with Prefect prepared first."""

from __future__ import annotations

from exodus.config import load_settings
from exodus.records import RunSummary
from exodus.runtime import prepare_prefect

__all__ = ["monitor_once"]


def monitor_once(config: str | None = None, db: str | None = None) -> RunSummary:
    """One monitoring run; Prefect runs locally unless PREFECT_API_URL names a server."""
    settings = load_settings(config)  # validated here too, so a bad config fails before Prefect
    prepare_prefect(settings.data_dir)
    from flows.monitor import monitor

    return monitor(config=config, db=db)
