"""The only module that speaks SQL: schema, migrations, transactional writes, queries, search."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from ..dedupe import (
    HISTORY_PER_BLOCK,
    MAX_INDEXED,
    WINDOW_DAYS,
    ClusterIndex,
    block_key,
    quote_print,
    text_fingerprint,
)
from ..models import (
    ArticleSummary,
    ArticleView,
    ExtractedArticle,
    Extraction,
    FeedHealth,
    FeedSpec,
    FeedState,
    FeedUpdate,
    LearnedPerson,
    StatementView,
    WriteSummary,
)
from ..records import (
    TS_FORMAT,
    ArticleRecord,
    ExtractionRows,
    article_record,
    extraction_rows,
    to_ts,
)

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 8192  # page cache per connection
# Page size of a new database (an existing one keeps its own). Articles are a few KB of text,
# and a refresh writes tens of MB: with 16 KiB pages SQLite writes, checksums and checkpoints a
# quarter as many pages, and storing 10,000 articles costs 10% less CPU than with 4 KiB.
PAGE_SIZE = 16384
# Backoff after consecutive failures: 1, 2, 4 ... minutes, never more than a day.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(days=1)
# fetch_log rows kept per feed (the newest); older ones are deleted as each new one is written.
FETCH_LOG_KEEP = 100


# --- time -------------------------------------------------------------------------------------


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def from_ts(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, TS_FORMAT).replace(tzinfo=UTC)


def _decode_text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def backoff_delay(consecutive_failures: int) -> timedelta:
    if consecutive_failures <= 0:
        return timedelta(0)
    return min(BACKOFF_BASE * (2 ** min(consecutive_failures - 1, 20)), BACKOFF_MAX)


# --- keys -------------------------------------------------------------------------------------


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(words: str) -> str | None:
    """User words as a safe FTS5 query: every word must appear; the last may be a prefix.

    Quoting each token means operators and syntax in the user's input ("AND", "-", '"', "*",
    "NEAR(") are searched for as words, never interpreted.
    """
    tokens = _FTS_TOKEN.findall(words)
    if not tokens:
        return None
    parts = [f'"{t}"' for t in tokens]
    parts[-1] += "*"
    return " ".join(parts)


# --- schema -----------------------------------------------------------------------------------

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

_FTS_COLUMNS = {"articles": ("title", "text"), "statements": ("quote", "speaker", "speaker_as_written")}

_STATEMENTS_VIEW = """
SELECT
    s.id, s.quote, s.speaker, s.speaker_as_written, s.actor, s.is_key, s.key_score,
    s.key_reasons, s.lang, s.paragraph, s.start, s."end", s.cluster_id,
    a.id AS article_id, a.title AS article_title, a.link, a.published_at, a.first_seen_at,
    (SELECT COALESCE(f.title, f.feed_title, f.url) FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
      WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id LIMIT 1) AS outlet
FROM statements s JOIN articles a ON a.id = s.article_id
"""


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


def _migrate_v1(db: sqlite_utils.Database) -> None:
    conn = db.conn
    _execute_script(conn, _V1)
    # External-content FTS5 indexes. The store inserts their rows itself, in the same
    # transaction as the rows they index: an AFTER INSERT trigger makes FTS5 flush its
    # pending terms at every statement and costs four times as much. Updates and deletes,
    # rare and possibly made by other tools (sqlite-utils, datasette), are kept in step by
    # triggers.
    for table, columns in _FTS_COLUMNS.items():
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


def _migrate_v2(db: sqlite_utils.Database) -> None:
    conn = db.conn
    for sql in _V2:
        conn.execute(sql)
    keys = [(text_fingerprint(text), article_id)
            for article_id, text in conn.execute("SELECT id, text FROM articles")]
    conn.executemany("UPDATE articles SET text_key = ? WHERE id = ?", [k for k in keys if k[0]])
    rows = conn.execute("SELECT id, speaker, actor, quote, sort_at FROM statements ORDER BY id").fetchall()
    if rows:
        fresh, older = _assign_clusters(conn, ClusterIndex(base=0), rows)
        conn.executemany("UPDATE statements SET cluster_id = ? WHERE id = ?",
                         [(c, i) for i, c in fresh.items() if c] + older)


MIGRATIONS = {1: _migrate_v1, 2: _migrate_v2}


# --- clusters: the same statement from several outlets (feeds/dedupe.py finds them) -----------

def _day(ts: str) -> int:
    return date.fromisoformat(ts[:10]).toordinal()


def _load_history(conn: sqlite3.Connection, index: ClusterIndex, key: str, since: str) -> None:
    """Index a speaker's statements stored before this index was made: the newest, from `since` on
    (older ones are too far apart in time to be copies of what is being written)."""
    if key.startswith("s:"):
        sql, params = "speaker = ?", [key[2:]]
    elif key.startswith("a:"):
        sql, params = "speaker IS NULL AND actor = ?", [key[2:]]
    else:
        sql, params = "speaker IS NULL AND actor IS NULL", []
    rows = conn.execute(f"SELECT id, quote, sort_at FROM statements WHERE {sql} AND id <= ? AND sort_at >= ? "
                        "ORDER BY id DESC LIMIT ?", [*params, index.base, since, HISTORY_PER_BLOCK]).fetchall()
    for sid, quote, sort_at in reversed(rows):
        qp = quote_print(quote, _day(sort_at))
        if qp is not None:
            index.add(key, sid, qp)
    index.mark_history_loaded(key)


def _assign_clusters(conn: sqlite3.Connection, index: ClusterIndex,
                     rows: Sequence[tuple[int, str | None, str | None, str, str]],
                     ) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Cluster new statements (id, speaker, actor, quote, sort_at), ids ascending.

    A statement joins the cluster of its best indexed copy; a copy that was alone becomes the
    cluster's representative (cluster_id = its own id), so the earliest member always names it.
    Returns the cluster of each of `rows` (0: alone) and (cluster, id) updates for older statements.
    """
    fresh_ids = {r[0] for r in rows}
    known = index.known
    updates: list[tuple[int, int]] = []
    days = {ts: _day(ts) for ts in {r[4] for r in rows}}  # an article's statements share its time
    since = (date.fromordinal(min(days.values()) - WINDOW_DAYS)).isoformat()

    def join(sid: int, key: str, cid: int) -> bool:
        """sid joins cid's cluster; False when cid is found gone (another process replaced it)."""
        rep = known.get(cid)
        if rep is None:  # not seen since another connection wrote: it may be gone or clustered
            row = conn.execute("SELECT cluster_id, quote FROM statements WHERE id = ?", (cid,)).fetchone()
            held = index.blocks[key].prints.get(cid)
            if row is None or held is None or hash(row[1]) != held.check:
                index.forget(key, cid)
                return False
            rep = row[0] or 0
        if not rep:
            rep = cid
            if cid not in fresh_ids:
                updates.append((cid, cid))
            known[cid] = cid
        known[sid] = rep
        return True

    index.cluster([(sid, block_key(speaker, actor), quote, days[sort_at]) for sid, speaker, actor, quote, sort_at
                   in rows], join, lambda key: _load_history(conn, index, key, since))
    index.last_seen = max(index.last_seen, rows[-1][0])
    return {sid: known.get(sid, 0) for sid in fresh_ids}, updates


