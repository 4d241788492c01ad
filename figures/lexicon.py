"""The language's word lists (figures/data/<lang>.toml), loaded once and compiled to regexes.

Every other module asks this one for its words, so adding Russian means adding ru.toml,
not touching code.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = ["Lexicon", "Phrases", "lexicon", "phrase_pattern", "plain_lower",
           "trie_alternation"]


def phrase_pattern(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation of literal phrases, longest first, on word boundaries where they apply.

    The word-start check is factored out of the alternation: Python's regex engine tries
    every alternative at every position, and a failing lookbehind up front makes the
    common case (not at a word start) cost one test instead of hundreds. The phrases that
    start with a letter are then matched through a character trie (`_trie`), so the engine
    follows one branch per letter instead of trying each phrase in turn.
    """
    worded: list[str] = []
    other: list[str] = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        if not phrase:
            continue
        (worded if phrase[0].isalnum() else other).append(phrase)
    parts = []
    if worded:
        trie = _trie(worded, fold=bool(flags & re.IGNORECASE))
        parts.append(r"(?<![\w])(?:" + (trie if trie is not None else
                                         "|".join(_literal(p) for p in worded)) + ")")
    parts += [_literal(p) for p in other]
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(parts), flags)


def _literal(phrase: str) -> str:
    """One phrase as a regex: any run of spaces between words, a word end after a word."""
    return re.escape(phrase).replace(r"\ ", r"\s+") + _tail(phrase)


def _tail(phrase: str) -> str:
    return r"(?![\w])" if phrase[-1].isalnum() or phrase[-1] == "." else ""


_END = ""  # the trie key marking "a phrase ends here"; its value is the phrase's tail


def trie_alternation(words: list[str], fold: bool = True) -> str:
    """Words as one regex body with shared prefixes factored out, longer words first
    (as `"|".join(sorted(words, key=len, reverse=True))`, but one branch per letter),
    no word-end checks; a plain alternation when `_trie` cannot keep its meaning."""
    plain = sorted(set(words), key=len, reverse=True)
    trie = _trie(plain, fold, tails=False)
    return trie if trie is not None else "|".join(plain)


def _trie(phrases: list[str], fold: bool, tails: bool = True) -> str | None:
    """The phrases as one regex with shared prefixes factored out, or None when that
    could match differently from the longest-first alternation.

    At one position the phrases that match form a chain of prefixes of one another, so
    trying the longer continuation first and falling back to a phrase's end (with its
    word-end check) finds the same match as trying the phrases longest first. That holds
    when no two branches of a node can match the same character: keys are lower-cased
    under IGNORECASE, and phrases holding whitespace other than a plain space (which
    would overlap the `\\s+` branch) fall back to the alternation.
    """
    root: dict[str, object] = {}
    for phrase in phrases:
        key = phrase.lower() if fold else phrase
        if len(key) != len(phrase) or any(ch.isspace() and ch != " " for ch in key):
            return None
        if fold and any(ch.upper().lower() != ch or len(ch.upper()) != 1 for ch in key):
            return None  # a letter whose case forms do not map back ("ß", "ı")
        node = root
        for ch in key:
            node = node.setdefault(ch, {})  # type: ignore[assignment]
        node[_END] = _tail(phrase) if tails else ""
    return _emit(root)


def _emit(node: dict[str, object]) -> str:
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _emit(child)  # type: ignore[arg-type]
                for ch, child in sorted(node.items()) if ch != _END]
    if _END in node:
        branches.append(str(node[_END]))  # the shorter phrase, after every longer one
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_RUN = re.compile(r"\w+")
# Letters that IGNORECASE matches to an ASCII letter while str.lower() keeps them apart
# ("ſ" matches "s"; "İ".lower() is two characters): a text holding one gets no pre-check.
_ODD_CASES = ("\u0130", "\u0131", "\u017f")
# Shorter texts (the windows around a number) are scanned at once: the pre-check would
# cost about what the scan does.
_PRECHECK_MIN_CHARS = 40


def plain_lower(text: str) -> str | None:
    """`text.lower()`, where a lower-case word is present whenever an IGNORECASE regex
    could match it; None when an odd letter makes that untrue."""
    # (`isascii` is a flag test in CPython: an ASCII text, most of them, holds no odd letter)
    if not text.isascii() and any(odd in text for odd in _ODD_CASES):
        return None
    return text.lower()


