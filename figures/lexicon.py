"""The language's word lists (figures/data/<lang>.toml), loaded once and compiled to regexes.

Every other module asks this one for its words, so adding Russian means adding ru.toml,
not touching code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Lexicon", "lexicon", "phrase_pattern", "trie_alternation"]


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


@dataclass(frozen=True)
class Lexicon:
    """Compiled word lists for one language."""

    raw: dict[str, Any]  # the TOML as loaded, for lists used as sets
    mobilisation: date  # the announcement of the mobilisation
    invasion: date  # the start of the full-scale invasion
    qualifier_before: dict[str, re.Pattern[str]]  # qualifier -> phrases ending just before a number
    after_at_least: re.Pattern[str]
    after_approx: re.Pattern[str]
    not_after: re.Pattern[str]  # units and things that make a number not a figure
    not_before: re.Pattern[str]
    baseline_before: re.Pattern[str]
    baseline_after: re.Pattern[str]
    baseline_lead: re.Pattern[str]  # "before the call-up" set off before the number
    mixed_groups: re.Pattern[str]  # "foreigners", "immigrants": not only Russians
    other_nationals: re.Pattern[str]  # "Ukrainians", "Iraqis" (case-sensitive)
    call_up_done: re.Pattern[str]  # refusals that describe a call-up itself
    since_mobilisation_near: re.Pattern[str]  # "since <up to 5 words> mobilisation"
    stock: re.Pattern[str]
    casualties: re.Pattern[str]  # "had been killed": losses, not leavers
    refused: re.Pattern[str]
    metrics: dict[str, re.Pattern[str]]
    reference: re.Pattern[str]
    speech_verbs: re.Pattern[str]
    introducers: re.Pattern[str]
    pronouns: frozenset[str]
    vague: frozenset[str]
    dispute: re.Pattern[str]
    per_day: re.Pattern[str]
    per_week: re.Pattern[str]
    cumulative: re.Pattern[str]
    weekday: re.Pattern[str]
    since_mobilisation: re.Pattern[str]
    since_invasion: re.Pattern[str]
    since_year: re.Pattern[str]
    since_carry: re.Pattern[str]
    since_none: re.Pattern[str]
    own_country: re.Pattern[str]


def _lead_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Phrases that must end right before the number (only spaces between)."""
    inner = phrase_pattern(phrases).pattern
    return re.compile(rf"(?:{inner})\s*$", re.IGNORECASE)


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
        after_at_least=re.compile(rf"^\s*(?:{phrase_pattern(quals['after_at_least']).pattern})",
                                  re.IGNORECASE),
        after_approx=re.compile(rf"^\s*(?:{phrase_pattern(quals['after_approx']).pattern})",
                                re.IGNORECASE),
        not_after=re.compile(rf"^\s*(?:{phrase_pattern(nf['after']).pattern})", re.IGNORECASE),
        not_before=_lead_pattern(nf["before"]),
        baseline_before=phrase_pattern(nf["baseline_before"]),
        baseline_after=phrase_pattern(nf["baseline_after"]),
        baseline_lead=phrase_pattern(nf["baseline_lead"]),
        mixed_groups=re.compile(rf"^\s*(?:{phrase_pattern(nf['mixed_groups']).pattern})",
                                re.IGNORECASE),
        other_nationals=phrase_pattern(nf["other_nationals"], flags=0),
        call_up_done=phrase_pattern(nf["call_up_done"]),
        since_mobilisation_near=re.compile(
            r"\bsince\s+(?:(?!last\b|before\b|the\s+end\b)[\w'’-]+\s+){0,5}?(?:"
            + phrase_pattern(since["mobilisation_words"]).pattern
            + r")(?!\s+(?:points?|offices?|boards?|stations?|centres?|centers?|dodgers?))",
            re.IGNORECASE),
        stock=phrase_pattern(nf["stock"]),
        casualties=phrase_pattern(nf["casualties"]),
        refused=phrase_pattern(nf["refused"]),
        metrics={name: phrase_pattern(met[name]) for name in
                 ("departed", "arrived", "moved_on", "registered", "returned", "called_up")},
        reference=phrase_pattern(met["reference"]),
        speech_verbs=phrase_pattern(att["verbs"]),
        introducers=phrase_pattern(att["introducers"]),
        pronouns=frozenset(att["pronouns"]),
        vague=frozenset(att["vague"]),
        dispute=phrase_pattern(raw["dispute"]["words"]),
        per_day=phrase_pattern(per["day"]),
        per_week=phrase_pattern(per["week"]),
        cumulative=phrase_pattern(per["cumulative"]),
        weekday=phrase_pattern(per["weekdays"]),
        since_mobilisation=phrase_pattern(since["mobilisation"]),
        since_invasion=phrase_pattern(since["invasion"]),
        since_year=phrase_pattern(since["year_start"]),
        since_carry=phrase_pattern(since["carry"]),
        since_none=phrase_pattern(since["none"]),
        own_country=phrase_pattern(raw["places"]["own_country"]),
    )
