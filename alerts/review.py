"""The review step: with `review = true`, alerts wait until someone approves or rejects them."""

from __future__ import annotations

import storage
from alerts.dispatch import SendReport, send_pending
from exodus.config import AlertSettings
from exodus.errors import TerminalError
from storage.alerts import AlertRecord
from storage.connection import require_current

__all__ = ["ReviewError", "approve", "list_alerts", "reject"]

_DECIDABLE = ("review",)


class ReviewError(TerminalError):
    """No such alert, or not one waiting for review."""


def list_alerts(
    db: str, statuses: tuple[str, ...] = ("review", "pending"), limit: int = 100
) -> list[AlertRecord]:
    """Alerts in the given states, newest first."""
    with storage.reading(db) as connection:
        require_current(connection, db)
        return storage.alerts_with_status(connection, list(statuses), limit)


def _waiting(db: str, alert_id: int) -> AlertRecord:
    with storage.reading(db) as connection:
        require_current(connection, db)
        alert = storage.get_alert(connection, alert_id)
    if alert is None:
        raise ReviewError(f"no alert {alert_id}; `exodus alerts list` shows those waiting")
    if alert.status not in _DECIDABLE:
        raise ReviewError(f"alert {alert_id} is {alert.status}, not waiting for review")
    return alert


def approve(db: str, alert_id: int, settings: AlertSettings) -> SendReport:
    """Release an alert for sending and send what is pending now."""
    _waiting(db, alert_id)
    with storage.writing(db) as connection:
        storage.set_status(connection, [alert_id], "pending")
    return send_pending(db, settings)


def reject(db: str, alert_id: int) -> None:
    """Drop an alert: it is kept on record as rejected and never sent."""
    _waiting(db, alert_id)
    with storage.writing(db) as connection:
        storage.set_status(connection, [alert_id], "rejected")
