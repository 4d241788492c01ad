"""Every earlier schema is upgraded in place on open, its data kept."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import storage
from tests.factories import batch_item, figure

WIRE = (
    "Kazakhstan's interior ministry said on Tuesday that 200,000 Russians have entered the "
    "country since September 21, when President Vladimir Putin announced a partial "
    "mobilisation of reservists. Some 147,000 have since left Kazakhstan for other countries, "
    "the minister told reporters in Astana, adding that queues at the border had eased."
)


@pytest.fixture
def v1_db(tmp_path: Path) -> str:
    """A database as V1 made it: MIGRATIONS[0] only, with two wire copies and their figures."""
    path = str(tmp_path / "v1.duckdb")
    connection = duckdb.connect(path)
    connection.execute(storage.MIGRATIONS[0])
    connection.execute("INSERT INTO schema_version (version) VALUES (1)")
    for number, (site, day) in enumerate(
        [("a.example", "2022-10-04"), ("b.example", "2022-10-05")]
    ):
        connection.execute(
            """
            INSERT INTO articles (url, canonical_url, source, site, title, published_at,
                                  published_from, fetched_at, language, text, text_hash)
            VALUES (?, ?, 'test', ?, 'Kazakhstan', ?, 'metadata', ?, 'en', ?, 'h')
            """,
            [f"http://{site}/k", f"http://{site}/k", site, day, day, WIRE + " " * number],
        )
        connection.execute(
            """
            INSERT INTO figures (article_id, metric, destination, low, high, qualifier, per,
                                 since, source, disputed, quote, quote_start, quote_end,
                                 extractor_version, figure_key)
            SELECT id, 'arrived', 'KZ', 200000, 200000, 'exact', NULL, DATE '2022-09-21',
                   'interior ministry', false, 'quote', 0, 5, '0.1.0', 'arrived|KZ|200000|200000|'
            FROM articles WHERE canonical_url = ?
            """,
            [f"http://{site}/k"],
        )
    connection.execute(
        "INSERT INTO alerts (alert_key, kind, metric, low, high, qualifier, disputed, quote, url) "
        "VALUES ('arrived|KZ||200000|200000', 'new_series', 'arrived', 200000, 200000, "
        "'exact', false, 'quote', 'http://a.example/k')"
    )
    connection.close()
    return path


def test_v1_database_is_upgraded_in_place_with_its_data(v1_db: str) -> None:
    with storage.writing(v1_db) as connection:
        assert storage.current_version(connection) == storage.SCHEMA_VERSION
        versions = connection.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        assert [v for (v,) in versions] == list(range(1, storage.SCHEMA_VERSION + 1))
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (2,)
        assert connection.execute("SELECT count(*) FROM figures").fetchone() == (2,)
        assert connection.execute("SELECT count(*) FROM alerts").fetchone() == (1,)


def test_v1_articles_are_grouped_and_their_figures_consolidated(v1_db: str) -> None:
    with storage.writing(v1_db):
        pass
    stories = storage.run_query(v1_db, "SELECT DISTINCT story_id FROM articles").rows
    assert len(stories) == 1, "the two wire copies are one story"
    claims = storage.run_query(v1_db, "SELECT low, outlet_count, outlets FROM claims").rows
    assert claims == ((200_000, 2, ["a.example", "b.example"]),)
    extractions = storage.run_query(v1_db, "SELECT extractor_version, figures FROM extractions")
    assert set(extractions.rows) == {("0.1.0", 1)}


def test_upgraded_database_takes_new_writes(v1_db: str) -> None:
    with storage.writing(v1_db) as connection, storage.transaction(connection):
        storage.save_articles(connection, [batch_item("c", figure(98_000))], run_id=1)
    rows = storage.run_query(v1_db, "SELECT count(*) FROM figure_claims").rows
    assert rows == ((3,),)


def test_failed_migration_leaves_the_v1_database_as_it_was(
    v1_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storage.schema as schema

    broken = (*schema.MIGRATIONS[:-1], schema.MIGRATIONS[-1] + "\nSELECT * FROM no_such_table;")
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(duckdb.Error), storage.writing(v1_db):
        pass
    connection = duckdb.connect(v1_db, read_only=True)
    try:
        assert connection.execute("SELECT max(version) FROM schema_version").fetchone() == (1,)
        columns = connection.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'articles' AND column_name = 'story_id'"
        ).fetchone()
        assert columns == (0,)
    finally:
        connection.close()


def test_reading_an_old_database_says_how_to_upgrade(v1_db: str) -> None:
    from exodus.errors import TerminalError

    with pytest.raises(TerminalError, match="upgrades it in place"):
        storage.database_status(v1_db)


def _at_version(path: str, version: int) -> None:
    """Bring a V1 file to `version` as the releases of that version did."""
    import storage.schema as schema

    connection = duckdb.connect(path)
    try:
        for number in range(2, version + 1):
            connection.execute(schema.MIGRATIONS[number - 1])
            schema._backfill(connection, number)
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
    finally:
        connection.close()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_every_earlier_version_is_upgraded_to_v5_with_its_views_kept(
    v1_db: str, version: int
) -> None:
    from tests.storage.old_views import assert_views_match_old

    _at_version(v1_db, version)
    with storage.writing(v1_db) as connection:
        assert storage.current_version(connection) == storage.SCHEMA_VERSION == 5
        assert connection.execute("SELECT count(*) FROM figures").fetchone() == (2,)
        assert connection.execute("SELECT count(*) FROM alerts").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM claim_summary").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM series_days").fetchone() == (2,)
        assert connection.execute("SELECT count(*) FROM series_latest").fetchone() == (1,)
        keys = connection.execute("SELECT DISTINCT claim_key FROM figures").fetchall()
        assert keys == [("arrived|KZ|200000|200000||2022-09-21",)]
        counts = assert_views_match_old(connection)
    assert counts == {"series": 2, "claims": 1, "latest": 1}
    claims = storage.run_query(v1_db, "SELECT low, outlet_count, outlets FROM claims").rows
    assert claims == ((200_000, 2, ["a.example", "b.example"]),)
    # and the summaries follow new writes
    with storage.writing(v1_db) as connection, storage.transaction(connection):
        storage.save_articles(connection, [batch_item("c", figure(98_000))], run_id=1)
    with storage.writing(v1_db) as connection:
        assert assert_views_match_old(connection)["claims"] == 2
