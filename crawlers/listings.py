"""Turn a feed, sitemap, GDELT answer or listing page into entries: pure functions, no Scrapy.

Each parser takes the body (and the URL it came from, for relative links) and returns
``Listing``: the article entries plus, for sitemap indexes, the child sitemaps to read next.
A body that is not what its source kind promises raises ``MalformedListing`` with the short
reason recorded in the FetchFailure ("malformed_feed", "malformed_sitemap", ...).
"""

from __future__ import annotations

import calendar
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree
from parsel import Selector
from w3lib.html import remove_tags

__all__ = [
    "Entry",
    "Listing",
    "MalformedListing",
    "parse_feed",
    "parse_sitemap",
    "parse_gdelt",
    "parse_listing_page",
    "topic_match",
]

# A listing-page link text shorter than this many words ("Read more", "Video") is not a
# headline, so it carries no title and the topic filter cannot judge the entry before fetching.
MIN_HEADLINE_WORDS = 4
# Sitemap indexes of big outlets list years of monthly archives: read only the newest few.
MAX_CHILD_SITEMAPS = 10
# Clocks and time zones in feeds are often wrong by a little; beyond this a date is bogus.
FUTURE_SLACK = timedelta(hours=1)

_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """An article URL as a source listed it, with whatever the listing said about it."""

    url: str
    title: str | None = None
    summary: str | None = None
    published: datetime | None = None
    modified: datetime | None = None  # a sitemap's <lastmod>: when the page last changed
    # False when the listing's text cannot tell whether the article is on topic (GDELT already
    # matched the full text; a listing page's link text may be a label): fetch it regardless.
    judge_topic: bool = True

    @property
    def listed_at(self) -> datetime | None:
        """The newest date the listing gave (publication or last change), if any."""
        dates = [moment for moment in (self.published, self.modified) if moment is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Listing:
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = ()  # child sitemaps of a sitemap index, newest first


class MalformedListing(ValueError):
    """The body is not the feed, sitemap or JSON its source kind promises."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def topic_match(text: str, phrases: Iterable[str]) -> bool:
    """Whether any phrase occurs in the text, case-insensitively (casefold handles Cyrillic)."""
    folded = text.casefold()
    return any(phrase.casefold() in folded for phrase in phrases)


def _clean_text(value: str | None) -> str | None:
    if not value:
        return None
    text = _SPACE.sub(" ", html.unescape(remove_tags(value))).strip()
    return text or None


def _not_future(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return None if moment > datetime.now(UTC) + FUTURE_SLACK else moment


def _iso_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return _not_future(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def parse_feed(body: bytes, url: str) -> Listing:
    """RSS 0.9x/1.0/2.0 or Atom, through feedparser (which never fetches: it is given bytes)."""
    parsed: Any = feedparser.parse(body)
    if parsed.bozo and not parsed.entries and not parsed.feed:
        raise MalformedListing("malformed_feed", f"{url}: {parsed.get('bozo_exception')}")
    if not parsed.version and not parsed.entries:
        raise MalformedListing("malformed_feed", f"{url}: not RSS or Atom")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = (
            _not_future(datetime.fromtimestamp(calendar.timegm(stamp), UTC)) if stamp else None
        )
        entries.append(
            Entry(
                url=urljoin(url, link.strip()),
                title=_clean_text(item.get("title")),
                summary=_clean_text(item.get("summary")),
                published=published,
            )
        )
    return Listing(entries=tuple(entries))


def _child_text(element: Any, path: str, namespaces: dict[str, str]) -> str | None:
    found = element.find(path, namespaces=namespaces)
    if found is None or found.text is None:
        return None
    return str(found.text).strip() or None


def _localname(element: Any) -> str:
    return str(etree.QName(element).localname)


def parse_sitemap(body: bytes, url: str) -> Listing:
    """A urlset (reading the news: extension ourselves) or a sitemap index.

    Scrapy's SitemapSpider flattens each <url> to its direct children's text and so loses
    news:title and news:publication_date, hence this parser. The lxml parser neither resolves
    entities nor touches the network, so a hostile sitemap cannot read files or amplify.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, remove_comments=True
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as error:
        raise MalformedListing("malformed_sitemap", f"{url}: {error}") from None
    if root is None or _localname(root) not in ("urlset", "sitemapindex"):
        raise MalformedListing("malformed_sitemap", f"{url}: no urlset or sitemapindex")
    namespace = root.nsmap.get(None)
    prefix = "s:" if namespace else ""
    names = {"s": namespace, "n": _NEWS_NS} if namespace else {"n": _NEWS_NS}
    if _localname(root) == "sitemapindex":
        children = []
        for node in root.iterfind(f"{prefix}sitemap", namespaces=names):
            loc = _child_text(node, f"{prefix}loc", names)
            if loc:
                lastmod = _child_text(node, f"{prefix}lastmod", names) or ""
                children.append((lastmod, urljoin(url, loc)))
        # W3C datetimes of one index share a format, so they sort as text; newest first.
        children.sort(key=lambda pair: pair[0], reverse=True)
        return Listing(sitemaps=tuple(loc for _, loc in children[:MAX_CHILD_SITEMAPS]))
    entries = []
    for node in root.iterfind(f"{prefix}url", namespaces=names):
        loc = _child_text(node, f"{prefix}loc", names)
        if not loc:
            continue
        entries.append(
            Entry(
                url=urljoin(url, loc),
                title=_clean_text(_child_text(node, "n:news/n:title", names)),
                published=_iso_datetime(_child_text(node, "n:news/n:publication_date", names)),
                modified=_iso_datetime(_child_text(node, f"{prefix}lastmod", names)),
            )
        )
    return Listing(entries=tuple(entries))


def _gdelt_date(value: Any) -> datetime | None:
    # GDELT's seendate looks like 20220925T103000Z: when it saw the article, near publication.
    if not isinstance(value, str):
        return None
    try:
        return _not_future(datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC))
    except ValueError:
        return None


