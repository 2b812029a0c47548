"""The schema: tables, full-text indexes and views, one migration function per version (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from ..dedupe import ClusterIndex, text_fingerprint
from .clusters import assign_clusters

if TYPE_CHECKING:
    import sqlite_utils  # 0.1 s to import: only a migration needs it (StoreBase.db)

SCHEMA_VERSION = 5

_V1 = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,                 -- the config's title for it
    feed_title TEXT,            -- how the feed names itself
    site_url TEXT,
    actor TEXT,                 -- the config's hint: this is that actor's own feed
    lang TEXT,
    in_config INTEGER NOT NULL DEFAULT 1,
    added_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_checked_at TEXT,
    last_success_at TEXT,
    last_status TEXT,           -- ok | not-modified | error | skipped
    http_status INTEGER,
    last_error TEXT,
    warning TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    retry_at TEXT
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    canonical_url TEXT UNIQUE,  -- one story, whichever feeds carry it
    link TEXT,
    title TEXT NOT NULL,
    author TEXT,
    summary TEXT,
    text TEXT NOT NULL,
    lang TEXT,
    published_at TEXT,
    first_seen_at TEXT NOT NULL,
    sort_at TEXT NOT NULL,      -- published_at, else first_seen_at: the order readers see
    content_hash TEXT NOT NULL,
    extractor_version INTEGER
);
CREATE INDEX articles_sort ON articles (sort_at DESC, id DESC);

CREATE TABLE feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,     -- guid:..., link:..., title:... (see item_key())
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    guid TEXT,
    link TEXT,
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, item_key)
) WITHOUT ROWID;
CREATE INDEX feed_items_article ON feed_items (article_id);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    quote TEXT NOT NULL,
    speaker TEXT,
    speaker_as_written TEXT,
    actor TEXT,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    key_score REAL NOT NULL DEFAULT 0,
    is_key INTEGER NOT NULL DEFAULT 0,
    key_reasons TEXT NOT NULL DEFAULT '[]',
    lang TEXT,
    sort_at TEXT NOT NULL,      -- the article's, copied so a pane pages along one index
    cluster_id INTEGER,         -- the same statement carried by several outlets (NULL: alone)
    UNIQUE (article_id, ordinal)
);
CREATE INDEX statements_actor_sort ON statements (actor, sort_at DESC, id DESC);
CREATE INDEX statements_cluster ON statements (cluster_id) WHERE cluster_id IS NOT NULL;

CREATE TABLE article_actors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    sort_at TEXT NOT NULL,
    PRIMARY KEY (article_id, actor)
) WITHOUT ROWID;
CREATE INDEX article_actors_actor ON article_actors (actor, sort_at DESC, article_id DESC);

CREATE TABLE people (
    name TEXT PRIMARY KEY,      -- canonical name, as the extractor resolved it
    actor TEXT NOT NULL,
    role TEXT,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    learned_at TEXT NOT NULL
);

CREATE TABLE fetch_log (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    new_articles INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE INDEX fetch_log_feed ON fetch_log (feed_id, started_at DESC);
"""

FTS_COLUMNS = {"articles": ("title", "text"), "statements": ("quote", "speaker", "speaker_as_written")}

_STATEMENTS_VIEW = """
SELECT
    s.id, s.quote, s.speaker, s.speaker_as_written, s.actor, s.is_key, s.key_score,
    s.key_reasons, s.lang, s.paragraph, s.start, s."end", s.cluster_id,
    a.id AS article_id, a.title AS article_title, a.link, a.published_at, a.first_seen_at,
    (SELECT COALESCE(f.title, f.feed_title, f.url) FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
      WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id LIMIT 1) AS outlet
FROM statements s JOIN articles a ON a.id = s.article_id
"""


# The outlet an article is credited to: the feed that carried it first.
FIRST_OUTLET = """(SELECT COALESCE(f.title, f.feed_title, f.url) FROM feed_items fi
    JOIN feeds f ON f.id = fi.feed_id WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id LIMIT 1)"""


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run a script statement by statement, inside the caller's transaction.

    (executescript() and sqlite-utils' enable_fts() COMMIT first, which would leave a
    migration half done after a crash.)
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")