@lru_cache(maxsize=32)
def _words(text: str) -> frozenset[str] | None:
    """The lower-cased word runs of `text`; None when lower-casing could hide a match.

    Cached for a few texts: one clause or sentence is asked about by a dozen word lists
    in a row. The cache is small on purpose: it serves the text being read, not a corpus.
    """
    lowered = plain_lower(text)
    if lowered is None:
        return None
    if lowered.isascii():  # \w is [A-Za-z0-9_] here: one C pass, then a split
        # (bytes.translate is a table lookup per byte; str.translate with a mapping, about
        # four times slower on a sentence)
        blanked = lowered.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii")
        return frozenset(blanked.split())
    return frozenset(_RUN.findall(lowered))


# Every ASCII character outside \w -> a space (for `_words` on ASCII text, as bytes).
_ASCII_NON_WORD = bytes(i if chr(i).isalnum() or chr(i) == "_" else ord(" ")
                        for i in range(256))


def _phrase_runs(phrase: str) -> list[str] | None:
    """The lower-cased word runs of `phrase` that any match must hold whole (see
    `_phrase_groups`); None when the phrase cannot be pre-checked."""
    if not phrase.isascii():
        return None
    runs = _RUN.findall(phrase.lower())
    if runs and not phrase[0].isalnum() and _RUN.match(phrase):
        runs = runs[1:]  # starts with "_": no word-start check, the run may be longer
    if runs and not (phrase[-1].isalnum() or phrase[-1] == ".") and _RUN.match(phrase[-1]):
        runs = runs[:-1]  # ends with "_": no word-end check
    return runs or None  # "%", "+": nothing to look for


def _phrase_groups(phrases: Iterable[str]) -> dict[str, tuple[frozenset[str], ...]] | None:
    """The keys of the phrases, each with the other word runs of each phrase it keys
    (None: no pre-check). A key is one word of a phrase that any match must hold whole.

    A phrase's letters and digits match the text's one for one, its spaces and
    punctuation match non-word characters, and the word-start and word-end checks close
    its edges: so each word run of a phrase is a whole word run of the text it matches.
    The longest run of each phrase is kept as its key, as the rarest; a phrase can match
    only where all of its runs are words of the text. Only ASCII phrases qualify, where
    IGNORECASE and str.lower() agree.
    """
    groups: dict[str, list[frozenset[str]]] = {}
    for phrase in phrases:
        if not phrase:
            continue
        runs = _phrase_runs(phrase)
        if runs is None:
            return None
        key = max(runs, key=len)
        groups.setdefault(key, []).append(frozenset(runs) - {key})
    return {key: tuple(rests) for key, rests in groups.items()}


def _phrase_symbols(phrases: Iterable[str]) -> tuple[str, ...] | None:
    """For the phrases with no word run to look for ("~", "$", "€"): the longest piece of
    each between spaces, when it holds no letter with case forms, so that a match holds it
    as it is; None when some phrase has neither a run nor such a piece."""
    symbols = []
    for phrase in phrases:
        if not phrase or _phrase_runs(phrase) is not None:
            continue
        if any(ch.isspace() and ch != " " for ch in phrase) or any(
                ch.lower() != ch or ch.upper() != ch or ch.casefold() != ch for ch in phrase):
            return None
        pieces = [piece for piece in phrase.split(" ") if piece]
        if not pieces:
            return None
        symbols.append(max(pieces, key=len))
    return tuple(sorted(set(symbols)))


def _prefilter(phrases: list[str]) -> tuple[frozenset[str] | None,
                                            dict[str, tuple[frozenset[str], ...]] | None,
                                            tuple[str, ...]]:
    """(keys, groups, symbols) for `Phrases`: the word pre-check of the phrases with word
    runs, and the pieces the others must hold (keys None: no pre-check)."""
    groups = _phrase_groups(phrases)
    if groups is not None:
        return frozenset(groups), groups, ()
    symbols = _phrase_symbols(phrases)
    if not symbols:
        return None, None, ()
    worded = _phrase_groups([p for p in phrases if p and _phrase_runs(p) is not None])
    return (None if worded is None else frozenset(worded)), worded, symbols


