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

__all__ = ["Period", "period_of", "per_of"]

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
_QUARTER = re.compile(
    r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b|\bQ(?P<q>[1-4])\b",
    re.IGNORECASE)
_YEAR_IN = re.compile(r"\b(?:in|during|throughout|for|over|since|first\s+(?:\w+\s+)?(?:months?|"
                      r"weeks?|half)\s+of|(?:same|that)\s+(?:quarter|period|months?|weeks?)\s+"
                      r"of)\s+(?P<year>(?:19|20)\d\d)\b",
                      re.IGNORECASE)
_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d")
# ("last year's level" is a comparison, not the counting period)
_LAST_YEAR = re.compile(r"\blast\s+year\b(?!['’]s)", re.IGNORECASE)
_SINCE_PHRASE = re.compile(
    rf"\bsince\s+(?P<phrase>(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?"
    rf"\s+(?:{_MONTH_ALT})|(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    rf"|(?:{_MONTH_ALT})\b)(?:,?\s+(?:19|20)\d\d)?)",
    re.IGNORECASE)
_DAY_RANGE = re.compile(
    rf"\b(?P<a3>\d{{1,2}})\s+(?P<m3>{_MONTH_ALT})\.?\s*(?:-|–|to|and|until|through)\s*"
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
_WEEKDAY_ON = re.compile(
    r"\b(?:(?:on|last|this|yesterday,?)\s+(?:(?:the|that|its|their|a)\s+)?(?:(?:same|"
    r"busiest|first|single|record|peak)\s+)?|on\s+that\s+)(?P<day>monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b|\b(?P<bare>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:'s)?\s+alone\b", re.IGNORECASE)
# A timeline or diary entry headed by one day ("Sept 25: Almost 11,200 Russians enter
# Georgia"): its counts are that day's.
_DATED_ENTRY = re.compile(
    rf"^\s*(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_ALT})\.?)"
    rf"(?:,?\s+(?:19|20)\d\d)?\s*(?::|\s[–—-])\s", re.IGNORECASE)
_DURATION_HEAD = re.compile(r"\b(?:in|within|for)\s+$", re.IGNORECASE)  # "in a day"
_RATE_TAIL = re.compile(r"^\s*(?:after|earlier|later|before|ago|or two|of)\b", re.IGNORECASE)
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
    rf"since|after|when|year|half|quarter|\bQ[1-4]\b|(?:19|20)\d\d|\b(?:{_MONTH_ALT})\b",
    re.IGNORECASE)


# `_PERIOD_GATE` for lower-cased text (`plain_lower`), matching there exactly when the gate
# matches the text. Each branch opens with a plain letter or digit, so the regex engine
# skips in C to the characters that can start one; the IGNORECASE gate, and any branch
# opening with a word-start check, is instead tried at every character.
_LOWER_GATE = re.compile("|".join(
    ["since", "after", "when", "year", "half", "quarter", r"q(?<=\bq)[1-4]\b", r"19\d\d",
     r"20\d\d"] + [rf"{m[0]}(?<=\b{m[0]}){m[1:]}\b" for m in _MONTH_WORDS]))
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
        return Period(None, False, bool(lex.since_carry.search(text)))
    mobilisation = lex.mobilisation
    lowered = text.lower()
    if "since" in lowered and (remark := _SUPERLATIVE_SINCE.search(text)) is not None:
        # "..., the first year since the war began in which ...": a record, not a period
        text = text[:remark.start()] + text[remark.end():]
        lowered = text.lower()
    has_since = "since" in lowered or not gated
    if has_since and lex.since_none.search(text):
        return Period(None, False, False)
    if (has_since or "after" in lowered or "when" in lowered) and (
            lex.since_mobilisation.search(text) or lex.since_mobilisation_near.search(text)):
        return Period(mobilisation, False, False, "since")
    invasion = lex.since_invasion.search(text) if has_since or "after" in lowered else None
    if invasion is not None:
        if not invasion.group(0).lower().startswith("after"):
            return Period(lex.invasion, False, False, "since")
        dated = _dated_period(text, published, lowered, has_since)
        if dated.before_mobilisation:  # "150,000 left in February and March, after the
            return dated  # invasion began": the months say when, "after" only why
        return Period(lex.invasion, False, False, "since")
    return _dated_period(text, published, lowered, has_since)


