"""The trie-shaped word-list regexes match exactly what a longest-first alternation does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from figures.lexicon import lexicon, phrase_pattern, trie_alternation


def _alternation(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """The pattern `phrase_pattern` stands for, written out as a plain alternation."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = re.escape(phrase).replace(r"\ ", r"\s+")
        tail = r"(?![\w])" if phrase[-1].isalnum() or phrase[-1] == "." else ""
        parts.append((r"(?<![\w])" if phrase[0].isalnum() else "") + body + tail)
    return re.compile("|".join(parts), flags)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("section,key", [
    ("metrics", "departed"), ("metrics", "arrived"), ("metrics", "moved_on"),
    ("attribution", "verbs"), ("attribution", "introducers"), ("not_figures", "after"),
    ("periods", "day"), ("since", "carry"),
])
def test_phrase_pattern_matches_the_alternation(cases: Path, section: str, key: str) -> None:
    phrases = [p for p in lexicon().raw[section][key] if p]
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(cases.glob("*.txt")))
    assert _spans(phrase_pattern(phrases), text) == _spans(_alternation(phrases), text)


def test_trie_alternation_prefers_the_longer_word() -> None:
    body = trie_alternation(["six", "sixty", "sixteen", "seven"])
    assert re.match(rf"(?:{body})", "sixty-one", re.IGNORECASE).group(0) == "sixty"  # type: ignore[union-attr]
    assert re.fullmatch(rf"(?:{body})", "Six", re.IGNORECASE) is not None
