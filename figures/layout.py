"""Figures laid out as lists rather than prose: read each item as the sentence it stands for.

Two shapes are common in digests and data pieces:

* a **header and items**: "Official figures show how many Russians have moved to each
  destination since the invasion:" followed by lines "Georgia: 112,000", "Turkey — 2.1
  million". Each item reads as "<hedge><number> <header>, to <label>".
* a **number heading and its caption**: a line "Kazakhstan — 98 000" (or just "70k")
  followed by a paragraph "Russian citizens who have entered the country since ...". The
  caption's first sentence reads with the number as its subject ("98 000 Russian citizens
  who have entered ..."), or in place of "that many" / "the number of".
* a **table** with cells split by "|" under a header row ("Country | figure | source"):
  each row reads as "According to <source>, <figure>, to <place>".

`rewrite` returns, per sentence index, the text to read instead; headings consumed by a
caption map to "" (nothing to read). Quotes keep the article's own words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from figures.lexicon import lexicon
from figures.numbers import read_amounts
from figures.places import ORIGIN, find_places
from figures.sentences import Sentence

__all__ = ["rewrite"]

_MAX_LABEL_WORDS = 4  # "United States", "Russia, total", "European Union"
_MAX_HEADING = 60  # characters: a number heading is a short line
_ITEM = re.compile(r"^(?P<label>[A-Z][^\d:—–]{0,40}?)\s*(?::|\s[—–-])\s*(?P<value>.+)$")
_HEADING = re.compile(r"^(?:(?P<label>[A-Z][^\d:—–]{0,40}?)\s*(?::|\s[—–-])\s*)?(?P<value>.+)$")
_HEDGE_VALUE = re.compile(
    r"^(?P<hedge>(?:[A-Za-z]+\s+){0,3}?)(?P<number>[\d][\d\s,.\u00a0\u202f]*(?:\s*(?:million|"
    r"thousand|[kKmM]))?\+?(?:\s*[-–]\s*[\d][\d\s,.]*(?:\s*(?:million|thousand|[kKmM]))?)?)"
    r"\s*(?:\((?P<note>[^)]*)\))?$")
# "that many", "the number of": a caption that points back at its heading's number.
_POINTER = re.compile(r"\b(?:that\s+many|the\s+number\s+of|this\s+many)\b", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", "\"", "”", ":")


def rewrite(sentences: list[Sentence]) -> dict[int, str]:
    """Sentence index -> the text to read for it (list items and captioned headings)."""
    out: dict[int, str] = {}
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    paragraphs = [by_paragraph[k] for k in sorted(by_paragraph)]
    out.update(_table_rows(paragraphs))
    header: Sentence | None = None
    note = ""  # the source a header names for its items: " (Eurostat)"
    for i, para in enumerate(paragraphs):
        if para[0].index in out:
            continue
        last = para[-1]
        defined = _defined(para[0].text)
        if defined is not None:  # "- 700k: people who have left Russia since ..."
            out[para[0].index] = defined
            header = None
            continue
        data = _data_line(para[0].text) if len(para) == 1 and header is None else None
        if data is not None:  # "Kazakhstan, entries since 21 Sept (ministry): 200,000"
            out[para[0].index] = data
            header = None
            continue
        if len(para) == 1 and header is not None:
            item = _item(last.text)
            if item is not None:
                label, value = item
                suffix = f", to {label}{note}" if label else note
                out[last.index] = f"{value} {header.text.rstrip(':').rstrip()}{suffix}"
                continue
            long_item = _long_item(last.text, header.text)
            if long_item is not None:  # "Kazakhstan — about 98,000 since 21 September (...)."
                out[last.index] = long_item
                continue
        header = last if last.text.rstrip().endswith(":") else None
        note = ""
        if header is None and len(para) == 1 and ": " in last.text and i + 2 < len(paragraphs) \
                and all(_place_item(p) for p in paragraphs[i + 1:i + 3]):
            # "All figures: Eurostat, asylum applications ... in 2022." over place items
            described = last.text.rstrip().rstrip(".").split(": ", 1)[1]
            named = _NAME_FIRST.match(described)  # "Eurostat, asylum applications ..."
            note = f" ({named.group('name')})" if named else ""
            described = named.group("what") if named else described
            header = replace(last, text=described)
        if header is not None:
            continue
        if len(para) == 1 and i + 1 < len(paragraphs):
            heading = _heading(last.text)
            caption = paragraphs[i + 1][0]
            if heading is not None and _is_caption(caption.text):
                label, value = heading
                out[last.index] = ""
                out[caption.index] = _captioned(value, label, caption.text)
    return out


_CELL_SPLIT = re.compile(r"\s*\|\s*")
# A plain-text table aligns its columns with runs of spaces: "September 2022    289,500".
_GAP_SPLIT = re.compile(r"\s{2,}|\t")
_MIN_GAP_CELLS = 3  # a label and two values at least; prose never has two such gaps
_SOURCE_HEADER = re.compile(r"\b(?:source|sources|according|reported\s+by|by\s+whom)\b",
                            re.IGNORECASE)
_PLACE_HEADER = re.compile(r"\b(?:country|countries|destination|place|where|crossing|border|"
                           r"region)\b", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    if "|" in line:
        return [cell for cell in _CELL_SPLIT.split(line.strip().strip("|")) if cell]
    cells = _GAP_SPLIT.split(line.strip())
    return cells if len(cells) >= _MIN_GAP_CELLS else []


def _table_rows(paragraphs: list[list[Sentence]]) -> dict[int, str]:
    """Rows of "|" tables under a header with no digits, read as prose."""
    out: dict[int, str] = {}
    columns: list[str] = []  # the header's cells while inside a table
    period = ""  # the counting period the table's caption line gives all its rows
    place = ""  # the place the caption above a table of periods names
    source = ""  # the "Source: ..." line under (or over) a table of periods
    for n, para in enumerate(paragraphs):
        cells = _cells(para[0].text) if len(para) == 1 else []
        if len(cells) < 2:
            columns = []
            continue
        if not any(ch.isdigit() for ch in para[0].text):
            columns = cells  # a header row
            period = _caption_period(paragraphs[n - 1]) if n else ""
            place = _caption_place(paragraphs[max(0, n - 2):n])
            source = _source_note(paragraphs, n)
            continue
        if len(cells) != len(columns):
            continue
        row = _period_row(columns, cells, place, source) or _table_row(columns, cells)
        if row is not None:
            out[para[0].index] = f"{row} {period}" if period else row
    return out


# "Entries of Russian citizens since 21 September, latest official figure" above a table:
# the period its caption names is every row's.
_CAPTION_PERIOD = re.compile(r"\b(?:since|after)\s+[^,;:.|]{3,40}")
_MAX_CAPTION = 160  # characters: a caption is one short line


def _caption_period(para: list[Sentence]) -> str:
    """The "since ..." phrase of a one-line caption paragraph, or ""."""
    if len(para) != 1 or len(para[0].text) > _MAX_CAPTION or "|" in para[0].text:
        return ""
    match = _CAPTION_PERIOD.search(para[0].text)
    return match.group(0).strip() if match else ""


_POSSESSIVE_END = re.compile(r"['’]s$")


def _caption_place(paras: list[list[Sentence]]) -> str:
    """The destination a table's caption names ("Russian citizens crossing Kazakhstan's
    border"), or "" when it names none or several."""
    codes = {p.code: p.text for para in paras for s in para if len(s.text) <= _MAX_CAPTION
             for p in find_places(s.text) if p.code != ORIGIN}
    if len(codes) != 1:
        return ""
    return _POSSESSIVE_END.sub("", next(iter(codes.values())))


