"""Refuse requests the crawl must not make: other schemes, other domains, private addresses.

A feed can list, and a page can redirect to, ``http://169.254.169.254/`` or an intranet host.
Every request (redirects and robots.txt included, since both pass through downloader
middlewares again) is checked before it is sent:

* only http and https;
* when ``request.meta["exodus_domains"]`` is set, the host must be one of those domains;
* the host's addresses must all be public, unless the host is in EXODUS_ALLOW_PRIVATE_HOSTS.

A refused request fails with ``RefusedRequest`` whose reason ("not_http", "off_domain",
"private_address") the spider records. Settings: EXODUS_ADDRESS_GUARD_ENABLED (default on),
EXODUS_ALLOW_PRIVATE_HOSTS.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawlers.failures import RefusedRequest
from crawlers.urls import in_domains

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["AddressGuardMiddleware", "is_public_address"]

logger = logging.getLogger(__name__)


def is_public_address(address: str) -> bool:
    """Whether an IP address is globally routable (not private, loopback, link-local, ...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class AddressGuardMiddleware:
    def __init__(
        self, stats: StatsCollector, allow_private_hosts: list[str], dns_timeout: float
    ) -> None:
        self.stats = stats
        self.dns_timeout = dns_timeout
        self.allow_private_hosts = {host.lower() for host in allow_private_hosts}
        # host -> public? Resolved once per crawl; Scrapy's own DNS cache holds the same.
        self._verdicts: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("EXODUS_ADDRESS_GUARD_ENABLED", True):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            crawler.settings.getlist("EXODUS_ALLOW_PRIVATE_HOSTS"),
            crawler.settings.getfloat("DNS_TIMEOUT"),
        )

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            self._refuse("not_http", request)
        domains = request.meta.get("exodus_domains")
        if domains and not in_domains(request.url, domains):
            self._refuse("off_domain", request)
        host = (parts.hostname or "").lower()
        if host in self.allow_private_hosts:
            return
        if host not in self._verdicts:
            self._verdicts[host] = await self._resolves_public(host)
        if not self._verdicts[host]:
            self._refuse("private_address", request)

    def _refuse(self, reason: str, request: Request) -> None:
        self.stats.inc_value(f"crawl/refused/{reason}")
        logger.info("Refused (%s): %s", reason, request.url)
        raise RefusedRequest(reason, request.url)

    async def _resolves_public(self, host: str) -> bool:
        try:
            return is_public_address(host)
        except ValueError:
            pass  # a name, not an address literal
        try:
            infos = await asyncio.wait_for(
                asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM),
                self.dns_timeout,
            )
        except (OSError, TimeoutError):
            return True  # unresolvable: let the download fail with its own "dns" reason
        return all(is_public_address(str(info[4][0])) for info in infos)
