"""Paragraphs, sentences and clauses with their character offsets in the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "clause_bounds"]


@dataclass(frozen=True)
class Sentence:
    """One sentence, located in the text it came from."""

    text: str
    start: int
    end: int
    paragraph: int  # index of the paragraph (blank-line or line separated block)
    index: int  # index of the sentence in the article


# Abbreviations whose dot does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|St|Sept|Sep|Oct|Nov|Dec|Jan|Feb|Mar|Apr|Aug|"
    r"Jun|Jul|No|vs|etc|Inc|Ltd|Co|Jr|Sr|approx|est|Gov|Sen|Rep|U\.S|U\.K|E\.U|U\.A\.E|"
    # "(c. 400,000 between ...)": circa
    r"c|ca)|"
    r"\b[A-Z])\.$"
)
# Every `_ABBREVIATIONS` match ends the head and is at most this long ("approx."): the
# search starts there, not at the paragraph's start for each full stop.
_ABBREVIATION_MAX = 7
# Every boundary opens with a closing quote or bracket or with whitespace: the look-ahead
# for one rules out most positions in one set test, before the two look-behinds are tried.
_BOUNDARY = re.compile(r"(?=[\"”’)\]\s])"
                       r"(?:(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|(?<=[.!?][\"”’])\s+)")
_PARAGRAPH = re.compile(r"\n\s*")
# Where a clause ends inside a sentence: semicolons, dashes with spaces, and the
# coordinating joints that introduce a second figure ("..., and 53,000 sought refuge").
_CLAUSE = re.compile(
    r";|\s[—–-]\s|,\s+(?:and|while|but|whereas|with|as|although|though|compared|plus|against|"
    r"versus|up\s+from|down\s+from)\s"
    r"|\s(?:while|whereas)\s|:\s"
)


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences; a line break always ends a paragraph (and a sentence)."""
    sentences: list[Sentence] = []
    paragraph = 0
    pos = 0
    for block in _PARAGRAPH.split(text):
        start = text.find(block, pos) if block else pos
        if start < 0:
            start = pos
        pos = start + len(block)
        if not block.strip():
            continue
        cursor = 0
        for match in _BOUNDARY.finditer(block):
            head = block[:match.start()].rstrip("\"”’)]")
            if _ABBREVIATIONS.search(head, max(0, len(head) - _ABBREVIATION_MAX)):
                continue
            _add(sentences, block, cursor, match.start(), start, paragraph)
            cursor = match.end()
        _add(sentences, block, cursor, len(block), start, paragraph)
        paragraph += 1
    return sentences


def _add(out: list[Sentence], block: str, a: int, b: int, offset: int, paragraph: int) -> None:
    piece = block[a:b]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = offset + a + lead
    out.append(Sentence(stripped, begin, begin + len(stripped), paragraph, len(out)))


def clause_bounds(sentence: str) -> list[tuple[int, int]]:
    """Spans of the clauses of one sentence (offsets within the sentence)."""
    bounds = []
    cursor = 0
    for match in _CLAUSE.finditer(sentence):
        bounds.append((cursor, match.start()))
        cursor = match.start()  # the joint word belongs to the next clause
    bounds.append((cursor, len(sentence)))
    return [(a, b) for a, b in bounds if b > a]
