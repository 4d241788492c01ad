"""Storage at scale: 1,000,000 figure rows in, and the views people query over them.

- `figures_per_second_save_articles`: rows per second through `storage.save_articles` from
  records (Arrow conversion, insert with conflict keys, story grouping, claim consolidation,
  and the upkeep of `claim_summary`, `series_days` and `series_latest` that the views
  read), in batches of STORE_BATCH articles, one transaction each, as runs store them;
- `insert_figures_ratio_vs_bare`: the project's Arrow insert (`storage.insert_figures`: key
  join, ON CONFLICT, RETURNING ids) over a bare DuckDB insert of the same Arrow table into a
  table without keys, as rows per second (1.0 = as fast as bare);
- `series_seconds`, `latest_seconds`, `claims_seconds`: `SELECT * FROM <view>` into Arrow over
  the 1,000,000 rows, best of three (the aim is under 0.1 s).
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import storage
from exodus.records import ArticleFigures, CleanArticle
from figures.model import Figure

FIGURES = 1_000_000
PER_ARTICLE = 10  # a busy live blog; real articles report 1-7
STORE_BATCH = 2_000  # articles per transaction
_METRICS = ("departed", "arrived", "moved_on", "registered", "returned", "called_up")
_PLACES = (None, "KZ", "GE", "AM", "TR", "FI", "RS", "AE", "MN", "KG", "UZ", "EU")
_WORDS = "russians border kazakhstan georgia queue ministry reservists flights visa crossing"


def _records(seed: int = 7) -> list[ArticleFigures]:
    rng = random.Random(seed)
    words = _WORDS.split()
    start = datetime(2022, 9, 21, tzinfo=UTC)
    batch = []
    for number in range(FIGURES // PER_ARTICLE):
        published = start + timedelta(hours=number % (24 * 365))
        text = f"Report {number}: " + " ".join(rng.choice(words) for _ in range(40))
        article = CleanArticle(
            url=f"http://bench.example/{number}",
            canonical_url=f"http://bench.example/{number}",
            source="bench",
            site=f"outlet-{number % 50}",
            title=None,
            published_at=published,
            published_from="metadata",
            fetched_at=published,
            language="en",
            text=text,
            text_hash=str(number),
        )
        figures = []
        keys: set[tuple[object, ...]] = set()
        for slot in range(PER_ARTICLE):
            while True:  # distinct identities within the article, so every row is stored
                low = 1_000 * rng.randint(1, 300)
                metric, place = rng.choice(_METRICS), rng.choice(_PLACES)
                per = rng.choice((None, None, "day", "week"))
                if (metric, place, low, per) not in keys:
                    keys.add((metric, place, low, per))
                    break
            figures.append(
                Figure(
                    metric=metric,  # type: ignore[arg-type]
                    destination=place,
                    low=low,
                    high=low,
                    qualifier="approx",
                    per=per,  # type: ignore[arg-type]
                    since=date(2022, 9, 21) if slot % 2 else None,
                    source="interior ministry",
                    disputed=slot == 0 and number % 17 == 0,
                    quote=f"About {low} people crossed.",
                    quote_start=slot,
                    quote_end=slot + 20,
                )
            )
        batch.append(ArticleFigures(article, tuple(figures), "bench"))
    return batch


def _best_of_three(connection: object, sql: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        connection.sql(sql).to_arrow_table()  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
    return min(times)


def run() -> dict[str, float]:
    records = _records()
    stored = 0
    with tempfile.TemporaryDirectory() as scratch:
        db = str(Path(scratch) / "bench.duckdb")
        started = time.perf_counter()
        with storage.writing(db) as connection:
            for first in range(0, len(records), STORE_BATCH):
                with storage.transaction(connection):
                    _, ids = storage.save_articles(
                        connection, records[first : first + STORE_BATCH], run_id=1
                    )
                stored += len(ids)
        save_seconds = time.perf_counter() - started
        assert stored == FIGURES, stored

        # The Arrow path alone against a bare insert of the very same Arrow table.
        table = storage.figure_table([(r.article.canonical_url, r) for r in records])
        with storage.writing(db) as connection:
            connection.execute("DELETE FROM figure_claims")
            connection.execute("DELETE FROM figures")
            connection.execute("CHECKPOINT")
            started = time.perf_counter()
            with storage.transaction(connection):
                ids = storage.insert_figures(connection, table, run_id=1)
            project_seconds = time.perf_counter() - started
            assert len(ids) == FIGURES
            with storage.transaction(connection):
                storage.consolidate(connection)
            connection.register("_arrow", table)
            connection.execute("CREATE TABLE bare AS SELECT * FROM _arrow LIMIT 0")
            started = time.perf_counter()
            connection.execute("INSERT INTO bare SELECT * FROM _arrow")
            bare_seconds = time.perf_counter() - started
            connection.execute("DROP TABLE bare")
            connection.unregister("_arrow")
            connection.execute("CHECKPOINT")
        with storage.reading(db) as connection:
            series = _best_of_three(connection, "SELECT * FROM series")
            latest = _best_of_three(connection, "SELECT * FROM latest")
            claims = _best_of_three(connection, "SELECT * FROM claims")
    return {
        "figures_per_second_save_articles": FIGURES / save_seconds,
        "insert_figures_per_second": FIGURES / project_seconds,
        "bare_insert_per_second": FIGURES / bare_seconds,
        "insert_figures_ratio_vs_bare": bare_seconds / project_seconds,
        "series_seconds": series,
        "latest_seconds": latest,
        "claims_seconds": claims,
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value:.3f}")
