"""Alerts: deciding which new figures matter, and telling people by email."""

from alerts.compose import (
    compose_digest,
    figure_text,
    place_name,
    series_title,
)
from alerts.decide import (
    baseline_summary,
    claim_key,
    decide_claims,
    relative_change,
    source_failures,
)
from alerts.dispatch import SendReport, send_pending
from alerts.review import ReviewError, approve, list_alerts, reject
from alerts.route import recipients
from alerts.send import Delivery, SendError, deliver

__all__ = [
    "Delivery",
    "ReviewError",
    "SendError",
    "SendReport",
    "approve",
    "baseline_summary",
    "claim_key",
    "compose_digest",
    "decide_claims",
    "deliver",
    "figure_text",
    "list_alerts",
    "place_name",
    "recipients",
    "reject",
    "relative_change",
    "send_pending",
    "series_title",
    "source_failures",
]
