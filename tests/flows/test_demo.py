"""`exodus demo` as a user runs it: a fresh process, the bundled site, the real flow."""

from __future__ import annotations

import os
import subprocess
import sys
from email import message_from_bytes
from pathlib import Path

import pytest

import storage
from tests.conftest import free_port

pytestmark = pytest.mark.flow

EXODUS = Path(sys.executable).with_name("exodus")


PORT = free_port()


def demo(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "EXODUS_"))}
    return subprocess.run(
        [
            str(EXODUS),
            "demo",
            "--data-dir",
            data_dir.name,  # relative, as `make demo` runs it (cwd is its parent)
            "--waves",
            "2",
            "--port",
            str(PORT),
            *extra,
        ],
        env=env,
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=500,
    )


def test_demo_fills_the_database_and_the_outbox_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = demo(data)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "wave 2" in first.stdout and "The series so far" in first.stdout
    db = str(data / "exodus.duckdb")
    figures = storage.run_query(db, "SELECT count(*) FROM figures").rows[0][0]
    emails = sorted(p.name for p in (data / "outbox").glob("*.eml"))
    # The first wave sets the baseline (one summary), the second sends one digest listing
    # every change of that wave: one email per run and recipient, never one per alert.
    assert figures > 10 and len(emails) == 2
    subjects = [
        str(message_from_bytes(p.read_bytes())["Subject"]) for p in (data / "outbox").glob("*.eml")
    ]
    assert sum("Baseline set" in s for s in subjects) == 1
    digest = next(
        message_from_bytes(p.read_bytes())
        for p in (data / "outbox").glob("*.eml")
        if "Baseline" not in str(message_from_bytes(p.read_bytes())["Subject"])
    )
    assert digest.is_multipart() and "more)" in str(digest["Subject"])
    assert (data / "report.html").exists()
    assert "duckdb " in first.stdout and "exodus sql" in first.stdout

    second = demo(data)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Nothing new" in second.stdout
    assert storage.run_query(db, "SELECT count(*) FROM figures").rows[0][0] == figures
    assert sorted(p.name for p in (data / "outbox").glob("*.eml")) == emails
