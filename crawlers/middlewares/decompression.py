"""Scrapy's HttpCompressionMiddleware, with named reasons for the bodies it cannot unpack.

Scrapy (>= 2.11) stops inflating a ``Content-Encoding: gzip`` (deflate, br, zstd) body once it
passes DOWNLOAD_MAXSIZE, so a gzip bomb costs at most that much memory, but it says so with a
bare ``IgnoreRequest`` (recorded as the vague "ignored"); a body that is not what its
Content-Encoding claims raises whatever the decoder raises ("download_error"). Here the
first fails with ``RefusedRequest("too_large")``, the second with
``RefusedRequest("bad_encoding")``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest

from crawlers.failures import RefusedRequest

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response

__all__ = ["DecompressionLimitMiddleware"]

logger = logging.getLogger(__name__)


class DecompressionLimitMiddleware(HttpCompressionMiddleware):
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:  # Scrapy's only reason to ignore here: DOWNLOAD_MAXSIZE
            raise RefusedRequest("too_large", request.url) from None
        # zlib, brotli and zstandard each raise their own errors for a corrupt body.
        except Exception as error:
            logger.info(
                "Undecodable %s body: %s (%r)",
                response.headers.get("Content-Encoding"),
                request.url,
                error,
            )
            raise RefusedRequest("bad_encoding", request.url) from error
