"""The listing parsers, without Scrapy: feeds, sitemaps, GDELT answers, listing pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from crawlers.listings import (
    MalformedListing,
    parse_feed,
    parse_gdelt,
    parse_listing_page,
    parse_sitemap,
    topic_match,
)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Queues at the &lt;b&gt;border&lt;/b&gt;</title><link>/news/1</link>
<description>&lt;p&gt;Thousands  wait&lt;/p&gt;</description>
<pubDate>Sun, 25 Sep 2022 10:00:00 +0300</pubDate></item>
<item><title>No link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Relocants in Tbilisi</title><link rel="alternate" href="https://x.org/a"/>
<id>x</id><updated>2022-09-26T08:30:00Z</updated><summary>Rents rise</summary></entry>
</feed>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://x.org/ru</loc><news:news>
   <news:publication><news:name>X</news:name><news:language>ru</news:language></news:publication>
   <news:publication_date>2022-09-25T10:00:00+03:00</news:publication_date>
   <news:title>Мобилизация: очереди на границе</news:title></news:news></url>
 <url><loc>https://x.org/plain</loc></url>
</urlset>""".encode()

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>https://x.org/old.xml</loc><lastmod>2021-01-01</lastmod></sitemap>
 <sitemap><loc>https://x.org/news.xml</loc><lastmod>2022-09-25</lastmod></sitemap>
</sitemapindex>"""


def test_parse_feed_rss_entry_fields() -> None:
    listing = parse_feed(RSS, "https://x.org/feed")
    assert len(listing.entries) == 1
    entry = listing.entries[0]
    assert entry.url == "https://x.org/news/1"
    assert entry.title == "Queues at the border"
    assert entry.summary == "Thousands wait"
    assert entry.published == datetime(2022, 9, 25, 7, 0, tzinfo=UTC)


def test_parse_feed_atom_entry_fields() -> None:
    (entry,) = parse_feed(ATOM, "https://x.org/atom").entries
    assert (entry.url, entry.title, entry.summary) == (
        "https://x.org/a",
        "Relocants in Tbilisi",
        "Rents rise",
    )
    assert entry.published == datetime(2022, 9, 26, 8, 30, tzinfo=UTC)


def test_parse_feed_malformed() -> None:
    with pytest.raises(MalformedListing) as caught:
        parse_feed(b"<html><body>Service unavailable</body></html>", "https://x.org/feed")
    assert caught.value.reason == "malformed_feed"


def test_parse_sitemap_reads_news_tags() -> None:
    first, second = parse_sitemap(NEWS_SITEMAP, "https://x.org/s.xml").entries
    assert first.title == "Мобилизация: очереди на границе"
    assert first.published == datetime(2022, 9, 25, 7, 0, tzinfo=UTC)
    assert (second.url, second.title, second.published) == ("https://x.org/plain", None, None)


def test_parse_sitemap_index_newest_first() -> None:
    listing = parse_sitemap(INDEX, "https://x.org/index.xml")
    assert listing.sitemaps == ("https://x.org/news.xml", "https://x.org/old.xml")
    assert listing.entries == ()


def test_parse_sitemap_ignores_entities() -> None:
    hostile = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.org/&x;</loc></url></urlset>"""
    listing = parse_sitemap(hostile, "https://x.org/s.xml")
    assert all("root:" not in entry.url for entry in listing.entries)


def test_parse_sitemap_malformed() -> None:
    with pytest.raises(MalformedListing) as caught:
        parse_sitemap(b"<html><p>moved</p></html>", "https://x.org/s.xml")
    assert caught.value.reason == "malformed_sitemap"


def test_parse_gdelt_articles() -> None:
    article = {
        "url": "https://x.org/a",
        "title": "Cars at Upper Lars",
        "seendate": "20220925T103000Z",
    }
    body = json.dumps({"articles": [article]})
    (entry,) = parse_gdelt(body, "https://api.gdeltproject.org/api/v2/doc/doc").entries
    assert entry.published == datetime(2022, 9, 25, 10, 30, tzinfo=UTC)
    assert entry.judge_topic is False


@pytest.mark.parametrize("body", ["{}", '{"articles": []}'])
def test_parse_gdelt_empty(body: str) -> None:
    assert parse_gdelt(body, "https://g/").entries == ()


def test_parse_gdelt_error_text() -> None:
    with pytest.raises(MalformedListing) as caught:
        parse_gdelt("Your search contained a keyword that was too short.", "https://g/")
    assert caught.value.reason == "malformed_api"


def test_parse_listing_page_pattern_and_headlines() -> None:
    page = """<a href="/news/2022/09/a">Thousands cross the border daily</a>
    <a href="/news/2022/09/a#comments">3</a><a href="/news/2022/09/b">Video</a>
    <a href="/about">About us and our team</a>"""
    entries = parse_listing_page(page, "https://x.org/section/", r"/news/\d{4}/")
    assert [(e.url, e.title, e.judge_topic) for e in entries.entries] == [
        ("https://x.org/news/2022/09/a", "Thousands cross the border daily", True),
        ("https://x.org/news/2022/09/b", None, False),
    ]


@pytest.mark.parametrize(
    ("text", "match"),
    [("МОБИЛИЗАЦИЯ в России", True), ("Queues at the Border", True), ("Football results", False)],
)
def test_topic_match_cases(text: str, match: bool) -> None:
    assert topic_match(text, ["мобилизац", "border"]) is match
