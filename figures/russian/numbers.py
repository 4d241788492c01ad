"""Russian amounts as printed: «700 000» (any space, NBSP or narrow NBSP between groups),
«700 тыс.», «1,2 млн», «полмиллиона», «двести тысяч», «600–700 тысяч», «от 600 до 700 тысяч».

Like figures.numbers, the reader knows nothing about people: it finds every amount and its
span; deciding which ones are figures is the reader's job (figures.russian.reader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from figures.lexicon import trie_alternation
from figures.russian.lexicon import ru_lexicon

__all__ = ["RuAmount", "read_amounts"]

_SPACES = "\u0020\u00a0\u202f\u2009"


@dataclass(frozen=True)
class RuAmount:
    """One amount or range, with its span in the text it was read from."""

    start: int
    end: int
    low: int
    high: int
    is_range: bool
    year_like: bool  # a bare 4-digit number 1900-2099: a year
    scaled: bool  # read with a scale word or as a whole word («полмиллиона»)
    bare: bool = False  # a scale word alone («порядка тысячи»): one unit of it
    odd: bool = False  # «400 с лишним тысяч»: the number and some more (at least)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    value: float
    scale: int  # 1 when no scale word followed
    year_like: bool
    bare: bool
    scale_word: str = ""
    odd: bool = False


@cache
def _token_pattern() -> re.Pattern[str]:
    lex = ru_lexicon()
    scales = "|".join(re.escape(s) + ("" if s.endswith(".") else r"(?![\w])")
                      for s in sorted(lex.scales, key=len, reverse=True))
    words = trie_alternation(list(lex.number_words))
    whole = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                     for w in sorted(lex.whole, key=len, reverse=True))
    bare = "|".join(re.escape(w) for w in sorted(lex.bare_scales, key=len, reverse=True))
    odd = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                   for w in sorted(lex.raw["numbers"]["odd"], key=len, reverse=True))
    half = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted(lex.raw["numbers"]["half"], key=len, reverse=True))
    digits = (rf"(?<![\w.,])\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?![\d]|[,.]\d)"
              r"|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d])")
    firsts = {w[0] for w in [*lex.whole, *lex.number_words, *lex.bare_scales]}
    letters = "".join(sorted({re.escape(c) for f in firsts for c in (f, f.upper())}))
    # Digits first; words only at a word start whose letter opens some number word: most
    # positions fail in one or two tests.
    return re.compile(
        rf"(?P<digits>{digits})(?:[{_SPACES}]*(?:(?P<odd>{odd})\s+)?(?P<dscale>{scales}))?"
        rf"|(?<![\w-])(?=[{letters}])"
        rf"(?:(?P<whole>(?:{whole})(?![\w]))"
        rf"|(?P<words>(?:(?:{words})\s+)+)(?:(?P<half>{half})\s+)?(?P<wscale>{scales})"
        rf"|(?P<bare>(?:{bare})(?![\w])))",
        re.IGNORECASE)


def _digits_value(printed: str, scaled: bool) -> float:
    compact = re.sub(f"[{_SPACES}]", "", printed)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact) and not scaled:
        return float(re.sub(r"[.,]", "", compact))  # «700.000»: a thousands separator
    return float(compact.replace(",", "."))


def _tokens(text: str) -> list[_Token]:
    lex = ru_lexicon()
    out = []
    for m in _token_pattern().finditer(text):
        if m.group("whole"):
            key = re.sub(r"\s+", " ", m.group("whole").lower())
            out.append(_Token(m.start(), m.end(), float(lex.whole[key]), 1, False, False))
        elif m.group("digits"):
            scale_word = (m.group("dscale") or "").lower()
            scale = lex.scales.get(scale_word, 1)
            printed = m.group("digits")
            value = _digits_value(printed, scale > 1)
            year = (scale == 1 and re.fullmatch(r"(?:19|20)\d\d", printed) is not None)
            out.append(_Token(m.start(), m.end(), value, scale, year, False, scale_word,
                              bool(m.group("odd"))))
        elif m.group("words"):
            value = sum(lex.number_words[w.lower()] for w in m.group("words").split())
            if m.group("half"):
                value += 0.5  # «две с половиной тысячи»
            scale = lex.scales[m.group("wscale").lower()]
            out.append(_Token(m.start(), m.end(), float(value), scale, False, False))
        else:
            scale = lex.scales[m.group("bare").lower()]
            out.append(_Token(m.start(), m.end(), 1.0, scale, False, True))
    return out


def _compound(text: str, tok: _Token, nxt: _Token) -> bool:
    """«48 тыс. 315»: whole thousands, spaces only, then exactly three plain digits."""
    compound = {w.lower() for w in ru_lexicon().raw["numbers"]["compound_scales"]}
    return (tok.scale_word in compound and tok.value == int(tok.value)
            and nxt.scale == 1 and not nxt.bare and not nxt.year_like
            and re.fullmatch(r"\d{3}", text[nxt.start:nxt.end]) is not None
            and re.fullmatch(f"[{_SPACES}]+", text[tok.end:nxt.start]) is not None)


_DASH = re.compile(r"^\s?[–—-]\s?$|^\s*[–-]\s*$")


@cache
def _range_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The gap «до» between a range's two numbers, and «от» before its first."""
    numbers = ru_lexicon().raw["numbers"]
    joiner = re.compile(rf"^\s+{numbers['range_to']}\s+$", re.IGNORECASE)
    opener = re.compile(rf"(?<![\w]){numbers['range_from']}\s+$", re.IGNORECASE)
    return joiner, opener


