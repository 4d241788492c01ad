"""DuckDB storage: the schema, its migrations, and every SQL statement of the project."""

from storage.alerts import (
    SeriesPoint,
    mark_failed,
    mark_sent,
    pending_alerts,
    queue_alerts,
    series_points,
)
from storage.articles import figure_key, known_urls, save_articles
from storage.connection import reading, transaction, writing
from storage.query import QueryResult, run_query
from storage.runs import finish_run, log_crawl, start_run
from storage.schema import SCHEMA_VERSION, current_version, migrate

__all__ = [
    "SCHEMA_VERSION",
    "QueryResult",
    "SeriesPoint",
    "current_version",
    "figure_key",
    "finish_run",
    "known_urls",
    "log_crawl",
    "mark_failed",
    "mark_sent",
    "migrate",
    "pending_alerts",
    "queue_alerts",
    "reading",
    "run_query",
    "save_articles",
    "series_points",
    "start_run",
    "transaction",
    "writing",
]
