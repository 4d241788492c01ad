"""Which new figures are worth an alert: a new series, or a figure that moved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from storage.alerts import AlertRecord, ClaimReport

__all__ = [
    "baseline_summary",
    "claim_key",
    "decide_claims",
    "relative_change",
    "series_of",
    "source_failures",
]


def claim_key(metric: str, destination: str | None, per: str | None, low: int, high: int) -> str:
    """A claim's identity: however many outlets repeat it, it alerts once."""
    return f"{metric}|{destination or ''}|{per or ''}|{low}|{high}"


# ---------------------------------------------------------------------------------------------
# Rules over consolidated claims.

Series = tuple[str, str | None, str | None]


def series_of(item: ClaimReport | AlertRecord) -> Series:
    return (item.metric, item.destination, item.per)


def relative_change(old_low: int, old_high: int, low: int, high: int) -> float:
    """How far a figure moved from the one before, as a fraction of the old one (either
    end of a range; 1.0 when the old one was 0)."""
    changes = [
        abs(new - old) / old if old else (0.0 if new == old else 1.0)
        for old, new in ((old_low, low), (old_high, high))
    ]
    return max(changes)


def _claim_key(claim: ClaimReport) -> str:
    # The claim and its first report's day: one claim alerts once however many outlets
    # repeat it, and a figure that returns weeks later (a new claim) can alert again.
    day = claim.reported_at.date().isoformat()
    return f"{claim_key(claim.metric, claim.destination, claim.per, claim.low, claim.high)}|{day}"


def _record(
    claim: ClaimReport, kind: str, status: str, previous: ClaimReport | None, detail: str = ""
) -> AlertRecord:
    disputing = kind == "disputed"
    return AlertRecord(
        key=("disputed|" if disputing else "") + _claim_key(claim),
        kind=kind,
        status=status,
        metric=claim.metric,
        destination=claim.destination,
        per=claim.per,
        low=claim.low,
        high=claim.high,
        qualifier=claim.qualifier,
        previous_low=None if previous is None else previous.low,
        previous_high=None if previous is None else previous.high,
        previous_qualifier=None if previous is None else previous.qualifier,
        previous_source=None if previous is None else previous.source,
        change=None
        if previous is None
        else relative_change(previous.low, previous.high, claim.low, claim.high),
        source=claim.source,
        disputed=claim.disputed,
        quote=(claim.dispute_quote or claim.quote) if disputing else claim.quote,
        url=(claim.dispute_url or claim.url) if disputing else claim.url,
        title=claim.title,
        published_at=claim.published_at,
        outlets=claim.outlets,
        links=claim.links[:_MAX_LINKS],
        detail=detail,
    )


# Links listed per alert: the first reports are the ones worth reading; more is noise.
_MAX_LINKS = 5


def decide_claims(
    claims: Iterable[ClaimReport],
    new_sources: frozenset[str] = frozenset(),
    min_change: float = 0.0,
    review: bool = False,
) -> list[AlertRecord]:
    """Alerts for the claims a batch of figures touched, series by series.

    - a series' first claim: `new_series`;
    - a new claim that differs from the latest one by at least `min_change`: `changed`
      (`new_high` when it passes every earlier claim; a new high alerts at any change);
    - a known claim that a new report disputes: `disputed`;
    - a new claim reported before the series' latest known one is history (`backfill`), and
      a claim only new sources reported sets their baseline: both are recorded with status
      `baseline` and never sent.
    Alerts that would be sent get status `review` when review is on, else `pending`.
    """
    waiting = "review" if review else "pending"
    by_series: dict[Series, list[ClaimReport]] = {}
    for claim in claims:
        by_series.setdefault(series_of(claim), []).append(claim)
    records: list[AlertRecord] = []
    for series_claims in by_series.values():
        known = [c for c in series_claims if c.known]
        order = lambda c: (c.reported_at, c.high, c.claim_id)  # noqa: E731
        latest = max(known, key=order) if known else None
        peak = max((c.high for c in known), default=None)
        for claim in known:
            if claim.disputed and not claim.disputed_before:
                quiet = bool(claim.new_from) and set(claim.new_from) <= new_sources
                records.append(_record(claim, "disputed", "baseline" if quiet else waiting, None))
        for claim in sorted((c for c in series_claims if not c.known), key=order):
            baseline = bool(claim.new_from) and set(claim.new_from) <= new_sources
            if latest is not None and claim.reported_at < latest.reported_at:
                records.append(_record(claim, "backfill", "baseline", latest))
                continue
            kind: str | None
            if latest is None:
                kind = "new_series"
            else:
                change = relative_change(latest.low, latest.high, claim.low, claim.high)
                if peak is not None and claim.high > peak:
                    kind = "new_high"
                elif change > 0 and change >= min_change:
                    kind = "changed"
                else:
                    kind = None
            if kind is not None:
                records.append(_record(claim, kind, "baseline" if baseline else waiting, latest))
            latest = claim
            peak = claim.high if peak is None else max(peak, claim.high)
    return records


def baseline_summary(
    records: Sequence[AlertRecord], sources: frozenset[str], run_id: int | None
) -> AlertRecord | None:
    """One message saying that new sources set the baseline (None when none did)."""
    silent = [r for r in records if r.status == "baseline" and r.kind != "backfill"]
    if not sources or not silent:
        return None
    series = sorted({series_of(r) for r in silent}, key=lambda s: (s[0], s[1] or "", s[2] or ""))
    detail = (
        f"Baseline set: {len(silent)} figures in {len(series)} series from "
        f"{len(sources)} new source(s) ({', '.join(sorted(sources))}). They are recorded "
        "without alerts; from the next run on, changes to these series are sent."
    )
    stamp = run_id if run_id is not None else datetime.now(UTC).isoformat()
    return AlertRecord(key=f"baseline|{stamp}", kind="baseline", status="pending", detail=detail)


def source_failures(
    stats: Mapping[str, int], after_runs: int, run_id: int | None
) -> list[AlertRecord]:
    """An admin alert for each source whose feed or sitemap has failed `after_runs` runs in
    a row (`source/<name>/failing_runs` in the crawl stats); one per streak of failures."""
    records = []
    for name, value in sorted(stats.items()):
        if not (name.startswith("source/") and name.endswith("/failing_runs")):
            continue
        source = name[len("source/") : -len("/failing_runs")]
        runs = int(value)
        if runs < after_runs:
            continue
        streak = f"run{run_id - runs + 1}" if run_id is not None else "now"
        records.append(
            AlertRecord(
                key=f"source_failing|{source}|{streak}",
                kind="source_failing",
                status="pending",
                source=source,
                detail=(
                    f"Source {source!r} has failed {runs} runs in a row (its feed or sitemap "
                    "could not be read). Check `exodus status` and the crawl_log table."
                ),
            )
        )
    return records
