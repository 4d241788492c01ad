"""A local news site over real HTTP that releases the demo pages in waves by date.

The crawler, the flows and the demo command need a site that behaves like a small news
outlet: robots.txt, an RSS feed, a Google news sitemap, article pages with Last-Modified,
404 for anything not (yet) published, and 304 for conditional requests when nothing
changed. ``release_until`` moves the site's clock so a monitor run sees only the news
"published so far", and the next run sees the next wave.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape as xml_escape

__all__ = [
    "PAGES_DIR",
    "DemoPage",
    "DemoSite",
    "demo_config_toml",
    "load_expected",
    "load_pages",
    "page_html",
    "waves",
]

log = logging.getLogger(__name__)

# The data folder shipped inside the package (package-data includes *.html and *.json).
PAGES_DIR = Path(__file__).parent / "pages"
MANIFEST = PAGES_DIR / "manifest.json"
EXPECTED = PAGES_DIR / "expected.json"

SITE_NAME = "Exodus Demo Newsroom"
# When no page is visible the feed still needs a Last-Modified; the day before the
# mobilisation was announced is earlier than every page.
_EMPTY_LAST_MODIFIED = datetime(2022, 9, 20, tzinfo=UTC)


@dataclass(frozen=True)
class DemoPage:
    """One demo article as listed in ``manifest.json``."""

    slug: str  # file name without .html; also the URL path /articles/<slug>.html
    title: str
    published: datetime  # timezone-aware, as in the page's article:published_time
    summary: str  # one sentence, used as the feed description
    topic: str  # "on" (about the exodus) or "off" (a distractor the topic filter must drop)

    @property
    def filename(self) -> str:
        return f"{self.slug}.html"


def load_pages() -> list[DemoPage]:
    """Read ``manifest.json`` and return its pages sorted by publication time."""
    raw = json.loads(MANIFEST.read_text(encoding="utf-8"))
    pages = []
    for entry in raw:
        published = datetime.fromisoformat(entry["published"])
        if published.tzinfo is None:
            raise ValueError(f"{MANIFEST}: {entry['slug']}: published has no timezone")
        pages.append(
            DemoPage(
                slug=entry["slug"],
                title=entry["title"],
                published=published,
                summary=entry["summary"],
                topic=entry["topic"],
            )
        )
    return sorted(pages, key=lambda page: (page.published, page.slug))


def load_expected() -> dict[str, list[dict[str, Any]]]:
    """The gold rows, keyed by ``<slug>.html``, in the shape of the seed gold file."""
    data: dict[str, list[dict[str, Any]]] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


def page_html(slug: str) -> str:
    """The stored HTML of one demo page."""
    return (PAGES_DIR / f"{slug}.html").read_text(encoding="utf-8")


def waves(pages: Sequence[DemoPage], count: int = 5) -> list[datetime]:
    """Cut-off datetimes that release ``pages`` in ``count`` waves of similar size, by date.

    The pages are split in order of publication into ``count`` nearly equal runs; each
    cut-off is the publication time of the last page of its run, so the first wave holds
    the first days after 21 September 2022 and the last cut-off releases everything.
    Fewer cut-offs are returned when several runs would end at the same moment.
    """
    if count < 1:
        raise ValueError(f"waves: count must be at least 1, got {count}")
    if not pages:
        raise ValueError("waves: no pages to release")
    ordered = sorted(page.published for page in pages)
    cutoffs: list[datetime] = []
    for index in range(1, count + 1):
        # Integer arithmetic spreads the remainder over the waves instead of the last one.
        last = ordered[(index * len(ordered)) // count - 1] if index < count else ordered[-1]
        if not cutoffs or last > cutoffs[-1]:
            cutoffs.append(last)
    return cutoffs


def demo_config_toml(site_url: str, db: str, outbox: str) -> str:
    """A config file for a monitor that follows the demo site's feed and sitemap."""
    base = site_url.rstrip("/")

    # JSON string literals are valid TOML basic strings, which handles quotes and backslashes.
    def q(value: str) -> str:
        return json.dumps(value)

    return f"""\
# exodus-monitor configuration for the offline demo site at {base}

[storage]
db = {q(db)}

[[sources]]
name = "demo-feed"
kind = "rss"
url = {q(base + "/feed.xml")}
why = "The demo site's RSS feed: every released page, newest first."

[[sources]]
name = "demo-sitemap"
kind = "sitemap"
url = {q(base + "/news-sitemap.xml")}
why = "The demo site's Google news sitemap, listing the same pages."

[crawl]
# The demo site runs on loopback, which the crawler refuses unless allowed here.
allow_private_hosts = ["127.0.0.1"]
obey_robots = true

[alerts]
to = ["desk@example.org"]
from = "exodus-monitor@example.org"
# No SMTP server: alerts are written as .eml files to the outbox.
smtp_host = ""
outbox = {q(outbox)}
"""


