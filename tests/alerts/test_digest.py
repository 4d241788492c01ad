"""Digests against a real aiosmtpd on 127.0.0.1: contents, TLS, login, retries, review."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from pydantic import SecretStr

import alerts
import storage
from exodus.config import AlertSettings, Subscription
from tests.alerts.conftest import PASSWORD, USER, run_batch
from tests.conftest import SmtpInbox, free_port
from tests.factories import batch_item, figure

HOSTILE_TITLE = "Kazakhstan\r\nBcc: victim@example.org\r\n\r\n<script>alert(1)</script>"


def smtp(inbox: SmtpInbox, **changes: object) -> AlertSettings:
    values: dict[str, object] = {
        "smtp_host": inbox.host,
        "smtp_port": inbox.port,
        "starttls": False,
        "to": ("desk@x.org",),
        "smtp_timeout": 5,
    }
    values.update(changes)
    return AlertSettings(**values)  # type: ignore[arg-type]


def parsed(inbox: SmtpInbox) -> list[EmailMessage]:
    return [
        email.message_from_bytes(bytes(m), policy=email.policy.default)  # type: ignore[misc]
        for m in inbox.messages
    ]


def two_runs(db: str, settings: AlertSettings, title: str | None = None) -> None:
    """A baseline run, then a run where Kazakhstan goes 98,000 -> 200,000 and Georgia
    starts at 53,000."""
    run_batch(db, [batch_item("a", figure(98_000), published="2022-09-25")], 1, settings)
    alerts.send_pending(db, settings)
    second = batch_item(
        "b",
        figure(200_000, source="interior ministry", quote='He said: "200,000 <b>entered</b>."'),
        figure(53_000, destination="GE", qualifier="approx"),
        published="2022-10-04",
    )
    if title is not None:
        second = type(second)(
            type(second.article)(**{**second.article.__dict__, "title": title}),
            second.figures,
            second.extractor_version,
        )
    run_batch(db, [second], 2, settings)


def test_one_digest_per_run_and_recipient(db_path: str, smtp_server: SmtpInbox) -> None:
    settings = smtp(smtp_server)
    two_runs(db_path, settings)
    report = alerts.send_pending(db_path, settings)
    assert (report.messages_sent, report.alerts_sent) == (1, 2)
    baseline, digest = parsed(smtp_server)
    assert "Baseline set" in str(baseline["Subject"])
    subject = str(digest["Subject"])
    assert subject == "[exodus] Kazakhstan arrivals: 98,000 → 200,000 (interior ministry) (+1 more)"
    assert digest.get_content_type() == "multipart/alternative"
    text = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    for expected in (
        "Was: 98,000",
        "New: 200,000",
        "Said by: interior ministry",
        "Outlets: news.example",
        "Link: http://news.example/b?utm_source=x",
        "Georgia arrivals: first figure 53,000",
        "New: about 53,000",
    ):
        assert expected in text
    html = digest.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "&lt;b&gt;entered&lt;/b&gt;" in html and "<b>entered" not in html
    images = [p for p in digest.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 2 and images[0].get_content().startswith(b"\x89PNG")
    assert all(f"cid:{p['Content-ID'][1:-1]}" in html for p in images)


def test_a_rerun_sends_nothing_twice(db_path: str, smtp_server: SmtpInbox) -> None:
    settings = smtp(smtp_server)
    two_runs(db_path, settings)
    alerts.send_pending(db_path, settings)
    count = len(smtp_server.messages)
    assert alerts.send_pending(db_path, settings).messages_sent == 0
    two_runs(db_path, settings)  # the same articles again: nothing new is decided
    assert alerts.send_pending(db_path, settings).messages_sent == 0
    assert len(smtp_server.messages) == count


def test_server_down_then_up_sends_once_later(db_path: str, smtp_server: SmtpInbox) -> None:
    down = smtp(smtp_server, smtp_port=free_port())
    two_runs(db_path, down)
    failed = alerts.send_pending(db_path, down)
    assert (failed.messages_sent, failed.messages_failed) == (0, 1)
    with storage.reading(db_path) as connection:
        pending = storage.alerts_with_status(connection, ["pending"])
    assert len(pending) == 3 and all(a.send_attempts >= 1 and a.last_error for a in pending)
    up = smtp(smtp_server)
    later = alerts.send_pending(db_path, up)
    assert (later.messages_sent, later.alerts_sent) == (1, 3), "one digest carries all three"
    assert alerts.send_pending(db_path, up).messages_sent == 0
    assert len(smtp_server.messages) == 1


def test_article_text_cannot_inject_headers(db_path: str, smtp_server: SmtpInbox) -> None:
    settings = smtp(smtp_server)
    run_batch(db_path, [batch_item("a", figure(98_000), published="2022-09-25")], 1, settings)
    hostile = figure(200_000, source="ministry\r\nBcc: victim@example.org")
    item = batch_item("b", hostile, published="2022-10-04")
    item = type(item)(
        type(item.article)(**{**item.article.__dict__, "title": HOSTILE_TITLE}),
        item.figures,
        item.extractor_version,
    )
    run_batch(db_path, [item], 2, settings)
    alerts.send_pending(db_path, settings)
    assert all(envelope.rcpt_tos == ["desk@x.org"] for envelope in smtp_server.envelopes)
    for message in parsed(smtp_server):
        assert message["Bcc"] is None
        raw = bytes(message)
        assert b"\nBcc:" not in raw
        html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert "<script>" not in html


def test_subscribers_get_only_what_their_filters_match(
    db_path: str, smtp_server: SmtpInbox
) -> None:
    settings = smtp(
        smtp_server,
        to=(),
        admin="ops@x.org",
        subscriptions=(
            Subscription(to="kz@x.org", destinations=("KZ",)),
            Subscription(to="ge@x.org", destinations=("GE",)),
        ),
    )
    two_runs(db_path, settings)
    run_batch(db_path, [], 3, settings, stats={"source/test/failing_runs": 3})
    alerts.send_pending(db_path, settings)
    by_recipient: dict[str, list[str]] = {}
    for envelope, message in zip(smtp_server.envelopes, parsed(smtp_server), strict=True):
        by_recipient.setdefault(envelope.rcpt_tos[0], []).append(str(message["Subject"]))
    assert sorted(by_recipient) == ["ge@x.org", "kz@x.org", "ops@x.org"]
    assert any("Kazakhstan arrivals: 98,000 → 200,000" in s for s in by_recipient["kz@x.org"])
    assert not any("Georgia" in s for s in by_recipient["kz@x.org"])
    assert any("Georgia arrivals" in s for s in by_recipient["ge@x.org"])
    assert by_recipient["ops@x.org"] == ["[exodus] Source failing: test"]
    assert not any("failing" in s for who in ("kz@x.org", "ge@x.org") for s in by_recipient[who])


def test_review_holds_alerts_until_approved(db_path: str, smtp_server: SmtpInbox) -> None:
    settings = smtp(smtp_server, review=True)
    two_runs(db_path, settings)
    alerts.send_pending(db_path, settings)
    assert len(smtp_server.messages) == 1, "only the baseline summary, no review needed"
    waiting = alerts.list_alerts(db_path, ("review",))
    assert sorted(a.low for a in waiting) == [53_000, 200_000]
    kz = next(a for a in waiting if a.low == 200_000)
    ge = next(a for a in waiting if a.low == 53_000)
    alerts.reject(db_path, ge.id)  # type: ignore[arg-type]
    report = alerts.approve(db_path, kz.id, settings)  # type: ignore[arg-type]
    assert report.messages_sent == 1
    assert "Kazakhstan arrivals: 98,000 → 200,000" in str(parsed(smtp_server)[-1]["Subject"])
    assert "Georgia" not in parsed(smtp_server)[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    with pytest.raises(alerts.ReviewError, match="not waiting for review"):
        alerts.approve(db_path, kz.id, settings)  # type: ignore[arg-type]
    with pytest.raises(alerts.ReviewError, match="no alert 999"):
        alerts.reject(db_path, 999)


def test_starttls_and_login_with_a_self_signed_certificate(
    db_path: str, tls_smtp_server: tuple[SmtpInbox, Path]
) -> None:
    inbox, cert = tls_smtp_server
    settings = smtp(
        inbox,
        starttls=True,
        smtp_ca_file=str(cert),
        smtp_user=USER,
        smtp_password=SecretStr(PASSWORD),
    )
    two_runs(db_path, settings)
    assert alerts.send_pending(db_path, settings).messages_sent == 1
    assert len(inbox.messages) == 2, "the baseline summary, then the digest"


def test_starttls_refuses_an_untrusted_certificate(
    db_path: str, tls_smtp_server: tuple[SmtpInbox, Path]
) -> None:
    inbox, _ = tls_smtp_server
    settings = smtp(inbox, starttls=True, smtp_user=USER, smtp_password=SecretStr(PASSWORD))
    two_runs(db_path, settings)
    report = alerts.send_pending(db_path, settings)
    assert report.messages_failed == 1 and "CERTIFICATE_VERIFY_FAILED" in report.errors[-1]
    assert PASSWORD not in report.errors[0]
    assert inbox.messages == []


def test_implicit_tls(db_path: str, ssl_smtp_server: tuple[SmtpInbox, Path]) -> None:
    inbox, cert = ssl_smtp_server
    settings = smtp(inbox, smtp_ssl=True, smtp_ca_file=str(cert))
    two_runs(db_path, settings)
    assert alerts.send_pending(db_path, settings).messages_sent == 1
    assert len(inbox.messages) == 2, "the baseline summary, then the digest"


def test_wrong_password_is_a_send_error_without_the_password(
    db_path: str, tls_smtp_server: tuple[SmtpInbox, Path]
) -> None:
    inbox, cert = tls_smtp_server
    settings = smtp(
        inbox,
        starttls=True,
        smtp_ca_file=str(cert),
        smtp_user=USER,
        smtp_password=SecretStr("wrong-" + PASSWORD),
    )
    two_runs(db_path, settings)
    report = alerts.send_pending(db_path, settings)
    assert report.messages_failed == 1 and inbox.messages == []
    assert PASSWORD not in report.errors[0]
    with storage.reading(db_path) as connection:
        stored = connection.execute("SELECT string_agg(last_error, ' ') FROM alerts").fetchone()
    assert stored is not None and PASSWORD not in str(stored[0])
