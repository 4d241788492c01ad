"""Re-extraction: stored article texts read again by the current extractor, no download.

An article's figures are replaced only when the new extractor reads something different
(any field, or its version), so that an unchanged article keeps its figure ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb

from exodus.records import ArticleFigures, CleanArticle
from figures.model import Figure
from storage.articles import figure_table, insert_figures, log_extractions
from storage.claims import claim_keys, consolidate
from storage.summaries import mark_days

__all__ = [
    "StoredArticle",
    "figure_fields",
    "replace_figures",
    "stored_articles",
    "stored_figures",
]


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored, with what the extractor needs and the version that last read it."""

    id: int
    article: CleanArticle
    extractor_version: str | None


# The FIGURES.md fields of a figure, as one comparable tuple.
FigureFields = tuple[object, ...]


def stored_articles(
    connection: duckdb.DuckDBPyConnection, since: date | None = None
) -> list[StoredArticle]:
    """Stored articles (published, else fetched, on or after `since`), oldest first."""
    rows = connection.execute(
        """
        SELECT a.id, a.url, a.canonical_url, a.source, a.site, a.title, a.published_at,
               a.published_from, a.fetched_at, a.language, a.text, a.text_hash,
               (SELECT arg_max(e.extractor_version, e.extracted_at) FROM extractions AS e
                WHERE e.article_id = a.id)
        FROM articles AS a
        WHERE ? IS NULL OR CAST(coalesce(a.published_at, a.fetched_at) AS DATE) >= ?
        ORDER BY coalesce(a.published_at, a.fetched_at), a.id
        """,
        [since, since],
    ).fetchall()
    return [
        StoredArticle(
            id=int(row[0]),
            article=CleanArticle(
                url=row[1],
                canonical_url=row[2],
                source=row[3],
                site=row[4],
                title=row[5],
                published_at=row[6],
                published_from=row[7],
                fetched_at=row[8],
                language=row[9],
                text=row[10],
                text_hash=row[11],
            ),
            extractor_version=row[12],
        )
        for row in rows
    ]


def figure_fields(figure: Figure) -> FigureFields:
    return (
        figure.metric,
        figure.destination,
        figure.low,
        figure.high,
        figure.qualifier,
        figure.per,
        figure.since,
        figure.source,
        figure.disputed,
        figure.quote,
        figure.quote_start,
        figure.quote_end,
    )


def stored_figures(
    connection: duckdb.DuckDBPyConnection, article_ids: Sequence[int]
) -> dict[int, frozenset[FigureFields]]:
    """The figures stored for each article, as field tuples comparable with figure_fields."""
    rows = connection.execute(
        """
        SELECT article_id, metric, destination, low, high, qualifier, per, since, source,
               disputed, quote, quote_start, quote_end
        FROM figures WHERE article_id IN (SELECT unnest(?::BIGINT[]))
        """,
        [list(article_ids)],
    ).fetchall()
    found: dict[int, set[FigureFields]] = {int(a): set() for a in article_ids}
    for row in rows:
        found[int(row[0])].add(tuple(row[1:]))
    return {article_id: frozenset(fields) for article_id, fields in found.items()}


def replace_figures(
    connection: duckdb.DuckDBPyConnection,
    replacements: Sequence[tuple[StoredArticle, ArticleFigures]],
    run_id: int | None = None,
) -> tuple[int, list[int]]:
    """Replace the figures of these articles with the new ones; call inside a transaction.

    Returns (figures removed, ids of the figures inserted). Claims are recomputed for every
    key that lost or gained a figure.
    """
    if not replacements:
        return 0, []
    article_ids = [stored.id for stored, _ in replacements]
    old_ids = [
        int(row[0])
        for row in connection.execute(
            "SELECT id FROM figures WHERE article_id IN (SELECT unnest(?::BIGINT[]))",
            [article_ids],
        ).fetchall()
    ]
    old_keys = claim_keys(connection, old_ids)
    mark_days(connection, old_ids)  # the series days they leave, refreshed by consolidate
    # Their `figure_claims` rows stay until `consolidate`: it tells the claims that lost a
    # figure by them, and drops them.
    connection.execute("DELETE FROM figures WHERE id IN (SELECT unnest(?::BIGINT[]))", [old_ids])
    items = [(stored.article.canonical_url, item) for stored, item in replacements]
    new_ids = insert_figures(connection, figure_table(items), run_id)
    log_extractions(
        connection,
        [(stored.id, item.extractor_version, len(item.figures)) for stored, item in replacements],
        run_id,
    )
    consolidate(connection, new_ids, keys=old_keys)
    return len(old_ids), new_ids
