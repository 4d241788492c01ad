"""The monitoring run: discover and fetch, clean, extract, store, alert, record.

This module only wires stages together; each stage is a library function in its own
package. One flow per run and one task per stage over the whole batch: a Prefect task
costs 12-18 ms here, so never one task per article.
"""

from __future__ import annotations

import errno
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from prefect import flow, get_run_logger, task

import alerts
import storage
from cleaning import Rejection, clean_pages
from crawlers.run import canonical_url, crawl, promote_state
from exodus.config import AlertSettings, CrawlSettings, Settings, SourceSettings, load_settings
from exodus.errors import TransientError
from exodus.locks import run_lock
from exodus.records import ArticleFigures, CleanArticle, CrawlResult, RunSummary
from figures import EXTRACTOR_VERSION, extract

__all__ = ["monitor", "run_monitor"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class _Stored:
    articles_new: int
    figures_new: int
    alerts_new: int  # alerts waiting to be sent or reviewed
    counters: dict[str, int]


def _transient(task_: object, task_run: object, state: object) -> bool:
    """Retry only what may succeed later (a busy database, a refused mail server)."""
    try:
        state.result()  # type: ignore[attr-defined]
    except TransientError:
        return True
    except Exception:
        return False
    return False


@task(name="begin-run", retries=2, retry_delay_seconds=5, retry_condition_fn=_transient)
def begin_run(db: str, max_attempts: int) -> tuple[int, frozenset[str]]:
    """Called under the run lock, which proves no other run is alive: a run still marked
    `running` was killed, and is closed as `interrupted`."""
    with storage.writing(db) as connection, storage.transaction(connection):
        run_id = storage.start_run(connection)
        interrupted = storage.close_interrupted_runs(connection, run_id)
        known = storage.known_urls(connection, max_attempts)
    if interrupted:
        get_run_logger().warning(
            "run(s) %s ended without finishing (killed?); marked interrupted",
            ", ".join(map(str, interrupted)),
        )
    # The crawl log keeps URLs as listed; the crawler compares canonical forms.
    return run_id, frozenset(canonical_url(url) for url in known)


@task(name="discover-and-fetch")
def fetch(
    sources: tuple[SourceSettings, ...], settings: CrawlSettings, seen: frozenset[str], workdir: str
) -> CrawlResult:
    # The new crawl state waits beside the old one until the store has committed: see
    # promote_state in _stages.
    return crawl(sources, settings, seen, Path(workdir), commit_state=False)


@task(name="clean")
def clean(
    result: CrawlResult, topic_phrases: tuple[str, ...]
) -> tuple[list[CleanArticle], list[Rejection]]:
    return clean_pages(result.pages, topic_phrases)


@task(name="extract")
def extract_figures(articles: list[CleanArticle]) -> list[ArticleFigures]:
    batch = []
    for article in articles:
        published = article.published_at.date() if article.published_at else None
        found = extract(article.text, published, title=article.title, site=article.site)
        batch.append(ArticleFigures(article, tuple(found), EXTRACTOR_VERSION))
    return batch


@task(name="store", retries=2, retry_delay_seconds=5, retry_condition_fn=_transient)
def store(
    db: str,
    run_id: int,
    batch: list[ArticleFigures],
    crawled: CrawlResult,
    rejections: list[Rejection],
    settings: AlertSettings,
    source_names: tuple[str, ...],
) -> _Stored:
    """Articles, figures, the alerts they raise and the crawl log: one transaction, so an
    alert is on record before anything is sent."""
    rejected = {rejection.url: rejection.reason for rejection in rejections}
    fetched = [
        (page.url, page.source, page.status, rejected.get(page.url, "ok")) for page in crawled.pages
    ]
    with storage.writing(db) as connection, storage.transaction(connection):
        article_ids, figure_ids = storage.save_articles(connection, batch, run_id)
        # Pages fetched again (live blogs, updated stories) whose text changed.
        revised, revised_figure_ids = storage.revise_articles(connection, batch, run_id)
        figure_ids = [*figure_ids, *revised_figure_ids]
        fresh = storage.new_sources(connection, source_names, run_id)
        claims = storage.touched_claims(connection, figure_ids)
        decided = alerts.decide_claims(claims, fresh, settings.min_change, settings.review)
        summary = alerts.baseline_summary(decided, fresh, run_id)
        decided += [summary] if summary else []
        decided += alerts.source_failures(crawled.stats, settings.admin_after_failing_runs, run_id)
        recorded = storage.record_alerts(connection, decided, run_id)
        storage.log_crawl(connection, run_id, fetched, crawled.failures, crawled.skipped)
    counters = Counter(f"alerts/{record.status}" for record in recorded)
    counters.update(f"alerts/kind/{record.kind}" for record in recorded)
    counters["articles/revised"] = len(revised)
    waiting = counters["alerts/pending"] + counters["alerts/review"]
    return _Stored(len(article_ids), len(figure_ids), waiting, dict(counters))


@task(name="send-alerts")
def send_alerts(db: str, settings: AlertSettings) -> alerts.SendReport:
    """One digest per recipient of every pending alert, including those an earlier run
    could not send; each recorded as delivered right after the server took it."""
    report = alerts.send_pending(db, settings)
    if report.messages_failed:
        get_run_logger().warning(
            "%s digest(s) not sent, kept for the next run: %s",
            report.messages_failed,
            "; ".join(report.errors),
        )
    return report


@task(name="write-report")
def write_report(db: str, data_dir: str) -> str:
    """The HTML report of the latest figures, rewritten after every run."""
    from reports import write_report as write

    return str(write(db, Path(data_dir, "report.html")))


@task(name="publish-artifacts")
def publish_artifacts(
    db: str, run_id: int, counts: dict[str, int], counters: dict[str, int]
) -> None:
    """A table of the run's new figures and a markdown summary, for the Prefect UI."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    with storage.reading(db) as connection:
        rows = storage.run_figures(connection, run_id)
    create_table_artifact(
        table=rows or [{"metric": "", "note": "no new figures this run"}],
        key="exodus-new-figures",
        description=f"Figures stored by run {run_id} (at most 500)",
    )
    lines = [f"# exodus-monitor run {run_id}", "", "| what | count |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in counts.items()]
    lines += [
        f"| {name} | {value} |"
        for name, value in sorted(counters.items())
        if name.startswith(("alerts/", "figures/", "crawl/pages", "crawl/failed"))
    ]
    create_markdown_artifact(
        markdown="\n".join(lines), key="exodus-run-summary", description=f"Run {run_id}"
    )


@task(name="finish-run", retries=2, retry_delay_seconds=5, retry_condition_fn=_transient)
def finish_run(db: str, run_id: int, counts: dict[str, int], counters: dict[str, int]) -> datetime:
    with storage.writing(db) as connection:
        return storage.finish_run(connection, run_id, counts, counters)


@flow(name="monitor", log_prints=False)
def monitor(config: str | None = None, db: str | None = None) -> RunSummary:
    """One monitoring run over the configured sources."""
    settings = load_settings(config)
    return run_monitor(settings, db)


def run_monitor(settings: Settings, db: str | None = None) -> RunSummary:
    """The body of `monitor`, for callers that already hold validated settings."""
    if db:
        storage_settings = settings.storage.model_copy(update={"db": db})
        settings = settings.model_copy(update={"storage": storage_settings})
    target = settings.storage.db
    started_at = datetime.now(UTC)
    with run_lock(settings.data_dir):
        run_id, seen = _full_disk_said_plainly(begin_run, target, settings.crawl.max_attempts)
        try:
            counts, counters = _full_disk_said_plainly(_stages, settings, target, run_id, seen)
        except BaseException as error:
            # The run record says how the run ended, even when a stage gave up; what earlier
            # stages committed stays, and the next run carries on from it.
            _record_failure(target, run_id, f"{type(error).__name__}: {error}")
            raise
        finished_at = finish_run(target, run_id, counts, counters)
    return RunSummary(
        run_id=run_id,
        started_at=started_at,
        finished_at=finished_at,
        counters=counters,
        **counts,
    )


def _stages(
    settings: Settings, target: str, run_id: int, seen: frozenset[str]
) -> tuple[dict[str, int], dict[str, int]]:
    # The crawler's folder: its job and record files are rewritten by each run, its
    # state.json (ETags, last runs, back-offs) carries over from one run to the next.
    workdir = Path(settings.data_dir, "crawl")
    crawled = fetch(settings.sources, settings.crawl, seen, str(workdir))
    articles, rejections = clean(crawled, settings.crawl.topic_phrases)
    batch = extract_figures(articles)
    names = tuple(source.name for source in settings.sources)
    stored = store(target, run_id, batch, crawled, rejections, settings.alerts, names)
    # Only now, with the pages committed, may the crawler forget them (ETags, last-success
    # marks): a run that died before this line is re-listed and re-fetched by the next one.
    promote_state(workdir)
    sent = send_alerts(target, settings.alerts)
    counters: Counter[str] = Counter(crawled.stats)
    counters["crawl/pages"] = len(crawled.pages)
    counters["crawl/failed"] = len(crawled.failures)
    counters["crawl/skipped"] = len(crawled.skipped)
    for rejection in rejections:
        counters[f"clean/{rejection.reason}"] += 1
    counters["figures/found"] = sum(len(item.figures) for item in batch)
    counters.update(stored.counters)
    counters["alerts/messages"] = sent.messages_sent
    counters["alerts/failed"] = sent.messages_failed
    counters["alerts/sent"] = sent.alerts_sent
    counts = {
        "articles_seen": len(crawled.pages) + len(crawled.skipped),
        "articles_new": stored.articles_new,
        "articles_failed": len(crawled.failures),
        "figures_new": stored.figures_new,
        "alerts_new": stored.alerts_new,
        "alerts_sent": sent.alerts_sent,
    }
    write_report(target, settings.data_dir)
    publish_artifacts(target, run_id, counts, dict(counters))
    return counts, dict(counters)


def _full_disk_said_plainly(stage: Callable[..., _T], *args: object) -> _T:
    """A full disk met outside the database (the crawl's files, the report) reads as one
    line, like the database's own DiskFullError."""
    try:
        return stage(*args)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        raise storage.disk_full_error(
            str(error.filename or "a file of the run"), "what was stored before is intact"
        ) from None


def _record_failure(target: str, run_id: int, error: str) -> None:
    try:
        with storage.writing(target) as connection:
            storage.finish_run(connection, run_id, {}, {}, status="failed", error=error[:1000])
    except Exception as failure:  # the original error is the one worth raising
        # One line, no traceback: the usual cause is the original one (a database that is
        # busy or on a full disk); the next run closes the row as interrupted.
        get_run_logger().warning("could not record the failure of run %s: %s", run_id, failure)
