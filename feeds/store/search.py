"""Full-text search (FTS5): user words as safe queries, articles by relevance."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from ..models import ArticleSummary
from .base import StoreBase, from_ts
from .schema import FIRST_OUTLET

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


def article_summaries(conn: sqlite3.Connection, id_sql: str, params: Sequence[Any]) -> list[ArticleSummary]:
    """Articles as lists show them, in the order `id_sql` gives their ids."""
    ids = [r[0] for r in conn.execute(id_sql, params)]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {r[0]: r for r in conn.execute(
        f"""SELECT a.id, a.title, a.link, {FIRST_OUTLET}, a.sort_at,
               (SELECT count(*) FROM statements s WHERE s.article_id = a.id)
            FROM articles a WHERE a.id IN ({marks})""", ids)}
    return [ArticleSummary(id=r[0], title=r[1], link=r[2], outlet=r[3], published=from_ts(r[4]),
                           statements=r[5]) for r in (rows[i] for i in ids if i in rows)]


class Search(StoreBase):
    """Searches over the full-text indexes."""

    def search_articles(self, words: str, *, limit: int = 50) -> list[ArticleSummary]:
        """Full-text search over article titles and text, best match first."""
        query = fts_query(words)
        if query is None:
            return []
        return article_summaries(self.conn,
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", [query, limit])
