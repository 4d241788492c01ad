"""Scrapy settings for the exodus crawlers: polite defaults, then the config's [crawl] values.

The module-level names are the project defaults (read by ``scrapy.cfg`` and by the runner).
``scrapy_settings()`` turns the validated ``CrawlSettings`` and sources into the values that
override them; the spider applies those in ``from_crawler`` at "spider" priority, so ``-s`` on
the command line still wins when debugging.
"""

from __future__ import annotations

from typing import Any

from exodus.config import CrawlSettings

BOT_NAME = "exodus"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Good citizenship. The [crawl] config overrides the ones it names.
USER_AGENT = "exodus-monitor/0.1 (+https://github.com/exodus-monitor; news research)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 20
DNS_TIMEOUT = 10
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 0  # the max size already fails the page; a warning per page is noise
REDIRECT_MAX_TIMES = 5
# AutoThrottle follows each server's latency. The start delay is short because an hourly run
# asks most outlets for one feed and a handful of pages; loopback test servers answer in
# milliseconds, so the delay falls to nothing after a few responses.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Two retries on server errors and timeouts. 429 is not retried at once: hammering a server
# that asked us to slow down is rude; the next scheduled run asks again.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]

# Each article is fetched once; a cache would only hide changes and fill the disk.
HTTPCACHE_ENABLED = False
# Consent and session cookies only make news sites vary; nothing here needs a login.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    # Before RobotsTxtMiddleware (100), so not even robots.txt is asked of a refused host.
    "crawlers.middlewares.address_guard.AddressGuardMiddleware": 50,
    # Scrapy's robots.txt handling, but an unreachable robots.txt means "not now" (RFC 9309).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.robots.RobotsGuardMiddleware": 100,
    # A redirect to an article already fetched is not followed.
    "crawlers.middlewares.redirect_seen.SeenRedirectMiddleware": 120,
    # Before RetryMiddleware (550): names a download error once the retries are spent.
    "crawlers.middlewares.download_errors.StreamedSizeMiddleware": 540,
    # After RetryMiddleware (550): sees a 429/503 with Retry-After before a retry is queued.
    "crawlers.middlewares.backoff.BackoffMiddleware": 560,
    # Scrapy's redirect and decompression middlewares, in their places, with named reasons
    # for a redirect loop, a chain too long, a gzip bomb and an undecodable body.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawlers.middlewares.redirect_limit.MetaRefreshLimitMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawlers.middlewares.decompression.DecompressionLimitMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawlers.middlewares.redirect_limit.RedirectLimitMiddleware": 600,
}
SPIDER_MIDDLEWARES = {
    "crawlers.middlewares.entry_filter.EntryFilterMiddleware": 600,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.RecordWriterPipeline": 800,
}

# The project's own settings, prefixed EXODUS_.
EXODUS_ALLOW_PRIVATE_HOSTS: list[str] = []  # hosts that may resolve to private addresses
EXODUS_TOPIC_PHRASES: list[str] = []  # empty: every entry is on topic
EXODUS_SEEN_URLS_FILE = ""  # canonical URLs already fetched, one a line
EXODUS_RECORDS_FILE = ""  # where RecordWriterPipeline writes JSON Lines; empty: off
EXODUS_MAX_SECONDS = 0.0  # the crawl's time limit (NewsSpider's timer); 0: none
EXODUS_STATE_FILE = ""  # the crawl state (crawlers.state) to load; empty: start empty
EXODUS_REVISIT_HOURS = 0.0  # pages listed younger than this are revisited; 0: off
EXODUS_REVISIT_EVERY_HOURS = 2.0  # at most once per this many hours each
# GDELT asks for about one request per 5 seconds; its API requests share one download slot.
EXODUS_GDELT_DELAY = 5.0
EXODUS_GDELT_SLOT = "gdelt"


def scrapy_settings(crawl: CrawlSettings) -> dict[str, Any]:
    """The Scrapy settings that the config's [crawl] table decides."""
    return {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": min(crawl.timeout, DNS_TIMEOUT),
        "DOWNLOAD_MAXSIZE": crawl.max_bytes,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        # Not CLOSESPIDER_TIMEOUT: a closing engine still sends every request already queued
        # in the downloader. The spider's own timer drains those first (EXODUS_MAX_SECONDS).
        "CLOSESPIDER_TIMEOUT": 0,
        "EXODUS_MAX_SECONDS": crawl.max_seconds,
        "EXODUS_ALLOW_PRIVATE_HOSTS": list(crawl.allow_private_hosts),
        "EXODUS_TOPIC_PHRASES": list(crawl.topic_phrases),
        "EXODUS_REVISIT_HOURS": crawl.revisit_hours,
        "EXODUS_REVISIT_EVERY_HOURS": crawl.revisit_every_hours,
    }
