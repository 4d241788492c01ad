"""Back off from a host that asked us to: 429, or 503 with Retry-After.

When a response is a 429 (with or without Retry-After) or a 503 with Retry-After, the host
(``host[:port]``) gets a back-off time: now plus Retry-After (seconds or an HTTP date,
capped at MAX_BACKOFF), or DEFAULT_429_BACKOFF for a 429 that does not say. The response is
not retried at once, and no further request goes to that host in this crawl; the time is
kept in the crawl state (``spider.crawl_state.backoff``) so later crawls skip the host until
it has passed. Requests to the host already waiting in the downloader are taken out too.
A skipped request fails with ``SkippedRequest("backoff")``, which the spider
records as a SkippedEntry. Counters: ``crawl/backoff/set``, ``crawl/skipped_request/backoff``.

Placed after RetryMiddleware (550) so that it sees a 503 before a retry is scheduled.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy.utils.httpobj import urlparse_cached

from crawlers.failures import SkippedRequest
from crawlers.queued import drain_queued

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawlers.state import CrawlState

__all__ = ["BackoffMiddleware", "retry_after", "host_key"]

logger = logging.getLogger(__name__)

# A 429 without Retry-After: wait this long (the next hourly run asks again).
DEFAULT_429_BACKOFF = timedelta(minutes=15)
# A Retry-After further out than this is taken as this: a typo must not silence a source.
MAX_BACKOFF = timedelta(hours=24)
BACKOFF_STATUSES = (429, 503)


def host_key(url_host: str) -> str:
    return url_host.lower()


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """The wait a Retry-After header asks for: delay-seconds or an HTTP date; None if bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        wait = timedelta(seconds=int(value))
    else:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        wait = moment - now
    return max(timedelta(0), min(wait, MAX_BACKOFF))


class BackoffMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._stopped: set[str] = set()  # hosts that asked us to stop during this crawl

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _state_backoff(self) -> dict[str, datetime]:
        state: CrawlState | None = getattr(self.crawler.spider, "crawl_state", None)
        return state.backoff if state is not None else {}

    def process_request(self, request: Request) -> None:
        host = host_key(urlparse_cached(request).netloc)
        until = self._state_backoff().get(host)
        if host in self._stopped or (until is not None and until > datetime.now(UTC)):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("crawl/skipped_request/backoff")
            logger.info("Backing off %s until %s: %s", host, until, request.url)
            raise SkippedRequest("backoff", request.url)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in BACKOFF_STATUSES:
            return response
        now = datetime.now(UTC)
        header = response.headers.get(b"Retry-After")
        wait = retry_after(header.decode("latin-1") if header else None, now)
        if wait is None:
            if response.status != 429:
                return response  # a plain 503: RetryMiddleware's business
            wait = DEFAULT_429_BACKOFF
        host = host_key(urlparse_cached(request).netloc)
        self._stopped.add(host)
        backoff = self._state_backoff()
        backoff[host] = max(backoff.get(host, now), now + wait)
        request.meta["dont_retry"] = True  # asked to wait: no retry in this crawl
        drain_queued(
            self.crawler, lambda queued: host_key(urlparse_cached(queued).netloc) == host, "backoff"
        )
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("crawl/backoff/set")
        logger.warning(
            "%s answered %s; no requests to %s until %s",
            request.url,
            response.status,
            host,
            backoff[host].isoformat(),
        )
        return response
