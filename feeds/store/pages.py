"""Article pages: which items still need their page read, where each article's text came from, page health."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from ..models import ArticlePage, ArticleRecord, FeedUpdate, PageHealth, PageRecord, WriteSummary
from ..records import to_ts
from .base import from_ts, utcnow
from .writes import ArticleWrites, Resolve

_FIRST_FEED = """(SELECT f.{column} FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
    WHERE fi.article_id = a.id ORDER BY fi.first_seen_at, fi.feed_id LIMIT 1)"""


class StoredTeaser(NamedTuple):
    """A stored article whose page has not given it its text yet (`fetch --pages-since`)."""

    article_id: int
    feed_url: str | None
    feed_actor: str | None
    record: ArticleRecord  # the article as stored, in the shape the page worker takes


class ArticlePages(ArticleWrites):
    """The article_pages table, written with the refresh that read the pages."""

    def _apply(self, conn: sqlite3.Connection, update: FeedUpdate, resolve: Resolve | None = None) -> WriteSummary:
        summary = super()._apply(conn, update, resolve)
        if update.status != "ok" or not update.pages:
            return summary
        feed_id = self._feed_id(conn, update.url)
        keys = dict(conn.execute("SELECT item_key, article_id FROM feed_items WHERE feed_id = ?", (feed_id,)))
        self._store_pages(conn, [(keys[p.item_key], p) for p in update.pages if p.item_key in keys])
        return replace(summary, **page_counts(update.pages))

    def _store_pages(self, conn: sqlite3.Connection, pages: Iterable[tuple[int, PageRecord]]) -> None:
        """A page row per article, only where the article still holds the item version it was read for
        (an item that joined an older article from another feed leaves that article's row alone)."""
        now = to_ts(utcnow())
        conn.executemany(
            """INSERT OR REPLACE INTO article_pages (article_id, url, final_url, status, reason, http_status,
                   feed_text, content_hash, fetched_at)
               SELECT id, ?, ?, ?, ?, ?, ?, ?, ? FROM articles WHERE id = ? AND content_hash = ?""",
            [(p.url, p.final_url, p.status, p.reason, p.http_status, p.feed_text, p.content_hash, now,
              article_id, p.content_hash) for article_id, p in pages])

    # --- before a refresh reads pages ---------------------------------------------------------------

    def items_needing_pages(self, feed_url: str,
                            items: Sequence[tuple[str, str, str | None, str | None]]) -> set[str]:
        """Of a feed's items (key, content hash, canonical URL, text fingerprint), those whose page to read.

        A new item, or one whose text changed since it was stored; not an item that will join an
        article already stored (the same URL or the same words from another feed: that article
        has had its chance).
        """
        conn = self.conn
        row = conn.execute("SELECT id FROM feeds WHERE url = ?", (feed_url,)).fetchone()
        known: dict[str, str] = {}
        if row is not None:
            known = dict(conn.execute(
                """SELECT fi.item_key, a.content_hash FROM feed_items fi JOIN articles a ON a.id = fi.article_id
                   WHERE fi.feed_id = ?""", (row[0],)))
        stored: set[str] = set()
        for column, position in (("canonical_url", 2), ("text_key", 3)):
            values = [v for item in items if (v := item[position]) and item[0] not in known]
            for start in range(0, len(values), 500):
                chunk = values[start:start + 500]
                stored.update(r[0] for r in conn.execute(
                    f"SELECT {column} FROM articles WHERE {column} IN ({','.join('?' * len(chunk))})", chunk))
        return {key for key, content_hash, canon, text_key in items
                if (known[key] != content_hash if key in known else canon not in stored and text_key not in stored)}

    # --- what readers see -----------------------------------------------------------------------------

    def article_page(self, article_id: int) -> ArticlePage | None:
        """Where the article's text came from, when its page was read or tried; None: never tried."""
        row = self.conn.execute(
            """SELECT ap.url, ap.status, ap.reason, ap.fetched_at, ap.content_hash = a.content_hash
               FROM article_pages ap JOIN articles a ON a.id = ap.article_id WHERE ap.article_id = ?""",
            (article_id,)).fetchone()
        if row is None:
            return None
        return ArticlePage(url=row[0], status=row[1], reason=row[2], fetched_at=from_ts(row[3]), current=bool(row[4]))

    def page_health(self) -> dict[str, PageHealth]:
        """Per feed URL: its articles' pages read, kept, refused and failed, and the latest problem."""
        counts: dict[str, dict[str, int]] = {}
        try:
            self.conn.execute("SELECT 1 FROM article_pages LIMIT 1")
        except sqlite3.OperationalError:
            return {}  # opened read-only before its migration: no page was ever read
        for url, status, n in self.conn.execute(
                """SELECT f.url, ap.status, count(*) FROM article_pages ap
                   JOIN feed_items fi ON fi.article_id = ap.article_id JOIN feeds f ON f.id = fi.feed_id
                   GROUP BY f.url, ap.status"""):
            counts.setdefault(url, {})[status] = n
        # SQLite takes the bare column from the row where max() found its value.
        problems = {r[0]: r[1] for r in self.conn.execute(
            """SELECT f.url, ap.reason, max(ap.fetched_at) FROM article_pages ap
               JOIN feed_items fi ON fi.article_id = ap.article_id JOIN feeds f ON f.id = fi.feed_id
               WHERE ap.status != 'read' GROUP BY f.url""")}
        return {url: PageHealth(read=c.get("read", 0), kept=c.get("kept", 0), refused=c.get("refused", 0),
                                failed=c.get("failed", 0), last_problem=problems.get(url))
                for url, c in counts.items()}

    # --- fetch --pages-since ----------------------------------------------------------------------------

    def stored_teasers(self, since: datetime) -> list[StoredTeaser]:
        """Articles published or stored since a time, newest first, with a link and no text from their page yet."""
        rows = self.conn.execute(
            f"""SELECT a.id, {_FIRST_FEED.format(column='url')}, {_FIRST_FEED.format(column='actor')},
                    a.canonical_url, a.text_key, a.content_hash, a.link, a.title, a.author, a.summary, a.text,
                    a.lang, a.published_at, a.extractor_version
                FROM articles a LEFT JOIN article_pages ap ON ap.article_id = a.id
                WHERE (a.sort_at >= ?1 OR a.first_seen_at >= ?1) AND a.link IS NOT NULL
                  AND NOT (ap.status IS 'read' AND ap.content_hash = a.content_hash)
                ORDER BY a.sort_at DESC, a.id DESC""", (to_ts(since),)).fetchall()
        return [StoredTeaser(r[0], r[1], r[2], ArticleRecord(
            key=f"article:{r[0]}", canonical_url=r[3], text_key=r[4], content_hash=r[5], guid=None, link=r[6],
            title=r[7], author=r[8], summary=r[9], text=r[10], lang=r[11], published=r[12],
            extractor_version=r[13], extraction=None)) for r in rows]

    def apply_pages(self, results: Sequence[tuple[int, ArticleRecord, PageRecord]]) -> list[int]:
        """Store pages read for stored articles in one transaction; returns the new statement ids.

        Where the page's text was taken, it becomes the article's text and its statements are
        extracted again (statements whose quote and speaker did not change keep their ids); the
        feed's text stays in article_pages. Other articles are not touched.
        """
        with self.transaction() as conn:
            self._flush_fts(conn)  # the update trigger must find the old rows in the index
            found: dict[int, str] = {}
            ids = [r[0] for r in results]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                found.update(conn.execute(
                    f"SELECT id, sort_at FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
            read = [(i, r, p) for i, r, p in results if i in found and p.status == "read"]
            conn.executemany(
                """UPDATE articles SET text = ?, author = COALESCE(author, ?), extractor_version = ?
                   WHERE id = ? AND content_hash = ?""",
                [(r.text, r.author, r.extractor_version, i, p.content_hash) for i, r, p in read])
            new_ids = self._write_extractions(
                conn, [(i, r.extraction, found[i]) for i, r, _ in read if r.extraction is not None], replace=True)
            self._store_pages(conn, [(i, p) for i, _, p in results if i in found])
        return new_ids


def page_counts(pages: Iterable[PageRecord]) -> Mapping[str, Any]:
    """WriteSummary's page fields for the pages of one feed."""
    counts = {"read": 0, "kept": 0, "refused": 0, "failed": 0}
    problem = None
    for p in pages:
        counts[p.status] = counts.get(p.status, 0) + 1
        if p.status != "read" and problem is None:
            problem = p.reason
    return {"pages_read": counts["read"], "pages_kept": counts["kept"], "pages_refused": counts["refused"],
            "pages_failed": counts["failed"], "page_problem": problem}