def migrate_v1(db: sqlite_utils.Database) -> None:
    conn = db.conn
    _execute_script(conn, _V1)
    # External-content FTS5 indexes. The store inserts their rows itself, in the same
    # transaction as the rows they index: an AFTER INSERT trigger makes FTS5 flush its
    # pending terms at every statement and costs four times as much. Updates and deletes,
    # rare and possibly made by other tools (sqlite-utils, datasette), are kept in step by
    # triggers.
    for table, columns in FTS_COLUMNS.items():
        cols = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        _execute_script(conn, f"""
            CREATE VIRTUAL TABLE {table}_fts USING FTS5 (
                {cols}, tokenize='unicode61 remove_diacritics 2', content='{table}', content_rowid='id');
            CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
                INSERT INTO {table}_fts ({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
            END;
            CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {cols} ON {table} BEGIN
                INSERT INTO {table}_fts ({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
                INSERT INTO {table}_fts (rowid, {cols}) VALUES (new.id, {new});
            END;
            """)
    conn.execute(f"CREATE VIEW statements_view AS {_STATEMENTS_VIEW}")


# v2: one statement, many sources. Syndicated copies of a story under another URL are found by
# their text (articles.text_key); statements.cluster_id links the copies of one quote, the cluster
# named after its earliest member (its representative: cluster_id = id). The views show that.
_STATEMENTS_VIEW_V2 = """
SELECT
    s.id, s.quote, s.speaker, s.speaker_as_written, s.actor, s.is_key, s.key_score,
    s.key_reasons, s.lang, s.paragraph, s.start, s."end",
    COALESCE(s.cluster_id, s.id) AS cluster,
    (s.cluster_id IS NULL OR s.cluster_id = s.id) AS is_primary,
    CASE WHEN s.cluster_id IS NULL THEN 1 ELSE
        (SELECT count(DISTINCT c.article_id) FROM statements c WHERE c.cluster_id = s.cluster_id) END AS sources,
    a.id AS article_id, a.title AS article_title, a.link, a.published_at, a.first_seen_at, s.sort_at,
    (SELECT COALESCE(f.title, f.feed_title, f.url) FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
      WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id LIMIT 1) AS outlet,
    (SELECT f.url FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
      WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id LIMIT 1) AS feed_url
FROM statements s JOIN articles a ON a.id = s.article_id
"""

# Separate statements, not executescript(): that would COMMIT the migration's transaction midway.
_V2 = (
    "ALTER TABLE articles ADD COLUMN text_key TEXT",  # the words of the text: a story under two URLs
    "CREATE INDEX articles_text_key ON articles (text_key) WHERE text_key IS NOT NULL",
    "CREATE INDEX statements_speaker ON statements (speaker, id) WHERE speaker IS NOT NULL",
    "DROP VIEW IF EXISTS statements_view",
    f"CREATE VIEW statements_view AS {_STATEMENTS_VIEW_V2}",
    "CREATE VIEW quotes_view AS SELECT * FROM statements_view WHERE is_primary",
    """CREATE VIEW articles_view AS
SELECT a.id, a.title, a.link, a.published_at, a.first_seen_at, a.lang, a.author,
       (SELECT group_concat(o, ' | ') FROM (
            SELECT COALESCE(f.title, f.feed_title, f.url) AS o FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
            WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id)) AS outlets,
       (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements,
       a.extractor_version, a.text
FROM articles a""",
)


def migrate_v2(db: sqlite_utils.Database) -> None:
    conn = db.conn
    for sql in _V2:
        conn.execute(sql)
    keys = [(text_fingerprint(text), article_id)
            for article_id, text in conn.execute("SELECT id, text FROM articles")]
    conn.executemany("UPDATE articles SET text_key = ? WHERE id = ?", [k for k in keys if k[0]])
    # (v5 clusters the statements.)


