"""The child process of a crawl: ``python -m crawlers.runner JOB.json``.

Twisted's reactor cannot be restarted, so every crawl runs in a fresh process started by
``crawlers.run.crawl``. The job file names the sources, the [crawl] settings, the file of seen
canonical URLs, the crawl state file and the output file. Records are written there as they
come (by RecordWriterPipeline); when the crawl ends this module appends a ``time_limit``
SkippedEntry for every request still queued, then one ``{"kind": "stats"}`` line with
Scrapy's counters, and only then saves the new crawl state (atomically) to the job's
``next_state_file``, beside the state it loaded: the caller promotes it once what was
crawled is stored (see ``crawlers.run.promote_state``). A child killed before that leaves
no new state at all. The exit status is 0 whenever the crawl ran, however many requests
failed: the parent judges a crawl by its records and stats.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers import settings as project_settings
from crawlers.items import record_to_json
from crawlers.spiders.news import NewsSpider
from crawlers.state import save_state
from exodus.config import CrawlSettings, SourceSettings

__all__ = ["main", "run_job"]


def _plain_stats(stats: dict[str, Any]) -> dict[str, int]:
    # CrawlResult.stats holds counters only; times and reasons stay in the log.
    plain: dict[str, int] = {}
    for key, value in stats.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            plain[key] = value
        elif isinstance(value, float):
            plain[key] = round(value)
    return plain


def run_job(job: dict[str, Any]) -> None:
    """Run one crawl as the job describes; append the stats line to its records file."""
    sources = [SourceSettings.model_validate(item) for item in job["sources"]]
    crawl_settings = CrawlSettings.model_validate(job["crawl"])
    records = Path(job["records_file"])
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(
        {
            "EXODUS_RECORDS_FILE": str(records),
            "EXODUS_SEEN_URLS_FILE": job.get("seen_file", ""),
            "EXODUS_STATE_FILE": job.get("state_file", ""),
            "LOG_FILE": job.get("log_file") or None,
            "LOG_FILE_APPEND": False,
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, source_settings=sources, crawl_settings=crawl_settings)
    process.start()
    stats = _plain_stats(crawler.stats.get_stats() if crawler.stats else {})
    reason = (crawler.stats.get_value("finish_reason") if crawler.stats else None) or "unknown"
    stats[f"crawl/finish/{reason}"] = 1
    spider = crawler.spider
    assert isinstance(spider, NewsSpider)
    leftovers, state = spider.finish(reason)
    with records.open("a", encoding="utf-8") as out:
        for record in leftovers:
            out.write(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")
            stats[f"crawl/skipped/{record.reason}"] = (
                stats.get(f"crawl/skipped/{record.reason}", 0) + 1
            )
        out.write(json.dumps({"kind": "stats", "stats": stats}) + "\n")
    # Jobs written before next_state_file existed saved over the loaded state directly.
    target = job.get("next_state_file") or job.get("state_file")
    if target:
        save_state(state, target)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m crawlers.runner JOB.json", file=sys.stderr)
        return 2
    run_job(json.loads(Path(args[0]).read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
