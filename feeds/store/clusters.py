"""Clusters: the copies of one statement carried by several outlets, found by feeds/dedupe.py's index."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date

from ..dedupe import HISTORY_PER_BLOCK, WINDOW_DAYS, ClusterIndex, block_key, quote_print


def day_number(ts: str) -> int:
    return date.fromisoformat(ts[:10]).toordinal()


def load_history(conn: sqlite3.Connection, index: ClusterIndex, key: str, since: str) -> None:
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
        qp = quote_print(quote, day_number(sort_at))
        if qp is not None:
            index.add(key, sid, qp)
    index.mark_history_loaded(key)


def assign_clusters(conn: sqlite3.Connection, index: ClusterIndex,
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
    days = {ts: day_number(ts) for ts in {r[4] for r in rows}}  # an article's statements share its time
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
                   in rows], join, lambda key: load_history(conn, index, key, since))
    index.last_seen = max(index.last_seen, rows[-1][0])
    return {sid: known.get(sid, 0) for sid in fresh_ids}, updates


def repair_clusters(conn: sqlite3.Connection, clusters: Iterable[int]) -> dict[int, int]:
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


