"""The delivery layer: one message handed to an SMTP server, or written to the outbox."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from pathlib import Path

import pytest

from alerts import SendError, deliver
from exodus.config import AlertSettings
from tests.conftest import SmtpInbox, free_port


def message(key: str = "arrived|KZ||200000|200000|2022-10-04") -> EmailMessage:
    built = EmailMessage()
    built["Subject"] = "[exodus] Kazakhstan arrivals: 98,000 → 200,000"
    built["From"] = "bot@example.org"
    built["To"] = "desk@example.org"
    built["Message-ID"] = "<fixed@exodus-monitor.local>"
    built["X-Exodus-Alert-Key"] = key
    built.set_content("200,000 Russians have entered Kazakhstan.")
    return built


def test_outbox_gets_one_file_per_message_even_when_resent(tmp_path: Path) -> None:
    settings = AlertSettings(outbox=str(tmp_path / "outbox"))
    first = deliver(message(), settings)
    deliver(message(), settings)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert first.via == "outbox" and len(files) == 1
    stored = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert stored["Subject"] == message()["Subject"]
    assert not list((tmp_path / "outbox").glob(".*.tmp")), "no half-written file is left"


def test_smtp_delivers_to_a_real_server(smtp_server: SmtpInbox) -> None:
    settings = AlertSettings(
        smtp_host=smtp_server.host, smtp_port=smtp_server.port, to=("a@x.org",), starttls=False
    )
    delivery = deliver(message(), settings)
    assert delivery.via == "smtp"
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["Message-ID"] == "<fixed@exodus-monitor.local>"


def test_refused_connection_is_a_send_error() -> None:
    settings = AlertSettings(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_timeout=2)
    with pytest.raises(SendError, match="127.0.0.1"):
        deliver(message(), settings)


def test_silent_server_times_out_as_a_send_error() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    settings = AlertSettings(
        smtp_host="127.0.0.1", smtp_port=listener.getsockname()[1], smtp_timeout=0.5
    )
    try:
        with pytest.raises(SendError, match="timed out|TimeoutError"):
            deliver(message(), settings)
    finally:
        for connection in accepted:
            connection.close()
        listener.close()
