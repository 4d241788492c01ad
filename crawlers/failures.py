"""Map a download error to the short, stable reason stored in a FetchFailure."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error
from twisted.web.client import ResponseFailed

__all__ = ["RefusedRequest", "SkippedRequest", "failure_reason"]


class RefusedRequest(IgnoreRequest):
    """A request the crawl must not make; ``reason`` is recorded ("private_address", ...)."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.reason = reason


class SkippedRequest(RefusedRequest):
    """A request deliberately not made ("backoff", "seen", "duplicate"): a SkippedEntry."""


# Checked in order; the first matching type names the reason. Scrapy 2.13+ raises its own
# download errors, older code paths still surface Twisted's, so both are listed.
_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, twisted_error.TimeoutError, twisted_error.TCPTimedOutError), "timeout"),
    ((CannotResolveHostError, twisted_error.DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError), "connection_refused"),
    ((ResponseDataLossError,), "data_loss"),
    ((UnsupportedURLSchemeError,), "not_http"),
    ((twisted_error.ConnectionLost, twisted_error.ConnectionDone), "connection_lost"),
)


def failure_reason(error: BaseException) -> tuple[str, int | None]:
    """The reason and, for HTTP errors, the status of a failed request."""
    if isinstance(error, HttpError):
        status = error.response.status
        return f"http_{status}", status
    if isinstance(error, RefusedRequest):
        return error.reason, None
    if isinstance(error, IgnoreRequest):
        # RobotsTxtMiddleware and OffsiteMiddleware say why only in the message.
        message = str(error).lower()
        if "robots" in message:
            return "robots", None
        if "offsite" in message or "allowed_domains" in message:
            return "off_domain", None
        return "ignored", None
    if isinstance(error, DownloadCancelledError):
        # Scrapy cancels a download that exceeds DOWNLOAD_MAXSIZE with this message.
        return ("too_large" if "max size" in str(error) else "cancelled"), None
    for kinds, reason in _REASONS:
        if isinstance(error, kinds):
            return reason, None
    if isinstance(error, DownloadFailedError) and _connection_lost(error):
        return "connection_lost", None
    return "download_error", None


def _connection_lost(error: DownloadFailedError) -> bool:
    """Whether Scrapy's wrapper hides Twisted's ResponseNeverReceived([ConnectionLost]): a
    connection closed or reset before any answer."""
    cause = error.__cause__
    return isinstance(cause, ResponseFailed) and any(
        isinstance(reason.value, (twisted_error.ConnectionLost, twisted_error.ConnectionDone))
        for reason in cause.reasons
    )
