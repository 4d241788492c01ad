"""The crawl's items are the stage records themselves; this module moves them through JSON.

The spider yields ``FetchedPage``, ``FetchFailure`` and ``SkippedEntry`` (frozen dataclasses,
which Scrapy handles as items through itemadapter). The child process writes them as JSON
Lines, one object per line with a ``kind`` key, and the parent reads them back.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from exodus.records import FetchedPage, FetchFailure, SkippedEntry

__all__ = ["CrawlRecord", "KINDS", "record_to_json", "record_from_json"]

CrawlRecord = FetchedPage | FetchFailure | SkippedEntry

KINDS: dict[str, type[FetchedPage] | type[FetchFailure] | type[SkippedEntry]] = {
    "page": FetchedPage,
    "failure": FetchFailure,
    "skipped": SkippedEntry,
}
_KIND_OF = {cls: kind for kind, cls in KINDS.items()}
_DATETIME_FIELDS = {"fetched_at", "listed_published"}


def record_to_json(record: CrawlRecord) -> dict[str, Any]:
    """A JSON-ready dict: the record's fields, datetimes as ISO 8601, plus ``kind``."""
    data: dict[str, Any] = {"kind": _KIND_OF[type(record)]}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        data[field.name] = value.isoformat() if isinstance(value, datetime) else value
    return data


def record_from_json(data: dict[str, Any]) -> CrawlRecord:
    """The inverse of record_to_json; raises KeyError for an unknown kind."""
    fields = dict(data)
    cls = KINDS[fields.pop("kind")]
    for name in _DATETIME_FIELDS & fields.keys():
        if fields[name] is not None:
            fields[name] = datetime.fromisoformat(fields[name])
    return cls(**fields)
