from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cleaning import Rejection, clean_page, clean_pages
from crawlers.listings import topic_match
from exodus.config import CrawlSettings
from exodus.records import CleanArticle, FetchedPage

BODY = (
    "Kazakhstan's interior minister said on Tuesday that 200,000 Russians had entered the "
    "country since the mobilisation was announced on September 21. Officials in Almaty said "
    "queues at the border had grown through the weekend, and that many of the new arrivals "
    "planned to move on to Uzbekistan and Kyrgyzstan within days. "
)

PAGE = f"""<!doctype html>
<html lang="en"><head>
<title>Kazakhstan counts 200,000 arrivals | Steppe Wire</title>
<meta property="og:title" content="Kazakhstan counts 200,000 arrivals">
<meta property="og:site_name" content="Steppe Wire">
<meta property="article:published_time" content="2022-10-04T09:30:00+06:00">
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Kazakhstan counts 200,000 arrivals</h1>
<p class="byline">By Steppe Wire staff</p>
<p>{BODY}</p><p>{BODY}</p>
</article>
<aside><h2>Related</h2><ul><li><a href="/x">Grain exports rise 12%</a></li></ul></aside>
<section id="comments"><p>Reader 1: I counted 5,000,000 cars yesterday.</p></section>
<footer>© 2022 Steppe Wire. 12 Abay Avenue.</footer>
</body></html>"""


def page(
    html: str = PAGE, url: str = "https://steppe.example/news/kz-arrivals", **changes: object
) -> FetchedPage:
    values: dict[str, object] = {
        "url": url,
        "final_url": url,
        "source": "steppe",
        "status": 200,
        "html": html,
        "fetched_at": datetime(2022, 10, 5, tzinfo=UTC),
    }
    values.update(changes)
    return FetchedPage(**values)  # type: ignore[arg-type]


def test_article_text_without_page_chrome() -> None:
    article = clean_page(page())
    assert isinstance(article, CleanArticle)
    assert "200,000 Russians had entered" in article.text
    assert "cookies" not in article.text
    assert "5,000,000 cars" not in article.text
    assert "Abay Avenue" not in article.text


def test_metadata_is_read() -> None:
    article = clean_page(page())
    assert isinstance(article, CleanArticle)
    assert article.title == "Kazakhstan counts 200,000 arrivals"
    assert article.site == "Steppe Wire"
    assert article.language == "en"
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2022-10-04"
    assert article.published_from == "metadata"
    assert len(article.text_hash) == 64


def test_feed_date_wins_over_metadata() -> None:
    listed = datetime(2022, 10, 3, 12, tzinfo=UTC)
    article = clean_page(page(listed_published=listed))
    assert isinstance(article, CleanArticle)
    assert (article.published_at, article.published_from) == (listed, "feed")


def test_future_date_is_never_used() -> None:
    future = datetime(2099, 1, 1, tzinfo=UTC)
    article = clean_page(page(listed_published=future))
    assert isinstance(article, CleanArticle)
    assert article.published_at is not None and article.published_at.year == 2022


def test_date_from_the_url_when_the_page_has_none() -> None:
    bare = PAGE.replace(
        '<meta property="article:published_time" content="2022-10-04T09:30:00+06:00">', ""
    )
    article = clean_page(page(bare, url="https://steppe.example/2022/09/30/kz-arrivals"))
    assert isinstance(article, CleanArticle)
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2022-09-30"


@pytest.mark.parametrize(
    "html, reason",
    [
        ("", "no_text"),
        ("<html><body><p>Short.</p></body></html>", "too_short"),
        ("\x00\x01\x02binary\xff", "no_text"),
    ],
)
def test_unusable_pages_are_rejected_with_a_reason(html: str, reason: str) -> None:
    result = clean_page(page(html))
    assert isinstance(result, Rejection)
    assert result.reason == reason


def test_off_topic_page_is_rejected() -> None:
    off = PAGE.replace("mobilisation", "harvest").replace("border", "market")
    result = clean_page(page(off), topic_phrases=("mobilisation", "border"))
    assert isinstance(result, Rejection) and result.reason == "off_topic"


def test_batch_keeps_order_and_splits_rejections() -> None:
    articles, rejections = clean_pages([page(), page("", url="https://steppe.example/empty")])
    assert [a.url for a in articles] == ["https://steppe.example/news/kz-arrivals"]
    assert [r.url for r in rejections] == ["https://steppe.example/empty"]


RUSSIAN_CORPUS = Path(__file__).parents[1] / "figures" / "ru"


@pytest.mark.parametrize("article", sorted(RUSSIAN_CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_default_topic_phrases_judge_russian_articles(article: Path) -> None:
    # The corpus names its off-topic articles "off-*"; every other one is about the exodus,
    # with or without a figure, and must not be dropped before extraction.
    on_topic = not article.name.startswith("off-")
    phrases = CrawlSettings().topic_phrases
    assert topic_match(article.read_text(encoding="utf-8"), phrases) is on_topic
