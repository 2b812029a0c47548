"""What the reader keeps: stars and read marks on statements, each pane's "seen up to", small UI settings.

A mark is attached to the words of a quote in its article (article id, quote_key), never to a
statement id: a re-extraction that changes a speaker gives the statement a new id, and the copy a
pane shows for a quote several outlets carried (its cluster's first member) changes when that
copy goes. Marking writes a row for every copy of the quote, and a statement is marked when any
of its copies is, so the mark stays as long as one copy of the words does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..models import StatementView
from ..records import to_ts
from .base import StoreBase, utcnow

MARKS = ("starred", "read")
_SEEN = "seen:"  # ui_state keys of the panes' last look: seen:<actor>
_WORD = re.compile(r"\w+")


def quote_key(quote: str) -> str:
    """The words of a quote, lower case: what a mark is attached to (spacing, quote marks and
    punctuation an extractor upgrade may change do not count)."""
    return " ".join(_WORD.findall(quote.casefold()))


class Marks(StoreBase):
    """Stars, read marks, panes' last look and settings."""

    def _copies(self, statement_ids: Iterable[int]) -> list[tuple[int, int, int, str]]:
        """(id, cluster, article_id, quote) of the given statements and every copy of them."""
        ids = list(statement_ids)
        found: list[tuple[int, int, int, str]] = []
        for start in range(0, len(ids), 400):
            chunk = ids[start:start + 400]
            marks = ",".join("?" * len(chunk))
            clusters = f"SELECT cluster_id FROM statements WHERE id IN ({marks}) AND cluster_id IS NOT NULL"
            found += [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(
                f"""SELECT id, COALESCE(cluster_id, id), article_id, quote FROM statements
                    WHERE id IN ({marks}) OR cluster_id IN ({clusters})""", chunk + chunk)]
        return found

    def set_mark(self, statement_id: int, mark: str, on: bool) -> None:
        """Star (mark="starred") or mark read (mark="read") a statement and every copy of it, or undo it."""
        if mark not in MARKS:
            raise ValueError(f"unknown mark {mark!r}")
        now = to_ts(utcnow())
        with self.transaction() as conn:
            keys = {(article_id, quote_key(quote)) for _, _, article_id, quote in self._copies([statement_id])}
            conn.executemany(
                f"""INSERT INTO marks (article_id, quote_key, {mark}, marked_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (article_id, quote_key) DO UPDATE SET {mark} = excluded.{mark},
                        marked_at = excluded.marked_at""",
                [(a, k, int(on), now) for a, k in keys])
            conn.execute("DELETE FROM marks WHERE starred = 0 AND read = 0")

    def toggle_mark(self, statement_id: int, mark: str) -> bool:
        """Flip a mark; returns whether it is now set."""
        view = self.statement(statement_id)
        on = not (view is not None and getattr(view, mark))
        self.set_mark(statement_id, mark, on)
        return on

    def statement(self, statement_id: int) -> StatementView | None:
        raise NotImplementedError  # Queries

    def with_marks(self, views: Sequence[StatementView]) -> list[StatementView]:
        """The views with `starred` and `read` as the marks table says (one query for a page)."""
        if not views:
            return []
        marked = self.conn.execute("SELECT 1 FROM marks LIMIT 1").fetchone()
        if marked is None:
            return list(views)
        flags: dict[int, tuple[bool, bool]] = {}
        copies = self._copies([v.id for v in views])
        keys = {(article_id, quote_key(quote)) for _, _, article_id, quote in copies}
        found: dict[tuple[int, str], tuple[int, int]] = {}
        articles = sorted({a for a, _ in keys})
        for start in range(0, len(articles), 400):
            chunk = articles[start:start + 400]
            for article_id, key, starred, read in self.conn.execute(
                    f"SELECT article_id, quote_key, starred, read FROM marks "
                    f"WHERE article_id IN ({','.join('?' * len(chunk))})", chunk):
                found[(article_id, key)] = (starred, read)
        by_cluster: dict[int, tuple[bool, bool]] = {}
        by_id: dict[int, int] = {}
        for sid, cluster, article_id, quote in copies:
            by_id[sid] = cluster
            starred, read = found.get((article_id, quote_key(quote)), (0, 0))
            old = by_cluster.get(cluster, (False, False))
            by_cluster[cluster] = (old[0] or bool(starred), old[1] or bool(read))
        for v in views:
            flags[v.id] = by_cluster.get(by_id.get(v.id, v.id), (False, False))
        return [replace(v, starred=flags[v.id][0], read=flags[v.id][1]) if any(flags[v.id]) else v
                for v in views]

    def starred_ids(self) -> list[int]:
        """The statements shown for starred quotes: the first copy of each (a pane's row)."""
        rows = self.conn.execute(
            """SELECT COALESCE(s.cluster_id, s.id), s.quote, m.quote_key FROM marks m
               JOIN statements s ON s.article_id = m.article_id WHERE m.starred""").fetchall()
        return sorted({cluster for cluster, quote, key in rows if quote_key(quote) == key})

    # --- what the reader last saw, and settings -----------------------------------------------------

    def seen_ids(self) -> dict[str, int]:
        """Each pane's "seen up to" statement id, by actor."""
        return {r[0][len(_SEEN):]: int(r[1]) for r in self.conn.execute(
            "SELECT key, value FROM ui_state WHERE key >= ? AND key < ?", (_SEEN, _SEEN[:-1] + ";"))}

    def save_seen(self, seen: dict[str, int]) -> None:
        """Remember panes' last look (an id only ever moves forward: two dashboards may share a store)."""
        if not seen:
            return
        with self.transaction() as conn:
            conn.executemany(
                """INSERT INTO ui_state (key, value) VALUES (?, ?) ON CONFLICT (key)
                   DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))""",
                [(_SEEN + actor, str(i)) for actor, i in seen.items()])

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM ui_state WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_setting(self, key: str, value: str) -> None:
        if key.startswith(_SEEN):
            raise ValueError(f"{key!r}: the seen: keys are save_seen's")
        with self.transaction() as conn:
            conn.execute("INSERT INTO ui_state (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
