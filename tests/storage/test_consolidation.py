"""Wire copies grouped into stories; repeated figures consolidated into claims; the views."""

from __future__ import annotations

from dataclasses import replace

import pytest

import storage
from tests.factories import article, batch_item, figure
from tests.storage.test_migrations import WIRE

OTHER = (
    "Long queues formed again at the Verkhny Lars crossing into Georgia, where border guards "
    "said about 10,000 people a day were arriving from Russia. Drivers waited up to three "
    "days, and volunteers handed out water and blankets along the mountain road."
)


def save(db: str, *items: object) -> tuple[dict[str, int], list[int]]:
    with storage.writing(db) as connection, storage.transaction(connection):
        return storage.save_articles(connection, list(items), run_id=1)  # type: ignore[arg-type]


def item(slug: str, text: str, *figures: object, published: str = "2022-10-04", site: str = ""):  # type: ignore[no-untyped-def]
    base = replace(article(slug, published, text), site=site or f"{slug}.example")
    from exodus.records import ArticleFigures

    return ArticleFigures(base, tuple(figures), "test-1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "copy, same",
    [
        (WIRE, True),
        ("ASTANA, Oct 4 (Wire) - " + WIRE, True),
        (WIRE + " The ministry gave no breakdown by region.", True),
        (WIRE.replace("Tuesday", "Monday"), True),
        (OTHER, False),
        ("Kazakhstan said 200,000 Russians had entered since September 21.", False),
    ],
)
def test_group_stories_near_duplicates(db_path: str, copy: str, same: bool) -> None:
    save(db_path, item("first", WIRE), item("second", copy, published="2022-10-05"))
    stories = storage.run_query(
        db_path, "SELECT count(DISTINCT story_id), count(*) FROM articles"
    ).rows
    assert stories == (((1 if same else 2), 2),)


def test_group_stories_across_batches_joins_the_stored_story(db_path: str) -> None:
    first, _ = save(db_path, item("first", WIRE))
    save(db_path, item("second", "UPDATED: " + WIRE, published="2022-10-05"))
    rows = storage.run_query(db_path, "SELECT story_id FROM articles ORDER BY id").rows
    assert rows == ((first["http://news.example/first"],),) * 2
    similarity = storage.run_query(
        db_path, "SELECT similarity FROM story_signatures ORDER BY article_id"
    ).rows
    assert similarity[0] == (None,) and similarity[1][0] >= storage.SIMILARITY_THRESHOLD


def test_claims_merge_repeats_within_the_window(db_path: str) -> None:
    save(
        db_path,
        item("a", WIRE, figure(200_000), published="2022-10-04", site="Reuters"),
        item("b", OTHER, figure(200_000), published="2022-10-06", site="Eurasianet"),
        item("c", OTHER + " c", figure(200_000), published="2022-10-12", site="Astana Times"),
    )
    rows = storage.run_query(
        db_path,
        "SELECT low, first_outlet, outlets, outlet_count, articles, "
        "CAST(first_reported_at AS DATE)::TEXT, CAST(last_reported_at AS DATE)::TEXT FROM claims",
    ).rows
    assert rows == (
        (
            200_000,
            "Reuters",
            ["Astana Times", "Eurasianet", "Reuters"],
            3,
            3,
            "2022-10-04",
            "2022-10-12",
        ),
    )


def test_claims_split_after_a_gap_and_on_a_different_since(db_path: str) -> None:
    save(
        db_path,
        item("a", WIRE, figure(200_000), published="2022-10-04"),
        item("b", OTHER, figure(200_000), published="2022-11-20"),  # resurfaces weeks later
        item("c", OTHER + " c", figure(200_000, since=None), published="2022-10-05"),
    )
    rows = storage.run_query(db_path, "SELECT count(*) FROM claims").rows
    assert rows == ((3,),)


def test_claims_are_disputed_when_any_report_disputes(db_path: str) -> None:
    save(
        db_path,
        item("a", WIRE, figure(700_000, metric="departed", destination=None)),
        item(
            "b",
            OTHER,
            figure(700_000, metric="departed", destination=None, disputed=True),
            published="2022-10-05",
        ),
    )
    assert storage.run_query(db_path, "SELECT disputed FROM claims").rows == ((True,),)


def test_series_counts_outlets_stories_and_claims(db_path: str) -> None:
    save(
        db_path,
        item("a", WIRE, figure(200_000), site="Reuters"),
        item("b", "AP - " + WIRE, figure(200_000), site="AP"),
        item("c", OTHER, figure(198_000), site="Eurasianet"),
    )
    row = storage.run_query(
        db_path,
        "SELECT low, high, outlets, articles, stories, claims, reported FROM series",
    ).rows
    assert row == ((200_000, 200_000, 3, 3, 2, 2, [[198_000, 198_000], [200_000, 200_000]]),)


def test_latest_has_the_newest_claim_and_the_one_before(db_path: str) -> None:
    save(
        db_path,
        batch_item("a", figure(98_000), published="2022-09-27"),
        batch_item("b", figure(200_000), published="2022-10-04"),
        batch_item("c", figure(10_000, per="day"), published="2022-10-01"),
    )
    rows = storage.run_query(
        db_path,
        "SELECT per, low, previous_low, CAST(reported_at AS DATE)::TEXT FROM latest ORDER BY per",
    ).rows
    assert rows == (("day", 10_000, None, "2022-10-01"), (None, 200_000, 98_000, "2022-10-04"))


def test_consolidate_everything_is_the_same_as_incremental(db_path: str) -> None:
    save(db_path, batch_item("a", figure(98_000), published="2022-09-27"))
    save(db_path, batch_item("b", figure(98_000), published="2022-09-29"))
    before = storage.run_query(db_path, "SELECT * FROM figure_claims ORDER BY ALL").rows
    with storage.writing(db_path) as connection, storage.transaction(connection):
        storage.consolidate(connection)
    after = storage.run_query(db_path, "SELECT * FROM figure_claims ORDER BY ALL").rows
    assert before == after and len({claim for _, claim in after}) == 1


def test_re_saving_a_batch_changes_nothing(db_path: str) -> None:
    batch = [item("a", WIRE, figure(200_000)), item("b", OTHER, figure(10_000, per="day"))]
    save(db_path, *batch)
    tables = ("articles", "figures", "figure_claims", "story_bands", "extractions")
    counts = [storage.run_query(db_path, f"SELECT count(*) FROM {t}").rows for t in tables]
    assert save(db_path, *batch) == ({}, [])
    assert [storage.run_query(db_path, f"SELECT count(*) FROM {t}").rows for t in tables] == counts
