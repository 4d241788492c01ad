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
``state``
    A crawl state file (``crawlers.state``) to read: conditional requests, the last settled
    run of each source, back-off times. Standalone crawls read it but never write it.

The runner (``crawlers.runner``) passes the validated ``source_settings`` and
``crawl_settings`` objects instead. Output items are ``FetchedPage``, ``FetchFailure`` and
``SkippedEntry`` records; ``-O out.jsonl`` writes them for inspection.

Source kinds: ``rss`` (RSS or Atom), ``sitemap`` (news sitemap or sitemap index; news:title
and news:publication_date are read), ``page`` (a listing page; links matching
``link_pattern``), ``gdelt`` (DOC 2.0 ArtList JSON for ``query``; any domain unless
``allowed_domains`` is set, one request per EXODUS_GDELT_DELAY seconds).

Incremental crawling, from the crawl state: feeds, sitemaps and listing pages are asked with
If-None-Match / If-Modified-Since, and a 304 counts ``crawl/not_modified`` and lists nothing
(a sitemap index's remembered children are still asked, each conditionally); sitemap and
GDELT entries dated before the source's last settled run (less LAST_RUN_OVERLAP) are skipped
as ``older_than_last_run``, and GDELT is asked from that time on. A source's run is settled
when every entry it listed was fetched or skipped for good; only then are its new validators
and its last-run mark kept, so a failed or unreached entry is listed again next run.
``finish()`` turns the requests still queued when the crawl stopped into ``time_limit``
SkippedEntry records and returns the state to save.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.http import HtmlResponse, Response
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from crawlers import listings
from crawlers.failures import SkippedRequest, failure_reason
from crawlers.queued import drain_queued
from crawlers.settings import scrapy_settings
from crawlers.state import CrawlState, SourceState, Validator, load_state
from crawlers.urls import canonical_url, host_of, source_domains
from exodus.config import CrawlSettings, SourceSettings, load_settings
from exodus.errors import ConfigError
from exodus.records import FetchedPage, FetchFailure, SkippedEntry

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
# "Newer than the last run" keeps this much slack: clocks differ, and a sitemap may list an
# article with its publication time some minutes after it went up.
LAST_RUN_OVERLAP = timedelta(hours=1)
# GDELT DOC 2.0 searches a rolling window of about three months; an older start is refused.
GDELT_WINDOW = timedelta(days=89)
# A feed or sitemap not asked for this long loses its validators (sources come and go).
VALIDATOR_TTL = timedelta(days=30)
# Listing failures that say nothing about the source itself: not counted as a failing run.
NEUTRAL_REASONS = frozenset({"robots_unavailable"})
# How much of a body is sniffed for binary bytes (the WHATWG MIME Sniffing "resource header").
SNIFF_BYTES = 1445
# WHATWG's "binary data bytes": ESC (0x1B) is left out, ISO-2022-JP text uses it.
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def gdelt_url(source: SourceSettings, since: datetime | None = None) -> str:
    """The DOC 2.0 request for a gdelt source: parameters in its URL win over the defaults.

    With ``since`` (the last run, less the overlap) the query starts there, kept inside
    GDELT's rolling window; without it, the last GDELT_DEFAULT_TIMESPAN.
    """
    parts = urlsplit(source.url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    if source.query:
        params.setdefault("query", source.query)
    for key, value in GDELT_DEFAULTS.items():
        params.setdefault(key, value)
    if "timespan" not in params and "startdatetime" not in params:
        if since is not None:
            start = max(since, datetime.now(UTC) - GDELT_WINDOW).astimezone(UTC)
            params["startdatetime"] = start.strftime("%Y%m%d%H%M%S")
        else:
            params["timespan"] = GDELT_DEFAULT_TIMESPAN
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        config: str | None = None,
        source: str | None = None,
        seen: str | None = None,
        state: str | None = None,
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
        self.state_file = state
        self.crawl_state = CrawlState()  # loaded in from_crawler, read by the middlewares
        self.started_at = datetime.now(UTC)
        # Per source, what happened to its listings and entries in this crawl.
        self._listing_ok: set[str] = set()
        self._listing_failed: set[str] = set()
        self._unsettled: set[str] = set()
        self._validators: dict[str, tuple[str, Validator]] = {}  # url -> (source, validator)
        self._confirmed: set[str] = set()  # listings answered 304
        # Requests scheduled and not yet answered: url -> (source, is an entry)
        self._pending: dict[str, tuple[str, bool]] = {}
        self._timer: CallLaterResult | None = None  # the time limit

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Settings are still open here (Scrapy >= 2.11): the config decides politeness.
        values = scrapy_settings(spider.crawl_settings)
        if spider.seen_file:
            values["EXODUS_SEEN_URLS_FILE"] = spider.seen_file
        if spider.state_file:
            values["EXODUS_STATE_FILE"] = spider.state_file
        spider.state_file = spider.state_file or crawler.settings.get("EXODUS_STATE_FILE")
        crawler.signals.connect(spider._scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
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
        if self.state_file:  # here, not in from_crawler: the log file is set up by now
            self.crawl_state = load_state(self.state_file)
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
            url = gdelt_url(source, self._not_before(source))
            # One shared, fixed-delay slot keeps every GDELT query within its rate limit.
            meta["download_slot"] = self.settings.get("EXODUS_GDELT_SLOT")
            meta["autothrottle_dont_adjust_delay"] = True
            return self._listing(url, callbacks[source.kind], meta, conditional=False)
        return self._listing(url, callbacks[source.kind], meta)

    def _listing(
        self,
        url: str,
        callback: Callable[[Response], Iterator[Any]],
        meta: dict[str, Any],
        conditional: bool = True,
    ) -> scrapy.Request:
        """A request for a feed, sitemap, listing page or API answer, conditional if known."""
        headers: dict[str, str] = {}
        known = self.crawl_state.validators.get(url) if conditional else None
        if known is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        meta = {**meta, "exodus_listing": url, "handle_httpstatus_list": [304]}
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.failed,
            headers=headers,
            meta=meta,
            priority=LISTING_PRIORITY,
            dont_filter=True,
        )

    def _not_before(self, source: SourceSettings) -> datetime | None:
        """Entries dated before this are older than the source's last settled run."""
        if source.kind not in ("sitemap", "gdelt"):
            return None
        last = self.crawl_state.sources.get(source.name, SourceState()).last_success
        return last - LAST_RUN_OVERLAP if last is not None else None

    def _not_modified(self, response: Response, source: SourceSettings) -> bool:
        """Handle a 304 (and say so): the listing is as it was, nothing new to list."""
        if response.status != 304:
            return False
        url = response.meta["exodus_listing"]
        self.crawler.stats.inc_value("crawl/not_modified")
        self.logger.info("%s not modified: %s", source.name, url)
        self._listing_ok.add(source.name)
        self._confirmed.add(url)
        return True

    def _remember(
        self, response: Response, source: SourceSettings, sitemaps: Sequence[str]
    ) -> None:
        """Keep a listing's validators, to be saved if the source's run settles."""
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        self._listing_ok.add(source.name)
        if etag is None and modified is None:
            return
        self._validators[response.meta["exodus_listing"]] = (
            source.name,
            Validator(
                etag=etag.decode("latin-1") if etag else None,
                last_modified=modified.decode("latin-1") if modified else None,
                sitemaps=tuple(sitemaps),
                checked=datetime.now(UTC),
            ),
        )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        yield from self._listed(response, lambda: listings.parse_feed(response.body, response.url))

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        source = self.sources[response.meta["exodus_source"]]
        self._answered(response.request)
        depth = response.meta["exodus_depth"]
        if self._not_modified(response, source):
            known = self.crawl_state.validators.get(response.meta["exodus_listing"])
            children: Sequence[str] = known.sitemaps if known is not None else ()
            entries: Sequence[listings.Entry] = ()
        else:
            try:
                body = _sitemap_body(response, self.settings.getint("DOWNLOAD_MAXSIZE"))
                listing = listings.parse_sitemap(body, response.url)
            except listings.MalformedListing as error:
                yield self._listing_failure(response, source, error.reason)
                return
            children, entries = listing.sitemaps, listing.entries
            self._remember(response, source, children)
        if children and depth >= MAX_SITEMAP_DEPTH:
            self.logger.info("Sitemap index nested too deep, not followed: %s", response.url)
        for child in children if depth < MAX_SITEMAP_DEPTH else ():
            meta = {
                "exodus_source": source.name,
                "exodus_depth": depth + 1,
                "exodus_domains": (*self._domains(source), host_of(source.url)),
            }
            yield self._listing(child, self.parse_sitemap, meta)
        yield from self._entry_requests(entries, source)

    def parse_page(self, response: Response) -> Iterator[Any]:
        source = self.sources[response.meta["exodus_source"]]
        if response.status != 304 and not isinstance(response, HtmlResponse):
            self._answered(response.request)
            yield self._listing_failure(response, source, "not_html")
            return
        yield from self._listed(
            response,
            lambda: listings.parse_listing_page(response.text, response.url, source.link_pattern),
        )

    def parse_gdelt(self, response: Response) -> Iterator[Any]:
        yield from self._listed(response, lambda: listings.parse_gdelt(response.text, response.url))

    def _listed(self, response: Response, parse: Callable[[], listings.Listing]) -> Iterator[Any]:
        source = self.sources[response.meta["exodus_source"]]
        self._answered(response.request)
        if self._not_modified(response, source):
            return
        try:
            listing = parse()
        except listings.MalformedListing as error:
            yield self._listing_failure(response, source, error.reason)
            return
        self.logger.info("%s listed %d entries", source.name, len(listing.entries))
        if source.kind != "gdelt":  # its URL changes every run: nothing to revalidate
            self._remember(response, source, ())
        else:
            self._listing_ok.add(source.name)
        yield from self._entry_requests(listing.entries, source)

    def _listing_failure(
        self, response: Response, source: SourceSettings, reason: str
    ) -> FetchFailure:
        self._listing_failed.add(source.name)
        self._unsettled.add(source.name)
        url = response.meta.get("exodus_listing") or response.url
        return self._failure(url, source, reason, response.status)

    def _domains(self, source: SourceSettings) -> tuple[str, ...]:
        if source.kind == "gdelt" and not source.allowed_domains:
            return ()  # GDELT finds the story across thousands of outlets
        return source_domains(source.url, source.allowed_domains)

    def _entry_requests(
        self, entries: Sequence[listings.Entry], source: SourceSettings
    ) -> Iterator[scrapy.Request]:
        # EntryFilterMiddleware turns the ones not worth fetching into SkippedEntry items.
        domains = self._domains(source)
        not_before = self._not_before(source)
        for entry in entries:
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.failed,
                meta={
                    "exodus_source": source.name,
                    "exodus_entry": entry,
                    "exodus_domains": domains,
                    "exodus_not_before": not_before,
                },
            )

    # Articles

    def parse_article(self, response: Response) -> Iterator[Any]:
        entry: listings.Entry = response.meta["exodus_entry"]
        source = self.sources[response.meta["exodus_source"]]
        self._answered(response.request)
        revisit = bool(response.meta.get("exodus_revisit"))
        unusable = _unusable_body(response)
        if unusable is not None:
            if not revisit:
                self._unsettled.add(source.name)
            yield self._failure(entry.url, source, unusable, response.status)
            return
        now = datetime.now(UTC)
        listed_at = entry.listed_at
        window = timedelta(hours=self.crawl_settings.revisit_hours)
        if listed_at is not None and listed_at >= now - window:
            self.crawl_state.fetched[canonical_url(entry.url)] = (now, listed_at)
        if revisit:
            self.crawler.stats.inc_value("crawl/revisited")
        yield FetchedPage(
            url=entry.url,
            final_url=response.url,
            source=source.name,
            status=response.status,
            html=response.text,
            fetched_at=now,
            listed_title=entry.title,
            listed_published=entry.published,
            listed_summary=entry.summary,
        )

    def failed(self, failure: Failure) -> Iterator[Any]:
        """Errback of every request: the failure becomes a FetchFailure record."""
        request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        assert error is not None  # a Failure always wraps an exception in an errback
        self._answered(request)
        entry = request.meta.get("exodus_entry")
        source = self.sources[request.meta["exodus_source"]]
        redirected_from = request.meta.get("redirect_urls") or [request.url]
        url = (
            entry.url
            if entry is not None
            else request.meta.get("exodus_listing", redirected_from[0])
        )
        if isinstance(error, SkippedRequest):
            # Deliberately not fetched: a host backing off, a redirect to a seen page.
            if error.reason in ("backoff", "time_limit"):
                self._unsettled.add(source.name)  # list it again once the host is back
            self.crawler.stats.inc_value(f"crawl/skipped/{error.reason}")
            yield SkippedEntry(url=url, source=source.name, reason=error.reason)
            return
        reason, status = failure_reason(error)
        if entry is None:
            if reason not in NEUTRAL_REASONS:
                self._listing_failed.add(source.name)
            self._unsettled.add(source.name)
        elif not request.meta.get("exodus_revisit"):
            self._unsettled.add(source.name)  # listed again next run, for another attempt
        self.crawler.stats.inc_value(f"crawl/failed/{reason}")
        self.logger.info("Failed (%s): %s", reason, url)
        yield self._failure(url, source, reason, status)

    # The time limit

    def _opened(self) -> None:
        limit = self.settings.getfloat("EXODUS_MAX_SECONDS")
        if limit > 0:
            self._timer = call_later(limit, self._time_up)

    def _closed(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _time_up(self) -> None:
        """Stop: queued downloads are dropped (time_limit), those in flight may finish."""
        self._timer = None
        self.logger.info("Time limit reached; dropping the requests not yet sent")
        drain_queued(self.crawler, lambda request: True, "time_limit")
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="closespider_timeout"))

    # Bookkeeping for the state

    def _request_key(self, request: scrapy.Request) -> tuple[str, bool] | None:
        entry = request.meta.get("exodus_entry")
        if entry is not None:
            return entry.url, True
        listing = request.meta.get("exodus_listing")
        return (listing, False) if listing else None

    def _scheduled(self, request: scrapy.Request) -> None:
        key = self._request_key(request)
        if key is not None and "exodus_source" in request.meta:
            self._pending[key[0]] = (request.meta["exodus_source"], key[1])

    def _dropped(self, request: scrapy.Request) -> None:
        self._answered(request)

    def _answered(self, request: scrapy.Request | None) -> None:
        if request is None:
            return
        key = self._request_key(request)
        if key is not None:
            self._pending.pop(key[0], None)

    def finish(self, finish_reason: str) -> tuple[list[SkippedEntry], CrawlState]:
        """The requests never answered (as SkippedEntry records) and the state to save.

        Call once the crawl has stopped. Requests still queued when the time limit hit are
        ``time_limit``; any other stop (a signal, a crash) makes them ``interrupted``.
        """
        reason = "time_limit" if finish_reason == "closespider_timeout" else "interrupted"
        leftovers = []
        for url, (source, _is_entry) in self._pending.items():
            self._unsettled.add(source)
            leftovers.append(SkippedEntry(url=url, source=source, reason=reason))
        self._pending.clear()
        return leftovers, self._next_state()

    def _next_state(self) -> CrawlState:
        state = self.crawl_state
        now = datetime.now(UTC)
        for name in self.sources:
            old = state.sources.get(name, SourceState())
            if name in self._listing_ok:
                settled = name not in self._unsettled
                state.sources[name] = SourceState(
                    last_success=self.started_at if settled else old.last_success,
                    failing_runs=0,
                )
            elif name in self._listing_failed:
                state.sources[name] = SourceState(old.last_success, old.failing_runs + 1)
        for url in self._confirmed:
            known = state.validators.get(url)
            if known is not None:
                state.validators[url] = Validator(
                    known.etag, known.last_modified, known.sitemaps, checked=now
                )
        for url, (source, validator) in self._validators.items():
            if source in self._unsettled:
                state.validators.pop(url, None)  # fetch it in full next run
            else:
                state.validators[url] = validator
        state.validators = {
            url: item
            for url, item in state.validators.items()
            if item.checked is not None and item.checked >= now - VALIDATOR_TTL
        }
        state.backoff = {host: until for host, until in state.backoff.items() if until > now}
        window = timedelta(hours=self.crawl_settings.revisit_hours)
        state.fetched = {
            url: pair for url, pair in state.fetched.items() if pair[1] >= now - window
        }
        return state

    def _failure(
        self, url: str, source: SourceSettings, reason: str, status: int | None = None
    ) -> FetchFailure:
        return FetchFailure(url=url, source=source.name, reason=reason, status=status)


def _unusable_body(response: Response) -> str | None:
    """Why an article response has no page to keep ("empty_body", "not_html"), or None."""
    if not response.body.strip():  # a 204, or a 200 that sent nothing (but whitespace)
        return "empty_body"
    if not isinstance(response, HtmlResponse) or _looks_binary(response.body):
        return "not_html"
    return None


def _looks_binary(body: bytes) -> bool:
    """Whether a body labelled HTML is really binary (an image, an archive, random bytes).

    The WHATWG MIME Sniffing rule: a control byte that no text encoding a web page may use
    produces, in the first SNIFF_BYTES. UTF-16 and UTF-32 bodies are text, known by their BOM.
    """
    head = body[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return _BINARY_BYTE.search(head) is not None


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
