"""What the crawler remembers between runs, in one JSON file inside the crawl's workdir.

* ``validators``: ETag and Last-Modified per feed or sitemap URL (and, for a sitemap index,
  the child sitemaps it listed), sent back as If-None-Match / If-Modified-Since;
* ``sources``: per source, when its last fully settled run started (the "newer than the last
  run" mark for sitemaps and GDELT) and how many runs in a row it has failed;
* ``backoff``: per host (``host[:port]``), the time before which no request is sent, set by
  a 429 or 503 with Retry-After;
* ``fetched``: per canonical URL of a page whose listed date is inside the revisit window,
  when it was last fetched and its listed date (older ones are pruned).

The child process loads the state when it starts and the runner saves the new one beside
it when the child finishes (temp file + ``os.replace``, so a kill never leaves half a
file); ``crawlers.run.promote_state`` makes it the current one once the crawled pages are
stored. A missing or unreadable file is an empty state, with a warning in the log.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = ["CrawlState", "SourceState", "Validator", "load_state", "save_state", "STATE_FILE"]

logger = logging.getLogger(__name__)

STATE_FILE = "state.json"
_VERSION = 1


@dataclass(frozen=True)
class Validator:
    """What a listing's last 200 answer said about itself."""

    etag: str | None = None
    last_modified: str | None = None  # the header as sent, echoed back verbatim
    sitemaps: tuple[str, ...] = ()  # a sitemap index's children, to read after a 304
    checked: datetime | None = None  # when it was last confirmed; stale ones are pruned


@dataclass(frozen=True)
class SourceState:
    last_success: datetime | None = None  # start of the last run that settled every entry
    failing_runs: int = 0  # runs in a row whose listing failed


@dataclass
class CrawlState:
    validators: dict[str, Validator] = field(default_factory=dict)
    sources: dict[str, SourceState] = field(default_factory=dict)
    backoff: dict[str, datetime] = field(default_factory=dict)
    # canonical URL -> (last fetched, listed date)
    fetched: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}")
    return moment


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _to_json(state: CrawlState) -> dict[str, Any]:
    return {
        "version": _VERSION,
        "validators": {
            url: {
                "etag": item.etag,
                "last_modified": item.last_modified,
                "sitemaps": list(item.sitemaps),
                "checked": _iso(item.checked),
            }
            for url, item in state.validators.items()
        },
        "sources": {
            name: {"last_success": _iso(item.last_success), "failing_runs": item.failing_runs}
            for name, item in state.sources.items()
        },
        "backoff": {host: until.isoformat() for host, until in state.backoff.items()},
        "fetched": {
            url: [fetched.isoformat(), listed.isoformat()]
            for url, (fetched, listed) in state.fetched.items()
        },
    }


def _from_json(data: dict[str, Any]) -> CrawlState:
    if data.get("version") != _VERSION:
        raise ValueError(f"unknown version {data.get('version')!r}")
    state = CrawlState()
    for url, item in data.get("validators", {}).items():
        state.validators[url] = Validator(
            etag=item.get("etag"),
            last_modified=item.get("last_modified"),
            sitemaps=tuple(item.get("sitemaps") or ()),
            checked=_when(item.get("checked")),
        )
    for name, item in data.get("sources", {}).items():
        state.sources[name] = SourceState(
            last_success=_when(item.get("last_success")),
            failing_runs=int(item.get("failing_runs", 0)),
        )
    for host, until in data.get("backoff", {}).items():
        moment = _when(until)
        if moment is not None:
            state.backoff[host] = moment
    for url, (fetched, listed) in data.get("fetched", {}).items():
        first, second = _when(fetched), _when(listed)
        if first is not None and second is not None:
            state.fetched[url] = (first, second)
    return state


def load_state(path: str | Path) -> CrawlState:
    """The state saved by the last finished crawl; empty (with a warning) if none is usable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        logger.warning("No crawl state at %s; starting from an empty one", path)
        return CrawlState()
    except OSError as error:
        logger.warning("Crawl state %s unreadable (%s); starting from an empty one", path, error)
        return CrawlState()
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return _from_json(data)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        logger.warning("Crawl state %s is corrupt (%s); starting from an empty one", path, error)
        return CrawlState()


def save_state(state: CrawlState, path: str | Path) -> None:
    """Write the state atomically: a temp file in the same folder, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(_to_json(state), out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
