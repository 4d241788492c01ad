"""Decide which listed entries are worth a request: the rest become SkippedEntry items.

The spider turns every feed entry, sitemap <url>, GDELT article and matching link into a
Request carrying ``meta["exodus_entry"]`` (a ``crawlers.listings.Entry``) and
``meta["exodus_source"]``. This middleware replaces such a request with a ``SkippedEntry``
when the entry is

* ``not_http``: not an http(s) URL;
* ``off_domain``: outside ``meta["exodus_domains"]`` (empty: any domain);
* ``seen``: its canonical URL was fetched by an earlier run (EXODUS_SEEN_URLS_FILE), unless
  a revisit is due: the listed date is younger than EXODUS_REVISIT_HOURS and the page was
  last fetched (``spider.crawl_state.fetched``) at least EXODUS_REVISIT_EVERY_HOURS ago; the
  request then goes out with ``meta["exodus_revisit"] = True``;
* ``older_than_last_run``: its listed date is before ``meta["exodus_not_before"]`` (the
  spider sets it for sitemaps and GDELT from the source's last settled run);
* ``off_topic``: its listed title or summary contains none of EXODUS_TOPIC_PHRASES.

An entry listed twice in one crawl (two feeds, two sitemaps) is requested once; the repeat
is only counted. Counters: ``crawl/entries``, ``crawl/skipped/<reason>``, ``crawl/duplicate``,
``crawl/revisit``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import lru_cache
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

    from crawlers.state import CrawlState

__all__ = ["EntryFilterMiddleware", "read_seen_urls"]

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _read_seen(path: str) -> frozenset[str]:
    with open(path, encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def read_seen_urls(path: str | Path) -> frozenset[str]:
    """Canonical URLs from a file, one a line; blank lines are ignored (read once per crawl)."""
    return _read_seen(str(path))


class EntryFilterMiddleware(BaseSpiderMiddleware):
    def __init__(
        self,
        crawler: Crawler,
        seen: frozenset[str],
        phrases: list[str],
        revisit_window: timedelta = timedelta(0),
        revisit_every: timedelta = timedelta(hours=2),
    ) -> None:
        super().__init__(crawler)
        self.seen = seen
        self.phrases = phrases
        self.revisit_window = revisit_window
        self.revisit_every = revisit_every
        self._requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        seen_file = settings.get("EXODUS_SEEN_URLS_FILE")
        seen = read_seen_urls(seen_file) if seen_file else frozenset()
        return cls(
            crawler,
            seen,
            settings.getlist("EXODUS_TOPIC_PHRASES"),
            timedelta(hours=settings.getfloat("EXODUS_REVISIT_HOURS")),
            timedelta(hours=settings.getfloat("EXODUS_REVISIT_EVERY_HOURS", 2.0)),
        )

    def get_processed_request(self, request: Request, response: Response | None) -> Any:
        entry = request.meta.get("exodus_entry")
        if not isinstance(entry, Entry):
            return request  # a feed, sitemap or API request: not an article
        assert self.crawler.stats is not None
        stats = self.crawler.stats
        stats.inc_value("crawl/entries")
        canonical = canonical_url(entry.url)
        reason = self._skip_reason(entry, canonical, request.meta)
        if reason == "revisit":
            request.meta["exodus_revisit"] = True
            stats.inc_value("crawl/revisit")
            reason = None
        if reason is None and canonical in self._requested:
            stats.inc_value("crawl/duplicate")
            return None
        if reason is not None:
            stats.inc_value(f"crawl/skipped/{reason}")
            logger.debug("Skipped (%s): %s", reason, entry.url)
            return SkippedEntry(url=entry.url, source=request.meta["exodus_source"], reason=reason)
        self._requested.add(canonical)
        return request

    def _skip_reason(self, entry: Entry, canonical: str, meta: dict[str, Any]) -> str | None:
        if not canonical.startswith(("http://", "https://")):
            return "not_http"
        if not in_domains(entry.url, meta.get("exodus_domains") or ()):
            return "off_domain"
        if canonical in self.seen:
            return "revisit" if self._revisit_due(entry, canonical) else "seen"
        not_before = meta.get("exodus_not_before")
        listed_at = entry.listed_at
        if not_before is not None and listed_at is not None and listed_at < not_before:
            return "older_than_last_run"
        listed_text = " ".join(part for part in (entry.title, entry.summary) if part)
        judged = bool(self.phrases and entry.judge_topic and listed_text)
        if judged and not topic_match(listed_text, self.phrases):
            return "off_topic"
        return None

    def _revisit_due(self, entry: Entry, canonical: str) -> bool:
        listed_at = entry.listed_at
        now = datetime.now(UTC)
        if not self.revisit_window or listed_at is None or listed_at < now - self.revisit_window:
            return False
        state: CrawlState | None = getattr(self.crawler.spider, "crawl_state", None)
        if state is None:
            return False
        last = state.fetched.get(canonical)
        if last is None:
            # Fetched before the state knew it (a lost state file): count from now rather
            # than refetch every young page at once.
            state.fetched[canonical] = (now, listed_at)
            return False
        return now - last[0] >= self.revisit_every
