"""The number reader: every printed form FIGURES.md lists reads back to its value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from figures.numbers import parse_number, read_amounts


@pytest.mark.parametrize(("printed", "value"), [
    ("700,000", 700_000),
    ("700.000", 700_000),
    ("700 000", 700_000),
    ("700\u00a0000", 700_000),
    ("700 thousand", 700_000),
    ("700k", 700_000),
    ("700K", 700_000),
    ("1.2 million", 1_200_000),
    ("1.2m", 1_200_000),
    ("half a million", 500_000),
    ("a quarter of a million", 250_000),
    ("a quarter million", 250_000),
    ("three quarters of a million", 750_000),
    ("a million", 1_000_000),
    ("two hundred thousand", 200_000),
    ("Two hundred thousand", 200_000),
    ("forty-five thousand", 45_000),
    ("a thousand", 1_000),
    ("2 lakh", 200_000),
    ("3,00,000", 300_000),
    ("12,34,567", 1_234_567),
    ("53000", 53_000),
    ("8,572", 8_572),
])
def test_parse_number_reads_printed_form(printed: str, value: int) -> None:
    assert parse_number(printed) == value


@pytest.mark.parametrize(("printed", "low", "high"), [
    ("5,000-6,000", 5_000, 6_000),
    ("5,000–6,000", 5_000, 6_000),
    ("600,000 to 700,000", 600_000, 700_000),
    ("between 5,000 and 6,000", 5_000, 6_000),
    ("10-11 thousand", 10_000, 11_000),
    ("1-1.5 million", 1_000_000, 1_500_000),
    ("between 500,000 and 1 million", 500_000, 1_000_000),
])
def test_read_amounts_joins_ranges(printed: str, low: int, high: int) -> None:
    (amount,) = read_amounts(printed)
    assert (amount.low, amount.high, amount.is_range) == (low, high, True)


@pytest.mark.parametrize("text", ["tens of thousands", "thousands of men",
                                  "hundreds of thousands", "dozens"])
def test_read_amounts_ignores_vague_amounts(text: str) -> None:
    assert read_amounts(text) == []


def test_read_amounts_keeps_two_figures_joined_by_and_apart() -> None:
    assert [a.low for a in read_amounts("66,000 fled and 53,000 sought refuge")] == [66_000,
                                                                                    53_000]


def test_read_amounts_marks_years() -> None:
    (year,) = read_amounts("in 2022")
    assert year.year_like


def _western(n: int) -> str:
    return f"{n:,}"


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _spaced(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _indian(n: int) -> str:
    head, tail = divmod(n, 1000)
    groups: list[str] = []
    while head >= 100:
        head, rest = divmod(head, 100)
        groups.insert(0, f"{rest:02d}")
    return ",".join([str(head), *groups, f"{tail:03d}"]) if head else f"{tail}"


@given(st.integers(min_value=1_000, max_value=99_999_999),
       st.sampled_from([_western, _dotted, _spaced, str]))
def test_every_separator_form_reads_back(n: int, form: object) -> None:
    assert parse_number(form(n)) == n  # type: ignore[operator]


@given(st.integers(min_value=100_000, max_value=99_999_999))
def test_indian_grouping_reads_back(n: int) -> None:
    assert parse_number(_indian(n)) == n


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "k", "million"]))
def test_scaled_forms_read_back(n: int, scale: str) -> None:
    factor = 1_000_000 if scale == "million" else 1_000
    printed = f"{n}{scale}" if scale == "k" else f"{n} {scale}"
    assert parse_number(printed) == n * factor


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """1..999 in English words, as a newspaper would print them."""
    hundreds, rest = divmod(n, 100)
    parts = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        parts.append(_TENS[rest // 10] + (f"-{_UNITS[rest % 10]}" if rest % 10 else ""))
    elif rest:
        parts.append(_UNITS[rest])
    return " and ".join(parts)


@given(st.integers(min_value=1, max_value=999))
def test_number_words_with_a_scale_read_back(n: int) -> None:
    assert parse_number(f"{_words(n)} thousand") == n * 1_000
