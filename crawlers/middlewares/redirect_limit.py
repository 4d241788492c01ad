"""Scrapy's redirect middlewares, with a named reason when a redirect chain is given up.

Scrapy's own middlewares end a chain longer than REDIRECT_MAX_TIMES with a bare
``IgnoreRequest`` (recorded as the vague "ignored"), and a loop (A -> B -> A) is worse: the
second request for A is dropped by the duplicate filter, so the entry vanished without any
record. Here both fail with ``RefusedRequest``: "redirect_loop" when a redirect (HTTP 3xx or
``<meta http-equiv="refresh">``) points back to a URL of its own chain, "too_many_redirects"
past REDIRECT_MAX_TIMES. Counter: ``crawl/redirect_given_up/<reason>``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

from crawlers.failures import RefusedRequest

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["MetaRefreshLimitMiddleware", "RedirectLimitMiddleware"]

logger = logging.getLogger(__name__)


def _followed(
    crawler: Crawler, request: Request, follow: Callable[[], Request | Response]
) -> Request | Response:
    """What Scrapy's ``follow`` answers, unless it gives up the chain or closes a loop."""
    reason = None
    try:
        result = follow()
    except IgnoreRequest:  # Scrapy's only reason to ignore here: REDIRECT_MAX_TIMES
        reason = "too_many_redirects"
    else:
        if not isinstance(result, Request) or result.url not in result.meta["redirect_urls"]:
            return result
        reason = "redirect_loop"
    assert crawler.stats is not None
    crawler.stats.inc_value(f"crawl/redirect_given_up/{reason}")
    chain = [*request.meta.get("redirect_urls", []), request.url]
    logger.info("Redirects given up (%s): %s", reason, " -> ".join(chain))
    raise RefusedRequest(reason, request.url)


class RedirectLimitMiddleware(RedirectMiddleware):
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        return _followed(
            self.crawler, request, partial(super().process_response, request, response)
        )


class MetaRefreshLimitMiddleware(MetaRefreshMiddleware):
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        return _followed(
            self.crawler, request, partial(super().process_response, request, response)
        )
