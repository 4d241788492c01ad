"""Articles and the figures read from them, written in bulk, idempotently."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from exodus.records import ArticleFigures, CleanArticle
from figures.model import Figure
from storage.claims import CLAIM_KEY_SQL, consolidate
from storage.stories import group_stories

__all__ = [
    "FIGURE_SCHEMA",
    "figure_key",
    "figure_table",
    "insert_figures",
    "known_urls",
    "log_extractions",
    "save_articles",
]

_TS = pa.timestamp("us", tz="UTC")

_ARTICLE_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("source", pa.string()),
        ("site", pa.string()),
        ("title", pa.string()),
        ("published_at", _TS),
        ("published_from", pa.string()),
        ("fetched_at", _TS),
        ("language", pa.string()),
        ("text", pa.string()),
        ("text_hash", pa.string()),
    ]
)

# The Arrow shape of a batch of figures: the bulk path into `figures` (an Arrow insert runs
# hundreds of times faster than executemany here).
FIGURE_SCHEMA = pa.schema(
    [
        ("canonical_url", pa.string()),
        ("metric", pa.string()),
        ("destination", pa.string()),
        ("low", pa.int64()),
        ("high", pa.int64()),
        ("qualifier", pa.string()),
        ("per", pa.string()),
        ("since", pa.date32()),
        ("source", pa.string()),
        ("disputed", pa.bool_()),
        ("quote", pa.string()),
        ("quote_start", pa.int32()),
        ("quote_end", pa.int32()),
        ("extractor_version", pa.string()),
        ("figure_key", pa.string()),
    ]
)


def figure_key(figure: Figure) -> str:
    """The figure's identity within its article, as text (NULLs are distinct in a UNIQUE key)."""
    metric, destination, low, high, per = figure.key
    return f"{metric}|{destination or ''}|{low}|{high}|{per or ''}"


def _article_row(article: CleanArticle) -> dict[str, object]:
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "source": article.source,
        "site": article.site,
        "title": article.title,
        "published_at": article.published_at,
        "published_from": article.published_from,
        "fetched_at": article.fetched_at,
        "language": article.language,
        "text": article.text,
        "text_hash": article.text_hash,
    }


def _figure_row(canonical_url: str, figure: Figure, version: str) -> dict[str, object]:
    return {
        "canonical_url": canonical_url,
        "metric": figure.metric,
        "destination": figure.destination,
        "low": figure.low,
        "high": figure.high,
        "qualifier": figure.qualifier,
        "per": figure.per,
        "since": figure.since,
        "source": figure.source,
        "disputed": figure.disputed,
        "quote": figure.quote,
        "quote_start": figure.quote_start,
        "quote_end": figure.quote_end,
        "extractor_version": version,
        "figure_key": figure_key(figure),
    }


def save_articles(
    connection: duckdb.DuckDBPyConnection, batch: Sequence[ArticleFigures], run_id: int | None
) -> tuple[dict[str, int], list[int]]:
    """Insert new articles and their figures; articles already stored are left alone.

    Call inside a transaction. Returns the ids of the articles inserted (by canonical URL)
    and the ids of the figures inserted. New articles are grouped into stories and their
    figures consolidated into claims in the same transaction.
    """
    unique: dict[str, ArticleFigures] = {}
    for item in batch:
        # ON CONFLICT keeps the first of two equal keys in one statement silently: be explicit.
        unique.setdefault(item.article.canonical_url, item)
    if not unique:
        return {}, []
    articles = pa.Table.from_pylist(
        [_article_row(item.article) for item in unique.values()], schema=_ARTICLE_SCHEMA
    )
    connection.register("_new_articles", articles)
    try:
        inserted = connection.execute(
            f"""
            INSERT INTO articles (url, canonical_url, source, site, title, published_at,
                                  published_from, fetched_at, language, text, text_hash, run_id)
            SELECT url, canonical_url, source, site, title, published_at,
                   published_from, fetched_at, language, text, text_hash, {int(run_id or 0)}
            FROM _new_articles
            ON CONFLICT (canonical_url) DO NOTHING
            RETURNING canonical_url, id
            """
        ).fetchall()
    finally:
        connection.unregister("_new_articles")
    article_ids = {str(url): int(article_id) for url, article_id in inserted}
    items = [(url, unique[url]) for url in article_ids]
    figure_ids = insert_figures(connection, figure_table(items), run_id)
    log_extractions(
        connection,
        [(article_ids[url], item.extractor_version, len(item.figures)) for url, item in items],
        run_id,
    )
    # Derived tables kept in the same transaction, so the views never see half a batch.
    group_stories(connection, list(article_ids.values()))
    consolidate(connection, figure_ids)
    return article_ids, figure_ids


