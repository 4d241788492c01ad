"""Do not follow a redirect to an article already fetched, by an earlier run or this one.

A listed URL (a short link, an old slug, a tracking redirect) may redirect to an article that
is already stored, or to one another entry of this crawl already claimed. The redirected
request passes through the downloader middlewares again; here its canonical URL is checked
against EXODUS_SEEN_URLS_FILE and against the redirect targets and entries of this crawl,
and the request fails with ``SkippedRequest("seen")`` or ``SkippedRequest("duplicate")``,
which the spider records as a SkippedEntry. Revisits (``meta["exodus_revisit"]``) are
exempt: they fetch a seen page on purpose. Counter: ``crawl/skipped_request/<reason>``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from crawlers.failures import SkippedRequest
from crawlers.middlewares.entry_filter import read_seen_urls
from crawlers.urls import canonical_url

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

__all__ = ["SeenRedirectMiddleware"]

logger = logging.getLogger(__name__)


class SeenRedirectMiddleware:
    def __init__(self, crawler: Crawler, seen: frozenset[str]) -> None:
        self.crawler = crawler
        self.seen = seen
        self._claimed: dict[str, str] = {}  # canonical URL -> the entry URL that fetches it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        seen_file = crawler.settings.get("EXODUS_SEEN_URLS_FILE")
        return cls(crawler, read_seen_urls(seen_file) if seen_file else frozenset())

    def process_request(self, request: Request) -> None:
        entry = request.meta.get("exodus_entry")
        if entry is None or request.meta.get("exodus_revisit"):
            return
        target = canonical_url(request.url)
        if not request.meta.get("redirect_urls"):
            self._claimed.setdefault(target, entry.url)
            return
        reason = None
        if target in self.seen:
            reason = "seen"
        elif self._claimed.setdefault(target, entry.url) != entry.url:
            reason = "duplicate"
        if reason is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"crawl/skipped_request/{reason}")
            logger.info("Redirect of %s lands on a %s URL: %s", entry.url, reason, request.url)
            raise SkippedRequest(reason, request.url)
