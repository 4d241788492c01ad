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

# V2: near-duplicate stories, claims consolidated across outlets, an extraction log, and the
# views people query (`series` gains stories and outlets; `claims` and `latest` are new).
_V2 = """
-- The first stored article of a group of same-or-nearly-same texts (wire copies); its own id
-- when it opened the group.
ALTER TABLE articles ADD COLUMN story_id BIGINT;

-- MinHash signatures and their LSH band buckets, so that a new article is compared with the
-- stored ones through an index join instead of against every text.
CREATE TABLE story_signatures (
    article_id BIGINT PRIMARY KEY,
    signature BLOB NOT NULL,            -- MinHash hash values, little-endian uint32
    similarity DOUBLE                   -- estimated Jaccard similarity to the story it joined
);
CREATE TABLE story_bands (
    band SMALLINT NOT NULL,
    bucket BIGINT NOT NULL,
    article_id BIGINT NOT NULL
);

-- Each figure's claim: same metric, destination, low, high, per and since, reported within
-- the claim window of the claim's previous report. claim_id is the id of its first figure.
CREATE TABLE figure_claims (
    figure_id BIGINT NOT NULL,
    claim_id BIGINT NOT NULL
);

-- One row per extraction of an article (the first one and every `exodus reextract`).
CREATE TABLE extractions (
    article_id BIGINT NOT NULL,
    extractor_version TEXT NOT NULL,
    extracted_at TIMESTAMPTZ NOT NULL,
    figures INTEGER NOT NULL,
    run_id BIGINT
);

INSERT INTO extractions (article_id, extractor_version, extracted_at, figures, run_id)
SELECT a.id, coalesce(max(f.extractor_version), 'unknown'), a.fetched_at, count(f.id), a.run_id
FROM articles AS a LEFT JOIN figures AS f ON f.article_id = a.id
GROUP BY a.id, a.fetched_at, a.run_id;

CREATE OR REPLACE VIEW series AS
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
    arg_min(a.url, coalesce(a.published_at, a.fetched_at)) AS first_url,
    list_sort(list(DISTINCT [f.low, f.high])) AS reported,
    count(DISTINCT coalesce(a.story_id, a.id)) AS stories,
    count(DISTINCT c.claim_id) AS claims
FROM figures AS f
JOIN articles AS a ON a.id = f.article_id
LEFT JOIN figure_claims AS c ON c.figure_id = f.id
GROUP BY ALL;

CREATE VIEW claims AS
SELECT
    c.claim_id,
    f.metric,
    f.destination,
    f.per,
    f.low,
    f.high,
    f.since,
    arg_min(f.qualifier, coalesce(a.published_at, a.fetched_at)) AS qualifier,
    min(coalesce(a.published_at, a.fetched_at)) AS first_reported_at,
    max(coalesce(a.published_at, a.fetched_at)) AS last_reported_at,
    arg_min(a.url, coalesce(a.published_at, a.fetched_at)) AS first_url,
    arg_min(coalesce(a.site, a.source), coalesce(a.published_at, a.fetched_at)) AS first_outlet,
    arg_min(f.source, coalesce(a.published_at, a.fetched_at)) AS first_source,
    list_sort(list(DISTINCT coalesce(a.site, a.source))) AS outlets,
    count(DISTINCT coalesce(a.site, a.source)) AS outlet_count,
    list_sort(list(DISTINCT f.source) FILTER (WHERE f.source IS NOT NULL)) AS sources,
    count(DISTINCT a.id) AS articles,
    count(DISTINCT coalesce(a.story_id, a.id)) AS stories,
    bool_or(f.disputed) AS disputed
FROM figure_claims AS c
JOIN figures AS f ON f.id = c.figure_id
JOIN articles AS a ON a.id = f.article_id
GROUP BY c.claim_id, f.metric, f.destination, f.per, f.low, f.high, f.since;

-- The newest claim of each series (by first report; on one day the largest, since counts
-- grow), with the claim that stood before it.
CREATE VIEW latest AS
WITH ranked AS (
    SELECT
        c.claim_id,
        c.metric,
        c.destination,
        c.per,
        c.low,
        c.high,
        c.qualifier,
        c.since,
        c.first_reported_at AS reported_at,
        c.first_url AS url,
        c.first_source AS source,
        c.outlet_count AS outlets,
        c.disputed,
        row_number() OVER recent AS recency,
        lead(c.claim_id) OVER recent AS previous_claim_id,
        lead(c.low) OVER recent AS previous_low,
        lead(c.high) OVER recent AS previous_high,
        lead(c.first_reported_at) OVER recent AS previous_reported_at
    FROM claims AS c
    WINDOW recent AS (
        PARTITION BY c.metric, c.destination, c.per
        ORDER BY c.first_reported_at DESC, c.high DESC, c.claim_id DESC
    )
)
SELECT * EXCLUDE (recency) FROM ranked WHERE recency = 1;
"""

