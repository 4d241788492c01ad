"""The news spider: reads every configured source, fetches the entries worth fetching.

Spider arguments (``-a name=value``) for running it standalone from the repository root::

    scrapy crawl news -a config=exodus.toml -a source=meduza-rss -O out.jsonl

``config``
    The TOML config to read sources and [crawl] settings from (default: ``exodus.toml`` in
    the working directory if it exists, else the built-in defaults). EXODUS_* environment
    overrides apply, as for every exodus command.
``source``
    Comma-separated source names to crawl (default: every source in the config).
``seen``
    A file of canonical URLs already fetched, one a line: those entries are skipped as
    "seen" (the monitor flow passes the DuckDB seen-URL record this way).

The runner (``crawlers.runner``) passes the validated ``source_settings`` and
``crawl_settings`` objects instead. Output items are ``FetchedPage``, ``FetchFailure`` and
``SkippedEntry`` records; ``-O out.jsonl`` writes them for inspection.

Source kinds: ``rss`` (RSS or Atom), ``sitemap`` (news sitemap or sitemap index; news:title
and news:publication_date are read), ``page`` (a listing page; links matching
``link_pattern``), ``gdelt`` (DOC 2.0 ArtList JSON for ``query``; any domain unless
``allowed_domains`` is set, one request per EXODUS_GDELT_DELAY seconds).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from crawlers import listings
from crawlers.failures import failure_reason
from crawlers.settings import scrapy_settings
from crawlers.urls import host_of, source_domains
from exodus.config import CrawlSettings, SourceSettings, load_settings
from exodus.errors import ConfigError
from exodus.records import FetchedPage, FetchFailure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["NewsSpider", "gdelt_url"]

# GDELT's ArtList returns at most 250 articles; its rolling window is a few months.
GDELT_DEFAULTS = {
    "mode": "ArtList",
    "format": "json",
    "maxrecords": "250",
    "sort": "DateDesc",
}
GDELT_DEFAULT_TIMESPAN = "1d"  # the hourly run needs only the last day; seen URLs cover overlap
# Listings first: their entries are what the rest of the crawl is made of.
LISTING_PRIORITY = 10
# A sitemap index may point to further indexes; one level is what news sites use.
MAX_SITEMAP_DEPTH = 1


def gdelt_url(source: SourceSettings) -> str:
    """The DOC 2.0 request for a gdelt source: parameters in its URL win over the defaults."""
    parts = urlsplit(source.url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    if source.query:
        params.setdefault("query", source.query)
    for key, value in GDELT_DEFAULTS.items():
        params.setdefault(key, value)
    if "timespan" not in params and "startdatetime" not in params:
        params["timespan"] = GDELT_DEFAULT_TIMESPAN
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        config: str | None = None,
        source: str | None = None,
        seen: str | None = None,
        *,
        source_settings: Sequence[SourceSettings] | None = None,
        crawl_settings: CrawlSettings | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if source_settings is None or crawl_settings is None:
            loaded = load_settings(config)
            source_settings = loaded.sources if source_settings is None else source_settings
            crawl_settings = loaded.crawl if crawl_settings is None else crawl_settings
        if source:
            wanted = {name.strip() for name in source.split(",") if name.strip()}
            unknown = wanted - {item.name for item in source_settings}
            if unknown:
                raise ConfigError(f"unknown source(s): {', '.join(sorted(unknown))}")
            source_settings = [item for item in source_settings if item.name in wanted]
        self.sources: dict[str, SourceSettings] = {item.name: item for item in source_settings}
        self.crawl_settings: CrawlSettings = crawl_settings
        self.seen_file = seen

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Settings are still open here (Scrapy >= 2.11): the config decides politeness.
        values = scrapy_settings(spider.crawl_settings)
        if spider.seen_file:
            values["EXODUS_SEEN_URLS_FILE"] = spider.seen_file
        if any(item.kind == "gdelt" for item in spider.sources.values()):
            slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
            slots[crawler.settings.get("EXODUS_GDELT_SLOT")] = {
                "concurrency": 1,
                "delay": crawler.settings.getfloat("EXODUS_GDELT_DELAY"),
            }
            values["DOWNLOAD_SLOTS"] = slots
        crawler.settings.setdict(values, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources.values():
            yield self._listing_request(source)

    # Listings

    def _listing_request(self, source: SourceSettings) -> scrapy.Request:
        callbacks: dict[str, Callable[[Response], Iterator[Any]]] = {
            "rss": self.parse_feed,
            "sitemap": self.parse_sitemap,
            "page": self.parse_page,
            "gdelt": self.parse_gdelt,
        }
        meta: dict[str, Any] = {"exodus_source": source.name, "exodus_depth": 0}
        url = source.url
        if source.kind == "gdelt":
            url = gdelt_url(source)
            # One shared, fixed-delay slot keeps every GDELT query within its rate limit.
            meta["download_slot"] = self.settings.get("EXODUS_GDELT_SLOT")
            meta["autothrottle_dont_adjust_delay"] = True
        return scrapy.Request(
            url,
            callback=callbacks[source.kind],
            errback=self.failed,
            meta=meta,
            priority=LISTING_PRIORITY,
            dont_filter=True,
        )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        yield from self._listed(response, lambda: listings.parse_feed(response.body, response.url))

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        source = self.sources[response.meta["exodus_source"]]
        try:
            body = _sitemap_body(response, self.settings.getint("DOWNLOAD_MAXSIZE"))
            listing = listings.parse_sitemap(body, response.url)
        except listings.MalformedListing as error:
            yield self._failure(response.url, source, error.reason)
            return
        depth = response.meta["exodus_depth"]
        if listing.sitemaps and depth >= MAX_SITEMAP_DEPTH:
            self.logger.info("Sitemap index nested too deep, not followed: %s", response.url)
        for child in listing.sitemaps if depth < MAX_SITEMAP_DEPTH else ():
            yield scrapy.Request(
                child,
                callback=self.parse_sitemap,
                errback=self.failed,
                priority=LISTING_PRIORITY,
                meta={
                    "exodus_source": source.name,
                    "exodus_depth": depth + 1,
                    "exodus_domains": (*self._domains(source), host_of(source.url)),
                },
            )
        yield from self._entry_requests(listing.entries, source)

    def parse_page(self, response: Response) -> Iterator[Any]:
        source = self.sources[response.meta["exodus_source"]]
        if not isinstance(response, HtmlResponse):
            yield self._failure(response.url, source, "not_html", response.status)
            return
        yield from self._listed(
            response,
            lambda: listings.parse_listing_page(response.text, response.url, source.link_pattern),
        )

    def parse_gdelt(self, response: Response) -> Iterator[Any]:
        yield from self._listed(response, lambda: listings.parse_gdelt(response.text, response.url))

    def _listed(self, response: Response, parse: Callable[[], listings.Listing]) -> Iterator[Any]:
        source = self.sources[response.meta["exodus_source"]]
        try:
            listing = parse()
        except listings.MalformedListing as error:
            yield self._failure(source.url, source, error.reason, response.status)
            return
        self.logger.info("%s listed %d entries", source.name, len(listing.entries))
        yield from self._entry_requests(listing.entries, source)

    def _domains(self, source: SourceSettings) -> tuple[str, ...]:
        if source.kind == "gdelt" and not source.allowed_domains:
            return ()  # GDELT finds the story across thousands of outlets
        return source_domains(source.url, source.allowed_domains)

    def _entry_requests(
        self, entries: Sequence[listings.Entry], source: SourceSettings
    ) -> Iterator[scrapy.Request]:
        # EntryFilterMiddleware turns the ones not worth fetching into SkippedEntry items.
        domains = self._domains(source)
        for entry in entries:
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.failed,
                meta={
                    "exodus_source": source.name,
                    "exodus_entry": entry,
                    "exodus_domains": domains,
                },
            )

    # Articles

    def parse_article(self, response: Response) -> Iterator[Any]:
        entry: listings.Entry = response.meta["exodus_entry"]
        source = self.sources[response.meta["exodus_source"]]
        if not isinstance(response, HtmlResponse):
            yield self._failure(entry.url, source, "not_html", response.status)
            return
        yield FetchedPage(
            url=entry.url,
            final_url=response.url,
            source=source.name,
            status=response.status,
            html=response.text,
            fetched_at=datetime.now(UTC),
            listed_title=entry.title,
            listed_published=entry.published,
            listed_summary=entry.summary,
        )

    def failed(self, failure: Failure) -> Iterator[Any]:
        """Errback of every request: the failure becomes a FetchFailure record."""
        request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        assert error is not None  # a Failure always wraps an exception in an errback
        reason, status = failure_reason(error)
        entry = request.meta.get("exodus_entry")
        source = self.sources[request.meta["exodus_source"]]
        redirected_from = request.meta.get("redirect_urls") or [request.url]
        url = entry.url if entry is not None else redirected_from[0]
        self.crawler.stats.inc_value(f"crawl/failed/{reason}")
        self.logger.info("Failed (%s): %s", reason, url)
        yield self._failure(url, source, reason, status)

    def _failure(
        self, url: str, source: SourceSettings, reason: str, status: int | None = None
    ) -> FetchFailure:
        return FetchFailure(url=url, source=source.name, reason=reason, status=status)


def _sitemap_body(response: Response, max_size: int) -> bytes:
    """The XML of a sitemap, gunzipping a .xml.gz served without Content-Encoding."""
    if response.body[:2] != b"\x1f\x8b":
        return response.body
    try:
        return gunzip(response.body, max_size=max_size)
    except ValueError as error:  # too big once unpacked, or not really gzip
        reason = "too_large" if "max" in str(error).lower() else "malformed_sitemap"
        raise listings.MalformedListing(reason, f"{response.url}: {error}") from None
    except OSError as error:
        raise listings.MalformedListing("malformed_sitemap", f"{response.url}: {error}") from None
