"""Scheduling for real: a local Prefect server, `prefect deploy --all`, and `exodus serve`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from exodus.serve import start_local_server

pytestmark = pytest.mark.flow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    home = tmp_path_factory.mktemp("server")
    env = {
        **os.environ,
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    saved = dict(os.environ)
    os.environ.update(env)
    os.environ.pop("PREFECT_API_URL", None)
    try:
        process, api = start_local_server(str(home))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    env["PREFECT_API_URL"] = api
    try:
        yield api, env
    finally:
        process.terminate()
        process.wait(timeout=30)


def prefect(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "prefect"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def deployment(env: dict[str, str], name: str) -> str:
    return prefect(env, "deployment", "inspect", name).stdout


def test_prefect_deploy_accepts_prefect_yaml(prefect_api: tuple[str, dict[str, str]]) -> None:
    _, env = prefect_api
    prefect(env, "work-pool", "create", "exodus", "--type", "process")
    done = prefect(env, "--no-prompt", "deploy", "--all")
    assert done.returncode == 0, done.stdout + done.stderr
    details = deployment(env, "monitor/monitor-hourly")
    assert "0 * * * *" in details
    assert "flows/monitor.py:monitor" in details


def test_serve_registers_the_hourly_schedule(
    prefect_api: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    _, env = prefect_api
    serve = subprocess.Popen(
        [str(BIN / "exodus"), "serve"],
        env={**env, "EXODUS_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        details = ""
        while time.monotonic() < deadline and "0 * * * *" not in details:
            time.sleep(2)
            assert serve.poll() is None, serve.stdout.read() if serve.stdout else ""
            details = deployment(env, "monitor/monitor-serve")
        assert "0 * * * *" in details
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=60)


def test_serve_without_a_server_starts_and_stops_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"EXODUS_DATA_DIR": str(tmp_path), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})
    serve = subprocess.Popen(
        [str(BIN / "exodus"), "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert serve.stdout is not None
    api = ""
    lines: list[str] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        line = serve.stdout.readline()
        lines.append(line)
        if "local Prefect server on" in line:
            api = "http://" + line.split(" on ", 1)[1].split()[0] + "/api"
        if "serving `monitor`" in line or not line:
            break
    try:
        assert api, "".join(lines)
        with urllib.request.urlopen(f"{api}/health", timeout=5) as response:
            assert response.status == 200
        assert (tmp_path / "prefect").is_dir(), "the server keeps its state under the data folder"
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=60)
    time.sleep(1)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{api}/health", timeout=2)
