"""The extractor on FIGURES.md's hard cases, one behaviour per test, and its contract."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import figures
from figures import EXTRACTOR_VERSION, Figure, explain, extract

PUBLISHED = date(2022, 10, 6)


def _keys(text: str, published: date = PUBLISHED) -> list[tuple[object, ...]]:
    return [f.key for f in extract(text, published)]


def _one(text: str, published: date = PUBLISHED) -> Figure:
    (figure,) = extract(text, published)
    return figure


@pytest.mark.parametrize(("text", "qualifier"), [
    ("About 10,000 Russians entered Georgia.", "approx"),
    ("Nearly 10,000 Russians entered Georgia.", "approx"),
    ("Close to 10,000 Russians entered Georgia.", "approx"),
    ("More than 10,000 Russians entered Georgia.", "at_least"),
    ("Just over 10,000 Russians entered Georgia.", "at_least"),
    ("Up to 10,000 Russians entered Georgia.", "at_most"),
    ("As many as 10,000 Russians may arrive in Georgia.", "at_most"),
    ("About 10-11 thousand Russians entered Georgia.", "range"),
    ("10,000 Russians entered Georgia.", "exact"),
])
def test_extract_qualifier(text: str, qualifier: str) -> None:
    assert _one(text).qualifier == qualifier


@pytest.mark.parametrize(("text", "per"), [
    ("About 10,000 Russians a day are entering Georgia.", "day"),
    ("Some 10,000 Russians entered Georgia daily.", "day"),
    ("On Saturday about 8,600 Russians crossed into Finland.", "day"),
    ("Yesterday 7,000 Russians entered Kazakhstan.", "day"),
    ("Last week 66,000 Russians entered the EU.", "week"),
    ("66,000 Russians entered the EU on September 19-25.", "week"),
    ("17,000 Russians crossed into Finland over the weekend.", None),
    ("98,000 Russians entered Kazakhstan in the first week since the mobilisation.", None),
    ("Kazakhstan's minister said on Tuesday that 200,000 Russians had entered.", None),
])
def test_extract_per(text: str, per: str | None) -> None:
    assert _one(text).per == per


@pytest.mark.parametrize(("text", "since"), [
    ("53,000 Russians entered Georgia since the mobilisation was announced.", date(2022, 9, 21)),
    ("53,000 Russians entered Georgia since September 21.", date(2022, 9, 21)),
    ("500,000 Russians have left since the invasion.", date(2022, 2, 24)),
    ("500,000 Russians left in 2022.", date(2022, 1, 1)),
    ("50,000 Russians entered Georgia in September alone.", date(2022, 9, 1)),
    ("50,000 Russians entered Georgia in the second half of September.", date(2022, 9, 16)),
    ("50,000 Russians entered Georgia since last week.", None),
])
def test_extract_since(text: str, since: date | None) -> None:
    assert _one(text).since == since


def test_extract_since_weekday_is_the_last_one_before_publication() -> None:
    figure = _one("53,000 Russians entered Georgia since Wednesday.", date(2022, 9, 23))
    assert figure.since == date(2022, 9, 21)


@pytest.mark.parametrize(("text", "key"), [
    ("700,000 Russians have fled the country.", ("departed", None, 700_000, 700_000, None)),
    ("200,000 Russians have entered Kazakhstan.", ("arrived", "KZ", 200_000, 200_000, None)),
    ("53,000 sought refuge in Georgia.", ("arrived", "GE", 53_000, 53_000, None)),
    ("147,000 Russians left Kazakhstan.", ("moved_on", "KZ", 147_000, 147_000, None)),
    ("70,000 applied for identification numbers in Kazakhstan.",
     ("registered", "KZ", 70_000, 70_000, None)),
    ("30,000 Russians left Finland for Russia.", ("returned", "FI", 30_000, 30_000, None)),
    ("Putin ordered the call-up of 300,000 reservists.",
     ("called_up", None, 300_000, 300_000, None)),
    ("66,000 Russians fled into the European Union.", ("arrived", "EU", 66_000, 66_000, None)),
    ("3,000 Russians crossed at Altanbulag.", ("arrived", "MN", 3_000, 3_000, None)),
    ("Thousands queued at Verkhny Lars, where 5,000 crossed.",
     ("arrived", "GE", 5_000, 5_000, None)),
    ("100,000 Russians fled to Georgia, Kazakhstan and Finland.",
     ("departed", None, 100_000, 100_000, None)),
])
def test_extract_metric_and_destination(text: str, key: tuple[object, ...]) -> None:
    assert _keys(text) == [key]


@pytest.mark.parametrize("text", [
    "Tens of thousands of Russians have fled to Georgia.",
    "The 24-year-old waited 48 hours at the border, 5 km from the checkpoint.",
    "Tickets to Dubai cost 350,000 roubles, or about $5,000.",
    "Some 5,500 vehicles were waiting at Verkhny Lars.",
    "About 40% of the arrivals were women.",
    "In 2021, about 2,000 Russians a day crossed into Kazakhstan.",
    "The flow was 10,000 a day, against a normal 5,000-6,000 a day.",
    "About 100,000 Russians are still in the country, the ministry said of Kazakhstan.",
    "Some 12,000 Ukrainians fled to Poland.",
])
def test_extract_ignores_non_figures(text: str) -> None:
    assert all(f.low not in (2_000, 5_000, 5_500, 100_000, 12_000, 350_000)
               for f in extract(text, PUBLISHED))


def test_extract_merges_repeated_figure_keeping_named_source() -> None:
    text = ("The source said about 200,000 Russians went to Kazakhstan.\n\n"
            "Interior Minister Marat Akhmetzhanov said 200,000 Russians have entered "
            "Kazakhstan since September 21.")
    figure = _one(text)
    assert (figure.source, figure.since, figure.qualifier) == (
        "Interior Minister Marat Akhmetzhanov", date(2022, 9, 21), "exact")


def test_extract_keeps_rounded_headline_as_its_own_row() -> None:
    text = "About 260,000 Russians fled\n\nAbout 261,000 men have left Russia, Novaya Gazeta said."
    assert [f.low for f in extract(text, PUBLISHED)] == [260_000, 261_000]


def test_extract_marks_denied_figure_disputed() -> None:
    figure = _one("Peskov denied reports that up to 700,000 Russians have fled the country.")
    assert figure.disputed and figure.source is None


def test_extract_resolves_pronoun_to_last_speaker() -> None:
    text = ("Interior Minister Marat Akhmetzhanov said 200,000 Russians entered Kazakhstan. "
            "He added that about 147,000 Russians left Kazakhstan.")
    assert {f.source for f in extract(text, PUBLISHED)} == {"Interior Minister Marat Akhmetzhanov"}


def test_extract_resolves_his_country_from_speaker_title() -> None:
    figure = _one("Kazakhstan's Interior Minister Marat Akhmetzhanov said 200,000 Russians "
                  "have entered his country.")
    assert figure.destination == "KZ"


def test_extract_vague_source_is_null() -> None:
    assert _one("By some estimates, 500,000 Russians have left.").source is None


def test_extract_quote_offsets_point_into_text() -> None:
    text = "Headline without numbers\n\nOfficials said 53,000 Russians sought refuge in Georgia."
    figure = _one(text)
    assert text[figure.quote_start:figure.quote_end] == figure.quote


def test_extract_title_only_figure_has_empty_span() -> None:
    (figure,) = extract("No figures in the body.", PUBLISHED,
                        title="53,000 Russians seek refuge in Georgia")
    assert (figure.quote_start, figure.quote_end) == (0, 0)
    assert figure.quote == "53,000 Russians seek refuge in Georgia"


def test_extract_is_empty_for_empty_text() -> None:
    assert extract("", None) == []


@settings(max_examples=200, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.text()))
def test_extract_never_raises(text: str, published: date | None, title: str | None) -> None:
    assert isinstance(extract(text, published, title), list)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "700,000", "Russians", "fled", "entered", "Georgia", "since", "September 21", "about",
    "up to", "said", "the ministry", "He", "denied", ",", ".", "\n\n", "of them", "a day",
    "between", "and", "10-11 thousand", "half a million", "Kazakhstan's", "his country",
])).map(" ".join))
def test_extract_never_raises_on_story_like_text(text: str) -> None:
    assert isinstance(extract(text, PUBLISHED), list)


def test_explain_names_the_deciding_words() -> None:
    ((figure, why),) = explain("About 53,000 Russians sought refuge in Georgia.", PUBLISHED)
    assert figure.destination == "GE"
    assert why[0]["metric"] == "sought refuge" and why[0]["qualifier"] == "About"


def test_package_exports_the_contract() -> None:
    assert set(figures.__all__) >= {"extract", "Figure", "EXTRACTOR_VERSION"}
    assert EXTRACTOR_VERSION.count(".") == 2


FORBIDDEN = {"scrapy", "prefect", "duckdb", "exodus", "storage", "flows", "crawlers", "alerts"}


def test_package_imports_no_other_stage() -> None:
    for path in Path(figures.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not {n.split(".")[0] for n in names} & FORBIDDEN, path.name


def test_extract_list_items_read_with_their_header() -> None:
    text = ("Official figures show how many Russians have moved to each destination since "
            "the invasion:\n\nGeorgia: 112,000\nTurkey: 78,000\n")
    assert sorted(_keys(text)) == [("arrived", "GE", 112000, 112000, None),
                                   ("arrived", "TR", 78000, 78000, None)]
    assert {f.since for f in extract(text, PUBLISHED)} == {date(2022, 2, 24)}


def test_extract_number_heading_read_with_its_caption() -> None:
    text = ("Kazakhstan — 98 000\nRussian citizens who have entered the country since "
            "September 21, according to the Kazakh interior ministry.\n")
    (figure,) = extract(text, PUBLISHED)
    assert figure.key == ("arrived", "KZ", 98000, 98000, None)
    assert figure.quote.startswith("Russian citizens who have entered")


def test_extract_breakdown_by_place_inherits_the_metric() -> None:
    text = ("Russians lodged 18,400 asylum applications in the EU in 2022. Germany received "
            "the most, 3,855, followed by France with 3,350.")
    assert ("registered", "DE", 3855, 3855, None) in _keys(text)
    assert ("registered", "FR", 3350, 3350, None) in _keys(text)


@pytest.mark.parametrize(("text", "key"), [
    ("On that Wednesday 4,824 Russians came into Finland.",
     ("arrived", "FI", 4824, 4824, "day")),
    ("7,743 Russians entered Finland yesterday, a little down from the weekend.",
     ("arrived", "FI", 7743, 7743, "day")),
    ("Over Saturday and Sunday 16,886 arrived in Finland, many of them in transit.",
     ("arrived", "FI", 16886, 16886, None)),
    ("About 100,000 people had left Russia in 2022 and not come back.",
     ("departed", None, 100000, 100000, None)),
])
def test_extract_general_rules_of_0_3(text: str, key: tuple[object, ...]) -> None:
    assert key in _keys(text)


@pytest.mark.parametrize("text", [
    "Shoigu said 5,937 Russian servicemen had been killed in Ukraine.",
    "Some 15,000 people came to Georgia along with some 2,000 from Belarus.",
])
def test_extract_not_rows_of_0_3(text: str) -> None:
    assert not [k for k in _keys(text) if k[2] in (5937, 2000)]


def test_extract_data_line_reads_label_caption_note_and_value() -> None:
    figure = _one("Kazakhstan, entries since 21 Sept (interior minister): 200,000")
    assert figure.key == ("arrived", "KZ", 200000, 200000, None)
    assert figure.since == date(2022, 9, 21)
    assert figure.source == "Kazakhstan's interior minister"


def test_extract_same_source_resolves_to_the_earlier_parenthesis() -> None:
    text = ("Entries of Russian citizens since the mobilisation decree, by country:\n\n"
            "Kazakhstan — about 98,000 since 21 September (interior ministry); just over "
            "64,000 of them have since left again (same source).\n")
    sources = {f.metric: f.source for f in extract(text, PUBLISHED)}
    assert sources == {"arrived": "Kazakhstan's interior ministry",
                       "moved_on": "Kazakhstan's interior ministry"}


@pytest.mark.parametrize(("text", "key"), [
    # a small count printed in digits right before "Russians"
    ("Germany has granted asylum to 90 Russian men since the invasion.",
     ("registered", "DE", 90, 90, None)),
    # a keyword between two numbers belongs to the number before it
    ("In the preceding 24 hours, 9,642 had entered Georgia and 5,448 had departed.",
     ("moved_on", "GE", 5448, 5448, "day")),
    # "in the other direction" at a border is going back
    ("Nearly 8,600 Russians entered Finland on Saturday. Close to 4,200 Russians crossed in "
     "the other direction on the same day.", ("returned", "FI", 4200, 4200, "day")),
])
def test_extract_general_rules_of_0_5(text: str, key: tuple[object, ...]) -> None:
    assert key in _keys(text)


@pytest.mark.parametrize("text", [
    "On 16 September the same stations counted about 3,700 arrivals in Finland.",
    "The group of 25 men entered Georgia on foot.",
])
def test_extract_not_rows_of_0_5(text: str) -> None:
    assert _keys(text) == []
