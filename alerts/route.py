"""Who gets which alert: subscribers by their filters, the admin only source failures."""

from __future__ import annotations

from exodus.config import AlertSettings, Subscription
from storage.alerts import AlertRecord

__all__ = ["ADMIN_KINDS", "FIGURE_KINDS", "matches", "recipients"]

# Kinds about a figure; `baseline` goes to every subscriber, `source_failing` to the admin.
FIGURE_KINDS = frozenset({"new_series", "changed", "new_high", "disputed"})
ADMIN_KINDS = frozenset({"source_failing"})
# Kinds that pass a subscription's min_change: they are news whatever the size.
_ALWAYS = frozenset({"new_series", "disputed"})


def matches(subscription: Subscription, alert: AlertRecord) -> bool:
    """Whether a figure alert passes a subscription's filters."""
    if subscription.destinations and (alert.destination or "-") not in subscription.destinations:
        return False
    if subscription.metrics and alert.metric not in subscription.metrics:
        return False
    if alert.kind in _ALWAYS or subscription.min_change <= 0:
        return True
    return alert.change is not None and alert.change >= subscription.min_change


def recipients(alert: AlertRecord, settings: AlertSettings) -> tuple[str, ...]:
    """The addresses an alert goes to, in a stable order; admin alerts never to subscribers."""
    if alert.kind in ADMIN_KINDS:
        return (settings.admin,) if settings.admin else ()
    subscriptions = [Subscription(to=address) for address in settings.to]
    subscriptions += settings.subscriptions
    wanted: list[str] = []
    for subscription in subscriptions:
        if subscription.to in wanted:
            continue
        if alert.kind == "baseline" or (
            alert.kind in FIGURE_KINDS and matches(subscription, alert)
        ):
            wanted.append(subscription.to)
    return tuple(wanted)
