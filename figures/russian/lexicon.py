"""figures/data/ru.toml, loaded once and compiled to regexes.

Every Russian word the reader knows lives in ru.toml; this module only turns its lists into
patterns. An entry ending in "*" is a stem (a word starting with it), any other entry a
whole word or phrase. «е» and «ё» match each other, since texts spell «ё» either way.
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

__all__ = ["RuLexicon", "ru_lexicon", "words_pattern"]


@cache
def _raw() -> dict[str, Any]:
    text = resources.files("figures").joinpath("data", "ru.toml").read_bytes()
    return tomllib.loads(text.decode("utf-8"))


@cache
def _same_letters() -> dict[str, str]:
    """Each letter of a ru.toml `same_letters` pair -> a class matching both («е», «ё»)."""
    out = {}
    for pair in _raw()["grammar"]["same_letters"]:
        for letter in pair:
            out[letter] = "[" + pair + "]"
    return out


def _entry(entry: str) -> str:
    stem = entry.endswith("*")
    body = entry[:-1] if stem else entry
    # «социальн* карт*»: a stem inside a phrase
    text = re.escape(body).replace(r"\ ", r"\s+").replace(r"\*", r"[\w-]*")
    same = _same_letters()
    text = "".join(same.get(ch, ch) for ch in text)
    lead = r"(?<![\w])" if body[:1].isalnum() else ""
    if stem:
        tail = r"[\w-]*"
    elif body[-1:].isalnum() or body.endswith("."):
        tail = r"(?![\w])"
    else:
        tail = ""
    return lead + text + tail


def words_pattern(entries: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation of ru.toml entries (stems and phrases), longest first.

    A lookahead on the entries' first letters comes first: the regex engine tries every
    alternative at every position, and this makes most positions fail in one test.
    """
    ordered = sorted({e for e in entries if e}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    firsts: set[str] = set()
    for entry in ordered:
        first = entry[0]
        firsts |= {first, first.lower(), first.upper()} if flags & re.IGNORECASE else {first}
        for pair in _raw()["grammar"]["same_letters"]:
            if first.lower() in pair.lower():
                firsts |= set(pair) | set(pair.lower()) | set(pair.upper())
    chars = "".join(re.escape(c) for c in sorted(firsts))
    body = "|".join(_entry(e) for e in ordered)
    return re.compile(rf"(?=[{chars}])(?:{body})", flags)


@dataclass(frozen=True)
class RuLexicon:
    """Compiled Russian word lists."""

    raw: dict[str, Any]
    mobilisation: date
    invasion: date
    scales: dict[str, int]
    whole: dict[str, int]
    number_words: dict[str, int]
    bare_scales: frozenset[str]
    qualifiers: dict[str, re.Pattern[str]]  # qualifier -> hedge ending right before a number
    change_verbs: re.Pattern[str]
    not_after: re.Pattern[str]
    not_before: re.Pattern[str]
    baseline: re.Pattern[str]
    at_front: re.Pattern[str]
    stock: re.Pattern[str]
    refused: re.Pattern[str]
    vague_before: re.Pattern[str]
    metrics: dict[str, re.Pattern[str]]  # leave, arrive, return, registered, called_up
    onward: re.Pattern[str]
    reference: re.Pattern[str]
    continues: re.Pattern[str]
    continues_opening: re.Pattern[str]
    abbreviation: re.Pattern[str]  # an abbreviation with its dot, ending a text
    own_country: re.Pattern[str]
    to_preps: frozenset[str]
    from_preps: frozenset[str]
    origin_forms: frozenset[str]
    day: re.Pattern[str]
    one_day: re.Pattern[str]
    date: re.Pattern[str]  # a day and a month, «3 октября»
    not_one_day_before: frozenset[str]
    week: re.Pattern[str]
    since_mobilisation: re.Pattern[str]
    since_invasion: re.Pattern[str]
    since_year_start: re.Pattern[str]
    since_carry: re.Pattern[str]
    quarters: dict[str, int]
    months: dict[str, int]
    month_names: str  # an alternation of month words, for date patterns
    year_words: str
    clause: re.Pattern[str]  # where a clause ends inside a sentence
    subject_lead: re.Pattern[str]
    subject_end: re.Pattern[str]
    not_subject: re.Pattern[str]
    date_tail: re.Pattern[str]
    negation: str
    list_joint: re.Pattern[str]
    country_group: str  # an alternation, for the places' preposition pattern
    vowels: str
    day_range: re.Pattern[str]
    from_day: re.Pattern[str]
    year: re.Pattern[str]
    quarter: re.Pattern[str]
    from_month: re.Pattern[str]
    month: re.Pattern[str]
    introducers: re.Pattern[str]
    pronoun_introducers: re.Pattern[str]
    vague_introducers: re.Pattern[str]
    report_about: re.Pattern[str]
    speech_verbs: re.Pattern[str]
    back_attribution: re.Pattern[str]
    pronouns: frozenset[str]
    anaphors: frozenset[str]
    anaphors_alone: frozenset[str]
    vague: re.Pattern[str]
    not_sources: frozenset[str]
    dispute: re.Pattern[str]
    dispute_back: re.Pattern[str]
    scale_abbreviation: re.Pattern[str]  # «1 млн.» ending a text
    subject_trailing: re.Pattern[str]
    intention: re.Pattern[str]  # ending right before a verb of moving
    intention_after: re.Pattern[str]  # right after it («Уехать из России хотят ...»)
    leave_object: re.Pattern[str]
    total: re.Pattern[str]
    relative: re.Pattern[str]
    week_rate: re.Pattern[str]
    year_start_dated: re.Pattern[str]
    month_part: re.Pattern[str]
    month_parts: dict[str, int]
    via: re.Pattern[str]
    not_vague: re.Pattern[str]
    table_source: frozenset[str]
    interview: re.Pattern[str]
    russians: re.Pattern[str]
    other_people: re.Pattern[str]
    nationality: frozenset[str]  # words before a place that make it a nationality
    small_floor: int
    small_people: re.Pattern[str]  # right after a small number


def _lead(entries: Iterable[str]) -> re.Pattern[str]:
    """Entries that end right before a number; quotes and a preposition («примерно о 3
    тысячах») allowed in between."""
    inner = words_pattern(entries).pattern
    preps = _alternation(_raw()["grammar"]["hedge_prepositions"])
    return re.compile(rf"(?:{inner})\s*(?:(?:{preps})\s+)?[«\"„“]?\s*$", re.IGNORECASE)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def ru_lexicon() -> RuLexicon:
    """Load and compile ru.toml (cached: built once per process)."""
    raw = _raw()
    num, qual, nf, met = raw["numbers"], raw["qualifiers"], raw["not_figures"], raw["metrics"]
    places, per, since, att = raw["places"], raw["periods"], raw["since"], raw["attribution"]
    lead = _alternation(since["lead"])
    not_lead = _alternation(since["not_lead"])
    mobilisation = words_pattern(since["mobilisation"]).pattern
    reports = words_pattern(att["report_nouns"]).pattern
    about = words_pattern([att["report_about"]]).pattern
    gram = raw["grammar"]
    joints = words_pattern(gram["clause_joints"]).pattern

    def dated(name: str) -> re.Pattern[str]:
        template = since[name].replace("{month}", _alternation(since["months"]))
        template = template.replace("{part}", _alternation(since["month_parts"]).replace(
            r"\ ", r"\s+"))
        template = template.replace("{year_word}", _alternation(since["year_words"]))
        return re.compile(r"(?<![\w])" + template, re.IGNORECASE)
    return RuLexicon(
        raw=raw,
        mobilisation=raw["events"]["mobilisation"],
        invasion=raw["events"]["invasion"],
        scales={k.lower(): int(v) for k, v in num["scales"].items()},
        whole={k.lower(): int(v) for k, v in num["whole"].items()},
        number_words={k.lower(): int(v) for k, v in num["words"].items()},
        bare_scales=frozenset(w.lower() for w in num["bare_scales"]),
        qualifiers={q: _lead(qual[q]) for q in ("at_most", "at_least", "approx")},
        change_verbs=words_pattern(qual["change_verbs"]),
        not_after=re.compile(rf"^\s*[»\"]?\s*(?:{nf['adjective']}\s+)?(?:"
                             + words_pattern(nf["after"]).pattern + ")", re.IGNORECASE),
        not_before=re.compile(r"(?:" + _alternation(nf["before"]) + r")\s*$", re.IGNORECASE),
        baseline=words_pattern(nf["baseline"]),
        at_front=words_pattern(nf["at_front"]),
        stock=words_pattern(nf["stock"]),
        refused=words_pattern(nf["refused"]),
        vague_before=re.compile(r"(?:" + words_pattern(nf["vague_before"]).pattern + r")\s*$",
                                re.IGNORECASE),
        metrics={name: words_pattern(met[name])
                 for name in ("leave", "arrive", "return", "registered", "called_up")},
        onward=words_pattern(met["onward"]),
        reference=words_pattern(met["reference"]),
        continues=words_pattern(met["continues"]),
        continues_opening=re.compile(r"^[\s«\"]*(?:" + words_pattern(
            met["continues_opening"]).pattern + ")", re.IGNORECASE),
        abbreviation=re.compile(r"(?<![\w])(?:" + _alternation(
            raw["sentences"]["abbreviations"]) + r")\.$", re.IGNORECASE),
        own_country=words_pattern(places["own_country"]),
        to_preps=frozenset(places["to"]),
        from_preps=frozenset(places["from"]),
        origin_forms=frozenset(places["origin_forms"]),
        day=words_pattern(per["day"]),
        one_day=words_pattern(per["one_day"]),
        date=dated("date"),
        not_one_day_before=frozenset(per["not_one_day_before"]),
        week=words_pattern(per["week"]),
        # «с/после/за» and up to five words, then «мобилизации»; «до объявления
        # мобилизации» is a baseline, so a «до» in between stops the reading.
        since_mobilisation=re.compile(
            rf"(?<![\w])(?:{lead})\s+(?:(?!(?:{not_lead})\s)[\w-]+\s+){{0,5}}?{mobilisation}",
            re.IGNORECASE),
        since_invasion=words_pattern(since["invasion"]),
        since_year_start=words_pattern(since["year_start"]),
        since_carry=words_pattern(since["carry"]),
        quarters=dict(since["quarters"]),
        months={k.lower(): int(v) for k, v in since["months"].items()},
        month_names=_alternation(since["months"]),
        year_words=_alternation(since["year_words"]),
        # Semicolons, spaced dashes, colons, and a comma before a joint word.
        clause=re.compile(rf";|\s[—–]\s|:\s|,\s+(?=(?:{joints})\s)", re.IGNORECASE),
        subject_lead=re.compile(r"^(?:\d{1,2}\s+\w+\s+)?(?:(?:" + words_pattern(
            gram["subject_lead"]).pattern + r")\s+)?"),
        subject_end=re.compile(r"\s+(?:" + words_pattern(gram["subject_ends"], flags=0).pattern
                               + r")\s+(?=\w)"),
        not_subject=re.compile(r"^\s*(?:" + words_pattern(gram["not_subject"]).pattern
                               + r")\s+"),
        date_tail=re.compile(r"\s+(?:" + words_pattern(gram["date_tail"]).pattern
                             + r")\s+\d.*$"),
        negation=gram["negation"],
        list_joint=re.compile(r"\s*(?:,|,?\s+(?:" + words_pattern(gram["list_joints"]).pattern
                              + r"))\s*"),
        country_group=_alternation(gram["country_group"]),
        vowels=gram["vowels"],
        day_range=dated("day_range"),
        from_day=dated("from_day"),
        year=dated("year"),
        quarter=dated("quarter"),
        from_month=dated("from_month"),
        month=dated("month"),
        introducers=words_pattern(att["introducers"]),
        pronoun_introducers=words_pattern(att["pronoun_introducers"]),
        vague_introducers=words_pattern(att["vague_introducers"]),
        report_about=re.compile(rf"(?:{reports})\s+(?P<who>[^,.;:«»]{{2,80}}?)\s+{about}",
                                re.IGNORECASE),
        speech_verbs=words_pattern(att["verbs"]),
        back_attribution=re.compile(r"^\s*(?:" + words_pattern(att["back"]).pattern + r")\s",
                                    re.IGNORECASE),
        pronouns=frozenset(att["pronouns"]),
        anaphors=frozenset(w.lower() for w in att["anaphors"]),
        anaphors_alone=frozenset(w.lower() for w in att["anaphors_alone"]),
        vague=words_pattern(att["vague"]),
        not_sources=frozenset(w.lower() for w in att["not_sources"]),
        dispute=words_pattern(raw["dispute"]["words"]),
        dispute_back=words_pattern(raw["dispute"]["back"]),
        scale_abbreviation=re.compile(r"(?<![\w])(?:" + _alternation(
            raw["sentences"]["scale_abbreviations"]) + r")\.$", re.IGNORECASE),
        subject_trailing=re.compile(r"(?:\s+(?:" + words_pattern(gram["subject_trailing"])
                                    .pattern + r"))+\s*$", re.IGNORECASE),
        intention=re.compile(r"(?:" + words_pattern(nf["intention"]).pattern
                             + r")\s+(?:[\w-]+\s+)?$", re.IGNORECASE),
        intention_after=re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:" + words_pattern(
            nf["intention"]).pattern + ")", re.IGNORECASE),
        leave_object=words_pattern(met["leave_object"]),
        total=words_pattern(met["total"]),
        relative=words_pattern(met["relative"]),
        week_rate=words_pattern(per["week_rate"]),
        year_start_dated=dated("year_start_dated"),
        month_part=dated("month_part"),
        month_parts={re.sub(r"\s+", " ", k.lower()): int(v)
                     for k, v in since["month_parts"].items()},
        via=words_pattern(att["via"]),
        not_vague=words_pattern(att["not_vague"]),
        table_source=frozenset(w.lower() for w in att["table_source"]),
        interview=words_pattern(att["interview"]),
        russians=words_pattern(places["russians"]),
        other_people=words_pattern(places["other_people"]),
        nationality=frozenset(places["nationality"]),
        small_floor=int(num["small_floor"]),
        small_people=re.compile(r"\s*(?:" + words_pattern(num["small_people"]).pattern + ")",
                                re.IGNORECASE),
    )