@dataclass(frozen=True)
class _Listing:
    """What the site shows at one release state; built once per release_until call."""

    pages: tuple[DemoPage, ...]  # visible pages, newest first
    etag: str
    last_modified: datetime


def _listing(pages: Sequence[DemoPage], cutoff: datetime | None) -> _Listing:
    visible = [page for page in pages if cutoff is None or page.published <= cutoff]
    visible.sort(key=lambda page: (page.published, page.slug), reverse=True)
    digest = hashlib.sha256("\n".join(page.slug for page in visible).encode()).hexdigest()
    last = max((page.published for page in visible), default=_EMPTY_LAST_MODIFIED)
    return _Listing(tuple(visible), f'"{digest[:20]}"', last.astimezone(UTC))


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _rss(listing: _Listing, base: str) -> str:
    items = []
    for page in listing.pages:
        link = f"{base}/articles/{page.filename}"
        items.append(
            "    <item>\n"
            f"      <title>{xml_escape(page.title)}</title>\n"
            f"      <link>{xml_escape(link)}</link>\n"
            f'      <guid isPermaLink="true">{xml_escape(link)}</guid>\n'
            f"      <description>{xml_escape(page.summary)}</description>\n"
            f"      <pubDate>{format_datetime(page.published)}</pubDate>\n"
            "    </item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0">\n'
        "  <channel>\n"
        f"    <title>{SITE_NAME}</title>\n"
        f"    <link>{xml_escape(base)}/</link>\n"
        "    <description>Regional and wire reporting, 2022-2023 (offline demo).</description>\n"
        "    <language>en</language>\n"
        f"    <lastBuildDate>{_http_date(listing.last_modified)}</lastBuildDate>\n"
        + "".join(items)
        + "  </channel>\n</rss>\n"
    )


def _sitemap(listing: _Listing, base: str) -> str:
    urls = []
    for page in listing.pages:
        urls.append(
            "  <url>\n"
            f"    <loc>{xml_escape(base)}/articles/{xml_escape(page.filename)}</loc>\n"
            "    <news:news>\n"
            "      <news:publication>\n"
            f"        <news:name>{SITE_NAME}</news:name>\n"
            "        <news:language>en</news:language>\n"
            "      </news:publication>\n"
            f"      <news:publication_date>{page.published.isoformat()}"
            "</news:publication_date>\n"
            f"      <news:title>{xml_escape(page.title)}</news:title>\n"
            "    </news:news>\n"
            "  </url>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"\n'
        '        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "".join(urls)
        + "</urlset>\n"
    )


def _index(listing: _Listing) -> str:
    rows = "".join(
        f'<li><a href="/articles/{escape(page.filename)}">{escape(page.title)}</a> '
        f"<time>{page.published.isoformat()}</time></li>\n"
        for page in listing.pages
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{SITE_NAME}</title></head>\n<body><h1>{SITE_NAME}</h1>\n"
        '<p><a href="/feed.xml">RSS feed</a> · <a href="/news-sitemap.xml">News sitemap</a></p>\n'
        f"<ul>\n{rows}</ul>\n</body></html>\n"
    )


