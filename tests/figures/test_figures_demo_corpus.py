"""The extractor on an independent corpus: the demo site's pages, cleaned as the pipeline
cleans them, scored against exodus/demo/pages/expected.json (written by another person).

    .venv/bin/python -m tests.figures.test_figures_demo_corpus [--show]

prints the same report as `python -m figures.scoring`. The figures package itself imports
neither exodus nor cleaning; only this test does.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from figures import extract
from figures.scoring import Score, load_rows, report, score

BASELINE = Path(__file__).parent / "eval_baseline.json"


def demo_rows() -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """(gold, predicted) for every demo page, keyed by its file name."""
    from cleaning import clean_page
    from exodus.demo.site import EXPECTED, load_pages, page_html
    from exodus.records import FetchedPage

    gold = load_rows(EXPECTED)
    predicted: dict[str, list[dict[str, Any]]] = {}
    for page in load_pages():
        url = f"http://demo.invalid/{page.filename}"
        fetched = FetchedPage(url=url, final_url=url, source="demo", status=200,
                              html=page_html(page.slug), fetched_at=datetime.now(UTC))
        article = clean_page(fetched, min_chars=1)
        if hasattr(article, "reason"):  # rejected by the cleaner: no figures
            predicted[page.filename] = []
            continue
        published = article.published_at.date() if article.published_at else None
        figures = extract(article.text, published, title=article.title,
                          site=article.site)
        predicted[page.filename] = [f.as_row() for f in figures]
    return gold, predicted


def demo_score() -> Score:
    return score(*demo_rows())


def test_demo_corpus_meets_pinned_floor() -> None:
    pytest.importorskip("trafilatura")
    floor = json.loads(BASELINE.read_text())["demo"]
    result = demo_score()
    assert result.f1 >= floor["f1"]
    assert result.precision >= floor["precision"]
    assert result.recall >= floor["recall"]
    for name, value in floor["attributes"].items():
        assert result.attributes[name] >= value, name


def test_demo_corpus_covers_every_page() -> None:
    gold, predicted = demo_rows()
    assert set(gold) == set(predicted)


if __name__ == "__main__":
    for line in report(demo_score(), "--show" in sys.argv):
        print(line)
