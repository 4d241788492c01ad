"""Write every crawl record to a JSON Lines file for the parent process to read back.

Switched on by EXODUS_RECORDS_FILE (the runner sets it; standalone debugging uses ``-O``).
Each line is flushed as it is written, so a crawl killed at its deadline still leaves every
record it made. A FetchedPage without a body is dropped: there is nothing to extract.
Counters: ``crawl/pages``, ``crawl/failures``, ``crawl/skipped``.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any, Self

from scrapy.exceptions import DropItem, NotConfigured

from crawlers.items import KINDS, record_to_json
from exodus.records import FetchedPage

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["RecordWriterPipeline"]

_COUNTERS = {"page": "crawl/pages", "failure": "crawl/failures", "skipped": "crawl/skipped"}


class RecordWriterPipeline:
    def __init__(self, path: str, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats
        self._file: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("EXODUS_RECORDS_FILE")
        if not path:
            raise NotConfigured("EXODUS_RECORDS_FILE is not set")
        assert crawler.stats is not None
        return cls(path, crawler.stats)

    def open_spider(self) -> None:
        self._file = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 (closed in close_spider)

    def close_spider(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def process_item(self, item: Any) -> Any:
        if type(item) not in KINDS.values():
            raise DropItem(f"not a crawl record: {type(item).__name__}")
        if isinstance(item, FetchedPage) and not item.html.strip():
            self.stats.inc_value("crawl/empty_page")
            raise DropItem(f"empty body: {item.url}")
        line = record_to_json(item)
        self.stats.inc_value(_COUNTERS[line["kind"]])
        assert self._file is not None
        self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._file.flush()
        return item
