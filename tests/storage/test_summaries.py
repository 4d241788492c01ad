"""`claim_summary` and `series_days` (version 4) keep the views equal to the old aggregates.

A database is built through the write paths (new articles in several transactions, wire
copies, claims bridged across days, `exodus reextract`, revised articles, an undated article
whose revision moves it to another day), and after every step the views must return exactly
the rows the version-2 definitions compute over the base tables.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import duckdb

import storage
from exodus.records import ArticleFigures
from exodus.reextract import reextract
from storage.revisions import revise_articles
from storage.schema import MIGRATIONS
from tests.factories import article, figure
from tests.storage.old_views import assert_views_match_old

KZ = (
    "Kazakhstan's interior ministry said on Tuesday that 200,000 Russians have entered the "
    "country since September 21, when the mobilisation was announced."
)
GE = (
    "Georgia's interior ministry said that 53,000 Russians had entered the country since "
    "September 21, the day the mobilisation was announced."
)
NOTHING = "Queues at the border eased on Friday, officials said, without giving numbers."
LIVE = "Live: 98,000 Russians have entered Kazakhstan since September 21, the ministry said."


def _item(
    slug: str,
    site: str,
    published: datetime | None,
    text: str,
    *figures: object,
    fetched: datetime = datetime(2022, 10, 20, 9, tzinfo=UTC),
) -> ArticleFigures:
    base = article(slug, text=text)
    return ArticleFigures(
        replace(
            base,
            site=site,
            published_at=published,
            fetched_at=fetched,
            text_hash=hashlib.sha256(text.encode()).hexdigest(),
        ),
        tuple(figures),  # type: ignore[arg-type]
        "0.0.1",
    )


def _at(day: int, hour: int = 8) -> datetime:
    return datetime(2022, 10, day, hour, tzinfo=UTC)


def _save(db: str, *items: ArticleFigures) -> None:
    with storage.writing(db) as connection, storage.transaction(connection):
        storage.save_articles(connection, list(items), run_id=1)


def _check(db: str) -> dict[str, int]:
    with storage.writing(db) as connection:
        return assert_views_match_old(connection)


def test_views_match_the_old_aggregates_through_every_write_path(db_path: str) -> None:
    _save(
        db_path,
        _item("kz-a", "a.example", _at(1), KZ, figure(200_000)),
        _item("kz-b", "b.example", _at(1, 10), KZ, figure(200_000)),  # a wire copy
        _item("ge", "c.example", _at(2), GE, figure(53_000, destination="GE", source=None)),
        _item("flow", "a.example", _at(3), NOTHING, figure(9_000, per="day", disputed=True)),
        _item("total", "d.example", _at(3, 12), NOTHING, figure(700_000, destination=None)),
        _item("range", "e.example", _at(4), NOTHING, figure(150_000, 250_000)),
    )
    counts = _check(db_path)
    assert counts["claims"] >= 5 and counts["series"] >= 5
    # A second transaction: the same claim ten days later (a new claim), then a report in
    # between that bridges the two into one.
    _save(db_path, _item("kz-c", "c.example", _at(11), KZ, figure(200_000)))
    _check(db_path)
    _save(
        db_path,
        _item("kz-d", "d.example", _at(6), KZ, figure(200_000), figure(98_000)),
        _item("undated", "f.example", None, LIVE, figure(98_000), fetched=_at(7, 9)),
    )
    _check(db_path)
    # Re-extraction replaces the made-up figures with what the extractor reads (the texts
    # without numbers lose theirs).
    reextract(db_path)
    _check(db_path)
    # Revisions: a dated article's new text, and the undated one fetched again days later.
    with storage.writing(db_path) as connection, storage.transaction(connection):
        revise_articles(
            connection,
            [
                _item("ge", "c.example", _at(2), GE + " Up.", figure(60_000, destination="GE")),
                _item("undated", "f.example", None, LIVE + " Up.", figure(99_000), fetched=_at(15)),
            ],
            run_id=2,
        )
    counts = _check(db_path)
    assert counts["latest"] >= 2
    with storage.writing(db_path) as connection:
        moved = connection.execute(
            "SELECT count(*) FROM series WHERE reported_on = DATE '2022-10-07'"
        ).fetchone()
    assert moved == (0,), "the undated article's old day is gone with its old date"


def test_full_consolidation_rebuilds_the_same_rows(db_path: str) -> None:
    _save(
        db_path,
        _item("kz-a", "a.example", _at(1), KZ, figure(200_000)),
        _item("kz-b", "b.example", _at(9), KZ, figure(200_000)),
    )
    with storage.writing(db_path) as connection, storage.transaction(connection):
        before = connection.execute("SELECT * FROM claims ORDER BY claim_id").fetchall()
        storage.consolidate(connection)
        assert connection.execute("SELECT * FROM claims ORDER BY claim_id").fetchall() == before
    _check(db_path)


def test_a_failed_write_leaves_the_summaries_as_they_were(db_path: str) -> None:
    _save(db_path, _item("kz-a", "a.example", _at(1), KZ, figure(200_000)))
    with storage.writing(db_path) as connection:
        try:
            with storage.transaction(connection):
                storage.save_articles(
                    connection, [_item("kz-b", "b.example", _at(2), KZ, figure(300_000))], 1
                )
                raise duckdb.Error("boom")
        except duckdb.Error:
            pass
        assert connection.execute("SELECT high FROM claims").fetchall() == [(200_000,)]
        assert connection.execute("SELECT count(*) FROM series").fetchall() == [(1,)]
    _check(db_path)


# The version-4 `latest` (a window over `claim_summary`), which the version-5 view (a table
# kept per touched series, filled by a top-two aggregate) must equal row for row.
V4_LATEST = MIGRATIONS[3][MIGRATIONS[3].index("CREATE OR REPLACE VIEW latest AS") :].replace(
    "CREATE OR REPLACE VIEW latest AS", "CREATE OR REPLACE TEMP VIEW v4_latest AS"
)


def _random_items(rng: random.Random, first: int, count: int) -> list[ArticleFigures]:
    """Articles like a crawl's: several outlets, wire copies (one story), undated pages, and
    a few series with repeated figures, so that claims chain across days, restart after a
    gap, and share a first report (several figures of one article in one series).

    The old views pick among tied rows arbitrarily (`arg_min` by report time, `arg_max` by
    high), so ties that would make them disagree with themselves are avoided: every article
    has its own timestamp, and a figure's qualifier and since follow from its other fields.
    """
    items = []
    for number in range(first, first + count):
        published = _at(1 + rng.randrange(25), rng.choice((6, 9, 14))) + timedelta(seconds=number)
        figures = {}
        for _ in range(rng.randint(0, 4)):
            low = 1_000 * rng.choice((5, 8, 9, 12, 20, 40))
            ranged = rng.random() < 0.2
            destination = rng.choice(("KZ", "GE", None))
            made = figure(
                low,
                low + 500 if ranged else low,
                metric=rng.choice(("arrived", "departed")),
                destination=destination,
                per=rng.choice((None, None, "day")),
                since=_at(1).date() if destination == "KZ" else None,
                source=rng.choice(("ministry", "border guard", None)),
                disputed=rng.random() < 0.1,
                qualifier="range" if ranged else "approx" if low % 2_000 else "exact",
            )
            figures[storage.figure_key(made)] = made
        text = KZ if number % 5 == 0 else f"{NOTHING} Report {number}."
        items.append(
            _item(
                f"r{number}",
                f"{rng.choice('abcdef')}.example",
                None if number % 11 == 0 else published,
                text,
                *figures.values(),
                fetched=_at(1 + rng.randrange(25), 18) + timedelta(seconds=number),
            )
        )
    return items


def _assert_latest_matches_v4(connection: duckdb.DuckDBPyConnection) -> int:
    connection.execute(V4_LATEST)
    new = sorted(connection.execute("SELECT * FROM latest").fetchall(), key=repr)
    old = sorted(connection.execute("SELECT * FROM v4_latest").fetchall(), key=repr)
    assert new == old
    # every summary row is refreshed by the key its figures store
    stray = connection.execute(
        "SELECT count(*) FROM claim_summary AS c JOIN figure_claims AS fc "
        "ON fc.claim_id = c.claim_id JOIN figures AS f ON f.id = fc.figure_id "
        "WHERE f.claim_key <> c.claim_key"
    ).fetchone()
    assert stray == (0,)
    return len(new)


def test_v5_views_match_v4_and_v2_on_random_crawls(db_path: str) -> None:
    rng = random.Random(5)
    for first in range(0, 400, 80):  # five runs, each its own transaction
        _save(db_path, *_random_items(rng, first, 80))
        with storage.writing(db_path) as connection:
            counts = assert_views_match_old(connection)
            assert _assert_latest_matches_v4(connection) == counts["latest"]
    assert counts["claims"] > 100 and counts["latest"] == 12  # every series
    with storage.writing(db_path) as connection:
        tied = connection.execute(
            "SELECT count(*) FROM (SELECT metric, destination, per, first_reported_at "
            "FROM claims GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
    assert tied and tied[0] > 0, "some claims share a series and a first report"
    # Revisions: the first 120 pages fetched again three days later with one of their
    # figures or none (undated pages move to another day); claims lose figures, shrink,
    # split, and are renumbered (a figure read again is a new row).
    revised = [
        replace(
            item,
            article=replace(
                item.article,
                text_hash=f"v2-{item.article.text_hash}",
                fetched_at=item.article.fetched_at + timedelta(days=3),
            ),
            figures=item.figures[:1] if number % 3 else (),
        )
        for number, item in enumerate(_random_items(random.Random(5), 0, 120))
    ]
    with storage.writing(db_path) as connection, storage.transaction(connection):
        changed, _ = revise_articles(connection, revised, run_id=2)
    assert len(changed) == 120
    with storage.writing(db_path) as connection:
        assert_views_match_old(connection)
        _assert_latest_matches_v4(connection)
    reextract(db_path)
    with storage.writing(db_path) as connection:
        assert_views_match_old(connection)
        _assert_latest_matches_v4(connection)
