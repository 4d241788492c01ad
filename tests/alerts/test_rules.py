"""The alert rules over consolidated claims, and the silence of baselines and backfills."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts import recipients, relative_change, source_failures
from exodus.config import AlertSettings, Subscription
from tests.alerts.conftest import run_batch
from tests.factories import batch_item, figure

SETTINGS = AlertSettings(outbox="unused")


def kinds(records: list) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    return [(r.kind, r.status, r.low) for r in records]


@pytest.fixture
def baselined(db_path: str) -> str:
    """A database whose first run set the baseline: Kazakhstan arrivals at 98,000."""
    run_batch(db_path, [batch_item("a", figure(98_000), published="2022-09-25")], 1, SETTINGS)
    return db_path


def test_first_run_sets_the_baseline_silently_with_one_summary(db_path: str) -> None:
    items = [
        batch_item("a", figure(98_000), figure(10_000, destination="GE"), published="2022-09-25"),
        batch_item("b", figure(200_000), published="2022-10-04"),
    ]
    records = run_batch(db_path, items, 1, SETTINGS)
    sendable = [r for r in records if r.status != "baseline"]
    assert [r.kind for r in sendable] == ["baseline"]
    assert "3 figures in 2 series" in sendable[0].detail


def test_changed_figure_alerts_once_however_many_outlets_repeat_it(baselined: str) -> None:
    items = [batch_item(f"b{n}", figure(200_000), published=f"2022-10-0{n + 4}") for n in range(3)]
    records = run_batch(baselined, items, 2, SETTINGS)
    [record] = records
    assert (record.kind, record.status) == ("new_high", "pending")
    assert (record.previous_low, record.low) == (98_000, 200_000)
    assert record.outlets == ("news.example",) and len(record.links) == 3


def test_a_repeated_run_records_nothing_new(baselined: str) -> None:
    item = batch_item("b", figure(200_000), published="2022-10-04")
    assert len(run_batch(baselined, [item], 2, SETTINGS)) == 1
    assert run_batch(baselined, [item], 3, SETTINGS) == []


def test_a_fall_is_a_change_not_a_new_high(baselined: str) -> None:
    run_batch(baselined, [batch_item("b", figure(200_000), published="2022-10-04")], 2, SETTINGS)
    records = run_batch(
        baselined, [batch_item("c", figure(150_000), published="2022-10-06")], 3, SETTINGS
    )
    assert kinds(records) == [("changed", "pending", 150_000)]


def test_a_change_below_the_threshold_is_silent_but_a_new_high_is_not(baselined: str) -> None:
    settings = AlertSettings(min_change=0.5)
    run_batch(baselined, [batch_item("b", figure(200_000), published="2022-10-04")], 2, settings)
    small_fall = batch_item("c", figure(190_000), published="2022-10-06")
    assert run_batch(baselined, [small_fall], 3, settings) == []
    small_high = batch_item("d", figure(201_000), published="2022-10-07")
    assert kinds(run_batch(baselined, [small_high], 4, settings)) == [
        ("new_high", "pending", 201_000)
    ]


def test_a_figure_newly_disputed_alerts(baselined: str) -> None:
    denial = batch_item("k", figure(98_000, disputed=True), published="2022-09-26")
    [record] = run_batch(baselined, [denial], 2, SETTINGS)
    assert (record.kind, record.status, record.disputed) == ("disputed", "pending", True)
    again = batch_item("k2", figure(98_000, disputed=True), published="2022-09-27")
    assert run_batch(baselined, [again], 3, SETTINGS) == [], "disputed once, alerted once"


def test_a_backfilled_older_figure_is_silent(baselined: str) -> None:
    old = batch_item("old", figure(50_000), published="2022-09-22")
    assert kinds(run_batch(baselined, [old], 2, SETTINGS)) == [("backfill", "baseline", 50_000)]


def test_a_source_added_to_the_config_silences_only_its_own_figures(baselined: str) -> None:
    item = batch_item("n", figure(120_000, destination="GE"), published="2022-10-04")
    records = run_batch(baselined, [item], 2, SETTINGS, sources=("test", "new-feed"))
    # The article is the "test" source's (the factory's), so it alerts; a feed added now
    # but that stored nothing does not make anything silent.
    assert [r.status for r in records] == ["pending"]


def test_figures_only_a_new_source_reported_are_baseline(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    run_batch(
        db, [batch_item("a", figure(98_000), published="2022-09-25")], 1, SETTINGS, sources=("old",)
    )
    records = run_batch(
        db,
        [batch_item("b", figure(200_000), published="2022-10-04")],
        2,
        SETTINGS,
        sources=("old", "test"),
    )
    assert [(r.kind, r.status) for r in records] == [
        ("new_high", "baseline"),
        ("baseline", "pending"),
    ]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ((98_000, 98_000), (200_000, 200_000), 102_000 / 98_000),
        ((10, 20), (10, 20), 0.0),
        ((0, 0), (5, 5), 1.0),
        ((600_000, 700_000), (600_000, 770_000), 0.1),
    ],
)
def test_relative_change(old: tuple[int, int], new: tuple[int, int], expected: float) -> None:
    assert relative_change(*old, *new) == pytest.approx(expected)


def test_source_failing_alerts_the_admin_once_per_streak() -> None:
    stats = {"source/meduza/failing_runs": 3, "source/yle/failing_runs": 1, "crawl/pages": 9}
    [record] = source_failures(stats, 3, run_id=10)
    assert (record.kind, record.source, record.key) == (
        "source_failing",
        "meduza",
        "source_failing|meduza|run8",
    )
    [later] = source_failures({"source/meduza/failing_runs": 4}, 3, run_id=11)
    assert later.key == record.key, "the same streak: the queue drops it as known"


def test_admin_alerts_never_go_to_subscribers() -> None:
    settings = AlertSettings(to=("desk@x.org",), admin="ops@x.org")
    [record] = source_failures({"source/meduza/failing_runs": 5}, 3, run_id=10)
    assert recipients(record, settings) == ("ops@x.org",)
    assert recipients(record, AlertSettings(to=("desk@x.org",))) == ()


def test_subscriptions_filter_by_destination_metric_and_change(baselined: str) -> None:
    settings = AlertSettings(
        to=(),
        subscriptions=(
            Subscription(to="kz@x.org", destinations=("KZ",)),
            Subscription(to="ge@x.org", destinations=("GE",)),
            Subscription(to="big@x.org", metrics=("arrived",), min_change=2.0),
            Subscription(to="departed@x.org", metrics=("departed",)),
        ),
    )
    [record] = run_batch(
        baselined, [batch_item("b", figure(200_000), published="2022-10-04")], 2, settings
    )
    assert recipients(record, settings) == ("kz@x.org",)  # +104%: below big@'s 200%
    [first] = run_batch(
        baselined,
        [batch_item("g", figure(5_000, destination="GE"), published="2022-10-04")],
        3,
        settings,
    )
    assert recipients(first, settings) == ("ge@x.org", "big@x.org"), "first figures always pass"