def _repair_clusters(conn: sqlite3.Connection, clusters: Iterable[int]) -> dict[int, int]:
    """After members were deleted: the earliest remaining member names the cluster; one alone leaves it.

    Returns each remaining member's cluster now (0: alone).
    """
    now: dict[int, int] = {}
    for cluster in clusters:
        members = [r[0] for r in conn.execute("SELECT id FROM statements WHERE cluster_id = ? ORDER BY id",
                                              (cluster,))]
        if len(members) <= 1:
            conn.execute("UPDATE statements SET cluster_id = NULL WHERE cluster_id = ?", (cluster,))
            now.update(dict.fromkeys(members, 0))
        else:
            if members[0] != cluster:
                conn.execute("UPDATE statements SET cluster_id = ? WHERE cluster_id = ?", (members[0], cluster))
            now.update(dict.fromkeys(members, members[0]))
    return now


# --- the store --------------------------------------------------------------------------------


class Store:
    """A spacewatch database. Safe to share between threads: each thread gets its own connection."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Finds copies of a quote among stored statements; only touched inside write transactions,
        # which SQLite serialises, and dropped on rollback (it may hold rows that were undone).
        self._clusters: ClusterIndex | None = None

    @classmethod
    def open(cls, path: Path | str) -> Store:
        store = cls(path)
        store.migrate()
        return store

    readonly = False

    @classmethod
    def open_readonly(cls, path: Path | str) -> Store:
        """The database at `path` for reading only: never created, migrated or switched to WAL.

        For the commands that only read (`quotes`, `feeds`, `feeds export`): they work on a file
        the user may not write. Raises sqlite3.DatabaseError for a file that is not a spacewatch
        database of this schema version, FileNotFoundError when there is no file.
        """
        store = cls(path)
        store.readonly = True
        if not store.path.is_file():
            raise FileNotFoundError(f"no database at {store.path}")
        try:
            version = store.schema_version
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"{store.path} was written by a newer spacewatch (schema {version} > {SCHEMA_VERSION})")
            if version < SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"{store.path} has schema {version}, not {SCHEMA_VERSION}: "
                    "`spacewatch fetch` upgrades it" if version else f"{store.path} is not a spacewatch database")
        except BaseException:
            store.close()
            raise
        return store

    def _connect_readonly(self) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            if Path(f"{self.path}-wal").exists():
                raise
            # A WAL database in a folder the reader cannot write (no -shm can be made): with no
            # -wal file there is nothing uncommitted, so it can be read as an immutable file.
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False)
        return conn

    # connections

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self.readonly:
                conn = self._connect_readonly()
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a writer takes the
                # lock before reading and never deadlocks upgrading a read transaction.
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                       check_same_thread=False)
            # Text another tool wrote as invalid UTF-8 reads as U+FFFD instead of failing the query.
            conn.text_factory = _decode_text
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")  # safe in WAL: a crash loses no consistency
            # A refresh's transaction writes a few MB of pages: with the default 2 MB cache they
            # spill and are read back. 8 MB cut the writer's CPU for 10,000 articles by 12%.
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite_utils.Database(self.conn, execute_plugins=False)
            self._local.db = db
        return db

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                try:
                    conn.close()
                except sqlite3.ProgrammingError:
                    pass  # made in a thread that is gone
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        self._local.fts = {}
        try:
            yield conn
            self._flush_fts(conn)
        except BaseException:
            self._local.fts = {}
            conn.execute("ROLLBACK")
            self._clusters = None
            raise
        else:
            conn.execute("COMMIT")

    # Full-text rows are queued and written at the end of the transaction. FTS5 flushes its
    # pending terms into a new segment whenever another statement opens a savepoint (an upsert,
    # INSERT OR IGNORE, a trigger), so inserting them as we go cost a segment per feed; queued,
    # a group commit writes one.
    _FTS_INSERT = {
        "articles": "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
        "statements": "INSERT INTO statements_fts (rowid, quote, speaker, speaker_as_written) VALUES (?, ?, ?, ?)",
    }

    def _queue_fts(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        self._local.fts.setdefault(table, []).extend(rows)

    def _flush_fts(self, conn: sqlite3.Connection) -> None:
        pending, self._local.fts = self._local.fts, {}
        for table, rows in pending.items():
            conn.executemany(self._FTS_INSERT[table], rows)

    def migrate(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only a new, empty file takes it
        mode = self._switch_to_wal(conn)
        if mode.lower() != "wal" and str(self.path) != ":memory:":
            raise sqlite3.OperationalError(f"{self.path}: could not switch to WAL (got {mode})")
        while True:
            # The version is read inside the write transaction: a dashboard and a `spacewatch
            # fetch` opening a new file at once must not both run the same migration.
            with self.transaction():
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise sqlite3.DatabaseError(
                        f"{self.path} was written by a newer spacewatch (schema {version} > {SCHEMA_VERSION})")
                if version == SCHEMA_VERSION:
                    return
                MIGRATIONS[version + 1](self.db)
                conn.execute(f"PRAGMA user_version = {version + 1}")

    def _switch_to_wal(self, conn: sqlite3.Connection) -> str:
        """PRAGMA journal_mode = WAL, waiting out other processes opening the same new file.

        Changing the journal mode needs the file to itself, and SQLite answers "database is
        locked" at once rather than calling the busy handler when another connection is in the
        middle of the same switch; so wait here, as long as the busy timeout allows.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        delay = 0.001
        while True:
            try:
                return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # --- feeds --------------------------------------------------------------------------------

    def sync_feeds(self, specs: Sequence[FeedSpec]) -> None:
        """Make the feeds table follow the config: add new feeds, refresh titles and hints.

        A feed dropped from the config keeps its articles (in_config = 0) so nothing is lost.
        """
        now = to_ts(utcnow())
        with self.transaction() as conn:
            conn.execute("UPDATE feeds SET in_config = 0")
            conn.executemany(
                """INSERT INTO feeds (url, title, actor, lang, in_config, added_at)
                   VALUES (?, ?, ?, ?, 1, ?)
                   ON CONFLICT (url) DO UPDATE SET title = excluded.title, actor = excluded.actor,
                       lang = excluded.lang, in_config = 1""",
                [(s.url, s.title, s.actor, s.lang, now) for s in specs])

    def feed_states(self) -> dict[str, FeedState]:
        rows = self.conn.execute(
            "SELECT id, url, etag, last_modified, retry_at, consecutive_failures FROM feeds")
        return {r[1]: FeedState(id=r[0], url=r[1], etag=r[2], last_modified=r[3],
                                retry_at=from_ts(r[4]), consecutive_failures=r[5]) for r in rows}

    def feed_health(self, *, include_removed: bool = False) -> list[FeedHealth]:
        where = "" if include_removed else "WHERE f.in_config = 1"
        rows = self.conn.execute(f"""
            SELECT f.id, f.url, COALESCE(f.title, f.feed_title), f.last_checked_at, f.last_success_at,
                   f.last_status, f.http_status,
                   (SELECT count(*) FROM feed_items fi WHERE fi.feed_id = f.id),
                   f.consecutive_failures, COALESCE(f.last_error, f.warning), f.retry_at
            FROM feeds f {where} ORDER BY f.id""")
        return [FeedHealth(id=r[0], url=r[1], title=r[2], last_checked_at=from_ts(r[3]),
                           last_success_at=from_ts(r[4]), last_status=r[5], http_status=r[6],
                           articles=r[7], consecutive_failures=r[8], last_error=r[9],
                           retry_at=from_ts(r[10])) for r in rows]

    def feed_site_urls(self) -> dict[str, str]:
        """Feed URL -> the web site the feed names itself (http(s) only), for OPML's htmlUrl."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT url, site_url FROM feeds WHERE site_url LIKE 'http%'")}

    def _feed_id(self, conn: sqlite3.Connection, url: str) -> int:
        row = conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        if row:
            return int(row[0])
        cur = conn.execute("INSERT INTO feeds (url, in_config, added_at) VALUES (?, 0, ?)",
                           (url, to_ts(utcnow())))
        return int(cur.lastrowid)  # type: ignore[arg-type]

    # --- writing one feed's refresh -----------------------------------------------------------

    def apply_feed_update(self, update: FeedUpdate) -> WriteSummary:
        """Write one feed's outcome in one transaction. Idempotent: the same update twice adds nothing."""
        with self.transaction() as conn:
            return self._apply(conn, update)

    def apply_feed_updates(self, updates: Sequence[FeedUpdate]) -> list[WriteSummary]:
        """Write several feeds' outcomes in one transaction (group commit), each all-or-nothing.

        A refresh hands over whatever feeds arrived while the previous batch was being written;
        one commit for them all keeps FTS5 from flushing a segment per feed. Should the batch
        fail, every feed is written again in a transaction of its own, so a feed that cannot be
        stored costs the others nothing.
        """
        if len(updates) <= 1:
            return [self.apply_feed_update(u) for u in updates]
        try:
            with self.transaction() as conn:
                return [self._apply(conn, u) for u in updates]
        except sqlite3.IntegrityError:
            results = []
            for u in updates:
                try:
                    results.append(self.apply_feed_update(u))
                except sqlite3.IntegrityError as exc:
                    failed = FeedUpdate(url=u.url, status="error", started_at=u.started_at,
                                        duration_ms=u.duration_ms, http_status=u.http_status,
                                        error=f"could not be stored: {exc}")
                    results.append(self.apply_feed_update(failed))
            return results

    def _apply(self, conn: sqlite3.Connection, update: FeedUpdate) -> WriteSummary:
        feed_id = self._feed_id(conn, update.url)
        new = updated = 0
        new_ids: list[int] = []
        if update.status == "ok":
            new, updated, new_ids = self._store_articles(conn, feed_id, update.articles)
        self._record_feed_outcome(conn, feed_id, update, new)
        return WriteSummary(url=update.url, status=update.status, new_articles=new,
                            updated_articles=updated, new_statement_ids=tuple(new_ids),
                            error=update.error, warning=update.warning)

    def _record_feed_outcome(self, conn: sqlite3.Connection, feed_id: int, update: FeedUpdate,
                             new_articles: int) -> None:
        checked = to_ts(update.started_at)
        if update.status == "error":
            failures = conn.execute("SELECT consecutive_failures FROM feeds WHERE id = ?",
                                    (feed_id,)).fetchone()[0] + 1
            retry = update.started_at + backoff_delay(failures)
            if update.retry_after and update.retry_after > retry:
                retry = update.retry_after
            conn.execute(
                """UPDATE feeds SET last_checked_at = ?, last_status = 'error', http_status = ?,
                       last_error = ?, consecutive_failures = ?, retry_at = ? WHERE id = ?""",
                (checked, update.http_status, update.error or "failed", failures, to_ts(retry), feed_id))
        else:
            conn.execute(
                """UPDATE feeds SET last_checked_at = ?, last_success_at = ?, last_status = ?,
                       http_status = ?, last_error = NULL, consecutive_failures = 0, retry_at = ?,
                       etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                       feed_title = COALESCE(?, feed_title), site_url = COALESCE(?, site_url),
                       warning = CASE WHEN ? = 'ok' THEN ? ELSE warning END
                   WHERE id = ?""",
                (checked, checked, update.status, update.http_status, to_ts(update.retry_after),
                 update.etag, update.last_modified, update.feed_title, update.site_url,
                 update.status, update.warning, feed_id))
        conn.execute(
            """INSERT INTO fetch_log (feed_id, started_at, duration_ms, status, http_status,
                   new_articles, error) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (feed_id, checked, update.duration_ms, update.status, update.http_status, new_articles,
             update.error or update.warning))
        self._after_outcome(conn, feed_id, update)

    def _after_outcome(self, conn: sqlite3.Connection, feed_id: int, update: FeedUpdate) -> None:
        """Housekeeping in the outcome's transaction: the feed's log kept short, poisoned validators dropped."""
        # The log's newest FETCH_LOG_KEEP rows per feed stay: reads walk at most that many rows of
        # the (feed_id, started_at) index, and the table no longer grows with every refresh.
        conn.execute(
            """DELETE FROM fetch_log WHERE feed_id = ?1 AND id <= (
                   SELECT id FROM fetch_log WHERE feed_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)""",
            (feed_id, FETCH_LOG_KEEP))
        if update.status == "error" and update.http_status is not None and 400 <= update.http_status < 500:
            # A 4xx may be the server refusing our own If-None-Match (a 100 KB ETag it once sent, a
            # 431): resending it forever would keep the feed failing. The next fetch is a full GET.
            conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL WHERE id = ?", (feed_id,))

    def _store_articles(self, conn: sqlite3.Connection, feed_id: int,
                        items: Sequence[ExtractedArticle | ArticleRecord]) -> tuple[int, int, list[int]]:
        """Upsert a feed's items: (new articles, updated articles, new statement ids).

        An item the feed already carried (same guid, else link, else title and date) is updated
        only when its text changed; a new item whose canonical URL is already stored joins that
        article (the same story from another feed) instead of duplicating it. New rows go in
        with executemany and explicit ids (this transaction holds the write lock). Items come as
        ArticleRecords from the parser workers, or as ExtractedArticles from code in this process.
        """
        now = to_ts(utcnow())
        known = dict(conn.execute("SELECT item_key, article_id FROM feed_items WHERE feed_id = ?",
                                  (feed_id,)).fetchall())
        next_article = int(conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM articles").fetchone()[0])
        articles: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        extractions: list[tuple[int, ExtractionRows | None, str]] = []
        batch_urls: dict[str, int] = {}
        batch_texts: dict[str, int] = {}
        updated = 0
        updated_ids: list[int] = []
        for item in items:
            r = item if isinstance(item, ArticleRecord) else article_record(item)
            key = r.key
            if key in known:
                article_id = known[key]
                if article_id < 0:
                    continue  # the same item twice in one document
                old = conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
                if old is None or old[0] == r.content_hash:
                    continue
                sort_at = self._update_article(conn, article_id, r)
                updated_ids += self._write_extractions(conn, [(article_id, r.extraction, sort_at)], replace=True)
                updated += 1
                continue
            canon = r.canonical_url
            article_id = batch_urls.get(canon, 0) if canon else 0
            if not article_id and canon:
                row = conn.execute("SELECT id FROM articles WHERE canonical_url = ?", (canon,)).fetchone()
                article_id = int(row[0]) if row else 0
            text_key = r.text_key
            if not article_id and text_key:
                # The same story syndicated under another URL: the same words make it the same article.
                article_id = batch_texts.get(text_key, 0)
                if not article_id:
                    row = conn.execute("SELECT id FROM articles WHERE text_key = ?", (text_key,)).fetchone()
                    article_id = int(row[0]) if row else 0
            if not article_id:
                article_id = next_article
                next_article += 1
                sort_at = r.published or now
                articles.append((article_id, canon, r.link, r.title, r.author, r.summary, r.text, r.lang,
                                 r.published, now, sort_at, r.content_hash, r.extractor_version, text_key))
                extractions.append((article_id, r.extraction, sort_at))
                if canon:
                    batch_urls[canon] = article_id
                if text_key:
                    batch_texts[text_key] = article_id
            known[key] = -1
            links.append((feed_id, key, article_id, r.guid, r.link, now))
        conn.executemany(
            """INSERT INTO articles (id, canonical_url, link, title, author, summary, text, lang,
                   published_at, first_seen_at, sort_at, content_hash, extractor_version, text_key)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", articles)
        self._queue_fts("articles", [(r[0], r[3], r[6]) for r in articles])
        conn.executemany(
            """INSERT INTO feed_items (feed_id, item_key, article_id, guid, link, first_seen_at)
               VALUES (?, ?, ?, ?, ?, ?)""", links)
        new_ids = self._write_extractions(conn, extractions, replace=False)
        return len(articles), updated, new_ids + updated_ids

    def _update_article(self, conn: sqlite3.Connection, article_id: int, r: ArticleRecord) -> str:
        self._flush_fts(conn)  # the update trigger must find the old row in the index
        conn.execute(
            """UPDATE articles SET title = ?, author = ?, summary = ?, text = ?, lang = ?,
                   published_at = COALESCE(?, published_at), sort_at = COALESCE(?, sort_at),
                   content_hash = ?, extractor_version = ?, text_key = ? WHERE id = ?""",
            (r.title, r.author, r.summary, r.text, r.lang, r.published, r.published, r.content_hash,
             r.extractor_version, r.text_key, article_id))
        return str(conn.execute("SELECT sort_at FROM articles WHERE id = ?", (article_id,)).fetchone()[0])

    def _write_extractions(self, conn: sqlite3.Connection,
                           extractions: Sequence[tuple[int, ExtractionRows | None, str]],
                           *, replace: bool) -> list[int]:
        """Store (article id, extraction rows, sort time) triples; returns the new statement ids.

        Replacing keeps the id (and cluster) of every statement whose quote and speaker did not
        change, so a re-extraction or a corrected article neither repeats alerts nor loses the
        reader's place; only statements that are really new get new ids, and are clustered.
        """
        kept: dict[tuple[int, str, str | None], list[tuple[int, int | None]]] = {}
        gone: dict[int, int | None] = {}
        blocks: dict[int, str] = {}
        # Taken before deleting: a number once used is never given to another statement.
        next_id = int(conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM statements").fetchone()[0])
        if replace:
            self._flush_fts(conn)  # the delete triggers must find every row they take out
            ids_only = [(e[0],) for e in extractions]
            for (article_id,) in ids_only:
                for sid, quote, speaker, actor, cluster in conn.execute(
                        "SELECT id, quote, speaker, actor, cluster_id FROM statements WHERE article_id = ? "
                        "ORDER BY id", (article_id,)):
                    kept.setdefault((article_id, quote, speaker), []).append((sid, cluster))
                    gone[sid] = cluster
                    blocks[sid] = block_key(speaker, actor)
            conn.executemany("DELETE FROM statements WHERE article_id = ?", ids_only)
            conn.executemany("DELETE FROM article_actors WHERE article_id = ?", ids_only)
        new_ids: list[int] = []
        rows: list[tuple[Any, ...]] = []
        mentions: list[tuple[int, str, str]] = []
        people: dict[str, tuple[Any, ...]] = {}  # by name: what the newest article taught
        now = to_ts(utcnow())
        for article_id, extraction, sort_at in extractions:
            if extraction is None:
                continue
            for ordinal, s in enumerate(extraction.statements):
                same = kept.get((article_id, s[0], s[1])) if kept else None
                if same:
                    sid, cluster = same.pop(0)
                    del gone[sid]
                else:
                    sid, cluster = next_id, None
                    next_id += 1
                    new_ids.append(sid)
                rows.append((sid, article_id, ordinal, *s, sort_at, cluster))
            mentions += [(article_id, a, sort_at) for a in extraction.mentions]
            for name, actor, role in extraction.learned:
                people[name] = (name, actor, role, article_id, now)
        if gone and self._clusters is not None:
            for sid in gone:
                self._clusters.forget(blocks[sid], sid)
        older: list[tuple[int, int]] = []
        if new_ids:  # clustered before the insert, so each new row goes in with its cluster
            fresh = set(new_ids)
            clusters, older = self._cluster(conn, [(r[0], r[4], r[6], r[3], r[14]) for r in rows if r[0] in fresh])
            rows = [(*r[:15], clusters.get(r[0]) or None) if r[0] in fresh else r for r in rows]
        conn.executemany(
            """INSERT INTO statements (id, article_id, ordinal, quote, speaker, speaker_as_written, actor,
                   paragraph, start, "end", key_score, is_key, key_reasons, lang, sort_at, cluster_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
        self._queue_fts("statements", [(r[0], r[3], r[4], r[5]) for r in rows])
        conn.executemany("INSERT OR IGNORE INTO article_actors (article_id, actor, sort_at) VALUES (?, ?, ?)",
                         mentions)
        # Most articles teach what is already known ("Kremlin spokesman Dmitry Peskov"): a row
        # changes only when a person's actor or role does.
        conn.executemany(
            """INSERT INTO people (name, actor, role, article_id, learned_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (name) DO UPDATE SET actor = excluded.actor,
                   role = COALESCE(excluded.role, role), article_id = excluded.article_id,
                   learned_at = excluded.learned_at
               WHERE people.actor IS NOT excluded.actor
                  OR (excluded.role IS NOT NULL AND people.role IS NOT excluded.role)""", list(people.values()))
        conn.executemany("UPDATE statements SET cluster_id = ? WHERE id = ?", older)
        if gone:
            repaired = _repair_clusters(conn, {c for c in gone.values() if c is not None})
            index = self._clusters
            if index is not None and repaired:
                index.known.update(repaired)
                # Near-exact copies are not indexed while their first copy is; now it may be gone.
                marks = ",".join("?" * len(repaired))
                for sid, speaker, actor, quote, sort_at in conn.execute(
                        f"SELECT id, speaker, actor, quote, sort_at FROM statements WHERE id IN ({marks})",
                        list(repaired)):
                    if (qp := quote_print(quote, _day(sort_at))) is not None:
                        index.add(block_key(speaker, actor), sid, qp)
        return new_ids

    def _cluster(self, conn: sqlite3.Connection, rows: list[tuple[int, str | None, str | None, str, str]],
                 ) -> tuple[dict[int, int], list[tuple[int, int]]]:
        """Find the clusters of new statements (id, speaker, actor, quote, sort_at): see _assign_clusters."""
        first = rows[0][0]
        index = self._clusters
        version = (id(conn), int(conn.execute("PRAGMA data_version").fetchone()[0]))
        if index is None:
            index = self._clusters = ClusterIndex(base=first - 1)
        else:
            if index.version != version:
                index.known.clear()  # another connection committed: what this index knows may be stale
            if index.last_seen < first - 1:
                # Another process wrote statements since this index last looked: take them in.
                for sid, speaker, actor, quote, sort_at in conn.execute(
                        "SELECT id, speaker, actor, quote, sort_at FROM statements WHERE id > ? AND id < ?",
                        (index.last_seen, first)):
                    qp = quote_print(quote, _day(sort_at))
                    if qp is not None:
                        index.add(block_key(speaker, actor), sid, qp)
        index.version = version
        result = _assign_clusters(conn, index, rows)
        if index.size > MAX_INDEXED:
            self._clusters = None  # rebuilt lazily, speaker by speaker, from the newest statements
        return result

    # --- re-extraction ------------------------------------------------------------------------

    def articles_to_extract(self, *, below_version: int | None = None, batch: int = 500,
                            ) -> Iterator[list[tuple[int, str, str, str | None]]]:
        """Batches of (id, title, text, lang) whose extraction is missing or older than a version."""
        last = 0
        cond = "1" if below_version is None else "(extractor_version IS NULL OR extractor_version < ?)"
        while True:
            params: list[Any] = [last] + ([below_version] if below_version is not None else []) + [batch]
            rows = self.conn.execute(
                f"SELECT id, title, text, lang FROM articles WHERE id > ? AND {cond} ORDER BY id LIMIT ?",
                params).fetchall()
            if not rows:
                return
            yield [(r[0], r[1], r[2], r[3]) for r in rows]
            last = rows[-1][0]

    def article_feed_actor(self, article_id: int) -> str | None:
        row = self.conn.execute(
            """SELECT f.actor FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
               WHERE fi.article_id = ? AND f.actor IS NOT NULL ORDER BY fi.first_seen_at LIMIT 1""",
            (article_id,)).fetchone()
        return row[0] if row else None

    def replace_extractions(self, results: Iterable[tuple[int, Extraction]], version: int) -> int:
        """Store fresh extractions for existing articles, all in one transaction; returns statements."""
        results = list(results)
        with self.transaction() as conn:
            sort_at: dict[int, str] = {}
            ids = [article_id for article_id, _ in results]
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                sort_at.update(conn.execute(
                    f"SELECT id, sort_at FROM articles WHERE id IN ({','.join('?' * len(part))})", part).fetchall())
            found = [(article_id, extraction_rows(extraction), sort_at[article_id])
                     for article_id, extraction in results
                     if article_id in sort_at]  # an article deleted meanwhile is skipped
            self._write_extractions(conn, found, replace=True)
            conn.executemany("UPDATE articles SET extractor_version = ? WHERE id = ?",
                             [(version, f[0]) for f in found])
        return sum(len(f[1].statements) for f in found)

    # --- reading ------------------------------------------------------------------------------

    def learned_people(self) -> list[LearnedPerson]:
        return [LearnedPerson(name=r[0], actor=r[1], role=r[2])
                for r in self.conn.execute("SELECT name, actor, role FROM people ORDER BY name")]

    def counts(self) -> dict[str, int]:
        c = self.conn
        return {t: int(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("feeds", "articles", "feed_items", "statements", "people", "fetch_log")}

    # The outlet an article is credited to: the feed that carried it first.
    _FIRST_OUTLET = """(SELECT COALESCE(f.title, f.feed_title, f.url) FROM feed_items fi
        JOIN feeds f ON f.id = fi.feed_id WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id LIMIT 1)"""

    # Statements with what _statement_view needs of their article; callers add WHERE / ORDER BY.
    _SELECT_STATEMENTS = f"""SELECT
        s.id, s.article_id, s.quote, s.speaker, s.speaker_as_written, s.actor, s.paragraph, s.start,
        s."end", s.key_score, s.is_key, s.key_reasons, s.lang, a.title, a.link, {_FIRST_OUTLET},
        s.sort_at, s.cluster_id,
        CASE WHEN s.cluster_id IS NULL THEN 1 ELSE
            (SELECT count(DISTINCT c.article_id) FROM statements c WHERE c.cluster_id = s.cluster_id) END
        FROM statements s JOIN articles a ON a.id = s.article_id"""

    @staticmethod
    def _statement_view(r: Sequence[Any]) -> StatementView:
        return StatementView(id=r[0], article_id=r[1], quote=r[2], speaker=r[3], speaker_as_written=r[4],
                             actor=r[5], paragraph=r[6], start=r[7], end=r[8], key_score=r[9],
                             is_key=bool(r[10]), key_reasons=tuple(json.loads(r[11] or "[]")), lang=r[12],
                             article_title=r[13], link=r[14], outlet=r[15], published=from_ts(r[16]),
                             cluster_id=r[17], sources=r[18])

    def statements(self, *, actor: str | None = None, speaker: str | None = None,
                   since: datetime | None = None, search: str | None = None, key_only: bool = False,
                   before: tuple[datetime, int] | None = None, limit: int = 50,
                   collapse: bool = True) -> list[StatementView]:
        """Statements newest first, filtered; `before` = (sort time, id) of the last row of a page.

        `actor` is matched exactly (the config's spelling; "" means statements with no actor), so
        a pane pages along the (actor, sort_at, id) index however large the store grows.
        `collapse`: one row per statement however many outlets carried it (its earliest copy,
        with `sources` counting the articles); a search that hits any copy finds it.
        """
        where: list[str] = ["(s.cluster_id IS NULL OR s.cluster_id = s.id)"] if collapse else []
        params: list[Any] = []
        if actor is not None:
            where.append("s.actor = ?" if actor else "s.actor IS NULL")
            if actor:
                params.append(actor)
        if speaker:
            where.append("(s.speaker LIKE ? ESCAPE '\\' OR s.speaker_as_written LIKE ? ESCAPE '\\')")
            pattern = "%" + re.sub(r"([%_\\])", r"\\\1", speaker) + "%"
            params += [pattern, pattern]
        if since is not None:
            where.append("s.sort_at >= ?")
            params.append(to_ts(since))
        if key_only:
            where.append("s.is_key = 1")
        if search:
            query = fts_query(search)
            if query is None:
                return []
            hits = "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?"
            if collapse:
                hits = f"SELECT COALESCE(x.cluster_id, x.id) FROM statements x WHERE x.id IN ({hits})"
            where.append(f"s.id IN ({hits})")
            params.append(query)
        if before is not None:
            where.append("(s.sort_at < ? OR (s.sort_at = ? AND s.id < ?))")
            ts = to_ts(before[0])
            params += [ts, ts, before[1]]
        sql = (self._SELECT_STATEMENTS
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY s.sort_at DESC, s.id DESC LIMIT ?")
        params.append(limit)
        return [self._statement_view(r) for r in self.conn.execute(sql, params)]

    def statements_by_ids(self, ids: Sequence[int]) -> list[StatementView]:
        """The given statements (those still stored), in the order asked: alerts, new-statement lists."""
        found: dict[int, StatementView] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                    f"{self._SELECT_STATEMENTS} WHERE s.id IN ({marks})", chunk):
                found[r[0]] = self._statement_view(r)
        return [found[i] for i in ids if i in found]

    def statement_sources(self, statement_id: int) -> list[StatementView]:
        """Every article carrying this statement, earliest first: its copy there (exact wording,
        outlet, link, date). One element for a statement no other article carried."""
        rows = self.conn.execute(
            f"""{self._SELECT_STATEMENTS}
                WHERE s.id = ?1 OR (s.cluster_id IS NOT NULL
                    AND s.cluster_id = (SELECT cluster_id FROM statements WHERE id = ?1))
                ORDER BY s.id""", (statement_id,)).fetchall()
        per_article: dict[int, StatementView] = {}
        for r in rows:
            per_article.setdefault(r[1], self._statement_view(r))
        return sorted(per_article.values(), key=lambda v: (v.published or datetime.min.replace(tzinfo=UTC), v.id))

    def statement(self, statement_id: int) -> StatementView | None:
        row = self.conn.execute(
            f"{self._SELECT_STATEMENTS} WHERE s.id = ?", (statement_id,)).fetchone()
        return self._statement_view(row) if row else None

    def article(self, article_id: int) -> ArticleView | None:
        row = self.conn.execute(
            "SELECT id, title, text, link, author, published_at, lang FROM articles WHERE id = ?",
            (article_id,)).fetchone()
        if row is None:
            return None
        outlets = tuple(r[0] for r in self.conn.execute(
            """SELECT COALESCE(f.title, f.feed_title, f.url) FROM feed_items fi
               JOIN feeds f ON f.id = fi.feed_id
               WHERE fi.article_id = ? ORDER BY fi.first_seen_at, fi.feed_id""", (article_id,)))
        statements = tuple(self._statement_view(r) for r in self.conn.execute(
            f"{self._SELECT_STATEMENTS} WHERE s.article_id = ? ORDER BY s.start", (article_id,)))
        return ArticleView(id=row[0], title=row[1], text=row[2], link=row[3], author=row[4],
                           published=from_ts(row[5]), lang=row[6], outlets=outlets, statements=statements)

    def articles_mentioning(self, actor: str, *, unquoted_only: bool = True,
                            before: tuple[datetime, int] | None = None,
                            limit: int = 50) -> list[ArticleSummary]:
        """Articles that mention an actor, newest first; by default only those quoting nobody from it."""
        where = ["aa.actor = ?"]
        params: list[Any] = [actor]
        if unquoted_only:
            where.append("NOT EXISTS (SELECT 1 FROM statements s WHERE s.article_id = aa.article_id "
                         "AND s.actor = aa.actor)")
        if before is not None:
            ts = to_ts(before[0])
            where.append("(aa.sort_at < ? OR (aa.sort_at = ? AND aa.article_id < ?))")
            params += [ts, ts, before[1]]
        params.append(limit)
        return self._article_summaries(
            f"""SELECT a.id FROM article_actors aa JOIN articles a ON a.id = aa.article_id
                WHERE {' AND '.join(where)} ORDER BY aa.sort_at DESC, aa.article_id DESC LIMIT ?""", params)

    def search_articles(self, words: str, *, limit: int = 50) -> list[ArticleSummary]:
        """Full-text search over article titles and text, best match first."""
        query = fts_query(words)
        if query is None:
            return []
        return self._article_summaries(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", [query, limit])

    def _article_summaries(self, id_sql: str, params: Sequence[Any]) -> list[ArticleSummary]:
        ids = [r[0] for r in self.conn.execute(id_sql, params)]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {r[0]: r for r in self.conn.execute(
            f"""SELECT a.id, a.title, a.link, {self._FIRST_OUTLET}, a.sort_at,
                   (SELECT count(*) FROM statements s WHERE s.article_id = a.id)
                FROM articles a WHERE a.id IN ({marks})""", ids)}
        return [ArticleSummary(id=r[0], title=r[1], link=r[2], outlet=r[3], published=from_ts(r[4]),
                               statements=r[5]) for r in (rows[i] for i in ids if i in rows)]

    def new_statement_counts(self, after_id: int, *, collapse: bool = True) -> dict[str | None, int]:
        """Statements stored after a given id, by actor: a pane's "new since you last looked".

        `collapse` (as in `statements`): a copy of a quote already stored, from another outlet,
        is not new; only first copies count.
        """
        first_copies = " AND (cluster_id IS NULL OR cluster_id = id)" if collapse else ""
        # "+actor": group in a temporary b-tree over the few new rows (a rowid range), instead of
        # walking the whole (actor, sort_at, id) index for its order (15 ms at 100,000 statements).
        return {r[0]: r[1] for r in self.conn.execute(
            f"SELECT +actor AS a, count(*) FROM statements WHERE id > ?{first_copies} GROUP BY a", (after_id,))}

    def max_statement_id(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(max(id), 0) FROM statements").fetchone()[0])

    def integrity_check(self) -> str:
        """"ok", or what is wrong: SQLite's own check, then each full-text index against its table."""
        result = str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])
        if result != "ok":
            return result
        for table in _FTS_COLUMNS:
            try:
                self.conn.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                return f"{table}_fts: {exc}"
        return "ok"
