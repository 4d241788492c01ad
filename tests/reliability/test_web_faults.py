"""Hostile web pages met while crawling: each ends as one recorded reason, in bounded time.

Every test crawls a real HTTP server on 127.0.0.1 through ``crawlers.run.crawl`` (a real
Scrapy child process, the project's settings, the default 5 MB ``max_bytes``). The feed lists
one hostile URL and one good page; the test checks that the crawl returns normally, the good
page is fetched, the hostile URL has exactly one failure or skip record with a specific
reason, and the crawl's wall time stays under FAULT_TIME_BOUND_SECONDS (the crawl child
would be killed only at max_seconds + timeout + 15 s, so a hang shows up as a failure here).

The server is the crawler tests' LocalSite with "raw" routes added: handlers that write to
the socket themselves, to reset a connection, stream an endless page or answer 204.
"""

from __future__ import annotations

import functools
import os
import resource
import socket
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from cleaning.clean import clean_page
from crawlers.run import crawl
from exodus.config import CrawlSettings, SourceSettings
from exodus.records import CleanArticle, CrawlResult, FetchedPage, FetchFailure, SkippedEntry
from tests.crawlers.conftest import LocalSite, _handler, serving
from tests.crawlers.test_crawl_run import _article, _rss

# Generous: these crawls take 2.5-4 s here; a hung download would run into the child's deadline.
FAULT_TIME_BOUND_SECONDS = 25.0
MAX_BYTES = CrawlSettings().max_bytes  # the configured default (5 MB)
SETTINGS = CrawlSettings(
    obey_robots=False,
    allow_private_hosts=("127.0.0.1",),
    timeout=5.0,
    max_seconds=30.0,
    topic_phrases=(),  # every entry is on topic: the faults are about fetching
)
# A server writes this much of an endless page at most; a crawler still reading by then is
# not bounded by its size limit.
ENDLESS_PAGE_CAP = 200 * 2**20
CHUNK = 64 * 1024
# Loopback socket buffers take a few MB more than Scrapy reads before it cancels.
SOCKET_BUFFER_SLACK = 16 * 2**20
# A crawl child takes about 100 MB here; inflating a 1 GB bomb would take over 1 GB.
CHILD_RSS_BOUND_KB = 400 * 1024
RUSSIAN_TEXT = (
    "Мобилизация: очереди на границе с Грузией растут третий день подряд. "
    "Тысячи мужчин призывного возраста уезжают из России через Верхний Ларс, "
    "пограничники пропускают не больше нескольких сотен машин в час. "
    "Водители рассказывают, что ждут в пробке больше суток без воды и еды."
)
RawRoute = Callable[[BaseHTTPRequestHandler], None]


class HostileSite(LocalSite):
    """LocalSite plus raw routes, and what the server saw of the downloads it streamed."""

    def __init__(self) -> None:
        super().__init__()
        self.raw_routes: dict[str, RawRoute] = {}
        self.bytes_sent: dict[str, int] = {}  # path -> body bytes the socket accepted
        self.hung_up: set[str] = set()  # paths whose client closed before the body ended

    def add_raw(self, path: str, route: RawRoute) -> str:
        self.raw_routes[path] = route
        return self.url(path)


def _hostile_handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    canned = _handler(site)

    class Handler(canned):  # type: ignore[valid-type,misc]
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            route = site.raw_routes.get(self.path.split("?", 1)[0])
            if route is None:
                super().do_GET()
                return
            site.hits.append(self.path)
            route(self)

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            except OSError:
                self.close_connection = True  # a reset socket: nothing left to answer

    return Handler


@pytest.fixture(scope="module")
def hostile_site() -> Iterator[HostileSite]:
    site = HostileSite()
    with serving(_hostile_handler(site)) as port:
        site.port = port
        yield site


# Raw routes


