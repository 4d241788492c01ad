"""The report: one self-contained HTML page (inline CSS, inline SVG charts, no network).

Every piece of article text goes through html.escape; links are kept only when http(s).
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import storage
from storage.alerts import AlertRecord, LatestClaim, SeriesDay

__all__ = ["render_report", "write_report"]

Series = tuple[str, str | None, str | None]

# Recent changes shown; older ones are in the alerts table.
RECENT_CHANGES = 30

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}.disputed{color:#c0392b;font-weight:bold}
.series{display:inline-block;width:48%;min-width:320px;vertical-align:top;margin:.5em 0}
.series svg{width:100%;height:auto}.muted{color:#666;font-size:.85em}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(url: str, text: str) -> str:
    if not url.startswith(("http://", "https://")):
        return _e(text)
    return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(text)}</a>'


def _svg(data: bytes) -> str:
    # matplotlib writes an XML declaration and a DOCTYPE first; inline SVG starts at <svg.
    text = data.decode("utf-8")
    return text[text.index("<svg") :]


def render_report(
    latest: Sequence[LatestClaim],
    history: Mapping[Series, Sequence[SeriesDay]],
    changes: Sequence[AlertRecord],
    generated_at: datetime | None = None,
) -> str:
    """The page as text."""
    from alerts.compose import figure_text, series_title
    from reports.charts import series_chart

    generated = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    for claim in latest:
        title = series_title(claim.metric, claim.destination, claim.per)
        previous = (
            figure_text(claim.previous_low, claim.previous_high, None)
            if claim.previous_low is not None and claim.previous_high is not None
            else ""
        )
        flag = ' <span class="disputed">disputed</span>' if claim.disputed else ""
        links = "<br>".join(_link(url, title_) for url, title_ in claim.links)
        rows.append(
            f"<tr><td>{_e(title)}</td>"
            f'<td class="n">{_e(figure_text(claim.low, claim.high, claim.qualifier))}{flag}</td>'
            f'<td class="n">{_e(previous)}</td>'
            f"<td>{_e(claim.reported_at.date().isoformat())}</td>"
            f"<td>{_e(claim.source or 'unattributed')}</td>"
            f"<td>{_e(', '.join(claim.outlets))}</td><td>{links}</td></tr>"
        )
    charts = []
    for key, days in history.items():
        title = series_title(*key)
        disputed = sum(d.disputed for d in days)
        note = f", {disputed} disputed" if disputed else ""
        charts.append(
            f'<div class="series"><figure>{_svg(series_chart(days, title, fmt="svg"))}'
            f'<figcaption class="muted">{_e(title)}: {len(days)} reporting days'
            f"{note}"
            "</figcaption></figure></div>"
        )
    recent = []
    for alert in changes:
        was = (
            figure_text(alert.previous_low, alert.previous_high, alert.previous_qualifier)
            if alert.previous_low is not None and alert.previous_high is not None
            else "—"
        )
        when = alert.published_at.date().isoformat() if alert.published_at else ""
        recent.append(
            f"<tr><td>{_e(when)}</td><td>{_e(alert.kind.replace('_', ' '))}</td>"
            f"<td>{_e(series_title(alert.metric, alert.destination, alert.per))}</td>"
            f'<td class="n">{_e(was)}</td>'
            f'<td class="n">{_e(figure_text(alert.low, alert.high, alert.qualifier))}</td>'
            f"<td>{_e(alert.source or 'unattributed')}</td>"
            f"<td>{_link(alert.url, alert.title or alert.url)}</td></tr>"
        )
    empty = '<p class="muted">Nothing stored yet: run `exodus run` or `exodus demo`.</p>'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>exodus-monitor report</title><style>{_CSS}</style></head><body>"
        "<h1>The mobilisation exodus, as reported</h1>"
        f'<p class="muted">Generated {_e(generated)} by exodus-monitor. Ranges are shaded; '
        "disputed figures are marked with a red cross.</p>"
        "<h2>Latest figures</h2>"
        + (
            "<table><tr><th>series</th><th>latest</th><th>before</th><th>first reported</th>"
            "<th>said by</th><th>outlets</th><th>sources</th></tr>" + "".join(rows) + "</table>"
            if rows
            else empty
        )
        + "<h2>Series over time</h2>"
        + ("".join(charts) or empty)
        + "<h2>Recent changes</h2>"
        + (
            "<table><tr><th>published</th><th>what</th><th>series</th><th>was</th>"
            "<th>now</th><th>said by</th><th>article</th></tr>" + "".join(recent) + "</table>"
            if recent
            else '<p class="muted">No changes alerted yet.</p>'
        )
        + "</body></html>\n"
    )


def write_report(db: str, output: Path) -> Path:
    """Read the database (read-only) and write the page atomically to `output`."""
    from storage.connection import require_current

    with storage.reading(db) as connection:
        require_current(connection, db)
        latest = storage.latest_claims(connection)
        history = storage.series_history(connection)
        changes = [
            a
            for a in storage.alerts_with_status(
                connection, ["sent", "pending", "review"], RECENT_CHANGES * 2
            )
            if a.metric
        ][:RECENT_CHANGES]
    page = render_report(latest, history, changes)
    output.parent.mkdir(parents=True, exist_ok=True)
    scratch = output.with_name(f".{output.name}.tmp")
    scratch.write_text(page, encoding="utf-8")
    os.replace(scratch, output)
    return output
