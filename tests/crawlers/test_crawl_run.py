"""Real crawls: crawlers.run.crawl runs Scrapy in a child process against a local site.

One crawl of a site with every source kind is shared by most tests (each asserts one
behaviour of it); crawls that need other settings run on their own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from crawlers.run import canonical_url, crawl
from exodus.config import CrawlSettings, SourceSettings
from exodus.records import CrawlResult

if TYPE_CHECKING:
    from conftest import LocalSite

ROOT = Path(__file__).resolve().parents[2]


def _article(title: str, padding: int = 0) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>Text of the article.</p>{'x' * padding}</body></html>"
    )


def _rss(site: LocalSite, items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><description>{summary}</description>"
        "<pubDate>Sun, 25 Sep 2022 10:00:00 +0300</pubDate></item>"
        for title, link, summary in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'
    )


def _build_site(site: LocalSite) -> list[SourceSettings]:
    u = site.url
    site.add(
        "/feed.rss",
        _rss(
            site,
            [
                ("Queues at the border grow", u("/news/border-queues?utm_source=rss"), "Cars wait"),
                ("Football results", u("/news/football"), "Local team wins"),
                ("Reservists fled", u("/news/already-seen/?utm_medium=feed"), "Seen before"),
                ("Mobilisation office page", u("/news/missing"), "Gone"),
                ("Draft office outage", u("/news/broken"), "Server error"),
                ("Mobilisation abroad", "https://elsewhere.example/news/x", "Other site"),
                ("Border story that is too large", u("/news/huge"), "Big"),
                ("Draft notice as a PDF", u("/news/notice.pdf"), "Scan"),
                ("Border secrets", u("/news/secret"), "Disallowed by robots.txt"),
            ],
        ),
        content_type="application/rss+xml",
    )
    site.add("/news/border-queues", _article("Queues at the border grow"))
    site.add("/news/football", _article("Football results"))
    site.add("/news/already-seen", _article("Reservists fled"))
    site.add("/news/broken", "<html>oops</html>", status=500)
    site.add("/news/huge", _article("Too large", padding=60_000))
    site.add("/news/notice.pdf", b"%PDF-1.4 not html", content_type="application/pdf")
    site.add("/news/secret", _article("Secret"))
    site.add("/robots.txt", "User-agent: *\nDisallow: /news/secret\n", content_type="text/plain")
    site.add(
        "/atom.xml",
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>t</title><entry><title>Relocants in Tbilisi</title>"
        f'<link rel="alternate" href="{u("/news/atom-story")}"/><id>a</id>'
        "<updated>2022-09-26T08:30:00Z</updated><summary>Rents rise</summary></entry></feed>",
        content_type="application/atom+xml",
    )
    site.add("/news/atom-story", _article("Relocants in Tbilisi"))
    site.add(
        "/sitemap-index.xml",
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{u('/sitemap-news.xml')}</loc><lastmod>2022-09-25</lastmod></sitemap>"
        "</sitemapindex>",
        content_type="application/xml",
    )
    site.add(
        "/sitemap-news.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{u('/news/ru-story')}</loc><news:news>"
        "<news:publication_date>2022-09-25T10:00:00+03:00</news:publication_date>"
        "<news:title>Мобилизация: очереди на границе</news:title></news:news></url>"
        f"<url><loc>{u('/news/plain')}</loc></url></urlset>",
        content_type="application/xml",
    )
    site.add("/news/ru-story", _article("Мобилизация"))
    site.add("/news/plain", _article("Plain"))
    site.add(
        "/section/",
        '<html><body><a href="/news/2022/09/exodus-a">Exodus continues as thousands leave</a>'
        '<a href="/news/2022/09/sport-b">Hockey club signs new goalkeeper</a>'
        '<a href="/news/2022/09/short">Video</a><a href="/about">About us</a></body></html>',
    )
    site.add("/news/2022/09/exodus-a", _article("Exodus continues"))
    site.add("/news/2022/09/sport-b", _article("Hockey"))
    site.add("/news/2022/09/short", _article("Short"))
    site.add("/about", _article("About"))
    site.add(
        "/api/v2/doc/doc",
        json.dumps(
            {
                "articles": [
                    {
                        "url": u("/news/gdelt-1"),
                        "title": "Cars at Upper Lars",
                        "seendate": "20220925T103000Z",
                    },
                    {
                        "url": u("/news/redirect-out"),
                        "title": "Moved",
                        "seendate": "20220925T103000Z",
                    },
                ]
            }
        ),
        content_type="application/json",
    )
    site.add("/news/gdelt-1", _article("Cars at Upper Lars"))
    # A listed page on an allowed host that redirects to a private one (localhost).
    site.add(
        "/news/redirect-out",
        "",
        status=302,
        headers={"Location": site.url("/news/plain", "localhost")},
    )
    return [
        SourceSettings(name="feed", kind="rss", url=u("/feed.rss")),
        SourceSettings(name="atom", kind="rss", url=u("/atom.xml")),
        SourceSettings(name="sitemap", kind="sitemap", url=u("/sitemap-index.xml")),
        SourceSettings(
            name="section", kind="page", url=u("/section/"), link_pattern=r"/news/\d{4}/\d{2}/"
        ),
        SourceSettings(
            name="gdelt",
            kind="gdelt",
            url=u("/api/v2/doc/doc"),
            query='"mobilization" sourcelang:russian',
        ),
        SourceSettings(name="broken-feed", kind="rss", url=u("/broken-feed.rss")),
    ]


@pytest.fixture(scope="module")
def crawled(module_site: LocalSite, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    sources = _build_site(module_site)
    module_site.add("/broken-feed.rss", "<html><body>We are down</body></html>")
    settings = CrawlSettings(
        obey_robots=True,
        allow_private_hosts=("127.0.0.1",),
        timeout=5.0,
        max_seconds=30.0,
        max_bytes=40_000,
    )
    seen = {canonical_url(module_site.url("/news/already-seen"))}
    return crawl(sources, settings, seen, tmp_path_factory.mktemp("crawl"))


def _pages(result: CrawlResult) -> dict[str, object]:
    return {page.url.split("?")[0].rsplit("/", 1)[-1]: page for page in result.pages}


def _reasons(records: tuple) -> dict[str, str]:
    return {
        record.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]: record.reason for record in records
    }


def test_crawl_fetches_every_source_kind(crawled: CrawlResult) -> None:
    assert set(_pages(crawled)) == {
        "border-queues",
        "atom-story",
        "ru-story",
        "plain",
        "exodus-a",
        "short",
        "gdelt-1",
    }


def test_crawl_rss_entry_fields(crawled: CrawlResult) -> None:
    page = _pages(crawled)["border-queues"]
    assert page.url.endswith("/news/border-queues?utm_source=rss")  # as listed
    assert page.source == "feed" and page.status == 200
    assert page.listed_title == "Queues at the border grow"
    assert page.listed_summary == "Cars wait"
    assert page.listed_published == datetime(2022, 9, 25, 7, 0, tzinfo=UTC)
    assert "<h1>Queues at the border grow</h1>" in page.html
    assert page.fetched_at.tzinfo is not None


def test_crawl_atom_entry_fields(crawled: CrawlResult) -> None:
    page = _pages(crawled)["atom-story"]
    assert (page.listed_title, page.listed_summary) == ("Relocants in Tbilisi", "Rents rise")
    assert page.listed_published == datetime(2022, 9, 26, 8, 30, tzinfo=UTC)


def test_crawl_news_sitemap_index_tags(crawled: CrawlResult) -> None:
    pages = _pages(crawled)
    assert pages["ru-story"].listed_title == "Мобилизация: очереди на границе"
    assert pages["ru-story"].listed_published == datetime(2022, 9, 25, 7, 0, tzinfo=UTC)
    assert pages["plain"].listed_title is None and pages["plain"].source == "sitemap"


def test_crawl_listing_page_link_pattern(crawled: CrawlResult, module_site: LocalSite) -> None:
    pages = _pages(crawled)
    assert pages["exodus-a"].listed_title == "Exodus continues as thousands leave"
    assert pages["short"].listed_title is None  # "Video" is a label, not a headline
    assert "/about" not in module_site.paths_hit()


def test_crawl_gdelt_query(crawled: CrawlResult, module_site: LocalSite) -> None:
    (hit,) = [hit for hit in module_site.hits if hit.startswith("/api/v2/doc/doc")]
    assert "mode=ArtList" in hit and "format=json" in hit and "query=%22mobilization%22" in hit
    # GDELT matched the full text: its titles are not judged by the topic filter
    assert _pages(crawled)["gdelt-1"].listed_title == "Cars at Upper Lars"


def test_crawl_skips_seen_and_off_topic(crawled: CrawlResult, module_site: LocalSite) -> None:
    skipped = _reasons(crawled.skipped)
    assert skipped["already-seen"] == "seen"
    assert skipped["football"] == "off_topic"
    assert skipped["sport-b"] == "off_topic"
    assert skipped["x"] == "off_domain"
    hits = module_site.paths_hit()
    assert "/news/already-seen/" not in hits and "/news/football" not in hits


def test_crawl_failures_recorded(crawled: CrawlResult) -> None:
    failures = _reasons(crawled.failures)
    assert failures == {
        "missing": "http_404",
        "broken": "http_500",
        "huge": "too_large",
        "notice.pdf": "not_html",
        "secret": "robots",
        "redirect-out": "private_address",
        "broken-feed.rss": "malformed_feed",
    }
    statuses = {f.reason: f.status for f in crawled.failures}
    assert statuses["http_404"] == 404 and statuses["http_500"] == 500


def test_crawl_retries_server_errors(module_site: LocalSite, crawled: CrawlResult) -> None:
    assert module_site.paths_hit().count("/news/broken") == 3  # one try and two retries


def test_crawl_stats_counters(crawled: CrawlResult) -> None:
    stats = crawled.stats
    assert stats["crawl/pages"] == len(crawled.pages)
    assert stats["crawl/skipped/off_topic"] == 2
    assert stats["crawl/finish/finished"] == 1


def test_crawl_second_run_fetches_no_article(module_site: LocalSite, tmp_path: Path) -> None:
    sources = _build_site(module_site)
    module_site.hits.clear()
    settings = CrawlSettings(obey_robots=False, allow_private_hosts=("127.0.0.1",), timeout=5.0)
    # Everything the first run fetched or gave up on (the flow decides when to retry failures)
    listed = [module_site.url(path) for path in module_site.routes if path.startswith("/news/")]
    listed.append(module_site.url("/news/missing"))
    result = crawl(sources, settings, {canonical_url(url) for url in listed}, tmp_path)
    assert result.pages == ()
    assert not [hit for hit in module_site.paths_hit() if hit.startswith("/news/")]
    assert {skip.reason for skip in result.skipped} <= {"seen", "off_topic", "off_domain"}


def test_crawl_private_address_refused(site: LocalSite, tmp_path: Path) -> None:
    source = SourceSettings(name="feed", kind="rss", url=site.add("/feed.rss", "<rss/>"))
    settings = CrawlSettings(obey_robots=False, timeout=5.0)  # 127.0.0.1 not allowed
    result = crawl([source], settings, set(), tmp_path)
    assert [(f.url, f.reason) for f in result.failures] == [(source.url, "private_address")]
    assert site.hits == []


def test_crawl_unreachable_source_does_not_fail(site: LocalSite, tmp_path: Path) -> None:
    source = SourceSettings(name="down", kind="rss", url="http://127.0.0.1:9/feed")  # discard port
    settings = CrawlSettings(obey_robots=False, allow_private_hosts=("127.0.0.1",), timeout=2.0)
    result = crawl([source], settings, set(), tmp_path)
    assert [f.reason for f in result.failures] == ["connection_refused"]


def test_crawl_timeout_recorded(site: LocalSite, tmp_path: Path) -> None:
    feed = _rss(site, [("Border queues", site.url("/news/slow"), "Cars")])
    source = SourceSettings(name="feed", kind="rss", url=site.add("/feed.rss", feed))
    site.add("/news/slow", _article("Border queues"), delay=2.0)
    settings = CrawlSettings(obey_robots=False, allow_private_hosts=("127.0.0.1",), timeout=0.5)
    result = crawl([source], settings, set(), tmp_path)
    assert [(f.url, f.reason, f.status) for f in result.failures] == [
        (site.url("/news/slow"), "timeout", None)
    ]


def test_crawl_no_sources_is_instant(tmp_path: Path) -> None:
    started = time.monotonic()
    assert crawl([], CrawlSettings(), set(), tmp_path).pages == ()
    assert time.monotonic() - started < 0.5


def test_scrapy_crawl_standalone(site: LocalSite, tmp_path: Path) -> None:
    feed = _rss(site, [("Border queues", site.url("/news/a"), "Cars")])
    site.add("/feed.rss", feed, content_type="application/rss+xml")
    site.add("/news/a", _article("Border queues"))
    config = tmp_path / "exodus.toml"
    config.write_text(
        f'[crawl]\nobey_robots = false\nallow_private_hosts = ["127.0.0.1"]\n'
        f'[[sources]]\nname = "local"\nkind = "rss"\nurl = "{site.url("/feed.rss")}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "news",
            "-a",
            f"config={config}",
            "-O",
            str(out),
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=ROOT,
        check=True,
        timeout=60,
        capture_output=True,
    )
    (item,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert item["url"] == site.url("/news/a") and item["listed_title"] == "Border queues"


def test_crawl_with_a_relative_workdir(
    module_site: LocalSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default data_dir is the relative "data": the child must find its job file anyway.
    monkeypatch.chdir(tmp_path)
    sources = _build_site(module_site)[:1]
    settings = CrawlSettings(obey_robots=False, allow_private_hosts=("127.0.0.1",), timeout=5.0)
    result = crawl(sources, settings, set(), Path("data/crawl"))
    assert result.pages, "the feed's articles are fetched"
    assert (tmp_path / "data" / "crawl" / "job.json").exists()
