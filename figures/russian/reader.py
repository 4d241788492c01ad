"""From Russian article text to mentions (figures.extract.Mention), one per figure-like
number; figures.merge then folds them into rows exactly as for English.

The reader walks sentences in order and keeps what a reader keeps: the last named speaker
(for «по его словам», «отметил министр»), the paragraph's attribution, the places named
so far. All words come from ru.toml through figures.russian.lexicon.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from figures.extract import MIN_FIGURE, Mention
from figures.russian.lexicon import RuLexicon, Words, ru_lexicon, words, words_pattern
from figures.russian.numbers import RuAmount, read_amounts
from figures.russian.places import RuPlace, find_places, is_locative, name_table
from figures.sentences import Sentence

__all__ = ["mentions"]

_NOT_DESTINATIONS = frozenset({"RU", "UA"})  # the origin, and the war's other country
_SITE_TLD = {"kz": "KZ", "ge": "GE", "fi": "FI", "mn": "MN", "am": "AM", "kg": "KG", "rs": "RS",
             "tr": "TR", "ae": "AE", "il": "IL", "uz": "UZ", "ee": "EE", "lv": "LV"}
_LEFT_WINDOW = 30  # characters before a number searched for a hedge or a unit sign
_RIGHT_WINDOW = 40  # after it, for a unit: «2 500 автотранспортных средств»
_CHANGE_WINDOW = 30  # «вырос вдвое, до 10 тысяч»: a verb of change this close before «до»
_BACK_WORDS = 10  # «Об этом на брифинге в среду сообщил X»: at most this many words before
_WEEK_SPAN = 6  # «с 19 по 25 сентября»: a stated week, first to last day
_SUBJECT_WORDS = 12  # a subject longer than this is a clause, not a name
_QUARTER_REACH = 40  # a quarter named this far before a number's lead-in is its period
_STOCK_WORDS = 3  # «40 тысяч граждан России проживают»: a stock verb this close after
_MOBILISATION_LAG = 1  # a stated week starting this many days after the announcement
# is still the first week since the mobilisation (a cumulative count, not a week's)
_DATELINE_LAG = 2  # days a report's stated period may end after its publication date

# Sentence ends: a full stop (or ?!…), then a capital, digit or opening quote (checked in
# `split_sentences`). A single capital before the dot is an initial, not an end.
_BOUNDARY = re.compile(r"(?<=[.!?…])[»\"”)]*\s+[«\"(\[]?(?=\w)")
_INITIAL = re.compile(r"(?<![\w])\w\.$")
_DASH_BEFORE = re.compile(r"(?:^|\s)[—–]\s+[^\s]*\s*$")
_YEAR_BEFORE_MOBILISATION = re.compile(r"(?<!\d)(19\d\d|20[01]\d|202[01])(?!\d)")
_QUOTE_CLOSE_ATTRIBUTION = re.compile(r"[»\"]\s*,?\s*[—–-]\s*")
# A live blog's time stamp («09:20 Пограничная служба КНБ: ...») is no part of the head.
_COLON_HEAD = re.compile(r"^(?:\d{1,2}:\d{2}\s+)?([^:\d«»,]{2,70}?):\s")
# A short name in brackets right after a body's full name: «(Грузстат)», «(ГПС)».
_SHORT_NAME = re.compile(r"\s*\((?-i:[A-ZА-ЯЁ])[\w.-]{1,20}\)")
_SPACED_DASH = re.compile(r"\s[—–]\s")
# A headline's source after a spaced dash at its end: «... с начала мобилизации — «Новая
# газета Европа»», «... — Forbes».
_DASH_SOURCE = re.compile(r"\s[—–]\s+(«[^«»]+»|[A-ZА-ЯЁ][^\s\d]*(?:\s+[^\s\d]+){0,3})[.!]?$")
_WEEK_FROM_MOBILISATION = "a week counted from the mobilisation"
_QUOTED_PRONOUN = re.compile(r"\s+(?:его|её|ее|их)(?![\w])", re.IGNORECASE)
_SHARE = re.compile(r"\d\s*%")
_LIST_PART = re.compile(r"\s*[—–]\s")  # «более 500 — женщины и дети»: a part named after it
_CONTINUES = "continues the previous figure"
_BULLET = re.compile(r"^[•·●▪◦*-]\s*")
_DIALOGUE = re.compile(r"^[—–]\s")
_ELLIPSIS_HEAD = re.compile(r"^[\w-]+\s*[—–]\s")  # «Выехали — 5 тыс. 100»: the verb, a dash
# A source in brackets closing a sentence or list item: «... с 21 сентября (МВД Казахстана);»
_PAREN_SOURCE = re.compile(r"\(([^()\d]{2,60})\)\s*[;.,]?\s*$")
# The capitalised or quoted words right before a point: «Во вторник Forbes| со ссылкой на»
_NAME_BEFORE = re.compile(r"(?:«[^«»]+»|[A-ZА-ЯЁ][\w.:-]*)(?:\s+(?:«[^«»]+»|[A-ZА-ЯЁ][\w.:-]*))*"
                          r"\s*$")


@dataclass
class _Source:
    text: str | None
    kind: str  # named, pronoun, carried, vague, none


@dataclass
class _State:
    published: date | None
    text: str
    offset: int
    article_place: str | None
    found: list[Mention] = field(default_factory=list)
    last_speaker: str | None = None
    paragraph: int = -1
    paragraph_source: _Source | None = None
    paragraph_places: list[str] = field(default_factory=list)  # non-RU codes, in order
    paragraph_named: list[RuPlace] = field(default_factory=list)  # every place, Russia too
    mention_sentence: dict[int, int] = field(default_factory=dict)  # order -> sentence
    mention_paragraph: dict[int, int] = field(default_factory=dict)  # order -> paragraph
    only_country: str | None = None  # the one foreign country an article names, if one
    dateline: str | None = None  # «БИШКЕК.»: the foreign country the report is filed from
    last_crossing: str | None = None  # the country of the border post named last
    paragraph_nationality: str | None = None  # «граждан Узбекистана»: the last one named
    table_source: int | None = None  # the column of a pipe table that names the source
    table_metric: tuple[int, str, str] | None = None  # a column whose header is a verb
    table_period: int | None = None  # the column with each row's period
    interviewee: str | None = None  # an interview's guest, the source of the answers
    answers: frozenset[int] = frozenset()  # paragraphs that answer an interview question
    bullet_model: Mention | None = None  # the figure of the list item before this one
    all_origins: set[tuple[object, ...]] = field(default_factory=set)  # totals, not rows
    issuer: str | None = None  # the body that issued a press release, its default source
    third_countries: bool = False  # the article is about migrants from third countries
    # What the last heading question asked («Сколько человек уехали?»): metric, place
    question: tuple[str, str | None] | None = None
    paragraph_text: str = ""  # the paragraph's sentences read so far


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets; a line break always ends a paragraph."""
    out: list[Sentence] = []
    paragraph = 0
    # The abbreviation patterns end with «.$» and hold fixed-length words: a match lies
    # within this many characters of the end, so only that tail is searched (the
    # word-start lookbehind still sees the character before it).
    lex = ru_lexicon()
    reach = max(map(len, lex.raw["sentences"]["abbreviations"]
                    + lex.raw["sentences"]["scale_abbreviations"])) + 1
    for block in re.finditer(r"[^\n]+", text):
        if not block.group(0).strip():
            continue
        cursor = 0
        body = block.group(0)
        for m in _BOUNDARY.finditer(body):
            following = body[m.end()]
            if not (following.isupper() or following.isdigit()):
                continue
            head = body[:m.start()].rstrip("»\"”)")
            tail = max(0, len(head) - reach)
            initial = _INITIAL.search(head, max(0, len(head) - 2))
            # «1 млн. Экономист ...»: a scale's dot ends the sentence before a word in
            # lowercase after its capital, or before a one-letter word («... 66 тыс. В
            # Монголию ...»: a preposition, not an initial); «5 тыс. ИИН» goes on.
            scale_end = (lex.scale_abbreviation.search(head, tail) is not None
                         and (body[m.end() + 1:m.end() + 2].islower()
                              or body[m.end() + 1:m.end() + 2].isspace()))
            if (initial and head[-2].isupper()) or (lex.abbreviation.search(head, tail)
                                                    and not scale_end):
                continue  # «В. Путин», «5 тыс. ИИН»
            _add(out, body, cursor, m.start(), block.start(), paragraph)
            cursor = m.start() + len(m.group(0).rstrip("«\"(["))
        _add(out, body, cursor, len(body), block.start(), paragraph)
        paragraph += 1
    return out


def _add(out: list[Sentence], block: str, a: int, b: int, offset: int, paragraph: int) -> None:
    piece = block[a:b]
    stripped = piece.strip()
    if stripped:
        begin = offset + a + len(piece) - len(piece.lstrip())
        out.append(Sentence(stripped, begin, begin + len(stripped), paragraph, len(out)))


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, cursor = [], 0
    for m in ru_lexicon().clause.finditer(text):
        bounds.append((cursor, m.start()))
        cursor = m.start()
    bounds.append((cursor, len(text)))
    return [(a, b) for a, b in bounds if b > a]


def mentions(text: str, published: date | None, title: str | None = None,
             site: str | None = None) -> list[Mention]:
    """Every number in `text` (and `title`) that reads as a figure about the exodus."""
    full, offset = text, 0
    if title and title.strip():
        full = title.strip() + "\n\n" + text
        offset = len(title.strip()) + 2
    lex = ru_lexicon()
    if not lex.russians.search(full) and lex.other_people.search(full):
        return []  # never Russia or Russians, but refugees from Ukraine: other people
    sentences = split_sentences(full)
    places = find_places(full)
    state = _State(published, full, offset, _article_place(places, site))
    state.answers = _answers(sentences)
    foreign = {p.code for p in places if p.code not in _NOT_DESTINATIONS and p.code != "EU"}
    state.only_country = foreign.pop() if len(foreign) == 1 else None
    state.dateline = _dateline(sentences)
    intro = lex.interview.search(full)
    if intro:
        # «с демографом Анной Смирновой о релокации»: up to the last capitalised word
        words = _clean_name(_after_introducer(full, intro.end())).split()
        named = [i for i, w in enumerate(words) if w[:1].isupper()]
        state.interviewee = " ".join(words[:named[-1] + 1]) if named else None
    state.issuer = _issuer(sentences, lex)
    state.third_countries = lex.third_countries.search(full) is not None
    for sentence in sentences:
        if sentence.paragraph != state.paragraph:
            state.paragraph = sentence.paragraph
            state.paragraph_source = None
            state.paragraph_places = []
            state.paragraph_named = []
            state.paragraph_nationality = None
            state.paragraph_text = ""
        local = [replace(p, start=p.start - sentence.start, end=p.end - sentence.start)
                 for p in places if sentence.start <= p.start < sentence.end]
        _read_sentence(sentence, sentences, local, state, title is not None)
        state.paragraph_text += sentence.text + " "
        # «транзитом через Казахстан»: a place passed through is not the country in view
        state.paragraph_places += [p.code for p in local if p.code not in _NOT_DESTINATIONS
                                   and not lex.transit.search(sentence.text,
                                                              max(0, p.start - 25), p.start)]
        for p in local:
            noun = lex.crossing_nouns.search(sentence.text, max(0, p.start - 25), p.start)
            if (noun is not None and p.code not in _NOT_DESTINATIONS
                    and not sentence.text[noun.end():p.start].strip(" «\"")):
                state.last_crossing = p.code  # «пункт пропуска «Верхний Ларс»»
        state.paragraph_named += local
        nationalities = [p.code for p in local if p.preposition in lex.nationality]
        if nationalities:
            state.paragraph_nationality = nationalities[-1]
    # «за неделю после мобилизации» in a headline over a body's «с 19 по 25 сентября»: the
    # same number read for one stated week is that week's count.
    weekly = {(m.metric, m.destination, m.low, m.high) for m in state.found if m.per == "week"}
    found = [replace(m, per="week", since=None)
             if m.evidence.get("per") == _WEEK_FROM_MOBILISATION
             and (m.metric, m.destination, m.low, m.high) in weekly else m
             for m in state.found]
    return [m for m in found
            if (m.metric, m.destination, m.low, m.high) not in state.all_origins]


