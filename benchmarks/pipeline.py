"""Throughput of the per-article stages against bare trafilatura, and a run's fixed cost.

Every figure is a ratio against a baseline measured in the same process and run, so that
results compare across machines:

- throughput_ratio_vs_trafilatura: pages per second through clean + extract + store, over
  pages per second of bare `trafilatura.extract` on the same pages;
- extraction_fraction_of_cleaning: time in the figure extractor over time in trafilatura's
  cleaning, on the same articles;
- run fixed costs in seconds: a first run (Prefect start-up, crawl child, one new page) and a
  run that finds nothing new.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from cleaning import Rejection, clean_page
from exodus.demo.site import DemoSite, demo_config_toml, load_pages, page_html
from exodus.records import ArticleFigures, CleanArticle, FetchedPage
from figures import EXTRACTOR_VERSION, extract

_PARAGRAPH = re.compile(r"(<p>.*?</p>)", re.DOTALL)
STORE_BATCH = 500  # a run stores its batch in one transaction; 500 is a busy hour's worth


def _rotate_paragraphs(html: str, shift: int) -> str:
    paragraphs = _PARAGRAPH.findall(html)
    if len(paragraphs) < 3:
        return html
    shift %= len(paragraphs)
    pieces = iter(paragraphs[shift:] + paragraphs[:shift])
    return _PARAGRAPH.sub(lambda _match: next(pieces), html)


def varied_pages(count: int) -> list[FetchedPage]:
    """The demo pages, varied: paragraphs rotated and the title numbered, `count` in all."""
    sources = [(page, page_html(page.slug)) for page in load_pages()]
    pages: list[FetchedPage] = []
    now = datetime.now(UTC)
    for number in range(count):
        page, html = sources[number % len(sources)]
        html = _rotate_paragraphs(html, number)
        html = html.replace("</h1>", f" ({number})</h1>", 1)
        url = f"http://bench.example/{number}/{page.slug}.html"
        pages.append(
            FetchedPage(
                url=url, final_url=url, source="bench", status=200, html=html, fetched_at=now
            )
        )
    return pages


def bench_throughput(count: int) -> dict[str, float]:
    import storage

    pages = varied_pages(count)
    trafilatura.extract(pages[0].html)  # warm caches so neither side pays first-call costs
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.html)
    bare_seconds = time.perf_counter() - started

    clean_seconds = extract_seconds = store_seconds = 0.0
    articles: list[CleanArticle] = []
    batch: list[ArticleFigures] = []
    with tempfile.TemporaryDirectory() as scratch:
        db = str(Path(scratch) / "bench.duckdb")
        with storage.writing(db):
            pass  # schema creation is start-up, not per-article work
        for page in pages:
            tick = time.perf_counter()
            cleaned = clean_page(page)
            clean_seconds += time.perf_counter() - tick
            if isinstance(cleaned, Rejection):
                continue
            articles.append(cleaned)
            tick = time.perf_counter()
            published = cleaned.published_at.date() if cleaned.published_at else None
            found = extract(cleaned.text, published, title=cleaned.title, site=cleaned.site)
            extract_seconds += time.perf_counter() - tick
            batch.append(ArticleFigures(cleaned, tuple(found), EXTRACTOR_VERSION))
        tick = time.perf_counter()
        with storage.writing(db) as connection:
            for start in range(0, len(batch), STORE_BATCH):
                with storage.transaction(connection):
                    storage.save_articles(connection, batch[start : start + STORE_BATCH], 1)
        store_seconds = time.perf_counter() - tick
    pipeline_seconds = clean_seconds + extract_seconds + store_seconds
    return {
        "pages": float(count),
        "articles": float(len(articles)),
        "bare_trafilatura_pages_per_second": count / bare_seconds,
        "pipeline_pages_per_second": count / pipeline_seconds,
        "throughput_ratio_vs_trafilatura": bare_seconds / pipeline_seconds,
        "extraction_fraction_of_cleaning": extract_seconds / clean_seconds,
        "extract_articles_per_second": len(articles) / extract_seconds if extract_seconds else 0.0,
        "store_rows_per_second": len(batch) / store_seconds if store_seconds else 0.0,
    }


def bench_run_cost() -> dict[str, float]:
    """Wall time of `exodus run` as a user meets it: a first run, then one with nothing new.

    Both pay for Prefect's temporary server, started anew by each process when no
    PREFECT_API_URL is set; under `exodus serve` or a worker that cost is paid once.
    """
    import storage

    pages = load_pages()
    first = pages[0]
    exodus = Path(sys.executable).with_name("exodus")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch, DemoSite() as site:
        site.release_until(first.published)
        root = Path(scratch)
        config = root / "exodus.toml"
        config.write_text(
            f'data_dir = "{root.as_posix()}"\n'
            + demo_config_toml(site.url, str(root / "x.duckdb"), str(root / "outbox")),
            encoding="utf-8",
        )
        env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
        for label in ("run_first_seconds", "run_nothing_new_seconds"):
            started = datetime.now(UTC)
            tick = time.perf_counter()
            subprocess.run(
                [str(exodus), "run", "--config", str(config)],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            results[label] = time.perf_counter() - tick
            if label == "run_first_seconds":
                first_fetch = storage.run_query(
                    str(root / "x.duckdb"), "SELECT min(fetched_at) FROM articles"
                ).rows[0][0]
                results["startup_to_first_page_seconds"] = (first_fetch - started).total_seconds()
    return results


def run(pages: int = 2000, whole_runs: bool = True) -> dict[str, float]:
    """Every figure of this benchmark, by name."""
    results = bench_throughput(pages)
    if whole_runs:
        results.update(bench_run_cost())
    return results
