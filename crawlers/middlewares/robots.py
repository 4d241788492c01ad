"""robots.txt as RFC 9309 reads it: an unreachable robots.txt means "do not crawl (yet)".

Scrapy's RobotsTxtMiddleware allows everything when robots.txt cannot be fetched or answers
5xx. RFC 9309 (2.3.1.4) asks a crawler to assume complete disallow when robots.txt is
unreachable because of a server or network error. This subclass does that: every request to
such a host fails with ``RefusedRequest("robots_unavailable")``, a recorded reason that the
flow retries on a later run (it is not counted as a failing run of the source). 4xx answers
still mean "no rules". A robots.txt request refused by another middleware (back-off,
private address) is not an error of the site.
Counter: ``crawl/robots_unavailable``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawlers.failures import RefusedRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

__all__ = ["RobotsGuardMiddleware"]


class RobotsGuardMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._unavailable: set[str] = set()  # netlocs whose robots.txt errored

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._robots_error(RuntimeError(f"robots.txt answered {response.status}"), netloc)
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, IgnoreRequest):  # refused or backed off, not unreachable
            self._unavailable.add(netloc)
        super()._robots_error(exc, netloc)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if rp is None and urlparse_cached(request).netloc in self._unavailable:
            self._stats.inc_value("crawl/robots_unavailable")
            raise RefusedRequest("robots_unavailable", request.url)
        super().process_request_2(rp, request)
