"""The database's shape, as an ordered list of migrations.

A database made by an older version is upgraded in place when it is opened, inside one
transaction; nothing is ever dropped and rebuilt. Add a migration to the end of MIGRATIONS;
never edit one that has shipped.
"""

from __future__ import annotations

import duckdb

from exodus.errors import TerminalError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate", "current_version"]

_V1 = """
CREATE TABLE schema_version (
    version INTEGER NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE runs_id_seq;
CREATE TABLE runs (
    id BIGINT PRIMARY KEY DEFAULT nextval('runs_id_seq'),
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status TEXT NOT NULL,               -- running | finished | failed
    articles_seen INTEGER NOT NULL DEFAULT 0,
    articles_new INTEGER NOT NULL DEFAULT 0,
    articles_failed INTEGER NOT NULL DEFAULT 0,
    figures_new INTEGER NOT NULL DEFAULT 0,
    alerts_new INTEGER NOT NULL DEFAULT 0,
    alerts_sent INTEGER NOT NULL DEFAULT 0,
    counters JSON,
    error TEXT
);

CREATE SEQUENCE articles_id_seq;
CREATE TABLE articles (
    id BIGINT PRIMARY KEY DEFAULT nextval('articles_id_seq'),
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    site TEXT,
    title TEXT,
    published_at TIMESTAMPTZ,
    published_from TEXT,
    fetched_at TIMESTAMPTZ NOT NULL,
    language TEXT,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    run_id BIGINT
);

CREATE SEQUENCE figures_id_seq;
CREATE TABLE figures (
    id BIGINT PRIMARY KEY DEFAULT nextval('figures_id_seq'),
    article_id BIGINT NOT NULL REFERENCES articles (id),
    metric TEXT NOT NULL,
    destination TEXT,
    low BIGINT NOT NULL,
    high BIGINT NOT NULL,
    qualifier TEXT NOT NULL,
    per TEXT,
    since DATE,
    source TEXT,
    disputed BOOLEAN NOT NULL,
    quote TEXT NOT NULL,
    quote_start INTEGER NOT NULL,
    quote_end INTEGER NOT NULL,
    extractor_version TEXT NOT NULL,
    -- metric|destination|low|high|per: NULLs are distinct in a UNIQUE key, so the key is text
    figure_key TEXT NOT NULL,
    run_id BIGINT,
    UNIQUE (article_id, figure_key)
);

CREATE SEQUENCE alerts_id_seq;
CREATE TABLE alerts (
    id BIGINT PRIMARY KEY DEFAULT nextval('alerts_id_seq'),
    -- the claim: metric|destination|per|low|high; one claim alerts once, however many report it
    alert_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                 -- new_series | changed
    metric TEXT NOT NULL,
    destination TEXT,
    per TEXT,
    low BIGINT NOT NULL,
    high BIGINT NOT NULL,
    qualifier TEXT NOT NULL,
    previous_low BIGINT,
    previous_high BIGINT,
    source TEXT,
    disputed BOOLEAN NOT NULL,
    quote TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    run_id BIGINT,
    sent_at TIMESTAMPTZ,
    sent_via TEXT,                      -- smtp | outbox
    send_attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

CREATE TABLE crawl_log (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    status INTEGER,
    reason TEXT NOT NULL,               -- ok | seen | off_topic | http_404 | timeout | ...
    attempts INTEGER NOT NULL DEFAULT 1,
    first_attempt_at TIMESTAMPTZ NOT NULL,
    last_attempt_at TIMESTAMPTZ NOT NULL,
    run_id BIGINT
);

-- One row per metric, destination, per and reporting date: the largest figure reported that
-- day (counts grow, so the largest is the latest state), with who reported it and where.
CREATE VIEW series AS
SELECT
    f.metric,
    f.destination,
    f.per,
    CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS reported_on,
    arg_max(f.low, f.high) AS low,
    max(f.high) AS high,
    arg_max(f.qualifier, f.high) AS qualifier,
    arg_max(f.since, f.high) AS since,
    list(DISTINCT f.source) FILTER (WHERE f.source IS NOT NULL) AS sources,
    count(DISTINCT coalesce(a.site, a.source)) AS outlets,
    count(DISTINCT a.id) AS articles,
    bool_or(f.disputed) AS disputed,
    arg_min(a.url, coalesce(a.published_at, a.fetched_at)) AS first_url
FROM figures AS f
JOIN articles AS a ON a.id = f.article_id
GROUP BY ALL;
"""

MIGRATIONS: tuple[str, ...] = (_V1,)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(connection: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database; 0 for an empty one."""
    exists = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(connection: duckdb.DuckDBPyConnection) -> int:
    """Bring the database up to SCHEMA_VERSION in one transaction; return the version."""
    version = current_version(connection)
    if version > SCHEMA_VERSION:
        raise TerminalError(
            f"the database has schema version {version}, newer than this exodus-monitor "
            f"({SCHEMA_VERSION}); upgrade exodus-monitor"
        )
    if version == SCHEMA_VERSION:
        return version
    connection.execute("BEGIN TRANSACTION")
    try:
        for number in range(version + 1, SCHEMA_VERSION + 1):
            connection.execute(MIGRATIONS[number - 1])
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
