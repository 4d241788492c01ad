"""Who a sentence attributes its figures to: said/told/according to/citing/quoted by.

The result is the attribution's own words, trimmed of time phrases; a pronoun or a
back-reference ("He added", "the ministry said") is marked so the caller can resolve it
to the last named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from figures.lexicon import lexicon

__all__ = ["Attribution", "attribution_of", "passive_chain_start"]


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
    r"president|diplomats?|administration|insiders?|website|channel|broadcaster|commander|"
    r"colonel|major|general|directorate|inspectorate|registry|guard)\b",
    re.IGNORECASE)
_APPOSITIVE = re.compile(r"^\s*(?P<name>[^,;“”\"()\d]+),[^,;:“”\"()\d]+,\s*$")
# A name and its role set off by commas just before a verb of saying.
_POSSESSED = re.compile(r"^(?P<owner>.+?)['’]s\s+(?:statement|figures|data|report|count|"
                        r"estimate|tally|numbers|statistics)$", re.IGNORECASE)
_NAME_AND_ROLE = re.compile(r"(?:^|[,;:“”\"(]|\d)\s*(?P<a>[^,;:“”\"()\d]+?),\s*"
                            r"(?P<b>[^,;:“”\"()\d]+?),\s*$")
_STOP_SUBJECT = re.compile(r"[,;“”\"()]|:(?!\S)|\bthat\b|\bwho\b|\bwhich\b"
                           # a number stops a subject, a day of a date does not ("Putin's
                           # decree of 21 September provided for ...")
                           r"|\d(?!\d?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                           r"\b)", re.IGNORECASE)
# (An initial's full stop, "Major G. Byambasuren", does not end the name.)
_OBJECT_END = re.compile(r"[,;“”\"()]|:(?!\S)|(?<!\b[A-Z])\.(?!\S)|\s(?:that|on|in\s+a|in\s+an|as|"
                         r"after|before|when|who|which|while|and\s+said)\b", re.IGNORECASE)


# A subject holding a subordinate clause ("when Moscow", "a day before the Kremlin") is the
# subject of that clause, not the source of the figure.
_SUBORDINATE = re.compile(r"\b(?:when|where|whereas|since|after|before|until|because|although|"
                          r"though|unless)\b", re.IGNORECASE)
# What may stand between a verb and the number it sets: its object's words, no clause break.
_OWN_OBJECT = re.compile(r"[^,;:.\"“”\d]{0,60}")
# A dateline or a dash ahead of the subject ("MOSCOW – President Vladimir Putin said").
_DATELINE = re.compile(r"^[\s–—-]*(?:[A-Z][A-Z .'’-]+(?:,[^–—]*)?\s+[–—-]\s+)?")


# A time phrase ahead of the subject ("On Tuesday the ministry", "In early October the
# interior ministry", "by the end of the year Armenia's economy ministry", "Only last week").
_TIME_WORD = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
              r"march|april|may|june|july|august|september|october|november|december|week|"
              r"weekend|month|year|day|morning|afternoon|evening|night|quarter|\d{1,4})")
_LEAD_TIME = re.compile(
    rf"^(?:only\s+|just\s+)?(?:on|in|by|at|during|over|early|late|earlier|last|this)\b"
    rf"(?:\s+(?:the|of|early|late|mid|end|start|beginning|middle|first|second|last|same|that|"
    rf"previous))*\s+{_TIME_WORD}\b(?:\s+(?:of\s+)?(?:the\s+)?{_TIME_WORD}\b)*[\s,]*",
    re.IGNORECASE)


# "A week earlier Defence Minister ...", "Two days later the agency ..." ("a day before
# the Kremlin announced" is a subordinate clause, not a time phrase).
_LEAD_RELATIVE_TIME = re.compile(
    r"^(?:a|an|one|two|three|four|five|six|several|a\s+few|\d{1,2})\s+(?:days?|weeks?|"
    r"months?|years?)\s+(?:earlier|later|ago)\b[\s,]*", re.IGNORECASE)


def _clean(text: str) -> str:
    text = _DATELINE.sub("", text)
    text = text.strip(" \t'‘’\"“”,.")
    text = _LEAD.sub("", text)
    text = _LEAD_RELATIVE_TIME.sub("", text)
    text = _LEAD_TIME.sub("", text)
    text = _BARE_TIME.sub("", text)
    text = _TRAIL.sub("", text)
    return text.strip(" \t'‘’\"“”,.")


_PEOPLE_SUBJECT = re.compile(
    r"(?:the\s+|some\s+|only\s+)?(?:[A-Z][a-z]+\s+)?(?:Russians|citizens|men|women|people|"
    r"nationals|migrants|emigrants|arrivals|relocants|refugees|reservists|families)\b")
_DETERMINERS = frozenset({"a", "an", "the", "some", "any"})
# Words that open a sentence with a capital and name nobody.
_COMMON_OPENERS = frozenset({"the", "a", "an", "our", "this",
                             "that", "these", "those", "early", "later", "earlier", "most",
                             "every", "each", "such", "many", "much", "all", "both",
                             "then", "now", "still", "even", "only", "just", "also"})
# What is left of "By 11 October it had counted" once the day number stopped the subject
# ("October it"), or of "which on 4 October quoted" ("October"): a time, nobody.
_BARE_TIME = re.compile(rf"^{_TIME_WORD}\b(?:[\s,]+|$)", re.IGNORECASE)
_SAME_AS = re.compile(r"^(?:the\s+)?same\s+(?P<what>[a-z]+)(?:\s+(?:data|figures|statistics|"
                      r"count|numbers|report))?$", re.IGNORECASE)


# The caches below serve the article being read: a sentence is asked about once for each
# of its numbers and again by the look-backs for the last speaker ("he said"), and the
# same subjects come up each time. They are small on purpose: an article's worth, not a
# corpus. Every cached function is pure and returns immutable values.
_ARTICLE_CACHE = 32


@lru_cache(maxsize=_ARTICLE_CACHE)
def _judge(text: str, via_introducer: bool) -> Attribution:
    lex = lexicon()
    cleaned = _AUXILIARY_TAIL.sub("", _clean(text))
    words = cleaned.split()
    if not cleaned or len(words) > _MAX_WORDS or _CLAUSE_WORDS.search(cleaned) \
            or _SUBORDINATE.search(cleaned):
        return _NONE
    possessed = _POSSESSED.match(cleaned)  # "the agency's statement" -> "the agency"
    if possessed is not None:
        cleaned = possessed.group("owner")
        words = cleaned.split()
    same = _SAME_AS.match(cleaned)  # "the same source", "same ministry": back-references
    if same is not None:
        cleaned = f"the {same.group('what')}"
    lowered = cleaned.lower()
    if lowered in _DETERMINERS:
        return _NONE  # "An" left over from "An estimated 400,000"
    if _PEOPLE_SUBJECT.match(cleaned) and not _ROLE.search(lowered):
        return _NONE  # "112,755 Russian citizens registered a stay": the counted, no source
    if lowered in lex.pronouns or same is not None:
        return Attribution(cleaned, "pronoun", via_introducer)
    if lowered in lex.vague or lowered.removeprefix("by ") in lex.vague:
        return Attribution(None, "vague", via_introducer)
    if lowered.startswith(_vague_heads()) and not (
            _ROLE.search(lowered) or " by " in lowered):
        return Attribution(None, "vague", via_introducer)  # "One estimate doing the rounds"
    if not any(w[:1].isupper() for i, w in enumerate(words)
               if i > 0 or w.lower() not in _COMMON_OPENERS) and not _ROLE.search(lowered):
        # "The most careful attempt to", "Early": a capital that only opens the sentence
        return Attribution(None, "vague", via_introducer)
    return Attribution(cleaned, "named", via_introducer)


@cache
def _vague_heads() -> tuple[str, ...]:
    """Vague attributions of two words or more, each with the space after it: a subject
    opening with one is vague too (a tuple for one `str.startswith` call)."""
    return tuple(v + " " for v in lexicon().vague if " " in v)


# An introducer right after a verb of saying names the channel of that speaker's words:
# "the ministry said on Tuesday, according to Interfax"; "Novaya Gazeta reports, citing ...".
_SAID_BEFORE = re.compile(r"(?:\s+(?:on|last|this|in|at)\s+[\w-]+)?\s*,?\s*$", re.IGNORECASE)
# "published on Sunday by X", "published at the end of December by X".
_LATE_BY = re.compile(r"\b(?:published|reported|released|compiled)\s+(?:(?:on|in|at|the|end|"
                      r"of|start|beginning|early|late|last|this|[A-Z][a-z]+)\s+){1,6}?by\s+",
                      re.IGNORECASE)
# A closing parenthesis naming the source: "... on the busiest day (Finnish Border Guard)."
# Also a parenthesis closing a clause of a list line: "98,000 since 21 September (interior
# ministry); ...".
_PAREN_SOURCE = re.compile(r"\((?P<name>[^()\d]{2,60})\)(?:\W*$|\s*;)")


def attribution_of(sentence: str, number_start: int) -> Attribution:
    """The attribution of the figure starting at `number_start` in `sentence`."""
    lex = lexicon()
    # 1. "according to X", "citing X", "quoted by X", "data from X".
    best: Attribution | None = None
    # both patterns need a possessive "'s" (case-sensitive): most sentences have none
    by_count = (_BY_COUNT.search(sentence) or _FIGURE_IS.search(sentence, 0, number_start)
                ) if "'s" in sentence or "’s" in sentence else None
    if by_count is not None and _TIME_OWNER.match(by_count.group("who").strip()):
        by_count = None  # "Sunday's count was lower": a day, not a source
    if by_count is not None:  # "By the interior ministry's count, more than 200,000 ..."
        candidate = _judge(by_count.group("who"), True)
        if candidate.kind in ("named", "pronoun"):
            return candidate
    for match in _introductions(sentence):
        if match.group(0).lower().startswith("attributed") and _ACTIVE_SUBJECT.search(
                sentence, max(0, match.start() - 30), match.start()):
            continue  # "a decline it partly attributed to checks by ...": a cause
        tail = sentence[match.end():]
        end = _OBJECT_END.search(tail)
        tail = tail[:end.start()] if end else tail
        # "quoted by Forbes Russia said ...": the source ends at its verb; a passive one
        # is part of it ("according to regional media quoted by Forbes Russia")
        verb = next((v for v in lex.speech_verbs.finditer(tail)
                     if not _PASSIVE_BY.match(tail, v.end())), None)
        candidate = _judge(tail[:verb.start()] if verb else tail, True)
        if candidate.kind in ("named", "pronoun"):
            speaker = _speaker_before(sentence, match.start())
            if speaker is not None and candidate.text:
                return Attribution(f"{speaker.text}, {match.group(0).strip()} {candidate.text}",
                                   speaker.kind, False)
            return candidate
        best = best or candidate
    # 2. "X said (that) ...": the subject of the verb of saying nearest before the figure,
    #    else the first after it ("..., the ministry said").
    verbs = _saying_verbs(sentence)
    before = [m for m in verbs if m.start() < number_start]
    after = [m for m in verbs if m.start() >= number_start]
    for match in list(reversed(before)) + after:
        if match.start() >= number_start and _CONTRAST.search(sentence, number_start,
                                                               match.start()):
            continue  # "650,000 entered ..., but by December the ministry counted ...": theirs
        candidate = _subject(sentence, match.start(), match.end())
        if candidate.kind == "none" and match.end() <= number_start and _OWN_OBJECT.fullmatch(
                sentence, match.end(), number_start):
            # "... had risen after President Vladimir Putin ordered a call-up of 300,000
            # reservists": whoever sets the figure in a subordinate clause is its source
            subordinators = list(_SUBORDINATE.finditer(sentence, 0, match.start()))
            if subordinators:
                candidate = _judge(sentence[subordinators[-1].end():match.start()], False)
        if candidate.kind in ("named", "pronoun"):
            return candidate
        if candidate.kind == "vague":
            best = best or candidate
    paren = _PAREN_SOURCE.search(sentence, number_start)
    if paren is not None:
        candidate = _judge(paren.group("name"), False)
        if candidate.kind == "named":
            return candidate
        if candidate.kind == "pronoun" and _SAME.match(paren.group("name")):
            # "... 98,000 (interior ministry); 64,000 of them left (same source)."
            earlier = [_judge(m.group("name"), False)
                       for m in _PAREN_SOURCE.finditer(sentence, 0, number_start)]
            named = [e for e in earlier if e.kind == "named"]
            return named[-1] if named else candidate
    return best or _NONE


@lru_cache(maxsize=_ARTICLE_CACHE)
def _introductions(sentence: str) -> tuple[re.Match[str], ...]:
    """The introducers of a source in `sentence` ("according to", "published ... by")."""
    return (*lexicon().introducers.finditer(sentence), *_LATE_BY.finditer(sentence))


@lru_cache(maxsize=_ARTICLE_CACHE)
def _saying_verbs(sentence: str) -> tuple[re.Match[str], ...]:
    """The verbs of saying in `sentence`, less those that are adjectives of a number."""
    return tuple(m for m in lexicon().speech_verbs.finditer(sentence)
                 if not (_NUMBER_NEXT.match(sentence, m.end())  # "an estimated 400,000"
                         and _DETERMINER_BEFORE.search(sentence, 0, m.start())))


_ACTIVE_SUBJECT = re.compile(r"\b(?:it|he|she|they|we|which|who)\s+(?:[a-z]+ly\s+)?$",
                             re.IGNORECASE)
_SAME = re.compile(r"^\s*(?:the\s+)?same\s+\w+\s*$", re.IGNORECASE)
# "By the interior ministry's count", "by Frontex's estimates": a source before its figure.
_BY_COUNT = re.compile(r"\b[Bb]y\s+(?P<who>[^,;:\d]{2,60}?)['’]s\s+(?:own\s+)?(?:count|"
                       r"estimates?|tally|calculations?|reckoning|figures|data)\b")
# "The labour ministry's figure is a little more than 400,000": whose figure it is.
_FIGURE_IS = re.compile(r"(?:^|[,;:]\s*)(?P<who>[^,;:\d]{2,60}?)['’]s\s+(?:latest\s+|own\s+|"
                        r"official\s+)?(?:figure|estimate|count|tally|data|numbers|statistics)\s+"
                        r"(?:is|was|are|were|stands?\s+at|stood\s+at|puts?\s+it\s+at)\b")
_TIME_OWNER = re.compile(rf"^(?:(?:last|this|the|that|a)\s+)?(?:{_TIME_WORD}|yesterday|today|"
                         rf"tonight)$", re.IGNORECASE)
# A verb of saying followed by a number is an adjective: "an estimated 400,000".
_NUMBER_NEXT = re.compile(r"\s+\d")
_DETERMINER_BEFORE = re.compile(r"\b(?:an|the|some)\s+$", re.IGNORECASE)
# A parenthesised acronym inside a name: "the National Statistics Office (Geostat) said".
_ACRONYM = re.compile(r"\s\([A-Z][A-Za-z.&-]{1,15}\)")


# A contrasting clause between a figure and a later verb of saying has its own subject.
_CONTRAST = re.compile(r",\s*(?:but|whereas|although|though|yet)\b", re.IGNORECASE)
_PASSIVE_BY = re.compile(r"\s+by\b")


# The passive verbs that chain one source to another ("data reported by the RND").
_PASSIVE_CHAIN = re.compile(r"\s+(?:reported|quoted|cited|published|released)\s+by\s+",
                            re.IGNORECASE)


def passive_chain_start(source: str) -> int | None:
    """Where the passive chain of a source starts ("interior ministry data| reported by
    the RND", "regional media| quoted by Forbes Russia"), or None."""
    chain = _PASSIVE_CHAIN.search(source)
    return chain.start() if chain is not None else None


def _speaker_before(sentence: str, at: int) -> Attribution | None:
    """The named subject of a verb of saying that ends right before position `at`."""
    head = sentence[:at]
    gap = _SAID_BEFORE.search(head)
    head = head[:gap.start()] if gap else head
    verbs = list(lexicon().speech_verbs.finditer(head))
    verb = verbs[-1] if verbs else None
    if verb is None or verb.end() != len(head):
        return None
    found = _subject(sentence, verb.start(), verb.end())
    return found if found.kind == "named" else None


# Auxiliaries and adverbs between a subject and its verb ("X, head of Y, had warned").
_AUXILIARY_END = re.compile(r"(?:\s+(?:had|has|have|also|later|previously|already|then|"
                            r"repeatedly|once))+\s*$", re.IGNORECASE)


@lru_cache(maxsize=_ARTICLE_CACHE)
def _subject(sentence: str, verb_start: int, verb_end: int) -> Attribution:
    head = sentence[:verb_start]
    auxiliary = _AUXILIARY_END.search(head)
    if auxiliary is not None and head[:auxiliary.start()].rstrip().endswith(","):
        head = head[:auxiliary.start()].rstrip() + " "  # the appositive's closing comma
    # Acronyms in brackets are part of the name, not a stop: mask them for the search.
    masked = _ACRONYM.sub(lambda m: " " * len(m.group(0)), head) if "(" in head else head
    stops = list(_STOP_SUBJECT.finditer(masked))
    subject = head[stops[-1].end():] if stops else head
    if subject.strip():
        return _judge(subject, False)
    appositive = _APPOSITIVE.match(head)  # "Re:Russia, a research project, calculated ..."
    if appositive:
        return _judge(appositive.group("name"), False)
    pair = _NAME_AND_ROLE.search(head)  # "..., the head of the checkpoint, Major X, said"
    if pair:
        found = _judge(f"{pair.group('a').strip()}, {pair.group('b').strip()}", False)
        if found.kind == "named":
            return found
    # Inverted: '..., said Dmitry Peskov.' / '"...," said the ministry.'
    tail = sentence[verb_end:]
    end = _OBJECT_END.search(tail)
    inverted = tail[:end.start()] if end else tail
    if head.rstrip().endswith((",", "”", '"', "’")) and inverted.strip():
        return _judge(inverted, False)
    return _NONE
