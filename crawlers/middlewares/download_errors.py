"""Give back the cause of the download errors that Scrapy's wrapping leaves unnamed.

Two errors reach the spider saying less than what happened:

* A body without Content-Length that grows past DOWNLOAD_MAXSIZE is cancelled mid-stream,
  and the errback sees a bare ``DownloadCancelledError`` (with a Content-Length over the
  limit, Scrapy's message names the max size; streamed, it says nothing), which is recorded
  as "cancelled", like a download cut short by shutdown. The bytes received per download are
  counted here (``bytes_received`` signal); a cancel past the limit is raised again with a
  message naming the max size, so it is recorded as "too_large".
* A connection closed or reset before the response arrives is a ``DownloadFailedError``
  wrapping Twisted's ``ResponseNeverReceived([ConnectionLost])``: recorded as the vague
  "download_error". Twisted's ``ConnectionLost``/``ConnectionDone`` is raised again instead,
  recorded as "connection_lost".

Placed below RetryMiddleware (550): the retries happen first, the named error is the last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import DownloadCancelledError, DownloadFailedError
from twisted.internet.error import ConnectionDone, ConnectionLost
from twisted.web.client import ResponseFailed

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["DownloadErrorMiddleware"]

_RECEIVED = "exodus_bytes_received"  # meta key: body bytes of this download attempt


class DownloadErrorMiddleware:
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
            raise DownloadCancelledError(
                f"Received {received} bytes, more than the download max size ({max_size}), "
                f"from {request.url}"
            ) from exception
        if isinstance(exception, DownloadFailedError):
            lost = _connection_lost(exception)
            if lost is not None:
                raise lost from exception
        return None


def _connection_lost(error: DownloadFailedError) -> ConnectionLost | ConnectionDone | None:
    """Twisted's "connection lost" inside Scrapy's DownloadFailedError, if that is its cause."""
    cause = error.__cause__
    if not isinstance(cause, ResponseFailed):
        return None
    for reason in cause.reasons:
        if isinstance(reason.value, (ConnectionLost, ConnectionDone)):
            return reason.value
    return None
