"""The demo pages agree with the manifest, look like real news pages, and clean up well."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime

import pytest
import trafilatura
from trafilatura.settings import Document

from exodus.config import CrawlSettings
from exodus.demo import PAGES_DIR, DemoPage, load_expected, load_pages, page_html, waves

PAGES = load_pages()
SLUGS = [page.slug for page in PAGES]
BY_SLUG = {page.slug: page for page in PAGES}
FIRST_DAY = datetime(2022, 9, 21, tzinfo=UTC)
LAST_DAY = datetime(2024, 1, 1, tzinfo=UTC)
TOPIC_PHRASES = CrawlSettings().topic_phrases
# Text that only the page furniture carries: banners, lists, comment forms, footers.
CHROME_TEXT = (
    "We use cookies", "This site uses cookies", "Our website stores small files", "Related stories",
    "Post comment", "Comments are moderated", "All rights reserved", "Most read", "Subscribe",
)


def _meta(html: str, prop: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def _unescape(text: str) -> str:
    return html_lib.unescape(text)


def test_manifest_has_at_least_30_pages() -> None:
    assert len(PAGES) >= 30


def test_manifest_slugs_match_page_files() -> None:
    files = {path.stem for path in PAGES_DIR.glob("*.html")}
    assert files == set(SLUGS)
    assert len(SLUGS) == len(set(SLUGS))


def test_manifest_topic_mix() -> None:
    expected = load_expected()
    on_without = [p for p in PAGES if p.topic == "on" and not expected[p.filename]]
    off = [p for p in PAGES if p.topic == "off"]
    assert len(on_without) >= 4
    assert len(off) >= 3
    assert {p.topic for p in PAGES} == {"on", "off"}


@pytest.mark.parametrize("slug", SLUGS)
def test_manifest_entry_well_formed(slug: str) -> None:
    page = BY_SLUG[slug]
    assert page.published.tzinfo is not None
    assert FIRST_DAY <= page.published < LAST_DAY
    assert page.title.strip() and page.summary.strip()
    assert page.summary.endswith(".") and page.summary.count(". ") == 0  # one sentence
    assert page.topic in ("on", "off")


@pytest.mark.parametrize("slug", SLUGS)
def test_page_metadata_matches_manifest(slug: str) -> None:
    page, html = BY_SLUG[slug], page_html(slug)
    assert '<html lang="en">' in html
    published = _meta(html, "article:published_time")
    assert published is not None and datetime.fromisoformat(published) == page.published
    assert published == page.published.isoformat()
    assert _unescape(_meta(html, "og:title") or "") == page.title
    assert _meta(html, "og:site_name")
    assert f'<time datetime="{page.published.isoformat()}">' in html


@pytest.mark.parametrize("slug", SLUGS)
def test_page_has_realistic_chrome(slug: str) -> None:
    html = page_html(slug)
    markers = (
        "<nav", "cookie", "related-links", 'id="comments"', "<footer", "<article", "<h1>", "byline",
    )
    for marker in markers:
        assert marker in html, marker


@pytest.mark.parametrize("slug", SLUGS)
def test_page_topic_phrases_match_topic(slug: str) -> None:
    # The crawler's topic filter must keep on-topic pages and drop off-topic ones.
    page, text = BY_SLUG[slug], page_html(slug).lower()
    hits = [phrase for phrase in TOPIC_PHRASES if phrase in text]
    if page.topic == "on":
        assert hits, "on-topic page without any topic phrase"
    else:
        assert not hits, f"off-topic page contains topic phrases {hits}"


def _first_paragraph(html: str) -> str:
    body = html.split('<div class="story-body">', 1)[1]
    match = re.search(r"<p>(.*?)</p>", body, re.S)
    assert match
    return _unescape(match.group(1))


@pytest.mark.parametrize("slug", SLUGS)
def test_trafilatura_extracts_article_without_chrome(slug: str) -> None:
    page, html = BY_SLUG[slug], page_html(slug)
    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    assert isinstance(doc, Document)
    text = doc.text or ""
    assert _first_paragraph(html)[:80] in text
    for chrome in CHROME_TEXT:
        assert chrome not in text, chrome
    for match in re.finditer(r'<div class="comment-content"><p>(.*?)</p>', html):
        assert _unescape(match.group(1)) not in text
    assert doc.date == page.published.date().isoformat()
    assert doc.title == page.title


def test_waves_release_everything_in_order() -> None:
    cutoffs = waves(PAGES)
    assert len(cutoffs) == 5
    assert cutoffs == sorted(cutoffs)
    assert cutoffs[-1] == max(p.published for p in PAGES)
    assert cutoffs[0] < datetime(2022, 9, 28, tzinfo=UTC)  # first wave: the first days
    sizes = [sum(p.published <= c for p in PAGES) for c in cutoffs]
    assert sizes == sorted(set(sizes)) and sizes[0] > 0 and sizes[-1] == len(PAGES)


def test_waves_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="count"):
        waves(PAGES, 0)
    with pytest.raises(ValueError, match="no pages"):
        waves([], 3)


def test_waves_single_wave_is_everything() -> None:
    assert waves(PAGES, 1) == [max(p.published for p in PAGES)]


def test_demo_page_filename() -> None:
    page = DemoPage("x", "T", FIRST_DAY, "S.", "on")
    assert page.filename == "x.html"


MONTH_ABBR = {"Jan": 1, "Feb": 2, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.mark.parametrize("slug", SLUGS)
def test_page_dateline_matches_date(slug: str) -> None:
    # A wire dateline ("ASTANA, Oct 4 (Steppe Wire) –") must name the publication day.
    page = BY_SLUG[slug]
    lead = _first_paragraph(page_html(slug))
    match = re.search(r"\b(Jan|Feb|Sept|Oct|Nov|Dec) (\d{1,2}) \(", lead)
    if match:
        assert (MONTH_ABBR[match.group(1)], int(match.group(2))) == (
            page.published.month, page.published.day,
        )


def test_default_topic_phrases_pass_every_on_topic_listing_and_no_off_topic_one() -> None:
    from exodus.config import CrawlSettings

    phrases = [phrase.lower() for phrase in CrawlSettings().topic_phrases]
    for page in load_pages():
        listed = f"{page.title} {page.summary}".lower()
        matched = any(phrase in listed for phrase in phrases)
        assert matched == (page.topic == "on"), page.slug