class Phrases:
    """A compiled word list, with a cheap test that rules a text out before any scan.

    Python's regex engine has no fast way to skip to a phrase that starts at a word start:
    it tries the whole pattern at every character, and these scans were about a third of
    the extractor's time. Most word lists match nowhere in a given clause, and a set lookup
    of one word per phrase (`_phrase_groups`) among the text's words (`_words`, shared by
    every list asked about the same text) says so without scanning. When the test
    passes, the regex decides, so results are exactly the regex's.

    `search` and `finditer` take the test; anchored `match` and `fullmatch` are cheap
    already and go straight to the regex.
    """

    __slots__ = ("regex", "keys", "groups", "symbols")

    def __init__(self, regex: re.Pattern[str], keys: frozenset[str] | None,
                 groups: dict[str, tuple[frozenset[str], ...]] | None = None,
                 symbols: tuple[str, ...] = ()) -> None:
        self.regex = regex
        self.keys = keys
        # pieces of the phrases with no word ("~"): a text holding one is scanned
        self.symbols = symbols
        # key -> the other words of each phrase it keys (`_phrase_groups`): when the key
        # is in the text but no phrase has all its words there, the text is ruled out too
        self.groups = groups

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def absent_from(self, text: str) -> bool:
        """True when no phrase can occur in `text` (False: maybe, ask the regex)."""
        if self.keys is None or len(text) < _PRECHECK_MIN_CHARS:
            return False
        for symbol in self.symbols:
            if symbol in text:
                return False
        words = _words(text)
        if words is None:
            return False
        if self.keys.isdisjoint(words):
            return True
        groups = self.groups
        if groups is None:
            return False
        for key in self.keys.intersection(words):
            for rest in groups[key]:
                if rest <= words:
                    return False
        return True

    def keys_absent_from(self, text: str) -> bool:
        """The key-word test alone (no phrase's key word is a word of `text`): weaker than
        `absent_from`, for callers whose rules hang on that exact gate."""
        if self.keys is None or self.symbols or len(text) < _PRECHECK_MIN_CHARS:
            return False
        words = _words(text)
        return words is not None and self.keys.isdisjoint(words)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize
               ) -> re.Match[str] | None:
        if self.absent_from(text):
            return None
        return self.regex.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize
                 ) -> Iterator[re.Match[str]]:
        if self.absent_from(text):
            return iter(())
        return self.regex.finditer(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize
              ) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize
                  ) -> re.Match[str] | None:
        return self.regex.fullmatch(text, pos, endpos)


def _phrases(phrases: list[str], flags: int = re.IGNORECASE) -> Phrases:
    """`phrase_pattern` with its pre-check."""
    return Phrases(phrase_pattern(phrases, flags), *_prefilter(phrases))


def _around(template: str, phrases: list[str]) -> Phrases:
    """`template` (holding "{}" once) around the phrase pattern, with the phrases' pre-check:
    every match of the whole holds a match of the phrases."""
    inner = phrase_pattern(phrases).pattern
    return Phrases(re.compile(template.replace("{}", inner), re.IGNORECASE),
                   *_prefilter(phrases))


@dataclass(frozen=True)
class Lexicon:
    """Compiled word lists for one language."""

    raw: dict[str, Any]  # the TOML as loaded, for lists used as sets
    mobilisation: date  # the announcement of the mobilisation
    invasion: date  # the start of the full-scale invasion
    qualifier_before: dict[str, Phrases]  # qualifier -> phrases ending just before a number
    after_at_least: Phrases
    after_approx: Phrases
    not_after: Phrases  # units and things that make a number not a figure
    not_before: Phrases
    baseline_before: Phrases
    baseline_after: Phrases
    baseline_lead: Phrases  # "before the call-up" set off before the number
    retracted: Phrases  # "An earlier version of this article said ...": a wrong figure
    mixed_groups: Phrases  # "foreigners", "immigrants": not only Russians
    other_nationals: Phrases  # "Ukrainians", "Iraqis" (case-sensitive)
    call_up_done: Phrases  # refusals that describe a call-up itself
    since_mobilisation_near: Phrases  # "since <up to 5 words> mobilisation"
    since_mobilisation_after: Phrases  # "in the first four days after the call-up"
    after_mobilisation: Phrases  # "left after the September call-up"
    stock: Phrases
    held: Phrases  # holders of permits, registered residents: a stock of any metric
    casualties: Phrases  # "had been killed": losses, not leavers
    refused: Phrases
    metrics: dict[str, Phrases]
    reference: Phrases
    speech_verbs: Phrases
    introducers: Phrases
    national_offices: Phrases  # "the interior ministry": an office of the figure's country
    pronouns: frozenset[str]
    vague: frozenset[str]
    dispute: Phrases
    per_day: Phrases
    per_week: Phrases
    cumulative: Phrases
    weekday: Phrases
    since_mobilisation: Phrases
    since_invasion: Phrases
    since_year: Phrases
    since_carry: Phrases
    since_none: Phrases
    own_country: Phrases


