"""DuckDB storage: the schema, its migrations, and every SQL statement of the project."""

from storage.alerts import (
    AlertRecord,
    ClaimReport,
    LatestClaim,
    SeriesDay,
    alerts_with_status,
    delivered,
    finish_sent,
    get_alert,
    latest_claims,
    mark_failed,
    new_sources,
    record_alerts,
    record_delivery,
    run_figures,
    series_history,
    set_status,
    touched_claims,
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
from storage.revisions import revise_articles
from storage.runs import finish_run, log_crawl, start_run
from storage.schema import MIGRATIONS, SCHEMA_VERSION, current_version, migrate
from storage.status import DatabaseStatus, database_status
from storage.stories import SIMILARITY_THRESHOLD, Story, group_stories

__all__ = [
    "AlertRecord",
    "ClaimReport",
    "LatestClaim",
    "latest_claims",
    "run_figures",
    "SeriesDay",
    "alerts_with_status",
    "delivered",
    "finish_sent",
    "get_alert",
    "new_sources",
    "record_alerts",
    "record_delivery",
    "series_history",
    "set_status",
    "touched_claims",
    "CLAIM_GAP_DAYS",
    "EXPORT_FORMATS",
    "FIGURE_SCHEMA",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SIMILARITY_THRESHOLD",
    "DatabaseStatus",
    "ExportedFile",
    "QueryResult",
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
    "migrate",
    "query_to_parquet",
    "reading",
    "replace_figures",
    "revise_articles",
    "run_query",
    "save_articles",
    "start_run",
    "stored_articles",
    "stored_figures",
    "transaction",
    "writing",
]
