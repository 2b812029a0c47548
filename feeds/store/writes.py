"""Writes: one refresh's feed outcomes, articles, statements and what articles taught about people."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..dedupe import MAX_INDEXED, Clustered, ClusterIndex, block_key, quote_print
from ..models import ArticleRecord, ExtractedArticle, Extraction, ExtractionRows, FeedUpdate, WriteSummary
from ..records import article_record, distinct_items, extraction_rows, to_ts
from .base import utcnow
from .clusters import assign_clusters, day_number, repair_clusters, write_cluster_changes
from .feeds_table import FeedsTable

# A speaker's (full name, actor) as the extractor's resolver knows them now, or None: see
# feeds/refresh/people.py, which makes one knowing the people the articles being written teach.
Resolve = Callable[[str], tuple[str, str] | None]


def told(rows: ExtractionRows, resolve: Resolve) -> ExtractionRows:
    """An extraction's statements with the speakers `resolve` knows better: a speaker without an
    actor, or named by surname only, takes the known person's full name and actor (unless the
    article gave another actor: someone else of that surname)."""
    statements = []
    actors = set(rows.mentions)
    changed = False
    for s in rows.statements:
        speaker, actor = s[1], s[3]
        if speaker and (actor is None or " " not in speaker) and (known := resolve(speaker)) is not None \
                and (actor is None or actor == known[1]) and (known[0], known[1]) != (speaker, actor):
            s = (s[0], known[0], s[2], known[1], *s[4:])
            actors.add(known[1])
            changed = True
        statements.append(s)
    if not changed:
        return rows
    return ExtractionRows(tuple(statements), tuple(sorted(actors)), rows.learned)


class ArticleWrites(FeedsTable):
    """A feed's refresh written all-or-nothing; re-extraction of stored articles."""

    def apply_feed_update(self, update: FeedUpdate, *, resolve: Resolve | None = None) -> WriteSummary:
        """Write one feed's outcome in one transaction. Idempotent: the same update twice adds nothing.

        `resolve`: speakers known better than when the articles were extracted (see told()).
        """
        with self.transaction() as conn:
            return self._apply(conn, update, resolve)

    def apply_feed_updates(self, updates: Sequence[FeedUpdate], *,
                           resolve: Resolve | None = None) -> list[WriteSummary]:
        """Write several feeds' outcomes in one transaction (group commit), each all-or-nothing.

        A refresh hands over whatever feeds arrived while the previous batch was being written;
        one commit for them all keeps FTS5 from flushing a segment per feed. Never raises for
        the database: should the batch be refused for what one feed holds (a constraint), every
        feed is written again alone, so that feed costs the others nothing; should the database
        itself fail (disk full, I/O error, read-only, locked too long), nothing of the batch is
        written and each feed's summary says it was not stored (WriteSummary.stored is False).
        `resolve`: as in apply_feed_update.
        """
        if len(updates) > 1:
            try:
                with self.transaction() as conn:
                    return [self._apply(conn, u, resolve) for u in updates]
            except (sqlite3.IntegrityError, sqlite3.DataError):
                pass  # written again feed by feed, below
            except sqlite3.Error as exc:
                return [WriteSummary.not_stored(u.url, exc) for u in updates]
        return [self._apply_alone(u, resolve) for u in updates]

    def _apply_alone(self, update: FeedUpdate, resolve: Resolve | None = None) -> WriteSummary:
        try:
            return self.apply_feed_update(update, resolve=resolve)
        except (sqlite3.IntegrityError, sqlite3.DataError) as exc:
            failed = FeedUpdate(url=update.url, status="error", started_at=update.started_at,
                                duration_ms=update.duration_ms, http_status=update.http_status,
                                error=f"could not be stored: {exc}")
            try:
                return self.apply_feed_update(failed)
            except sqlite3.Error as again:
                return WriteSummary.not_stored(update.url, again)
        except sqlite3.Error as exc:
            return WriteSummary.not_stored(update.url, exc)

    def _apply(self, conn: sqlite3.Connection, update: FeedUpdate, resolve: Resolve | None = None) -> WriteSummary:
        feed_id = self._feed_id(conn, update.url)
        new = updated = 0
        new_ids: list[int] = []
        if update.status == "ok":
            new, updated, new_ids = self._store_articles(conn, feed_id, update.articles, resolve)
        self._record_feed_outcome(conn, feed_id, update, new)
        return WriteSummary(url=update.url, status=update.status, new_articles=new,
                            updated_articles=updated, new_statement_ids=tuple(new_ids),
                            error=update.error, warning=update.warning)

    def _store_articles(self, conn: sqlite3.Connection, feed_id: int, items: Sequence[ExtractedArticle | ArticleRecord],
                        resolve: Resolve | None = None) -> tuple[int, int, list[int]]:
        """Upsert a feed's items: (new articles, updated articles, new statement ids).

        An item the feed already carried (same guid, else link, else title and date) is updated
        only when its text changed; a new item whose canonical URL is already stored joins that
        article (the same story from another feed) instead of duplicating it. New rows go in
        with executemany and explicit ids (this transaction holds the write lock). Items come as
        ArticleRecords from the parser workers, or as ExtractedArticles from code in this process.
        """
        now = to_ts(utcnow())
        known = dict(conn.execute("SELECT item_key, article_id FROM feed_items WHERE feed_id = ?",
                                  (feed_id,)).fetchall())
        next_article = int(conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM articles").fetchone()[0])
        articles: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        extractions: list[tuple[int, ExtractionRows | None, str]] = []
        batch_urls: dict[str, int] = {}
        batch_texts: dict[str, int] = {}
        updated = 0
        updated_ids: list[int] = []
        records = distinct_items([item if isinstance(item, ArticleRecord) else article_record(item) for item in items])
        for r in records:
            key = r.key
            if key in known:
                article_id = known[key]
                if article_id < 0:
                    continue  # the same item twice in one document (distinct_items keeps one)
                old = conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
                if old is None or old[0] == r.content_hash:
                    continue
                sort_at = self._update_article(conn, article_id, r)
                updated_ids += self._write_extractions(conn, [(article_id, r.extraction, sort_at)], replace=True,
                                                       resolve=resolve)
                updated += 1
                continue
            canon = r.canonical_url
            article_id = batch_urls.get(canon, 0) if canon else 0
            if not article_id and canon:
                row = conn.execute("SELECT id FROM articles WHERE canonical_url = ?", (canon,)).fetchone()
                article_id = int(row[0]) if row else 0
            text_key = r.text_key
            if not article_id and text_key:
                # The same story syndicated under another URL: the same words make it the same article.
                article_id = batch_texts.get(text_key, 0)
                if not article_id:
                    row = conn.execute("SELECT id FROM articles WHERE text_key = ?", (text_key,)).fetchone()
                    article_id = int(row[0]) if row else 0
            if not article_id:
                article_id = next_article
                next_article += 1
                sort_at = r.published or now
                articles.append((article_id, canon, r.link, r.title, r.author, r.summary, r.text, r.lang,
                                 r.published, now, sort_at, r.content_hash, r.extractor_version, text_key))
                extractions.append((article_id, r.extraction, sort_at))
                if canon:
                    batch_urls[canon] = article_id
                if text_key:
                    batch_texts[text_key] = article_id
            known[key] = -1
            links.append((feed_id, key, article_id, r.guid, r.link, now))
        conn.executemany(
            """INSERT INTO articles (id, canonical_url, link, title, author, summary, text, lang,
                   published_at, first_seen_at, sort_at, content_hash, extractor_version, text_key)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", articles)
        self._queue_fts("articles", [(r[0], r[3], r[6]) for r in articles])
        conn.executemany(
            """INSERT INTO feed_items (feed_id, item_key, article_id, guid, link, first_seen_at)
               VALUES (?, ?, ?, ?, ?, ?)""", links)
        new_ids = self._write_extractions(conn, extractions, replace=False, resolve=resolve)
        return len(articles), updated, new_ids + updated_ids

    def _update_article(self, conn: sqlite3.Connection, article_id: int, r: ArticleRecord) -> str:
        self._flush_fts(conn)  # the update trigger must find the old row in the index
        conn.execute(
            """UPDATE articles SET title = ?, author = ?, summary = ?, text = ?, lang = ?,
                   published_at = COALESCE(?, published_at), sort_at = COALESCE(?, sort_at),
                   content_hash = ?, extractor_version = ?, text_key = ? WHERE id = ?""",
            (r.title, r.author, r.summary, r.text, r.lang, r.published, r.published, r.content_hash,
             r.extractor_version, r.text_key, article_id))
        return str(conn.execute("SELECT sort_at FROM articles WHERE id = ?", (article_id,)).fetchone()[0])

    def _write_extractions(self, conn: sqlite3.Connection,
                           extractions: Sequence[tuple[int, ExtractionRows | None, str]],
                           *, replace: bool, resolve: Resolve | None = None) -> list[int]:
        """Store (article id, extraction rows, sort time) triples; returns the new statement ids.
        `resolve`: speakers known better than when the articles were extracted (told()).

        Replacing keeps the id of every statement whose quote did not change in its article, so a
        re-extraction or a corrected article neither repeats alerts nor loses the reader's place;
        only statements that are really new get new ids, and are clustered. A kept statement keeps
        its cluster too, unless its speaker changed ("Borisov" now known as "Yuri Borisov"): then
        it leaves the old cluster and is clustered again among the new speaker's statements.
        """
        if resolve is not None:
            extractions = [(a, None if e is None else told(e, resolve), t) for a, e, t in extractions]
        old: dict[tuple[int, str], list[tuple[int, str | None, str]]] = {}  # (article, quote) -> (id, speaker, block)
        gone: dict[int, tuple[int | None, str, str]] = {}  # id -> (cluster, block, quote): rows not kept as they were
        # Taken before deleting: a number once used is never given to another statement.
        next_id = int(conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM statements").fetchone()[0])
        stored_max = next_id - 1
        clusters_of: dict[int, int | None] = {}
        if replace:
            self._flush_fts(conn)  # the delete triggers must find every row they take out
            ids_only = [(e[0],) for e in extractions]
            for (article_id,) in ids_only:
                for sid, quote, speaker, actor, cluster in conn.execute(
                        "SELECT id, quote, speaker, actor, cluster_id FROM statements WHERE article_id = ? "
                        "ORDER BY id", (article_id,)):
                    key = block_key(speaker, actor)
                    old.setdefault((article_id, quote), []).append((sid, speaker, key))
                    gone[sid] = (cluster, key, quote)
                    clusters_of[sid] = cluster
            conn.executemany("DELETE FROM statements WHERE article_id = ?", ids_only)
            conn.executemany("DELETE FROM article_actors WHERE article_id = ?", ids_only)
        new_ids: list[int] = []
        rows: list[tuple[Any, ...]] = []
        moved: list[tuple[Any, ...]] = []
        mentions: list[tuple[int, str, str]] = []
        people: dict[str, tuple[Any, ...]] = {}  # by name: what the newest article taught
        now = to_ts(utcnow())
        for article_id, extraction, sort_at in extractions:
            if extraction is None:
                continue
            for ordinal, s in enumerate(extraction.statements):
                same = old.get((article_id, s[0])) if old else None
                if same:
                    # The same quote in the same article is the same statement: the one by the same
                    # speaker if there are two, else the one whose speaker is now told differently.
                    i = next((i for i, e in enumerate(same) if e[1] == s[1]), 0)
                    sid, _speaker, key = same.pop(i)
                    if key == block_key(s[1], s[3]):
                        del gone[sid]
                        rows.append((sid, article_id, ordinal, *s, sort_at, clusters_of[sid]))
                    else:
                        moved.append((sid, article_id, ordinal, *s, sort_at, None))
                    continue
                sid = next_id
                next_id += 1
                new_ids.append(sid)
                rows.append((sid, article_id, ordinal, *s, sort_at, None))
            mentions += [(article_id, a, sort_at) for a in extraction.mentions]
            for name, actor, role in extraction.learned:
                people[name] = (name, actor, role, article_id, now)
        index = self._clusters
        if gone and index is not None:
            for sid, (_cluster, key, quote) in gone.items():
                index.forget(key, sid, quote)
        fresh = set(new_ids)
        result = self._cluster(conn, [(r[0], r[4], r[6], r[3], r[14]) for r in rows if r[0] in fresh],
                               stored_max) if new_ids else None
        self._insert_statements(conn, rows, result)
        conn.executemany("INSERT OR IGNORE INTO article_actors (article_id, actor, sort_at) VALUES (?, ?, ?)",
                         mentions)
        # Most articles teach what is already known ("Kremlin spokesman Dmitry Peskov"): a row
        # changes only when a person's actor or role does.
        conn.executemany(
            """INSERT INTO people (name, actor, role, article_id, learned_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (name) DO UPDATE SET actor = excluded.actor,
                   role = COALESCE(excluded.role, role), article_id = excluded.article_id,
                   learned_at = excluded.learned_at
               WHERE people.actor IS NOT excluded.actor
                  OR (excluded.role IS NOT NULL AND people.role IS NOT excluded.role)""", list(people.values()))
        if result is not None:
            write_cluster_changes(conn, result)
        if gone:
            self._repair(conn, {c for c, _k, _q in gone.values() if c is not None})
        if moved:  # after the repair: their old clusters are named without them by now
            moved.sort()
            moved_result = self._cluster(conn, [(r[0], r[4], r[6], r[3], r[14]) for r in moved], next_id - 1)
            self._insert_statements(conn, moved, moved_result)
            write_cluster_changes(conn, moved_result)
        return new_ids

    def _insert_statements(self, conn: sqlite3.Connection, rows: list[tuple[Any, ...]],
                           result: Clustered | None) -> None:
        """Insert statement rows; those without a cluster (None in their last column) take the one
        `result` assigned them."""
        if result is not None:
            assigned = result.assigned
            rows = [(*r[:15], assigned.get(r[0]) or None) if r[15] is None else r for r in rows]
        conn.executemany(
            """INSERT INTO statements (id, article_id, ordinal, quote, speaker, speaker_as_written, actor,
                   paragraph, start, "end", key_score, is_key, key_reasons, lang, sort_at, cluster_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
        self._queue_fts("statements", [(r[0], r[3], r[4], r[5]) for r in rows])

    def _repair(self, conn: sqlite3.Connection, clusters: set[int]) -> None:
        """Clusters that lost members: named and witnessed again (repair_clusters), in the index too."""
        repaired = repair_clusters(conn, clusters)
        index = self._clusters
        if index is None or not repaired:
            return
        index.repaired(repaired, clusters)
        # Copies of a member are not indexed while it is; now it may be gone.
        marks = ",".join("?" * len(repaired))
        for sid, speaker, actor, quote, sort_at in conn.execute(
                f"SELECT id, speaker, actor, quote, sort_at FROM statements WHERE id IN ({marks})", list(repaired)):
            if (qp := quote_print(quote, day_number(sort_at))) is not None:
                index.add(block_key(speaker, actor), sid, qp)

    def _sync_index(self, conn: sqlite3.Connection, stored_max: int) -> ClusterIndex:
        """The cluster index, in step with what other connections committed; `stored_max`: the
        highest statement id stored (inside this write transaction)."""
        index = self._clusters
        # data_version moves when another connection commits: what this index knows of clusters
        # may be stale then, and the statements that connection wrote are missing from it.
        version = (id(conn), int(conn.execute("PRAGMA data_version").fetchone()[0]))
        if index is None:
            index = self._clusters = ClusterIndex(base=stored_max)
        else:
            if index.version != version:
                index.invalidate()
            if index.last_seen < stored_max:
                for sid, speaker, actor, quote, sort_at in conn.execute(
                        "SELECT id, speaker, actor, quote, sort_at FROM statements WHERE id > ? AND id <= ?",
                        (index.last_seen, stored_max)):
                    qp = quote_print(quote, day_number(sort_at))
                    if qp is not None:
                        index.add(block_key(speaker, actor), sid, qp)
                index.last_seen = stored_max
        index.version = version
        return index

    def _cluster(self, conn: sqlite3.Connection, rows: list[tuple[int, str | None, str | None, str, str]],
                 stored_max: int) -> Clustered:
        """Find the clusters of statements (id, speaker, actor, quote, sort_at), none of them stored
        in their block yet; `stored_max`: the highest id stored before them."""
        index = self._sync_index(conn, stored_max)
        result = assign_clusters(conn, index, rows)
        if index.size > MAX_INDEXED:
            self._clusters = None  # rebuilt lazily, block by block, from the statements stored
        return result

    # --- re-extraction ------------------------------------------------------------------------

    def articles_to_extract(self, *, below_version: int | None = None, batch: int = 500,
                            ) -> Iterator[list[tuple[int, str, str, str | None]]]:
        """Batches of (id, title, text, lang) whose extraction is missing or older than a version."""
        last = 0
        cond = "1" if below_version is None else "(extractor_version IS NULL OR extractor_version < ?)"
        while True:
            params: list[Any] = [last] + ([below_version] if below_version is not None else []) + [batch]
            rows = self.conn.execute(
                f"SELECT id, title, text, lang FROM articles WHERE id > ? AND {cond} ORDER BY id LIMIT ?",
                params).fetchall()
            if not rows:
                return
            yield [(r[0], r[1], r[2], r[3]) for r in rows]
            last = rows[-1][0]

    def article_feed_actor(self, article_id: int) -> str | None:
        row = self.conn.execute(
            """SELECT f.actor FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id
               WHERE fi.article_id = ? AND f.actor IS NOT NULL ORDER BY fi.first_seen_at LIMIT 1""",
            (article_id,)).fetchone()
        return row[0] if row else None

    def replace_extractions(self, results: Iterable[tuple[int, Extraction]], version: int) -> int:
        """Store fresh extractions for existing articles, all in one transaction; returns statements."""
        results = list(results)
        with self.transaction() as conn:
            sort_at: dict[int, str] = {}
            ids = [article_id for article_id, _ in results]
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                sort_at.update(conn.execute(
                    f"SELECT id, sort_at FROM articles WHERE id IN ({','.join('?' * len(part))})", part).fetchall())
            found = [(article_id, extraction_rows(extraction), sort_at[article_id])
                     for article_id, extraction in results
                     if article_id in sort_at]  # an article deleted meanwhile is skipped
            self._write_extractions(conn, found, replace=True)
            conn.executemany("UPDATE articles SET extractor_version = ? WHERE id = ?",
                             [(version, f[0]) for f in found])
        return sum(len(f[1].statements) for f in found)