def read_amounts(text: str) -> list[RuAmount]:
    """Every amount in `text`, ranges joined: «600–700 тыс.», «от 4 до 5 тысяч»."""
    # The reader asks again about the same sentences and names (a fresh list each time).
    return list(_read_amounts(text))


_DIGIT = re.compile(r"\d")


@cache
def _word_heads() -> tuple[str, ...]:
    """An amount in words holds a scale word or a whole word (number words are read only
    before a scale): the longest piece of each, folded, without those that hold another
    («тысячах» holds «тыс»). A text with none of these and no digit has no amount."""
    lex = ru_lexicon()
    pieces = {max(w.split(), key=len).lower().replace("ё", "е")
              for w in [*lex.scales, *lex.whole, *lex.bare_scales]}
    return tuple(sorted(p for p in pieces if not any(o != p and o in p for o in pieces)))


@lru_cache(maxsize=4096)
def _read_amounts(text: str) -> tuple[RuAmount, ...]:
    if _DIGIT.search(text) is None:
        folded = text.lower().replace("ё", "е")
        if not any(map(folded.__contains__, _word_heads())):
            return ()  # a name or a clause with no number: the long pattern is not run
    joiner, opener = _range_words()
    tokens = _tokens(text)
    out: list[RuAmount] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and _compound(text, tok, nxt):
            # «48 тыс. 315»: thousands and the rest, one number (48 315)
            value = round(tok.value * tok.scale + nxt.value)
            out.append(RuAmount(tok.start, nxt.end, value, value, False, False, True))
            i += 2
            continue
        if nxt is not None and not tok.bare and not tok.year_like:
            gap = text[tok.end:nxt.start]
            # «от полумиллиона до миллиона»: a bare scale word ends a framed range only
            dashed = (_DASH.match(gap) is not None and tok.scale <= nxt.scale
                      and not nxt.bare)
            framed = joiner.match(gap) is not None and opener.search(text, 0, tok.start)
            if dashed or framed:
                low_scale = tok.scale if tok.scale > 1 else nxt.scale
                low = round(tok.value * low_scale)
                high = round(nxt.value * nxt.scale)
                if low > high and tok.scale == 1:  # «от 500 тысяч до 1 миллиона» is fine;
                    low = round(tok.value)  # «от 18 до 35 лет» keeps its own values
                start = tok.start
                if framed:
                    start = opener.search(text, 0, tok.start).start()  # type: ignore[union-attr]
                out.append(RuAmount(start, nxt.end, min(low, high), max(low, high), True,
                                    False, tok.scale > 1 or nxt.scale > 1))
                i += 2
                continue
        out.append(RuAmount(tok.start, tok.end, round(tok.value * tok.scale),
                            round(tok.value * tok.scale), False, tok.year_like,
                            tok.scale > 1, tok.bare, tok.odd))
        i += 1
    return tuple(out)
