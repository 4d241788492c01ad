"""From a fetched page to clean article text and metadata, with trafilatura."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from crawlers.listings import topic_match  # the same test before fetching and after cleaning
from crawlers.urls import canonical_url  # one canonical form for the seen record and storage
from exodus.records import CleanArticle, FetchedPage

__all__ = ["Rejection", "clean_page", "clean_pages", "MIN_TEXT_CHARS"]

# Shorter "articles" are link pages, paywall stubs or error pages; the shortest real wire
# brief in the demo corpus is about 400 characters.
MIN_TEXT_CHARS = 200

_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_URL_DATE = re.compile(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")


@dataclass(frozen=True)
class Rejection:
    """A fetched page that did not become an article, with the reason."""

    url: str
    source: str
    reason: str  # "no_text" | "too_short" | "off_topic" | "not_html"


def _published(
    page: FetchedPage, document: Document, now: datetime
) -> tuple[datetime | None, str | None]:
    candidates: list[tuple[datetime | None, str]] = [(page.listed_published, "feed")]
    if document.date:
        try:
            day = datetime.fromisoformat(str(document.date))
            candidates.append((day if day.tzinfo else day.replace(tzinfo=UTC), "metadata"))
        except ValueError:
            pass
    match = _URL_DATE.search(page.final_url)
    if match:
        try:
            day = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
            candidates.append((day, "url"))
        except ValueError:
            pass
    for value, origin in candidates:
        if value is None:
            continue
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        if value <= now:  # a date in the future is a template's or a typo, never the truth
            return value.astimezone(UTC), origin
    return None, None


def clean_page(
    page: FetchedPage,
    topic_phrases: Sequence[str] = (),
    now: datetime | None = None,
    min_chars: int = MIN_TEXT_CHARS,
) -> CleanArticle | Rejection:
    """Clean one page; a page that is not a usable article comes back as a Rejection."""
    now = now or datetime.now(UTC)
    document = trafilatura.bare_extraction(
        page.html,
        url=page.final_url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    if not isinstance(document, Document) or not document.text:
        return Rejection(page.url, page.source, "no_text")
    text = document.text.strip()
    if len(text) < min_chars:
        return Rejection(page.url, page.source, "too_short")
    title = document.title or page.listed_title
    if topic_phrases and not topic_match(f"{title or ''}\n{text}", topic_phrases):
        return Rejection(page.url, page.source, "off_topic")
    published_at, published_from = _published(page, document, now)
    language = document.language
    if not language:
        match = _HTML_LANG.search(page.html[:2000])
        language = match[1].lower() if match else None
    return CleanArticle(
        url=page.url,
        canonical_url=canonical_url(page.url),
        source=page.source,
        site=document.sitename or urlsplit(page.final_url).hostname,
        title=title,
        published_at=published_at,
        published_from=published_from,
        fetched_at=page.fetched_at,
        language=language,
        text=text,
        text_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def clean_pages(
    pages: Sequence[FetchedPage],
    topic_phrases: Sequence[str] = (),
) -> tuple[list[CleanArticle], list[Rejection]]:
    """Clean a batch; returns the articles and the rejections, in order."""
    articles: list[CleanArticle] = []
    rejections: list[Rejection] = []
    now = datetime.now(UTC)
    for page in pages:
        result = clean_page(page, topic_phrases, now)
        if isinstance(result, Rejection):
            rejections.append(result)
        else:
            articles.append(result)
    return articles, rejections
