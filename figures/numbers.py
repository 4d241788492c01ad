"""Reading numbers as printed: separators, scale words, number words, lakh, ranges.

The reader knows nothing about people or Russia: it finds every printed amount and its
span. Deciding which amounts are figures is `extract`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from figures.lexicon import Phrases, lexicon, plain_lower, trie_alternation

__all__ = ["Amount", "read_amounts", "parse_number"]


@dataclass(frozen=True)
class Amount:
    """One printed amount or range, with its span in the text it was read from."""

    start: int
    end: int
    low: int
    high: int
    is_range: bool
    year_like: bool  # a bare 4-digit number 1900-2099: most likely a year
    scaled: bool  # read with a scale word ("1.2 million", "700k", "two hundred thousand")
    small_scale: bool = False  # a glued scale letter ("700k", "1.2m") rather than a word


_SPACES = "\u0020\u00a0\u202f\u2009"
# Digit forms after their first digit, most specific first. Indian grouping (3,00,000)
# needs a 2-digit group; a space-grouped number must not run into a comma-grouped one
# ("21 300,000").
_DIGIT_TAILS = (
    r"\d?,(?:\d{2},)+\d{3}(?![\d])"
    r"|\d{0,2}(?:,\d{3})+(?:\.\d+)?(?![\d])"
    r"|\d{0,2}(?:\.\d{3})+(?![\d]|\.\d)"
    rf"|\d{{0,2}}(?:[{_SPACES}]\d{{3}})+(?![\d]|[,.]\d)"
    r"|\d*(?:\.\d+)?"
)
# The first digit is matched before the check that no word, dot or comma precedes it
# (the same test, one character later): a pattern that opens with a digit lets the regex
# engine skip in C from digit to digit, where one opening with the check is tried at
# every character of the sentence.
# "c.43,000" (circa) is the one dot allowed before a number: it is no decimal point.
_NUMBER = rf"(?P<num>\d(?<![\w,]\d)(?:(?<!\.\d)|(?<=\bc\.\d))(?:{_DIGIT_TAILS}))"


@dataclass(frozen=True)
class _Patterns:
    token: re.Pattern[str]  # a printed amount: digits or number words
    digit_token: re.Pattern[str]  # the same, for a text where no number word can match
    number_words: Phrases  # the words every number-word amount holds, for that test
    joiner: re.Pattern[str]  # what joins two amounts into a range
    scales: dict[str, int]
    fractions: dict[str, float]


@cache
def _patterns() -> _Patterns:
    raw = lexicon().raw["numbers"]
    scales: dict[str, int] = dict(raw["scales"])
    words = [w for w in raw["units"] + raw["tens"] if w] + ["hundred", "thousand", "million",
                                                            "lakh", "lakhs"]
    word_alt = trie_alternation(words)  # "six(?:teen|ty)?...": one branch per letter
    long_scales = "|".join(sorted((s for s in scales if len(s) > 1), key=len, reverse=True))
    digit_token = (
        rf"{_NUMBER}"
        rf"(?:(?P<glued>[kKmM])(?![\w])|[{_SPACES}]*(?P<scale>{long_scales})(?![\w]))?"
    )
    fractions: dict[str, float] = dict(raw["fractions"])
    frac_alt = "half|quarter|three\\s+quarters|a\\s+third"
    word_token = (
        rf"(?P<frac>(?:a\s+|one\s+)?(?:{frac_alt})(?:\s+of)?\s+(?:a\s+)?(?:million|lakh))"
        rf"|(?P<words>(?:(?:a|an|{word_alt})(?:[\s-]+(?:and[\s-]+)?(?:{word_alt}))+))(?![\w])"
    )
    token = re.compile(rf"{digit_token}|(?<![\w])(?:{word_token})", re.IGNORECASE)
    joiner = re.compile(rf"^[{_SPACES}]*(?:[-–—]|to|and|or)[{_SPACES}]*$", re.IGNORECASE)
    # A number-word amount ends on a whole number word ("two hundred thousand"), and a
    # fraction holds "half", "quarter(s)" or "third" whole: a text with none of them
    # can only hold digit amounts, read by `digit_token` alone.
    number_words = Phrases(token, frozenset(words + ["half", "quarter", "quarters", "third"]))
    return _Patterns(token, re.compile(digit_token, re.IGNORECASE), number_words, joiner,
                     scales, fractions)


_SPACE_RUN = re.compile(f"[{_SPACES}]")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_ONE_DOT_GROUP = re.compile(r"\d{1,3}\.\d{3}")
_YEAR = re.compile(r"(19|20)\d\d")
_WORD_GAP = re.compile(r"[\s-]+")
_WHITESPACE = re.compile(r"\s+")


def _digits_value(text: str, scaled: bool = False) -> float:
    """'700,000' / '700.000' / '700 000' / '3,00,000' / '1.2' -> a number. Before a scale
    word one dot is a decimal point: "1.356 million" is 1,356,000, not 1,356 million."""
    compact = _SPACE_RUN.sub("", text)
    if scaled and _ONE_DOT_GROUP.fullmatch(compact):
        return float(compact)
    if _DOT_GROUPS.fullmatch(compact):
        return float(compact.replace(".", ""))  # dots as thousands separators
    return float(compact.replace(",", ""))


def _words_value(text: str, scales: dict[str, int]) -> float | None:
    """'two hundred thousand' -> 200000; None when no scale word is present."""
    raw = lexicon().raw["numbers"]
    units = {w: i for i, w in enumerate(raw["units"])}
    tens = {w: i * 10 for i, w in enumerate(raw["tens"]) if w}
    total, current, saw_scale = 0.0, 0.0, False
    for word in _WORD_GAP.split(text.lower()):
        if word in ("and", ""):
            continue
        if word in ("a", "an"):
            current = current or 1
        elif word in units:
            current += units[word]
        elif word in tens:
            current += tens[word]
        elif word == "hundred":
            current = (current or 1) * 100
            saw_scale = True
        elif word in scales:
            total += (current or 1) * scales[word]
            current, saw_scale = 0, True
        else:
            return None
    return total + current if saw_scale else None


def _read_tokens(text: str) -> list[tuple[int, int, float, bool, bool, bool, float]]:
    """(start, end, value, scaled, year_like, glued, raw_value) for each printed amount."""
    patterns = _patterns()
    scales, fractions = patterns.scales, patterns.fractions
    token = patterns.digit_token if patterns.number_words.absent_from(text) else patterns.token
    found = []
    for match in token.finditer(text):
        if match.group("num") is not None:
            glued = match.group("glued")
            scale_word = match.group("scale")
            raw = _digits_value(match.group("num"), scaled=bool(glued or scale_word))
            scale = 1
            if glued:
                scale = scales[glued.lower()]
            elif scale_word:
                scale = scales[scale_word.lower()]
            year_like = (
                scale == 1
                and _YEAR.fullmatch(match.group("num")) is not None
            )
            found.append((match.start(), match.end(), raw * scale, scale != 1, year_like,
                          bool(glued), raw))
        elif match.group("frac") is not None:
            phrase = _WHITESPACE.sub(" ", match.group("frac").lower())
            share = next(v for k, v in sorted(fractions.items(), key=lambda kv: -len(kv[0]))
                         if k.replace("a ", "") in phrase)
            scale = scales["lakh"] if "lakh" in phrase else scales["million"]
            found.append((match.start(), match.end(), share * scale, True, False, False,
                          share * scale))
        else:
            split = _split_word_range(match.group("words"), scales)
            if split is not None:
                # "five and seven hundred thousand": two ends sharing the second's scale
                (left, low), (right_at, high) = split
                start = match.start("words")
                found.append((start, start + left, low, True, False, False, low))
                found.append((start + right_at, match.end(), high, True, False, False, high))
                continue
            value = _words_value(match.group("words"), scales)
            if value is None:
                continue
            found.append((match.start(), match.end(), value, True, False, False, value))
    return found


_UNIT_AND = re.compile(r"[\s-]+and[\s-]+", re.IGNORECASE)


def _split_word_range(words: str, scales: dict[str, int]
                      ) -> tuple[tuple[int, float], tuple[int, float]] | None:
    """'five and seven hundred thousand' -> ((4, 500000), (9, 700000)): "and" after a bare
    unit word joins two numbers ("one hundred and five" keeps it: "and" after a scale)."""
    joint = _UNIT_AND.search(words)
    if joint is None:
        return None
    raw = lexicon().raw["numbers"]
    small = {w: i for i, w in enumerate(raw["units"])} | {
        w: i * 10 for i, w in enumerate(raw["tens"]) if w}
    left_words = _WORD_GAP.split(words[:joint.start()].strip().lower())
    right_words = _WORD_GAP.split(words[joint.end():].strip().lower())
    if len(left_words) != 1 or left_words[0] not in small or not right_words \
            or right_words[0] not in small or len(right_words) < 2:
        return None
    high = _words_value(words[joint.end():], scales)
    if high is None or not small[right_words[0]]:
        return None
    shared = high / small[right_words[0]]  # "seven hundred thousand": 100,000 a unit
    return (joint.start(), small[left_words[0]] * shared), (joint.end(), high)


# Every amount has a digit or a scale word ("two hundred thousand", "half a million"):
# a sentence with neither is skipped before the full number pattern runs.
_MAYBE_NUMBER = re.compile(r"\d|hundred|thousand|million|lakh|crore", re.IGNORECASE)
_ANY_DIGIT = re.compile(r"\d")
_NUMBER_SCALES = ("hundred", "thousand", "million", "lakh", "crore")


def _may_hold_number(text: str) -> bool:
    """`_MAYBE_NUMBER.search(text)`, as a digit scan (which the engine skips through in C)
    and substring tests on the `plain_lower` text."""
    if _ANY_DIGIT.search(text) is not None:
        return True
    lowered = plain_lower(text)
    if lowered is None:
        return _MAYBE_NUMBER.search(text) is not None
    return any(word in lowered for word in _NUMBER_SCALES)


def read_amounts(text: str) -> list[Amount]:
    """Every printed amount in `text`, with adjacent pairs joined into ranges."""
    if not _may_hold_number(text):
        return []
    joiner = _patterns().joiner
    tokens = _read_tokens(text)
    amounts: list[Amount] = []
    i = 0
    while i < len(tokens):
        start, end, value, scaled, year_like, glued, raw = tokens[i]
        if i + 1 < len(tokens) and not year_like:
            n_start, n_end, n_value, n_scaled, n_year, n_glued, n_raw = tokens[i + 1]
            between = text[end:n_start]
            before = text[max(0, start - 9):start].lower()
            is_and = between.strip().lower() == "and"
            is_or = between.strip().lower() == "or"
            if joiner.match(between) and not n_year and (not is_and or "between" in before) \
                    and not is_or:
                low = value
                if n_scaled and not scaled and raw < n_raw:
                    low = raw * _unscaled(tokens[i + 1])  # "10-11 thousand"
                if low < n_value:
                    amounts.append(Amount(start, n_end, round(low), round(n_value), True, False,
                                          scaled or n_scaled, glued or n_glued))
                    i += 2
                    continue
        amounts.append(Amount(start, end, round(value), round(value), False, year_like, scaled,
                              glued))
        i += 1
    return amounts


def _unscaled(tok: tuple[int, int, float, bool, bool, bool, float]) -> float:
    """The multiplier a token was read with (its value over its printed digits)."""
    return tok[2] / tok[6] if tok[6] else 1.0


def parse_number(printed: str) -> int | None:
    """The value of one printed number ("1.2 million" -> 1200000), or None if it is not one."""
    amounts = read_amounts(printed.strip())
    if len(amounts) != 1 or amounts[0].is_range:
        return None
    only = amounts[0]
    if only.start != 0 or only.end != len(printed.strip()):
        return None
    return only.low