_HEAD_PARAGRAPHS = 3  # a press release says so within its first paragraphs
# «БИШКЕК. ...», «ЕРЕВАН, 19 октября. ...»: a city in capitals opening a report
_DATELINE = re.compile(r"^(?-i:[А-ЯЁ][А-ЯЁ-]{2,})(?=[.,](?:\s|$))")


def _dateline(sentences: list[Sentence]) -> str | None:
    """The foreign country of a report's dateline city («БИШКЕК.» is KG): the country
    «республика», «страна» stand for when its paragraph names none. Russia is no foreign
    country: «МОСКВА.» gives None."""
    table = name_table()
    for s in sentences:
        if s.paragraph >= _HEAD_PARAGRAPHS:
            break
        m = _DATELINE.match(s.text)
        if m:
            name = "-".join(part.capitalize() for part in m.group(0).split("-"))
            code = table.get(name)
            return code if code not in _NOT_DESTINATIONS else None
    return None
_ISSUER_WORDS = 12  # an issuer's name is a heading line, not a sentence


def _issuer(sentences: list[Sentence], lex: RuLexicon) -> str | None:
    """«Пограничная охрана Финляндии / Пресс-релиз 26.09.2022»: the heading line above the
    word «пресс-релиз» names the body whose statement the whole document is."""
    head = [s for s in sentences if s.paragraph < _HEAD_PARAGRAPHS]
    for s in head:
        if lex.press_release.match(s.text) and s.paragraph > 0:
            first = head[0].text
            if len(first.split()) <= _ISSUER_WORDS and not any(ch.isdigit() for ch in first) \
                    and not first.endswith("."):
                return _clean_name(first)
    return None


def _answers(sentences: list[Sentence]) -> frozenset[int]:
    """Paragraphs of an interview that answer a question: they open with a dash right
    after a paragraph that opens with a dash and ends with «?»."""
    first: dict[int, Sentence] = {}
    last: dict[int, Sentence] = {}
    for s in sentences:
        first.setdefault(s.paragraph, s)
        last[s.paragraph] = s
    out = set()
    for paragraph, opening in first.items():
        before = paragraph - 1
        if (_DIALOGUE.match(opening.text) and before in first
                and _DIALOGUE.match(first[before].text) and last[before].text.endswith("?")):
            out.add(paragraph)
    return frozenset(out)


def _article_place(places: list[RuPlace], site: str | None) -> str | None:
    """The country most named in the article: the place of «в страну» with none nearer."""
    counts = Counter(p.code for p in places if p.code not in _NOT_DESTINATIONS
                     and p.code != "EU")
    if counts:
        return counts.most_common(1)[0][0]
    if site:
        return _SITE_TLD.get(site.lower().rstrip("/").rsplit(".", 1)[-1])
    return None


# ---------------------------------------------------------------------------- sources


def _clean_name(text: str) -> str:
    name = text.strip(" ,.;:—–-«»\"()").strip()
    if "(" in name and text.rstrip(" ,.;:").endswith(")"):
        name += ")"  # «... статистики (Грузстат)»: the short name's bracket closes it
    return re.sub(r"^[^\w«\"]+", "", name)  # «⚡️ Пограничная служба»: no pictograms


def _judge(text: str, lex: RuLexicon, state: _State) -> _Source:
    """A named source, a pronoun or anaphor resolved to the last speaker, or vague."""
    name = _clean_name(text)
    if not name:
        return _Source(None, "none")
    words = name.split()
    first = words[0].lower()
    if _extra()["relative_heads"].fullmatch(first):
        return _Source(None, "vague")  # «цифру, согласно которой ...»: the report itself
    if first in lex.pronouns and len(words) <= 2:
        return _Source(state.last_speaker, "pronoun" if state.last_speaker else "none")
    if lex.vague.search(name) and not lex.not_vague.search(name):
        return _Source(None, "vague")  # «ряд СМИ», but «местные СМИ» are kept
    if len(words) > _SUBJECT_WORDS or name.lower() in lex.not_sources:
        return _Source(None, "none")
    if any(a.scaled or a.high >= MIN_FIGURE for a in read_amounts(name)):
        return _Source(None, "none")  # «Данные: в Казахстан въехали 100 тысяч»: no name
    rest = [w for w in _strip_places(name).split()
            if w.lower() not in lex.to_preps | lex.from_preps]
    if not rest:
        return _Source(None, "none")  # «в Казахстан»: a place is no source
    # «ведомства», «министр», «собеседник издания»: a noun standing for the last speaker
    # (a capitalised word after it names someone new: «источник в ФСБ»).
    # A pointer noun with words of its own is someone new unless those words point back
    # too: «собеседник издания» is the outlet's source, «представитель аэропорта» and
    # «источник в министерстве» are new, anonymous but specific sources.
    complement = [w.lower() for w in words[1:]
                  if w.lower() not in lex.to_preps | lex.from_preps]
    anaphor = ((name.lower() in lex.anaphors or (
        first in lex.anaphors and all(w in lex.anaphors for w in complement)))
        and not any(w[:1].isupper() for w in words[1:])) or name.lower() in lex.anaphors_alone
    if anaphor and state.last_speaker:
        return _Source(state.last_speaker, "pronoun")
    return _Source(name, "named")


def _after_introducer(sentence: str, end: int) -> str:
    rest = sentence[end:]
    cut = re.search(r",|\.\s|[;:»(]|\s[—–]\s|$", rest)
    found = rest[:cut.start()] if cut else rest
    short = _SHORT_NAME.match(rest, cut.start()) if cut else None
    if short:
        found = found.rstrip() + " " + short.group(0).strip()  # «... службы статистики (Грузстат)»
    lex = ru_lexicon()
    verb = lex.speech_verbs.search(found)  # «источник в ФСБ| издание сообщило»
    if verb and verb.start() > 0:
        found = found[:verb.start()]
    found = lex.adverb_lead.sub("", found)  # «Как сообщал ранее глава МВД ...»
    return lex.date_tail.sub("", found)  # «указу президента от 21 сентября»


def _subject_before(sentence: str, verb_start: int) -> str:
    head = sentence[:verb_start]
    # A colon before a capital is part of a name («Re: Russia»), not a clause joint.
    colons = [m.start() for m in re.finditer(r":\s*(\w?)", head)
              if not m.group(1).isupper()]
    cut = max([head.rfind(ch) for ch in ".;«»—–"] + colons)
    head = head[cut + 1:]
    parts = [p.strip() for p in head.split(",")]
    lex = ru_lexicon()
    if parts and parts[-1] and lex.subordinators.match(parts[-1]):
        return ""  # «X проверил, откуда взялась цифра и что говорят ...»: the verb's
        # subject is inside the subordinate clause, not the name before it
    parts = [p for p in parts if p and not p[0].islower()]
    if not parts:
        return ""
    lead = _time_lead(parts[-1], lex)  # «В конце сентября МВД», «В ноябре президент ...»
    opening = parts[-1][lead:].lstrip()
    subject = lex.subject_lead.sub("", opening, count=1)
    # «В министерстве уточнили»: the capital was the preposition's
    after_preposition = len(subject) < len(opening) and opening[:1].isupper()
    # «4 октября глава МВД Казахстана Марат Ахметжанов сообщил»: after a date a title in
    # lowercase opens the subject; a capitalised name in it makes it one.
    after_date = (_DATE_LEAD.match(parts[-1]) is not None or lead > 0) and any(
        w[:1].isupper() for w in subject.split())
    for m in lex.subject_end.finditer(subject):
        following = subject[m.end()]
        if following.islower() or following.isdigit():
            subject = subject[:m.start()]  # «Путин в декабре 2022 года»: the name ends
            break
    subject = lex.subject_trailing.sub("", subject)  # «Глава МВД также»
    if lex.subordinators.match(subject):
        return ""  # «Если сложить то, что публиковали ...»: a clause, not a name
    if any(a.scaled or a.high >= MIN_FIGURE for a in read_amounts(subject)):
        return ""  # «Вместе это около трети миллиона человек, причём считают ...»
    return subject if subject[:1].isupper() or after_date or after_preposition else ""


def _subject_after(sentence: str, verb_end: int) -> str:
    rest = sentence[verb_end:]
    quoted = re.match(r"^\s*(«[^»]*»)\s*", rest)
    if quoted:
        after = rest[quoted.end():]
        if not after or not after[0].isalpha():
            return quoted.group(1)  # «назвала «Новая газета Европа».»: the quote is the name
        rest = " " + after  # «рассказал «Новой газете» источник»
    # A quoted name («Медиазона») is part of the subject; the sentence's end is not.
    cut = re.search(r"[,;:(]|\.(?:\s|$)|(?<![«\w])»|\s[—–]\s|$", rest)
    found = rest[:cut.start()] if cut else rest
    short = _SHORT_NAME.match(rest, cut.start() - 1) if cut and cut.start() else None
    lex = ru_lexicon()
    found = lex.not_subject.sub(" ", found)
    found = found.strip()
    if short:
        found += " " + short.group(0).strip()  # «... охраны (Frontex)»: its short name
    found = found[_time_lead(found, lex):].lstrip()  # «сообщил во вторник министр ...»
    found = lex.subject_lead.sub("", found, count=1)
    later = _not_subject_inside().search(found)
    if later is not None:
        found = found[:later.start()]  # «сказал Ахметжанов журналистам перед ...»
    for m in lex.subject_end.finditer(found):
        following = found[m.end()]
        if following.islower() or following.isdigit():
            found = found[:m.start()]  # «он на встрече в Кремле»: the subject ends
            break
    return lex.subject_trailing.sub("", found)


@cache
def _not_subject_inside() -> re.Pattern[str]:
    """A `not_subject` word after a subject's first word: where the subject ends."""
    return re.compile(r"(?<=\w)\s+(?:" + words_pattern(
        ru_lexicon().raw["grammar"]["not_subject"]).pattern + r")(?![\w])", re.IGNORECASE)


def _time_lead(text: str, lex: RuLexicon) -> int:
    """The length of a time phrase opening `text` («В конце сентября», «в ноябре», «во
    вторник», «29 сентября»): no part of a name after it; 0 when none."""
    for pattern in (lex.month_part, lex.month, lex.date):
        m = pattern.match(text)
        if m is not None:
            return m.end()
    m = lex.one_day.match(text)
    return m.end() if m is not None else 0


def _participle_aside(before: str, lex: RuLexicon) -> bool:
    """`before` (the text before a verb) ends with an aside between commas that a
    participle opens («..., попросивший не называть его имени,»)."""
    if not before.endswith(","):
        return False
    opening = before.rfind(",", 0, len(before) - 1)
    if opening < 0:
        return False
    words = before[opening + 1:].split()
    return bool(words) and words[0].islower() and words[0].endswith(lex.participle_endings)


def _names_someone(text: str, lex: RuLexicon) -> bool:
    """Words after a verb that can be its subject: a name, a pronoun, a short noun phrase
    («финские пограничники»), not an object clause («свою оценку числа уехавших ...»)."""
    words = _clean_name(text).split()
    if not words:
        return False
    return (any(w[:1].isupper() for w in words) or len(words) <= 4
            or words[0].lower() in lex.pronouns or words[0].lower() in lex.anaphors)