def parse_gdelt(text: str, url: str) -> Listing:
    """A GDELT DOC 2.0 ``mode=ArtList&format=json`` answer.

    GDELT answers a bad query with a plain-text sentence and status 200, and an empty result
    with ``{}``. Its titles are not judged by the topic filter: the query matched the full text.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise MalformedListing("malformed_api", f"{url}: {text[:120]!r}") from None
    if not isinstance(data, dict):
        raise MalformedListing("malformed_api", f"{url}: expected a JSON object")
    articles = data.get("articles") or []
    entries = []
    for article in articles if isinstance(articles, list) else []:
        if not isinstance(article, dict) or not isinstance(article.get("url"), str):
            continue
        entries.append(
            Entry(
                url=article["url"].strip(),
                title=_clean_text(article.get("title")),
                published=_gdelt_date(article.get("seendate")),
                judge_topic=False,
            )
        )
    return Listing(entries=tuple(entries))


def parse_listing_page(text: str, url: str, link_pattern: str) -> Listing:
    """Links of a section page whose absolute URL matches the pattern (empty: every link).

    A link's text counts as its headline (and is judged by the topic filter) only when it has
    at least MIN_HEADLINE_WORDS words; the longest text among links to one URL wins.
    """
    pattern = re.compile(link_pattern) if link_pattern else None
    titles: dict[str, str | None] = {}
    for anchor in Selector(text=text, base_url=url).css("a[href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        link = urljoin(url, href).split("#", 1)[0]
        if pattern is not None and not pattern.search(link):
            continue
        label = _clean_text(" ".join(anchor.css("::text").getall()))
        if label and len(label.split()) < MIN_HEADLINE_WORDS:
            label = None
        previous = titles.get(link)
        if link not in titles or (label and len(label) > len(previous or "")):
            titles[link] = label
    entries = tuple(
        Entry(url=link, title=title, judge_topic=title is not None)
        for link, title in titles.items()
    )
    return Listing(entries=entries)
