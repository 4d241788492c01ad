"""Who a sentence attributes its figures to: said/told/according to/citing/quoted by.

The result is the attribution's own words, trimmed of time phrases; a pronoun or a
back-reference ("He added", "the ministry said") is marked so the caller can resolve it
to the last named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from figures.lexicon import lexicon

__all__ = ["Attribution", "attribution_of"]


@dataclass(frozen=True)
class Attribution:
    """The source a sentence names for the figure at one position."""

    text: str | None  # the words of the source, or None when vague or absent
    kind: str  # "named", "pronoun" (resolve to the last speaker), "vague" or "none"
    via_introducer: bool  # "according to X" rather than "X said"


_NONE = Attribution(None, "none", False)
_MAX_WORDS = 14  # longer "subjects" are clauses, not names (calibrated on the corpus)
# Time and manner phrases trimmed off a source ("Peskov on Thursday", "said in a statement").
_TRAIL = re.compile(
    r"\s+(?:on|last|this|earlier|late|yesterday|today|in\s+a|in\s+an|in\s+its|in\s+his|in\s+her|"
    r"at\s+a|during|by\s+(?:phone|telephone|email)|(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday))\b.*$", re.IGNORECASE)
_LEAD = re.compile(r"^(?:and|but|while|also|then|as|so|yet|however|meanwhile|separately|"
                   r"in\s+addition|moreover)\b[\s,]*", re.IGNORECASE)
# A "subject" holding a finite verb is a clause ("200,000 Russians have come ..."), no name.
_CLAUSE_WORDS = re.compile(r"\b(?:have|has|had|were|was|are|is|will|would|been|since|went|came|"
                           r"entered|left|fled|crossed|arrived|said|says|told|could|can|may|"
                           r"might|did|does|not)\b", re.IGNORECASE)
_AUXILIARY_TAIL = re.compile(r"(?:\s+(?:had|has|have|also|later|last|previously|already|first|"
                             r"recently|separately|then))+$", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:officials?|ministry|minister|guards?|service|agency|sources?|spokes\w+|police|"
    r"authorities|office|department|government|embassy|researchers|border|media|newspaper|"
    r"outlet|analysts?|demographers?|economists?|governor|mayor|head|chief|commissioner|"
    r"committee|council|bureau|ombudsman|consulate|association|union|institute|university|"
    r"cent(?:re|er)|project|group|organi[sz]ation|company|airline|operator|statisticians?|"
    r"president|diplomats?|administration|insiders?|website|channel|broadcaster)\b",
    re.IGNORECASE)
_APPOSITIVE = re.compile(r"^\s*(?P<name>[^,;“”\"()\d]+),[^,;:“”\"()\d]+,\s*$")
_STOP_SUBJECT = re.compile(r"[,;“”\"()]|:(?!\S)|\bthat\b|\bwho\b|\bwhich\b|\d", re.IGNORECASE)
_OBJECT_END = re.compile(r"[,;“”\"()]|[:.](?!\S)|\s(?:that|on|in\s+a|in\s+an|as|after|before|"
                         r"when|who|which|while|and\s+said)\b", re.IGNORECASE)


# A subject holding a subordinate clause ("when Moscow", "a day before the Kremlin") is the
# subject of that clause, not the source of the figure.
_SUBORDINATE = re.compile(r"\b(?:when|where|whereas|since|after|before|until|because)\b",
                          re.IGNORECASE)
# A dateline or a dash ahead of the subject ("MOSCOW – President Vladimir Putin said").
_DATELINE = re.compile(r"^[\s–—-]*(?:[A-Z][A-Z .'’-]+(?:,[^–—]*)?\s+[–—-]\s+)?")


def _clean(text: str) -> str:
    text = _DATELINE.sub("", text)
    text = text.strip(" \t'‘’\"“”,.")
    text = _LEAD.sub("", text)
    text = _TRAIL.sub("", text)
    return text.strip(" \t'‘’\"“”,.")


def _judge(text: str, via_introducer: bool) -> Attribution:
    lex = lexicon()
    cleaned = _AUXILIARY_TAIL.sub("", _clean(text))
    words = cleaned.split()
    if not cleaned or len(words) > _MAX_WORDS or _CLAUSE_WORDS.search(cleaned) \
            or _SUBORDINATE.search(cleaned):
        return _NONE
    lowered = cleaned.lower()
    if lowered in lex.pronouns:
        return Attribution(cleaned, "pronoun", via_introducer)
    if lowered in lex.vague or lowered.removeprefix("by ") in lex.vague:
        return Attribution(None, "vague", via_introducer)
    if not any(w[:1].isupper() for w in words) and not _ROLE.search(lowered):
        return Attribution(None, "vague", via_introducer)
    return Attribution(cleaned, "named", via_introducer)


def attribution_of(sentence: str, number_start: int) -> Attribution:
    """The attribution of the figure starting at `number_start` in `sentence`."""
    lex = lexicon()
    # 1. "according to X", "citing X", "quoted by X", "data from X".
    best: Attribution | None = None
    for match in lex.introducers.finditer(sentence):
        tail = sentence[match.end():]
        end = _OBJECT_END.search(tail)
        tail = tail[:end.start()] if end else tail
        verb = lex.speech_verbs.search(tail)  # "quoted by Forbes Russia said ..."
        candidate = _judge(tail[:verb.start()] if verb else tail, True)
        if candidate.kind in ("named", "pronoun"):
            return candidate
        best = best or candidate
    # 2. "X said (that) ...": the subject of the verb of saying nearest before the figure,
    #    else the first after it ("..., the ministry said").
    verbs = [m for m in lex.speech_verbs.finditer(sentence)]
    before = [m for m in verbs if m.start() < number_start]
    after = [m for m in verbs if m.start() >= number_start]
    for match in list(reversed(before)) + after:
        candidate = _subject(sentence, match.start(), match.end())
        if candidate.kind in ("named", "pronoun"):
            return candidate
        if candidate.kind == "vague":
            best = best or candidate
    return best or _NONE


def _subject(sentence: str, verb_start: int, verb_end: int) -> Attribution:
    head = sentence[:verb_start]
    stops = list(_STOP_SUBJECT.finditer(head))
    subject = head[stops[-1].end():] if stops else head
    if subject.strip():
        return _judge(subject, False)
    appositive = _APPOSITIVE.match(head)  # "Re:Russia, a research project, calculated ..."
    if appositive:
        return _judge(appositive.group("name"), False)
    # Inverted: '..., said Dmitry Peskov.' / '"...," said the ministry.'
    tail = sentence[verb_end:]
    end = _OBJECT_END.search(tail)
    inverted = tail[:end.start()] if end else tail
    if head.rstrip().endswith((",", "”", '"', "’")) and inverted.strip():
        return _judge(inverted, False)
    return _NONE
