"""`exodus reextract`: stored texts read again, figures replaced, known claims not re-alerted."""

from __future__ import annotations

from datetime import date

import storage
from exodus.records import ArticleFigures
from exodus.reextract import reextract
from figures import EXTRACTOR_VERSION
from tests.factories import article, figure

STORY = (
    "Georgia's interior ministry said on Tuesday that 53,000 Russians had entered the country "
    "since September 21, the day the mobilisation was announced."
)


def _store(db: str, *items: ArticleFigures) -> None:
    with storage.writing(db) as connection, storage.transaction(connection):
        storage.save_articles(connection, list(items), run_id=1)


def test_reextract_replaces_figures_from_the_stored_text(db_path: str) -> None:
    stale = figure(5_300, destination="GE")  # what an older extractor misread
    _store(db_path, ArticleFigures(article("ge", text=STORY), (stale,), "0.0.1"))
    summary = reextract(db_path)
    assert (summary.articles, summary.changed) == (1, 1)
    rows = storage.run_query(
        db_path, "SELECT metric, destination, low, extractor_version FROM figures"
    ).rows
    assert rows == (("arrived", "GE", 53_000, EXTRACTOR_VERSION),)
    logged = storage.run_query(
        db_path, "SELECT extractor_version, figures FROM extractions ORDER BY extracted_at"
    ).rows
    assert logged == (("0.0.1", 1), (EXTRACTOR_VERSION, 1))
    claims = storage.run_query(db_path, "SELECT low FROM claims").rows
    assert claims == ((53_000,),), "the stale figure's claim is gone with it"


def test_reextract_does_not_alert_known_claims_again(db_path: str) -> None:
    _store(db_path, ArticleFigures(article("ge", text=STORY), (), "0.0.1"))
    assert reextract(db_path).alerts_new == 1
    # As if an older extractor had written these figures: they are read and replaced again,
    # and the claim they make is one already alerted.
    with storage.writing(db_path) as connection:
        connection.execute("UPDATE extractions SET extractor_version = '0.0.1'")
    again = reextract(db_path)
    assert again.figures_added == 1 and again.alerts_new == 0
    assert storage.run_query(db_path, "SELECT count(*) FROM alerts").rows == ((1,),)


def test_reextract_alerts_a_claim_never_seen(db_path: str) -> None:
    _store(db_path, ArticleFigures(article("ge", text=STORY), (), "0.0.1"))
    assert reextract(db_path).alerts_new == 1


def test_reextract_twice_changes_nothing_the_second_time(db_path: str) -> None:
    _store(db_path, ArticleFigures(article("ge", text=STORY), (), "0.0.1"))
    reextract(db_path)
    ids = storage.run_query(db_path, "SELECT id FROM figures").rows
    again = reextract(db_path)
    assert (again.changed, again.figures_added, again.figures_removed) == (0, 0, 0)
    assert storage.run_query(db_path, "SELECT id FROM figures").rows == ids


def test_reextract_since_leaves_older_articles_alone(db_path: str) -> None:
    old = ArticleFigures(article("old", "2022-09-25", STORY), (), "0.0.1")
    new = ArticleFigures(article("new", "2022-10-04", STORY + " "), (), "0.0.1")
    _store(db_path, old, new)
    summary = reextract(db_path, since=date(2022, 10, 1))
    assert summary.articles == 1
    rows = storage.run_query(
        db_path,
        "SELECT a.canonical_url FROM figures f JOIN articles a ON a.id = f.article_id",
    ).rows
    assert rows == (("http://news.example/new",),)
