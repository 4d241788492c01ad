"""Small builders for records used across test folders."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from exodus.records import ArticleFigures, CleanArticle
from figures.model import Figure


def article(slug: str, published: str = "2022-10-04", text: str = "Some text.") -> CleanArticle:
    return CleanArticle(
        url=f"http://news.example/{slug}?utm_source=x",
        canonical_url=f"http://news.example/{slug}",
        source="test",
        site="news.example",
        title=f"Title {slug}",
        published_at=datetime.fromisoformat(published).replace(tzinfo=UTC),
        published_from="metadata",
        fetched_at=datetime(2022, 10, 10, tzinfo=UTC),
        language="en",
        text=text,
        text_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def figure(
    low: int,
    high: int | None = None,
    metric: str = "arrived",
    destination: str | None = "KZ",
    per: str | None = None,
    **changes: object,
) -> Figure:
    values: dict[str, object] = {
        "metric": metric,
        "destination": destination,
        "low": low,
        "high": low if high is None else high,
        "qualifier": "exact" if high is None else "range",
        "per": per,
        "since": date(2022, 9, 21),
        "source": "Kazakhstan's interior ministry",
        "disputed": False,
        "quote": f"{low} Russians have entered Kazakhstan.",
        "quote_start": 0,
        "quote_end": 30,
    }
    values.update(changes)
    return Figure(**values)  # type: ignore[arg-type]


def batch_item(slug: str, *figures: Figure, published: str = "2022-10-04") -> ArticleFigures:
    return ArticleFigures(article(slug, published), tuple(figures), "test-1")
