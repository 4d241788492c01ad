from __future__ import annotations

import email
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alerts import SendError, compose, decide, deliver
from exodus.config import AlertSettings
from exodus.records import Alert
from storage import SeriesPoint
from tests.conftest import SmtpInbox, free_port


def point(low: int, previous: int | None, **changes: object) -> SeriesPoint:
    values: dict[str, object] = {
        "metric": "arrived",
        "destination": "KZ",
        "per": None,
        "low": low,
        "high": low,
        "qualifier": "exact",
        "source": "Kazakh interior ministry",
        "disputed": False,
        "quote": "200,000 Russians have entered Kazakhstan.",
        "url": "http://news.example/a",
        "title": "Kazakhstan counts arrivals",
        "published_at": datetime(2022, 10, 4, tzinfo=UTC),
        "previous_low": previous,
        "previous_high": previous,
    }
    values.update(changes)
    return SeriesPoint(**values)  # type: ignore[arg-type]


def test_first_figure_of_a_series_alerts() -> None:
    [alert] = decide([point(98_000, None)])
    assert alert.kind == "new_series"
    assert alert.key == "arrived|KZ||98000|98000"


def test_changed_figure_alerts_with_the_previous_one() -> None:
    [alert] = decide([point(200_000, 98_000)])
    assert alert.kind == "changed"
    assert (alert.previous_low, alert.low) == (98_000, 200_000)


def test_repeated_figure_does_not_alert() -> None:
    assert decide([point(200_000, 200_000)]) == []


def sample_alert(**changes: object) -> Alert:
    [alert] = decide([point(200_000, 98_000, **changes)])
    return alert


def test_email_carries_figure_source_and_link() -> None:
    message = compose(sample_alert(), "bot@example.org", ("desk@example.org",))
    body = message.get_content()
    assert "Kazakhstan" in str(message["Subject"])
    assert "200,000" in str(message["Subject"]) and "98,000" in str(message["Subject"])
    assert "Kazakh interior ministry" in body
    assert "http://news.example/a" in body


def test_article_text_cannot_inject_headers() -> None:
    hostile = sample_alert(title="Hi\r\nBcc: victim@example.org", quote="x\nBcc: v@example.org")
    message = compose(hostile, "bot@example.org", ("desk@example.org",))
    raw = bytes(message)
    parsed = email.message_from_bytes(raw)
    assert parsed["Bcc"] is None
    assert b"\nBcc:" not in raw


def test_same_alert_has_the_same_message_id() -> None:
    first = compose(sample_alert(), "bot@example.org", ("desk@example.org",))
    second = compose(sample_alert(), "bot@example.org", ("desk@example.org",))
    assert first["Message-ID"] == second["Message-ID"]


def test_outbox_gets_one_file_per_alert(tmp_path: Path) -> None:
    settings = AlertSettings(outbox=str(tmp_path / "outbox"))
    message = compose(sample_alert(), settings.from_, settings.to)
    first = deliver(message, settings)
    deliver(message, settings)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert first.via == "outbox" and len(files) == 1
    assert email.message_from_bytes(files[0].read_bytes())["Subject"] == message["Subject"]


def test_smtp_delivers_to_a_real_server(smtp_server: SmtpInbox) -> None:
    settings = AlertSettings(
        smtp_host=smtp_server.host, smtp_port=smtp_server.port, to=("a@x.org",)
    )
    delivery = deliver(compose(sample_alert(), settings.from_, settings.to), settings)
    assert delivery.via == "smtp"
    assert len(smtp_server.messages) == 1
    assert smtp_server.envelopes[0].rcpt_tos == ["a@x.org"]


def test_refused_connection_is_a_send_error() -> None:
    settings = AlertSettings(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_timeout=2)
    with pytest.raises(SendError, match="127.0.0.1"):
        deliver(compose(sample_alert(), settings.from_, settings.to), settings)


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
            deliver(compose(sample_alert(), settings.from_, settings.to), settings)
    finally:
        for connection in accepted:
            connection.close()
        listener.close()