def _reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP RST (SO_LINGER 0) instead of a FIN."""
    handler.wfile.flush()
    connection = handler.connection
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # detach(): the request's file objects must not keep the descriptor open past the RST.
    os.close(connection.detach())
    handler.close_connection = True


def _reset_mid_body(handler: BaseHTTPRequestHandler) -> None:
    body = _article("Border queues, cut off", padding=100_000).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[: len(body) // 4])
    _reset(handler)


def _reset_before_answer(handler: BaseHTTPRequestHandler) -> None:
    _reset(handler)


def _no_content(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(204)
    handler.end_headers()


def _streamed(site: HostileSite, total: int | None, declare_length: bool) -> RawRoute:
    """A page of ``total`` bytes (None: endless), written in chunks; the server counts them."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length and total is not None:
            handler.send_header("Content-Length", str(total))
        handler.end_headers()
        paragraph = b"<p>" + b"Border queues grow. " * 20 + b"</p>\n"
        chunk = paragraph * (CHUNK // len(paragraph))
        limit = ENDLESS_PAGE_CAP if total is None else total
        sent = 0
        try:
            handler.wfile.write(b"<html><body>")
            while sent < limit:
                piece = chunk[: limit - sent]
                handler.wfile.write(piece)
                sent += len(piece)
                site.bytes_sent[path] = sent
        except (BrokenPipeError, ConnectionResetError):
            site.hung_up.add(path)
        handler.close_connection = True

    return route


# Hostile bodies


@functools.cache
def _gzip_bomb(inflated: int = 2**30) -> bytes:
    """A gzip member of ``inflated`` zero bytes, built in 16 MB steps (1 GB -> about 1 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(16 * 2**20)
    parts = [packer.compress(zeros) for _ in range(inflated // len(zeros))]
    parts.append(packer.flush())
    return b"".join(parts)


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


# A PNG's signature and IHDR chunk, then random bytes: what an image served as HTML starts with.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    + os.urandom(20_000)
)


def _russian_page(meta_charset: str | None) -> str:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    paragraphs = "".join(f"<p>{RUSSIAN_TEXT}</p>" for _ in range(3))
    return (
        f"<html><head>{meta}<title>Очереди на границе</title></head>"
        f"<body><article><h1>Очереди на границе</h1>{paragraphs}</article></body></html>"
    )


# One crawl per fault


@dataclass(frozen=True)
class Fault:
    name: str
    serve: Callable[[HostileSite, str], str]  # (site, path) -> the hostile URL the feed lists
    reason: str  # the reason its one record must carry


def _redirect_loop(site: HostileSite, path: str) -> str:
    site.add(f"{path}/b", "", status=302, headers={"Location": site.url(f"{path}/a")})
    return site.add(f"{path}/a", "", status=302, headers={"Location": site.url(f"{path}/b")})


def _meta_refresh_loop(site: HostileSite, path: str) -> str:
    def refresh_to(target: str) -> str:
        return f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head></html>'

    site.add(f"{path}/b", refresh_to(site.url(f"{path}/a")))
    return site.add(f"{path}/a", refresh_to(site.url(f"{path}/b")))


def _redirect_chain(site: HostileSite, path: str, hops: int = 12) -> str:
    for hop in range(hops):
        site.add(
            f"{path}/{hop}", "", status=301, headers={"Location": site.url(f"{path}/{hop + 1}")}
        )
    site.add(f"{path}/{hops}", _article("End of the chain"))
    return site.url(f"{path}/0")


FAULTS = [
    Fault("reset_mid_body", lambda site, path: site.add_raw(path, _reset_mid_body), "data_loss"),
    Fault(
        "reset_before_answer",
        lambda site, path: site.add_raw(path, _reset_before_answer),
        "connection_lost",
    ),
    Fault("redirect_loop", _redirect_loop, "redirect_loop"),
    Fault("meta_refresh_loop", _meta_refresh_loop, "redirect_loop"),
    Fault("redirect_chain", _redirect_chain, "too_many_redirects"),
    Fault(
        "ten_mb_declared",
        lambda site, path: site.add_raw(path, _streamed(site, 10 * 2**20, declare_length=True)),
        "too_large",
    ),
    Fault(
        "ten_mb_undeclared",
        lambda site, path: site.add_raw(path, _streamed(site, 10 * 2**20, declare_length=False)),
        "too_large",
    ),
    Fault(
        "endless_page",
        lambda site, path: site.add_raw(path, _streamed(site, None, declare_length=False)),
        "too_large",
    ),
    Fault(
        "gzip_bomb",
        lambda site, path: site.add(path, _gzip_bomb(), headers={"Content-Encoding": "gzip"}),
        "too_large",
    ),
    Fault(
        "gzip_bomb_layered",
        lambda site, path: site.add(
            path, _gzip(_gzip_bomb()), headers={"Content-Encoding": "gzip, gzip"}
        ),
        "too_large",
    ),
    Fault(
        "bad_gzip",
        lambda site, path: site.add(
            path, b"\x1f\x8b\x08\x00not really gzip", headers={"Content-Encoding": "gzip"}
        ),
        "bad_encoding",
    ),
    Fault("random_bytes", lambda site, path: site.add(path, os.urandom(50_000)), "not_html"),
    Fault("png_as_html", lambda site, path: site.add(path, PNG), "not_html"),
    Fault("empty_200", lambda site, path: site.add(path, b""), "empty_body"),
    Fault("blank_200", lambda site, path: site.add(path, b" \r\n\t\n"), "empty_body"),
    Fault("no_content_204", lambda site, path: site.add_raw(path, _no_content), "empty_body"),
]


@dataclass(frozen=True)
class Crawled:
    result: CrawlResult
    seconds: float
    good_url: str
    child_rss_ok: bool


def _largest_child_rss_kb() -> int:
    """Peak resident size (KB on Linux) of the largest child process reaped so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _child_rss_ok(before_kb: int) -> bool:
    """Whether the crawl child just reaped stayed under CHILD_RSS_BOUND_KB.

    The peak covers every child of this pytest process, some bigger than a crawl (whole
    ``exodus run`` tests): it rose during the crawl only if the crawl child is the largest.
    """
    after_kb = _largest_child_rss_kb()
    if after_kb > before_kb:
        print(f"crawl child peak: {after_kb // 1024} MB")
    return after_kb <= max(before_kb, CHILD_RSS_BOUND_KB)


def _crawl_feed(site: HostileSite, name: str, listed: list[str], workdir: Path) -> Crawled:
    """Crawl a feed listing ``listed`` and one good page; time it."""
    good_url = site.add(f"/{name}/good", _article(f"Queues at the border grow ({name})"))
    items = [(f"Border story {n}", url, "Cars wait") for n, url in enumerate(listed)]
    feed = site.add(
        f"/{name}/feed.rss",
        _rss(site, [*items, ("Good border story", good_url, "Cars wait")]),
        content_type="application/rss+xml",
    )
    rss_before_kb = _largest_child_rss_kb()
    started = time.monotonic()
    result = crawl([SourceSettings(name=name, kind="rss", url=feed)], SETTINGS, set(), workdir)
    seconds = time.monotonic() - started
    return Crawled(result, seconds, good_url, _child_rss_ok(rss_before_kb))


def _records(result: CrawlResult) -> list[FetchFailure | SkippedEntry]:
    return [*result.failures, *result.skipped]


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_web_fault_is_one_recorded_reason(
    fault: Fault, hostile_site: HostileSite, tmp_path: Path
) -> None:
    hostile_url = fault.serve(hostile_site, f"/{fault.name}/hostile")
    crawled = _crawl_feed(hostile_site, fault.name, [hostile_url], tmp_path)
    result = crawled.result
    print(f"{fault.name}: {crawled.seconds:.1f} s, {_records(result)}")
    assert result.stats["crawl/finish/finished"] == 1
    assert [page.url for page in result.pages] == [crawled.good_url]
    # Exactly one record, for the hostile URL, and a failure: it is listed again next run.
    assert [(type(record), record.url, record.reason) for record in _records(result)] == [
        (FetchFailure, hostile_url, fault.reason)
    ]
    assert crawled.seconds < FAULT_TIME_BOUND_SECONDS
    assert crawled.child_rss_ok, "the crawl child grew past CHILD_RSS_BOUND_KB"
    path = f"/{fault.name}/hostile"
    if path in hostile_site.bytes_sent:  # a streamed page: what the server managed to send
        assert _hung_up(hostile_site, path), "the crawler hung up before the body ended"
        print(f"{fault.name}: the server sent {hostile_site.bytes_sent[path]} bytes")
        assert hostile_site.bytes_sent[path] < MAX_BYTES + SOCKET_BUFFER_SLACK


def _hung_up(site: HostileSite, path: str) -> bool:
    """Whether the client closed mid-body (the server may notice just after the crawl)."""
    deadline = time.monotonic() + 5.0
    while path not in site.hung_up and time.monotonic() < deadline:
        time.sleep(0.05)
    return path in site.hung_up


def test_large_page_under_the_limit_is_fetched_and_cleaned(
    hostile_site: HostileSite, tmp_path: Path
) -> None:
    # Real pages are big for their inline scripts and JSON state, not for their text.
    article = _article("Queues at the border grow for the third day").replace(
        "<p>Text of the article.</p>", "".join(f"<p>{RUSSIAN_TEXT}</p>" for _ in range(40))
    )
    padding = MAX_BYTES - len(article.encode()) - 200_000
    page = article.replace("</body>", f"<script>var state = '{'x' * padding}';</script></body>")
    url = hostile_site.add("/large/article", page)
    crawled = _crawl_feed(hostile_site, "large", [url], tmp_path)
    fetched = {page.url: page for page in crawled.result.pages}
    assert set(fetched) == {url, crawled.good_url}
    assert crawled.result.failures == () and crawled.seconds < FAULT_TIME_BOUND_SECONDS
    assert len(fetched[url].html) > 4_500_000
    started = time.monotonic()
    cleaned = clean_page(fetched[url])
    cleaning_seconds = time.monotonic() - started
    print(f"large page: crawl {crawled.seconds:.1f} s, clean {cleaning_seconds:.1f} s")
    assert isinstance(cleaned, CleanArticle), cleaned
    assert "Верхний Ларс" in cleaned.text and "xxxxxxxx" not in cleaned.text
    assert cleaning_seconds < 20


def test_windows_1251_pages_decoded(hostile_site: HostileSite, tmp_path: Path) -> None:
    # Declared in the Content-Type header, only in <meta charset>, and not at all.
    body = _russian_page(None).encode("cp1251")
    urls = {
        "header": hostile_site.add(
            "/ru/header", body, content_type="text/html; charset=windows-1251"
        ),
        "meta": hostile_site.add(
            "/ru/meta", _russian_page("windows-1251").encode("cp1251"), content_type="text/html"
        ),
        "undeclared": hostile_site.add("/ru/undeclared", body, content_type="text/html"),
    }
    crawled = _crawl_feed(hostile_site, "ru", list(urls.values()), tmp_path)
    print(f"windows-1251 pages: {crawled.seconds:.1f} s")
    fetched: dict[str, FetchedPage] = {page.url: page for page in crawled.result.pages}
    assert set(fetched) == {*urls.values(), crawled.good_url}, crawled.result.failures
    for declared, url in urls.items():
        assert RUSSIAN_TEXT in fetched[url].html, declared
        cleaned = clean_page(fetched[url])
        assert isinstance(cleaned, CleanArticle), (declared, cleaned)
        assert RUSSIAN_TEXT in cleaned.text and cleaned.title == "Очереди на границе", declared
    assert crawled.seconds < FAULT_TIME_BOUND_SECONDS


def test_listing_gzip_bombs_are_one_recorded_reason_each(
    hostile_site: HostileSite, tmp_path: Path
) -> None:
    # name -> (source kind, path, Content-Type, headers)
    bombs = {
        "feed": ("rss", "/bombs/feed.xml", "application/rss+xml", {"Content-Encoding": "gzip"}),
        "sitemap": (
            "sitemap",
            "/bombs/sitemap.xml",
            "application/xml",
            {"Content-Encoding": "gzip"},
        ),
        # A .xml.gz file, not a Content-Encoding: the spider gunzips it itself.
        "sitemap_file": ("sitemap", "/bombs/sitemap.xml.gz", "application/x-gzip", {}),
    }
    sources = [
        SourceSettings(
            name=name,
            kind=kind,
            url=hostile_site.add(path, _gzip_bomb(), content_type=content_type, headers=headers),
        )
        for name, (kind, path, content_type, headers) in bombs.items()
    ]
    bomb_urls = {source.name: source.url for source in sources}
    good_url = hostile_site.add("/bombs/good", _article("Queues at the border grow"))
    good_feed = hostile_site.add(
        "/bombs/good.rss",
        _rss(hostile_site, [("Good border story", good_url, "Cars wait")]),
        content_type="application/rss+xml",
    )
    sources.append(SourceSettings(name="good", kind="rss", url=good_feed))
    rss_before_kb = _largest_child_rss_kb()
    started = time.monotonic()
    result = crawl(sources, SETTINGS, set(), tmp_path)
    seconds = time.monotonic() - started
    print(f"listing gzip bombs: {seconds:.1f} s")
    assert result.stats["crawl/finish/finished"] == 1
    assert [page.url for page in result.pages] == [good_url]
    assert sorted((f.url, f.reason) for f in result.failures) == sorted(
        (url, "too_large") for url in bomb_urls.values()
    )
    assert all(result.stats[f"source/{name}/failing_runs"] == 1 for name in bomb_urls)
    assert result.stats["source/good/failing_runs"] == 0
    assert seconds < FAULT_TIME_BOUND_SECONDS
    assert _child_rss_ok(rss_before_kb), "the crawl child grew past CHILD_RSS_BOUND_KB"
