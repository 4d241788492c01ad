"""A series over time as a small chart: PNG for email, SVG for the HTML report.

matplotlib's object API (no pyplot): no global state, safe inside a long-lived worker.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from storage.alerts import SeriesDay

__all__ = ["series_chart"]

# Inches at 100 dpi: 640 x 240 px, readable in a mail client's reading pane.
_SIZE = (6.4, 2.4)
_LINE = "#1f5fa8"
_DISPUTED = "#c0392b"


def _amount(value: float, _position: object = None) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if value >= 1_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:.0f}"


def series_chart(days: Sequence[SeriesDay], title: str, fmt: str = "png") -> bytes:
    """The series' figures by reporting day: a line through the highs, the ranges shaded,
    disputed days as red crosses. `fmt` is "png" or "svg"."""
    figure = Figure(figsize=_SIZE, dpi=100)
    axes = figure.add_subplot()
    when = [
        float(date2num(datetime(d.reported_on.year, d.reported_on.month, d.reported_on.day)))
        for d in days
    ]
    highs = [d.high for d in days]
    lows = [d.low for d in days]
    axes.fill_between(when, lows, highs, color=_LINE, alpha=0.18, linewidth=0, label="range")
    axes.plot(when, highs, color=_LINE, marker="o", markersize=4, linewidth=1.5, label="figure")
    disputed = [(w, d.high) for w, d in zip(when, days, strict=True) if d.disputed]
    if disputed:
        axes.scatter(
            [w for w, _ in disputed],
            [h for _, h in disputed],
            color=_DISPUTED,
            marker="x",
            s=60,
            zorder=3,
            label="disputed",
        )
    axes.set_title(title, fontsize=10, loc="left")
    axes.yaxis.set_major_formatter(FuncFormatter(_amount))
    locator = AutoDateLocator(minticks=2, maxticks=6)
    axes.xaxis_date()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if disputed or any(d.low != d.high for d in days):
        axes.legend(fontsize=8, frameon=False, loc="upper left")
    figure.tight_layout()
    buffer = io.BytesIO()
    # svg.fonttype none keeps labels as <text>, a few kB instead of glyph paths.
    metadata = {"Date": None} if fmt == "svg" else {}
    with _svg_text():
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _svg_text():  # type: ignore[no-untyped-def]
    from matplotlib import rc_context

    return rc_context({"svg.fonttype": "none"})
