"""DuckDB storage: the schema, its migrations, and every SQL statement of the project."""

from storage.alerts import (
    SeriesPoint,
    mark_failed,
    mark_sent,
    pending_alerts,
    queue_alerts,
    series_points,
)
from storage.articles import (
    FIGURE_SCHEMA,
    figure_key,
    figure_table,
    insert_figures,
    known_urls,
    save_articles,
)
from storage.claims import CLAIM_GAP_DAYS, consolidate
from storage.connection import is_local, is_motherduck, reading, transaction, writing
from storage.export import EXPORT_FORMATS, ExportedFile, export_all
from storage.extractions import (
    StoredArticle,
    figure_fields,
    replace_figures,
    stored_articles,
    stored_figures,
)
from storage.query import QueryResult, query_to_parquet, run_query
from storage.runs import finish_run, log_crawl, start_run
from storage.schema import MIGRATIONS, SCHEMA_VERSION, current_version, migrate
from storage.status import DatabaseStatus, database_status
from storage.stories import SIMILARITY_THRESHOLD, Story, group_stories

__all__ = [
    "CLAIM_GAP_DAYS",
    "EXPORT_FORMATS",
    "FIGURE_SCHEMA",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SIMILARITY_THRESHOLD",
    "DatabaseStatus",
    "ExportedFile",
    "QueryResult",
    "SeriesPoint",
    "Story",
    "StoredArticle",
    "consolidate",
    "current_version",
    "database_status",
    "export_all",
    "figure_fields",
    "figure_key",
    "figure_table",
    "finish_run",
    "group_stories",
    "insert_figures",
    "is_local",
    "is_motherduck",
    "known_urls",
    "log_crawl",
    "mark_failed",
    "mark_sent",
    "migrate",
    "pending_alerts",
    "query_to_parquet",
    "queue_alerts",
    "reading",
    "replace_figures",
    "run_query",
    "save_articles",
    "series_points",
    "start_run",
    "stored_articles",
    "stored_figures",
    "transaction",
    "writing",
]
