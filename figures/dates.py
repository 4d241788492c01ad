"""The counting period of a figure: its start date (`since`) and its rate (`per`).

Rules only (FIGURES.md's hard cases): every date phrase the patterns capture has a known
shape, so no date-parsing library is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from figures.lexicon import lexicon, plain_lower, trie_alternation

__all__ = ["Period", "period_of", "per_of", "without_remark"]

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
# A trie ("ma(?:rch|y|r)..."): the month patterns run on most clauses, and a flat
# alternation tries every name at every word.
_MONTH_WORDS = _MONTHS + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct",
                         "nov", "dec"]
_MONTH_ALT = trie_alternation(_MONTH_WORDS)
_MONTH_IN = re.compile(
    rf"\b(?:in|during|throughout|for|over|since\s+the\s+(?:start|beginning)\s+of)\s+"
    rf"(?:the\s+month\s+of\s+)?(?P<month>{_MONTH_ALT})\b"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b(?!,?\s+(?:as|when|while)\b)|(?!\s+\d))",
    re.IGNORECASE)  # "In September 2022, as ... was making headlines": a scene, not a count
_MONTH_SPAN = re.compile(
    rf"\b(?:between\s+)?(?P<a>{_MONTH_ALT})\s*(?:-|–|to|and|through)\s*(?P<b>{_MONTH_ALT})\b",
    re.IGNORECASE)
_HALF = re.compile(
    rf"\b(?P<which>first|second)\s+half\s+of\s+(?P<month>{_MONTH_ALT})\b", re.IGNORECASE)
_MONTHS_OF_YEAR = re.compile(
    r"\b(?P<which>first|last)\s+(?P<n>\w+)\s+months\s+of\s+(?:the\s+year|that\s+year|"
    r"(?P<year>(?:19|20)\d\d))\b", re.IGNORECASE)
_HALF_YEAR = re.compile(
    r"\b(?P<which>first|second)\s+half\s+of\s+(?:the\s+year|that\s+year|(?P<year>(?:19|20)\d\d))\b",
    re.IGNORECASE)
_QUARTER = re.compile(
    r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b|\bQ(?P<q>[1-4])\b",
    re.IGNORECASE)
# ("in the course of 2023": the year)
_YEAR_IN = re.compile(r"\b(?:in|during|throughout|for|over|since|in\s+the\s+course\s+of|"
                      r"first\s+(?:\w+\s+)?(?:months?|"
                      r"weeks?|half)\s+of|(?:same|that|corresponding)\s+(?:quarter|period|months?|weeks?)\s+"
                      r"of)\s+(?P<year>(?:19|20)\d\d)\b",
                      re.IGNORECASE)
_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d")
_BETWEEN_DATE = re.compile(
    rf"\bbetween\s+(?P<day>(?:{_MONTH_ALT})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_ALT}))\.?\s+and\s",
    re.IGNORECASE)
# A period in another century ("after 1917", "in the 1990s") is another story's.
_HISTORIC = re.compile(r"\b(?:in|after|during|by|following|from)\s+(?:the\s+)?"
                       r"(?P<year>1[0-9]\d\d)s?\b", re.IGNORECASE)
_MODERN_FROM = 2000
# A year named as the other side of a comparison ("fewer than in 2022", "up from 9,000 in
# 2021") is not the counting period of the figure compared.
_COMPARED_HEAD = re.compile(r"\b(?:than|up\s+from|down\s+from|compared\s+(?:with|to)|against|"
                            r"versus)\b[^,;:.]{0,25}$", re.IGNORECASE)
# ("last year's level" is a comparison, not the counting period)
_LAST_YEAR = re.compile(r"\blast\s+year\b(?!['’]s)", re.IGNORECASE)
_SINCE_PHRASE = re.compile(
    rf"\bsince\s+(?P<phrase>(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?"
    rf"\s+(?:{_MONTH_ALT})|(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    rf"|(?:{_MONTH_ALT})\b)(?:,?\s+(?:19|20)\d\d)?)",
    re.IGNORECASE)
_DAY_RANGE = re.compile(
    rf"\b(?P<a3>\d{{1,2}})\s+(?P<m3>{_MONTH_ALT})\.?\s*(?:-|–|to|and|until|through)\s*"
    # "21 September and Thursday 29 September": a weekday may name the last day
    rf"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    rf"(?P<b3>\d{{1,2}})\s+(?P<mb3>{_MONTH_ALT})\b"
    rf"|\b(?P<m1>{_MONTH_ALT})\.?\s+(?P<a1>\d{{1,2}})\s*(?:-|–|to|and)\s*"
    rf"(?:(?P<mb>{_MONTH_ALT})\.?\s+)?(?P<b1>\d{{1,2}})\b(?!,\d)"
    rf"|\b(?:(?<=between\s)(?P<a4>\d{{1,2}})\s+and\s+|(?P<a2>\d{{1,2}})\s*(?:-|–|to)\s*)"
    rf"(?P<b2>\d{{1,2}})\s+(?P<m2>{_MONTH_ALT})\b",
    re.IGNORECASE)
_WEEK_DAYS = 7  # a stated day range this long or shorter is one week's count
# "Early in October" / "late in September" dates a statement, not a counting period.
_POINT_IN_MONTH = re.compile(r"\b(?:early|late|mid)[\s-]*$", re.IGNORECASE)
_ONE_DATE = re.compile(
    rf"\bon\s+(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{_MONTH_ALT})\b)",
    re.IGNORECASE)
_BEFORE_DATE = re.compile(
    rf"\bbefore\s+(?P<day>(?:{_MONTH_ALT})\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{_MONTH_ALT})\b)",
    re.IGNORECASE)
_WEEKDAY_ON = re.compile(
    r"\b(?:(?:on|last|this|for|yesterday,?)\s+(?:(?:the|that|its|their|a)\s+)?(?:(?:same|"
    r"busiest|first|single|record|peak)\s+)?|on\s+that\s+)(?P<day>monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b|\b(?P<bare>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:'s)?\s+alone\b"
    # "Of Saturday's arrivals", "put Thursday's arrivals at": that one day's count
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)['’]s\s+(?:[\w-]+\s+)?"
    r"(?:arrivals|entries|crossings|count|total|figure|tally|departures)\b", re.IGNORECASE)
# A timeline or diary entry headed by one day ("Sept 25: Almost 11,200 Russians enter
# Georgia"): its counts are that day's.
_DATED_ENTRY = re.compile(
    rf"^\s*(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_ALT})\.?)"
    rf"(?:,?\s+(?:19|20)\d\d)?\s*(?::|\s[–—-])\s", re.IGNORECASE)
# "on Saturday and Sunday", "on Friday to Sunday": the count spans more than the one day
_NEXT_DAY = re.compile(r"\s*(?:and|or|to|through|-|–)\s*(?:on\s+)?(?:monday|tuesday|wednesday|"
                       r"thursday|friday|saturday|sunday)\b", re.IGNORECASE)
_DURATION_HEAD = re.compile(r"\b(?:in|within|for)\s+$", re.IGNORECASE)  # "in a day"
# "a week later", "a week and a half later": a lapse of time, not a rate
_RATE_TAIL = re.compile(r"^\s*(?:and\s+a\s+half\s+)?(?:after|earlier|later|before|ago|or two|of)\b",
                        re.IGNORECASE)
# A weekday or date this close to a verb of saying dates the statement, not the count.
_SPEECH_GAP = 28


@dataclass(frozen=True)
class Period:
    """The counting period a clause gives a figure."""

    since: date | None
    before_mobilisation: bool  # the period ends before the mobilisation: not a row
    carries: bool  # "in the same period", "of them": continue an earlier count
    kind: str = ""  # "since" (an open start), "range" (a stated day range), "span" (a month...)


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


# Every period pattern below needs one of these words: a clause without them names no
# period (most clauses), so one scan replaces ~20. `_gate_covers` checks the word lists.
_PERIOD_GATE = re.compile(
    rf"since|after|followed|when|year|half|quarter|first|\bQ[1-4]\b|(?:19|20)\d\d|\b(?:{_MONTH_ALT})\b",
    re.IGNORECASE)


# `_PERIOD_GATE` for lower-cased text (`plain_lower`), matching there exactly when the gate
# matches the text. Each branch opens with a plain letter or digit, so the regex engine
# skips in C to the characters that can start one; the IGNORECASE gate, and any branch
# opening with a word-start check, is instead tried at every character.
_LOWER_GATE = re.compile("|".join(
    ["since", "after", "followed", "when", "year", "half", "quarter", "first", r"q(?<=\bq)[1-4]\b",
     r"19\d\d", r"20\d\d"] + [rf"{m[0]}(?<=\b{m[0]}){m[1:]}\b" for m in _MONTH_WORDS]))
# Every month name and abbreviation starts with one of these: a lower-cased text without
# them names no date, and the date patterns need not run on it.
_MONTH_STEM = re.compile("|".join(m[:3] for m in _MONTHS))


def _may_name_month(lowered: str | None) -> bool:
    """False only when `lowered` (a `plain_lower` text, None: unknown) holds no month."""
    return lowered is None or _MONTH_STEM.search(lowered) is not None


@lru_cache(maxsize=1)
def _gate_covers() -> bool:
    """True when every `since` phrase of the word lists passes `_PERIOD_GATE`."""
    since = lexicon().raw["since"]
    lowered = {name: [p.lower() for p in since[name]] for name in (
        "mobilisation", "invasion", "year_start", "none")}
    return (all(_PERIOD_GATE.search(p) for phrases in lowered.values() for p in phrases)
            and all("since" in p for p in lowered["none"])
            and all("since" in p or "after" in p for p in lowered["invasion"])
            and all(any(w in p for w in _ANCHOR_WORDS) for p in lowered["mobilisation"])
            and all(any(w in p for w in _YEAR_WORDS) or re.search(r"(?:19|20)\d\d", p)
                    for p in lowered["year_start"]))


_ANCHOR_WORDS = ("since", "after", "when")  # every "since the mobilisation/invasion" phrase
_YEAR_WORDS = ("since", "year")  # every "since the start of the year" phrase, or a year


@lru_cache(maxsize=1024)
def period_of(text: str, published: date | None) -> Period:
    """Resolve the start of the counting period that `text` (a clause) names (cached: the
    numbers of one clause share it, and ~20 patterns run per call)."""
    lex = lexicon()
    gated = _gate_covers()
    plain = plain_lower(text)
    if gated and (_PERIOD_GATE.search(text) if plain is None
                  else _LOWER_GATE.search(plain)) is None:
        return Period(None, False, _carries(text))
    mobilisation = lex.mobilisation
    lowered = text.lower()
    if "since" in lowered and (remark := _SUPERLATIVE_SINCE.search(text)) is not None:
        # "..., the first year since the war began in which ...": a record, not a period
        text = text[:remark.start()] + text[remark.end():]
        lowered = text.lower()
    has_since = "since" in lowered or not gated
    if has_since and lex.since_none.search(text):
        return Period(None, False, False)
    # ("in the first two weeks of the mobilisation" names no "since" or "after")
    if (has_since or "after" in lowered or "when" in lowered or "first" in lowered) and (
            lex.since_mobilisation.search(text) or lex.since_mobilisation_near.search(text)
            or lex.since_mobilisation_after.search(text)):
        return Period(mobilisation, False, False, "since")
    invasion = lex.since_invasion.search(text) if has_since or "after" in lowered else None
    if invasion is None and "first" in lowered and (
            first := _FIRST_OF_WAR.search(text)) is not None:
        # "the first weeks of the war" ended long before the call-up: not a row
        ends = lex.invasion + timedelta(days=_stretch_days(first))
        return Period(lex.invasion, ends < mobilisation, False, "since")
    if invasion is not None:
        if not invasion.group(0).lower().startswith("after"):
            return Period(lex.invasion, False, False, "since")
        dated = _dated_period(text, published, lowered, has_since)
        if dated.before_mobilisation:  # "150,000 left in February and March, after the
            return dated  # invasion began": the months say when, "after" only why
        return Period(lex.invasion, False, False, "since")
    dated = _dated_period(text, published, lowered, has_since)
    if dated.since is None and not dated.before_mobilisation and (
            ("after" in lowered or "followed" in lowered)
            and lex.after_mobilisation.search(text)):
        # "650,000 left after the September call-up": counted from it, when the clause
        # names no period of its own ("in 2022, the bulk of them after the call-up")
        return Period(mobilisation, False, False, "since")
    return dated


def _dated_period(text: str, published: date | None, lowered: str, has_since: bool
                  ) -> Period:
    """`period_of` past the anchor phrases: years, months, quarters, day ranges, dates."""
    lex = lexicon()
    mobilisation = lex.mobilisation
    base = published or mobilisation
    # Literal pre-checks: each pattern below is tried only where a word it cannot match
    # without is in the text (`plain_lower`; None: no pre-check).
    plain = plain_lower(text)

    def has(word: str) -> bool:
        return plain is None or word in plain

    months = _may_name_month(plain)
    if "1" in text and (historic := _HISTORIC.search(text)) is not None and int(
            historic.group("year")) < _MODERN_FROM:
        return Period(None, True, False)  # "After 1917 ... left": another exodus
    if has("months") and (match := _MONTHS_OF_YEAR.search(text)) is not None:
        # "in the last three months of 2022" starts in October; "the first five months of
        # the year" is over before the call-up
        year_n = int(match.group("year")) if match.group("year") else base.year
        word = match.group("n").lower()
        count = int(word) if word.isdigit() else _COUNT_WORDS.get(word, 0)
        if 0 < count < 12:
            if match.group("which").lower() == "last":
                start = date(year_n, 13 - count, 1)
                if start > base and not match.group("year"):
                    start = start.replace(year=year_n - 1)  # (in January: last year's)
                return Period(start, False, False)
            return Period(date(year_n, 1, 1), _month_end(year_n, count) < mobilisation, False)
    if months and has("between") and "year" in lowered and (
            between := _between_start(text, base)) is not None:
        return between  # "Between February 24 and October 10 this year": the year only
        # places the stated day, which starts the count
    if has("half") and (match := _HALF_YEAR.search(text)) is not None:
        # "in the first half of 2022": January-June, before the call-up (read before the
        # year, which the phrase names too)
        year_n = int(match.group("year")) if match.group("year") else base.year
        first = match.group("which").lower() == "first"
        start = date(year_n, 1 if first else 7, 1)
        return Period(start, date(year_n, 6, 30) < mobilisation if first else False, False)
    # A compared year yields to another year phrase ("18,600 last year, fewer than in
    # 2022"); alone, it is still the clause's only period and kept.
    compared_ok = not (has("last") and has("year")) or _LAST_YEAR.search(text) is None
    if has_since or "year" in lowered or _DIGIT_YEAR.search(text):
        year_phrase = next((m for m in lex.since_year.finditer(text)
                            if compared_ok or not _compared_before(text, m.start())), None)
        if year_phrase is not None:
            year = _DIGIT_YEAR.search(year_phrase.group(0))
            start = date(int(year.group(0)) if year else base.year, 1, 1)
            return Period(start, date(start.year, 12, 31) < mobilisation, False)
    match = next((m for m in _YEAR_IN.finditer(text)
                  if compared_ok or not _compared_before(text, m.start())), None) if (
        "19" in text or "20" in text) else None
    if match is not None:
        year_n = int(match.group("year"))
        return Period(date(year_n, 1, 1), date(year_n, 12, 31) < mobilisation, False)
    if not compared_ok:  # "last year" (`_LAST_YEAR`)
        start = date(base.year - 1, 1, 1)
        return Period(start, date(start.year, 12, 31) < mobilisation, False)
    if months and has("half") and (match := _HALF.search(text)) is not None:
        month = _month_number(match.group("month"))
        year_n = _year_for(month, base)
        first = match.group("which").lower() == "first"
        start = date(year_n, month, 1 if first else 16)
        end = date(year_n, month, 15) if first else _month_end(year_n, month)
        return Period(start, end < mobilisation, False)
    if months and (match := _MONTH_SPAN.search(text)) is not None:
        a, b = _month_number(match.group("a")), _month_number(match.group("b"))
        year_n = _year_for(b, base)
        return Period(date(year_n, a, 1), _month_end(year_n, b) < mobilisation, False)
    if has("q") and (match := _QUARTER.search(text)) is not None:
        n = match.group("n") or match.group("q")
        q = {"first": 1, "1st": 1, "1": 1, "second": 2, "2nd": 2, "2": 2, "third": 3, "3rd": 3,
             "3": 3}.get(n.lower(), 4)
        year_q = base.year if date(base.year, 3 * q - 2, 1) <= base else base.year - 1
        start = date(year_q, 3 * q - 2, 1)
        return Period(start, _month_end(year_q, 3 * q) < mobilisation, False)
    if (days := day_range(text, base)) is not None:
        return Period(days[0], days[1] < mobilisation, False, "range")
    if has("since") and (match := _SINCE_PHRASE.search(text)) is not None:
        since = _since_date(match.group("phrase"), _told_in(text, base))
        if since is not None:
            return Period(since, False, False, "since")
    if months and has("between") and (between := _between_start(text, base)) is not None:
        return between
    for match in _MONTH_IN.finditer(text) if months else ():
        if _POINT_IN_MONTH.search(text, 0, match.start()):
            continue
        month = _month_number(match.group("month"))
        if match.group("year") and text[:match.start()].strip() and not _ALONE.match(
                text, match.end()):
            continue  # "... obtained in October 2022": a dated statement; "In January
            # 2023 more than 5,500 ..." heading the clause is the counting period
        year_n = int(match.group("year")) if match.group("year") else _year_for(month, base)
        if match.group(0).lower().startswith("since"):  # "since the beginning of April"
            return Period(date(year_n, month, 1), False, False, "since")
        return Period(date(year_n, month, 1), _month_end(year_n, month) < mobilisation, False,
                      "span")
    # "On 16 September the stations counted ..."
    for match in _ONE_DATE.finditer(text) if months else ():
        day = _since_date(match.group(0)[3:], base)
        if day is not None and day < mobilisation:
            return Period(None, True, False)
    # "Before 21 September, between 5 000 and 6 000 had been entering daily": the rate
    # before the call-up
    for match in _BEFORE_DATE.finditer(text) if months and has("before") else ():
        day = _since_date(match.group("day"), base)
        if day is not None and day <= mobilisation:
            return Period(None, True, False)
    return Period(None, False, _carries(text))


_ALONE = re.compile(r"\s+alone\b", re.IGNORECASE)  # "in March 2022 alone": the count's month
# "over the same nine months", "in the same two weeks": the period of an earlier count.
_SAME_SPAN = re.compile(r"\bthe\s+same\s+(?:[\w-]+\s+)?(?:days|weeks|months|fortnight|period)\b",
                        re.IGNORECASE)
# "in the first eight months of the war": counted from the invasion.
_FIRST_OF_WAR = re.compile(
    r"\b(?:in|during|over|within)\s+the\s+first\s+(?:(?P<n>[\w-]+)\s+)?(?P<unit>days?|weeks?|months?|"
    r"year)\s+"
    r"(?:of|after)\s+(?:the\s+|russia['’]s\s+)?(?:full-scale\s+)?(?:war|invasion)\b",
    re.IGNORECASE)


_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _stretch_days(match: re.Match[str]) -> int:
    """How long "the first eight months" lasts, in days (a bare plural: a few)."""
    unit = match.group("unit").lower().rstrip("s")
    word = (match.group("n") or "").lower()
    count = int(word) if word.isdigit() else _COUNT_WORDS.get(word, 1 if not match.group(
        "unit").lower().endswith("s") else 3)
    return count * _UNIT_DAYS[unit]


def _carries(text: str) -> bool:
    """The clause continues the count of an earlier one ("of them", "the same period")."""
    return bool(lexicon().since_carry.search(text)) or (
        "same" in text and _SAME_SPAN.search(text) is not None)


def _compared_before(text: str, start: int) -> bool:
    """True when the period phrase at `start` is what a figure is compared with."""
    return _COMPARED_HEAD.search(text, max(0, start - 45), start) is not None


def day_range(text: str, base: date) -> tuple[date, date] | None:
    """The first and last day of a stated range ("September 19 to 25", "17-26 Sept")."""
    if not _may_name_month(plain_lower(text)):
        return None
    match = _DAY_RANGE.search(text)
    if match is None:
        return None
    month = _month_number(match.group("m1") or match.group("m2") or match.group("m3"))
    later = match.group("mb") or match.group("mb3")
    last_month = _month_number(later) if later else month
    first = int(match.group("a1") or match.group("a2") or match.group("a3") or match.group("a4"))
    last = int(match.group("b1") or match.group("b2") or match.group("b3"))
    year_n = _year_for(last_month, base)
    if month == last_month == base.month and first > base.day:
        year_n -= 1  # "24-25 September" in an article of 21 September: last year's
    try:
        return (date(year_n if month <= last_month else year_n - 1, month, first),
                date(year_n, last_month, last))
    except ValueError:
        return None


def _between_start(text: str, base: date) -> Period | None:
    """"between 21 September and the start of this month": a stretch from that day."""
    match = _BETWEEN_DATE.search(text)
    since = _since_date(match.group("day"), _told_in(text, base)) if match else None
    return Period(since, False, False, "since") if since is not None else None


def _told_in(text: str, base: date) -> date:
    """The day a bare date is read from: the publication, or the end of an earlier year the
    clause names ("said in October 2022 that 200,000 had entered since September 21", in a
    2025 retrospective, counts from 2022)."""
    years = [int(y) for y in _ANY_YEAR.findall(text)] if ("19" in text or "20" in text) else []
    earlier = [y for y in years if lexicon().mobilisation.year <= y < base.year]
    return date(max(earlier), 12, 31) if earlier else base


_ANY_YEAR = re.compile(rf"\b({_DIGIT_YEAR.pattern})\b")


def _since_date(phrase: str, base: date) -> date | None:
    """'September 21' / '21 Sept' / 'Wednesday' / 'March, 2022' -> a date on or before the
    publication. The phrase is one `_SINCE_PHRASE` matched, so rules cover every shape."""
    words = phrase.lower().replace(",", " ").split()
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    if words and words[0] == "last":
        words = words[1:]
    if words and words[0] in days:
        back = (base.weekday() - days.index(words[0])) % 7 or 7
        return base - timedelta(days=back)
    month = day = year = None
    for word in words:
        digits = re.match(r"\d+", word)
        if digits:
            number = int(digits.group(0))
            if number > 31:
                year = number
            else:
                day = number
        elif month is None:
            month = _month_number(word)
    if month is None:
        return None
    try:
        found = date(year or base.year, month, day or 1)
    except ValueError:
        return None
    if found > base and year is None:
        found = found.replace(year=found.year - 1)
    return found


def per_of(clause: str, number_start: int, number_end: int,
           others: list[tuple[int, int]] | None = None) -> str | None:
    """'day', 'week' or None for a figure at [number_start, number_end) of `clause`; a rate
    phrase nearer to one of the `others` numbers ("260,000 men, 10,000 a day") is theirs."""
    lex = lexicon()
    plain = plain_lower(clause)
    comparison = _COMPARISON.search(clause, number_end) if plain is None or any(
        word in plain for word in _COMPARISON_WORDS) else None
    if comparison is not None:  # "..., a little down from the weekend": the other count's
        clause = clause[:comparison.start()]
    remark = _remark(clause, number_end)
    if remark is not None:  # "..., making last weekend the busiest": a remark on the count
        clause = clause[:remark.start()]
    for pattern, name in ((lex.per_day, "day"), (lex.per_week, "week")):
        for match in pattern.finditer(clause):
            phrase = match.group(0).lower()
            if phrase in ("daily", "weekly") and _PUBLICATION.search(clause, 0, match.start()) \
                    and _NAME_AFTER.match(clause, match.end()):
                continue  # "the daily Haaretz", "the business daily RBC": a newspaper
            if others and phrase in _RATE_WORDS:
                mine = _gap(match.start(), match.end(), number_start, number_end)
                if any(_gap(match.start(), match.end(), a, b) < mine for a, b in others):
                    continue
            if phrase in ("a day", "a week", "in a day") and (
                    _RATE_TAIL.match(clause[match.end():])
                    or _DURATION_HEAD.search(clause, 0, match.start())):
                continue  # "a day after", "in a week": a duration, not a rate
            if phrase in _RATE_WORDS:
                return name
            if _near_speech(clause, match.start(), match.end()) and not _PERIOD_HEAD.search(
                    clause, max(0, match.start() - 10), match.start()):
                continue  # "had said last week that ...": dates the statement ("said that
                # over the past week ..." names the count's week)
            if phrase == "today" and _AS_OF.search(clause, 0, match.start()):
                continue  # "As of noon today, more than 3,000 have entered": a running total
            if not lex.cumulative.search(clause):
                return name
    if lex.cumulative.search(clause):
        return None
    days = day_range(clause, lexicon().mobilisation)
    if days is not None:
        # One stated week is a weekly count, unless it starts at the mobilisation (then it
        # is the first, cumulative week); a longer stated range is cumulative.
        span = (days[1] - days[0]).days + 1
        return "week" if span <= _WEEK_DAYS and days[0] != lexicon().mobilisation else None
    plain = plain_lower(clause)
    weekdays = list(_WEEKDAY_ON.finditer(clause)) if plain is None or "day" in plain else []
    dates = list(_ONE_DATE.finditer(clause)) if _may_name_month(plain) else []
    for match in weekdays + dates:
        if _near_speech(clause, match.start(), match.end(), match.start() >= number_end):
            continue
        if _NEXT_DAY.match(clause, match.end()):
            continue  # "on Saturday and Sunday": two days, a total
        if match.end() <= number_start and _SAID_THAT.search(clause, match.end(), number_start):
            continue  # "On Monday the migration chief told reporters that some 40,000 ...":
            # the day of the saying, reported speech after it
        return "day"
    if _may_name_month(plain) and _DATED_ENTRY.match(clause) and not _PERFECT.search(clause):
        # ("6 October - Peskov dismisses a report that 700,000 have left": a running count)
        return "day"
    return None


_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|announced|reported|published|released|tweeted|posted|stated|"
    r"added|confirmed|wrote|estimated|denied|dismissed)(?:\s+[A-Za-z'’.-]+){0,4}"
    r"|\b(?:statement|briefing|interview|data|figures|report)(?:\s+\w+)?)\s*$",
    re.IGNORECASE)
_INVERTED_SPEECH = re.compile(r"^\s*,\s*(?:said|says|told|added)\s+(?!that\b|on\b)\w")
_SPEECH_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:he|she|they|it)\s+)?(?:said|says|told|announced|reported|denied|"
    r"dismissed|published|added|confirmed|wrote|tweeted|estimated|put\s+the)\b", re.IGNORECASE)


# A comparison after the figure introduces another count; its period is not the figure's.
_COMPARISON = re.compile(r"\b(?:(?:a\s+little\s+|slightly\s+|sharply\s+)?(?:down|up)\s+from|"
                         r"compared\s+(?:with|to)|against|versus)\b"
                         # "4,824 had come in that day, fewer than at the weekend peak"
                         r"|,\s+(?:far\s+|well\s+|slightly\s+)?(?:fewer|less|lower|higher)\s+than\b",
                         re.IGNORECASE)
_COMPARISON_WORDS = ("from", "compared", "against", "versus", "than")  # one is in every one
# A participle remark after the figure comments on it; its period is not the figure's.
# So does a subordinate clause of time or cause (", as call-up drives a weekly jump").
_REMARK = re.compile(r",\s+(?:making|bringing|taking|pushing|raising|meaning|as|saying|adding|"
                     r"noting)\b"
                     # "..., a sign that the flow had eased since ...": a comment on it
                     r"|,\s+(?:a|an)\s+(?:sign|indication|signal|reflection|measure)\b"
                     # "peaking at 11,000 on 26 September before falling steadily since":
                     # what came after the peak
                     r"|\s+before\s+(?:falling|dropping|easing|declining|slowing|tailing|"
                     r"slipping|subsiding)\b",
                     re.IGNORECASE)
# `_REMARK` without its "before" branch: the same first match in a text without "before".
# Every branch left opens with a comma, so the engine skips in C from comma to comma.
_COMMA_REMARK = re.compile(_REMARK.pattern.split(r"|\s+before")[0], re.IGNORECASE)
# A superlative measured "since" a date ("the first year since the war began", "the most
# since 2018") names no counting period; "the first week since the call-up" does.
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:the|its|their|his|her)\s+(?:[\w-]+\s+)?(?:first|highest|lowest|most|biggest|largest|"
    r"fewest|least|busiest|strongest|worst|best)\b(?!\s+(?:week|weeks|days?|months?|fortnight|few|ten|two|three|four|\d))"
    r"[^,.;:]{0,60}?\bsince\b[^,.;:]*", re.IGNORECASE)
_PUBLICATION = re.compile(r"(?i:\b(?:the|a|business|financial|news|tabloid|national|regional|local|"
                          r"independent|opposition|state|popular|liberal)\s+$)"
                          # "the Montenegrin daily Pobjeda": a nationality before the paper
                          r"|\b(?:[Tt]he|[Aa])\s+[A-Z][\w-]+\s+$")
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_AS_OF = re.compile(r"\bas\s+of\b", re.IGNORECASE)
_PERIOD_HEAD = re.compile(r"\b(?:over|during|within)\s+$", re.IGNORECASE)
_PERFECT = re.compile(r"\b(?:have|has)\s+(?:(?:now|already|since)\s+)?(?:left|fled|arrived|entered|"
                      r"crossed|gone|come)\b", re.IGNORECASE)
_RATE_WORDS = frozenset({"a day", "per day", "each day", "every day", "daily", "every 24 hours",
                        "each 24 hours", "a week",
                        "per week", "each week", "every week", "weekly"})


def without_remark(clause: str, number_end: int) -> str:
    """`clause` up to a remark after the number: in "12,300 crossed yesterday, taking the
    total since September 21 past 130,000" the start date is the total's, not the 12,300's."""
    remark = _remark(clause, number_end)
    return clause if remark is None else clause[:remark.start()]