def _metric_columns(columns: list[str]) -> list[int]:
    """Header cells that name what is counted ("Entered", "Left"); "Net" names none."""
    lex = lexicon()
    return [i for i, name in enumerate(columns)
            if any(pattern.fullmatch(name.strip()) for pattern in lex.metrics.values())]


_SOURCE_NOTE = re.compile(r"\bSource:\s*(?P<name>[^.;|]+)")


def _source_note(paragraphs: list[list[Sentence]], header: int) -> str:
    """The body a "Source: ..." line names right under a table, else right over it."""
    after = header + 1
    while after < len(paragraphs) and _cells(paragraphs[after][0].text):
        after += 1
    for para in paragraphs[after:after + 1] + paragraphs[max(0, header - 3):header][::-1]:
        for sentence in para:
            match = _SOURCE_NOTE.search(sentence.text)
            if match is not None:
                return match.group("name").strip()
    return ""


def _period_row(columns: list[str], cells: list[str], place: str, source: str = ""
                ) -> str | None:
    """"September 2022 | 289,500 | 198,300" under "Month | Entered | Left", captioned with
    Kazakhstan -> "In September 2022, 289,500 people entered Kazakhstan; in September
    2022, 198,300 people left Kazakhstan", each with the table's source after it. The
    first cell is the row's period."""
    counted = _metric_columns(columns)
    if not place or len(counted) < 2 or 0 in counted or read_amounts(cells[0]) and not any(
            ch.isalpha() for ch in cells[0]):
        return None
    label = cells[0].strip()
    # The source goes last: a leading period ("In September 2022, ...") is the count's own.
    told = f", according to {source}" if source else ""
    parts = [f"in {label}, {cells[i].strip()} people {columns[i].strip().lower()} {place}{told}"
             for i in counted if read_amounts(cells[i])]
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def _table_row(columns: list[str], cells: list[str]) -> str | None:
    """"Kazakhstan | about 200,000 entered | Interior Minister X" under "Country | figure |
    source" -> "According to Interior Minister X, about 200,000 entered, to Kazakhstan"."""
    figure = next((i for i, cell in enumerate(cells) if read_amounts(cell)), None)
    if figure is None:
        return None
    source = next((i for i, name in enumerate(columns) if _SOURCE_HEADER.search(name)
                   and i != figure), None)
    place = next((i for i, name in enumerate(columns) if _PLACE_HEADER.search(name)
                  and i not in (figure, source)), None)
    if place is None:
        place = next((i for i, cell in enumerate(cells) if i not in (figure, source)
                      and find_places(cell)), None)
    text = cells[figure].rstrip(".")
    if place is not None:
        # A cell with no word of its own for what is counted counts people arriving in
        # the row's place, or leaving it when the place is Russia ("Russia (all exits)").
        lex = lexicon()
        counted = any(pattern.search(text) for pattern in lex.metrics.values())
        origin = any(p.code == ORIGIN for p in find_places(cells[place]))
        if origin:
            text = f"{text}, in {cells[place]}" if counted else \
                f"{text} fleeing {cells[place]}"
        else:
            text = f"{text}, to {cells[place]}" if counted else \
                f"{text}, arriving in {cells[place]}"
    if source is not None:
        text = f"According to {cells[source]}, {text}"
    return text