# V3: alerts people act on: a status per alert (baseline, review, pending, sent, rejected),
# what stood before and who repeated the claim, one row per delivery to each recipient (so a
# digest is sent once per recipient), and the sources whose baseline has been set.
_V3 = """
ALTER TABLE alerts ADD COLUMN status TEXT DEFAULT 'pending';
ALTER TABLE alerts ADD COLUMN previous_qualifier TEXT;
ALTER TABLE alerts ADD COLUMN previous_source TEXT;
ALTER TABLE alerts ADD COLUMN change DOUBLE;
ALTER TABLE alerts ADD COLUMN outlets TEXT[];
ALTER TABLE alerts ADD COLUMN links TEXT[];
ALTER TABLE alerts ADD COLUMN detail TEXT;
UPDATE alerts SET status = CASE WHEN sent_at IS NULL THEN 'pending' ELSE 'sent' END;

CREATE TABLE alert_deliveries (
    alert_id BIGINT NOT NULL,
    recipient TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    via TEXT NOT NULL,                  -- smtp | outbox
    message_id TEXT NOT NULL,
    PRIMARY KEY (alert_id, recipient)
);
INSERT INTO alert_deliveries (alert_id, recipient, sent_at, via, message_id)
SELECT id, '*', sent_at, coalesce(sent_via, 'outbox'), '' FROM alerts WHERE sent_at IS NOT NULL;

CREATE TABLE alert_sources (
    source TEXT PRIMARY KEY,
    baseline_run_id BIGINT,
    baseline_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
INSERT INTO alert_sources (source, baseline_run_id)
SELECT source, min(run_id) FROM articles GROUP BY source;
"""

# V4: what the views show, kept in tables as writes happen (the views aggregated over every
# figure on each query); the views keep their columns and read the tables. Back-filled from
# the stored figures.
_V4 = """
CREATE TABLE claim_summary (
    claim_id BIGINT NOT NULL,
    metric TEXT NOT NULL,
    destination TEXT,
    per TEXT,
    low BIGINT NOT NULL,
    high BIGINT NOT NULL,
    since DATE,
    qualifier TEXT,
    first_reported_at TIMESTAMPTZ,
    last_reported_at TIMESTAMPTZ,
    first_url TEXT,
    first_outlet TEXT,
    first_source TEXT,
    outlets TEXT[],
    outlet_count BIGINT,
    sources TEXT[],
    articles BIGINT,
    stories BIGINT,
    disputed BOOLEAN,
    claim_key TEXT NOT NULL             -- figure_key|since, as figure_claims is recomputed by
);

CREATE TABLE series_days (
    metric TEXT NOT NULL,
    destination TEXT,
    per TEXT,
    reported_on DATE,
    low BIGINT,
    high BIGINT,
    qualifier TEXT,
    since DATE,
    sources TEXT[],
    outlets BIGINT,
    articles BIGINT,
    disputed BOOLEAN,
    first_url TEXT,
    reported BIGINT[][],
    stories BIGINT,
    claims BIGINT
);

CREATE OR REPLACE VIEW series AS
SELECT metric, destination, per, reported_on, low, high, qualifier, since, sources, outlets,
       articles, disputed, first_url, reported, stories, claims
FROM series_days;

CREATE OR REPLACE VIEW claims AS
SELECT claim_id, metric, destination, per, low, high, since, qualifier, first_reported_at,
       last_reported_at, first_url, first_outlet, first_source, outlets, outlet_count, sources,
       articles, stories, disputed
FROM claim_summary;

CREATE OR REPLACE VIEW latest AS
WITH ranked AS (
    SELECT
        c.claim_id,
        c.metric,
        c.destination,
        c.per,
        c.low,
        c.high,
        c.qualifier,
        c.since,
        c.first_reported_at AS reported_at,
        c.first_url AS url,
        c.first_source AS source,
        c.outlet_count AS outlets,
        c.disputed,
        row_number() OVER recent AS recency,
        lead(c.claim_id) OVER recent AS previous_claim_id,
        lead(c.low) OVER recent AS previous_low,
        lead(c.high) OVER recent AS previous_high,
        lead(c.first_reported_at) OVER recent AS previous_reported_at
    FROM claim_summary AS c
    WINDOW recent AS (
        PARTITION BY c.metric, c.destination, c.per
        ORDER BY c.first_reported_at DESC, c.high DESC, c.claim_id DESC
    )
)
SELECT * EXCLUDE (recency) FROM ranked WHERE recency = 1;
"""

# V5: `latest` kept in a table too (it ranked every claim on each query), and each figure's
# claim key stored, so that a write finds the figures of the keys it touches by comparing a
# column instead of building the key text for every stored figure. Back-filled.
_V5 = """
ALTER TABLE figures ADD COLUMN claim_key TEXT;
UPDATE figures SET claim_key = figure_key || '|' || coalesce(CAST(since AS TEXT), '');

CREATE TABLE series_latest (
    claim_id BIGINT NOT NULL,
    metric TEXT NOT NULL,
    destination TEXT,
    per TEXT,
    low BIGINT NOT NULL,
    high BIGINT NOT NULL,
    qualifier TEXT,
    since DATE,
    reported_at TIMESTAMPTZ,
    url TEXT,
    source TEXT,
    outlets BIGINT,
    disputed BOOLEAN,
    previous_claim_id BIGINT,
    previous_low BIGINT,
    previous_high BIGINT,
    previous_reported_at TIMESTAMPTZ
);

CREATE OR REPLACE VIEW latest AS
SELECT claim_id, metric, destination, per, low, high, qualifier, since, reported_at, url,
       source, outlets, disputed, previous_claim_id, previous_low, previous_high,
       previous_reported_at
FROM series_latest;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5)
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


def _backfill(connection: duckdb.DuckDBPyConnection, number: int) -> None:
    """The part of a migration that SQL alone cannot do, run inside its transaction."""
    if number == 2:
        # Imported here: these modules use the schema, and the schema must not need them
        # except to fill the V2 tables for articles stored by V1.
        from storage.claims import assign_claims
        from storage.stories import group_stories

        group_stories(connection)
        assign_claims(connection)
    elif number == 4:
        from storage.summaries import rebuild_summaries

        rebuild_summaries(connection)
    elif number == 5:
        from storage.summaries import refresh_latest

        refresh_latest(connection, everything=True)


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
            _backfill(connection, number)
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