def _sentence_source(text: str, at: int, disputed: bool, lex: RuLexicon,
                     state: _State) -> _Source | None:
    """The attribution of the sentence nearest to position `at`, or None when it has none."""
    vague = lex.vague_introducers.search(text)
    if vague:
        # «по предварительным данным Грузстата»: preliminary, but a named body's
        body = _judge(_after_introducer(text, vague.end()), lex, state)
        if body.kind == "named" and body.text and body.text[:1].isupper():
            return body
        return _Source(None, "vague")
    if lex.pronoun_introducers.search(text) and state.last_speaker:
        return _Source(state.last_speaker, "pronoun")
    for m in lex.via.finditer(text):
        named = _NAME_BEFORE.search(text, 0, m.start())
        if named is None or not named.group(0).strip():
            continue
        # «Накануне «Медуза» со ссылкой на ...»: an adverb opening the sentence is no name
        teller = _judge(lex.adverb_lead.sub("", named.group(0)), lex, state)
        if teller.kind == "vague":
            return teller  # «ряд СМИ со ссылкой на источник»
        if teller.kind == "named" and teller.text:
            behind = _clean_name(_after_introducer(text, m.end()))
            return _Source(f"{teller.text} ({behind})" if behind else teller.text, "named")
    best: tuple[int, _Source] | None = None
    for m in lex.introducers.finditer(text):
        found = _judge(_after_introducer(text, m.end()), lex, state)
        if found.kind != "none" and (best is None or abs(m.start() - at) < best[0]):
            best = (abs(m.start() - at), found)
    for m in lex.report_about.finditer(text):
        found = _judge(m.group("who"), lex, state)
        if found.kind != "none" and best is None:
            best = (abs(m.start() - at), found)
    if best is not None:
        return best[1]
    verbal: tuple[int, _Source] | None = None
    for m in lex.speech_verbs.finditer(text):
        before = text[:m.start()].rstrip()
        negated = before.lower().endswith(" " + lex.negation) or before.lower() == lex.negation
        inverted = (not before or before[-1] in ",—–»:" or negated
                    # «Как ранее заявил X»: a subordinator and adverbs only, the subject
                    # follows
                    or lex.subordinators.fullmatch(
                        lex.subject_trailing.sub("", " " + before).strip()) is not None
                    # «Об этом (журналистам) сообщил X»: the subject follows
                    or (lex.back_attribution.match(before + " ") is not None
                        and len(before.split()) <= _BACK_WORDS and "," not in before))
        if negated:  # «Пограничники не исключают»: the subject is before the «не»
            before = before[:-len(lex.negation)].rstrip()
            inverted = not before or before[-1] in ",—–»:"
        if inverted and _participle_aside(before, lex):
            inverted = False  # «Сотрудник ФСБ, попросивший ..., рассказал»: subject before
        quoted = _QUOTED_PRONOUN.match(text, m.end())
        if (quoted and lex.quoting.fullmatch(text, m.start(), m.end())
                and state.last_speaker):
            # «— цитирует его портал Polisia.kz»: the person quoted speaks; the outlet
            # only carries it
            found = _Source(state.last_speaker, "pronoun")
            if verbal is None or abs(m.start() - at) < verbal[0]:
                verbal = (abs(m.start() - at), found)
            continue
        who = _subject_after(text, m.end()) if inverted else _subject_before(text, m.start())
        if inverted and not _names_someone(who, lex) and before:
            who = _subject_before(text, m.start())  # «X, знакомый с ..., назвал оценку»
        found = _judge(who, lex, state)
        if found.kind == "none":
            continue
        if disputed and found.kind in ("named", "pronoun"):
            if found.kind == "named":
                state.last_speaker = found.text  # «По его словам» next points to them
            continue  # who denies a figure is not its source
        if verbal is None or abs(m.start() - at) < verbal[0]:
            verbal = (abs(m.start() - at), found)
    if verbal is not None:
        return verbal[1]
    bracket = _PAREN_SOURCE.search(text)
    if bracket:
        name = bracket.group(1)
        rest = _strip_places(name).split()
        # «(МВД Казахстана)», «(Frontex)», «(погранслужба Монголии)»; not «(без учёта ...)»
        if rest and (name[:1].isupper() or (len(rest) <= 2 and len(rest) < len(name.split()))):
            return _judge(name, lex, state)
    tail = _DASH_SOURCE.search(text)
    if tail:
        found = _judge(tail.group(1), lex, state)
        if found.kind == "named":
            return found
    head = _COLON_HEAD.match(text)
    # «Израиль — отдельная история: ...»: a head with a spaced dash is a clause, no name
    if head and len(head.group(1).split()) <= 6 and not _SPACED_DASH.search(head.group(1)):
        name = head.group(1).strip()
        only_places = re.sub(r"[\s—–-]+", "", _strip_places(name)) == ""
        # «Но это поездки, а не люди: ...»: a head opening with a joint word is a clause
        joint = re.match(r"^(?:" + lex.clause.pattern + r")", ", " + name + " ")
        # «Это второй результат с начала войны: ...»: a head opening with «это» is a clause
        pointer = lex.back_attribution.match(name + " ") is not None
        if (not only_places and name.lower() not in lex.not_sources and joint is None
                and not pointer):
            return _judge(name, lex, state)
    return None


# «..., власти Грузии — о 53 тыс.»: a name, a spaced dash, a preposition, the number
_ELLIPTICAL_NAME = re.compile(r"^[,;\s]*(?P<name>[^,;:—–\d«»]{2,60}?)\s+[—–]\s+(?:\w{1,2}\s+)?$")


@cache
def _extra() -> dict[str, Words]:
    """Word lists of ru.toml read only here: `not_registered`, `relative_heads`,
    `difference_lead`, `difference_words`, `own_nationals`."""
    raw = ru_lexicon().raw
    nf = raw["not_figures"]
    return {"not_registered": words(raw["metrics"]["not_registered"]),
            "relative_heads": words(raw["attribution"]["relative_heads"]),
            "difference_words": words(nf["difference_words"]),
            "own_nationals": words(nf["own_nationals"]),
            "russian_people": words(raw["places"]["russian_people"])}


@cache
def _difference_lead() -> re.Pattern[str]:
    """«на 23 тысячи», «всего на 4600», «на почти 5 тысяч» ending right before a number."""
    nf = ru_lexicon().raw["not_figures"]
    lead = words_pattern(nf["difference_lead"]).pattern
    return re.compile(r"(?<![\w])" + re.escape(nf["difference_prep"])
                      + r"\s+(?:(?:" + lead + r")\s+)?$", re.IGNORECASE)


