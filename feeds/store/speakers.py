"""Speakers told better after they were stored: a later article says who "Albright" is and whom she speaks for."""

from __future__ import annotations

import sqlite3

from ..dedupe import block_key
from .clusters import write_cluster_changes
from .writes import ArticleWrites, Resolve


class SpeakerUpdates(ArticleWrites):
    """Statements whose speaker a refresh taught something about, told again."""

    def resolve_speakers(self, resolve: Resolve) -> int:
        """Tell again the stored statements whose speaker has no actor, or is only a surname, with
        `resolve(speaker)`: the speaker's (full name, actor), or None when it is not known (the
        extractor's resolver, knowing the people every article taught so far). Returns how many
        statements changed.

        What one article teaches about a speaker ("Robyn Gatens, NASA director for ...") then
        applies to the other articles of the same refresh, parsed in other processes, and to the
        statements stored before. Each statement keeps its id and counts as new for its actor's
        pane (resolved_after); one whose speaker's name changed ("Albright" -> "Kenneth
        Albright") leaves its cluster and joins the copies among that speaker's statements.
        """
        with self.transaction() as conn:
            told: dict[str, tuple[str, str] | None] = {}
            same: list[tuple[str, int, int]] = []  # actor, id, article
            moved: list[tuple[int, str, str, str | None, str | None, str, str, int | None, int]] = []
            for sid, article, speaker, actor, quote, sort_at, cluster in conn.execute(
                    """SELECT id, article_id, speaker, actor, quote, sort_at, cluster_id FROM statements
                       WHERE speaker IS NOT NULL AND (actor IS NULL OR instr(speaker, ' ') = 0)"""):
                if speaker not in told:
                    told[speaker] = resolve(speaker)
                known = told[speaker]
                if known is None or (actor is not None and actor != known[1]):
                    continue  # not known, or someone else of that surname
                name, new_actor = known
                if name == speaker:
                    if actor != new_actor:
                        same.append((new_actor, sid, article))
                else:
                    moved.append((sid, name, new_actor, speaker, actor, quote, sort_at, cluster, article))
            if not same and not moved:
                return 0
            newest = int(conn.execute("SELECT COALESCE(max(id), 0) FROM statements").fetchone()[0])
            conn.executemany("UPDATE statements SET actor = ?, resolved_after = ? WHERE id = ?",
                             [(a, newest, sid) for a, sid, _ in same])
            if moved:
                self._move(conn, moved, newest)
            conn.executemany(
                """INSERT OR IGNORE INTO article_actors (article_id, actor, sort_at)
                   SELECT ?, ?, sort_at FROM articles WHERE id = ?""",
                [(article, a, article) for a, _, article in same] + [(m[8], m[2], m[8]) for m in moved])
            return len(same) + len(moved)

    def _move(self, conn: sqlite3.Connection,
              moved: list[tuple[int, str, str, str | None, str | None, str, str, int | None, int]],
              newest: int) -> None:
        """Statements (id, new speaker, new actor, old speaker, old actor, quote, sort_at, cluster,
        article) leave their clusters and are clustered again among their new speaker's statements."""
        index = self._sync_index(conn, newest)
        for sid, _name, _actor, speaker, actor, quote, _sort_at, _cluster, _article in moved:
            index.forget(block_key(speaker, actor), sid, quote)
        conn.executemany("UPDATE statements SET cluster_id = NULL WHERE id = ?", [(m[0],) for m in moved])
        left = {m[7] for m in moved if m[7] is not None}
        if left:
            self._repair(conn, left)
        # Clustered while the database still files them under the old speaker: nothing they are
        # compared with can be themselves.
        moved.sort()
        result = self._cluster(conn, [(m[0], m[1], m[2], m[5], m[6]) for m in moved], newest)
        self._flush_fts(conn)  # the update trigger must find the old row in the index
        # One UPDATE for them all: row by row, FTS5 would flush its pending terms at every one.
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS moved_speakers "
                     "(id INTEGER PRIMARY KEY, speaker TEXT, actor TEXT, cluster_id INTEGER)")
        conn.execute("DELETE FROM moved_speakers")
        conn.executemany("INSERT INTO moved_speakers VALUES (?, ?, ?, ?)",
                         [(m[0], m[1], m[2], result.assigned.get(m[0]) or None) for m in moved])
        conn.execute("""UPDATE statements SET speaker = m.speaker, actor = m.actor, resolved_after = ?,
                            cluster_id = m.cluster_id
                        FROM moved_speakers m WHERE statements.id = m.id""", (newest,))
        conn.execute("DELETE FROM moved_speakers")
        write_cluster_changes(conn, result)