def cluster_all(conn: sqlite3.Connection) -> None:
    """Cluster every stored statement again, from scratch, as one refresh would have."""
    conn.execute("UPDATE statements SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
    rows = conn.execute("SELECT id, speaker, actor, quote, sort_at FROM statements ORDER BY id").fetchall()
    if rows:
        result = assign_clusters(conn, ClusterIndex(base=0), rows)
        conn.executemany("UPDATE statements SET cluster_id = ? WHERE id = ?",
                         [(c, i) for i, c in result.assigned.items() if c])


# v3: full article text. An article whose page was read (or tried) has a row here: where its text
# came from, why the feed's text was kept, and the feed's own text, which the page's replaced.
_V3 = """
CREATE TABLE article_pages (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    url TEXT NOT NULL,          -- the link asked for
    final_url TEXT,             -- after redirects
    status TEXT NOT NULL,       -- read (text from the page) | kept (feed text kept) | refused (robots.txt) | failed
    reason TEXT,                -- why the page's text is not the article's
    http_status INTEGER,
    feed_text TEXT NOT NULL,    -- the feed's text for the item, whatever happened
    content_hash TEXT NOT NULL, -- the item version it was read for (articles.content_hash)
    fetched_at TEXT NOT NULL
);
"""


def migrate_v3(db: sqlite_utils.Database) -> None:
    _execute_script(db.conn, _V3)


# v4: what the reader keeps. Marks (stars, read) are attached to the words of a quote in its
# article, not to a statement's id: ids change when an article is re-extracted with another
# speaker, and the copy a pane shows for a quote carried by several outlets changes when one of
# them goes. Starring writes a row for every copy, so any one that stays carries the mark.
# Three small WITHOUT ROWID tables (a page each): a new database stays small (tests fill a 1 MiB tmpfs).
_V4 = """
CREATE TABLE marks (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    quote_key TEXT NOT NULL,    -- the quote's words, lower case (feeds.store.marks.quote_key)
    starred INTEGER NOT NULL DEFAULT 0,
    read INTEGER NOT NULL DEFAULT 0,
    marked_at TEXT NOT NULL,
    PRIMARY KEY (article_id, quote_key)
) WITHOUT ROWID;

CREATE TABLE ui_state (
    key TEXT PRIMARY KEY,       -- seen:<actor> (statements up to this id were there at the last look), export_format
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE spike_alerts (
    rule TEXT NOT NULL,         -- the [[alerts]] rule's name
    actor TEXT NOT NULL,
    day TEXT NOT NULL,          -- YYYY-MM-DD, UTC
    fired_at TEXT NOT NULL,
    PRIMARY KEY (rule, actor, day)
) WITHOUT ROWID;

-- Later copies of a quote only (few): per-day counts read the (actor, sort_at) index alone and
-- take these away, instead of reading every statement's row for its cluster (10x faster).
CREATE INDEX statements_copies ON statements (actor, sort_at) WHERE cluster_id IS NOT NULL AND cluster_id <> id;

CREATE VIRTUAL TABLE statements_fts_vocab USING fts5vocab (statements_fts, 'row');
CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab (articles_fts, 'row');
"""


def migrate_v4(db: sqlite_utils.Database) -> None:
    _execute_script(db.conn, _V4)


# v5: copies are the same words. Clusters made by the v2 rule (80% of word pairs, grown by
# chaining) could hold different statements of one speaker: all are made again by the new one.
# statements.resolved_after: a later refresh told who the speaker is (and so the pane): the
# newest statement id then, so the statement counts as new to a pane that saw no further.
_V5 = (
    "ALTER TABLE statements ADD COLUMN resolved_after INTEGER",
    "CREATE INDEX statements_resolved ON statements (resolved_after) WHERE resolved_after IS NOT NULL",
)


def migrate_v5(db: sqlite_utils.Database) -> None:
    conn = db.conn
    for sql in _V5:
        conn.execute(sql)
    cluster_all(conn)


MIGRATIONS = {1: migrate_v1, 2: migrate_v2, 3: migrate_v3, 4: migrate_v4, 5: migrate_v5}


