"""Alerts: deciding which new figures matter, and telling people by email."""

from alerts.compose import compose, describe_figure, place_name
from alerts.decide import claim_key, decide
from alerts.send import Delivery, SendError, deliver

__all__ = [
    "Delivery",
    "SendError",
    "claim_key",
    "compose",
    "decide",
    "deliver",
    "describe_figure",
    "place_name",
]