def _dated_period(text: str, published: date | None, lowered: str, has_since: bool
                  ) -> Period:
    """`period_of` past the anchor phrases: years, months, quarters, day ranges, dates."""
    lex = lexicon()
    mobilisation = lex.mobilisation
    base = published or mobilisation
    if (has_since or "year" in lowered or _DIGIT_YEAR.search(text)) and lex.since_year.search(text):
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
    if (days := day_range(text, base)) is not None:
        return Period(days[0], days[1] < mobilisation, False, "range")
    if (match := _SINCE_PHRASE.search(text)) is not None:
        since = _since_date(match.group("phrase"), base)
        if since is not None:
            return Period(since, False, False, "since")
    for match in _MONTH_IN.finditer(text):
        if _POINT_IN_MONTH.search(text, 0, match.start()):
            continue
        month = _month_number(match.group("month"))
        if match.group("year") and text[:match.start()].strip():
            continue  # "... obtained in October 2022": a dated statement; "In January
            # 2023 more than 5,500 ..." heading the clause is the counting period
        year_n = int(match.group("year")) if match.group("year") else _year_for(month, base)
        if match.group(0).lower().startswith("since"):  # "since the beginning of April"
            return Period(date(year_n, month, 1), False, False, "since")
        return Period(date(year_n, month, 1), _month_end(year_n, month) < mobilisation, False,
                      "span")
    for match in _ONE_DATE.finditer(text):  # "On 16 September the stations counted ..."
        day = _since_date(match.group(0)[3:], base)
        if day is not None and day < mobilisation:
            return Period(None, True, False)
    return Period(None, False, bool(lex.since_carry.search(text)))


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
    try:
        return (date(year_n if month <= last_month else year_n - 1, month, first),
                date(year_n, last_month, last))
    except ValueError:
        return None


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
    remark = _REMARK.search(clause, number_end)
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
            if _near_speech(clause, match.start(), match.end()):
                continue  # "had said last week that ...": dates the statement
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
        if not _near_speech(clause, match.start(), match.end()):
            return "day"
    if _may_name_month(plain) and _DATED_ENTRY.match(clause):
        return "day"
    return None


_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|announced|reported|published|released|tweeted|posted|stated|"
    r"added|confirmed|wrote|estimated|denied|dismissed)(?:\s+[A-Za-z'’.-]+){0,3}"
    r"|\b(?:statement|briefing|interview|data|figures|report)(?:\s+\w+)?)\s*$",
    re.IGNORECASE)
_SPEECH_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:he|she|they|it)\s+)?(?:said|says|told|announced|reported|denied|"
    r"dismissed|published|added|confirmed|wrote|tweeted|estimated|put\s+the)\b", re.IGNORECASE)


# A comparison after the figure introduces another count; its period is not the figure's.
_COMPARISON = re.compile(r"\b(?:(?:a\s+little\s+|slightly\s+|sharply\s+)?(?:down|up)\s+from|"
                         r"compared\s+(?:with|to)|against|versus)\b", re.IGNORECASE)
_COMPARISON_WORDS = ("from", "compared", "against", "versus")  # one is in every comparison
# A participle remark after the figure comments on it; its period is not the figure's.
# So does a subordinate clause of time or cause (", as call-up drives a weekly jump").
_REMARK = re.compile(r",\s+(?:making|bringing|taking|pushing|raising|meaning|as|saying|adding|"
                     r"noting)\b",
                     re.IGNORECASE)
# A superlative measured "since" a date ("the first year since the war began", "the most
# since 2018") names no counting period; "the first week since the call-up" does.
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:the|its|their|his|her)\s+(?:[\w-]+\s+)?(?:first|highest|lowest|most|biggest|largest|"
    r"fewest|least|busiest|strongest|worst|best)\b(?!\s+(?:week|weeks|days?|months?|fortnight|few|ten|two|three|four|\d))"
    r"[^,.;:]{0,60}?\bsince\b[^,.;:]*", re.IGNORECASE)
_PUBLICATION = re.compile(r"\b(?:the|a|business|financial|news|tabloid|national|regional|local|"
                          r"independent|opposition|state|popular|liberal)\s+$", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_AS_OF = re.compile(r"\bas\s+of\b", re.IGNORECASE)
_RATE_WORDS = frozenset({"a day", "per day", "each day", "every day", "daily", "every 24 hours",
                        "each 24 hours", "a week",
                        "per week", "each week", "every week", "weekly"})


def _gap(a: int, b: int, c: int, d: int) -> int:
    """Characters between spans [a, b) and [c, d)."""
    return max(a - d, c - b, 0)


def _near_speech(clause: str, start: int, end: int) -> bool:
    """True when the phrase dates a statement ("said on Tuesday", "on Thursday denied")."""
    before = clause[max(0, start - _SPEECH_GAP * 2):start]
    return bool(_SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(clause[end:]))
