"""Full-text search (FTS5): user words as safe queries, statements and articles ranked by relevance."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..models import ArticleSummary, SearchPage, StatementView
from ..records import to_ts
from .base import StoreBase, from_ts
from .schema import FIRST_OUTLET

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)

# bm25 weights per column. A word in the quote itself counts most; a speaker's name less (it is
# in two columns, speaker and speaker_as_written, so a name match scores about 2 x 2.5 = 5);
# among articles, a word in the title above one in the text.
STATEMENT_WEIGHTS = (10.0, 2.5, 2.5)  # quote, speaker, speaker_as_written
ARTICLE_WEIGHTS = (3.0, 1.0)  # title, text
# Matches ranked per search at most: bm25 reads every match's positions (about 4 µs each), so a
# word found in 40,000 quotes would take 150 ms to rank; past this many, the most recently
# stored matches are ranked (15 ms) and the total still counts them all.
RANK_WINDOW = 1000


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
    return summaries_by_ids(conn, [r[0] for r in conn.execute(id_sql, params)])


def summaries_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> list[ArticleSummary]:
    """Articles as lists show them, in the order of `ids`."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {r[0]: r for r in conn.execute(
        f"""SELECT a.id, a.title, a.link, {FIRST_OUTLET}, a.sort_at,
               (SELECT count(*) FROM statements s WHERE s.article_id = a.id)
            FROM articles a WHERE a.id IN ({marks})""", list(ids))}
    return [ArticleSummary(id=r[0], title=r[1], link=r[2], outlet=r[3], published=from_ts(r[4]),
                           statements=r[5]) for r in (rows[i] for i in ids if i in rows)]


def best_first(hits: Sequence[tuple[int, float, str]], limit: int) -> tuple[list[int], int]:
    """(id, bm25 score, sort_at) rows, an id possibly several times (copies of one statement):
    the `limit` best ids, most relevant first and newest first among equals, and how many ids."""
    best: dict[int, tuple[float, str]] = {}
    for key, score, sort_at in hits:
        known = best.get(key)
        if known is None or score < known[0]:  # bm25: lower is better
            best[key] = (score, sort_at)
    ranked = sorted(best, reverse=True)  # newest id first among equal dates...
    ranked.sort(key=lambda k: best[k][1], reverse=True)  # ...newest date first among equal scores...
    ranked.sort(key=lambda k: best[k][0])  # ...best score first (stable sorts keep the ties' order)
    return ranked[:limit], len(best)


class Search(StoreBase):
    """Searches over the full-text indexes."""

    if TYPE_CHECKING:  # from Queries, the mixin beside this one in Store
        def statements_by_ids(self, ids: Sequence[int]) -> list[StatementView]: ...

    def search_articles(self, words: str, *, limit: int = 50) -> list[ArticleSummary]:
        """Full-text search over article titles and text, best match first."""
        query = fts_query(words)
        if query is None:
            return []
        return article_summaries(self.conn,
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", [query, limit])

    def search(self, words: str, *, actor: str | None = None, since: datetime | None = None,
               limit: int = 100, window: int = RANK_WINDOW) -> SearchPage:
        """Statements (quote, then speaker) and articles (title, then text) matching every word,
        the `limit` best of each by bm25, newest first among equals, with their totals.

        `actor`: statements of that actor (the config's spelling; "" statements of none) and
        articles that mention or quote it; `since`: dated then or later. A statement carried by
        several outlets is one result (its earliest copy, as panes show it, which the filters
        apply to), found through any copy's words.
        """
        query = fts_query(words)
        if query is None:
            return SearchPage(window=window)
        statements = _statement_matches(query, actor, since)
        articles = _article_matches(query, actor, since)
        statement_ids, statement_total = best_first(statements.hits(self.conn, window), limit)
        article_ids, article_total = best_first(articles.hits(self.conn, window), limit)
        return SearchPage(statements=tuple(self.statements_by_ids(statement_ids)), statement_total=statement_total,
                          articles=tuple(summaries_by_ids(self.conn, article_ids)), article_total=article_total,
                          window=window, statements_windowed=statements.windowed,
                          articles_windowed=articles.windowed)

    def search_totals(self, words: str, *, actor: str | None = None,
                      since: datetime | None = None) -> tuple[int, int]:
        """How many statements and articles `search` finds with these words and filters, all counted."""
        query = fts_query(words)
        if query is None:
            return 0, 0
        return (_statement_matches(query, actor, since).count(self.conn),
                _article_matches(query, actor, since).count(self.conn))


@dataclass(slots=True)
class _Matches:
    """What an FTS5 query and the filters find in one table: `sql` is FROM ... WHERE ..., `key` the
    id of the row shown for a match and `sort_at` its date."""

    fts: str
    weights: tuple[float, ...]
    key: str
    sort_at: str
    sql: str
    params: list[Any]
    windowed: bool = False  # set by hits(): there were more matches than the window

    def hits(self, conn: sqlite3.Connection, window: int) -> list[tuple[int, float, str]]:
        """(shown id, bm25 score, sort_at) of the `window` most recently stored matches."""
        weights = ", ".join(map(str, self.weights))
        rows = conn.execute(
            f"""SELECT {self.key}, bm25({self.fts}, {weights}), {self.sort_at} {self.sql}
                ORDER BY {self.fts}.rowid DESC LIMIT ?""", [*self.params, window + 1]).fetchall()
        self.windowed = len(rows) > window  # one row more than the window says whether there are more
        return rows[:window]

    def count(self, conn: sqlite3.Connection) -> int:
        return int(conn.execute(f"SELECT count(DISTINCT {self.key}) {self.sql}", self.params).fetchone()[0])


def _statement_matches(query: str, actor: str | None, since: datetime | None) -> _Matches:
    # x: the statement whose words matched; s: the one shown for it (its earliest copy).
    where, params = ["statements_fts MATCH ?"], [query]
    if actor is not None:
        where.append("s.actor = ?" if actor else "s.actor IS NULL")
        params += [actor] if actor else []
    if since is not None:
        where.append("s.sort_at >= ?")
        params.append(to_ts(since))
    return _Matches("statements_fts", STATEMENT_WEIGHTS, "s.id", "s.sort_at",
                    f"""FROM statements_fts JOIN statements x ON x.id = statements_fts.rowid
                        JOIN statements s ON s.id = COALESCE(x.cluster_id, x.id) WHERE {' AND '.join(where)}""",
                    params)


def _article_matches(query: str, actor: str | None, since: datetime | None) -> _Matches:
    where, params = ["articles_fts MATCH ?"], [query]
    if actor:
        where.append("""(EXISTS (SELECT 1 FROM article_actors aa WHERE aa.article_id = a.id AND aa.actor = ?)
                         OR EXISTS (SELECT 1 FROM statements s WHERE s.article_id = a.id AND s.actor = ?))""")
        params += [actor, actor]
    if since is not None:
        where.append("a.sort_at >= ?")
        params.append(to_ts(since))
    return _Matches("articles_fts", ARTICLE_WEIGHTS, "a.id", "a.sort_at",
                    f"FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE {' AND '.join(where)}",
                    params)
