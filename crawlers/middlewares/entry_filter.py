"""Decide which listed entries are worth a request: the rest become SkippedEntry items.

The spider turns every feed entry, sitemap <url>, GDELT article and matching link into a
Request carrying ``meta["exodus_entry"]`` (a ``crawlers.listings.Entry``) and
``meta["exodus_source"]``. This middleware replaces such a request with a ``SkippedEntry``
when the entry is

* ``not_http``: not an http(s) URL;
* ``off_domain``: outside ``meta["exodus_domains"]`` (empty: any domain);
* ``seen``: its canonical URL was fetched by an earlier run (EXODUS_SEEN_URLS_FILE);
* ``off_topic``: its listed title or summary contains none of EXODUS_TOPIC_PHRASES.

An entry listed twice in one crawl (two feeds, two sitemaps) is requested once; the repeat
is only counted. Counters: ``crawl/entries``, ``crawl/skipped/<reason>``, ``crawl/duplicate``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawlers.listings import Entry, topic_match
from crawlers.urls import canonical_url, in_domains
from exodus.records import SkippedEntry

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["EntryFilterMiddleware", "read_seen_urls"]

logger = logging.getLogger(__name__)


def read_seen_urls(path: str | Path) -> frozenset[str]:
    """Canonical URLs from a file, one a line; blank lines are ignored."""
    with open(path, encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


class EntryFilterMiddleware(BaseSpiderMiddleware):
    def __init__(self, crawler: Crawler, seen: frozenset[str], phrases: list[str]) -> None:
        super().__init__(crawler)
        self.seen = seen
        self.phrases = phrases
        self._requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        seen_file = crawler.settings.get("EXODUS_SEEN_URLS_FILE")
        seen = read_seen_urls(seen_file) if seen_file else frozenset()
        return cls(crawler, seen, crawler.settings.getlist("EXODUS_TOPIC_PHRASES"))

    def get_processed_request(self, request: Request, response: Response | None) -> Any:
        entry = request.meta.get("exodus_entry")
        if not isinstance(entry, Entry):
            return request  # a feed, sitemap or API request: not an article
        assert self.crawler.stats is not None
        stats = self.crawler.stats
        stats.inc_value("crawl/entries")
        canonical = canonical_url(entry.url)
        reason = self._skip_reason(entry, canonical, request.meta.get("exodus_domains") or ())
        if reason is None and canonical in self._requested:
            stats.inc_value("crawl/duplicate")
            return None
        if reason is not None:
            stats.inc_value(f"crawl/skipped/{reason}")
            logger.debug("Skipped (%s): %s", reason, entry.url)
            return SkippedEntry(url=entry.url, source=request.meta["exodus_source"], reason=reason)
        self._requested.add(canonical)
        return request

    def _skip_reason(self, entry: Entry, canonical: str, domains: tuple[str, ...]) -> str | None:
        if not canonical.startswith(("http://", "https://")):
            return "not_http"
        if not in_domains(entry.url, domains):
            return "off_domain"
        if canonical in self.seen:
            return "seen"
        listed_text = " ".join(part for part in (entry.title, entry.summary) if part)
        judged = bool(self.phrases and entry.judge_topic and listed_text)
        if judged and not topic_match(listed_text, self.phrases):
            return "off_topic"
        return None
