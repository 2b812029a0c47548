"""The store's base: one SQLite connection per thread, WAL, write transactions with queued full-text rows, migration."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ..dedupe import ClusterIndex
from ..records import TS_FORMAT
from .schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 8192  # page cache per connection
# Page size of a new database (an existing one keeps its own). Articles are a few KB of text,
# and a refresh writes tens of MB: with 16 KiB pages SQLite writes, checksums and checkpoints a
# quarter as many pages, and storing 10,000 articles costs 10% less CPU than with 4 KiB.
PAGE_SIZE = 16384


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _decode_text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def from_ts(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, TS_FORMAT).replace(tzinfo=UTC)


class StoreBase:
    """Connections (one per thread), transactions and migrations; the mixins add the tables' methods."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Finds copies of a quote among stored statements; only touched inside write transactions,
        # which SQLite serialises, and dropped on rollback (it may hold rows that were undone).
        self._clusters: ClusterIndex | None = None
        self._watch: sqlite3.Connection | None = None  # see changed()
        self._watch_version: int | None = None
        self._watch_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | str) -> Self:
        store = cls(path)
        store.migrate()
        return store

    readonly = False

    @classmethod
    def open_readonly(cls, path: Path | str) -> Self:
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
        """This thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._open_connection()
        return conn

    def _open_connection(self) -> sqlite3.Connection:
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
        with self._lock:
            self._connections.append(conn)
        return conn

    def changed(self) -> bool:
        """Has anything been committed to the database since the last call (by any writer: another
        `spacewatch fetch`, this process's own refresh)? The first call says False.

        PRAGMA data_version, on a connection kept for this alone: it changes when another
        connection commits, and costs a few microseconds, so a dashboard may ask every second.
        """
        with self._watch_lock:
            if self._watch is None:
                self._watch = self._open_connection()
            version = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            seen, self._watch_version = self._watch_version, version
            return seen is not None and version != seen

    @property
    def db(self) -> sqlite_utils.Database:
        import sqlite_utils  # only migrations use it, and it takes 0.1 s to import

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
        self._watch = None
        self._watch_version = None

    def __enter__(self) -> Self:
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
            self._clusters = None
            # SQLite may have rolled back already (an I/O error or a full disk during the write
            # does): a second ROLLBACK would raise and hide the error that matters.
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
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
            # Each step's pages go into the file now, and the next step reuses the log from its
            # start: a new database never needs every step's pages twice over (log and file) at
            # once, which on a nearly full disk is the difference between opening and not.
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

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

