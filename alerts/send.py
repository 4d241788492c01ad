"""Delivering alert emails: over SMTP when a server is set, else as .eml files in the outbox."""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from exodus.config import AlertSettings
from exodus.errors import TransientError

__all__ = ["Delivery", "deliver", "SendError"]


class SendError(TransientError):
    """The message could not be handed over; it stays queued and is tried on the next run."""


@dataclass(frozen=True)
class Delivery:
    via: str  # "smtp" | "outbox"
    where: str  # host:port or the .eml path


def _write_outbox(message: EmailMessage, outbox: Path) -> Delivery:
    outbox.mkdir(parents=True, exist_ok=True)
    key = str(message["X-Exodus-Alert-Key"] or message["Message-ID"])
    name = hashlib.sha256(key.encode()).hexdigest()[:16]
    target = outbox / f"{name}.eml"
    # Written aside then renamed: a crash leaves no half-written message, and a resend of the
    # same alert replaces its file instead of adding a second one.
    scratch = outbox / f".{name}.eml.tmp"
    scratch.write_bytes(bytes(message))
    os.replace(scratch, target)
    return Delivery("outbox", str(target))


def _tls_context(settings: AlertSettings) -> ssl.SSLContext:
    # The system's CAs, or the given file (a self-signed test server, a company CA).
    return ssl.create_default_context(cafile=settings.smtp_ca_file or None)


def _send_smtp(message: EmailMessage, settings: AlertSettings) -> Delivery:
    host, port, timeout = settings.smtp_host, settings.smtp_port, settings.smtp_timeout
    try:
        smtp: smtplib.SMTP
        if settings.smtp_ssl:
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=_tls_context(settings))
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if not settings.smtp_ssl and settings.starttls and smtp.has_extn("starttls"):
                smtp.starttls(context=_tls_context(settings))
                smtp.ehlo()
            password = settings.smtp_password.get_secret_value()
            if settings.smtp_user and password:
                smtp.login(settings.smtp_user, password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # The reason names the server, never the credentials (smtplib's errors carry the
        # server's reply, which does not echo the password).
        raise SendError(f"SMTP {host}:{port}: {type(error).__name__}: {error}") from None
    return Delivery("smtp", f"{host}:{port}")


def deliver(message: EmailMessage, settings: AlertSettings) -> Delivery:
    """Hand one message over; raises SendError when it could not be."""
    if settings.smtp_host:
        return _send_smtp(message, settings)
    return _write_outbox(message, Path(settings.outbox))