_NAME_FIRST = re.compile(
    r"^(?P<name>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}),\s+(?P<what>[a-z].+)$")


def _place_item(para: list[Sentence]) -> bool:
    """A one-line paragraph "Germany: 3,855" whose label names a place."""
    item = _item(para[0].text) if len(para) == 1 else None
    return item is not None and bool(find_places(item[0]))


# A number defined on its own line: "- 200,000+: Russians who entered Kazakhstan ...".
_DEFINED = re.compile(r"^[-•*–—]?\s*(?P<value>\d[^:]{0,24}?)\s*:\s+(?P<caption>[A-Za-z].*)$")


def _defined(line: str) -> str | None:
    """The line "NUMBER: caption" read as "NUMBER caption"; None for other lines."""
    match = _DEFINED.match(line.strip())
    if match is None:
        return None
    value = match.group("value").strip()
    if _HEDGE_VALUE.match(value) is None or len(read_amounts(value)) != 1:
        return None
    if not _is_caption(match.group("caption")):
        return None
    return _captioned(value, "", match.group("caption"))


# A data line "Label, caption (note): NUMBER" or "Caption (note): NUMBER": the caption
# says what is counted, the label where, the note who counted it.
_DATA_LINE = re.compile(
    r"^[-•*–—]?\s*(?:(?P<label>[A-Z][^\d:,()]{0,40}?),\s+)?(?P<caption>[A-Za-z][^:()]{3,120}?)"
    r"\s*(?:\((?P<note>[^()]{2,80})\))?\s*:\s*(?P<value>[^:]{1,30})$")


def _data_line(line: str) -> str | None:
    """"Kazakhstan, entries since 21 Sept (interior minister): 200,000" read as prose."""
    if ":" not in line:  # the pattern needs a colon; most lines have none
        return None
    match = _DATA_LINE.match(line.strip())
    if match is None:
        return None
    value = match.group("value").strip()
    if _HEDGE_VALUE.match(value) is None or len(read_amounts(value)) != 1:
        return None
    caption = match.group("caption").strip().rstrip(",")
    if not any(word[:1].islower() for word in caption.split()):  # a caption, not a name
        return None
    label = (match.group("label") or "").strip()
    if len(label.split()) > _MAX_LABEL_WORDS:
        return None
    place = f", in {label}" if label else ""
    note = match.group("note")
    who = f", according to {_qualified(note.split(',')[0].strip(), label)}" if note else ""
    return f"{value} {caption}{place}{who}."


_UNQUALIFIED = re.compile(r"^[a-z][\w\s'’-]*$")  # "interior ministry", not "the ..." or "Frontex"
_NOT_OWNERS = re.compile(r"^(?:the|a|an|same|its|their|his|her)\b", re.IGNORECASE)