class _Handler(BaseHTTPRequestHandler):
    server: _DemoServer
    protocol_version = "HTTP/1.1"  # keep-alive, as a real site would; every reply has a length

    def do_GET(self) -> None:  # noqa: N802 - the name is http.server's
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        # Test output stays quiet; the access log is still there at debug level.
        log.debug("demo site: " + format, *args)

    def _respond(self, send_body: bool) -> None:
        site = self.server.site
        listing = site._current()
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        # From the server itself: site.url is unset while the site is stopping.
        host, port = self.server.server_address[:2]
        base = f"http://{host!s}:{port}"
        if path == "/robots.txt":
            body = f"User-agent: *\nAllow: /\n\nSitemap: {base}/news-sitemap.xml\n"
            self._send(200, "text/plain; charset=utf-8", body, send_body)
        elif path == "/feed.xml":
            self._conditional(listing, "application/rss+xml; charset=utf-8",
                              lambda: _rss(listing, base), send_body)
        elif path == "/news-sitemap.xml":
            self._conditional(listing, "application/xml; charset=utf-8",
                              lambda: _sitemap(listing, base), send_body)
        elif path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", _index(listing), send_body)
        elif path.startswith("/articles/") and path.endswith(".html"):
            slug = path[len("/articles/"):-len(".html")]
            page = next((p for p in listing.pages if p.slug == slug), None)
            if page is None:
                # Unknown and not-yet-published pages look the same from outside.
                self._send(404, "text/html; charset=utf-8", "<h1>Not found</h1>\n", send_body)
                return
            modified = page.published.astimezone(UTC)
            if self._not_modified(None, modified):
                self._send_304(None, modified)
                return
            self._send(200, "text/html; charset=utf-8", page_html(slug), send_body,
                       last_modified=modified)
        else:
            self._send(404, "text/html; charset=utf-8", "<h1>Not found</h1>\n", send_body)

    def _conditional(self, listing: _Listing, content_type: str, render: Any,
                     send_body: bool) -> None:
        if self._not_modified(listing.etag, listing.last_modified):
            self._send_304(listing.etag, listing.last_modified)
            return
        self._send(200, content_type, render(), send_body, etag=listing.etag,
                   last_modified=listing.last_modified)

    def _not_modified(self, etag: str | None, modified: datetime) -> bool:
        # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return etag is not None and (etag in tags or "*" in tags)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        # Equality, not "<=": release_until may move the demo clock backwards, and then an
        # older Last-Modified must still count as a change. Crawlers echo the value they got.
        return since == modified.replace(microsecond=0)

    def _send_304(self, etag: str | None, modified: datetime) -> None:
        self.send_response(HTTPStatus.NOT_MODIFIED)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Last-Modified", _http_date(modified))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, content_type: str, body: str, send_body: bool, *,
              etag: str | None = None, last_modified: datetime | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if etag:
            self.send_header("ETag", etag)
        if last_modified is not None:
            self.send_header("Last-Modified", _http_date(last_modified))
        self.end_headers()
        if send_body:
            self.wfile.write(data)


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck keep-alive connection must not block interpreter exit
    site: DemoSite


class DemoSite:
    """The demo news site on loopback, as a context manager.

    >>> with DemoSite() as site:            # doctest: +SKIP
    ...     site.release_until(waves(load_pages())[0])
    ...     urllib.request.urlopen(site.url + "/feed.xml")

    The socket is bound when the site is created, so ``url`` is known at once and a port
    that is taken fails right there (``OSError`` with ``errno.EADDRINUSE``); requests are
    answered from ``__enter__`` (or ``start()``) until ``__exit__`` (or ``stop()``). Every
    page is released until ``release_until`` says otherwise.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._pages = tuple(load_pages())
        self._lock = threading.Lock()
        self._state = _listing(self._pages, None)
        self._server: _DemoServer | None = _DemoServer((host, port), _Handler)
        self._server.site = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The site's base URL, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("DemoSite is closed; create a new one")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def pages(self) -> tuple[DemoPage, ...]:
        """All demo pages, released or not, oldest first."""
        return self._pages

    def release_until(self, cutoff: datetime) -> int:
        """List and serve only pages published at or before ``cutoff``; return how many."""
        if cutoff.tzinfo is None:
            raise ValueError("release_until: cutoff must be timezone-aware")
        state = _listing(self._pages, cutoff)
        with self._lock:
            self._state = state
        return len(state.pages)

    def release_all(self) -> int:
        """Release every page again; return how many."""
        with self._lock:
            self._state = _listing(self._pages, None)
            return len(self._state.pages)

    def visible(self) -> tuple[DemoPage, ...]:
        """The released pages, newest first."""
        return self._current().pages

    def _current(self) -> _Listing:
        with self._lock:
            return self._state

    def start(self) -> DemoSite:
        """Answer requests from a background thread (idempotent)."""
        if self._server is None:
            raise RuntimeError("DemoSite is closed; create a new one")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                name="exodus-demo-site", daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering, close the socket and join the thread (idempotent)."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is None:
            return
        if thread is not None:
            server.shutdown()  # waits for serve_forever to return; would hang if never started
            thread.join(timeout=5)
        server.server_close()

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
