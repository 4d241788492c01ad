"""Fixtures for the alert tests: a database stepped through runs, SMTP servers with TLS/AUTH."""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import alerts
import storage
from exodus.config import AlertSettings
from exodus.records import ArticleFigures
from tests.conftest import SmtpInbox, _Collector, free_port


def run_batch(
    db: str,
    items: Sequence[ArticleFigures],
    run_id: int,
    settings: AlertSettings,
    sources: Sequence[str] = ("test",),
    stats: dict[str, int] | None = None,
) -> list[storage.AlertRecord]:
    """What the flow's store task does: store, decide, record, in one transaction."""
    with storage.writing(db) as connection, storage.transaction(connection):
        _, figure_ids = storage.save_articles(connection, list(items), run_id)
        fresh = storage.new_sources(connection, sources, run_id)
        claims = storage.touched_claims(connection, figure_ids)
        decided = alerts.decide_claims(claims, fresh, settings.min_change, settings.review)
        summary = alerts.baseline_summary(decided, fresh, run_id)
        decided += [summary] if summary else []
        decided += alerts.source_failures(stats or {}, settings.admin_after_failing_runs, run_id)
        return storage.record_alerts(connection, decided, run_id)


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with `cryptography`."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


USER, PASSWORD = "desk", "s3cret-Pa55word-never-logged"


def _authenticator(
    server: object, session: object, envelope: object, mechanism: str, auth_data: object
) -> object:  # noqa: E501
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode(),
        auth_data.password.decode(),
    ) == (USER, PASSWORD)
    return AuthResult(success=ok)


@contextmanager
def _tls_inbox(
    tmp_path: Path, context_option: str, **options: Any
) -> Iterator[tuple[SmtpInbox, Path]]:
    """aiosmtpd with a self-signed certificate given as `context_option` (tls_context for
    STARTTLS, ssl_context for TLS from the first byte), plus the Controller's `options`."""
    from aiosmtpd.controller import Controller

    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = SmtpInbox("127.0.0.1", free_port())
    controller = Controller(
        _Collector(inbox), hostname=inbox.host, port=inbox.port,
        **{context_option: context, **options},
    )
    controller.start()
    try:
        yield inbox, cert
    finally:
        controller.stop()


@pytest.fixture
def tls_smtp_server(tmp_path: Path) -> Iterator[tuple[SmtpInbox, Path]]:
    """aiosmtpd with STARTTLS (a self-signed certificate) and AUTH required."""
    with _tls_inbox(
        tmp_path,
        "tls_context",
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
    ) as server:
        yield server


@pytest.fixture
def ssl_smtp_server(tmp_path: Path) -> Iterator[tuple[SmtpInbox, Path]]:
    """aiosmtpd speaking TLS from the first byte (SMTPS)."""
    with _tls_inbox(tmp_path, "ssl_context") as server:
        yield server


@pytest.fixture
def auth_smtp_server() -> Iterator[SmtpInbox]:
    """aiosmtpd on plain loopback with AUTH (auth_require_tls off, for the password test)."""
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox("127.0.0.1", free_port())
    controller = Controller(
        _Collector(inbox),
        hostname=inbox.host,
        port=inbox.port,
        authenticator=_authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