def figure_table(items: Sequence[tuple[str, ArticleFigures]]) -> pa.Table:
    """The figures of (canonical URL, article) pairs as one Arrow table, one row per
    figure identity within its article (the first of equal keys wins, explicitly)."""
    figure_rows: list[dict[str, object]] = []
    for url, item in items:
        seen_keys: set[str] = set()
        for figure in item.figures:
            row = _figure_row(url, figure, item.extractor_version)
            if row["figure_key"] in seen_keys:
                continue
            seen_keys.add(str(row["figure_key"]))
            figure_rows.append(row)
    return pa.Table.from_pylist(figure_rows, schema=FIGURE_SCHEMA)


def insert_figures(
    connection: duckdb.DuckDBPyConnection, figures: pa.Table, run_id: int | None
) -> list[int]:
    """Insert an Arrow table of FIGURE_SCHEMA; figures already stored are left alone.

    Returns the ids of the figures inserted.
    """
    if figures.num_rows == 0:
        return []
    connection.register("_new_figures", figures)
    try:
        figure_ids = connection.execute(
            f"""
            INSERT INTO figures (article_id, metric, destination, low, high, qualifier, per,
                                 since, source, disputed, quote, quote_start, quote_end,
                                 extractor_version, figure_key, claim_key, run_id)
            SELECT a.id, n.metric, n.destination, n.low, n.high, n.qualifier, n.per,
                   n.since, n.source, n.disputed, n.quote, n.quote_start, n.quote_end,
                   n.extractor_version, n.figure_key, {CLAIM_KEY_SQL.format(f="n.")},
                   {int(run_id or 0)}
            FROM _new_figures AS n JOIN articles AS a ON a.canonical_url = n.canonical_url
            ON CONFLICT (article_id, figure_key) DO NOTHING
            RETURNING id
            """
        ).fetchall()
    finally:
        connection.unregister("_new_figures")
    return [int(row[0]) for row in figure_ids]


def log_extractions(
    connection: duckdb.DuckDBPyConnection,
    extracted: Sequence[tuple[int, str, int]],
    run_id: int | None,
) -> None:
    """One `extractions` row per (article id, extractor version, figures found)."""
    if not extracted:
        return
    table = pa.table(
        {
            "article_id": pa.array([e[0] for e in extracted], pa.int64()),
            "extractor_version": pa.array([e[1] for e in extracted], pa.string()),
            "figures": pa.array([e[2] for e in extracted], pa.int32()),
        }
    )
    connection.register("_extracted", table)
    try:
        connection.execute(
            "INSERT INTO extractions (article_id, extractor_version, extracted_at, figures, "
            "run_id) SELECT article_id, extractor_version, ?, figures, ? FROM _extracted",
            [datetime.now(UTC), run_id],
        )
    finally:
        connection.unregister("_extracted")


# Outcomes after which a URL is done with: fetching it again would give the same answer.
DONE_REASONS = ("ok", "off_topic", "too_short", "no_text")


# A failed URL waits this long before its first retry, twice as long before each next one
# (1 h, 2 h, 4 h, ...): an hourly run does not knock on a broken page every hour.
RETRY_BASE_HOURS = 1.0


def known_urls(
    connection: duckdb.DuckDBPyConnection,
    max_attempts: int,
    retry_base_hours: float = RETRY_BASE_HOURS,
) -> frozenset[str]:
    """URLs not to download in this run: stored articles, pages rejected after cleaning,
    failures that have used up their attempts, and failures not yet due for a retry."""
    rows = connection.execute(
        """
        SELECT canonical_url FROM articles
        UNION
        SELECT url FROM crawl_log
        WHERE reason IN (SELECT unnest(?::TEXT[]))
           OR attempts >= ?
           OR last_attempt_at + to_seconds(CAST(? * 3600 * pow(2, attempts - 1) AS BIGINT))
              > now()
        """,
        [list(DONE_REASONS), max_attempts, retry_base_hours],
    ).fetchall()
    return frozenset(str(row[0]) for row in rows)