@cache
def _from_weekday() -> tuple[re.Pattern[str], dict[str, int]]:
    """«со среды»: a start on a weekday (ru.toml `since.from_weekday`)."""
    since = ru_lexicon().raw["since"]
    days = {k.lower(): int(v) for k, v in since["from_weekday"].items()}
    lead = "|".join(re.escape(w) for w in since["from_weekday_lead"])
    names = "|".join(re.escape(w) for w in sorted(days, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{lead})\s+(?P<day>{names})(?![\w])", re.IGNORECASE), days


def _difference(text: str, amount: RuAmount) -> bool:
    """«превысило число выехавших на 23 тысячи»: a difference between two counts."""
    return (_difference_lead().search(text, 0, amount.start) is not None
            and _difference_lead().search(text[:amount.start]) is not None
            and _extra()["difference_words"].search(text) is not None)


def _own_nationals(text: str, places: list[RuPlace], state: _State, lex: RuLexicon) -> bool:
    """«выехали 26 тысяч граждан страны» in a sentence about another country that names no
    Russians: the country's own people (FIGURES.md: other nationalities are not rows)."""
    m = _extra()["own_nationals"].search(text)
    if m is None or lex.russians.search(text):
        return False
    meant = _country_meant(m.start(), places, state, lex)
    return meant is not None and meant != "RU"


@cache
def _continues_before() -> re.Pattern[str]:
    """«ещё около» ending the words before a number (ru.toml `continues_before`)."""
    return re.compile(r"(?<![\w])(?:" + words_pattern(
        ru_lexicon().raw["metrics"]["continues_before"]).pattern + r")\s+(?:[\w-]+\s+)?$",
        re.IGNORECASE)


@cache
def _total_opening() -> re.Pattern[str]:
    """«Всего ...» opening a sentence: a total (ru.toml `total_opening`)."""
    return re.compile(r"^[\s«\"]*(?:" + words_pattern(
        ru_lexicon().raw["metrics"]["total_opening"]).pattern + ")", re.IGNORECASE)


@cache
def _joint_lead() -> re.Pattern[str]:
    """The joint opening a clause («, а », «; »), removed before reading its subject."""
    joints = words_pattern(ru_lexicon().raw["grammar"]["clause_joints"]).pattern
    return re.compile(rf"^[,;:\s—–]*(?:(?:{joints})\s+)?", re.IGNORECASE)


def _clause_source(text: str, c_start: int, c_end: int, amount: RuAmount,
                   own_span: tuple[int, int], lex: RuLexicon, state: _State) -> _Source | None:
    """A later clause's own attribution, which beats the sentence's: «МВД Казахстана
    сообщало о 200 тыс. ..., власти Грузии — о 53 тыс.» (the subject of a verb left out),
    «По данным Frontex, ... 66 тыс., а пограничники Монголии насчитали ... 3 тыс.» (a verb
    of saying with its subject in the clause)."""
    if own_span[0] > 0 and lex.speech_verbs.search(text, 0, own_span[0]):
        head = _ELLIPTICAL_NAME.match(text[own_span[0]:amount.start])
        if head is not None:
            name = head.group("name")
            first = name.split()[0].lower()
            plain = first not in lex.raw["grammar"]["clause_joints"] and not (
                lex.subordinators.match(name) or lex.since_carry.search(name)
                or lex.continues_opening.match(name))
            found = _judge(name, lex, state) if plain else None
            if found is not None and found.kind == "named":
                return found
    if c_start <= 0 or text[c_start] != ",":
        return None  # only a clause joined by a comma and a joint word («, а ...»)
    body = _joint_lead().sub("", text[c_start:c_end])
    if not body or not lex.speech_verbs.search(body) or lex.introducers.search(body):
        return None
    lowered = body[:1].islower()
    found = _sentence_source(body[:1].upper() + body[1:], 0, False, lex, state)
    if found is None or found.kind != "named" or not found.text:
        return None
    if lowered and found.text[:1] == body[:1].upper():
        found = _Source(body[:1] + found.text[1:], "named")  # its own case back
    return found


def _table_source(text: str, lex: RuLexicon, state: _State) -> _Source | None:
    """A row of a pipe table: the cell under the header «Источник»."""
    if "|" not in text:
        return None
    cells = [c.strip() for c in text.split("|")]
    heads = [i for i, c in enumerate(cells) if c.lower() in lex.table_source]
    if heads:
        state.table_source = heads[0]
        # «Страна | Въехали, чел. | Период | Источник»: the figures' column and their period
        verbs = [(i, hits[0].kind, c) for i, c in enumerate(cells)
                 if (hits := _hits(c, 0, len(c), lex))]
        state.table_metric = verbs[0] if verbs else None
        periods = [i for i, c in enumerate(cells) if c.lower() in lex.table_period]
        state.table_period = periods[0] if periods else None
        return None
    if state.table_source is not None and state.table_source < len(cells):
        name = _clean_name(cells[state.table_source])
        return _Source(name, "named") if name else None
    return None


_TABLE_DAYS = re.compile(r"(\d{1,2})\.(\d{1,2})\s*[–-]\s*(\d{1,2})\.(\d{1,2})")


def _read_table_row(sentence: Sentence, own: _Source | None, lex: RuLexicon,
                    state: _State) -> None:
    """A row of a pipe table under a header with a verb («Въехали, чел.»): the figure in
    that column, the country in the cells before it, the period in the «Период» column
    («21.09–04.10»; a stated week not starting at the mobilisation is a week's count)."""
    assert state.table_metric is not None
    column, kind, header = state.table_metric
    cells = sentence.text.split("|")
    if column >= len(cells):
        return
    cell = cells[column].strip()
    amounts = [a for a in read_amounts(cell) if not a.year_like and a.high >= MIN_FIGURE]
    if not amounts:
        return  # «н/д», the header's rule line
    amount = amounts[0]
    codes = {p.code for c in cells[:column] for p in find_places(c)
             if p.code not in _NOT_DESTINATIONS}
    metric = {"return": "returned", "registered": "registered",
              "called_up": "called_up"}.get(kind, "arrived")
    destination = codes.pop() if len(codes) == 1 else None
    if destination is None and metric == "arrived":
        metric = "departed"  # several countries in one row, or none
    per: str | None = None
    since: date | None = None
    if state.table_period is not None and state.table_period < len(cells):
        days = _TABLE_DAYS.search(cells[state.table_period])
        if days and state.published is not None:
            d1, m1, d2, m2 = (int(g) for g in days.groups())
            try:
                year = state.published.year if m1 <= state.published.month \
                    else state.published.year - 1
                since, last = date(year, m1, d1), date(year, m2, d2)
                if (last - since).days == _WEEK_SPAN and since != lex.mobilisation:
                    per = "week"
            except ValueError:
                since = None
    if cell.startswith(("~", "≈")):
        qualifier = "approx"  # «~69 000»
    elif cell.endswith("+"):
        qualifier = "at_least"  # «7 000+»
    else:
        qualifier = _qualifier(cell, amount, lex)
    source = _source_for(own, state, None)
    mention = Mention(
        metric=metric, destination=destination, low=amount.low, high=amount.high,
        qualifier=qualifier, per=per, since=since, source=source.text,
        source_kind=source.kind, disputed=False, quote=sentence.text,
        quote_start=max(0, sentence.start - state.offset),
        quote_end=max(0, sentence.end - state.offset), order=len(state.found),
        evidence={"metric": f"table column: {header}"})
    state.mention_sentence[mention.order] = sentence.index
    state.mention_paragraph[mention.order] = sentence.paragraph
    state.found.append(mention)


def _strip_places(text: str) -> str:
    out = text
    for p in sorted(find_places(text), key=lambda p: -p.start):
        out = out[:p.start] + out[p.end:]
    return out


def _quote_source(sentences: list[Sentence], sentence: Sentence, lex: RuLexicon,
                  state: _State) -> _Source | None:
    """A sentence inside «...» takes the attribution after the closing quote
    («...», — отметил министр), found later in the same paragraph."""
    opened = sentence.text.startswith("«") or sentence.text.count("«") > sentence.text.count("»")
    if not opened:
        return None
    for later in sentences[sentence.index + 1:sentence.index + 4]:
        if later.paragraph != sentence.paragraph:
            return None
        close = _QUOTE_CLOSE_ATTRIBUTION.search(later.text)
        if close:
            verb = lex.speech_verbs.match(later.text, close.end())
            if verb:
                return _judge(_subject_after(later.text, verb.end()), lex, state)
    return None


def _remember_speaker(found: _Source | None, state: _State) -> None:
    if found is not None and found.text and found.kind in ("named", "pronoun"):
        state.last_speaker = found.text
        state.paragraph_source = found
    elif found is not None and found.kind == "vague":
        state.paragraph_source = found


# ---------------------------------------------------------------------- one sentence


def _read_sentence(sentence: Sentence, sentences: list[Sentence], places: list[RuPlace],
                   state: _State, has_title: bool) -> None:
    lex = ru_lexicon()
    text = sentence.text
    # «эти данные не подтверждают «резкого роста»»: the figures are the evidence, not denied
    disputed = bool(lex.dispute.search(text)) and lex.evidence.search(text) is None
    read = read_amounts(text)
    amounts = [a for a in read if _is_candidate(text, a, lex)]
    before_count = len(state.found)
    own = _table_source(text, lex, state)
    if "|" not in text:
        state.table_metric = None  # the table is over
    elif state.table_metric is not None:
        _read_table_row(sentence, own, lex, state)
        return
    if own is None:
        own = _sentence_source(text, amounts[0].start if amounts else 0, disputed, lex, state)
    if own is None:
        own = _quote_source(sentences, sentence, lex, state)
    if (own is None or own.kind == "none") and sentence.paragraph in state.answers \
            and state.interviewee:
        own = _Source(state.interviewee, "named")  # the guest's own answer
    back = lex.back_attribution.match(text)
    if back and not amounts and own is not None and own.kind == "named":
        # «Об этом пишет Forbes ...»: the source of the previous sentence's figures
        state.found = [replace(m, source=own.text, source_kind="named")
                       if state.mention_sentence.get(m.order) == sentence.index - 1
                       and m.source_kind == "none" else m for m in state.found]
    if not amounts and disputed:
        _dispute_earlier(text, sentences[:sentence.index], sentence.paragraph, lex, state)
    elif (not amounts and own is not None and own.kind == "named"
          and lex.figure_back.search(text)):
        # «... написала, что в документе указана именно эта цифра»: the source of the
        # last figures before, when they have none
        last = _last_with_figures(sentences[:sentence.index], state)
        state.found = [replace(m, source=own.text, source_kind="named")
                       if state.mention_sentence.get(m.order) == last
                       and m.source_kind == "none" else m for m in state.found]
    if _is_heading_question(sentence, sentences):
        state.question = _asked(text, places, state, lex)
    clauses = _clauses(text)
    # The numbers that split the sentence between figures: not years, dates or small
    # numbers («с 19 по 25 сентября» belongs to the figure after it).
    every = [a for a in read if not a.year_like and a.high >= MIN_FIGURE
             and not lex.date.match(text, a.start)]
    # «Выехали — 5 тыс. 100.»: a verb and a dash say no more; the sentence before tells
    # the period.
    carried_words = ""
    if _ELLIPSIS_HEAD.match(text) and sentence.index > 0:
        before = sentences[sentence.index - 1]
        if before.paragraph == sentence.paragraph:
            carried_words = before.text + " … "
    bullet = _BULLET.match(text) is not None
    if not bullet:
        state.bullet_model = None
    own_nationals = _own_nationals(text, places, state, lex)
    for amount in amounts:
        if own_nationals or _difference(text, amount):
            continue  # other nationals; a difference between two counts
        previous_end = max([a.end for a in every if a.end <= amount.start], default=0)
        own_span = _own_span(text, every, amount)
        # «..., но не 250 тысяч»: a number denied where it stands; the sentence's opening
        # words («ежедневно въезжают ...») speak of the number it is set against
        negated = _word_before(text, amount.start) == lex.negation
        c_start, c_end = next(((a, b) for a, b in clauses if a <= amount.start < b),
                              (0, len(text)))
        here = _clause_source(text, c_start, c_end, amount, own_span, lex, state)
        mention = _read_amount(sentence, c_start, c_end, amount, places, disputed or negated,
                               # who denies it is not its source
                               _Source(None, "vague") if negated else here or own,
                               state, lex, has_title, previous_end, own_span,
                               text[own_span[0]:own_span[1]] if negated else
                               carried_words + _own_words(text, every, own_span),
                               min([a.start for a in every if a.start >= amount.end],
                                   default=len(text)))
        if mention is not None and bullet:
            state.bullet_model = mention
        if mention is not None:
            state.mention_sentence[mention.order] = sentence.index
            state.mention_paragraph[mention.order] = sentence.paragraph
            state.found.append(mention)
    if disputed:
        # «Два миллиона — это завышение»: a denial naming the value of a figure read
        # before, with no figure of its own there, disputes that figure
        read_here = {(m.low, m.high) for m in state.found[before_count:]}
        named = {(a.low, a.high) for a in read if not a.year_like and a.high >= MIN_FIGURE
                 and (a.low, a.high) not in read_here}
        if named:
            state.found = [replace(m, disputed=True) if i < before_count and m.metric
                           and (m.low, m.high) in named else m
                           for i, m in enumerate(state.found)]
    if own is not None and own.kind != "none":
        _remember_speaker(own, state)


def _is_heading_question(sentence: Sentence, sentences: list[Sentence]) -> bool:
    """A question that is a paragraph of its own: an explainer's or an interview's heading
    («Сколько человек уехали?»), which the paragraphs after it answer."""
    alone = all(other.paragraph != sentence.paragraph
                for other in sentences[max(0, sentence.index - 1):sentence.index + 2]
                if other is not sentence)
    return alone and sentence.text.rstrip("»\"").endswith("?")


def _asked(text: str, places: list[RuPlace], state: _State,
           lex: RuLexicon) -> tuple[str, str | None] | None:
    """The metric and place a heading question asks about, or None when it asks about
    no move («Почему никто не знает точного числа?»)."""
    hit = _choose(_hits(text, 0, len(text), lex), len(text))
    if hit is None:
        return None
    end = RuAmount(len(text), len(text), 0, 0, False, False, False)
    metric, destination = _metric_and_place(hit, text, 0, len(text), end, places, state, lex)
    return (metric, destination) if metric is not None else None


def _last_with_figures(before: list[Sentence], state: _State) -> int:
    """The index of the last sentence in `before` with figures, past sentences with no
    number (a sentence that cites a number is what a reference is to); -1 when none."""
    # every figure read, a figure named as such too («звучала цифра в семьсот тысяч»)
    with_figures = {state.mention_sentence.get(m.order) for m in state.found}
    for earlier in reversed(before):
        if earlier.index in with_figures:
            return earlier.index
        if any(a.high >= MIN_FIGURE and not a.year_like for a in read_amounts(earlier.text)):
            break  # «4. Что говорит Кремль»: a list number is no figure
    return -1


def _dispute_earlier(text: str, before: list[Sentence], paragraph: int, lex: RuLexicon,
                     state: _State) -> None:
    """A denial with no figure of its own disputes the figures it points to: those of the
    last sentence that had any, by a back-reference («Песков эту цифру опроверг», «В Кремле
    это опровергли»), past sentences with no number in between (a sentence that cites a
    number is what the reference is to); or those of a source it names («называет данные
    Forbes преувеличением»)."""
    named = {m.group("name").lower() for m in lex.dispute_named.finditer(text)}
    last = _last_with_figures(before, state)
    back = lex.dispute_back.search(text) is not None
    # «эти цифры» after figures of this paragraph: every one of them
    plural = (back and lex.dispute_plural.search(text) is not None and last >= 0
              and before[last].paragraph == paragraph)
    state.found = [replace(m, disputed=True)
                   if (back and state.mention_sentence.get(m.order) == last)
                   or (plural and state.mention_paragraph.get(m.order) == paragraph)
                   or (m.source and named & set(m.source.lower().split())) else m
                   for m in state.found]


_DATE_LEAD = re.compile(r"^\d{1,2}\s+\w+\s+")  # «4 октября ...» opening a clause
_JOINT = re.compile(r"[,;:—–]")
_DIGIT = re.compile(r"\d")
_SPAN_BEFORE = re.compile(r"\d\s*[–-]\s*$")
# A number's own words after it: to the next joint, over one dash («14 тыс. — обратно в
# Россию»), not into the next clause («...; большинство потом уехали дальше»).
_WORDS_AFTER = re.compile(r"[^,;:—–]*(?:(?<=\s)[—–]\s[^,;:—–]*)?")


def _own_span(text: str, every: list[RuAmount], amount: RuAmount) -> tuple[int, int]:
    """The stretch of the sentence that speaks of `amount`: from the first joint (comma,
    dash) after the number before it to the first joint after it. «за выходные — 9 тыс.,
    когда ежедневно въезжали до 30 тысяч»: «ежедневно» is the 30 thousand's; «из России в
    Грузию выехали 212 тысяч, в Казахстан — 430 тысяч»: Kazakhstan is the 430 thousand's."""
    before = [a.end for a in every if a.end <= amount.start]
    after = [a.start for a in every if a.start >= amount.end]
    lo = 0
    if before:
        joint = _JOINT.search(text, before[-1], amount.start)
        lo = joint.start() if joint else before[-1]
    hi = after[0] if after else len(text)
    joint = _JOINT.search(text, amount.end, hi)
    if after and joint:
        hi = joint.start()
    return lo, hi


def _own_words(text: str, every: list[RuAmount], span: tuple[int, int]) -> str:
    """The words of `span`, after the sentence's opening words (before its first number),
    which speak of every number: «В понедельник ... въехали 5 732, выехали — 4 111»."""
    first = min((a.start for a in every), default=0)
    head = text[:first] if span[0] > first else ""
    return head + " … " + text[span[0]:span[1]]


def _is_candidate(text: str, amount: RuAmount, lex: RuLexicon) -> bool:
    if amount.year_like:
        return False
    if amount.high < MIN_FIGURE and not (
            amount.high >= lex.small_floor and not amount.scaled and not amount.is_range
            and lex.small_people.match(text, amount.end)):
        return False  # «лишь 24 гражданина России» is a count; «24 года», «по 20–30
        # человек» are not
    before = text[max(0, amount.start - _LEFT_WINDOW):amount.start]
    if lex.not_before.search(before):
        return False
    if lex.not_after.match(text[amount.end:amount.end + _RIGHT_WINDOW]):
        return False
    if text[amount.end:amount.end + 1] in ("-", "–") and text[amount.end + 1:
                                                          amount.end + 2].isalpha():
        return False  # «27-летний», «1990-х»
    if amount.bare:
        # «порядка тысячи»: one thousand only after a hedge; «тысячи человек» is vague
        hedged = any(p.search(before) for p in lex.qualifiers.values())
        return hedged and not lex.vague_before.search(before)
    return not lex.vague_before.search(before)


# -------------------------------------------------------------------- one amount


@dataclass
class _Hit:
    kind: str
    start: int
    end: int


def _hits(text: str, lo: int, hi: int, lex: RuLexicon) -> list[_Hit]:
    out = []
    for kind, pattern in lex.metrics.items():
        # «эмигрировали больше, чем приехали»: the verb after «чем» is the term compared
        # with, not what the number counts
        # «уехали и не вернулись»: a verb under «не» says what did not happen
        out += [_Hit(kind, m.start(), m.end()) for m in pattern.finditer(text, lo, hi)
                if _word_before(text[:m.start()], m.start()) not in lex.compared
                and _word_before(text[:m.start()], m.start()) != lex.negation]
    return out


_PRIORITY = ("registered", "called_up", "return")


def _choose(hits: list[_Hit], at: int) -> _Hit | None:
    for kind in _PRIORITY:
        chosen = [h for h in hits if h.kind == kind]
        if chosen:
            return min(chosen, key=lambda h: abs(h.start - at))
    return min(hits, key=lambda h: abs(h.start - at)) if hits else None


def _read_amount(sentence: Sentence, c_start: int, c_end: int, amount: RuAmount,
                 places: list[RuPlace], disputed: bool, own: _Source | None,
                 state: _State, lex: RuLexicon, has_title: bool,
                 previous_end: int, own_span: tuple[int, int],
                 own_words: str, next_start: int) -> Mention | None:
    """One amount read in its clause; `previous_end` is where the number before it ends,
    `own_span` and `own_words` the part of the sentence that is about it (`_own_span`)."""
    text = sentence.text
    clause = text[c_start:c_end]
    # The words since the previous number belong to this one too: «..., а в том же
    # квартале 2019 года — 16,1 млн».
    lead_in = text[min(previous_end, c_start):amount.start]
    # the lead-in's last stretch after a comma is the number's own («..., тогда как
    # неделей раньше — 3 133»), though a dash splits it from the number's clause
    own_lead = lead_in[lead_in.rfind(",") + 1:]
    if (_baseline(clause, amount.start - c_start, lex)
            or lex.baseline.search(own_lead) is not None
            or _YEAR_BEFORE_MOBILISATION.search(clause)
            or _YEAR_BEFORE_MOBILISATION.search(lead_in) or lex.at_front.search(clause)
            or _month_before_mobilisation(clause, state.published, lex)
            or _month_before_mobilisation(lead_in, state.published, lex)
            or _quarter_before_mobilisation(text[:amount.start], lead_in, state.published, lex)
            or _last_year_baseline(clause, amount.start - c_start, state.published, lex)
            or _last_year_baseline(own_lead, len(own_lead), state.published, lex)
            or _front_breakdown(text, c_start, lex)
            or lex.other_counts.search(text)):
        return None  # a baseline, a period that ends before the mobilisation, the front,
        # population statistics
    evidence: dict[str, str] = {}
    total = False
    # The words between the neighbouring numbers first («въехали 215 тысяч, выехали из
    # республики 160 тысяч»: the second number is the leaving one), then the clause.
    span = (max(c_start, own_span[0]), min(c_end, own_span[1]))
    if previous_end and _of_previous(text, previous_end, lex):
        # «из 200 тысяч въехавших около 147 тысяч выехали»: the words between the two
        # numbers describe the first («из» it), the verb after this one is its own
        span = (max(span[0], amount.start), span[1])
    hit = _choose(_hits(text, *span, lex), amount.start)
    relative = _relative_clause(text, amount, c_end, lex)
    if relative is not None:
        # «из 200 тысяч россиян, которые ... въехали в Казахстан, ... выехала»: the
        # relative clause's verb is the number's
        found = _hits(text, *relative, lex)
        if found:
            hit = min(found, key=lambda h: h.start)
            span = (relative[0], _next_comma(text, hit.end, c_end))
    if (hit is not None and hit.kind in ("leave", "arrive")
            and (lex.intention.search(text, 0, hit.start)
                 or lex.intention_after.match(text, hit.end))):
        return None  # «хотят уехать 50 тысяч»: an intention, not a move
    if hit is None:
        span = (c_start, c_end)
        hit = _choose(_hits(text, *span, lex), amount.start)
    if hit is None:
        # «из них около 14 тыс. — обратно в Россию»: the number's own words after a dash
        # say what it counts
        words_after = _WORDS_AFTER.match(text, amount.end, own_span[1])
        after = _hits(text, amount.end, words_after.end() if words_after else amount.end, lex)
        if after:
            hit, span = _choose(after, amount.start), own_span
    model: Mention | None = None
    asked: tuple[str, str | None] | None = None
    if hit is None:
        left = _hits(text, 0, c_start, lex)
        hit = max(left, key=lambda h: h.start) if left else None
        if hit is not None and any(
                p.preposition.lower() in lex.nationality and p.code != "RU"
                for p in places if p.start < amount.start):
            return None  # «Граждан Украины ... — 25 779, Беларуси — 13 151»: the verb said
            # before was said of other people
        paired = _respectively(text, amount, c_start, c_end, lex)
        if hit is not None and paired is not None:
            # «... въехали 22,5 тысячи, а выехали 10,1 тысячи; 30 сентября — 14,9 тысячи и
            # 11,6 тысячи соответственно»: the numbers pair with the verbs in order
            index, count = paired
            verbs = sorted(left, key=lambda h: h.start)
            if len(verbs) >= count:
                hit = verbs[len(verbs) - count + index]
        if hit is not None:
            verb = text[hit.start:hit.end]
            evidence["metric"] = f"earlier in the sentence: {verb}"
            # The verb is left out; the number's own words hold its place, on either side
            # of a dash («..., в Казахстан — 430 тысяч», «ещё 70 тысяч — в Грузию»).
            span = own_span
            if not any(own_span[0] <= p.start < own_span[1] for p in places):
                # «в Грузию выехали 8 тысяч, а всего с 21 сентября — 40 тысяч»: no place of
                # its own, so the same count as the figure that verb was said of
                same = [m for m in state.found if m.metric and m.evidence.get("metric") == verb
                        and state.mention_sentence.get(m.order) == sentence.index]
                model = same[-1] if same else None
    if hit is None:
        peak = lex.peak.search(text)
        # people or a daily rate right after the number («8 572 человека», «10 тысяч в
        # сутки»): a peak of people, not of cars («их было больше 5 тысяч»)
        of_people = (lex.peak_people.match(text, amount.end) is not None
                     or lex.day.match(text, amount.end + 1) is not None)
        if peak and of_people:
            hit = _Hit("arrive", peak.start(), peak.end())  # «Пик — 8 572 человека за день»
            span = (c_start, c_end)
    if hit is None:
        previous = [m for m in state.found if m.metric and
                    state.mention_paragraph.get(m.order) == sentence.paragraph]
        lead = text[c_start:amount.start]
        continues = (lex.continues.search(lead) is not None
                     or _continues_before().search(lead) is not None
                     # «Около 10,5 тыс. из них — ...»: «из них» right after the number
                     or lex.continues.search(text, amount.end, c_end) is not None
                     or lex.continues_opening.match(text) is not None
                     or _DASH_BEFORE.search(lead) is not None
                     # «В воскресенье было 11 200»: a copula says no more than the
                     # figure before; «это больше запланированных 300 тысяч» compares
                     or lex.copula.search(lead) is not None
                     or lex.compared_previous.search(lead) is not None
                     # «около 2 500 из них — мужчины, более 500 — женщины»: the next part
                     or (_LIST_PART.match(text, amount.end) is not None and any(
                         m.evidence.get("metric") == _CONTINUES
                         and state.mention_sentence.get(m.order) == sentence.index
                         for m in previous))
                     # «Полмиллиона — это нижняя граница»: a bound of the range before
                     or any(b.search(text) for b in lex.bounds.values()))
        bullet = state.bullet_model if _BULLET.match(text) else None
        if previous and continues:
            model = previous[-1]
            evidence["metric"] = _CONTINUES
        elif bullet is not None:
            model = bullet
            evidence["metric"] = "the list item before"
        elif lex.total.search(text, 0, amount.start):
            total = True
            evidence["metric"] = "a sum of the places named"
        elif state.question is not None:
            asked = state.question  # «Сколько человек уехали?» / «Оценка — до 700 тысяч.»
            evidence["metric"] = "the question the paragraph answers"
        elif (lex.targets.search(text, 0, c_end) is not None
              and lex.peak_people.match(text, amount.end) is not None
              and (lex.mobilisation_context.search(state.paragraph_text + text) is not None
                   or lex.metrics["called_up"].search(state.paragraph_text + text))):
            # «Поставленная задача — 300 тысяч человек — выполнена» in a paragraph about the
            # mobilisation: the number to be called up
            hit = _Hit("called_up", 0, 0)
            evidence["metric"] = "a goal of the mobilisation"
        elif lex.reference.search(text) and not lex.reference_things.search(text):
            model = None
            evidence["metric"] = "a figure named as such"
        else:
            return None
    metric: str | None
    destination: str | None
    if total:
        metric, destination = "departed", None
    elif asked is not None:
        metric, destination = asked
    elif model is not None:
        metric, destination = model.metric, model.destination
        if model is state.bullet_model:
            named = [p.code for p in places if p.code not in _NOT_DESTINATIONS
                     and p.start < amount.start]
            destination = named[0] if named else destination  # «• Грузия — 53 тыс.»
    elif hit is None:
        metric, destination = None, None
    else:
        evidence.setdefault("metric", text[hit.start:hit.end])
        # A sentence with a named source of its own, not the paragraph's, is a new report.
        fresh = (own is not None and own.kind == "named" and state.paragraph_source is not None
                 and state.paragraph_source.text != own.text
                 and not lex.since_carry.search(text))  # «за тот же период»: the same count
        metric, destination = _metric_and_place(hit, text, *span, amount, places, state, lex,
                                                fresh)
        if metric is None:
            return None
    if metric == "registered" and state.third_countries and not lex.russians.search(text):
        return None  # «убежища попросили 400 человек» among migrants from third countries
    if metric == "called_up" and lex.metrics["return"].search(clause):
        return None  # «70 человек, призванных по ошибке, вернулись домой»: sent home
    if metric == "called_up" and (lex.at_front.search(clause)
                                  or lex.reserve_pool.search(clause)):
        return None  # mobilised men at the front or in training
    if metric not in ("registered", None) and _stock(
            text[c_start:max(amount.end, min(c_end, next_start))], amount.start - c_start, lex):
        return None  # people who stayed (a stock word after the next number is that
        # number's: «уехали 320 тысяч, и около 100 тысяч ещё находятся здесь»)
    if metric == "registered" and (
            _extra()["not_registered"].search(clause) is not None
            or _stock_after(text, amount, lex)):
        return None  # «обратились за консультацией»: advice; «40 тысяч ... проживают»: a stock
    if lex.refused.search(clause):
        return None  # people turned back at the border
    if any(p.preposition in lex.nationality and p.code != "RU" for p in places
           if min(previous_end, c_start) <= p.start < c_end):
        return None  # «Граждан Беларуси ... въехало 1,2 тыс.»: other nationalities
    if state.paragraph_nationality not in (None, "RU") and not lex.russians.search(text):
        return None  # «... 2 млн граждан Узбекистана. В Казахстан выехали 150 тыс.»: the
        # people the paragraph is about, who are not Russians
    upto_next = (own_span[0], max(own_span[1], next_start))
    if metric == "arrived" and _other_origin(text, upto_next, places, destination, lex):
        return None  # «около 15 тысяч — из Украины»: other people, not from Russia
    if metric != "called_up" and (
            lex.mixed_origins.search(clause) is not None
            or _lumped_origins(own_span, places, lex)):
        return None  # «из стран бывшего СССР», «из России и Украины вместе взятых»
    if _whole_with_share(text, amount, c_end, lex):
        return None  # «из примерно 5 тысяч заявлений 80% подали россияне»
    per = _per(own_words, state.published, lex)
    since, explicit = _since(clause, state, lex, sentence.paragraph)
    own_days = _day_range(text[own_span[0]:amount.start], state.published)
    if own_days is not None and (c_start, c_end) != own_span:
        # «в Монголию с 22 по 28 сентября — 6268, в Киргизии с 21 по 28 сентября — 3526»:
        # the stated span in the words that lead to the number, not the clause's first
        since, explicit = own_days[0], True
    own_start = explicit  # the clause itself states a start («с 21 сентября»)
    own_text = text[own_span[0]:own_span[1]]
    if since is None and not explicit:
        # the number's own words («..., а общую эмиграцию за 2022 год — максимум в 900
        # тыс.»), then the whole sentence
        since, explicit = _since(own_text, state, lex, sentence.paragraph)
        lead_words = text[own_span[0]:amount.start]
        if (explicit and per is not None and _per(lead_words, state.published, lex) is None
                and _since(lead_words, state, lex, sentence.paragraph)[1]):
            # «за минувшие сутки выехали 8 тысяч, а всего с 21 сентября — 40 тысяч»: the
            # day of the sentence's opening is not this number's, which counts from a start
            per, own_start = None, True
    if since is None and not explicit:
        since, explicit = _since(text, state, lex, sentence.paragraph, carry_end=amount.start)
        if since is not None and since.year < lex.mobilisation.year:
            return None  # «в 2019 году въехали 1 064 000, а выехали более 1 067 000»
    if since is None and model is not None and model is not state.bullet_model:
        since = model.since
    if since is None and not explicit and metric == "moved_on" and per is None:
        since = _paired_since(text, destination, state)
    if (per == "week" and lex.since_mobilisation.search(text)
            and not lex.week_rate.search(own_words)):
        per = None  # «за неделю, прошедшую с объявления мобилизации»: a count from it
        evidence["per"] = _WEEK_FROM_MOBILISATION
    if (per is not None and own_start and own_span[0] > 0
            and lex.since_carry.search(clause) is None  # «из них»: the same count, period
            and not _states_period(own_text, state.published, lex)):
        # «По данным Frontex, за неделю ... въехали 66 тыс., а пограничники Монголии
        # насчитали с 21 сентября более 3 тыс.»: the opening's period is not this number's,
        # whose own clause states its start
        per = None
    if per == "one_day":
        per = None if own_start else "day"
    if metric == "called_up":
        per = None
    week_start = per == "week" and explicit and (
        _day_range(text, state.published) is not None
        or lex.since_carry.search(text) is not None)  # «за ту же неделю»: that week's start
    if per is not None and not week_start:
        since = None  # a day's or a week's count has no start
    if metric == "arrived":
        # «Из них ... приехали из России»: the total before counted every origin
        whole = _drop_total_by_origin(text, own_span, places, lex, state, sentence,
                                      destination, per)
        if since is None and whole is not None:
            since = whole.since  # a part of the total before counts over its period
    if metric is not None:
        _drop_total_by_nationality(text, amount, previous_end, next_start, metric,
                                   destination, per, sentence, lex, state)
    source = _source_for(own, state, model)
    quote_start, quote_end = sentence.start - state.offset, sentence.end - state.offset
    if quote_start < 0:
        quote_start = quote_end = 0
    in_title = sentence.start < state.offset or (
        not has_title and sentence.paragraph == 0 and not text.endswith("."))
    return Mention(
        metric=metric,
        destination=destination if metric not in ("departed", "called_up") else None,
        low=amount.low,
        high=amount.high,
        qualifier=_qualifier(text, amount, lex),
        per=per,
        since=since,
        source=source.text,
        source_kind=source.kind,
        disputed=disputed,
        quote=text if metric is not None else "",
        quote_start=quote_start,
        quote_end=quote_end,
        order=len(state.found),
        in_title=in_title,
        evidence=evidence,
    )


def _states_period(own_text: str, published: date | None, lex: RuLexicon) -> bool:
    """The number's own words state a period of their own (not only the sentence's
    opening)."""
    return _per(own_text, published, lex) is not None


def _of_previous(text: str, previous_end: int, lex: RuLexicon) -> bool:
    """The number that ends at `previous_end` is a whole after «из» («из 200 тысяч»)."""
    before = [a for a in read_amounts(text[:previous_end]) if a.end == previous_end]
    if not before:
        return False
    return _word_before(text, before[-1].start) in lex.from_preps


def _baseline(clause: str, at: int, lex: RuLexicon, words: Words | None = None) -> bool:
    """A baseline period in the clause, unless the number at `at` is only compared with it
    («6 200, это в четыре раза больше, чем годом ранее») or the baseline comes after a
    comma, in what follows («въезжают 10–11 тысяч, до мобилизации было 5–6 тысяч»); a
    number after the comparison is the baseline's own («чем в обычные дни, когда поток
    составлял 5–6 тысяч»)."""
    return any(m.start() < at or _right_after(clause[at:m.start()], lex)
               or (not lex.comparison.search(clause, 0, m.start())
                   and "," not in clause[at:m.start()])
               for m in (words or lex.baseline).finditer(clause))


def _right_after(between: str, lex: RuLexicon) -> bool:
    """Only the number (and its scale word) before a baseline: the baseline is its own
    period («против 300 годом ранее»), whatever compares with it."""
    amounts = read_amounts(between)
    if len(amounts) != 1 or amounts[0].start > 0:
        return False
    rest = between[amounts[0].end:].strip().lower()
    return not rest or rest in lex.scales


def _last_year_baseline(clause: str, at: int, published: date | None, lex: RuLexicon) -> bool:
    """«за те же две недели прошлого года въехали 30 тыс.» in an article of 2022: last year
    ended before the mobilisation, so it is a baseline (read as `_baseline` reads one)."""
    if published is None or published.year - 1 >= lex.mobilisation.year:
        return False
    return _baseline(clause, at, lex, lex.last_year)


def _front_breakdown(text: str, c_start: int, lex: RuLexicon) -> bool:
    """«82 тыс. ... направлены в зону ..., из них 41 тыс. ...»: a part of men at the front is
    at the front too (FIGURES.md: not rows)."""
    return (c_start > 0 and lex.continues.match(text, c_start + 1 + len(
        text[c_start + 1:]) - len(text[c_start + 1:].lstrip())) is not None
            and lex.at_front.search(text, 0, c_start) is not None)


def _month_before_mobilisation(clause: str, published: date | None, lex: RuLexicon) -> bool:
    """«В марте уехали около 150 тысяч» in 2022: a one-month period that ended before the
    mobilisation (FIGURES.md: such periods are not rows); «с марта» runs on, so it is not."""
    part = lex.month_part.search(clause)
    if part is not None and re.sub(r"\s+", " ", part.group("part").lower()) in \
            lex.early_month_parts:
        start = _month_part_start(clause, published, lex)
        if start is not None and start.year == lex.mobilisation.year \
                and start.month == lex.mobilisation.month:
            return True  # «в первой половине сентября»: before the 21st
    span = lex.month_span.search(clause)
    if span is not None and published is not None and published.year == lex.mobilisation.year:
        month = lex.months[span.group("month").lower()]
        if month < lex.mobilisation.month:
            return True  # «в ту же неделю августа»
    m = lex.month.search(clause)
    if m is None or m.group(0)[:1].lower() == "с":
        return False
    start = _month_start(clause, published, lex)
    # «в июле–сентябре»: a span of months ends with its last one
    last = _month_span_end().match(clause, m.end())
    last_month = lex.months[last.group("month").lower()] if last else None
    return (start is not None and start.year == lex.mobilisation.year
            and (last_month or start.month) < lex.mobilisation.month)


@cache
def _month_span_end() -> re.Pattern[str]:
    """«–сентябре» right after a month: the last month of a span («в июле–сентябре»)."""
    return re.compile(r"\s*[–-]\s*(?P<month>" + ru_lexicon().month_names + r")(?![\w])",
                      re.IGNORECASE)


def _stock(clause: str, at: int, lex: RuLexicon) -> bool:
    """A word of people staying in the clause, unless a subordinate clause that opens after
    it holds the number («рекордным остается ноябрь, когда приехали более 6 700»)."""
    for m in lex.stock.finditer(clause):
        between = clause[m.end():at] if m.end() <= at else ""
        opened = any(lex.subordinators.match(part.strip())
                     for part in between.split(",")[1:])
        if not opened:
            return True
    return False


def _stock_after(text: str, amount: RuAmount, lex: RuLexicon) -> bool:
    """A word of people staying within a few words after the number, as its verb («около 40
    тысяч граждан России проживают ... с видом на жительство»): residents, not papers."""
    after = text[amount.end:].split()[:_STOCK_WORDS]
    return lex.stock.search(" ".join(after)) is not None


def _lumped_origins(span: tuple[int, int], places: list[RuPlace], lex: RuLexicon) -> bool:
    """Russia and another country named together as where people came from («из России
    и Украины»): other nationalities counted with Russians."""
    origins = {p.code for p in places if span[0] <= p.start < span[1]
               and p.preposition.lower() in lex.from_preps}
    return "RU" in origins and len(origins - {"RU"}) > 0


def _whole_with_share(text: str, amount: RuAmount, c_end: int, lex: RuLexicon) -> bool:
    """«из примерно 5 тысяч заявлений ... 80% подали россияне»: a whole after «из» whose
    Russian part is given as a share only."""
    words = [w.lower() for w in text[:amount.start].split()[-2:]]
    if not any(w in lex.from_preps for w in words):
        return False
    return _SHARE.search(text, amount.end, c_end) is not None


def _respectively(text: str, amount: RuAmount, c_start: int, c_end: int,
                  lex: RuLexicon) -> tuple[int, int] | None:
    """When «соответственно» closes the clause of `amount`: its place among the clause's
    numbers, and how many there are; else None."""
    if lex.respectively.search(text, amount.end, c_end) is None:
        return None
    group = [a for a in read_amounts(text[c_start:c_end])
             if not a.year_like and a.high >= MIN_FIGURE
             and not lex.date.match(text, c_start + a.start)]
    starts = [c_start + a.start for a in group]
    if amount.start not in starts or len(group) < 2:
        return None
    return starts.index(amount.start), len(group)


def _quarter_before_mobilisation(before: str, lead_in: str, published: date | None,
                                 lex: RuLexicon) -> bool:
    """«чем во втором квартале (5 млн)»: a number right after a quarter that ended before
    the mobilisation (a year's quarter, the article's year when none is given)."""
    found = list(lex.any_quarter.finditer(before))
    m = found[-1] if found else None
    if m is None or m.end() < len(before) - len(lead_in) - _QUARTER_REACH:
        return False
    ordinal = lex.quarters.get(m.group("ordinal").lower(), lex.quarters.get(m.group("ordinal")))
    if ordinal is None:
        return False
    year = int(m.group("year")) if m.group("year") else (published.year if published else None)
    if year is None:
        return False
    return date(year, 3 * ordinal, 1) < date(lex.mobilisation.year, lex.mobilisation.month, 1)


def _relative_clause(text: str, amount: RuAmount, c_end: int,
                     lex: RuLexicon) -> tuple[int, int] | None:
    """«200 тысяч россиян, которые ...»: the relative clause right after the number."""
    comma = text.find(",", amount.end, c_end)
    if comma < 0 or len(text[amount.end:comma].split()) > 3:
        return None
    # Only a number that is not the subject: «Из 200 тысяч россиян, которые ...»; in «20
    # тысяч человек из тех, кто приехал» the clause says who, the verb before says what.
    lead = text[:amount.start].split()[-4:]
    if not any(word.lower() in lex.from_preps for word in lead):
        return None
    m = lex.relative.match(text, comma + 1 + len(text[comma + 1:]) - len(
        text[comma + 1:].lstrip()))
    return (m.end(), c_end) if m else None


def _next_comma(text: str, at: int, end: int) -> int:
    comma = text.find(",", at, end)
    return comma if comma >= 0 else end


def _other_origin(text: str, own_span: tuple[int, int], places: list[RuPlace],
                  destination: str | None, lex: RuLexicon) -> bool:
    """Arrivals whose own words name another country they came from («из Украины»)."""
    own = [p for p in places if own_span[0] <= p.start < own_span[1]]
    if any(p.code == "RU" for p in own):
        return False
    return any(p.preposition in lex.from_preps and p.code not in ("RU", destination)
               for p in own)


def _drop_total_by_origin(text: str, own_span: tuple[int, int], places: list[RuPlace],
                          lex: RuLexicon, state: _State, sentence: Sentence,
                          destination: str | None, per: str | None) -> Mention | None:
    """«Из них около 43 700 приехали из России»: a breakdown by country of origin, so the
    total before it counted people from everywhere (FIGURES.md: other nationalities are
    not rows). That total is dropped, and returned. With no «из них», the total is one
    that never said who came («репатриировались 74 тыс. человек»): then the next sentence's
    «из России» is its breakdown too."""
    opening = ((lex.continues_opening.match(text) is not None
                and _total_opening().match(text) is None)
               or lex.continues.match(text.lstrip("«")) is not None)
    own = [p for p in places if own_span[0] <= p.start < own_span[1]]
    if not any(p.code == "RU" and p.preposition in lex.from_preps for p in own):
        return None
    before = [m for m in state.found if m.metric == "arrived" and m.destination == destination
              and m.per == per and state.mention_sentence.get(m.order) == sentence.index - 1]
    if not before:
        return None
    total = before[-1]
    if not opening and (lex.russians.search(total.quote) or "metric" not in total.evidence
                        or total.evidence["metric"] == _CONTINUES):
        return None  # the total names Russians, or is itself a part of a count before it
    state.all_origins.add((total.metric, total.destination, total.low, total.high))
    return total


def _drop_total_by_nationality(text: str, amount: RuAmount, previous_end: int,
                               next_start: int, metric: str, destination: str | None,
                               per: str | None, sentence: Sentence, lex: RuLexicon,
                               state: _State) -> None:
    """«прибыли 179 778 иммигрантов, из них 62 304 — граждане России», «125 269 человек, в
    том числе 5935 граждан России»: a part named as Russians after «из них» shows that the
    total before it, which named no Russians, counted every nationality (FIGURES.md: not a
    row). The total is dropped; the part is kept."""
    marker = lex.continues.search(text, previous_end, amount.start)
    if marker is None or _extra()["russian_people"].search(text, amount.end,
                                                             next_start) is None:
        return
    for m in reversed(state.found):
        if state.mention_paragraph.get(m.order) != sentence.paragraph:
            break
        if (m.metric, m.destination, m.per) != (metric, destination, per) or m.low <= amount.high:
            continue
        said = text[:marker.start()] if m.quote == text else m.quote
        if lex.russians.search(said) is None:
            state.all_origins.add((m.metric, m.destination, m.low, m.high))
        return


def _source_for(own: _Source | None, state: _State, model: Mention | None) -> _Source:
    if own is not None and own.kind != "none":
        return own
    if state.paragraph_source is not None and state.paragraph_source.text:
        return _Source(state.paragraph_source.text, "carried")
    if model is not None and model.source:
        return _Source(model.source, "carried")
    if state.issuer is not None:
        return _Source(state.issuer, "carried")  # a press release speaks for its issuer
    return _Source(None, "none")


def _context_place(text: str, at: int, places: list[RuPlace], state: _State,
                   paragraph_only: bool = False, skip_origins: bool = False) -> str | None:
    """The country in view: named earlier in the sentence, then in the paragraph, then the
    article's main one. With `skip_origins`, a place of the sentence after «из» («из
    Беларуси — около 2 тыс.») is where people came from, never where they arrived."""
    origins = ru_lexicon().from_preps if skip_origins else frozenset()
    places = [p for p in places if p.preposition not in origins]
    earlier = [p.code for p in places if p.start < at and p.code not in _NOT_DESTINATIONS]
    if earlier:
        return earlier[-1]
    adjective = _adjective_country(text, at)
    if adjective is not None:
        return adjective  # «Финские пограничники сообщали, что к ним въехали ...»
    if state.paragraph_places:
        return state.paragraph_places[-1]
    if paragraph_only:
        return None
    anywhere = [p.code for p in places if p.code not in _NOT_DESTINATIONS]
    return anywhere[0] if anywhere else state.article_place


def _adjective_country(text: str, at: int) -> str | None:
    """The country whose adjective comes last before `at` («казахстанские пограничники»)."""
    found = [(m.start(), code) for code, pattern in ru_lexicon().country_adjectives.items()
             if (m := pattern.search(text, 0, at)) is not None]
    return max(found)[1] if found else None


def _metric_and_place(hit: _Hit, text: str, c_start: int, c_end: int, amount: RuAmount,
                      places: list[RuPlace], state: _State, lex: RuLexicon,
                      fresh_source: bool = False) -> tuple[str | None, str | None]:
    clause = text[c_start:c_end]
    local = [p for p in places if c_start <= p.start < c_end]
    to_places = [p for p in local if p.preposition in lex.to_preps]
    to_abroad = [p for p in to_places if p.code not in _NOT_DESTINATIONS]
    from_abroad = [p for p in local if p.preposition in lex.from_preps
                   and p.code not in _NOT_DESTINATIONS]
    own = [m for m in lex.own_country.finditer(clause)]
    own_from = any(_word_before(clause, m.start()) not in lex.to_preps for m in own)
    at = amount.start
    if hit.kind == "registered":
        named = [p.code for p in local if p.code not in _NOT_DESTINATIONS]
        return "registered", (named[0] if named else _context_place(text, at, places, state))
    if hit.kind == "called_up":
        return "called_up", None
    if hit.kind == "return":
        # Back from where the paragraph's last figure was counted, else the place in view
        # (a list of onward destinations just named is not where people came back from).
        paragraph = [m for m in state.found if m.metric
                     and state.mention_paragraph.get(m.order) == state.paragraph]
        if paragraph and lex.continues.search(text, 0, at) and not from_abroad:
            return "returned", paragraph[-1].destination  # «Из них ... вернулись»: of those
        last = [m.destination for m in state.found if m.destination and m.metric
                and state.mention_paragraph.get(m.order) == state.paragraph]
        # No place in the paragraph: back from everywhere (FIGURES.md: several places
        # lumped together have no destination)
        if len({p.code for p in from_abroad}) > 1:
            return "returned", None  # «из Казахстана и Грузии ... вернулись»: lumped together
        where = (from_abroad[0].code if from_abroad else last[-1] if last
                 else _context_place(text, at, places, state, paragraph_only=True)
                 or state.only_country)
        return "returned", where
    if hit.kind == "leave":
        left = _left_object(hit, text, local, lex)
        if left is not None:
            # «покинули Казахстан»: the place is what was left
            return ("departed", None) if left.code == "RU" else ("moved_on", left.code)
        # «В Казахстане сообщили, что ... покинули»: where the news is, not where they went
        to_abroad = [p for p in to_abroad if not is_locative(p)]
        onward = lex.onward.search(clause)
        if onward is not None and all(p.start >= c_start + onward.start() for p in to_abroad):
            # «уехали дальше — в Армению, Турцию»: the places after are where they went on
            # to; the country left is the one in view, or where the last arrivals were
            arrived = [m.destination for m in state.found if m.metric == "arrived"
                       and m.destination]
            where = (_context_place(text, at, places, state, paragraph_only=True)
                     or (arrived[-1] if arrived else None)
                     or _context_place(text, at, places, state))
            return ("moved_on", where) if where else ("departed", None)
        codes = {p.code for p in to_abroad}
        if len(codes) == 1:
            return "arrived", to_abroad[0].code
        if len(codes) > 1:
            return "departed", None  # several places lumped together
        if from_abroad:
            return "moved_on", from_abroad[0].code
        crossing = lex.crossing_nouns.search(clause)
        if (crossing is not None and state.last_crossing is not None
                and not any(p.start >= c_start + crossing.end() for p in local)):
            # «через пункт пропуска выехали 7 800»: through the border post named before,
            # into the country it leads to
            return "arrived", state.last_crossing
        if lex.onward.search(clause):
            where = _context_place(text, at, places, state)
            return ("moved_on", where) if where else ("departed", None)
        from_russia = any(p.code == "RU" and (p.preposition in lex.from_preps or (
            not p.preposition and p.text in lex.origin_forms)) for p in local)
        arrivals = [m.destination for m in state.found if m.metric == "arrived"
                    and m.destination and state.mention_paragraph.get(m.order) == state.paragraph]
        paired = _paired_arrival(text, c_start, c_end, at, places, state, lex)
        if paired is not None and not from_russia:
            return "moved_on", paired
        if own_from and not from_russia and arrivals and not any(
                p.code == "RU" for p in places):
            # «в Казахстан въехали 200 тысяч. ... из страны выехали 147 тысяч»: the country
            # just counted as arrived in is the one left
            return "moved_on", arrivals[-1]
        if own_from and not from_russia:
            meant = _country_meant(c_start + min(m.start() for m in own), places, state, lex)
            if meant == "RU":
                return "departed", None  # «В России ... страну покинули»
            where = (meant or _context_place(text, at, places, state, paragraph_only=True)
                     or state.dateline)
            return ("moved_on", where) if where else ("departed", None)
        if from_russia:
            return "departed", None
        if fresh_source and not places:
            return "departed", None  # «Forbes пишет о 600–700 тысячах уехавших»: a new
            # report, not the paragraph's country
        gone_to = {p.code for p in state.paragraph_named if p.code not in _NOT_DESTINATIONS}
        if not local and len(gone_to) > 1 and all(
                p.preposition in lex.to_preps and not is_locative(p)
                for p in state.paragraph_named if p.code in gone_to):
            return "departed", None  # «рейсы в Стамбул, Ереван и Дубай ... 300 тысяч
            # уехавших»: several places people went to, none they left
        where = _context_place(text, at, places, state, paragraph_only=True)
        if where is None and any(_word_before(text, m.start()) in lex.to_preps
                                 for m in lex.own_country.finditer(text)):
            # «в страну иммигрировали 30 тысяч, а эмигрировали — 35 тысяч»: the country
            # people came to is the one they leave
            where = _context_place(text, at, places, state)
        return ("moved_on", where) if where else ("departed", None)
    # arrive
    if lex.several_countries.search(clause):
        return "departed", None  # «въездов в четыре страны»: several places together
    codes = {p.code for p in to_abroad}
    if len(codes) == 1:
        return "arrived", to_abroad[0].code
    if len(codes) > 1:
        return "departed", None
    # «а пограничники Монголии насчитали ... въехавших»: the one country named in the
    # number's own clause (not a nationality, not an origin) is where they arrived
    in_clause = {p.code for p in local if p.code not in _NOT_DESTINATIONS and p.code != "EU"
                 and p.preposition not in lex.from_preps | lex.nationality}
    if len(in_clause) == 1:
        return "arrived", in_clause.pop()
    # A later clause about going on («— обратно в Россию или дальше, в Узбекистан») names
    # where the leavers went, not where these people arrived.
    onward_after = lex.onward.search(text, c_end) is not None
    sentence_to = [p for p in places if p.preposition in lex.to_preps
                   and p.code not in _NOT_DESTINATIONS
                   and not (onward_after and p.start >= c_end)]
    if len({p.code for p in sentence_to}) == 1:
        return "arrived", sentence_to[0].code
    if len({p.code for p in sentence_to}) > 1:
        return "departed", None  # «в Казахстан, Грузию и Армению: туда ... приехали»
    where = _context_place(text, at, places, state, skip_origins=True)
    return ("arrived", where) if where else ("departed", None)


def _paired_arrival(text: str, c_start: int, c_end: int, at: int, places: list[RuPlace],
                    state: _State, lex: RuLexicon) -> str | None:
    """«приехали 23 574, уехали 25 612», «въехали 7 тысяч, около 11 тысяч выехали»: a
    leaving count set beside an arrival count in another clause of the sentence, with no
    place of its own, is of people leaving the country the others arrived in (a country's
    migration balance). Not when Russia is named as where people came from, nor in a
    breakdown («уехали 700 тысяч, из них 200 тысяч — в Казахстан»)."""
    arrive = [h for h in _hits(text, 0, len(text), lex)
              if h.kind == "arrive" and not c_start <= h.start < c_end]
    if not arrive or lex.continues.search(text) is not None:
        return None
    if any(p.code == "RU" and p.preposition in lex.from_preps for p in places):
        return None
    same = [m.destination for m in state.found if m.metric == "arrived" and m.destination
            and m.quote == text]
    return same[-1] if same else _context_place(text, at, places, state, skip_origins=True)


def _paired_since(text: str, destination: str | None, state: _State) -> date | None:
    """«приехали 400 тысяч, уехали 320 тысяч»: the leaving half of a running count starts
    when the arrivals it is set beside do (as read here or earlier in the article)."""
    arrived = [m for m in state.found if m.metric == "arrived" and m.quote == text
               and m.destination == destination and m.per is None]
    if not arrived:
        return None
    last = arrived[-1]
    if last.since is not None:
        return last.since
    same = [m.since for m in state.found if m.since and m.metric == "arrived"
            and (m.destination, m.low, m.high, m.per) == (destination, last.low, last.high, None)]
    return same[0] if same else None


def _country_meant(at: int, places: list[RuPlace], state: _State,
                   lex: RuLexicon) -> str | None:
    """The country «страна» stands for: the last one named before it in the paragraph that
    was not only somewhere people went to («в Грузию», «в Казахстан»). A place in the
    locative («в России», «в Казахстане») or with no preposition («власти Грузии») is
    a country the text is about."""
    earlier = state.paragraph_named + [p for p in places if p.start < at]
    for p in reversed(earlier):
        if p.code in ("UA", "EU"):
            continue
        if p.preposition in lex.to_preps and not is_locative(p):
            continue  # a destination, not the country in view
        if p.preposition in lex.nationality:
            continue  # «граждан России»: who people are, not a country in view
        return p.code
    return None


def _left_object(hit: _Hit, text: str, local: list[RuPlace],
                 lex: RuLexicon) -> RuPlace | None:
    """The place a verb like «покинуть» takes as its object, right next to it."""
    if not lex.leave_object.fullmatch(text, hit.start, hit.end):
        return None
    for p in local:
        if (p.preposition in lex.to_preps or p.preposition in lex.from_preps
                or p.preposition in lex.nationality):
            continue
        after = p.start >= hit.end and not text[hit.end:p.start].strip()
        before = p.end <= hit.start and not text[p.end:hit.start].strip()
        if after or before:
            return p
    return None


def _word_before(text: str, at: int) -> str:
    words = text[:at].split()
    return words[-1].lower() if words else ""


def _qualifier(text: str, amount: RuAmount, lex: RuLexicon) -> str:
    if amount.is_range:
        return "range"
    if amount.odd or lex.odd_after.match(text, amount.end):
        return "at_least"  # «400 с лишним тысяч», «11 тыс. с небольшим»
    before = text[max(0, amount.start - _LEFT_WINDOW):amount.start]
    found = [(m.start(), name) for name in ("at_least", "approx", "at_most")
             if (m := lex.qualifiers[name].search(before)) is not None]
    for start, name in sorted(found):  # the longest hedge wins: «не более» over «более»
        m = lex.qualifiers[name].search(before, start)
        if m is None:
            continue
        if name == "at_most":
            left = text[max(0, amount.start - len(before) + m.start() - _CHANGE_WINDOW):
                        amount.start - len(before) + m.start()]
            if lex.change_verbs.search(left):
                # «вырос до 10 тысяч»: "rose to", not "up to"; a hedge before the «до»
                # still hedges the number («выросло примерно до 10 тысяч»)
                head = before[:m.start()].rstrip()
                for other in ("approx", "at_least"):
                    if lex.qualifiers[other].search(head + " "):
                        return other
                continue
        return name
    near = text[max(0, amount.start - _LEFT_WINDOW):amount.end + _RIGHT_WINDOW]
    for name, bound in lex.bounds.items():
        if bound.search(near):
            return name  # «Полмиллиона — это нижняя граница»: at least half a million
    return "exact"


def _per(own_words: str, published: date | None, lex: RuLexicon) -> str | None:
    """The number's period, from its own words (`_own_words`), less any relative clause
    («По информации, которой мы ежедневно обмениваемся, приехали ...»: the rate word is
    the clause's own verb's)."""
    for scope in (_without_relative(own_words),):
        days = _day_range(scope, published)
        if (days is not None and (days[1] - days[0]).days == _WEEK_SPAN
                and not 0 <= (days[0] - lex.mobilisation).days <= _MOBILISATION_LAG):
            return "week"  # «с 19 по 25 сентября»; «с 22 по 28 сентября» is the first week
            # since the mobilisation, a count from it (FIGURES.md)
        if lex.day.search(scope):
            return "day"
        if lex.week.search(scope):
            return "week"
        weekday = lex.one_day.search(scope)
        number = re.compile(r"\d").search(scope, weekday.end()) if weekday else None
        verb = (lex.speech_verbs.search(scope, weekday.end(), number.start())
                if weekday and number else None)
        aside = verb is not None and scope[:verb.start()].rstrip().endswith(",") and not \
            re.search(r"\d", scope[verb.end():].split(",")[0])  # «..., уточнил он, ...»
        if verb and not aside:
            weekday = None  # «Во вторник Forbes написал о ...»: the day of the statement
        if weekday or _dated_day(scope, lex):
            return "one_day"
    return None


def _without_relative(text: str) -> str:
    """`text` less its relative clauses set off by commas («, которой мы ... ,»)."""
    heads = _extra()["relative_heads"]
    out, cursor = [], 0
    for m in heads.finditer(text):
        comma = text.rfind(",", cursor, m.start())
        if comma < 0 or text[comma + 1:m.start()].strip(" «»\"").count(" ") > 1:
            continue  # only «, которой» or «, с которой»: the clause's opening
        close = text.find(",", m.end())
        if close < 0:
            continue
        out.append(text[cursor:comma])
        cursor = close
    out.append(text[cursor:])
    return "".join(out)


def _dated_day(text: str, lex: RuLexicon) -> bool:
    """«3 октября в страну въехали ...»: a count for one named day (not «с 21 сентября»,
    «на 4 октября», «по 25 сентября»)."""
    for m in lex.date.finditer(text):
        if _SPAN_BEFORE.search(text, 0, m.start()):
            continue  # «24–25 сентября»: the last of several days
        number = _DIGIT.search(text, m.end())
        if number and lex.speech_verbs.search(text, m.end(), number.start()):
            continue  # «4 октября глава МВД сообщил, что ...»: the day of the statement
        if _word_before(text, m.start()).lstrip("«\"„“(") not in lex.not_one_day_before:
            return True  # («С 21 сентября ...» opening a quote is a start)
    return False


@cache
def _month_heads() -> tuple[str, ...]:
    """The month words of ru.toml, lower-cased, less those holding a shorter one: every
    match of a {month} pattern holds one of them."""
    names = {name.lower() for name in ru_lexicon().raw["since"]["months"]}
    return tuple(sorted(n for n in names if not any(o != n and o in n for o in names)))


# Letters IGNORECASE matches to «в», «д», «о», «с», «т», «ъ» that str.lower() keeps apart.
_ROUNDED = re.compile("[\u1c80-\u1c88]")


def _may_name_month(text: str) -> bool:
    """False only when no month word of ru.toml can match in `text`."""
    if _ROUNDED.search(text) is not None:
        return True
    lowered = text.lower()
    return any(head in lowered for head in _month_heads())


def _day_range(text: str, published: date | None) -> tuple[date, date] | None:
    """«с 19 по 25 сентября» -> its two days."""
    lex = ru_lexicon()
    if not _may_name_month(text):
        return None  # both patterns end with a month word
    m = lex.day_range.search(text) or lex.day_span.search(text)
    if not m or published is None:
        return None
    month_end = lex.months[m.group("m2").lower()]
    first_month = m.groupdict().get("m1")
    month_start = lex.months[first_month.lower()] if first_month else month_end
    first, last = int(m.group("d1")), int(m.group("d2"))
    try:
        year = published.year if month_start <= published.month else published.year - 1
        end = date(year, month_end, last)
        if end >= published and (date(year, month_start, first) >= published
                                 or (end - published).days > _DATELINE_LAG):
            year -= 1  # a stated period that is over when the article runs (a report a
            # day or two behind the period's end is of this year's period)
        return date(year, month_start, first), date(year, month_end, last)
    except ValueError:
        return None


def _dated_start(text: str, published: date | None, lex: RuLexicon) -> date | None:
    """A start given as a date: «с 21 сентября», «за 2022 год», «в третьем квартале 2022
    года», «с февраля 2022 года»."""
    m = lex.from_day.search(text)
    if m:
        month, day = lex.months[m.group("month").lower()], int(m.group("day"))
        try:
            if m.group("year"):
                return date(int(m.group("year")), month, day)
            if published is not None:
                start = date(published.year, month, day)
                # A count cannot start on or after the day it is published: it is last
                # year's date («год спустя ... после 21 сентября»).
                return start if start < published else date(published.year - 1, month, day)
        except ValueError:
            pass
    return None


def _month_start(text: str, published: date | None, lex: RuLexicon) -> date | None:
    """«в сентябре въехали ...», «за октябрь 2022 года»: the month's first day. Not when a
    verb of saying follows the month («Путин в декабре говорил, что ...»): the month dates
    the statement then, not the count."""
    m = lex.month.search(text)
    if m is None:
        return None
    number = _DIGIT.search(text, m.end())
    if lex.speech_verbs.search(text, m.end(), number.start() if number else len(text)):
        return None
    month = lex.months[m.group("month").lower()]
    if m.group("year"):
        return date(int(m.group("year")), month, 1)
    if published is None:
        return None
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1)


