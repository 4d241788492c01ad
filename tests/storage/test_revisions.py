from __future__ import annotations

import hashlib
from dataclasses import replace

import storage
from exodus.records import ArticleFigures
from storage.revisions import revise_articles
from tests.factories import batch_item, figure


def changed(item: ArticleFigures, text: str, *figures: object) -> ArticleFigures:
    article = replace(item.article, text=text, text_hash=hashlib.sha256(text.encode()).hexdigest())
    return ArticleFigures(article, tuple(figures), item.extractor_version)  # type: ignore[arg-type]


def store(db: str, item: ArticleFigures) -> tuple[list[int], list[int]]:
    with storage.writing(db) as connection, storage.transaction(connection):
        storage.save_articles(connection, [item], run_id=1)
        return revise_articles(connection, [item], run_id=1)


def test_unchanged_text_is_left_alone(db_path: str) -> None:
    item = batch_item("live", figure(98_000))
    store(db_path, item)
    assert store(db_path, item) == ([], [])
    assert storage.run_query(db_path, "SELECT version FROM articles").rows == ((1,),)


def test_changed_text_becomes_the_next_version_with_its_figures(db_path: str) -> None:
    first = batch_item("live", figure(98_000))
    store(db_path, first)
    update = changed(first, "Update: 200,000 have now entered.", figure(200_000))
    revised, figure_ids = store(db_path, update)
    assert len(revised) == 1 and len(figure_ids) == 1
    rows = storage.run_query(
        db_path,
        "SELECT a.version, a.text, f.low FROM articles a JOIN figures f ON f.article_id = a.id",
    ).rows
    assert rows == ((2, "Update: 200,000 have now entered.", 200_000),)
