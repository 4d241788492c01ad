"""The typed row the extractor returns: one reported figure, as FIGURES.md defines it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

Metric = Literal["departed", "arrived", "moved_on", "registered", "returned", "called_up"]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "range"]
Per = Literal["day", "week"]

METRICS: tuple[str, ...] = (
    "departed", "arrived", "moved_on", "registered", "returned", "called_up"
)
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most", "range")
PERS: tuple[str, ...] = ("day", "week")


@dataclass(frozen=True)
class Figure:
    """One distinct figure reported in one article."""

    metric: Metric
    destination: str | None  # ISO 3166-1 alpha-2, "EU", or None for an unplaced total
    low: int
    high: int
    qualifier: Qualifier
    per: Per | None
    since: date | None
    source: str | None
    disputed: bool
    quote: str  # the sentence the figure was read from
    quote_start: int  # character offsets of the quote in the text given to the extractor
    quote_end: int

    @property
    def key(self) -> tuple[str, str | None, int, int, str | None]:
        """The identity of a figure within its article (FIGURES.md's merge rule)."""
        return (self.metric, self.destination, self.low, self.high, self.per)

    def as_row(self) -> dict[str, Any]:
        """A JSON-ready dict with every FIGURES.md field (dates as ISO strings)."""
        row = asdict(self)
        row["since"] = self.since.isoformat() if self.since else None
        return row
