"""Frozen records that pass between the stages: fetch -> clean -> extract -> store -> alert."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from figures.model import Figure

__all__ = [
    "FetchedPage",
    "FetchFailure",
    "SkippedEntry",
    "CrawlResult",
    "CleanArticle",
    "ArticleFigures",
    "RunSummary",
    "Figure",
]


@dataclass(frozen=True)
class FetchedPage:
    """A page downloaded by the crawler, before any cleaning."""

    url: str  # the URL as listed by the source
    final_url: str  # after redirects
    source: str  # name of the configured source that listed it
    status: int
    html: str  # the decoded body
    fetched_at: datetime  # UTC, timezone-aware
    listed_title: str | None = None  # from the feed entry or news sitemap, when it had one
    listed_published: datetime | None = None
    listed_summary: str | None = None


@dataclass(frozen=True)
class FetchFailure:
    """A URL (page, feed or sitemap) that could not be fetched, with its reason."""

    url: str
    source: str
    reason: str  # short and stable: "http_404", "timeout", "dns", "too_large", ...
    status: int | None = None


@dataclass(frozen=True)
class SkippedEntry:
    """A listed entry deliberately not fetched (already seen, off topic, outside the domain)."""

    url: str
    source: str
    reason: str


@dataclass(frozen=True)
class CrawlResult:
    pages: tuple[FetchedPage, ...] = ()
    failures: tuple[FetchFailure, ...] = ()
    skipped: tuple[SkippedEntry, ...] = ()
    stats: dict[str, int] = field(default_factory=dict)  # Scrapy's counters, for the run record


@dataclass(frozen=True)
class CleanArticle:
    """A page reduced by trafilatura to its text and metadata."""

    url: str
    canonical_url: str
    source: str
    site: str | None
    title: str | None
    published_at: datetime | None
    published_from: str | None  # where the date came from: "feed", "metadata", "url", ...
    fetched_at: datetime
    language: str | None
    text: str
    text_hash: str  # sha256 of the text, to notice changed articles


@dataclass(frozen=True)
class ArticleFigures:
    """The figures one article reported, ready to store."""

    article: CleanArticle
    figures: tuple[Figure, ...]
    extractor_version: str


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    started_at: datetime
    finished_at: datetime
    articles_seen: int
    articles_new: int
    articles_failed: int
    figures_new: int
    alerts_new: int
    alerts_sent: int
    counters: dict[str, int] = field(default_factory=dict)
