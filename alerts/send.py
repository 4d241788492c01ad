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


def _send_smtp(message: EmailMessage, settings: AlertSettings) -> Delivery:
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout
        ) as smtp:
            smtp.ehlo()
            if settings.starttls and smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            password = settings.smtp_password.get_secret_value()
            if settings.smtp_user and password:
                smtp.login(settings.smtp_user, password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # The reason names the server, never the credentials.
        raise SendError(
            f"SMTP {settings.smtp_host}:{settings.smtp_port}: {type(error).__name__}: {error}"
        ) from None
    return Delivery("smtp", f"{settings.smtp_host}:{settings.smtp_port}")


def deliver(message: EmailMessage, settings: AlertSettings) -> Delivery:
    """Hand one message over; raises SendError when it could not be."""
    if settings.smtp_host:
        return _send_smtp(message, settings)
    return _write_outbox(message, Path(settings.outbox))
