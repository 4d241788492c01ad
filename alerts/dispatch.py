"""Sending what is pending: one digest per recipient, recorded per alert and recipient.

Exactly once: alerts are on record (status `pending`) before this runs; a digest is composed
from every pending alert a recipient has not had yet, handed over, and only then recorded as
delivered to that recipient. A refused server leaves everything pending for the next run; a
crash between hand-over and record resends at most that digest, with the same Message-ID.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import storage
from alerts.compose import compose_digest, series_title
from alerts.route import ADMIN_KINDS, recipients
from alerts.send import SendError, deliver
from exodus.config import AlertSettings
from storage.alerts import AlertRecord

__all__ = ["SendReport", "send_pending"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendReport:
    messages_sent: int  # digests handed over
    messages_failed: int  # digests the server refused (their alerts stay pending)
    alerts_sent: int  # alerts now delivered to every recipient
    errors: tuple[str, ...] = ()


def _charts(db: str, alerts: list[AlertRecord]) -> dict[tuple[str, str | None, str | None], bytes]:
    from reports.charts import series_chart

    wanted = {(a.metric, a.destination, a.per) for a in alerts if a.metric}
    if not wanted:
        return {}
    with storage.reading(db) as connection:
        history = storage.series_history(connection, sorted(wanted, key=str))
    return {key: series_chart(days, series_title(*key)) for key, days in history.items()}


def send_pending(db: str, settings: AlertSettings) -> SendReport:
    """Send every pending alert (this run's and those an earlier run could not send)."""
    with storage.writing(db) as connection:
        pending = storage.alerts_with_status(connection, ["pending"])
        done = storage.delivered(connection, [a.id for a in pending if a.id is not None])
        unrouted = [a.id for a in pending if a.id is not None and not recipients(a, settings)]
        if unrouted:
            storage.set_status(connection, unrouted, "no_recipient")
    # (recipient, admin?) -> alerts it still needs: admin messages never mix with news.
    digests: dict[tuple[str, bool], list[AlertRecord]] = {}
    for alert in pending:
        for address in recipients(alert, settings):
            if alert.id is not None and (alert.id, address) not in done:
                digests.setdefault((address, alert.kind in ADMIN_KINDS), []).append(alert)
    charts = _charts(db, [a for group in digests.values() for a in group]) if digests else {}
    sent = failed = 0
    errors: list[str] = []
    via = ""
    for (address, _admin), group in digests.items():
        message = compose_digest(group, address, settings.from_, charts)
        ids = [a.id for a in group if a.id is not None]
        try:
            delivery = deliver(message, settings)
        except SendError as error:
            failed += 1
            errors.append(str(error))
            log.warning("digest for %s not sent, kept for the next run: %s", address, error)
            with storage.writing(db) as connection:
                for alert_id in ids:
                    storage.mark_failed(connection, alert_id, str(error))
            continue
        via = delivery.via
        with storage.writing(db) as connection, storage.transaction(connection):
            storage.record_delivery(connection, ids, address, delivery.via, message["Message-ID"])
        sent += 1
    alerts_sent = 0
    with storage.writing(db) as connection, storage.transaction(connection):
        done = storage.delivered(connection, [a.id for a in pending if a.id is not None])
        for alert in pending:
            wanted = recipients(alert, settings)
            if alert.id is None or not wanted:
                continue
            if all((alert.id, address) in done for address in wanted):
                storage.finish_sent(connection, alert.id, via or "smtp")
                alerts_sent += 1
    return SendReport(sent, failed, alerts_sent, tuple(errors))