def _month_part_start(text: str, published: date | None, lex: RuLexicon) -> date | None:
    """«в начале октября», «во второй половине сентября» -> the day that part starts on."""
    m = lex.month_part.search(text)
    if m is None:
        return None
    number = _DIGIT.search(text, m.end())
    if number and lex.speech_verbs.search(text, m.end(), number.start()):
        return None  # «В конце сентября МВД сообщало, что ...»: the day of the statement
    day = lex.month_parts[re.sub(r"\s+", " ", m.group("part").lower())]
    month = lex.months[m.group("month").lower()]
    if m.group("year"):
        return date(int(m.group("year")), month, day)
    if published is None:
        return None
    start = date(published.year, month, day)
    return start if start < published else date(published.year - 1, month, day)


def _period_start(text: str, lex: RuLexicon) -> date | None:
    m = lex.year_start_dated.search(text)
    if m:
        return date(int(m.group("year")), 1, 1)  # «с начала 2022 года»
    m = lex.year.search(text)
    if m:
        return date(int(m.group("year")), 1, 1)
    m = lex.quarter.search(text)
    if m and m.group("ordinal").lower() in lex.quarters:
        return date(int(m.group("year")), 3 * lex.quarters[m.group("ordinal").lower()] - 2, 1)
    m = lex.from_month.search(text)
    if m:
        return date(int(m.group("year")), lex.months[m.group("month").lower()], 1)
    m = lex.named_month.search(text)
    if m:  # «рекордным остается ноябрь 2022 года, когда приехали ...»
        return date(int(m.group("year")), lex.months[m.group("month").lower()], 1)
    return None


