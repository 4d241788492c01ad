from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import storage
from exodus.cli import main
from tests.conftest import SHARED
from tests.factories import batch_item, figure

FIELDS = {
    "metric",
    "destination",
    "low",
    "high",
    "qualifier",
    "per",
    "since",
    "source",
    "disputed",
    "quote",
    "file",
}
SEED = SHARED / "seed" / "kremlin-denies-700000.txt"

STORY = (
    "Georgia's interior ministry said on Tuesday that 53,000 Russians had entered the country "
    "since September 21, the day the mobilisation was announced.\n"
)


@pytest.fixture
def filled_db(db_path: str) -> str:
    with storage.writing(db_path) as connection, storage.transaction(connection):
        storage.save_articles(connection, [batch_item("a", figure(200_000))], run_id=1)
    return db_path


def test_extract_jsonl_has_every_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["extract", str(story), "--published", "2022-10-04", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows, "the story reports a figure"
    assert set(rows[0]) >= FIELDS
    assert rows[0]["file"] == str(story)
    assert (rows[0]["metric"], rows[0]["destination"], rows[0]["low"]) == ("arrived", "GE", 53_000)


def test_extract_reads_html_through_the_cleaner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "story.html"
    paragraph = f"<p>{STORY.strip()}</p>" * 3
    page.write_text(
        "<html lang='en'><head><meta property='article:published_time' content='2022-10-04'>"
        "</head><body><nav>Home World</nav>"
        f"<article><h1>Georgia</h1>{paragraph}</article></body></html>",
        encoding="utf-8",
    )
    assert main(["extract", str(page), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(r["metric"], r["destination"], r["low"]) for r in rows} == {("arrived", "GE", 53_000)}
    assert rows[0]["since"] == "2022-09-21"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside this clone")
def test_extract_seed_article_matches_its_expected_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEED), "--published", "2022-10-06", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    gold = json.loads((SHARED / "seed" / "kremlin-denies-700000.gold.json").read_text())
    expected = {
        (r["metric"], r["destination"], r["low"], r["high"], r["per"])
        for r in gold["kremlin-denies-700000.txt"]
    }
    assert {
        (r["metric"], r["destination"], r["low"], r["high"], r["per"]) for r in rows
    } == expected


def test_extract_explain_names_the_deciding_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    argv = ["extract", str(story), "--published", "2022-10-04", "--explain"]
    assert main([*argv, "--format", "jsonl"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["explain"]["metric"] == "entered"
    assert row["explain"]["source"].endswith("Georgia's interior ministry")
    assert main(argv) == 0  # the table shows the same words in a column of their own
    table = capsys.readouterr().out
    assert "explain" in table and "entered" in table


def test_extract_explain_shows_a_reference_as_the_figure_it_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Some 8,600 Russians entered Finland on Saturday, the border guard said. "
        "It said the number for Sunday was about 8,300.\n",
        encoding="utf-8",
    )
    argv = ["extract", str(story), "--published", "2022-09-26", "--explain", "--format", "jsonl"]
    assert main(argv) == 0
    rows = {r["low"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows[8_300]["explain"]["metric"] == "refers to an earlier figure"
    assert rows[8_300]["per"] == "day"


def test_extract_bad_date_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["extract", str(story), "--published", "06/10/2022"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_sql_csv(filled_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "sql",
                "SELECT metric, destination, low FROM figures",
                "--db",
                filled_db,
                "--format",
                "csv",
            ]
        )
        == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["metric", "destination", "low"], ["arrived", "KZ", "200000"]]


def test_sql_json(filled_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["sql", "SELECT low, since FROM figures", "--db", filled_db, "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out) == [{"low": 200000, "since": "2022-09-21"}]


def test_sql_table(filled_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "SELECT metric, low FROM figures", "--db", filled_db]) == 0
    out = capsys.readouterr().out
    assert "arrived" in out and "200,000" in out


def test_sql_write_is_refused_without_a_traceback(filled_db: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "exodus.cli", "sql", "DROP TABLE figures", "--db", filled_db],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "read-only" in done.stderr
    assert "Traceback" not in done.stderr
    assert storage.run_query(filled_db, "SELECT count(*) FROM figures").rows == ((1,),)


def test_bad_config_is_one_line_naming_the_key(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[alerts]\nsmtp_port = 'x'\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "exodus.cli", "run", "--config", str(config)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert str(config) in done.stderr and "alerts.smtp_port" in done.stderr
    assert "Traceback" not in done.stderr
