"""figures/data/ru.toml, loaded once and compiled to regexes.

Every Russian word the reader knows lives in ru.toml; this module only turns its lists into
patterns. An entry ending in "*" is a stem (a word starting with it), any other entry a
whole word or phrase. «е» and «ё» match each other, since texts spell «ё» either way.
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

try:  # the letters IGNORECASE folds together beyond str.lower() ("в" and "ᲀ")
    from re._casefix import _EXTRA_CASES as _FOLDS
except ImportError:  # pragma: no cover - another Python: `_grouped` stays off
    _FOLDS = None

__all__ = ["RuLexicon", "Words", "ru_lexicon", "words", "words_pattern"]


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
    return _entries_pattern(sorted({e for e in entries if e}, key=len, reverse=True), flags)


def _entries_pattern(ordered: list[str], flags: int) -> re.Pattern[str]:
    """`words_pattern` of entries already in their order."""
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


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """`text` as the prefilter compares it: lowercase, «ё» as «е»."""
    return text.lower().replace("ё", "е")


class Words:
    """`words_pattern` with a prefilter. Python's regex engine tries each of a list's
    alternatives at every word start, which is slow for long lists. Every match of an entry
    contains each literal piece of it (folded), its head (`_head`) too, so a text that
    contains none of the heads (a few fast substring tests) cannot match, and the regex is
    not run. Results are exactly the regex's."""

    __slots__ = ("_heads", "pattern", "regex")

    def __init__(self, entries: list[str], flags: int = re.IGNORECASE) -> None:
        ordered = sorted({e for e in entries if e}, key=len, reverse=True)
        plain = _entries_pattern(ordered, flags)
        self.pattern = plain.pattern
        # the same alternation with its word-start check and first letters factored out
        # (`_grouped`), when that keeps its meaning: the one searched
        self.regex = _grouped(ordered, flags) or plain
        heads = {_head(e) for e in entries if e}
        # A head inside another is redundant («въезд» is tested by «въез»); an entry with
        # no literal head could match anywhere: then no prefilter.
        kept = sorted(h for h in heads if not any(o != h and o in h for o in heads))
        self._heads: tuple[str, ...] | None = None if "" in heads else tuple(kept)

    def _absent(self, text: str) -> bool:
        if self._heads is None:
            return False
        # map over a bound method: the loop stays in C
        return not any(map(_folded(text).__contains__, self._heads))

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize
               ) -> re.Match[str] | None:
        return None if self._absent(text) else self.regex.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize
                 ) -> Iterator[re.Match[str]]:
        return iter(()) if self._absent(text) else self.regex.finditer(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize
              ) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)  # anchored: already fast

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize
                  ) -> re.Match[str] | None:
        return self.regex.fullmatch(text, pos, endpos)


_LEAD = r"(?<![\w])"


def _first_token(text: str) -> str | None:
    """The regex piece matching an entry's first letter: a letter or a `same_letters`
    class («[её]»); None for anything else."""
    if text[:1] == "[":
        end = text.find("]")
        token = text[:end + 1]
        return token if end > 1 and token[1:-1].isalpha() else None
    return text[:1] if text[:1].isalpha() else None


def _grouped(ordered: list[str], flags: int) -> re.Pattern[str] | None:
    """`_entries_pattern(ordered, flags)` rewritten to match exactly the same, faster; None
    when the rewrite does not apply.

    Python's regex engine tries the alternatives in turn at every position, each starting
    with its own word-start lookbehind. When every entry starts with that lookbehind, it is
    tested once before them all; the alternatives are then grouped by the piece matching
    their first letter, in order of each group's first alternative, keeping their order
    within a group. Where no two groups' first pieces can match the same character, the
    alternatives that can match at a position are those of one group, tried in the same
    order as before, so the match (and any backtracking into the alternation) is the same.
    """
    fold = bool(flags & re.IGNORECASE)
    if fold and _FOLDS is None:
        return None
    groups: dict[str, list[str]] = {}
    for entry in ordered:
        text = _entry(entry)
        if not text.startswith(_LEAD):
            return None
        body = text[len(_LEAD):]
        token = _first_token(body)
        if token is None:
            return None
        groups.setdefault(token, []).append(body[len(token):])
    seen: set[str] = set()
    for token in groups:
        letters = set(token[1:-1] if token.startswith("[") else token)
        if fold:
            letters = {c.lower() for c in letters} | {c.upper() for c in letters}
            if any(len(c) != 1 or not c.isalpha() for c in letters):
                return None
            letters |= {chr(x) for c in letters for x in (_FOLDS or {}).get(ord(c), ())}
            letters = {c.lower() for c in letters} | {c.upper() for c in letters}
        if letters & seen or any(len(c) != 1 for c in letters):
            return None  # two groups could start at one letter
        seen |= letters
    plain = _entries_pattern(ordered, flags).pattern
    look = plain[:plain.index("(?:")]  # the first-letter lookahead
    branches = [token + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
                for token, rests in groups.items()]
    return re.compile(look + _LEAD + "(?:" + "|".join(branches) + ")", flags)