def _since(text: str, state: _State, lex: RuLexicon, paragraph: int,
           carry_end: int | None = None) -> tuple[date | None, bool]:
    """The start of the counting period in `text`, and whether `text` states one (a carry
    that finds no earlier start still says so)."""
    published = state.published
    if lex.since_invasion.search(text):
        return lex.invasion, True
    days = _day_range(text, published)
    if days is not None:
        return days[0], True
    start = _dated_start(text, published, lex)
    if start is not None:
        return start, True
    if lex.since_mobilisation.search(text):
        return lex.mobilisation, True
    weekday, weekdays = _from_weekday()
    m = weekday.search(text)
    if m is not None and published is not None:
        # «со среды»: the last such weekday before the article ran
        said = published
        for name, day in ru_lexicon().raw["since"]["said_on_weekday"].items():
            if re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text[:m.start()],
                         re.IGNORECASE):
                said = date.fromordinal(published.toordinal()
                                        - (published.weekday() - int(day)) % 7)
        back = (said.weekday() - weekdays[m.group("day").lower()] - 1) % 7 + 1
        return date.fromordinal(said.toordinal() - back), True
    start = (_period_start(text, lex) or _month_part_start(text, published, lex)
             or _month_start(text, published, lex))
    if start is not None:
        return start, True
    if lex.since_year_start.search(text) and published is not None:
        return date(published.year, 1, 1), True
    carry = lex.since_carry.search(text)
    if carry and (carry_end is None or carry.start() < carry_end):
        # («..., из них 150 тысяч» after a number continues that count, not this one)
        earlier = [m for m in state.found if m.since and m.metric]
        same = [m for m in earlier if state.mention_paragraph.get(m.order) == paragraph]
        chosen = same or earlier
        return (chosen[-1].since if chosen else None), True
    return None, False
