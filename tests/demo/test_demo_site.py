"""The demo site serves feed, sitemap and pages over real HTTP, in waves, with conditional GET."""

from __future__ import annotations

import errno
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest

from exodus.config import load_settings
from exodus.demo import DemoPage, DemoSite, demo_config_toml, waves

NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _get(
    url: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _feed_links(site: DemoSite) -> list[str]:
    status, _, body = _get(site.url + "/feed.xml")
    assert status == 200
    return [entry.link for entry in feedparser.parse(body).entries]


def _sitemap_locs(site: DemoSite) -> list[str]:
    status, _, body = _get(site.url + "/news-sitemap.xml")
    assert status == 200
    return [loc.text or "" for loc in ET.fromstring(body).iter(f"{SM}loc")]


def test_site_url_is_known_before_start_and_gone_after_stop() -> None:
    site = DemoSite()
    assert site.url.startswith("http://127.0.0.1:") and not site.url.endswith(":0")
    site.stop()
    with pytest.raises(RuntimeError, match="closed"):
        _ = site.url


def test_site_taken_port_fails_on_creation() -> None:
    # `exodus demo --port` turns this OSError into a one-line message.
    with DemoSite() as first:
        port = int(first.url.rsplit(":", 1)[1])
        with pytest.raises(OSError) as raised:
            DemoSite(port=port)
        assert raised.value.errno == errno.EADDRINUSE


def test_site_robots_allows_all(site: DemoSite) -> None:
    status, headers, body = _get(site.url + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in body.decode() and "Allow: /" in body.decode()


def test_site_feed_lists_all_pages_newest_first(site: DemoSite, pages: list[DemoPage]) -> None:
    status, headers, body = _get(site.url + "/feed.xml")
    assert status == 200 and "rss" in headers["Content-Type"]
    feed = feedparser.parse(body)
    assert not feed.bozo
    assert len(feed.entries) == len(pages)
    newest = sorted(pages, key=lambda p: p.published, reverse=True)
    assert [e.link for e in feed.entries] == [f"{site.url}/articles/{p.slug}.html" for p in newest]
    by_title = {p.title: p for p in pages}
    for entry in feed.entries:
        page = by_title[entry.title]
        assert entry.summary == page.summary
        assert parsedate_to_datetime(entry.published) == page.published


def test_site_sitemap_is_a_google_news_sitemap(site: DemoSite, pages: list[DemoPage]) -> None:
    status, _, body = _get(site.url + "/news-sitemap.xml")
    assert status == 200
    urls = ET.fromstring(body).findall(f"{SM}url")
    assert len(urls) == len(pages)
    by_slug = {p.slug: p for p in pages}
    for url in urls:
        loc = url.findtext(f"{SM}loc") or ""
        assert loc.startswith(site.url + "/articles/")
        page = by_slug[loc.rsplit("/", 1)[1].removesuffix(".html")]
        news = url.find(f"{NEWS}news")
        assert news is not None
        assert news.findtext(f"{NEWS}publication/{NEWS}name")
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
        assert news.findtext(f"{NEWS}title") == page.title
        published = news.findtext(f"{NEWS}publication_date") or ""
        assert datetime.fromisoformat(published) == page.published


def test_site_serves_article_with_last_modified(site: DemoSite, pages: list[DemoPage]) -> None:
    page = pages[0]
    status, headers, body = _get(f"{site.url}/articles/{page.slug}.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert parsedate_to_datetime(headers["Last-Modified"]) == page.published
    assert f'content="{page.published.isoformat()}"' in body.decode()


def test_site_unknown_paths_are_404(site: DemoSite) -> None:
    assert _get(site.url + "/articles/no-such-page.html")[0] == 404
    assert _get(site.url + "/wp-admin")[0] == 404


def test_site_index_lists_released_pages(site: DemoSite, pages: list[DemoPage]) -> None:
    status, _, body = _get(site.url + "/")
    assert status == 200 and body.decode().count("/articles/") == len(pages)


def test_site_head_has_no_body(site: DemoSite) -> None:
    status, headers, body = _get(site.url + "/feed.xml", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_site_release_until_hides_later_pages(site: DemoSite, pages: list[DemoPage]) -> None:
    first = waves(pages)[0]
    visible = site.release_until(first)
    released = [p for p in pages if p.published <= first]
    hidden = [p for p in pages if p.published > first]
    assert visible == len(released) and 0 < visible < len(pages)
    assert len(_feed_links(site)) == visible
    assert len(_sitemap_locs(site)) == visible
    assert _get(f"{site.url}/articles/{released[0].slug}.html")[0] == 200
    assert _get(f"{site.url}/articles/{hidden[0].slug}.html")[0] == 404


def test_site_waves_grow_the_feed(site: DemoSite, pages: list[DemoPage]) -> None:
    counts = []
    for cutoff in waves(pages):
        assert site.release_until(cutoff) == len(_feed_links(site))
        counts.append(len(_sitemap_locs(site)))
    assert counts == sorted(counts) and counts[-1] == len(pages)


def test_site_release_until_needs_timezone(site: DemoSite) -> None:
    with pytest.raises(ValueError, match="timezone"):
        site.release_until(datetime(2022, 10, 1))


@pytest.mark.parametrize("path", ["/feed.xml", "/news-sitemap.xml"])
def test_site_conditional_get_gives_304(site: DemoSite, pages: list[DemoPage], path: str) -> None:
    site.release_until(waves(pages)[1])
    status, headers, _ = _get(site.url + path)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert _get(site.url + path, {"If-None-Match": etag})[0] == 304
    assert _get(site.url + path, {"If-Modified-Since": modified})[0] == 304
    assert _get(site.url + path, {"If-None-Match": '"something-else"'})[0] == 200
    # A new wave changes both validators, so the old ones no longer match.
    site.release_until(waves(pages)[2])
    status, new_headers, _ = _get(site.url + path, {"If-None-Match": etag})
    assert status == 200 and new_headers["ETag"] != etag
    assert _get(site.url + path, {"If-Modified-Since": modified})[0] == 200
    # Moving the clock back is a change too, even though Last-Modified goes down.
    site.release_until(waves(pages)[0])
    assert _get(site.url + path, {"If-Modified-Since": modified})[0] == 200


def test_site_article_conditional_get(site: DemoSite, pages: list[DemoPage]) -> None:
    url = f"{site.url}/articles/{pages[0].slug}.html"
    modified = _get(url)[1]["Last-Modified"]
    assert _get(url, {"If-Modified-Since": modified})[0] == 304


def test_site_stops_cleanly(pages: list[DemoPage]) -> None:
    with DemoSite() as running:
        url = running.url
        assert _get(url + "/robots.txt")[0] == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/robots.txt", timeout=2)


def test_demo_config_toml_loads(tmp_path: Path) -> None:
    db, outbox = str(tmp_path / "demo.duckdb"), str(tmp_path / "outbox")
    text = demo_config_toml("http://127.0.0.1:8765", db, outbox)
    path = tmp_path / "exodus.toml"
    path.write_text(text, encoding="utf-8")
    settings = load_settings(path, environ={})
    assert settings.storage.db == str(tmp_path / "demo.duckdb")
    assert [(s.name, s.kind, s.url) for s in settings.sources] == [
        ("demo-feed", "rss", "http://127.0.0.1:8765/feed.xml"),
        ("demo-sitemap", "sitemap", "http://127.0.0.1:8765/news-sitemap.xml"),
    ]
    assert settings.crawl.allow_private_hosts == ("127.0.0.1",)
    assert settings.crawl.obey_robots is True
    assert settings.alerts.to == ("desk@example.org",)
    assert settings.alerts.from_ == "exodus-monitor@example.org"
    assert settings.alerts.smtp_host == ""
    assert settings.alerts.outbox == str(tmp_path / "outbox")


def test_demo_config_toml_against_running_site(site: DemoSite, tmp_path: Path) -> None:
    path = tmp_path / "exodus.toml"
    path.write_text(demo_config_toml(site.url, "db.duckdb", "outbox"), encoding="utf-8")
    for source in load_settings(path, environ={}).sources:
        assert _get(source.url)[0] == 200