def _fast_pattern(entries: Iterable[str]) -> str:
    """`words_pattern(entries).pattern` (IGNORECASE), as `_grouped` rewrites it when it
    can: for embedding in a larger IGNORECASE pattern, where it matches (and backtracks)
    exactly as the plain alternation would."""
    ordered = sorted({e for e in entries if e}, key=len, reverse=True)
    grouped = _grouped(ordered, re.IGNORECASE)
    return (grouped or _entries_pattern(ordered, re.IGNORECASE)).pattern


def _head(entry: str) -> str:
    """The longest literal piece of an entry between spaces and «*», folded: «в день» ->
    «день» (a piece as common as «в» would let every text through)."""
    return max(re.split(r"[\s*]", entry), key=len).lower().replace("ё", "е")


def words(entries: Iterable[str], flags: int = re.IGNORECASE) -> Words:
    """`words_pattern` of `entries`, prefiltered (`Words`)."""
    return Words(list(entries), flags)


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
    change_verbs: Words
    odd_after: re.Pattern[str]  # right after a number with its scale: «11 тыс. с небольшим»
    not_after: re.Pattern[str]
    not_before: re.Pattern[str]
    baseline: Words
    comparison: re.Pattern[str]  # ending right before a baseline: «чем» (compared with it)
    other_counts: Words  # population statistics, not leaving
    third_countries: Words  # migrants from elsewhere
    at_front: Words
    stock: Words
    refused: Words
    vague_before: re.Pattern[str]
    metrics: dict[str, Words]  # leave, arrive, return, registered, called_up
    onward: Words
    reference: Words
    reference_things: Words
    continues: Words
    continues_opening: re.Pattern[str]
    abbreviation: re.Pattern[str]  # an abbreviation with its dot, ending a text
    own_country: Words
    to_preps: frozenset[str]
    from_preps: frozenset[str]
    origin_forms: frozenset[str]
    day: Words
    one_day: Words
    date: re.Pattern[str]  # a day and a month, «3 октября»
    not_one_day_before: frozenset[str]
    week: Words
    since_mobilisation: re.Pattern[str]
    since_invasion: Words
    since_year_start: Words
    since_carry: Words
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
    day_span: re.Pattern[str]  # «24–25 сентября»
    from_day: re.Pattern[str]
    year: re.Pattern[str]
    quarter: re.Pattern[str]
    from_month: re.Pattern[str]
    month: re.Pattern[str]
    introducers: Words
    pronoun_introducers: Words
    vague_introducers: Words
    report_about: re.Pattern[str]
    speech_verbs: Words
    back_attribution: re.Pattern[str]
    pronouns: frozenset[str]
    anaphors: frozenset[str]
    anaphors_alone: frozenset[str]
    vague: Words
    not_sources: frozenset[str]
    dispute: Words
    dispute_back: Words
    dispute_named: re.Pattern[str]  # «данные Forbes»: the name whose figures are disputed
    scale_abbreviation: re.Pattern[str]  # «1 млн.» ending a text
    subject_trailing: re.Pattern[str]
    adverb_lead: re.Pattern[str]  # the same adverbs opening a name: «ранее глава МВД»
    intention: re.Pattern[str]  # ending right before a verb of moving
    intention_after: re.Pattern[str]  # right after it («Уехать из России хотят ...»)
    leave_object: Words
    total: Words
    relative: Words
    week_rate: Words
    year_start_dated: re.Pattern[str]
    month_part: re.Pattern[str]
    month_parts: dict[str, int]
    via: Words
    not_vague: Words
    table_source: frozenset[str]
    table_period: frozenset[str]
    peak: Words
    peak_people: re.Pattern[str]  # right after the number
    several_countries: Words
    early_month_parts: frozenset[str]
    interview: Words
    press_release: Words
    russians: Words
    other_people: Words
    country_adjectives: dict[str, Words]  # code -> its adjective («финские»)
    nationality: frozenset[str]  # words before a place that make it a nationality
    small_floor: int
    small_people: re.Pattern[str]  # right after a small number
    compared: frozenset[str]  # a verb after these words is the term compared with
    subordinators: Words  # opening a subordinate clause, which is no name
    participle_endings: tuple[str, ...]  # of a participle opening an aside
    bounds: dict[str, Words]  # qualifier -> words naming a bound («нижняя граница»)
    reserve_pool: Words  # the men who could be mobilised, not those called up
    figure_back: Words  # «эта цифра»: the figure just given, in a sentence naming its source
    dispute_plural: Words  # «эти цифры»: every figure of the paragraph
    last_year: Words  # «прошлого года»: a baseline in an article of the mobilisation's year
    month_span: re.Pattern[str]  # «в ту же неделю августа»: a part of a named month
    crossing_nouns: Words  # «пункт пропуска»: a border post, named or pointed back to
    transit: Words  # «транзитом через Казахстан»: a place passed through
    respectively: Words  # «... 14,9 тысячи и 11,6 тысячи соответственно»
    quoting: Words  # «цитирует его портал»: the person quoted is the source
    copula: re.Pattern[str]  # ending right before a number: «В воскресенье было 11 200»
    compared_previous: re.Pattern[str]  # «это больше запланированных 300 тысяч»
    targets: Words  # «задача — 300 тысяч человек»: a goal of the mobilisation
    mobilisation_context: Words
    mixed_origins: Words  # «из стран бывшего СССР»: several origins at once
    evidence: re.Pattern[str]  # «эти данные не подтверждают ...»: figures as evidence
    named_month: re.Pattern[str]  # «ноябрь 2022 года»
    any_quarter: re.Pattern[str]  # «во втором квартале», with or without a year


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
        change_verbs=words(qual["change_verbs"]),
        odd_after=re.compile(r"\s*(?:" + _fast_pattern(num["odd"]) + ")", re.IGNORECASE),
        not_after=re.compile(rf"^\s*[»\"]?\s*(?:{nf['adjective']}\s+)?(?:"
                             + _fast_pattern(nf["after"]) + ")", re.IGNORECASE),
        not_before=re.compile(r"(?:" + _alternation(nf["before"]) + r")\s*$", re.IGNORECASE),
        baseline=words(nf["baseline"]),
        # up to three words between: «превышает среднесуточный показатель до 21 сентября»
        comparison=re.compile(r"(?:" + words_pattern(nf["comparison"]).pattern
                              + r"),?\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE),
        other_counts=words(nf["other_counts"]),
        third_countries=words(nf["third_countries"]),
        at_front=words(nf["at_front"]),
        stock=words(nf["stock"]),
        refused=words(nf["refused"]),
        vague_before=re.compile(r"(?:" + _fast_pattern(nf["vague_before"]) + r")\s*$",
                                re.IGNORECASE),
        metrics={name: words(met[name])
                 for name in ("leave", "arrive", "return", "registered", "called_up")},
        onward=words(met["onward"]),
        reference=words(met["reference"]),
        reference_things=words(met["reference_things"]),
        continues=words(met["continues"]),
        continues_opening=re.compile(r"^[\s«\"]*(?:" + words_pattern(
            met["continues_opening"]).pattern + ")", re.IGNORECASE),
        abbreviation=re.compile(r"(?<![\w])(?:" + _alternation(
            raw["sentences"]["abbreviations"]) + r")\.$", re.IGNORECASE),
        own_country=words(places["own_country"]),
        to_preps=frozenset(places["to"]),
        from_preps=frozenset(places["from"]),
        origin_forms=frozenset(places["origin_forms"]),
        day=words(per["day"]),
        one_day=words(per["one_day"]),
        date=dated("date"),
        not_one_day_before=frozenset(per["not_one_day_before"]),
        week=words(per["week"]),
        # «с/после/за» and up to five words, then «мобилизации»; «до объявления
        # мобилизации» is a baseline, so a «до» in between stops the reading.
        since_mobilisation=re.compile(
            rf"(?<![\w])(?:{lead})\s+(?:(?!(?:{not_lead})\s)[\w-]+\s+){{0,5}}?{mobilisation}",
            re.IGNORECASE),
        since_invasion=words(since["invasion"]),
        since_year_start=words(since["year_start"]),
        since_carry=words(since["carry"]),
        quarters=dict(since["quarters"]),
        months={k.lower(): int(v) for k, v in since["months"].items()},
        month_names=_alternation(since["months"]),
        year_words=_alternation(since["year_words"]),
        # Semicolons, spaced dashes, colons, and a comma before a joint word (a comma may
        # follow it: «..., из которых, возможно, треть вернулась»).
        clause=re.compile(rf";|\s[—–]\s|:\s|,\s+(?=(?:{joints})[\s,])", re.IGNORECASE),
        subject_lead=re.compile(r"^(?:\d{1,2}\s+\w+\s+)?(?:(?:" + words_pattern(
            gram["subject_lead"]).pattern + r")\s+)?", re.IGNORECASE),
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
        day_span=dated("day_span"),
        from_day=dated("from_day"),
        year=dated("year"),
        quarter=dated("quarter"),
        from_month=dated("from_month"),
        month=dated("month"),
        introducers=words(att["introducers"]),
        pronoun_introducers=words(att["pronoun_introducers"]),
        vague_introducers=words(att["vague_introducers"]),
        report_about=re.compile(rf"(?:{reports})\s+(?P<who>[^,.;:«»]{{2,80}}?)\s+{about}",
                                re.IGNORECASE),
        speech_verbs=words(att["verbs"]),
        back_attribution=re.compile(r"^\s*(?:" + words_pattern(att["back"]).pattern + r")\s",
                                    re.IGNORECASE),
        pronouns=frozenset(att["pronouns"]),
        anaphors=frozenset(w.lower() for w in att["anaphors"]),
        anaphors_alone=frozenset(w.lower() for w in att["anaphors_alone"]),
        vague=words(att["vague"]),
        not_sources=frozenset(w.lower() for w in att["not_sources"]),
        dispute=words(raw["dispute"]["words"]),
        dispute_back=words(raw["dispute"]["back"]),
        dispute_named=re.compile(r"(?:" + words_pattern(raw["dispute"]["named"]).pattern
                                 + r")\s+«?(?P<name>(?-i:[A-ZА-ЯЁ])[\w-]+)", re.IGNORECASE),
        scale_abbreviation=re.compile(r"(?<![\w])(?:" + _alternation(
            raw["sentences"]["scale_abbreviations"]) + r")\.$", re.IGNORECASE),
        adverb_lead=re.compile(r"^\s*(?:" + words_pattern(gram["subject_trailing"]).pattern
                               + r")\s+", re.IGNORECASE),
        subject_trailing=re.compile(r"(?:\s+(?:" + words_pattern(gram["subject_trailing"])
                                    .pattern + r"))+\s*$", re.IGNORECASE),
        intention=re.compile(r"(?:" + words_pattern(nf["intention"]).pattern
                             + r")\s+(?:[\w-]+\s+)?$", re.IGNORECASE),
        intention_after=re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:" + words_pattern(
            nf["intention"]).pattern + ")", re.IGNORECASE),
        leave_object=words(met["leave_object"]),
        total=words(met["total"]),
        relative=words(met["relative"]),
        week_rate=words(per["week_rate"]),
        year_start_dated=dated("year_start_dated"),
        month_part=dated("month_part"),
        month_parts={re.sub(r"\s+", " ", k.lower()): int(v)
                     for k, v in since["month_parts"].items()},
        via=words(att["via"]),
        not_vague=words(att["not_vague"]),
        table_source=frozenset(w.lower() for w in att["table_source"]),
        table_period=frozenset(w.lower() for w in att["table_period"]),
        peak=words(met["peak"]),
        peak_people=re.compile(r"\s*(?:" + _fast_pattern(met["peak_people"]) + ")",
                               re.IGNORECASE),
        several_countries=words(met["several_countries"]),
        early_month_parts=frozenset(gram["early_month_parts"]),
        interview=words(att["interview"]),
        press_release=words(att["press_release"]),
        russians=words(places["russians"]),
        other_people=words(places["other_people"]),
        country_adjectives={code: words([stem for stem, c in places["adjectives"].items()
                                                 if c == code])
                            for code in sorted(set(places["adjectives"].values()))},
        nationality=frozenset(places["nationality"]),
        small_floor=int(num["small_floor"]),
        small_people=re.compile(r"\s*(?:" + _fast_pattern(num["small_people"]) + ")",
                                re.IGNORECASE),
        compared=frozenset(w.lower() for w in gram["compared"]),
        subordinators=words(gram["subordinators"]),
        participle_endings=tuple(gram["participle_endings"]),
        bounds={"at_least": words(qual["lower_bound"]), "at_most": words(qual["upper_bound"])},
        reserve_pool=words(nf["reserve_pool"]),
        figure_back=words(att["figure_back"]),
        dispute_plural=words(raw["dispute"]["back_plural"]),
        last_year=words(nf["last_year"]),
        month_span=dated("month_span"),
        crossing_nouns=words(places["crossing_nouns"]),
        transit=words(places["transit"]),
        respectively=words(gram["respectively"]),
        quoting=words(att["quoting"]),
        copula=re.compile(r"(?<![\w])(?:" + words_pattern(met["copula"]).pattern
                          + r")\s+(?:[\w-]+\s+)?$", re.IGNORECASE),
        compared_previous=re.compile(r"(?:" + words_pattern(met["compared_previous"]).pattern
                                     + r")\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE),
        targets=words(met["targets"]),
        mobilisation_context=words(met["mobilisation_context"]),
        mixed_origins=words(nf["mixed_origins"]),
        evidence=re.compile(r"(?:" + words_pattern(raw["dispute"]["back"]).pattern
                            + r")\s+(?:" + words_pattern(raw["dispute"]["evidence_verbs"]).pattern
                            + ")", re.IGNORECASE),
        named_month=dated("named_month"),
        any_quarter=dated("any_quarter"),
    )
