"""An alert as an email: a plain-text part for people, headers that cannot be injected."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

import pycountry

from exodus.records import Alert

__all__ = ["compose", "describe_figure", "place_name"]

_METRIC_WORDS = {
    "departed": "left Russia",
    "arrived": "arrived",
    "moved_on": "moved on",
    "registered": "registered",
    "returned": "returned to Russia",
    "called_up": "called up",
}
_QUALIFIER_WORDS = {
    "exact": "",
    "approx": "about ",
    "at_least": "at least ",
    "at_most": "up to ",
    "range": "",
}


def place_name(destination: str | None) -> str:
    if destination is None:
        return "all destinations"
    if destination == "EU":
        return "the EU"
    country = pycountry.countries.get(alpha_2=destination)
    return str(getattr(country, "common_name", None) or getattr(country, "name", destination))


def _amount(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}-{high:,}"


def describe_figure(alert: Alert) -> str:
    """'arrived in Kazakhstan: about 200,000 (was 98,000)'."""
    where = "" if alert.destination is None else f" ({place_name(alert.destination)})"
    rate = f" per {alert.per}" if alert.per else ""
    text = (
        f"{alert.metric}{where}: {_QUALIFIER_WORDS.get(alert.qualifier, '')}"
        f"{_amount(alert.low, alert.high)}{rate}"
    )
    if alert.previous_low is not None and alert.previous_high is not None:
        text += f" (was {_amount(alert.previous_low, alert.previous_high)})"
    return text


def _one_line(text: str, limit: int = 200) -> str:
    # Article text must never become a header of its own: fold every line break away.
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def compose(alert: Alert, sender: str, recipients: tuple[str, ...]) -> EmailMessage:
    """The email for one alert; its Message-ID is derived from the claim, so resends match."""
    message = EmailMessage()
    kind = "New series" if alert.kind == "new_series" else "Figure changed"
    disputed = " [disputed]" if alert.disputed else ""
    message["Subject"] = _one_line(f"[exodus] {kind}: {describe_figure(alert)}{disputed}")
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(datetime.now(UTC))
    digest = hashlib.sha256(alert.key.encode()).hexdigest()[:24]
    message["Message-ID"] = f"<{digest}@exodus-monitor.local>"
    message["X-Exodus-Alert-Key"] = _one_line(alert.key)
    published = alert.published_at.date().isoformat() if alert.published_at else "date unknown"
    lines = [
        f"{kind}: {describe_figure(alert)}",
        "",
        f"Reported by: {alert.source or 'unattributed'}",
        f"Disputed: {'yes' if alert.disputed else 'no'}",
        f"Article: {_one_line(alert.title or '(no title)')} ({published})",
        f"Link: {alert.url}",
        "",
        "Quote:",
        f"  {_one_line(alert.quote, 1000)}",
        "",
        "-- ",
        "exodus-monitor: figures on the mobilisation exodus, as reported.",
    ]
    message.set_content("\n".join(lines))
    return message
