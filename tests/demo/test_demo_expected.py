"""The gold rows in expected.json follow FIGURES.md and match what the pages print."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from typing import Any

import pycountry
import pytest

from exodus.demo import load_expected, load_pages, page_html

PAGES = {page.filename: page for page in load_pages()}
EXPECTED = load_expected()
ROWS = [(name, index, row) for name, rows in EXPECTED.items() for index, row in enumerate(rows)]
ROW_IDS = [f"{name}#{index}" for name, index, _ in ROWS]

FIELDS = {"metric", "destination", "low", "high", "qualifier", "per", "since", "source", "disputed"}
METRICS = {"departed", "arrived", "moved_on", "registered", "returned", "called_up"}
QUALIFIERS = {"exact", "approx", "at_least", "at_most", "range"}
PERS = {None, "day", "week"}
# Number words the pages use instead of digits.
WORDED = {500_000: ["half a million"], 1_000_000: ["a million"]}


def _spellings(number: int) -> list[str]:
    forms = [f"{number:,}", *WORDED.get(number, [])]
    if number >= 1_000_000:
        forms.append(f"{number / 1_000_000:g} million")
    return forms


def _text(name: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page_html(name.removesuffix(".html"))))


def test_expected_covers_every_page() -> None:
    assert set(EXPECTED) == set(PAGES)


def test_expected_has_enough_rows() -> None:
    assert len(ROWS) >= 40
    metrics = {row["metric"] for _, _, row in ROWS}
    assert metrics >= {"departed", "arrived", "moved_on", "registered", "called_up"}


def test_off_topic_pages_have_no_rows() -> None:
    for name, page in PAGES.items():
        if page.topic == "off":
            assert EXPECTED[name] == [], name


@pytest.mark.parametrize(("name", "index", "row"), ROWS, ids=ROW_IDS)
def test_expected_row_is_valid(name: str, index: int, row: dict[str, Any]) -> None:
    assert set(row) == FIELDS
    assert row["metric"] in METRICS
    assert row["qualifier"] in QUALIFIERS
    assert row["per"] in PERS
    assert isinstance(row["low"], int) and isinstance(row["high"], int)
    assert 0 < row["low"] <= row["high"]
    assert (row["qualifier"] == "range") == (row["low"] < row["high"])
    destination = row["destination"]
    assert destination is None or destination == "EU" or (
        len(destination) == 2 and pycountry.countries.get(alpha_2=destination) is not None
    )
    assert destination != "RU" or row["metric"] == "called_up"
    if row["since"] is not None:
        since = date.fromisoformat(row["since"])
        assert date(2022, 1, 1) <= since <= PAGES[name].published.date()
    assert row["source"] is None or (isinstance(row["source"], str) and row["source"].strip())
    assert isinstance(row["disputed"], bool)


@pytest.mark.parametrize(("name", "index", "row"), ROWS, ids=ROW_IDS)
def test_expected_row_numbers_are_printed_on_the_page(
    name: str, index: int, row: dict[str, Any]
) -> None:
    text = _text(name)
    for number in {row["low"], row["high"]}:
        assert any(form in text for form in _spellings(number)), number


@pytest.mark.parametrize(("name", "index", "row"), ROWS, ids=ROW_IDS)
def test_expected_row_source_is_named_on_the_page(
    name: str, index: int, row: dict[str, Any]
) -> None:
    if row["source"] is None:
        return
    text = _text(name).lower()
    # Scoring matches a source by its key words; at least one of them must be on the page.
    words = [w.lower() for w in re.findall(r"[A-Za-z:]{5,}", row["source"])]
    assert words and any(word in text for word in words), row["source"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_rows_are_merged(name: str) -> None:
    # One row per figure per article: the scoring key must be unique within a page.
    keys = [(r["metric"], r["destination"], r["low"], r["high"], r["per"]) for r in EXPECTED[name]]
    assert len(keys) == len(set(keys))
