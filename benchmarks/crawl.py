"""Crawl throughput against a plain concurrent fetch, and the cost of a run with nothing new.

The demo site (exodus.demo.site.DemoSite, every page released) on 127.0.0.1 is crawled
through ``crawlers.run.crawl`` from its RSS feed, with no topic filter so that every article
is fetched. The baseline is aiohttp fetching the same article URLs with the same per-host
concurrency, in the same run. Figures:

- crawl_pages_per_second, plain_pages_per_second: articles per second of wall time (the
  crawl's includes starting its child process and reading the feed and robots.txt);
- crawl_ratio_vs_plain_fetch: the first over the second;
- nothing_new_seconds: wall time of a second crawl (same workdir) that finds the feed not
  modified and fetches no article.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import aiohttp

from crawlers.run import crawl
from exodus.config import CrawlSettings, SourceSettings
from exodus.demo.site import DemoSite

CONCURRENCY = 2  # CrawlSettings.concurrency_per_domain's default; the demo site is one host


async def _plain_fetch(urls: list[str], concurrency: int) -> int:
    limit = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit_per_host=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(url: str) -> int:
            async with limit, session.get(url) as response:
                await response.read()
                return response.status

        statuses = await asyncio.gather(*(one(url) for url in urls))
    return sum(1 for status in statuses if status == 200)


def run() -> dict[str, float]:
    settings = CrawlSettings(
        allow_private_hosts=("127.0.0.1",),
        topic_phrases=(),
        concurrency_per_domain=CONCURRENCY,
        timeout=10.0,
        max_seconds=120.0,
    )
    with DemoSite() as site, tempfile.TemporaryDirectory() as scratch:
        site.release_all()
        urls = [f"{site.url}/articles/{page.filename}" for page in site.pages]
        source = SourceSettings(name="demo-feed", kind="rss", url=site.url + "/feed.xml")

        started = time.perf_counter()
        fetched = asyncio.run(_plain_fetch(urls, CONCURRENCY))
        plain_seconds = time.perf_counter() - started

        workdir = Path(scratch)
        started = time.perf_counter()
        result = crawl([source], settings, set(), workdir)
        crawl_seconds = time.perf_counter() - started
        if len(result.pages) != len(urls) or fetched != len(urls):
            raise RuntimeError(
                f"expected {len(urls)} pages; crawl got {len(result.pages)}, plain {fetched}"
            )

        started = time.perf_counter()
        again = crawl([source], settings, set(), workdir)
        nothing_new_seconds = time.perf_counter() - started
        if again.pages or again.stats.get("crawl/not_modified") != 1:
            raise RuntimeError("the second crawl was expected to find the feed not modified")

    crawl_rate = len(urls) / crawl_seconds
    plain_rate = len(urls) / plain_seconds
    return {
        "pages": float(len(urls)),
        "crawl_pages_per_second": crawl_rate,
        "plain_pages_per_second": plain_rate,
        "crawl_ratio_vs_plain_fetch": crawl_rate / plain_rate,
        "nothing_new_seconds": nothing_new_seconds,
    }
