"""`exodus serve`: the monitor on its schedule, in this process, with a server if needed.

Prefect schedules only run against a real Prefect server (`flow.serve()` refuses to
schedule on the temporary one), so without PREFECT_API_URL a local `prefect server start`
is started on 127.0.0.1, with its SQLite database under the data folder, and stopped on exit.
Crawls run in child processes, so one long-lived serve process can crawl on every run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from rich.console import Console

from exodus.config import Settings
from exodus.errors import TerminalError
from exodus.runtime import prepare_prefect

__all__ = ["serve", "start_local_server", "SERVER_START_SECONDS"]

# A cold `prefect server start` (database migrations, UI assets) took 20-40 s here.
SERVER_START_SECONDS = 180.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_local_server(
    data_dir: str, console: Console | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `prefect server start` on loopback; return the process and its API URL."""
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    prefect = Path(sys.executable).with_name("prefect")
    command = [
        str(prefect) if prefect.exists() else "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    log_path = Path(data_dir, "prefect", "server.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    if console:
        console.print(f"starting a local Prefect server on 127.0.0.1:{port} (log: {log_path})")
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise TerminalError(f"the Prefect server exited during start-up; see {log_path}")
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                if response.status == 200:
                    return process, api
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    process.terminate()
    raise TerminalError(
        f"the Prefect server did not answer within {SERVER_START_SECONDS:.0f} s; see {log_path}"
    )


def serve(settings: Settings, config: str | None, cron: str, console: Console) -> None:
    """Serve the `monitor` flow on `cron` until interrupted."""
    prepare_prefect(settings.data_dir)
    server: subprocess.Popen[bytes] | None = None
    if not os.environ.get("PREFECT_API_URL"):
        server, api = start_local_server(settings.data_dir, console)
        os.environ["PREFECT_API_URL"] = api
    try:
        from flows.monitor import monitor

        console.print(f"serving `monitor` on schedule {cron!r}; Ctrl-C stops")
        parameters = {"config": str(Path(config).resolve())} if config else {}
        monitor.serve(name="monitor-serve", cron=cron, parameters=parameters)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
