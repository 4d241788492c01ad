"""Process-wide preparation that must happen before Prefect is imported."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["prepare_prefect"]

# A cold first start of Prefect's temporary server took about 14 s on a 2-core machine and
# can pass Prefect's default 20 s limit; two minutes leaves room for a busy machine.
EPHEMERAL_STARTUP_TIMEOUT_SECONDS = 120


def prepare_prefect(data_dir: str | Path) -> None:
    """Point Prefect at the data folder and keep it quiet on an offline machine.

    Only fills in what the user has not set: an explicit PREFECT_* variable always wins.
    """
    home = Path(data_dir, "prefect").resolve()
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(EPHEMERAL_STARTUP_TIMEOUT_SECONDS),
        "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
        "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "DO_NOT_TRACK": "1",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    home.mkdir(parents=True, exist_ok=True)
