"""Which new figures are worth an alert: a new series, or a figure that moved."""

from __future__ import annotations

from collections.abc import Iterable

from exodus.records import Alert
from storage.alerts import SeriesPoint

__all__ = ["decide", "claim_key"]


def claim_key(metric: str, destination: str | None, per: str | None, low: int, high: int) -> str:
    """A claim's identity: however many outlets repeat it, it alerts once."""
    return f"{metric}|{destination or ''}|{per or ''}|{low}|{high}"


def decide(points: Iterable[SeriesPoint]) -> list[Alert]:
    """An alert for each point that opens a series or differs from the figure before it."""
    alerts: list[Alert] = []
    for point in points:
        if point.previous_low is None:
            kind = "new_series"
        elif (point.previous_low, point.previous_high) != (point.low, point.high):
            kind = "changed"
        else:
            continue
        alerts.append(
            Alert(
                key=claim_key(point.metric, point.destination, point.per, point.low, point.high),
                kind=kind,
                metric=point.metric,
                destination=point.destination,
                per=point.per,
                low=point.low,
                high=point.high,
                qualifier=point.qualifier,
                previous_low=point.previous_low,
                previous_high=point.previous_high,
                source=point.source,
                disputed=point.disputed,
                quote=point.quote,
                url=point.url,
                title=point.title,
                published_at=point.published_at,
            )
        )
    return alerts
