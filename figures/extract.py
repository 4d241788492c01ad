"""From article text to mentions: one per figure-like number, with metric, place and source.

`mentions` walks the sentences in order, keeping the little state a reader keeps (the last
named speaker, the paragraph's attribution and start date, the places already named);
`figures.merge` then folds the mentions into one row per figure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from figures.attribution import Attribution, attribution_of, passive_chain_start
from figures.dates import Period, per_of, period_of, without_remark
from figures.layout import rewrite
from figures.lexicon import lexicon, phrase_pattern
from figures.numbers import Amount, read_amounts
from figures.places import Place, code_of_text, find_places, name_of
from figures.sentences import Sentence, clause_bounds, split_sentences

__all__ = ["Mention", "mentions", "MIN_FIGURE"]

_MIXED_WINDOW = 50  # "5,500 immigrants came to Israel from Russia": Russia this close after
MIN_FIGURE = 100  # smaller counts are ages, dates or anecdotes in this story, never rows
# ... unless printed in digits right before "Russians" ("90 Russian men ... granted asylum",
# "33 pregnant Russians"): calibrated on blind3, where the only sub-100 rows are of this
# shape and every other sub-100 number is an age, a date or a share.
MIN_SMALL_FIGURE = 10
_SMALL_COUNT_OF_RUSSIANS = re.compile(r"\s+(?:[a-z-]+\s+)?Russian(?:s\b|\s+(?:citizens|men|women|"
                                      r"nationals|families)\b)")
_NOT_DESTINATIONS = frozenset({"RU", "UA"})  # the origin, and the war's other country
_BASELINE_WINDOW = 45  # characters before a number searched for "normal", "up from"...
_CALLED_UP_WINDOW = 60  # "reservists" must sit this close to count the number as a call-up
_PRIORITY = ("moved_on", "registered", "returned")  # win over "fled"/"entered" in a clause
_LEAVE_TO = re.compile(r"(?<!according\s)\b(?:to|into|for|in|towards|"
                       r"across\s+the\s+border\s+into)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
                       re.IGNORECASE)
_LEFT_PLACE = re.compile(r"^\s+(?:the\s+)?$")
_LEFT_FROM = re.compile(r"^\s+(?:from|out\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_JOINT = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*(?:the\s+)?$")
_SITE_TLD = {"kz": "KZ", "ge": "GE", "fi": "FI", "mn": "MN", "am": "AM", "kg": "KG", "rs": "RS",
             "tr": "TR", "ae": "AE", "il": "IL", "uz": "UZ", "ee": "EE", "lv": "LV", "no": "NO"}


@dataclass(frozen=True)
class Mention:
    """One reading of one number in one sentence."""

    metric: str | None  # None: a reference to a figure given elsewhere ("the 700,000 figure")
    destination: str | None
    low: int
    high: int
    qualifier: str
    per: str | None
    since: date | None
    source: str | None
    source_kind: str  # "named", "pronoun", "carried", "vague", "none"
    disputed: bool
    quote: str
    quote_start: int
    quote_end: int
    order: int  # position in the article, for stable output
    in_title: bool = False  # read from the headline, not the body
    evidence: dict[str, str] = field(default_factory=dict)  # words that decided each field


@dataclass
class _State:
    """What a reader remembers while going through an article."""

    published: date | None
    sentences: list[Sentence] = field(default_factory=list)  # read so far, for "he said"
    speakers: dict[int, str | None] = field(default_factory=dict)  # sentence -> named speaker
    reports: dict[int, str | None] = field(default_factory=dict)  # sentence -> its source,
    # pronouns resolved (for a figure continuing the paragraph's report)
    paragraph: int = -1
    paragraph_source: Attribution | None = None
    paragraph_since: date | None = None
    paragraph_place: str | None = None
    article_place: str | None = None
    section_place: str | None = None  # the one place a section heading names
    only_place: str | None = None  # the one destination the article names, if one
    article_since: date | None = None  # the last start date, for "Of those, ..." openings
    article_source: str | None = None  # the source of the figure that set `article_since`
    text: str = ""  # the full text read (title and body), for look-backs
    last_sentence: int = -1  # index of the sentence the last mentions came from
    last_paragraph: int = -1  # and its paragraph
    sentence_spans: list[tuple[int, int]] = field(default_factory=list)  # every amount
    # of the sentence being read, figure or not
    clause_hits: dict[str, list[tuple[str, re.Match[str]]]] = field(default_factory=dict)
    quotes: dict[int, str] = field(default_factory=dict)  # sentence -> its own words, when
    # it is read rewritten (figures.layout)
    found: list[Mention] = field(default_factory=list)
    flags: dict[tuple[str, str], bool] = field(default_factory=dict)  # per-clause tests


def mentions(text: str, published: date | None, title: str | None = None,
             site: str | None = None) -> list[Mention]:
    """Every number in `text` (and `title`) that reads as a figure about the exodus."""
    offset = 0
    full = text
    if title and title.strip():
        full = title.strip() + "\n\n" + text
        offset = len(title.strip()) + 2
    # Places are found once per article (the name pattern is the costliest regex) and
    # handed to each sentence by offset.
    all_places = find_places(full)
    state = _State(published, article_place=_article_place(full, all_places, site), text=full)
    codes = {p.code for p in all_places if p.code not in _NOT_DESTINATIONS}
    state.only_place = codes.pop() if len(codes) == 1 else None
    cursor = 0
    sentences = split_sentences(full)
    rewritten = rewrite(sentences)
    for sentence in sentences:
        while cursor < len(all_places) and all_places[cursor].start < sentence.start:
            cursor += 1
        end = cursor
        while end < len(all_places) and all_places[end].end <= sentence.end:
            end += 1
        places = [Place(p.code, p.start - sentence.start, p.end - sentence.start, p.text)
                  for p in all_places[cursor:end]]
        reading = rewritten.get(sentence.index)
        if reading is not None:  # a list item or a captioned heading: read as prose
            state.quotes[sentence.index] = sentence.text
            sentence = replace(sentence, text=reading)
            places = find_places(reading)
        state.sentences.append(sentence)
        if sentence.paragraph != state.paragraph:
            state.paragraph = sentence.paragraph
            state.paragraph_source = None
            state.paragraph_since = None
            state.paragraph_place = None
            if _section_heading(sentence, sentences):
                # "2) KAZAKHSTAN: 200K IN, 147K OUT": the place of the section below
                state.section_place = _heading_place(sentence.text)
        _read_sentence(sentence, state, offset, places)
    return state.found


# "driving in through Kazakhstan": a route, not where the paragraph's people are.
_TRANSIT_BEFORE = re.compile(r"\b(?:through|via)\s+(?:the\s+)?$", re.IGNORECASE)
_DASH_OPEN = re.compile(r"\s*[—–]")  # used with match(text, pos)


def _close_asides(text: str, clauses: list[tuple[int, int]],
                  asides: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a clause interrupted by an aside between dashes ("The number who crossed ...
    — a fortnight in which lorries backed up — stood at some 76,000"): the words after
    the aside finish the clause before it. An aside with a number of its own stays apart."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(clauses):
        if (out and i + 1 < len(clauses) and _DASH_OPEN.match(text, clauses[i][0])
                and _DASH_OPEN.match(text, clauses[i + 1][0])
                and not _DIGIT.search(text, clauses[i][0], clauses[i][1])):
            out[-1] = (out[-1][0], clauses[i + 1][1])
            asides.append(clauses[i])  # filled in: `asides` collects the spans left out
            i += 2
            continue
        out.append(clauses[i])
        i += 1
    return out


# "[Translated from Spanish]": a language, not a place the article is about.
_LANGUAGE_NOTE = re.compile(r"\b(?:translated|translation)\s+(?:from\s+|of\s+)?(?:the\s+)?$",
                            re.IGNORECASE)


def _part_of_mixed_total(text: str, at: int, spans: list[tuple[int, int]]) -> bool:
    """The last number before `at` in the sentence counts a mixed group ("1.35 million
    foreigners"), so "N of them" after it is a part of that group, not of Russians."""
    lex = lexicon()
    earlier = [end for start, end in spans if end <= at]
    if not earlier or _RUSSIAN.search(text, at, at + _MIXED_WINDOW):
        return False  # "1.6 million of whom are Russian citizens": the Russians' part
    end = max(earlier)
    return bool(lex.mixed_groups.match(text[end:end + 30].lstrip())) and not _RUSSIAN.search(
        text, end, end + _MIXED_WINDOW)


def _without_attribution_clauses(text: str) -> str:
    """`text` with its comma-delimited parts that open with "according to" and hold no
    number blanked (same length): in "According to the information we exchange every
    day, 400,000 arrived", "every day" is the source's habit, not the count's rate."""
    lex = lexicon()
    # The key-word gate, not the full pre-check: `_DATA_LEAD` below is tried only when
    # an introducer's key word ("data", "figures", "according") is in the text.
    if lex.introducers.keys_absent_from(text):
        return text
    for part in _COMMA_PART.finditer(text):
        opening = _CLAUSE_OPENING.match(text, part.start())
        if opening is not None and (lex.introducers.match(text, opening.end())
                                    or _DATA_LEAD.match(text, opening.end())) \
                and not _DIGIT.search(part.group(0)):
            text = text[:part.start()] + " " * len(part.group(0)) + text[part.end():]
    return text


_COMMA_PART = re.compile(r"[^,;]+")
# "By the operational data we exchange every day, ...": whose numbers, said like a source.
_DATA_LEAD = re.compile(r"(?:by|per|on)\s+(?:the|our|their|its|his|her)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:data|figures|count|counts|information|statistics|reckoning|tally)\b",
                        re.IGNORECASE)
_CLAUSE_OPENING = re.compile(r"[\s—–\"“]*")


def _article_place(text: str, places: list[Place], site: str | None) -> str | None:
    """The country most named in the article: the fallback for "crossed" with no place."""
    counts = Counter(p.code for p in places if p.code not in _NOT_DESTINATIONS
                     and p.code != "EU"
                     and not _LANGUAGE_NOTE.search(text, max(0, p.start - 20), p.start))
    if counts:
        return counts.most_common(1)[0][0]
    if site:
        tld = site.lower().rstrip("/").rsplit(".", 1)[-1]
        return _SITE_TLD.get(tld)
    return None


def _read_sentence(sentence: Sentence, state: _State, offset: int,
                   places: list[Place]) -> None:
    lex = lexicon()
    text = sentence.text
    every = read_amounts(text) if _may_hold_figure(text) else []
    state.sentence_spans = [(a.start, a.end) for a in every]
    amounts = [a for a in every if _is_candidate(text, a)]
    destinations = [p for p in places if p.code not in _NOT_DESTINATIONS
                    and not _TRANSIT_BEFORE.search(text, max(0, p.start - 12), p.start)
                    and not (_may_come_from(text, p.start)  # (a cheap test first)
                             and _CAME_FROM_BEFORE.search(text, max(0, p.start - 40), p.start))
                    and not _on_border(text, p)]
    earlier_place = state.paragraph_place  # from the paragraph's sentences before this one
    if destinations:
        state.paragraph_place = destinations[-1].code
    if not amounts:
        _dispute_previous(sentence, state)
        _source_previous(sentence, state)
        return
    disputed = any(not (_DECISION_WORD.fullmatch(m.group(0)) and _DECISION_AROUND.search(
        text, max(0, m.start() - 40), m.end() + 40)) for m in lex.dispute.finditer(text))
    asides: list[tuple[int, int]] = []
    clauses = _close_asides(text, clause_bounds(text), asides)
    for amount in amounts:
        c_start, c_end = next(((a, b) for a, b in clauses if a <= amount.start < b),
                              (0, len(text)))
        if amount is amounts[0] and _FIGURE_FIRST.match(text, 0, amount.end + 3):
            # "300,000 - the number of reservists Shoigu said would be called up": a list
            # line whose words after the dash describe the number heading it
            c_start, c_end = 0, len(text)
        clause = text[c_start:c_end]
        inner = [(a, b) for a, b in asides if c_start <= a and b <= c_end]
        clause_places = places
        if inner:  # the aside's words and places say nothing about the clause's figure
            for a, b in inner:
                clause = clause[:a - c_start] + " " * (b - a) + clause[b - c_start:]
            clause_places = [p for p in places if not any(a <= p.start < b for a, b in inner)]
        # A figure naming no place is about the last place named before it: "Kazakhstan
        # took the first wave. ... 200,000 had entered, ... many moved on to Kyrgyzstan".
        before = [p for p in destinations if p.start < amount.start]
        state.paragraph_place = (before[-1].code if before else earlier_place) or (
            destinations[-1].code if destinations else None)
        local = Amount(amount.start - c_start, amount.end - c_start, amount.low, amount.high,
                       amount.is_range, amount.year_like, amount.scaled)
        others = [(a.start - c_start, a.end - c_start) for a in amounts
                  if a is not amount and c_start <= a.start < c_end]
        counter = disputed and _COUNTER_CLAIM.search(text, max(0, amount.start - 80),
                                                     amount.start) is not None
        mention = _read_amount(sentence, clause, c_start, local, clause_places,
                               disputed and not counter, state, offset, others)
        if mention is not None and counter:
            # "The opposition said the ministry's figures were understated and that the
            # real number was upwards of 100,000": the claim disputes the official count
            # of the same thing; it is not disputed itself
            state.found = [replace(m, disputed=True) if (m.metric, m.destination, m.per) == (
                mention.metric, mention.destination, mention.per) else m for m in state.found]
        if mention is not None:
            state.found.append(mention)
            state.last_sentence = sentence.index
            state.last_paragraph = sentence.paragraph
    if destinations:
        state.paragraph_place = destinations[-1].code


_FIGURE_FIRST = re.compile(r"\W{0,3}\d[\d,.\u00a0\u202f ]*(?:\s*(?:million|thousand|m|k))?"
                           r"\s+[-–—]\s")
_COUNTER_CLAIM = re.compile(r"\b(?:real|true|actual)\s+(?:number|figure|total|count|scale)\b"
                            r"[^.;\d]{0,60}$", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"\b(?:that|this|the|those|these|such)\s+(?:\w+\s+)?(?:numbers?|"
                             r"figures?|estimates?|claims?|reports?|tally|count)\b"
                             # "There is no data behind it", "the ministry rejected it"
                             r"|\bbehind\s+(?:it|them)\b|\b(?:dismissed|rejected|denied|"
                             r"disputed)\s+(?:it|them)\b", re.IGNORECASE)


def _dispute_previous(sentence: Sentence, state: _State) -> None:
    """"The Kremlin dismissed that number": the figures of the sentence before are disputed."""
    lex = lexicon()
    if state.last_sentence != sentence.index - 1 or not lex.dispute.search(sentence.text):
        return
    if not _BACK_REFERENCE.search(sentence.text):
        return
    state.found = [replace(m, disputed=True) if m.order >= 0 and _from_sentence(m, state)
                   else m for m in state.found]


def _source_previous(sentence: Sentence, state: _State) -> None:
    """"The figure was first published by Forbes Russia": a source for the last figure."""
    if not state.found or state.last_sentence < sentence.index - 2:
        return
    if not _BACK_REFERENCE.search(sentence.text):
        return
    found = attribution_of(sentence.text, len(sentence.text))
    last = state.found[-1]
    if found.kind == "named" and found.via_introducer and last.source_kind in ("none", "vague"):
        state.found[-1] = replace(last, source=found.text, source_kind="named")


def _from_sentence(m: Mention, state: _State) -> bool:
    last = state.found[-1] if state.found else None
    return last is not None and m.quote == last.quote


_ROLE_PRONOUN = re.compile(r"^the\s+(?P<role>minister|ministry|agency|service|department|"
                           r"president|governor|ambassador|spokes\w+|guard|border guard|"
                           r"authority|board|committee|bureau|office)$",
                           re.IGNORECASE)


# Roles generic enough to name any office ("the agency said" after "the Finnish Border
# Guard"): with no speaker holding the word, they still mean the last speaker.
_GENERIC_ROLES = frozenset({"agency", "service", "department"})


def _role_of(pronoun: str | None) -> str | None:
    """"the minister" -> "minister", the word a speaker must hold to be the one meant."""
    match = _ROLE_PRONOUN.match((pronoun or "").strip())
    return match.group("role").lower() if match is not None else None


def _speaker_of(state: _State, sentence: Sentence) -> str | None:
    """The named speaker of one sentence (computed once, lazily)."""
    if sentence.index not in state.speakers:
        found = attribution_of(sentence.text, len(sentence.text))
        state.speakers[sentence.index] = (
            found.text if found.kind == "named" and found.text else None)
    return state.speakers[sentence.index]


def _last_speaker(state: _State, before: int, role: str | None = None) -> str | None:
    """The last named speaker in the sentences before `before` (read lazily: most
    sentences are never asked, and attribution is the second costliest step); with
    `role`, the last whose words hold it ("the minister"), else the last of all."""
    holds_role = re.compile(rf"\b{re.escape(role)}\b", re.IGNORECASE) if role else None
    last = None
    for sentence in reversed(state.sentences[:before]):
        speaker = _speaker_of(state, sentence)
        if speaker and last is None:
            last = speaker
            if holds_role is None:
                return last
        if speaker and holds_role is not None and holds_role.search(speaker):
            return speaker
    # "the Border Guard said" after only "Kazakh officials" spoke names a new office
    return last if role is None or role in _GENERIC_ROLES else None


def _paragraph_report(state: _State, index: int, paragraph: int) -> str | None:
    """The source of an earlier sentence of the paragraph that holds no figure ("The
    situation had returned to normal, he said. Yesterday 7 000 ..."): its report goes on."""
    for sentence in reversed(state.sentences[:index]):
        if sentence.paragraph != paragraph:
            return None
        if sentence.index not in state.reports:
            found = attribution_of(sentence.text, len(sentence.text))
            text = found.text if found.kind == "named" else None
            if found.kind == "pronoun":
                text = _last_speaker(state, sentence.index, _role_of(found.text))
            state.reports[sentence.index] = text
        if state.reports[sentence.index]:
            return state.reports[sentence.index]
    return None


def _is_candidate(text: str, amount: Amount) -> bool:
    """Numbers that can be figures: not years, small counts, money, units or baselines."""
    lex = lexicon()
    if amount.year_like or amount.high < MIN_SMALL_FIGURE:
        return False
    if amount.high < MIN_FIGURE and not (
            any(ch.isdigit() for ch in text[amount.start:amount.end])
            and _SMALL_COUNT_OF_RUSSIANS.match(text, amount.end)):
        return False
    after = text[amount.end:amount.end + 30]
    before = text[max(0, amount.start - 24):amount.start]
    if lex.not_before.search(before) or lex.not_after.match(after):
        return False
    if lex.mixed_groups.match(after) and not _RUSSIAN.search(text, amount.end,
                                                              amount.end + _MIXED_WINDOW):
        return False  # "4.3 million foreigners", "74,000 immigrants": not only Russians
    skip_one = _ONE_WORD.match(after)  # "300 foreign companies"
    if skip_one and lex.not_after.match(after[skip_one.end():]) and not _PEOPLE_AFTER.match(
            after):
        return False
    if _UNIT_AFTER.match(after):
        return False
    if _DIFFERENCE_AFTER.match(after):
        return False  # "4.7 million more than in 2021": a difference, not a count
    if _PART_OF_HEAD.search(before) and _MIXED_TOTAL.match(text, amount.end):
        return False  # "62,304 of the 179,778 people who moved ... held Russian passports"
    if _COUNT_IN_YEAR.match(after):
        return True
    return not _RATIO_AFTER.match(after)


# The shapes `_is_candidate` tests right after a number (compiled once: it runs per number).
_OWN_YEAR = re.compile(r"^\s+(?:[a-z]+\s+){0,2}?in\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-–/])")
_OF_THE_HEAD = re.compile(r"(?:^|[\n.;:]\s*)\W*Of\s+(?:the|some|about|around|roughly|nearly|"
                          r"almost|over|more\s+than|\s)*$")
_OF_THE_OPENING = re.compile(r"\W*Of\s+(?:the\s+)?(?:[a-z]+\s+){0,2}\d")
_RUSSIAN_SHARE = re.compile(r"\d[\d,.\u00a0\u202f ]*\s+(?:of\s+them\s+)?(?:were|was|are)\s+"
                            r"(?:Russian|Russians)\b")
# "2,000 (came) from Belarus": where they came from, not where they are
_CAME_FROM_BEFORE = re.compile(r"(?:\d\s*|\b(?:came|come|coming|arrived|arriving|immigrated))"
                               r"\s+from\s+(?:the\s+)?$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_PART_OF_NEXT = re.compile(r"\s+of\s+(?:the|a|an|some|about|around)\s+(?:[a-z-]+\s+){0,2}")
_RELATIVE_ASIDE = re.compile(r",\s*(?:which|who|whose)\b[^,\d]*,")
_NATIONALS_AFTER = re.compile(r"\s+([A-Z][a-z]+)\s+(?:citizens|nationals|passport\s+holders)\b")
_FIRST_STRETCH = re.compile(r"\b(?:in|within|during|over)\s+(?:the|its|their)\s+first\s+"
                            r"(?:(?:two|three|four|five|six|seven|ten|few|\d{1,2})\s+)?"
                            r"(?:days?|weeks?|fortnight|month)\b(?!\s+(?:of|after|since))",
                            re.IGNORECASE)
_MOBILISATION_WORD = re.compile(r"mobili[sz]|call-up|called\s+up", re.IGNORECASE)
_SAME_TIME = re.compile(r"\W*at\s+the\s+same\s+time\b", re.IGNORECASE)
_PUT_AT = re.compile(r"\bput(?:s|ting)?\s+(?:the|that|this|its|their)\s+(?:number|total|figure|"
                     r"count|tally)\s+(?:\w+\s+){0,2}?at\s+(?:\w+\s+){0,3}?$", re.IGNORECASE)
# "698 applications were rejected", "denied entry": a decision on people, not a dispute
_DECISION_WORD = re.compile(r"(?:rejected|rejects|refused|denied|denies|turned\s+down)",
                            re.IGNORECASE)
_DECISION_AROUND = re.compile(r"\b(?:applications?|requests?|claims?\s+for|asylum|entry|visas?|"
                              r"permits?|protection)\b", re.IGNORECASE)
_NOUN_OF_GAP = re.compile(r"\s+of\s+(?:the\s+|some\s+|about\s+|around\s+|nearly\s+|almost\s+)?")
_HEAD_NOUN_GAP = re.compile(r"\s+(?:[A-Z][a-z]+\s+)?")  # "120,000 (Russian) entries"
_ALL_PEOPLE_AFTER = re.compile(r"\s+(?:people|persons|travell?ers|passengers|foreigners)\b",
                               re.IGNORECASE)
_RUSSIANS_OF_THEM = re.compile(r"\d[\d,.\u00a0\u202f ]*\s+of\s+(?:them|whom)\s+(?:were\s+|are\s+)?"
                               r"(?:Russians?|citizens\s+of\s+Russia)\b"
                               r"|\bof\s+(?:them|whom)\s+\d[\d,.\u00a0\u202f ]*\s+(?:were|are)\s+"
                               r"(?:Russians?|Russian\s+citizens|citizens\s+of\s+Russia)\b")
_OF_WHOM_BEFORE = re.compile(r"\bof\s+(?:them|whom)\s+$")
_SIDE_CLAUSE = re.compile(r",\s+(?:when|where|because|as|although|though|whereas)\b")
_ONE_WORD = re.compile(r"^\s*[A-Za-z-]+(?=\s)")
_PEOPLE_AFTER = re.compile(r"^\s*(?:people|persons|Russians|men|citizens|of)\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"^[-–]?(?:year|strong|mile|km|hour|day|kilomet)"
                         r"|^(?:st|nd|rd|th)\b", re.IGNORECASE)  # "its 201st military base"
_COUNT_IN_YEAR = re.compile(r"^\s*(?:of\s+)?(?:them|those)?\s*\)?\s*(?:in|on|of)\s+(?:19|20)\d\d")
_RATIO_AFTER = re.compile(r"^[:/]\d")
_DIFFERENCE_AFTER = re.compile(r"^\s+(?:more|fewer|less)\s+than\s+(?:in|during|over|the|a)\b",
                               re.IGNORECASE)
# The whole a part of Russians is counted out of: "N of the M people/immigrants ... Russian".
_PART_OF_HEAD = re.compile(r"\d\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?$", re.IGNORECASE)
_MIXED_TOTAL = re.compile(r"\s+(?:people|persons|immigrants|migrants|foreigners|foreign\s+"
                          r"nationals|arrivals|visitors|newcomers)\b[^.;]*\bRussian",
                          re.IGNORECASE)


def _read_amount(sentence: Sentence, clause: str, c_start: int, amount: Amount,
                 places: list[Place], disputed: bool, state: _State,
                 offset: int, others: list[tuple[int, int]]) -> Mention | None:
    lex = lexicon()
    before = clause[max(0, amount.start - _BASELINE_WINDOW):amount.start]
    after = clause[amount.end:]
    own_year = _OWN_YEAR.match(after)  # "30,000 in 2022": the year written after the number
    after_window = _DIGIT.split(after[:60], maxsplit=1)[0]  # up to the next number
    if lex.baseline_before.search(before) or lex.baseline_after.search(after_window):
        return None
    if lex.casualties.search(after_window) or _FROM_ELSEWHERE.match(after_window):
        return None  # "5,937 servicemen had been killed"; "some 2,000 from Belarus"
    if lex.baseline_lead.search(clause, 0, amount.start):
        return None  # "In early September, before the call-up, Rosstat estimated ..."
    if lex.retracted.search(sentence.text, 0, c_start + amount.start):
        return None  # "An earlier version of this article said that 147,000 entered"
    if _clause_flag(state, "others", clause):
        return None  # "Iraqis were second with around 131,000 permits"
    nationals = _NATIONALS_AFTER.match(after)
    if nationals is not None and code_of_text(nationals.group(1)) not in (None, "RU"):
        return None  # "some 1,200 Mongolian citizens returned home from Russia"
    local_places = [p for p in places if c_start <= p.start < c_start + len(clause)]
    if any(p.code != "RU" and _may_come_from(sentence.text, p.start)
           and _FROM_PLACE.search(sentence.text, 0, p.start) for p in local_places):
        return None  # "Around 15,000 came from Ukraine": people from elsewhere
    if _BREAKDOWN.match(after) and _part_of_mixed_total(sentence.text, c_start + amount.start,
                                                         state.sentence_spans):
        return None  # "1.35 million foreigners hold permits, over 706,000 of them in Istanbul"
    at = c_start + amount.start
    if _total_with_russians_after(sentence.text, at, c_start + amount.end):
        return None  # a total of every nationality; its Russians are the row
    evidence: dict[str, str] = {}
    metric, destination = _metric_and_place(clause, c_start, amount, places, others,
                                            evidence, state.clause_hits)
    model: Mention | None = None  # the figure this one breaks down
    inherited = False  # the metric came from `model`, not from the clause's own words
    if _BREAKDOWN.match(clause[amount.end:]) or (metric is None and (
            _OPENS_BREAKDOWN.match(sentence.text) or (
                state.last_sentence == sentence.index and (
                    _PARALLEL_PART.match(clause[amount.end:])
                    # "267,000 entries, of which 149,000 gave a private purpose and 94,000
                    # tourism"; "3,300 received citizenship: 1,666 by ... and 1,625 by ..."
                    or _BREAKDOWN_HEAD.search(clause, 0, amount.start)
                    or (clause[:amount.start].lstrip().startswith(":")
                        and any(b <= c_start for _, b in state.sentence_spans)))))):
        earlier = [m for m in state.found if m.metric]
        model = earlier[-1] if earlier else None
        if metric is None and model is not None:
            # "around 3,800 of them were men": a breakdown of the last figure
            metric, destination = model.metric, model.destination
            evidence["metric"] = "breakdown of the previous figure"
            inherited = True
    # (a reference without a metric of its own, "the figure was just over 8,300", is
    # skipped: the series goes on from the last figure read in full)
    last_read = next((m for m in reversed(state.found) if m.metric), None)
    if metric is None and last_read is not None and last_read.metric != "called_up":
        last = last_read
        part = _place_part(clause, amount, [
            Place(p.code, p.start - c_start, p.end - c_start, p.text) for p in local_places],
            others)
        if part is not None and state.last_paragraph == sentence.paragraph:
            # "Germany received the most, 3,855, followed by France with 3,350": the
            # previous figure broken down by place.
            metric = "arrived" if last.metric == "departed" else last.metric
            destination, model, inherited = part.code, last, True
            evidence["metric"] = "breakdown of the previous figure by place"
            evidence["destination"] = part.text
            if part.text.endswith(("'s", "’s")) and _OFFICE_GAP.match(
                    clause[part.end:amount.start]):
                # "Georgia's interior ministry roughly 69,000": that office counted it
                words = _OFFICE_WORDS.match(clause, part.end, amount.start)
                if words is not None:
                    evidence["office"] = clause[part.start:words.end()].strip()
        elif (sentence.index in state.quotes and _ITEM_PLACE.search(clause)
              and state.last_paragraph >= sentence.paragraph - 3):
            # "Further down the FSB's July-September table:" / "- Armenia: 267,000": a list
            # whose header names no count goes on breaking down the last figure by place
            item = _ITEM_PLACE.search(clause)
            code = code_of_text(item.group(1)) if item else None
            if code and code not in _NOT_DESTINATIONS:
                metric = "arrived" if last.metric == "departed" else last.metric
                destination, model, inherited = code, last, True
                evidence["metric"] = "list item breaking down the previous figure"
                evidence["destination"] = item.group(1) if item else ""
        elif (state.last_sentence == sentence.index and (
                _SERIES_HEAD.search(clause, 0, amount.start)
                or _SERIES_TAIL.match(clause[amount.end:]))) or (
                state.last_sentence >= sentence.index - 2
                and _TREND_OPENING.match(sentence.text)):
            # "arrivals peaked at 380 on Tuesday, slipped to 300 on Wednesday"; "8,600
            # entered on Saturday and 8,300 followed on Sunday, close to 16,900 in all"
            metric, destination, model, inherited = last.metric, last.destination, last, True
            evidence["metric"] = "continues the series of the previous figure"
        elif (state.last_sentence == sentence.index and own_year is not None
              and last.since is not None and last.since.month == 1 and last.since.day == 1):
            # "fell to about 6,500 in 2024, from 9,800 in 2023 and more than 30,000 in
            # 2022": the same count, year by year
            metric, destination, model, inherited = last.metric, last.destination, last, True
            evidence["metric"] = "the same count in another year"
        elif _COMPARED_BACK.match(clause) and state.last_sentence == sentence.index:
            # "53,000 entered the EU ..., down from almost 66,000 the week before"
            metric, destination, model, inherited = last.metric, last.destination, last, True
            evidence["metric"] = "compared with the previous figure"
    if metric is None:
        whole = next(((a, b) for a, b in others if a >= amount.end
                      and _PART_OF_NEXT.fullmatch(clause, amount.end, a)), None)
        if whole is not None:
            # "222,000 of the planned 300,000 reservists had been mobilised": the part is
            # counted as the whole it is part of
            whole_amount = replace(amount, start=whole[0], end=whole[1])
            metric, destination = _metric_and_place(
                clause, c_start, whole_amount, places,
                [span for span in others if span != whole] + [(amount.start, amount.end)],
                evidence, state.clause_hits)
    if metric is None and _ELLIPSIS.match(clause, amount.end):
        # "385 applied for a passport in 2021; in the same months of this year, 1,631 did":
        # the verb left out is the last one before
        earlier_hits = [(match.start(), name) for name, pattern in lex.metrics.items()
                        for match in pattern.finditer(sentence.text, 0, c_start)]
        if earlier_hits:
            metric = max(earlier_hits)[1]
            evidence["metric"] = "the verb of the clause before"
        elif state.found and state.last_sentence == sentence.index - 1 and (
                state.found[-1].metric not in (None, "called_up")):
            # "... about 1,900 Russians applied for residence in September. In October
            # alone, 3,700 did so": the count of the sentence before, in another period
            last = state.found[-1]
            metric, destination = last.metric, last.destination
            evidence["metric"] = "the verb of the sentence before"
    if metric is None and _russians_of_a_total(sentence.text, at):
        # "Of the roughly 3,000 people who crossed into Estonia at Narva on Saturday, 1,800
        # were Russian citizens": the Russians of the movement the sentence opened with
        head_hits = [(match.start(), name) for name, pattern in lex.metrics.items()
                     for match in pattern.finditer(sentence.text, 0, at)]
        head_places = [p for p in places if p.start < at and p.code not in _NOT_DESTINATIONS]
        if head_hits:
            metric = max(head_hits)[1]
            evidence["metric"] = "the Russians among the total before"
            if head_places and metric != "departed":
                destination = head_places[-1].code
                evidence["destination"] = head_places[-1].text
    running_total = False  # "12,300 crossed yesterday, taking the total past 130,000"
    if metric is None and state.found and state.last_sentence == sentence.index \
            and _RUNNING_TOTAL.search(clause, 0, amount.start):
        # the total the sentence's own count adds to: the same flow, however large
        last = state.found[-1]
        if last.metric and last.metric != "called_up":
            metric, destination, running_total = last.metric, last.destination, True
            evidence["metric"] = "the running total of the sentence's count"
    if metric is None:
        # "Q: How many Russians came? / A: ... a little more than 400,000 in the first two
        # months": the answer counts what the question asks about
        question = _question_before(state, sentence)
        hits = _keyword_hits(question, state.clause_hits) if question else []
        if hits:
            metric = min(hits, key=lambda hit: _rank(hit[0]))[0]
            evidence["metric"] = f"the question: {question}"
    if metric is None and last_read is not None and last_read.metric != "called_up" and (
            state.last_paragraph >= sentence.paragraph - 1) and _PUT_AT.search(
                clause, 0, amount.start):
        # "By October 4, the minister put the number at 200,000": the count of the figure
        # before, later (however much it grew)
        metric, destination, model, inherited = (last_read.metric, last_read.destination,
                                                 last_read, True)
        evidence["metric"] = "a later count of the figure before"
    if metric is None:
        if not lex.reference.search(sentence.text):
            return None
        if not any(_close_in_size(m, amount) for m in state.found if m.metric):
            if not lex.metrics["departed"].search(state.text, 0, sentence.end):
                return None  # the article has not talked about people leaving
            metric, evidence["metric"] = "departed", "reference to a count of leavers"
    # Holders of permits are a stock whatever the metric; other stocks and refusals stop
    # every metric but `registered` ("applied for residence" is no stock).
    if lex.held.search(clause) or metric != "registered" and (
            _clause_flag(state, "stock", clause)
            or _refused(_own_segment(clause, amount, [
                (a - c_start, b - c_start) for a, b in state.sentence_spans
                if a - c_start != amount.start]), metric)):
        return None
    when = _WHEN_FIGURE.search(clause, 0, amount.start)
    if when is not None:
        # "twice as many as in the second quarter, when the figure was 5 million": the
        # period named just before "when" is this figure's
        head = clause[:when.start()]
        period = period_of(head[head.rfind(",") + 1:], state.published)
    else:
        period = period_of(without_remark(clause, amount.end), state.published)
    own_range = period.kind == "range"  # a stated day range in the figure's own clause
    if period.since is None and not period.carries and not period.before_mobilisation:
        period = _sentence_period(without_remark(sentence.text, c_start + amount.end), clause,
                                  c_start, state.published)
    if own_year is not None and (period.kind != "since" or period.since is None):
        # "fell to about 6,500 in 2024, from 9,800 in 2023 and more than 30,000 in 2022":
        # each number of a series keeps the year written right after it
        year_n = int(own_year.group("year"))
        period = Period(date(year_n, 1, 1), date(year_n, 12, 31) < lex.mobilisation, False)
    if period.before_mobilisation:
        return None
    if period.since is None and not period.carries and _FIRST_STRETCH.search(clause) and (
            _MOBILISATION_WORD.search(state.text)):
        # "53,000 entered in the first week", in an article about the call-up: its first
        # week ("in the first weeks of the war" is read by `period_of` before this)
        period = Period(lex.mobilisation, False, False, "since")
    since = period.since
    carried_report: str | None = None  # the report a later paragraph goes on with
    if since is None and period.carries:
        since = state.paragraph_since
        if since is None and (_opens_with_carry(sentence.text, c_start + amount.start)
                              or _SAME_PERIOD.search(clause)):
            since = state.article_since  # "over the same period" names the period itself
            carried_report = state.article_source
    if since is None and model is not None and inherited:
        since = model.since
    inherited_per = model.per if model is not None and inherited else None
    per = per_of(_without_attribution_clauses(clause), amount.start, amount.end, others)
    if per is None and clause != sentence.text:  # "..., while 5,186 left": the sentence's day
        per = per_of(_without_attribution_clauses(sentence.text), c_start + amount.start,
                     c_start + amount.end,
                     [(c_start + a, c_start + b) for a, b in others] + [
                         span for span in state.sentence_spans
                         if span[0] != c_start + amount.start])
    if per is None and inherited_per and _OPENS_BREAKDOWN.match(sentence.text):
        per = inherited_per  # "Roughly half of them, around 200, were men": that day's
    if per is None and _SAME_TIME.match(sentence.text) and state.found and (
            state.last_paragraph >= sentence.paragraph - 1):
        per = state.found[-1].per  # "At the same time, about 4,200 crossed back": that day's
    if running_total:
        per = None  # a running total counts from a start, never one day or week
    if per is not None and _TOTAL_TAIL.match(clause[amount.end:]):
        per = None  # "8,600 on Saturday ..., close to 16,900 over the two days": a total
    if metric == "called_up" and per is not None and not _RATE.search(clause):
        per = None  # a call-up is a target: a date near it ("declared met on 28 October")
        # or "last week he put the number at" dates a statement, not a one-day count
    if metric == "called_up" and since is not None and "since" not in clause.lower():
        # "Putin's order in September to mobilise 300,000", "the call-up of 300,000 on
        # September 21": the order's date, not the start of a count (118 of 120 labelled
        # call-up rows have no start; the two that do say "since")
        since = None
    if per is not None and period.kind != "since" and not (
            per == "week" and own_range):
        since = None  # a day's or a week's count has no start ("so far this year" dates a
        # record); a stated week ("19-25 September") starts on its first day
    if since is not None:
        state.paragraph_since = since
        state.article_since = since
    attribution = attribution_of(sentence.text, c_start + amount.start)
    source, kind = _resolve_source(attribution, disputed, sentence.text, c_start + amount.start,
                                   state, sentence.index)
    if source is not None and (owner := _OWNER_WORD.match(source)) is not None:
        source, kind = _owner_of(owner, source, sentence, state)
    if "office" in evidence:  # more specific than an attribution of the whole list
        source, kind = evidence["office"], "named"
    if source is None or _FIRST_PERSON.match(source):
        # "Marchenko: My best estimate is ...": an interview answer is its speaker's
        speaker = _interviewee(state, sentence)
        if speaker is not None:
            source, kind = speaker, "named"
    if source is None and model is not None and model.source:
        source, kind = model.source, "carried"  # a breakdown keeps its figure's source
    if source is None and kind == "none" and carried_report:
        # "Turkey accounted for 2.1 million departures in the quarter": the report of the
        # quarter named before goes on, and so does its source
        source, kind = carried_report, "carried"
    if since is not None:
        state.article_source = source
    if metric == "departed" and destination is None:
        # "6,109 entered the country, while 5,186 left": leaving a place just entered.
        # Also "... entered Georgia. Over the same period 62,120 Russians left the
        # country": the arrivals of the paragraph's previous sentence.
        quote = state.quotes.get(sentence.index, sentence.text)
        continues = state.last_paragraph == sentence.paragraph and bool(
            lex.own_country.search(clause) or lex.since_carry.search(sentence.text))
        # a table: "Russian citizens entered: 78,742" / "Russian citizens departed: 62,120"
        continues = continues or (sentence.index in state.quotes
                                  and sentence.index - 1 in state.quotes
                                  and state.last_sentence == sentence.index - 1)
        paired = [m for m in state.found if m.metric == "arrived" and m.destination
                  and (m.quote == quote or (continues and m is state.found[-1]))]
        if paired and evidence.get("metric", "").lower() in _LEAVE_VERBS | _LEAVE_NOUNS:
            metric, destination = "moved_on", paired[-1].destination
            evidence["destination"] = "the arrivals of the same sentence"
    if metric == "moved_on" and destination is None and lex.own_country.search(clause):
        # "Kazakhstan said ... 147,000 had left the country again", "Kazakhstan's minister
        # said ... left his country": the country the sentence opens with
        named = [p for p in places if p.start < c_start + amount.start
                 and p.code not in _NOT_DESTINATIONS]
        if named:
            destination = named[0].code
            evidence["destination"] = named[0].text
    if metric == "moved_on" and destination is None:
        arrived = [m for m in state.found if m.metric == "arrived" and m.destination]
        if arrived:  # moved on from where they had arrived
            destination = arrived[-1].destination
            evidence["destination"] = "the last arrivals"
    if metric == "returned" and destination is None and state.paragraph_place:
        destination = state.paragraph_place  # went back from the place the paragraph names
    if metric == "returned" and destination is None and state.only_place:
        destination = state.only_place  # the one country the whole article is about
        evidence["destination"] = "the article's only place"
    if metric == "returned" and destination is None and state.found and (
            state.last_paragraph >= sentence.paragraph - 1) and (last_place := next(
                (m.destination for m in reversed(state.found) if m.metric), None)) is not None:
        # "... entered Finland on Saturday. / Traffic in the other direction was lighter:
        # around 4,200 crossed back into Russia": back from where the last figure came in
        destination = last_place
        evidence["destination"] = "the place of the figure before"
    segment = max(clause.rfind(",", 0, amount.start), clause.rfind(";", 0, amount.start)) + 1
    if metric == "arrived" and _place_group().search(clause, segment, amount.start):
        # "the three republics absorbed roughly 150,000": several places lumped together
        metric, destination = "departed", None
        evidence["destination"] = "several places"
    if metric is not None and destination is None and metric not in (
            "departed", "called_up", "returned"):  # went back from several places: null
        destination = _fallback_place(clause, source, state, evidence)
        if destination is None:
            metric = "departed" if metric == "arrived" else None
            if metric is None:
                return None
    if source and destination and kind in ("named", "pronoun") and metric not in (
            "departed", "called_up"):
        source = _owned_office(source, destination)  # (a carried source keeps its words)
    quote_start = sentence.start - offset
    quote_end = sentence.end - offset
    if quote_start < 0:  # the figure is in the title: no span of `text` holds it
        quote_start = quote_end = 0
    return Mention(
        metric=metric,
        destination=destination if metric not in ("departed", "called_up") else None,
        low=amount.low,
        high=amount.high,
        qualifier=_qualifier(clause, amount, evidence),
        per=per,
        since=since,
        source=source,
        source_kind=kind,
        disputed=disputed,
        quote=state.quotes.get(sentence.index, sentence.text),
        quote_start=quote_start,
        quote_end=quote_end,
        order=len(state.found),
        in_title=sentence.start < offset or _headline_line(sentence),
        evidence=evidence,
    )


_ANSWER = re.compile(r"^\s*A\s*[:.]\s")  # an interview's answer line
_QUESTION = re.compile(r"^\s*Q\s*[:.]\s.*\?\s*$")


# "Marchenko: ..." opening an answer paragraph; the label is the interviewee's name.
_SPEAKER_LABEL = re.compile(r"^\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s*:\s")
_FIRST_PERSON = re.compile(r"^(?:my|our|I|we|me|us)\b", re.IGNORECASE)
_NOT_SPEAKERS = frozenset({"Q", "A", "Note", "Update", "Correction", "Editor", "Source",
                           "Sources", "Claim", "Verdict", "Rating", "Photo", "Read", "Watch"})


def _interviewee(state: _State, sentence: Sentence) -> str | None:
    """The full name of the speaker labelling the answer paragraph `sentence` is in
    ("Marchenko:" -> "Elena Marchenko", as the article introduced her); None elsewhere."""
    opening = next((s for s in state.sentences if s.paragraph == sentence.paragraph), None)
    if opening is None:
        return None
    label = _SPEAKER_LABEL.match(opening.text)
    if label is None or label.group("name") in _NOT_SPEAKERS:
        return None
    name = label.group("name")
    introduced = state.text[:max(0, state.text.find(opening.text))]
    for run in _NAME_RUN.finditer(introduced):
        if run.group(0).endswith(" " + name):
            return run.group(0)
    return name


_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")


def _question_before(state: _State, sentence: Sentence) -> str | None:
    """The question ("Q: How many Russians came?") of the answer paragraph ("A: ...")
    `sentence` is in; None outside an interview."""
    opening: Sentence | None = None  # the answer paragraph's first sentence
    for earlier in reversed(state.sentences):  # read backwards: only two paragraphs matter
        if earlier.paragraph == sentence.paragraph:
            opening = earlier
        elif earlier.paragraph == sentence.paragraph - 1:
            if opening is None or not _ANSWER.match(opening.text):
                return None
            return earlier.text if _QUESTION.match(earlier.text) else None
        else:
            return None
    return None


_ELLIPSIS = re.compile(r"\s+(?:did|had|have|has|do|does)(?:\s+so)?\s*(?:[.;,]|$)",
                       re.IGNORECASE)
_BREAKDOWN = re.compile(r"^\s+of\s+(?:them|those|these|whom|the\s+(?:[\w-]+\s+)?[\w-]+s)\b",
                        re.IGNORECASE)
# "..., while more than 500 were women and children": a second part of a breakdown.
# (The verb may be left out: "about 2,500 of them were men, and more than 500 women".)
_PARALLEL_PART = re.compile(r"^\s+(?:(?:were|are|was)\s+)?(?:\w+\s+){0,2}?(?:men|women|children|"
                            r"families|minors|students|boys|girls)\b", re.IGNORECASE)
# A breakdown opened earlier in the clause, after the total it breaks down.
_BREAKDOWN_HEAD = re.compile(r"\b(?:of\s+(?:which|whom)|among\s+(?:them|whom)|including)\b"
                             r"[^.;:]*$", re.IGNORECASE)
# ("Roughly half of them, around 200, were men": a share of the figure before)
_OPENS_BREAKDOWN = re.compile(
    r"^\W*(?:(?:(?:roughly|about|around|nearly|almost|some|just\s+over|just\s+under|more\s+than|"
    r"less\s+than)\s+)?(?:half|a\s+third|two\s+thirds|a\s+quarter|three\s+quarters|most|many|"
    r"\d+\s*(?:%|per\s*cent))\s+)?(?:of\s+(?:them|those|these|whom)|among\s+them)\b"
    # "Of the 7,000, about 5,700 are men": the figure just given, named by its number
    r"|^\W*(?:of|among)\s+the\s+\d[\d,.\u00a0\u202f ]*(?:\s*(?:million|thousand))?\s*,",
    re.IGNORECASE)
_COMPARED_BACK = re.compile(r"^\W*(?:a\s+little\s+|slightly\s+|sharply\s+)?down\s+from\b",
                            re.IGNORECASE)
_ITEM_PLACE = re.compile(r", to ([^,]+)$")  # the label figures.layout appends to a list item
# A number that goes on with the count of the figure before it in the sentence: a trend
# ("slipped to", "and to"), a total of it ("a total of", "in all") or "followed".
_SERIES_HEAD = re.compile(
    r"(?:\b(?:slipped|fell|dropped|rose|climbed|increased|decreased|declined|jumped|grew|"
    r"edged\s+(?:up|down)|went\s+(?:up|down))\s+(?:again\s+)?to|\band\s+to|\bthen\s+to|"
    r"\b(?:a|the)\s+total\s+of|\btotall?ing|\bbringing\s+the\s+total\s+to|"
    r"\ba\s+further|\banother|\ban\s+additional|"
    # "peaking at around 11,000 on 26 September"; "..., and on Sunday a little under 8,400"
    r"\b(?:peaking|peaked|topping\s+out|topped\s+out)\s+at|"
    r"\b(?:and|while|but|with)\s+on\s+(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)|\d{1,2}\s+[a-z]+|[a-z]+\.?\s+\d{1,2}),?)"
    r"\s+(?:(?:about|around|some|nearly|almost|roughly|over|just\s+over|more\s+than|"
    r"close\s+to|just\s+under|under|fewer\s+than|a\s+little\s+(?:under|over|more\s+than|"
    r"less\s+than))\s+)?$", re.IGNORECASE)
_TOTAL_TAIL = re.compile(r"^\s+(?:in\s+total|altogether|in\s+all|combined|over\s+the\s+"
                         r"(?:two|three|four|five|\d)\s+days)\b", re.IGNORECASE)
_SERIES_TAIL = re.compile(rf"^\s+(?:more\s+)?(?:followed|came\s+next)\b|{_TOTAL_TAIL.pattern}"
                          r"|^\s+(?:a|per|every|each)\s+(?:day|24\s+hours|week)\b"
                          # "11,200 had entered on Sunday and approximately 10,400 on Monday"
                          r"|^\s+on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|"
                          r"sunday)\b",
                          re.IGNORECASE)  # last: "98,000 entered ..., roughly 14,000 a day"
# "That has now risen to about 10,000 daily": the count of the figure just given goes on.
_TREND_OPENING = re.compile(
    r"^\W*(?:that|this|it|the\s+(?:number|figure|flow|total|count|influx))\s+(?:has\s+|had\s+)?"
    r"(?:now\s+|since\s+|then\s+)?(?:risen|rose|fallen|fell|climbed|dropped|grown|grew|"
    r"increased|slipped|doubled|reached)\b"
    # "Taken together, that is nearly 17,000 Russians over the weekend": the counts just
    # given, summed
    r"|^\W*(?:taken\s+together|all\s+told|added\s+up|put\s+together),?\s+(?:that|this|it)\s+"
    r"(?:is|was|makes|made|comes\s+to|came\s+to)\b", re.IGNORECASE)
_PART_BEFORE = 30  # characters: "France with 3,350", "Germany received the most, 3,855"
_PART_GAP = re.compile(r"^(?:'s|’s)?\s*(?:,|\(|with|received|took|had|recorded|saw|for|"
                       r"accounted\s+for|followed\s+with|came\s+(?:\w+\s+)?with|"
                       r"(?:\s|received|the|most|second|third|,|took|had)+)?\s*"
                       r"(?:(?:about|around|some|nearly|almost|over|more\s+than|just\s+over)\s+)?$",
                       re.IGNORECASE)
# "Georgia's interior ministry roughly 69,000": after a possessive place, its counting
# office and a hedge, the verb left out as in the list's first item.
_OFFICE_GAP = re.compile(r"^\s+(?:[A-Za-z-]+\s+){1,3}?(?:about|around|some|nearly|almost|"
                         r"roughly|approximately|over|more\s+than|just\s+over|at\s+least|"
                         r"close\s+to|fewer\s+than|under)\s+$", re.IGNORECASE)
_OFFICE_WORDS = re.compile(r"(?:\s+(?!(?:about|around|some|nearly|almost|roughly|approximately|"
                           r"over|more|just|at|close|fewer|under)\b)[A-Za-z-]+){1,3}",
                           re.IGNORECASE)
_OFFICE_BEFORE = 45  # characters: "Mongolia's border authorities more than 7,000"


def _place_part(clause: str, amount: Amount, places: list[Place],
                others: list[tuple[int, int]]) -> Place | None:
    """The place a number is given for in a list of places ("France with 3,350")."""
    for place in reversed(places):
        offset = place.end
        possessive = place.text.endswith(("'s", "’s"))
        if offset > amount.start or amount.start - offset > (
                _OFFICE_BEFORE if possessive else _PART_BEFORE):
            continue
        if place.code in _NOT_DESTINATIONS:
            return None
        if any(offset <= a < amount.start for a, _ in others):
            return None
        gap = clause[offset:amount.start]
        if (len(gap) <= _PART_BEFORE and _PART_GAP.match(gap)) or (
                possessive and _OFFICE_GAP.match(gap)):
            return place
        return None
    return None


# Cheap pre-filters. A sentence can hold a figure only with three digits in a row, a
# scale word or a number word ("700,000", "1.2 million", "700k", "two hundred thousand").
_SCALE_WORDS = ("hundred", "thousand", "million", "lakh", "half", "quarter")
_DIGIT = re.compile(r"\d")
_MAY_HOLD_DIGITS = re.compile(r"\d[\d,.\s\u00a0\u202f]{2,}|\d\s*(?:[kKmM]\b|thousand|million|mln|"
                              r"lakh|crore|hundred)", re.IGNORECASE)


def _may_hold_figure(text: str) -> bool:
    """A scale word anywhere, else digits shaped like a figure (one C-level scan each)."""
    lowered = text.lower()
    if any(word in lowered for word in _SCALE_WORDS):
        return True
    return _DIGIT.search(text) is not None and _MAY_HOLD_DIGITS.search(text) is not None


def _clause_flag(state: _State, name: str, clause: str) -> bool:
    """Per-clause tests shared by the clause's numbers, computed once: "others" (the clause
    is about other nationals, not Russians) and "stock" (people remaining)."""
    key = (name, clause)
    found = state.flags.get(key)
    if found is None:
        lex = lexicon()
        if name == "others":
            # "Ukrainians who fled the Russian invasion": Russia named, Russians not
            found = bool(lex.other_nationals.search(clause)) and not _RUSSIAN.search(
                _RUSSIAN_WAR.sub(" ", clause))
        else:
            found = bool(lex.stock.search(clause))
        state.flags[key] = found
    return found
# ("more than 900 asylum seekers from third countries": other nationals too)
_FROM_ELSEWHERE = re.compile(r"^\s+(?:[\w-]+\s+)?from\s+(?!Russia)(?:the\s+)?[A-Z]"
                             r"|^\s+(?:[\w-]+\s+){0,2}from\s+(?:third|other)\s+countries\b")
_RUSSIAN = re.compile(r"\bRussia", re.IGNORECASE)
_RUSSIAN_WAR = re.compile(r"\bRussia(?:'s|’s|n)?\s+(?:full-scale\s+)?(?:invasion|war|aggression|"
                          r"attacks?|offensive|troops|army|forces|bombing|occupation)\b",
                          re.IGNORECASE)
_FROM_PLACE = re.compile(r"\b(?:came|come|coming|arrived|arriving|fled|fleeing|moved|"
                         r"travelled|traveled|immigrants?|crossings|refugees|seekers|of\s+them)"
                         r"\s+(?:[\w-]+\s+){0,2}?from\s+(?:the\s+)?$"
                         # "have fled Nagorno-Karabakh to Armenia": the place they fled
                         r"|\b(?:fled|fleeing)\s+(?:the\s+)?$", re.IGNORECASE)


def _may_come_from(text: str, at: int) -> bool:
    """False when `_FROM_PLACE` (or `_CAME_FROM_BEFORE`) cannot end at `at`: each of their
    branches ends with "from", "fled" or "fleeing" before whitespace and an optional "the"
    (letters IGNORECASE folds no further than str.lower())."""
    head = text[:at].rstrip()
    if head[-3:].lower() == "the" and head[-4:-3].isspace():
        head = head[:-3].rstrip()
    return head[-4:].lower().endswith(("from", "fled", "ng"))


_INTO_PLACE = re.compile(r"^(?:\s+[\w-]+){0,3}?\s+(?:into|to)\s+(?:the\s+)?$", re.IGNORECASE)
_HEADLINE_MAX = 160  # a first line this short without a full stop is the headline


def _headline_line(sentence: Sentence) -> bool:
    """The text's own first line reads as a headline (no closing punctuation)."""
    return (sentence.paragraph == 0 and len(sentence.text) <= _HEADLINE_MAX
            and not sentence.text.rstrip().endswith((".", "!", "?", "\"", "”")))


@cache
def _place_group() -> re.Pattern[str]:
    """"the three republics", "all five countries": places lumped under one count word."""
    nouns = phrase_pattern(lexicon().raw["places"]["group_nouns"]).pattern
    return re.compile(r"\b(?:(?:the|these|those|all)\s+(?:two|three|four|five|six|seven|eight|"
                      r"nine|ten|several|\d+)\s+|(?:other|several|various|neighbouring|"
                      rf"neighboring)\s+)(?:{nouns})", re.IGNORECASE)


_SECTION_MAX = 80  # characters: a section heading is a short line of its own


def _heading_place(text: str) -> str | None:
    """The one country a heading names ("KAZAKHSTAN: 200K IN", "Georgia: past the peak");
    a demonym ("[Translated from Spanish]") names a language or a people, not a place."""
    adjectives = lexicon().raw["places"]["adjectives"]
    found = find_places(text.title() if text.isupper() else text)
    codes = {p.code for p in found if p.code not in _NOT_DESTINATIONS
             and p.text.removeprefix("the ").removesuffix("'s").removesuffix("’s")
             not in adjectives}
    return codes.pop() if len(codes) == 1 else None


def _section_heading(sentence: Sentence, sentences: list[Sentence]) -> bool:
    """A short one-line paragraph with no closing full stop, inside the article."""
    text = sentence.text.rstrip()
    if sentence.paragraph == 0 or len(text) > _SECTION_MAX or text.endswith((".", "\"", "”")):
        return False
    following = sentences[sentence.index + 1] if sentence.index + 1 < len(sentences) else None
    return following is None or following.paragraph != sentence.paragraph


_SAME_PERIOD = re.compile(r"\b(?:the\s+same\s+(?:period|time|quarter|months|fortnight|two\s+weeks|"
                          r"week|days|year)|during\s+the\s+year|that\s+(?:period|"
                          r"quarter)|the\s+quarter"
                          # "Almost 2,800 have since applied": since the time last named
                          r"|(?:have|has|had)\s+since(?!\s+(?:the|\d|[A-Z])))\b", re.IGNORECASE)
_ANTECEDENT = re.compile(r"\b(?:Russians|people|men|citizens|arrivals|residents|reservists)\b",
                         re.IGNORECASE)


def _opens_with_carry(text: str, number_at: int) -> bool:
    """"Of those, 147,000 ..." / "Close to 100,000 of them ...": the sentence continues a
    count from an earlier paragraph, unless it names its own antecedent first."""
    match = lexicon().since_carry.search(text)
    return match is not None and not _ANTECEDENT.search(text[:match.start()])


def _close_in_size(m: Mention, amount: Amount) -> bool:
    if m.low <= amount.high and amount.low <= m.high:
        return True
    return max(m.high, amount.high) / max(1, min(m.high, amount.high)) <= 2.0


_WHEN_FIGURE = re.compile(r",\s+when\s+(?:the|that|this|its)\s+(?:figure|number|count|total|"
                          r"tally)\s+(?:was|stood\s+at|reached|came\s+to)\s+(?:[a-z]+\s+){0,2}$",
                          re.IGNORECASE)


def _total_with_russians_after(text: str, start: int, end: int) -> bool:
    """The number at [start, end) is a total of every nationality whose Russians the
    sentence gives next: "Of the roughly 3,000 people who crossed ..., 1,800 were Russian
    citizens"; "458 people entered ..., 379 of them Russians"; "179,778, of whom 62,304
    were citizens of Russia"."""
    if _OF_THE_HEAD.search(text, max(0, start - 30), start) and _RUSSIAN_SHARE.search(
            text, end):
        return True
    if _ALL_PEOPLE_AFTER.match(text, end) and _RUSSIANS_OF_THEM.search(text, end):
        return True
    return text.startswith(", of", end) and _RUSSIANS_OF_THEM.match(text, end + 2) is not None


def _russians_of_a_total(text: str, at: int) -> bool:
    """The number at `at` is the Russian part of such a total ("..., 1,800 were Russian
    citizens", "379 of them Russians", "of whom 62,304 were citizens of Russia")."""
    if _RUSSIAN_SHARE.match(text, at) and _OF_THE_OPENING.match(text):
        return True
    if _RUSSIANS_OF_THEM.match(text, at):
        return True
    return bool(_OF_WHOM_BEFORE.search(text, max(0, at - 12), at)
                and _RUSSIANS_OF_THEM.search(text, max(0, at - 12), at + 40))


def _sentence_period(sentence: str, clause: str, c_start: int,
                     published: date | None) -> Period:
    """The period named elsewhere in the sentence, when the figure's clause names none; a
    comparison clause (", compared with 3,700 on 16 September") dates its own count only."""
    if clause == sentence:
        return Period(None, False, False)
    kept = "".join(sentence[a:b] for a, b in clause_bounds(sentence)
                   if a == c_start or not _COMPARISON_JOINT.match(sentence, a))
    return period_of(kept, published)


_COMPARISON_JOINT = re.compile(r",\s+(?:compared|up\s+from|down\s+from|against|versus)\b",
                               re.IGNORECASE)


def _resolve_source(attribution: Attribution, disputed: bool, sentence: str, at: int,
                    state: _State, index: int) -> tuple[str | None, str]:
    if attribution.kind == "named" and attribution.text:
        lex = lexicon()
        denial = lex.dispute.search(sentence)
        if disputed and not attribution.via_introducer and denial and denial.start() < at:
            return None, "none"  # "Peskov denied reports that ...": the denier is no source
        state.paragraph_source = attribution
        return attribution.text, "named"
    if attribution.kind == "pronoun":
        speaker = _last_speaker(state, index, _role_of(attribution.text))
        if speaker:
            # "..., he said. Since the start of the year 192,258 ...": his report goes on
            state.paragraph_source = Attribution(speaker, "named", False)
            return speaker, "pronoun"
        return attribution.text, "pronoun"
    if attribution.kind == "vague":
        return None, "vague"
    if state.paragraph_source is not None and state.paragraph_source.text:
        return state.paragraph_source.text, "carried"
    if state.sentences and index > 0:
        report = _paragraph_report(state, index, state.sentences[-1].paragraph)
        if report:
            return report, "carried"
    return None, "none"


# A source naming an office and nothing else: "the interior ministry", "Interior ministry
# statistics", "the border guard's press service" (lower-case words besides the first).
_BARE_OFFICE = re.compile(r"(?:the\s+)?[A-Za-z]+(?:['’]s)?(?:\s+[a-z]+(?:['’]s)?){0,5}")


_OFFICE_OPENER = re.compile(r"(?:the|its|their)\s+", re.IGNORECASE)


def _owned_office(source: str, destination: str) -> str:
    """"the interior ministry" reporting arrivals in Kazakhstan is Kazakhstan's: a bare
    national office is read as the office of the country the figure is about; so is the
    head of a passive chain ("interior ministry data reported by the RND")."""
    chain = passive_chain_start(source)
    if chain is not None:
        return _owned_office(source[:chain], destination) + source[chain:]
    if destination == "EU" or not _BARE_OFFICE.fullmatch(source) or find_places(source):
        return source
    office = lexicon().national_offices.search(source)
    country = name_of(destination)
    # "the interior ministry", "Its interior ministry" (the country's): the office alone
    opener = _OFFICE_OPENER.match(source)
    bare = source[opener.end():] if opener else source
    if office is None or country is None or office.start() != len(source) - len(bare):
        return source  # "an official at the ministry": a person, not the office
    bare = bare[:1].lower() + bare[1:]  # "Interior ministry statistics"
    return f"{country}'s {bare}"


def _fallback_place(clause: str, source: str | None, state: _State,
                    evidence: dict[str, str]) -> str | None:
    """A destination for a clause naming none: "his country", then the paragraph, the article."""
    lex = lexicon()
    if lex.own_country.search(clause) and source:
        code = code_of_text(source)
        if code and code not in _NOT_DESTINATIONS:
            evidence["destination"] = f"speaker: {source}"
            return code
    if state.paragraph_place:
        evidence["destination"] = "paragraph"
        return state.paragraph_place
    if state.section_place:
        evidence["destination"] = "section heading"
        return state.section_place
    if state.article_place:
        evidence["destination"] = "article"
    return state.article_place


def _qualifier(clause: str, amount: Amount, evidence: dict[str, str]) -> str:
    lex = lexicon()
    if amount.is_range:
        return "range"
    head = clause[:amount.start]
    # the longest phrase wins: "a little under 8,400" is approx, not "under" (at_most)
    found = [(match.start(), name, match) for name in ("at_most", "at_least", "approx")
             if (match := lex.qualifier_before[name].search(head)) is not None]
    if found:
        _, name, match = min(found, key=lambda hit: hit[0])
        evidence["qualifier"] = match.group(0).strip()
        return name
    tail = clause[amount.end:]
    if lex.after_at_least.match(tail):
        return "at_least"
    if lex.after_approx.match(tail):
        return "approx"
    return "exact"


def _metric_and_place(clause: str, c_start: int, amount: Amount, places: list[Place],
                      others: list[tuple[int, int]], evidence: dict[str, str],
                      cache: dict[str, list[tuple[str, re.Match[str]]]]
                      ) -> tuple[str | None, str | None]:
    """The metric of the number and the place it points at (None, None when neither)."""
    hits: list[tuple[int, int, str, re.Match[str]]] = []
    for name, match in _keyword_hits(clause, cache):
        distance = max(match.start() - amount.end, amount.start - match.end(), 0)
        owner = _subject_of(clause, match, amount, others)
        if owner is False:
            continue  # "9,642 enter Georgia and 5,448 leave it": the verb of another number
        if owner is None and any(max(match.start() - b, a - match.end(), 0) < distance
                                 for a, b in others):
            continue  # the word belongs to another number of the clause
        if amount.start >= match.end() and any(
                b <= match.start() and match.start() - b == distance for _, b in others):
            continue  # "9,642 had entered and 5,448 had departed": a tie goes to the subject
        hits.append((distance, _rank(name), name, match))
    if hits and ("which" in clause or "who" in clause):
        # "Rosstat's figures, which capture only people who deregister their place of
        # residence, show 126,000 leaving": a relative aside describes, it counts nothing
        asides = [m.span() for m in _RELATIVE_ASIDE.finditer(clause)
                  if not m.start() <= amount.start < m.end()]
        hits = [h for h in hits if not any(a <= h[3].start() < b for a, b in asides)] or hits
    local = [p for p in places if c_start <= p.start < c_start + len(clause)]
    local = [Place(p.code, p.start - c_start, p.end - c_start, p.text) for p in local]
    if not hits:
        after = [p for p in local if p.start >= amount.end and p.code not in _NOT_DESTINATIONS]
        if after and _INTO_PLACE.match(clause[amount.end:after[0].start]) \
                and not _DIGIT.search(clause[amount.end:after[0].start]):
            if _lumped(clause, after):  # "8.4 million times to Kazakhstan, Armenia, ..."
                evidence["metric"] = "to several places"
                return "departed", None
            evidence["metric"] = evidence["destination"] = after[0].text
            return "arrived", after[0].code  # "10,000 a day into Georgia"
        return None, None
    hits = [_left_again(clause, h, local) for h in hits]
    hits.sort(key=lambda h: (h[0], h[1]))
    # "moved on" / "applied" win over plain movement, unless a movement word sits between
    # the number and them ("16,886 arrived, many of them in transit").
    chosen = next((h for h in hits if h[2] in _PRIORITY and not any(
        m[2] in ("arrived", "departed") and m[0] < h[0] and _same_side(m[3], h[3], amount)
        and not _RELATIVE.search(clause, 0, m[3].start()) for m in hits)), None)
    if chosen is not None and chosen[3].end() <= amount.start:
        # "Montenegro registered almost 120,000 entries", "the entry of 119,619 citizens
        # was registered": the verb records the count, the noun says what is counted
        head = next((h for h in hits if h[2] in ("arrived", "departed")
                     and _HEAD_NOUN_GAP.fullmatch(clause, amount.end, h[3].start())), None)
        if head is not None:
            chosen = head
    elif chosen is not None and chosen[2] == "registered":
        # "the entry of 119,619 citizens ... was registered": the noun before the count
        head = next((h for h in hits if h[2] in ("arrived", "departed")
                     and _NOUN_OF_GAP.fullmatch(clause, h[3].end(), amount.start)), None)
        if head is not None:
            chosen = head
    if chosen is None:
        near_call = [h for h in hits if h[2] == "called_up" and h[0] <= _CALLED_UP_WINDOW]
        movement = [h for h in hits if h[2] in ("arrived", "departed")]
        if near_call and (not movement or near_call[0][0] <= movement[0][0]):
            chosen = near_call[0]
        elif movement:
            chosen = movement[0]
        else:
            return None, None
    _, _, metric, match = chosen
    evidence["metric"] = match.group(0)
    side_clause = _SIDE_CLAUSE.search(clause, amount.end)
    destinations = [p for p in local if p.code not in _NOT_DESTINATIONS
                    and not _TRANSIT_BEFORE.search(clause, max(0, p.start - 12), p.start)
                    # "entered the country since September 19, when the Baltic states and
                    # Poland barred ...": a clause of its own after the count
                    and not (side_clause is not None and p.start > side_clause.start())]
    if metric in ("moved_on", "returned") and match.group(0).lower() in _LEAVE_VERBS:
        later = [p for p in destinations if p.start >= match.end()]
        if later and _LEFT_PLACE.match(clause[match.end():later[0].start]):
            evidence["destination"] = later[0].text
            return metric, later[0].code
        return metric, None
    if metric == "called_up":
        return metric, None
    if metric == "departed":
        # "left Kazakhstan" -> moved_on; "fled to Georgia" -> arrived; else a total.
        later = [p for p in destinations if p.start >= match.end()]
        if later:
            gap = clause[match.end():later[0].start]
            if _LEFT_FROM.match(gap):  # "5,935 Russians emigrated from Georgia"
                evidence["destination"] = later[0].text
                if _BACK_TO_ORIGIN.match(clause[later[0].end:]):
                    return "returned", later[0].code  # "departed from Finland to Russia"
                return "moved_on", later[0].code
            if _LEFT_PLACE.match(gap) and match.group(0).lower() in _LEAVE_VERBS:
                evidence["destination"] = later[0].text
                return "moved_on", later[0].code
            if _LEAVE_TO.search(gap) and not _lumped(clause, later):
                evidence["destination"] = later[0].text
                return "arrived", later[0].code
        earlier = [p for p in destinations if p.end <= amount.start]
        if (match.group(0).lower() in _TRIP_NOUNS and len({p.code for p in destinations}) == 1
                and earlier and _PLACE_WITH.match(clause[earlier[-1].end:amount.start])):
            # "Turkey with almost 2.1 million departures": trips to that place
            evidence["destination"] = earlier[-1].text
            return "arrived", earlier[-1].code
        return "departed", None
    if metric == "arrived":
        # "43,685 came from Russia ..., 2,000 from Belarus": where people came from is no
        # place they arrived in
        destinations = [p for p in destinations
                        if not _FROM_BEFORE.search(clause, max(0, p.start - 10), p.start)]
    place = _pick_place(clause, destinations, amount, match)
    if metric == "moved_on" and place is not None and place.start >= match.end():
        return metric, None  # "moved on to Armenia": the place they went next, not left
    if place is None:
        if metric == "arrived" and len({p.code for p in destinations}) > 1:
            return "departed", None
        return metric, None
    if metric == "arrived" and _lumped(clause, [p for p in destinations if p.start >= place.start]):
        return "departed", None
    if metric == "arrived" and place.end <= amount.start and any(
            _lumped(clause, [p for p in destinations if p.start >= first.start])
            for first in destinations if first.start < place.start):
        # "Figures from Kazakhstan, Georgia, Finland and Mongolia alone account for more
        # than 320,000 Russian entries": the last of a list is the list
        return "departed", None
    evidence["destination"] = place.text
    return metric, place.code


# What may stand between a number and the verb it is the subject of: a few words of its
# noun phrase ("9,642 Russian citizens enter"), no joint that starts another phrase
# (used with `match(text, pos, endpos)`, which anchors at `pos` where "^" would not).
_SUBJECT_GAP = re.compile(r"\s+(?:(?!(?:and|or|but|while|whereas|with|of|than|against|"
                          r"versus|from|to|by)\b)[A-Za-z'’-]+\s+){0,3}$", re.IGNORECASE)


def _subject_of(clause: str, match: re.Match[str], amount: Amount,
                others: list[tuple[int, int]]) -> bool | None:
    """True when `amount` is the subject of the keyword `match` ("9,642 Russians enter"),
    False when another number of the clause is, None when neither reads so: a verb right
    after a number's noun phrase is that number's, however near the next number is."""
    spans = others + [(amount.start, amount.end)]
    before = [(a, b) for a, b in spans if b <= match.start()]
    if not before:
        return None
    a, b = max(before, key=lambda span: span[1])
    if not _SUBJECT_GAP.match(clause, b, match.start()):
        return None
    return (a, b) == (amount.start, amount.end)


_LEAVE_VERBS = frozenset({"left", "leave", "leaving", "leaves", "departed", "exited", "depart",
                          "departs", "departing", "emigrated", "emigrating",
                          "left the country", "went out"})
_TRIP_NOUNS = frozenset({"departures", "trips"})
# "Turkey with almost 2.1 million departures"; "Turkey, still a holiday destination,
# received almost 2.1 million trips".
_PLACE_WITH = re.compile(r"^(?:['’]s)?(?:,[^,\d]{1,60},)?(?:\s+[\w-]+){0,3}?\s+(?:with|received|"
                         r"recorded|saw|registered|counted|logged|accounted\s+for)\s+"
                         r"(?:[\w-]+\s+){0,3}?$",
                         re.IGNORECASE)
_LEAVE_NOUNS = frozenset({"departures", "exits", "exit", "outflow"})


def _keyword_hits(clause: str, cache: dict[str, list[tuple[str, re.Match[str]]]]
                  ) -> list[tuple[str, re.Match[str]]]:
    """Every metric keyword of a clause that is not part of a name or negated: computed
    once per clause and shared by the clause's numbers."""
    found = cache.get(clause)
    if found is not None:
        return found
    lex = lexicon()
    found = []
    held: list[re.Match[str]] = []  # papers the people hold ("Russians with residence permits")
    attributions = [m.span() for m in lex.introducers.finditer(clause)]
    for name, pattern in lex.metrics.items():
        for match in pattern.finditer(clause):
            if _in_name(clause, match):
                continue  # "Social Protection Minister", "Border Protection": a name
            if any(a <= match.start() < b for a, b in attributions):
                continue  # "a report obtained by The Jerusalem Post": who, not what
            if name == "returned" and _BACK_AND_FORTH.match(clause, match.end()):
                continue  # "people go back and forth": trips, not a return
            if name == "arrived" and _COME_WITH.match(clause, match.end()):
                continue  # "at least came with a method attached": no movement
            if name == "registered" and _AS_MOVEMENT.match(clause, match.end()):
                continue  # "were registered as entering Serbia": entries counted
            if name == "registered" and _NATIONALITY_BEFORE.search(
                    clause, max(0, match.start() - 12), match.start()):
                continue  # "held Russian passports": their nationality, not papers issued
            if _NEGATED.search(clause, max(0, match.start() - 12), match.start()):
                continue  # "had left Russia in 2022 and not come back"
            if name == "called_up" and _PERIOD_HEAD.search(
                    clause, max(0, match.start() - 45), match.start()):
                continue  # "in the two weeks since the call-up": a date, not a call-up
            if name == "registered" and _HOLDING.search(
                    clause, max(0, match.start() - 40), match.start()):
                held.append(match)
            found.append((name, match))
    if held and any(name not in ("registered", "called_up") for name, _ in found):
        # "3,800 Russians with residence permits ... entered Estonia": who they are, the
        # verb says what is counted
        found = [(name, match) for name, match in found if match not in held]
    cache[clause] = found
    return found


_HOLDING = re.compile(r"\b(?:with|holding|who\s+(?:hold|held|have|had))\s+(?:[\w-]+\s+){0,3}$",
                      re.IGNORECASE)
_COME_WITH = re.compile(r"\s+with\b", re.IGNORECASE)
_BACK_AND_FORTH = re.compile(r"\s+and\s+forth\b|(?<=back)\s+and\s+forth\b", re.IGNORECASE)
_AS_MOVEMENT = re.compile(r"\s+as\s+(?:entering|arriving|crossing|leaving|departing|exiting)\b",
                          re.IGNORECASE)


def _own_segment(clause: str, amount: Amount, others: list[tuple[int, int]]) -> str:
    """The part of the clause between the numbers next to `amount`: "6,500 had landed in
    Israel ... and that 135 had been refused entry" refuses only the 135."""
    start = max((b for _, b in others if b <= amount.start), default=0)
    end = min((a for a, _ in others if a >= amount.end), default=len(clause))
    return clause[start:end]


def _refused(clause: str, metric: str | None) -> bool:
    """A refusal, a stock at the front ...; for a call-up, its own wording is no refusal."""
    lex = lexicon()
    for match in lex.refused.finditer(clause):
        if metric == "called_up" and lex.call_up_done.fullmatch(match.group(0)):
            continue
        return True
    return False
_BACK_TO_ORIGIN = re.compile(r"^\s*(?:for|to|back\s+to|into)\s+Russia\b")
_AGAIN = re.compile(r"^(?:\s+[\w-]+){0,3}?\s+again\b", re.IGNORECASE)


def _left_again(clause: str, hit: tuple[int, int, str, re.Match[str]],
                places: list[Place]) -> tuple[int, int, str, re.Match[str]]:
    """ "left Kazakhstan" and "left the country again" count as moving on."""
    distance, _, name, match = hit
    if name != "departed" or match.group(0).lower() not in _LEAVE_VERBS:
        return hit
    tail = clause[match.end():]
    if _AGAIN.match(tail):
        return (distance, _rank("moved_on"), "moved_on", match)
    later = [p for p in places if p.start >= match.end() and p.code not in _NOT_DESTINATIONS]
    if later and _LEFT_PLACE.match(clause[match.end():later[0].start]):
        if _BACK_TO_ORIGIN.match(clause[later[0].end:]):  # "left Finland for Russia"
            return (distance, _rank("returned"), "returned", match)
        return (distance, _rank("moved_on"), "moved_on", match)
    return hit


_RATE = re.compile(r"\b(?:a|per|each|every)\s+(?:day|week)\b|\b(?:daily|weekly)\b",
                   re.IGNORECASE)
_PERIOD_HEAD = re.compile(r"\b(?:(?:since|after|before|until)\s+(?:the\s+|Putin's\s+|Russia's\s+)?"
                          r"(?:[\w'’-]+\s+){0,3}|(?:announced|declared)\s+(?:the|a)\s+(?:partial\s+)?)$",
                          re.IGNORECASE)
_NATIONALITY_BEFORE = re.compile(r"\bRussian\s+$")
_NEGATED = re.compile(r"(?:\bnot|\bnever|n't)\s+$", re.IGNORECASE)
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+(?:of\s+(?:the\s+)?)?$")  # "Law of Return"
_CAPITAL_AFTER = re.compile(r"^\s+[A-Z]")


def _in_name(clause: str, match: re.Match[str]) -> bool:
    """A capitalised keyword next to another capitalised word is part of a name."""
    if not match.group(0)[:1].isupper():
        return False
    head = clause[:match.start()]
    if head.strip() and _CAPITAL_BEFORE.search(head) and not head.rstrip().endswith(
            (".", ":", "–", "—")):
        return True
    return bool(_CAPITAL_AFTER.match(clause[match.end():]))


# A movement word in a relative clause or naming the whole of a breakdown ("of the new
# arrivals") does not describe the number itself.
_RELATIVE = re.compile(r"\b(?:(?:who|that|which)\s+(?:had\s+|have\s+|has\s+)?|"
                       r"of\s+(?:the|these|those)\s+(?:[\w-]+\s+)?)$", re.IGNORECASE)


def _same_side(near: re.Match[str], far: re.Match[str], amount: Amount) -> bool:
    """Both keywords lie after the number, or both before it."""
    return (near.start() >= amount.end) == (far.start() >= amount.end)


def _rank(name: str) -> int:
    order = ("moved_on", "registered", "returned", "called_up", "arrived", "departed")
    return order.index(name)


# "..., bringing the community close to Turkey's": a remark on the figure; its places
# are not where the people went.
_PLACE_REMARK = re.compile(r",\s+(?:bringing|making|taking|pushing|raising|putting)\b",
                           re.IGNORECASE)
# "43,685 came from Russia, 2,123 from Belarus": where people came from.
_ORIGIN_HEAD = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
# "arriving at the Ak-Zhol crossing on the Kazakh border": where the crossing lies, the
# neighbour across it, not where the people went
_BORDER_SIDE = re.compile(r"\s+border\b(?!\s+(?:guard|service|police|agency|force))",
                          re.IGNORECASE)
# "Kazakhstan, whose interior ministry said": the name before ", whose"; "His own estimate
# is": the speaker named before.
_OWNER_WORD = re.compile(r"(?P<word>whose|his\s+own|her\s+own|their\s+own)\b", re.IGNORECASE)
_WHOSE_NAME = re.compile(r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s+whose$")


def _owner_of(owner: re.Match[str], source: str, sentence: Sentence,
              state: _State) -> tuple[str | None, str]:
    """The source with its possessive word replaced by whom it points to, or None."""
    if owner.group("word").lower() == "whose":
        where = sentence.text.find(source)
        named = _WHOSE_NAME.search(sentence.text, 0, where + len(owner.group(0))) \
            if where >= 0 else None
        if named is None:
            return None, "none"
        return f"{named.group('name')}'s{source[owner.end():]}", "named"
    speaker = _last_speaker(state, sentence.index)
    return speaker, "pronoun" if speaker else "none"


# "Kazakhstan counted 200,000 arrivals, Georgia 69,000": a place right before a number
# opens the next item of a gapped list
_ITEM_NUMBER = re.compile(r"\s+(?:(?:about|some|around|roughly|nearly|almost|more\s+than|over|"
                          r"up\s+to)\s+)?\d", re.IGNORECASE)
_RUNNING_TOTAL = re.compile(r"\b(?:taking|bringing|pushing|as)\s+(?:the\s+)?total\b",
                            re.IGNORECASE)
_ON_THE = re.compile(r"\bon\s+the\s+$", re.IGNORECASE)


def _on_border(text: str, place: Place) -> bool:
    """ "on the Kazakh border": the place names a border's far side, not a destination."""
    return bool(_ON_THE.search(text, max(0, place.start - 8), place.start)
                and _BORDER_SIDE.match(text, place.end))
_NEW_ITEM = re.compile(r"(?:,|;|\band)\s+(?:the\s+)?$")


def _pick_place(clause: str, places: list[Place], amount: Amount,
                verb: re.Match[str]) -> Place | None:
    """The first place after the verb or number, else the nearest before."""
    anchor = min(verb.end(), amount.end)
    # "... recorded 200,000 arrivals, Georgia's ministry roughly 69,000": a possessive
    # place after a break opens the next item of a list, it is not where these went.
    remark = _PLACE_REMARK.search(clause, anchor)
    stop = remark.start() if remark else len(clause)
    later = [p for p in places if anchor <= p.start < stop and not (
        p.text.endswith(("'s", "’s")) and _NEW_ITEM.search(clause, anchor, p.start))
        and not _ORIGIN_HEAD.search(clause, max(0, p.start - 6), p.start)
        and not _on_border(clause, p) and not _ITEM_NUMBER.match(clause, p.end)]
    if later:
        return later[0]
    earlier = [p for p in places if p.start < anchor]
    return earlier[-1] if earlier else None


def _lumped(clause: str, places: list[Place]) -> bool:
    """Several places listed together ("Georgia, Kazakhstan and Finland")."""
    if len(places) < 2 or places[0].code == places[1].code:
        return False
    if places[1].text.endswith(("'s", "’s")):
        return False  # "at Upper Lars, Finland's border guard ...": a new subject
    joint = clause[places[0].end:places[1].start]
    if not _LIST_JOINT.match(joint):
        return False
    if joint.strip() == ",":
        # "2 lakh Russians enter Kazakhstan, Georgia sees 10,000 daily": two places with
        # a bare comma are two clauses; a list goes on ("Georgia, Armenia and Finland")
        return len(places) > 2 and bool(_LIST_JOINT.match(clause[places[1].end:places[2].start]))
    return True
