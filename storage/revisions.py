"""Articles that changed after publication: live blogs, updated stories.

A page fetched again whose text differs (by hash) from the stored one replaces it as the
article's next version, and its figures are replaced by those read from the new text, in
the caller's transaction. Claims are recomputed for every key that lost or gained a figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from exodus.records import ArticleFigures
from storage.extractions import StoredArticle, replace_figures
from storage.summaries import mark_days

__all__ = ["revise_articles"]


def revise_articles(
    connection: duckdb.DuckDBPyConnection, batch: Sequence[ArticleFigures], run_id: int | None
) -> tuple[list[int], list[int]]:
    """Store changed texts of already stored articles as their next version.

    Call inside a transaction, after `save_articles`. Returns the ids of the revised articles
    and of the figures inserted for them; articles whose text is unchanged are left alone.
    """
    latest: dict[str, ArticleFigures] = {}
    for item in batch:
        latest[item.article.canonical_url] = item  # the last fetch of a page is its newest
    if not latest:
        return [], []
    rows = connection.execute(
        "SELECT canonical_url, id, text_hash FROM articles "
        "WHERE canonical_url IN (SELECT unnest(?::TEXT[]))",
        [list(latest)],
    ).fetchall()
    changed = [
        (int(article_id), latest[str(url)])
        for url, article_id, text_hash in rows
        if latest[str(url)].article.text_hash != text_hash
    ]
    # A new fetched_at can move an undated article's figures to another reporting day: mark
    # the days they leave while the old date is still there.
    mark_days(connection, article_ids=[article_id for article_id, _ in changed])
    for article_id, item in changed:
        article = item.article
        connection.execute(
            """
            UPDATE articles SET text = ?, text_hash = ?, title = ?, fetched_at = ?,
                   version = version + 1, run_id = ?
            WHERE id = ?
            """,
            [
                article.text,
                article.text_hash,
                article.title,
                article.fetched_at,
                run_id,
                article_id,
            ],
        )
    replacements = [
        (StoredArticle(article_id, item.article, None), item) for article_id, item in changed
    ]
    _, figure_ids = replace_figures(connection, replacements, run_id)
    return [article_id for article_id, _ in changed], figure_ids
