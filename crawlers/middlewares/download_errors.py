"""Name the download that Scrapy cancels for passing DOWNLOAD_MAXSIZE without saying so.

A body without Content-Length that grows past DOWNLOAD_MAXSIZE is cancelled mid-stream, and
the errback sees a bare ``DownloadCancelledError`` (with a Content-Length over the limit,
Scrapy's message names the max size; streamed, it says nothing), which would be recorded as
"cancelled", like a download cut short by shutdown. The bytes received per download are
counted here (``bytes_received`` signal); a cancel past the limit fails with
``RefusedRequest("too_large")``, as the decompression middleware does for a gzip bomb.

Placed below RetryMiddleware (550): the retries happen first, the named error is the last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import DownloadCancelledError

from crawlers.failures import RefusedRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["StreamedSizeMiddleware"]

_RECEIVED = "exodus_bytes_received"  # meta key: body bytes of this download attempt


class StreamedSizeMiddleware:
    def __init__(self, max_size: int) -> None:
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        crawler.signals.connect(middleware._bytes_received, signal=signals.bytes_received)
        return middleware

    def _bytes_received(self, data: bytes, request: Request) -> None:
        request.meta[_RECEIVED] = request.meta.get(_RECEIVED, 0) + len(data)

    def process_request(self, request: Request) -> None:
        # Retries and redirects copy the meta: each attempt counts from zero.
        request.meta[_RECEIVED] = 0

    def process_response(self, request: Request, response: Response) -> Response:
        request.meta.pop(_RECEIVED, None)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        received = request.meta.pop(_RECEIVED, 0)
        max_size = request.meta.get("download_maxsize", self.max_size)
        if isinstance(exception, DownloadCancelledError) and max_size and received > max_size:
            raise RefusedRequest("too_large", request.url) from exception
        return None
