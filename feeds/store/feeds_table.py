"""The feeds table: which feeds the config names, their health, validators and backoff."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import timedelta

from ..models import FeedHealth, FeedSpec, FeedState, FeedUpdate
from ..records import to_ts
from .base import StoreBase, from_ts, utcnow

# Backoff after consecutive failures: 1, 2, 4 ... minutes, never more than a day.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(days=1)
# fetch_log rows kept per feed (the newest); older ones are deleted as each new one is written.
FETCH_LOG_KEEP = 100


def backoff_delay(consecutive_failures: int) -> timedelta:
    if consecutive_failures <= 0:
        return timedelta(0)
    return min(BACKOFF_BASE * (2 ** min(consecutive_failures - 1, 20)), BACKOFF_MAX)


class FeedsTable(StoreBase):
    """Feeds as the config names them and as their last fetches left them."""

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
