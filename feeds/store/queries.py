"""Reads: statements for panes and exports, articles, mentions, counts."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..models import ArticleSummary, ArticleView, LearnedPerson, StatementView
from ..records import to_ts
from .base import from_ts
from .marks import Marks
from .schema import FIRST_OUTLET, FTS_COLUMNS
from .search import article_summaries, fts_query


class Queries(Marks):
    """What the dashboard, the exports and the alerts read."""

    def learned_people(self) -> list[LearnedPerson]:
        return [LearnedPerson(name=r[0], actor=r[1], role=r[2])
                for r in self.conn.execute("SELECT name, actor, role FROM people ORDER BY name")]

    def counts(self) -> dict[str, int]:
        c = self.conn
        return {t: int(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("feeds", "articles", "feed_items", "statements", "people", "fetch_log")}

    # Statements with what _statement_view needs of their article; callers add WHERE / ORDER BY.
    _SOURCES = """CASE WHEN s.cluster_id IS NULL THEN 1 ELSE
            (SELECT count(DISTINCT c.article_id) FROM statements c WHERE c.cluster_id = s.cluster_id) END"""
    _SELECT_STATEMENTS = f"""SELECT
        s.id, s.article_id, s.quote, s.speaker, s.speaker_as_written, s.actor, s.paragraph, s.start,
        s."end", s.key_score, s.is_key, s.key_reasons, s.lang, a.title, a.link, {FIRST_OUTLET},
        s.sort_at, s.cluster_id, {_SOURCES}
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
                   before: tuple[datetime, int] | None = None, after: tuple[datetime, int] | None = None,
                   limit: int = 50, collapse: bool = True, starred: bool = False) -> list[StatementView]:
        """Statements newest first, filtered; `before` = (sort time, id) of the last row of a page.

        `after` = (sort time, id) of the first row of a page: the `limit` rows just newer than
        it (still newest first), for a list that scrolls back up towards the newest.

        `actor` is matched exactly (the config's spelling; "" means statements with no actor), so
        a pane pages along the (actor, sort_at, id) index however large the store grows.
        `collapse`: one row per statement however many outlets carried it (its earliest copy,
        with `sources` counting the articles); a search that hits any copy finds it.
        `starred`: only quotes the reader starred (any copy). Every row says whether it is starred or read.
        """
        where: list[str] = ["(s.cluster_id IS NULL OR s.cluster_id = s.id)"] if collapse else []
        params: list[Any] = []
        if starred:
            ids = self.starred_ids()
            if not ids:
                return []
            marks = ",".join("?" * len(ids))
            where.append(f"(s.id IN ({marks}) OR s.cluster_id IN ({marks}))")
            params += ids + ids
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
        if after is not None:
            where.append("(s.sort_at > ? OR (s.sort_at = ? AND s.id > ?))")
            ts = to_ts(after[0])
            params += [ts, ts, after[1]]
        order = "ASC" if after is not None else "DESC"
        sql = (self._SELECT_STATEMENTS
               + (" WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY s.sort_at {order}, s.id {order} LIMIT ?")
        params.append(limit)
        rows = self.with_marks([self._statement_view(r) for r in self.conn.execute(sql, params)])
        return rows[::-1] if after is not None else rows

    def statements_by_ids(self, ids: Sequence[int]) -> list[StatementView]:
        """The given statements (those still stored), in the order asked: alerts, new-statement lists."""
        found: dict[int, StatementView] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                    f"{self._SELECT_STATEMENTS} WHERE s.id IN ({marks})", chunk):
                found[r[0]] = self._statement_view(r)
        return self.with_marks([found[i] for i in ids if i in found])

    def statement_sources(self, statement_id: int) -> list[StatementView]:
        """Every outlet carrying this statement, earliest first: its copy there (the exact wording),
        the outlet, that outlet's own link to it, the date and the article's title. A story
        syndicated under another URL is one article (one of `sources`) that several outlets
        carry: one element each. One element for a statement no other outlet carried."""
        rows = self.conn.execute(
            f"""SELECT s.id, s.article_id, s.quote, s.speaker, s.speaker_as_written, s.actor, s.paragraph,
                    s.start, s."end", s.key_score, s.is_key, s.key_reasons, s.lang, a.title,
                    COALESCE(fi.link, a.link), COALESCE(f.title, f.feed_title, f.url), s.sort_at, s.cluster_id,
                    {self._SOURCES}
                FROM statements s JOIN articles a ON a.id = s.article_id
                LEFT JOIN feed_items fi ON fi.article_id = s.article_id LEFT JOIN feeds f ON f.id = fi.feed_id
                WHERE s.id = ?1 OR (s.cluster_id IS NOT NULL
                    AND s.cluster_id = (SELECT cluster_id FROM statements WHERE id = ?1))
                ORDER BY s.sort_at, fi.first_seen_at, f.id, s.id""", (statement_id,)).fetchall()
        per_outlet: dict[tuple[int, str | None], StatementView] = {}
        for r in rows:  # an article quoting the same words twice is one source
            per_outlet.setdefault((r[1], r[15]), self._statement_view(r))
        return list(per_outlet.values())

    def statement(self, statement_id: int) -> StatementView | None:
        row = self.conn.execute(
            f"{self._SELECT_STATEMENTS} WHERE s.id = ?", (statement_id,)).fetchone()
        return self.with_marks([self._statement_view(row)])[0] if row else None

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
                            after: tuple[datetime, int] | None = None,
                            limit: int = 50) -> list[ArticleSummary]:
        """Articles that mention an actor, newest first; by default only those quoting nobody from it.

        `before`/`after` page as in `statements`."""
        where = ["aa.actor = ?"]
        params: list[Any] = [actor]
        if unquoted_only:
            where.append("NOT EXISTS (SELECT 1 FROM statements s WHERE s.article_id = aa.article_id "
                         "AND s.actor = aa.actor)")
        if before is not None:
            ts = to_ts(before[0])
            where.append("(aa.sort_at < ? OR (aa.sort_at = ? AND aa.article_id < ?))")
            params += [ts, ts, before[1]]
        if after is not None:
            ts = to_ts(after[0])
            where.append("(aa.sort_at > ? OR (aa.sort_at = ? AND aa.article_id > ?))")
            params += [ts, ts, after[1]]
        order = "ASC" if after is not None else "DESC"
        params.append(limit)
        found = article_summaries(self.conn,
            f"""SELECT a.id FROM article_actors aa JOIN articles a ON a.id = aa.article_id
                WHERE {' AND '.join(where)} ORDER BY aa.sort_at {order}, aa.article_id {order} LIMIT ?""", params)
        return found[::-1] if after is not None else found

    def new_statement_counts(self, after_id: int, *, collapse: bool = True) -> dict[str | None, int]:
        """Statements stored after a given id, by actor: a pane's "new since you last looked".
        A statement stored before whose speaker a later refresh told (and so its actor) counts
        too, once: it is new to that actor's pane (resolved_after).

        `collapse` (as in `statements`): a copy of a quote already stored, from another outlet,
        is not new; only first copies count.
        """
        first_copies = " AND (cluster_id IS NULL OR cluster_id = id)" if collapse else ""
        # "+actor": group in a temporary b-tree over the few new rows (a rowid range, and the
        # resolved ones from their partial index), instead of walking the whole (actor, sort_at,
        # id) index for its order (15 ms at 100,000 statements).
        return {r[0]: r[1] for r in self.conn.execute(
            f"SELECT +actor AS a, count(*) FROM statements WHERE (id > ?1 OR resolved_after > ?1){first_copies} "
            "GROUP BY a", (after_id,))}

    def max_statement_id(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(max(id), 0) FROM statements").fetchone()[0])

    def integrity_check(self) -> str:
        """"ok", or what is wrong: SQLite's own check, then each full-text index against its table."""
        result = str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])
        if result != "ok":
            return result
        for table in FTS_COLUMNS:
            try:
                self.conn.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                return f"{table}_fts: {exc}"
        return "ok"
