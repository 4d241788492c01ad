"""Fold mentions into one row per figure (FIGURES.md: "One row per figure per article").

Rows merge only on identical metric, destination, low, high and per. The row keeps the
most specific mention's sentence and qualifier, the most specific attribution among all
mentions, and is disputed when any mention is.
"""

from __future__ import annotations

from dataclasses import replace

from figures.extract import Mention
from figures.lexicon import lexicon
from figures.model import Figure

__all__ = ["merge", "resolve_references"]

_MAGNITUDE = 2.0  # a reference inherits from an earlier figure at most this far in size
_KIND_WEIGHT = {"named": 4, "pronoun": 3, "carried": 2, "vague": 0, "none": 0}


def resolve_references(found: list[Mention]) -> list[Mention]:
    """Give "the 700,000 figure" to the row it names; "the number as 600,000 to 700,000"
    takes the metric of the earlier figure it overlaps (or is closest in size to)."""
    full = [m for m in found if m.metric is not None]
    out: list[Mention] = list(full)
    for ref in (m for m in found if m.metric is None):
        same = [m for m in full if m.low == ref.low and m.high == ref.high]
        if same:
            # Only the attribution and the dispute travel: the sentence is no reading of it.
            out.append(replace(ref, metric=same[0].metric, destination=same[0].destination,
                               per=same[0].per, qualifier="", quote=""))
            continue
        earlier = [m for m in full if m.order < ref.order and _close(m, ref)]
        if earlier:
            model = earlier[-1]
            # its own day or week, when it names one ("on Saturday alone the count was
            # 2,600" after a weekend total), else the period of the figure it refers to
            # its own day or week; a running count ("the total since the decree") has none
            per = ref.per or (None if lexicon().cumulative.search(ref.quote) else model.per)
            out.append(replace(ref, metric=model.metric, destination=model.destination,
                               per=per))
    return sorted(out, key=lambda m: m.order)


def _close(a: Mention, b: Mention) -> bool:
    if a.low <= b.high and b.low <= a.high:
        return True
    big, small = max(a.high, b.high), max(1, min(a.high, b.high))
    return big / small <= _MAGNITUDE


def _specificity(m: Mention) -> tuple[int, int, int, int, int]:
    """Attribution and a start date make a sentence specific; the body beats the headline;
    a hedge ("up to 700,000") says more than a bare number."""
    return (_KIND_WEIGHT[m.source_kind] + (2 if m.since else 0), 0 if m.in_title else 1,
            0 if m.qualifier == "exact" else 1, len(m.source or ""), -m.order)


def merge(found: list[Mention]) -> list[Figure]:
    """One Figure per distinct (metric, destination, low, high, per)."""
    groups: dict[tuple[object, ...], list[Mention]] = {}
    for m in resolve_references(found):
        key = (m.metric, m.destination, m.low, m.high, m.per)
        groups.setdefault(key, []).append(m)
    rows = []
    for group in groups.values():
        readings = [m for m in group if m.quote] or group
        best = max(readings, key=_specificity)
        sourced = [m for m in group if m.source and m.source_kind in ("named", "pronoun",
                                                                       "carried")]
        source = best.source
        if not source and sourced:
            source = max(sourced, key=lambda m: (_KIND_WEIGHT[m.source_kind],
                                                 len(m.source or ""))).source
        since = best.since or next((m.since for m in readings if m.since), None)
        rows.append((min(m.order for m in group), Figure(
            metric=best.metric,  # type: ignore[arg-type]
            destination=best.destination,
            low=best.low,
            high=best.high,
            qualifier=best.qualifier or "exact",  # type: ignore[arg-type]
            per=best.per,  # type: ignore[arg-type]
            since=since,
            source=source,
            disputed=any(m.disputed for m in group),
            quote=best.quote,
            quote_start=best.quote_start,
            quote_end=best.quote_end,
        )))
    return [figure for _, figure in sorted(rows, key=lambda r: r[0])]
