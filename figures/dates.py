"""The counting period of a figure: its start date (`since`) and its rate (`per`).

Rules first (FIGURES.md's hard cases); dateparser only for a "since <date>" phrase the
rules do not know, so most sentences never reach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from figures.lexicon import lexicon

__all__ = ["Period", "period_of", "per_of"]

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MONTH_ALT = "|".join(_MONTHS + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep",
                                 "oct", "nov", "dec"])
_MONTH_IN = re.compile(
    rf"\b(?:in|during|throughout|for|over|since\s+the\s+(?:start|beginning)\s+of)\s+"
    rf"(?:the\s+month\s+of\s+)?(?P<month>{_MONTH_ALT})\b(?!\s+\d)", re.IGNORECASE)
_MONTH_SPAN = re.compile(
    rf"\b(?:between\s+)?(?P<a>{_MONTH_ALT})\s*(?:-|–|to|and|through)\s*(?P<b>{_MONTH_ALT})\b",
    re.IGNORECASE)
_HALF = re.compile(
    rf"\b(?P<which>first|second)\s+half\s+of\s+(?P<month>{_MONTH_ALT})\b", re.IGNORECASE)
_QUARTER = re.compile(
    r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b|\bQ(?P<q>[1-4])\b",
    re.IGNORECASE)
_YEAR_IN = re.compile(r"\b(?:in|during|throughout|for|over|since)\s+(?P<year>(?:19|20)\d\d)\b",
                      re.IGNORECASE)
_LAST_YEAR = re.compile(r"\blast\s+year\b", re.IGNORECASE)
_SINCE_PHRASE = re.compile(
    rf"\bsince\s+(?P<phrase>(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?"
    rf"\s+(?:{_MONTH_ALT})|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    rf"|(?:{_MONTH_ALT})\b)(?:,?\s+(?:19|20)\d\d)?)",
    re.IGNORECASE)
_DAY_RANGE = re.compile(
    rf"\b(?:{_MONTH_ALT})\.?\s+\d{{1,2}}\s*(?:-|–|to|and)\s*\d{{1,2}}\b"
    rf"|\b\d{{1,2}}\s*(?:-|–|to)\s*\d{{1,2}}\s+(?:{_MONTH_ALT})\b", re.IGNORECASE)
_ONE_DATE = re.compile(
    rf"\bon\s+(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{_MONTH_ALT})\b)",
    re.IGNORECASE)
_WEEKDAY_ON = re.compile(
    r"\b(?:on|last|this|yesterday,?)\s+(?P<day>monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b|\b(?P<bare>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:'s)?\s+alone\b", re.IGNORECASE)
_RATE_TAIL = re.compile(r"^\s*(?:after|earlier|later|before|ago|or two|of)\b", re.IGNORECASE)
# A weekday or date this close to a verb of saying dates the statement, not the count.
_SPEECH_GAP = 28


@dataclass(frozen=True)
class Period:
    """The counting period a clause gives a figure."""

    since: date | None
    before_mobilisation: bool  # the period ends before the mobilisation: not a row
    carries: bool  # "in the same period", "of them": continue an earlier count


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    for i, month in enumerate(_MONTHS, 1):
        if month.startswith(name[:3]):
            return i
    return 1


def _year_for(month: int, published: date) -> int:
    """The year a bare month means: this year, unless that lies after publication."""
    return published.year if month <= published.month else published.year - 1


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def period_of(text: str, published: date | None) -> Period:
    """Resolve the start of the counting period that `text` (a clause) names."""
    lex = lexicon()
    mobilisation = lex.mobilisation
    if lex.since_none.search(text):
        return Period(None, False, False)
    if lex.since_mobilisation.search(text):
        return Period(mobilisation, False, False)
    if lex.since_invasion.search(text):
        return Period(lex.invasion, False, False)
    base = published or mobilisation
    if lex.since_year.search(text):
        year = re.search(r"(?:19|20)\d\d", lex.since_year.search(text).group(0))  # type: ignore[union-attr]
        start = date(int(year.group(0)) if year else base.year, 1, 1)
        return Period(start, date(start.year, 12, 31) < mobilisation, False)
    if (match := _YEAR_IN.search(text)) is not None:
        year_n = int(match.group("year"))
        return Period(date(year_n, 1, 1), date(year_n, 12, 31) < mobilisation, False)
    if _LAST_YEAR.search(text):
        start = date(base.year - 1, 1, 1)
        return Period(start, date(start.year, 12, 31) < mobilisation, False)
    if (match := _HALF.search(text)) is not None:
        month = _month_number(match.group("month"))
        year_n = _year_for(month, base)
        first = match.group("which").lower() == "first"
        start = date(year_n, month, 1 if first else 16)
        end = date(year_n, month, 15) if first else _month_end(year_n, month)
        return Period(start, end < mobilisation, False)
    if (match := _MONTH_SPAN.search(text)) is not None:
        a, b = _month_number(match.group("a")), _month_number(match.group("b"))
        year_n = _year_for(b, base)
        return Period(date(year_n, a, 1), _month_end(year_n, b) < mobilisation, False)
    if (match := _QUARTER.search(text)) is not None:
        n = match.group("n") or match.group("q")
        q = {"first": 1, "1st": 1, "1": 1, "second": 2, "2nd": 2, "2": 2, "third": 3, "3rd": 3,
             "3": 3}.get(n.lower(), 4)
        year_q = base.year if date(base.year, 3 * q - 2, 1) <= base else base.year - 1
        start = date(year_q, 3 * q - 2, 1)
        return Period(start, _month_end(year_q, 3 * q) < mobilisation, False)
    if (match := _SINCE_PHRASE.search(text)) is not None:
        since = _since_date(match.group("phrase"), base)
        if since is not None:
            return Period(since, False, False)
    if (match := _MONTH_IN.search(text)) is not None:
        month = _month_number(match.group("month"))
        year_n = _year_for(month, base)
        return Period(date(year_n, month, 1), _month_end(year_n, month) < mobilisation, False)
    return Period(None, False, bool(lex.since_carry.search(text)))


def _since_date(phrase: str, base: date) -> date | None:
    """'September 21' / '21 Sept' / 'Wednesday' -> a date on or before the publication."""
    words = phrase.lower().split()
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    if words and words[0] in days:
        back = (base.weekday() - days.index(words[0])) % 7 or 7
        return base - timedelta(days=back)
    return _dateparser(phrase, base)


@lru_cache(maxsize=512)
def _dateparser(phrase: str, base: date) -> date | None:
    from datetime import datetime

    import dateparser  # imported here: it is slow to import and most texts never need it

    parsed = dateparser.parse(
        phrase,
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(base.year, base.month, base.day),
                  "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"},
    )
    if parsed is None:
        return None
    found = parsed.date()
    if found > base and not re.search(r"(?:19|20)\d\d", phrase):
        found = found.replace(year=found.year - 1)
    return found


def per_of(clause: str, number_start: int, number_end: int) -> str | None:
    """'day', 'week' or None for a figure at [number_start, number_end) of `clause`."""
    lex = lexicon()
    for pattern, name in ((lex.per_day, "day"), (lex.per_week, "week")):
        for match in pattern.finditer(clause):
            phrase = match.group(0).lower()
            if phrase in ("a day", "a week", "in a day") and (
                    _RATE_TAIL.match(clause[match.end():])
                    or re.search(r"\b(?:in|within|for)\s+$", clause[:match.start()], re.I)):
                continue  # "a day after", "in a week": a duration, not a rate
            if phrase in ("a day", "per day", "each day", "every day", "daily", "a week",
                          "per week", "each week", "every week", "weekly"):
                return name
            if not lex.cumulative.search(clause):
                return name
    if lex.cumulative.search(clause):
        return None
    if _DAY_RANGE.search(clause):
        return "week"
    for match in list(_WEEKDAY_ON.finditer(clause)) + list(_ONE_DATE.finditer(clause)):
        if not _near_speech(clause, match.start(), match.end()):
            return "day"
    return None


_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|announced|reported|published|released|tweeted|posted|stated|"
    r"added|confirmed|wrote|estimated|denied|dismissed)(?:\s+[A-Za-z'’.-]+){0,3}"
    r"|\b(?:statement|briefing|interview|data|figures|report)(?:\s+\w+)?)\s*$",
    re.IGNORECASE)
_SPEECH_AFTER = re.compile(
    r"^\s*,?\s*(?:said|says|told|announced|reported|denied|dismissed|published|added|"
    r"confirmed|wrote|tweeted|estimated)\b", re.IGNORECASE)


def _near_speech(clause: str, start: int, end: int) -> bool:
    """True when the phrase dates a statement ("said on Tuesday", "on Thursday denied")."""
    before = clause[max(0, start - _SPEECH_GAP * 2):start]
    return bool(_SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(clause[end:]))
