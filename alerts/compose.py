"""Alerts as email: one digest per run and recipient, plain text and HTML with charts;
headers that article text cannot inject."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pycountry

from storage.alerts import AlertRecord

__all__ = [
    "compose_digest",
    "digest_message_id",
    "digest_subject",
    "figure_text",
    "place_name",
    "series_title",
]

_QUALIFIER_WORDS = {
    "exact": "",
    "approx": "about ",
    "at_least": "at least ",
    "at_most": "up to ",
    "range": "",
}


def place_name(destination: str | None) -> str:
    if destination is None:
        return "all destinations"
    if destination == "EU":
        return "the EU"
    country = pycountry.countries.get(alpha_2=destination)
    return str(getattr(country, "common_name", None) or getattr(country, "name", destination))


def _amount(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}-{high:,}"


def _one_line(text: str, limit: int = 200) -> str:
    # Article text must never become a header of its own: fold every line break away.
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Digests: one multipart message per run and recipient, listing every change.

_SERIES_WORDS = {
    "departed": "departures",
    "arrived": "arrivals",
    "moved_on": "onward departures",
    "registered": "registrations",
    "returned": "returns to Russia",
    "called_up": "call-up",
}
_KIND_WORDS = {
    "new_series": "First figure",
    "changed": "Changed",
    "new_high": "New high",
    "disputed": "Newly disputed",
}
_KIND_RANK = {"new_high": 0, "changed": 1, "disputed": 2, "new_series": 3}
_SUBJECT_LIMIT = 180
_FOOTER = "exodus-monitor: figures on the mobilisation exodus, as reported."


def series_title(metric: str, destination: str | None, per: str | None) -> str:
    """'Kazakhstan arrivals', 'Departures from Russia (per day)'."""
    words = _SERIES_WORDS.get(metric, metric)
    if destination is None:
        title = "Departures from Russia" if metric == "departed" else words.capitalize()
    else:
        place = "EU" if destination == "EU" else place_name(destination)
        title = f"{place} {words}"
        title = title[0].upper() + title[1:]
    return f"{title} (per {per})" if per else title


def figure_text(low: int, high: int, qualifier: str | None) -> str:
    """'about 200,000', '600,000–700,000', 'at least 10,000'."""
    amount = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    return f"{_QUALIFIER_WORDS.get(qualifier or '', '')}{amount}"


def _headline(alert: AlertRecord) -> str:
    if alert.kind == "baseline":
        return alert.detail.split(":")[0] if alert.detail else "Baseline set"
    if alert.kind == "source_failing":
        return f"Source failing: {alert.source}"
    title = series_title(alert.metric, alert.destination, alert.per)
    new = figure_text(alert.low, alert.high, None)
    who = f" ({alert.source})" if alert.source else ""
    if alert.kind == "disputed":
        return f"{title}: {new} disputed{who}"
    if alert.previous_low is None or alert.previous_high is None:
        return f"{title}: first figure {new}{who}"
    old = figure_text(alert.previous_low, alert.previous_high, None)
    return f"{title}: {old} → {new}{who}"


def digest_subject(alerts: Sequence[AlertRecord]) -> str:
    """What changed, in one line: the first change, and how many more."""
    subject = f"[exodus] {_one_line(_headline(alerts[0]), _SUBJECT_LIMIT)}"
    if len(alerts) > 1:
        subject += f" (+{len(alerts) - 1} more)"
    return subject


def _safe_link(url: str) -> str | None:
    return url if url.startswith(("http://", "https://")) else None


def _text_block(alert: AlertRecord) -> list[str]:
    if alert.kind in ("baseline", "source_failing"):
        return [_one_line(alert.detail, 2000), ""]
    lines = [f"{_KIND_WORDS.get(alert.kind, alert.kind)}: {_one_line(_headline(alert))}"]
    lines.append(f"  New: {figure_text(alert.low, alert.high, alert.qualifier)}")
    if alert.previous_low is not None and alert.previous_high is not None:
        previous = figure_text(alert.previous_low, alert.previous_high, alert.previous_qualifier)
        by = f" ({alert.previous_source})" if alert.previous_source else ""
        lines.append(f"  Was: {previous}{by}")
    lines.append(f"  Said by: {_one_line(alert.source or 'unattributed')}")
    if alert.disputed:
        lines.append("  Disputed: yes")
    if alert.outlets:
        lines.append(f"  Outlets: {_one_line(', '.join(alert.outlets), 500)}")
    published = alert.published_at.date().isoformat() if alert.published_at else "date unknown"
    lines.append(f"  Article: {_one_line(alert.title or '(no title)')} ({published})")
    for url in dict.fromkeys((alert.url, *alert.links)):
        if _safe_link(url):
            lines.append(f"  Link: {url}")
    lines.append(f"  Quote: “{_one_line(alert.quote, 1000)}”")
    lines.append("")
    return lines


def _e(text: str, quote: bool = False) -> str:
    # Escaped, and on one line: article text can neither add markup nor start a line.
    return html.escape(" ".join(text.split()), quote=quote)


def _html_block(alert: AlertRecord, chart_cid: str | None) -> str:
    e = _e
    if alert.kind in ("baseline", "source_failing"):
        return f"<p>{e(alert.detail)}</p>"
    rows = [("New", figure_text(alert.low, alert.high, alert.qualifier))]
    if alert.previous_low is not None and alert.previous_high is not None:
        by = f" ({alert.previous_source})" if alert.previous_source else ""
        previous = figure_text(alert.previous_low, alert.previous_high, alert.previous_qualifier)
        rows.append(("Was", previous + by))
    rows.append(("Said by", alert.source or "unattributed"))
    if alert.disputed:
        rows.append(("Disputed", "yes"))
    if alert.outlets:
        rows.append(("Outlets", ", ".join(alert.outlets)))
    table = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{e(k)}</th><td>{e(v)}</td></tr>'
        for k, v in rows
    )
    links = "".join(
        f'<li><a href="{e(url, quote=True)}">{e(url)}</a></li>'
        for url in dict.fromkeys((alert.url, *alert.links))
        if _safe_link(url)
    )
    chart = (
        f'<img src="cid:{e(chart_cid[1:-1], quote=True)}" width="640" height="240" '
        f'alt="{e(series_title(alert.metric, alert.destination, alert.per), quote=True)}">'
        if chart_cid
        else ""
    )
    return (
        f'<h2 style="font-size:1.1em">{e(_KIND_WORDS.get(alert.kind, alert.kind))}: '
        f"{e(_headline(alert))}</h2><table>{table}</table>"
        f"<p>{e(alert.title or '(no title)')}</p>"
        f"<blockquote>{e(alert.quote)}</blockquote><ul>{links}</ul>{chart}"
    )


def digest_message_id(recipient: str, alert_keys: Sequence[str]) -> str:
    """The same recipient and alerts give the same Message-ID: a resend after a crash is
    recognisably the same message (and replaces the same outbox file)."""
    material = "\n".join([recipient, *sorted(alert_keys)]).encode()
    return f"<{hashlib.sha256(material).hexdigest()[:32]}@exodus-monitor.local>"


def compose_digest(
    alerts: Sequence[AlertRecord],
    recipient: str,
    sender: str,
    charts: Mapping[tuple[str, str | None, str | None], bytes] | None = None,
) -> EmailMessage:
    """One email listing every alert of a run for one recipient: plain text and HTML, with
    a chart of each changed series as an inline PNG. Article text is escaped in the HTML and
    folded to one line in headers, so it can inject neither."""
    if not alerts:
        raise ValueError("a digest needs at least one alert")
    # The subject leads with the most telling change: moves, then disputes, then firsts.
    alerts = sorted(alerts, key=lambda a: (_KIND_RANK.get(a.kind, len(_KIND_RANK)), a.id or 0))
    charts = charts or {}
    message = EmailMessage()
    message["Subject"] = digest_subject(alerts)
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = digest_message_id(recipient, [a.key for a in alerts])
    message["X-Exodus-Alerts"] = ",".join(str(a.id) for a in alerts if a.id is not None)
    text = [f"{len(alerts)} change(s) in the exodus figures:", ""]
    for alert in alerts:
        text += _text_block(alert)
    text += ["-- ", _FOOTER]
    message.set_content("\n".join(text))
    cids: dict[tuple[str, str | None, str | None], str] = {}
    for alert in alerts:
        series = (alert.metric, alert.destination, alert.per)
        if series in charts and series not in cids:
            cids[series] = make_msgid(domain="exodus-monitor.local")
    body = "".join(_html_block(a, cids.get((a.metric, a.destination, a.per))) for a in alerts)
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        '<body style="font-family:sans-serif;max-width:700px">'
        f"<p>{len(alerts)} change(s) in the exodus figures:</p>{body}"
        f'<hr><p style="color:#666">{html.escape(_FOOTER)}</p></body></html>'
    )
    message.add_alternative(page, subtype="html")
    html_part = message.get_payload()[1]  # type: ignore[index]
    assert isinstance(html_part, EmailMessage)
    for series, cid in cids.items():
        html_part.add_related(charts[series], "image", "png", cid=cid, filename="chart.png")
    return message
