"""Places in text: countries (pycountry), the EU, and the data file's adjectives and crossings.

Names are matched case-sensitively: proper nouns are capitalised, and that keeps "turkey"
the bird and "chad" the name out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

from figures.lexicon import lexicon

__all__ = ["Place", "find_places", "ORIGIN", "code_of_text", "name_of"]

ORIGIN = "RU"  # the country people leave; never a destination of arrivals
_WHITESPACE = re.compile(r"\s+")
_NO_PLACE = ""  # the code of an organisation's name: matched to hide the place inside it
_VISA_AFTER = re.compile(r"\s+(?:tourist\s+|multiple-entry\s+)?visas?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """A place named in a text span."""

    code: str  # ISO alpha-2 or "EU"
    start: int
    end: int
    text: str


@cache
def _name_table() -> dict[str, str]:
    """Every spelling -> code; pycountry first, the data file's additions over it."""
    places = lexicon().raw["places"]
    skip = set(places["skip"])
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if not name or name in skip:
                continue
            table[name] = country.alpha_2
            if "," in name:  # "Moldova, Republic of" -> "Moldova"
                table[name.split(",")[0]] = country.alpha_2
    for section in ("aliases", "adjectives", "cities"):
        table.update(places[section])
    table.update(dict.fromkeys(places.get("organisations", []), _NO_PLACE))
    return {k: v for k, v in table.items() if k not in skip}


def _trie_regex(names: list[str]) -> str:
    """One regex for many names, shared prefixes factored out (a character trie).

    A flat alternation of ~600 names makes the engine try every name at every word start;
    the trie tries one branch per letter. Longer continuations come first and the regex
    backtracks, so the longest name that fits still wins, as in a longest-first alternation.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for name in names:
        node = trie
        for ch in re.sub(r"\s+", " ", name):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = []
        for ch in sorted(k for k in node if k):
            head = r"\s+" if ch == " " else re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@cache
def _pattern() -> re.Pattern[str]:
    names = list(_name_table())
    alt = _trie_regex(names)
    # Every match opens with "the" or a name's first character (the pattern is case-
    # sensitive): looking ahead for one of those first rules out most positions of a
    # text in one set test, before the word-start check and the trie are tried.
    first = "".join(sorted({name[0] for name in names} | {"t"}))
    # (a name opening with whitespace would match any whitespace there: no look-ahead)
    opening = "" if any(ch.isspace() for ch in first) else f"(?=[{re.escape(first)}])"
    # "Kazakhstan's" reads as Kazakhstan; a following capital word ("Georgia Tech") is not
    # checked: that ambiguity is rare in this story.
    return re.compile(rf"{opening}(?<![\w-])(?:the\s+)?(?P<name>{alt})(?:'s|’s)?(?![\w])")


@cache
def _lookup() -> dict[str, str]:
    return {re.sub(r"\s+", " ", k): v for k, v in _name_table().items()}


def find_places(text: str) -> list[Place]:
    """Every place named in `text`, in order."""
    found = []
    table = _lookup()
    for match in _pattern().finditer(text):
        name = match.group("name")
        if not name.isalpha():  # (a name of letters only has no whitespace to fold)
            name = _WHITESPACE.sub(" ", name)
        code = table.get(name)
        if code is None or code == _NO_PLACE:
            continue
        if code == "EU" and _VISA_AFTER.match(text, match.end()):
            continue  # "holding Schengen visas": a document, not where they went
        found.append(Place(code, match.start("name"), match.end(), match.group(0)))
    return found


@cache
def name_of(code: str) -> str | None:
    """The short English name of a country code ("KZ" -> "Kazakhstan"); None for "EU"."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name).split(",")[0]


def code_of_text(text: str) -> str | None:
    """The one non-Russian place a span names ("Kazakhstan's interior minister" -> KZ)."""
    codes = {p.code for p in find_places(text) if p.code != ORIGIN}
    return codes.pop() if len(codes) == 1 else None