def _qualified(note: str, label: str) -> str:
    """A bare office named on a country's line is that country's: "(interior ministry)"
    on the Kazakhstan line -> "Kazakhstan's interior ministry"."""
    if (label and _UNQUALIFIED.match(note) and not _NOT_OWNERS.match(note)
            and any(p.start == 0 and p.end == len(label) for p in find_places(label))):
        return f"{label}'s {note}"
    if _NOT_OWNERS.match(note) or note[:1].isupper():
        return note
    return f"the {note}"


# A long list item "Label — NUMBER rest": the header's first clause is what is counted.
_LONG_ITEM = re.compile(r"^(?P<label>[A-Z][^\d:—–,]{0,40}?)\s*(?::|\s[—–])\s*"
                        r"(?P<hedge>(?:[a-z]+\s+){0,3}?)(?P<number>\d[\d,.\s]*\d|\d)(?P<rest>.*)$")


def _long_item(line: str, header: str) -> str | None:
    """"about 98,000 <what the header counts>, to Kazakhstan since 21 September (...)"."""
    match = _LONG_ITEM.match(_BULLET.sub("", line).strip())
    if match is None or len(match.group("label").split()) > _MAX_LABEL_WORDS:
        return None
    counted = header.rstrip().rstrip(":").split(",")[0].split(" (")[0].strip()
    if _OWN_PERIOD.search(match.group("rest")):  # the item's own period replaces the header's
        counted = _HEADER_PERIOD.split(counted)[0]
    if len(counted.split()) < 2:
        return None
    number = f"{match.group('hedge')}{match.group('number').strip()}"
    label = match.group("label").strip()
    rest = _NOTE.sub(lambda m: f"({_qualified(m.group(1).strip(), label)})", match.group("rest"))
    return f"{number} {counted}, to {label}{rest}"


_OWN_PERIOD = re.compile(r"\b(?:since|between|last|in\s+the|during|from|on)\b", re.IGNORECASE)
_HEADER_PERIOD = re.compile(r"\s+(?:since|between|during|in\s+the|from)\b", re.IGNORECASE)
_NOTE = re.compile(r"\(([^()\d]{2,60})\)")


_BULLET = re.compile(r"^\s*[-•*–—]\s+")
# A remark after the item's number: "167,000, twice the 2019 level".
_COMMENT = re.compile(r"(?<=\d),\s+(?=[a-z]).*$")


def _item(line: str) -> tuple[str, str] | None:
    """("Georgia", "112,000") for a list line "Georgia: 112,000"; None for prose."""
    line = _BULLET.sub("", line)
    if len(line) > _MAX_HEADING or line.endswith(_SENTENCE_END):
        return None
    match = _ITEM.match(line.strip())
    if match is None or len(match.group("label").split()) > _MAX_LABEL_WORDS:
        return None
    value = _COMMENT.sub("", match.group("value").strip())  # "167,000, twice the 2019 level"
    if _HEDGE_VALUE.match(value) is None or len(read_amounts(value)) != 1:
        return None
    return match.group("label").strip().rstrip(","), value


def _heading(line: str) -> tuple[str, str] | None:
    """("Kazakhstan", "98 000") for a heading line "Kazakhstan — 98 000" or ("", "70k")."""
    if len(line) > _MAX_HEADING or line.endswith(_SENTENCE_END):
        return None
    match = _HEADING.match(line.strip())
    if match is None:
        return None
    label = (match.group("label") or "").strip().rstrip(",")
    if len(label.split()) > _MAX_LABEL_WORDS:
        return None
    value = match.group("value").strip()
    if _HEDGE_VALUE.match(value) is None or len(read_amounts(value)) != 1:
        return None
    return label, value


def _is_caption(text: str) -> bool:
    """A caption starts with a word, not a number, and says something about it."""
    return bool(text[:1].isalpha()) and len(text.split()) >= 4


def _captioned(value: str, label: str, caption: str) -> str:
    """The caption read with the heading's number in it."""
    number = value.rstrip("+")
    plus = " or more" if value.endswith("+") else ""
    suffix = f", in {label}" if label and "," not in label else ""
    pointer = _POINTER.search(caption)
    body = caption.rstrip(".") if suffix else caption
    if pointer is not None:
        body = f"{body[:pointer.start()]}{number}{plus}{body[pointer.end():]}"
    else:
        body = f"{number}{plus} {body}"
    return f"{body}{suffix}." if suffix else body
