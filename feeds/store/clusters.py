"""Clusters: the copies of one statement carried by several outlets, found by feeds/dedupe.py's index."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date

from ..dedupe import APART, Clustered, ClusterIndex, block_key, quote_print, relation


def day_number(ts: str) -> int:
    return date.fromisoformat(ts[:10]).toordinal()


def _block_sql(key: str) -> tuple[str, list[str]]:
    if key.startswith("s:"):
        return "speaker = ?", [key[2:]]
    if key.startswith("a:"):
        return "speaker IS NULL AND actor = ?", [key[2:]]
    return "speaker IS NULL AND actor IS NULL", []


def load_history(conn: sqlite3.Connection, index: ClusterIndex, key: str, since: int, until: int) -> None:
    """Index a block's statements stored before this index was made, of the days from `since` up to
    `until` (older ones are too far apart in time to be copies of what is being written). All of
    them, not the newest few: a copy missed here is a statement shown twice, and a second process
    must merge as one would. Their clusters are read with them (this runs inside the write
    transaction).
    """
    sql, params = _block_sql(key)
    where = f"{sql} AND id <= ? AND sort_at >= ?"
    args: list[object] = [*params, index.base, date.fromordinal(since).isoformat()]
    if until <= date.max.toordinal():
        where += " AND sort_at < ?"
        args.append(date.fromordinal(until).isoformat())
    days: dict[str, int] = {}
    rows = []
    for sid, cluster, quote, sort_at in conn.execute(
            f"SELECT id, cluster_id, quote, sort_at FROM statements WHERE {where} ORDER BY id", args):
        day = days.get(sort_at)
        if day is None:
            day = days[sort_at] = day_number(sort_at)
        rows.append((sid, cluster or 0, quote, day))
    index.load(key, rows, since)


def assign_clusters(conn: sqlite3.Connection, index: ClusterIndex,
                    rows: Sequence[tuple[int, str | None, str | None, str, str]]) -> Clustered:
    """Cluster new statements (id, speaker, actor, quote, sort_at), ids ascending: see ClusterIndex.cluster.

    The index asks this store only about what it does not know: a statement's cluster now and a
    cluster's members (another process may have written them), a block's older statements.
    """
    days = {ts: day_number(ts) for ts in {r[4] for r in rows}}  # an article's statements share its time

    def lookup(sid: int) -> tuple[int, str, str] | None:
        row = conn.execute("SELECT cluster_id, quote, speaker, actor FROM statements WHERE id = ?",
                           (sid,)).fetchone()
        return None if row is None else (row[0] or 0, row[1], block_key(row[2], row[3]))

    def members(cluster: int) -> list[tuple[str, int]]:
        return [(q, day_number(ts)) for q, ts in conn.execute(
            "SELECT quote, sort_at FROM statements WHERE cluster_id = ?", (cluster,))]

    result = index.cluster([(sid, block_key(speaker, actor), quote, days[sort_at])
                            for sid, speaker, actor, quote, sort_at in rows], lookup, members,
                           lambda key, since, until: load_history(conn, index, key, since, until))
    index.last_seen = max(index.last_seen, rows[-1][0])
    return result


def write_cluster_changes(conn: sqlite3.Connection, result: Clustered) -> None:
    """Older statements' part of a clustering, once the new rows are in: joins, then merges, in order."""
    conn.executemany("UPDATE statements SET cluster_id = ? WHERE id = ?", result.updates)
    conn.executemany("UPDATE statements SET cluster_id = ?1 WHERE cluster_id = ?2 OR id = ?2", result.merges)


def repair_clusters(conn: sqlite3.Connection, clusters: Iterable[int]) -> dict[int, int]:
    """After members were deleted: the earliest remaining member names the cluster, one alone
    leaves it, and so does any member the fullest remaining one does not hold (the copy that
    held them both is gone, and two cuts of it may not be copies of each other).

    Returns each remaining member's cluster now (0: alone).
    """
    now: dict[int, int] = {}
    for cluster in clusters:
        rows = conn.execute("SELECT id, quote, sort_at FROM statements WHERE cluster_id = ? ORDER BY id",
                            (cluster,)).fetchall()
        prints = [(sid, quote_print(quote, day_number(ts))) for sid, quote, ts in rows]
        held = [p for _, p in prints if p is not None]
        witness = max(held, key=lambda p: len(p.shingles)) if held else None
        members = [sid for sid, p in prints
                   if p is not None and witness is not None and relation(p, witness) != APART]
        if len(members) <= 1:
            members = []
        conn.executemany("UPDATE statements SET cluster_id = NULL WHERE id = ?",
                         [(sid,) for sid, _ in prints if sid not in members])
        now.update(dict.fromkeys((sid for sid, _ in prints), 0))
        if members:
            conn.execute("UPDATE statements SET cluster_id = ? WHERE cluster_id = ?", (members[0], cluster))
            now.update(dict.fromkeys(members, members[0]))
    return now
