"""Country names in Russian, in every case, with the preposition before each.

The nominative names come from pycountry's Russian translations (gettext domain
iso3166-1); ru.toml adds the oblique-case ending rules, short names, unions, cities and
border crossings. Matching is case-sensitive: names are capitalised, and «того» or «чад»
in lowercase are ordinary words.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

from figures.lexicon import trie_alternation
from figures.russian.lexicon import ru_lexicon, words_pattern

__all__ = ["RuPlace", "find_places", "is_locative", "name_table"]

@dataclass(frozen=True)
class RuPlace:
    """One named place in a text."""

    code: str  # ISO 3166-1 alpha-2, or "EU"
    start: int
    end: int
    text: str
    preposition: str  # the word right before it («в», «из», «через»), lowercased, or ""


def _forms(name: str, endings: dict[str, list[str]], vowels: str) -> list[str]:
    """The name and its oblique-case forms by ru.toml's ending rules (one-word names)."""
    if " " in name or "-" in name:
        return [name]
    for ending in sorted(endings, key=len, reverse=True):
        if not ending:
            continue
        if name.endswith(ending):
            root = name[: -len(ending)]
            return [name] + [root + e for e in endings[ending]]
    if name[-1].lower() not in vowels and name[-1].isalpha():
        return [name] + [name + e for e in endings.get("", [])]
    return [name]  # indeclinable («Перу», «Бурунди»)


@cache
def name_table() -> dict[str, str]:
    """Every known form of every place name -> its code."""
    lex = ru_lexicon()
    raw = lex.raw["places"]
    endings: dict[str, list[str]] = raw["endings"]
    ignore = set(raw["ignore"])
    table: dict[str, str] = {}
    try:
        ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
        translate = ru.gettext
    except OSError:  # no Russian catalogue installed: ru.toml's names still work
        def translate(message: str) -> str:
            return message
    for country in pycountry.countries:
        names = {translate(country.name)}
        for attr in ("common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(translate(value))
        for name in names:
            if not name or name in ignore or name.isascii():
                continue  # an untranslated English name
            for form in _forms(name, endings, lex.vowels):
                table.setdefault(form, country.alpha_2)
    for code, names in raw["extra"].items():
        for name in names:
            for form in _forms(name, endings, lex.vowels):
                table[form] = code  # ru.toml overrides pycountry («Грузия» is GE)
    for form, code in _crossing_forms().items():
        table[form] = code
    return table


@cache
def _crossing_forms() -> dict[str, str]:
    """Every case form of a Russian border post that leads to one country -> that code."""
    lex = ru_lexicon()
    raw = lex.raw["places"]
    return {form: code for code, names in raw.get("crossings", {}).items() for name in names
            for form in _forms(name, raw["endings"], lex.vowels)}


@cache
def _sides() -> re.Pattern[str]:
    """«грузинскую сторону»: a country's adjective and a side noun (ru.toml `sides`)."""
    raw = ru_lexicon().raw["places"]
    adjectives = words_pattern(raw["adjectives"]).pattern
    sides = words_pattern(raw["sides"]).pattern
    return re.compile(rf"(?<![\w-])(?P<adj>{adjectives})\s+(?:{sides})", re.IGNORECASE)


@cache
def _locative_forms() -> frozenset[str]:
    """Made case forms with a locative ending: «России» (from «Россия»), «Казахстане»;
    not names that end so themselves and do not decline («Тбилиси», «Хельсинки»)."""
    endings = tuple(ru_lexicon().raw["places"]["locative_endings"])
    by_code: dict[str, list[str]] = {}
    for form, code in name_table().items():
        by_code.setdefault(code, []).append(form)
    out = set()
    for forms in by_code.values():
        for form in forms:
            if form.endswith(endings) and any(
                    other != form and other.startswith(form[:-1]) for other in forms):
                out.add(form)
    return frozenset(out)


def is_locative(place: RuPlace) -> bool:
    """«в Казахстане», «в Грузии»: a case form with a locative ending says where something
    is, not where people went («в Казахстан», «в Грузию», «в Тбилиси»)."""
    return place.text in _locative_forms()


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(name_table(), key=len, reverse=True)
    body = trie_alternation(names, fold=False)  # one branch per letter, not per name
    firsts = "".join(sorted({re.escape(n[0]) for n in names}))
    return re.compile(rf"(?=[{firsts}])(?<![\w-])(?:{body})(?![\w-])")


@cache
def _preposition() -> re.Pattern[str]:
    """The word before a place, over a «страны» in between («в страны ЕС»)."""
    group = ru_lexicon().country_group
    return re.compile(rf"(?:^|[\s«(])(\w+)\s+(?:(?:{group})\s+)?[«\"]?$", re.IGNORECASE)


def find_places(text: str) -> list[RuPlace]:
    """Every place named in `text`, in order."""
    # The reader asks again about the same names and cells (a fresh list each time).
    return list(_find_places(text))


@lru_cache(maxsize=1024)
def _find_places(text: str) -> tuple[RuPlace, ...]:
    table = name_table()
    out: list[RuPlace] = []
    for m in _pattern().finditer(text):
        name = re.sub(r"\s+", " ", m.group(0))
        code = table.get(name)
        if code is None:
            continue
        before = _preposition().search(text, max(0, m.start() - 30), m.start())
        prep = before.group(1).lower() if before else ""
        if out and ru_lexicon().list_joint.fullmatch(text[out[-1].end:m.start()]):
            prep = out[-1].preposition  # «в Грузию, Казахстан и Монголию»: one preposition
        if name in _crossing_forms():
            prep = ru_lexicon().raw["places"]["crossing_prep"]  # «из Кяхты»: crossing there
        out.append(RuPlace(code, m.start(), m.end(), m.group(0), prep))
    if _sides_possible(text):
        adjectives = ru_lexicon().country_adjectives
        for m in _sides().finditer(text):
            code = next((c for c, p in adjectives.items()
                         if p.fullmatch(m.group("adj"))), None)
            before = _preposition().search(text, max(0, m.start() - 30), m.start())
            prep = before.group(1).lower() if before else ""
            if code is not None and prep in ru_lexicon().to_preps:
                out.append(RuPlace(code, m.start(), m.end(), m.group(0), prep))
        out.sort(key=lambda p: p.start)
    return tuple(out)


def _sides_possible(text: str) -> bool:
    """A quick test before the side pattern: one of the side nouns is in `text`."""
    lowered = text.lower()
    return any(side in lowered for side in ru_lexicon().raw["places"]["sides"])

