"""Alerts through the whole `monitor` flow: baseline then digest over SMTP with a login,
the report and the Prefect artifacts, and the password nowhere in logs or the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from email.header import decode_header, make_header
from pathlib import Path

import pytest

import storage
from exodus.demo.site import DemoSite, demo_config_toml, load_pages, waves
from tests.alerts.conftest import PASSWORD, USER, auth_smtp_server  # noqa: F401
from tests.conftest import SmtpInbox

pytestmark = pytest.mark.flow


@pytest.fixture
def site() -> Iterator[DemoSite]:
    with DemoSite() as running:
        yield running


def test_baseline_then_one_digest_with_login_and_no_password_anywhere(
    prefect_harness: None,
    site: DemoSite,
    tmp_path: Path,
    auth_smtp_server: SmtpInbox,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from prefect.artifacts import Artifact

    from flows.monitor import monitor

    db = tmp_path / "exodus.duckdb"
    text = f'data_dir = "{tmp_path.as_posix()}"\n' + demo_config_toml(
        site.url, str(db), str(tmp_path / "outbox")
    )
    text = text.replace(
        'smtp_host = ""',
        f'smtp_host = "127.0.0.1"\nsmtp_port = {auth_smtp_server.port}\nstarttls = false',
    )
    config = tmp_path / "exodus.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("EXODUS_SMTP_USER", USER)
    monkeypatch.setenv("EXODUS_SMTP_PASSWORD", PASSWORD)
    caplog.set_level(logging.DEBUG)
    cutoffs = waves(load_pages(), 3)

    site.release_until(cutoffs[0])
    first = monitor(config=str(config))
    assert first.figures_new > 0
    assert len(auth_smtp_server.messages) == 1, "the first run only says the baseline is set"
    assert "Baseline set" in str(auth_smtp_server.messages[0]["Subject"])

    site.release_until(cutoffs[1])
    second = monitor(config=str(config))
    assert second.alerts_new > 1
    assert len(auth_smtp_server.messages) == 2, "one digest for every change of the run"
    digest = auth_smtp_server.messages[1]
    subject = str(make_header(decode_header(str(digest["Subject"]))))
    assert subject.startswith("[exodus] ") and f"(+{second.alerts_new - 1} more)" in subject
    assert second.counters["alerts/messages"] == 1
    assert second.alerts_sent == second.alerts_new

    assert monitor(config=str(config)).alerts_sent == 0
    assert len(auth_smtp_server.messages) == 2, "a repeated run sends nothing again"

    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert report.count("<svg") >= 3
    table = Artifact.get("exodus-new-figures")
    summary = Artifact.get("exodus-run-summary")
    assert table is not None and summary is not None
    assert "alerts/messages" in str(summary.data)

    captured = capsys.readouterr()
    logged = caplog.text + captured.out + captured.err
    assert PASSWORD not in logged
    assert PASSWORD.encode() not in db.read_bytes()
    wal = Path(f"{db}.wal")
    assert not wal.exists() or PASSWORD.encode() not in wal.read_bytes()
    rows = storage.run_query(str(db), "SELECT * FROM alerts").rows
    assert PASSWORD not in repr(rows)
