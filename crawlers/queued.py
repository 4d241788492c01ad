"""Take requests out of Scrapy's downloader before they are sent.

Requests pass the downloader middlewares when they enter the downloader, then wait in a
per-slot queue (``Downloader.slots[key].queue``) until the slot's concurrency and delay let
them go; a closing engine waits for every one of them. A host that asks us to back off, or a
crawl whose time is up, must not send them: ``drain_queued`` fails each matching request with
``SkippedRequest(reason)``, which reaches the request's errback as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from twisted.python.failure import Failure

from crawlers.failures import SkippedRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

__all__ = ["drain_queued"]


def drain_queued(crawler: Crawler, match: Callable[[Request], bool], reason: str) -> int:
    """Fail the queued, not yet sent requests for which ``match`` is true; return how many."""
    downloader = getattr(crawler.engine, "downloader", None)
    drained = 0
    for slot in list(getattr(downloader, "slots", {}).values()):
        waiting = list(slot.queue)
        slot.queue.clear()
        for request, deferred in waiting:
            if not match(request):
                slot.queue.append((request, deferred))
                continue
            drained += 1
            deferred.errback(Failure(SkippedRequest(reason, request.url)))
    if drained and crawler.stats is not None:
        crawler.stats.inc_value(f"crawl/skipped_request/{reason}", drained)
    return drained