def _remark(clause: str, number_end: int) -> re.Match[str] | None:
    """`_REMARK` after the number; every remark holds a comma or "before" (none of whose
    letters IGNORECASE folds beyond str.lower()), so a clause with neither is not scanned."""
    if "before" in clause.lower():
        return _REMARK.search(clause, number_end)
    if clause.find(",", number_end) < 0:
        return None
    return _COMMA_REMARK.search(clause, number_end)


def _gap(a: int, b: int, c: int, d: int) -> int:
    """Characters between spans [a, b) and [c, d)."""
    return max(a - d, c - b, 0)


_SAID_THAT = re.compile(r"\b(?:said|says|told|tells|announced|stated|added|claimed|wrote|"
                        r"tweeted|posted|explained|insisted|confirmed)\b(?:\s+[\w-]+){0,2}?\s+that\b",
                        re.IGNORECASE)


def _near_speech(clause: str, start: int, end: int, after_number: bool = False) -> bool:
    """True when the phrase dates a statement ("said on Tuesday", "on Thursday denied"); not
    when an inverted attribution follows it ("came in that day, said the head of ...") or
    a figure's own day is followed by its attribution ("4,800 entered on Wednesday, it
    said")."""
    before = clause[max(0, start - _SPEECH_GAP * 2):start]
    if _SPEECH_BEFORE.search(before):
        return True
    after = _SPEECH_AFTER.match(clause[end:])
    if after is None or _INVERTED_SPEECH.match(clause[end:]):
        return False
    return not (after_number and after.group(0).lstrip().startswith(","))