def _lead_pattern(phrases: list[str]) -> Phrases:
    """Phrases that must end right before the number (only spaces between)."""
    return _around(r"(?:{})\s*$", phrases)


@cache
def lexicon(lang: str = "en") -> Lexicon:
    """Load and compile the word lists of `lang` (cached: built once per process)."""
    text = resources.files("figures").joinpath("data", f"{lang}.toml").read_bytes()
    raw = tomllib.loads(text.decode("utf-8"))
    nf, met, att, per, since = (
        raw["not_figures"], raw["metrics"], raw["attribution"], raw["periods"], raw["since"]
    )
    quals = raw["qualifiers"]
    return Lexicon(
        raw=raw,
        mobilisation=raw["events"]["mobilisation"],
        invasion=raw["events"]["invasion"],
        qualifier_before={q: _lead_pattern(quals[q]) for q in ("at_most", "at_least", "approx")},
        after_at_least=_around(r"^\s*(?:{})", quals["after_at_least"]),
        after_approx=_around(r"^\s*(?:{})", quals["after_approx"]),
        not_after=_around(r"^\s*(?:{})", nf["after"]),
        not_before=_lead_pattern(nf["before"]),
        baseline_before=_phrases(nf["baseline_before"]),
        baseline_after=_phrases(nf["baseline_after"]),
        baseline_lead=_phrases(nf["baseline_lead"]),
        retracted=_phrases(nf["retracted"]),
        mixed_groups=_around(r"^\s*(?:{})", nf["mixed_groups"]),
        other_nationals=_phrases(nf["other_nationals"], flags=0),
        call_up_done=_phrases(nf["call_up_done"]),
        since_mobilisation_near=_around(
            r"\bsince\s+(?:(?!last\b|before\b|the\s+end\b)[\w'’-]+\s+){0,5}?(?:{})"
            r"(?!\s+(?:points?|offices?|boards?|stations?|centres?|centers?|dodgers?))",
            since["mobilisation_words"]),
        # A stretch of time counted from the mobilisation is a period that starts with it
        # ("in the week after the mobilisation order": four corpus writers of five say so).
        since_mobilisation_after=_around(
            r"\b(?:in|within|during|over)\s+(?:the\s+)?(?:first\s+(?:[\w-]+\s+)?"
            r"(?:days?|weeks?|months?|hours?|fortnight)|(?:[\w-]+\s+)?(?:days?|weeks?|months?|hours|"
            # "in the first two weeks of the mobilisation" counts from it too
            r"fortnight))\s+(?:after|since|of)\s+"
            r"(?:[\w'’.-]+\s+){0,4}?(?:{})\b",
            since["mobilisation_words"] + since["mobilisation_acts"]),
        # "650,000 left after the September call-up", "IINs after mobilisation", "a wave
        # of 100,000 followed the mobilisation": counted from it
        after_mobilisation=_around(
            r"\b(?:after|followed)\s+"
            r"(?:(?!before\b|the\s+end\b)[\w'’.-]+\s+){0,4}?(?:{})\b"
            r"(?!\s+(?:points?|offices?|boards?|stations?|centres?|centers?|dodgers?|ended|was\s+over))",
            since["mobilisation_words"] + ["order", "decree"]),
        stock=_phrases(nf["stock"]),
        held=_phrases(nf.get("held", [])),
        casualties=_phrases(nf["casualties"]),
        refused=_phrases(nf["refused"]),
        metrics={name: _phrases(met[name]) for name in
                 ("departed", "arrived", "moved_on", "registered", "returned", "called_up")},
        reference=_phrases(met["reference"]),
        speech_verbs=_phrases(att["verbs"]),
        introducers=_phrases(att["introducers"]),
        national_offices=_phrases(att["national_offices"]),
        pronouns=frozenset(att["pronouns"]),
        vague=frozenset(att["vague"]),
        dispute=_phrases(raw["dispute"]["words"]),
        per_day=_phrases(per["day"]),
        per_week=_phrases(per["week"]),
        cumulative=_phrases(per["cumulative"]),
        weekday=_phrases(per["weekdays"]),
        since_mobilisation=_phrases(since["mobilisation"]),
        since_invasion=_phrases(since["invasion"]),
        since_year=_phrases(since["year_start"]),
        since_carry=_phrases(since["carry"]),
        since_none=_phrases(since["none"]),
        own_country=_phrases(raw["places"]["own_country"]),
    )
