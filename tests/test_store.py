"""The store on a real SQLite file: schema, idempotent upserts, cross-feed stories, queries."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feeds.models import (
    ExtractedArticle,
    Extraction,
    FeedSpec,
    FeedUpdate,
    LearnedPerson,
    ParsedArticle,
    Statement,
)
from feeds.records import item_key
from feeds.store import Store
from feeds.store.base import PAGE_SIZE
from feeds.store.feeds_table import backoff_delay
from feeds.store.schema import SCHEMA_VERSION
from feeds.store.search import fts_query

T0 = datetime(2024, 7, 26, 9, 0, tzinfo=UTC)


def statement(quote: str, speaker: str | None = "Yuri Borisov", actor: str | None = "Roscosmos",
              key: bool = False) -> Statement:
    return Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor, paragraph=0,
                     start=0, end=len(quote), key_score=2.0 if key else 0.5, is_key=key,
                     key_reasons=("decision",) if key else ())


def item(n: int, *, guid: str | None = "auto", link: str | None = "auto", title: str | None = None,
         text: str | None = None, published: datetime | None = T0, quotes: tuple[str, ...] = (),
         mentions: tuple[str, ...] = (), learned: tuple[LearnedPerson, ...] = ()) -> ExtractedArticle:
    article = ParsedArticle(
        guid=f"guid-{n}" if guid == "auto" else guid,
        link=f"https://news.example/story/{n}" if link == "auto" else link,
        title=title if title is not None else f"Story {n}",
        text=text if text is not None else f"Paragraph one of story {n}.\n\nParagraph two.",
        published=published + timedelta(minutes=n) if published else None)
    extraction = Extraction(statements=tuple(statement(q) for q in quotes), mentions=mentions,
                            learned=learned)
    return ExtractedArticle(article=article, extraction=extraction, extractor_version=1)


def ok(url: str, *items: ExtractedArticle, etag: str | None = None) -> FeedUpdate:
    return FeedUpdate(url=url, status="ok", started_at=T0, http_status=200, etag=etag, articles=items)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "spacewatch.db")
    s.sync_feeds([FeedSpec(url="https://a.example/feed", title="Outlet A"),
                  FeedSpec(url="https://b.example/feed", title="Outlet B")])
    yield s
    s.close()


def test_new_database_is_wal_with_foreign_keys_and_schema_version(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.schema_version == SCHEMA_VERSION
    views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert "statements_view" in views


def test_new_database_uses_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as s:
        assert s.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE == 16384
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("CREATE TABLE unrelated (x)")  # the file now exists with 4 KiB pages
    conn.close()
    with Store.open(old) as s:
        s.sync_feeds([FeedSpec(url="https://a.example/feed")])
        s.apply_feed_update(ok("https://a.example/feed", item(1, quotes=("We will fly to the Moon",))))
        assert s.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert s.counts()["statements"] == 1
        assert s.integrity_check() == "ok"


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as s:
        s.apply_feed_update(ok("https://a.example/feed", item(1, quotes=("We will fly",))))
    with Store.open(path) as s:
        assert s.counts()["articles"] == 1
        assert s.schema_version == SCHEMA_VERSION


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(sqlite3.DatabaseError, match="newer spacewatch"):
        Store.open(path)


def test_rerun_adds_nothing(store: Store) -> None:
    update = ok("https://a.example/feed", *(item(n, quotes=("one quote here", "another one")) for n in range(5)))
    first = store.apply_feed_update(update)
    assert first.new_articles == 5 and len(first.new_statement_ids) == 10
    before = store.counts()
    second = store.apply_feed_update(update)
    assert second.new_articles == 0 and second.updated_articles == 0 and second.new_statement_ids == ()
    after = store.counts()
    assert {k: v for k, v in after.items() if k != "fetch_log"} == \
        {k: v for k, v in before.items() if k != "fetch_log"}


def test_item_keys_fall_back_from_guid_to_link_to_title_and_date() -> None:
    assert item_key(item(1).article) == "guid:guid-1"
    assert item_key(item(1, guid=None).article) == "link:https://news.example/story/1"
    no_ids = item(1, guid=None, link=None).article
    assert item_key(no_ids).startswith("title:")
    assert item_key(no_ids) != item_key(item(2, guid=None, link=None).article)


def test_items_without_guid_or_link_are_stored_once(store: Store) -> None:
    update = ok("https://a.example/feed", item(1, guid=None, link=None), item(2, guid=None, link=None))
    assert store.apply_feed_update(update).new_articles == 2
    assert store.apply_feed_update(update).new_articles == 0
    assert store.counts()["articles"] == 2


def test_same_item_twice_in_one_document_is_stored_once(store: Store) -> None:
    assert store.apply_feed_update(ok("https://a.example/feed", item(1), item(1))).new_articles == 1
    assert store.counts()["feed_items"] == 1


def test_same_story_from_two_feeds_is_one_article_both_feeds_know_it(store: Store) -> None:
    a = item(1, quotes=("We will leave the station",))
    b = ExtractedArticle(
        article=ParsedArticle(guid="other-guid", link="http://www.news.example/story/1/?utm_source=rss",
                              title="Story 1 (syndicated)", text="Same story.", published=T0),
        extraction=Extraction(statements=(statement("We will leave the station"),)), extractor_version=1)
    store.apply_feed_update(ok("https://a.example/feed", a))
    summary = store.apply_feed_update(ok("https://b.example/feed", b))
    assert summary.new_articles == 0
    counts = store.counts()
    assert counts["articles"] == 1 and counts["feed_items"] == 2 and counts["statements"] == 1
    view = store.article(1)
    assert view is not None and view.outlets == ("Outlet A", "Outlet B")
    health = {h.url: h for h in store.feed_health()}
    assert health["https://a.example/feed"].articles == 1
    assert health["https://b.example/feed"].articles == 1


def test_changed_text_updates_the_article_and_replaces_its_statements(store: Store) -> None:
    store.apply_feed_update(ok("https://a.example/feed", item(1, quotes=("first version",))))
    changed = item(1, text="Corrected text.\n\nWith a new quote.", quotes=("second version",))
    summary = store.apply_feed_update(ok("https://a.example/feed", changed))
    assert summary.updated_articles == 1 and summary.new_articles == 0
    assert [s.quote for s in store.statements()] == ["second version"]
    assert store.statements(search="first") == []
    assert [a.id for a in store.search_articles("corrected")] == [1]
    assert store.search_articles("paragraph") == []
    assert store.integrity_check() == "ok"


def test_full_text_index_stays_in_step_through_a_batch_of_changes(store: Store) -> None:
    a1 = ok("https://a.example/feed", item(1, quotes=("alpha beta gamma",)), item(2, quotes=("delta epsilon",)))
    b1 = ok("https://b.example/feed", item(3, quotes=("zeta eta theta",)))
    store.apply_feed_updates([a1, b1])
    # One batch: an article corrected, another new, one feed's item unchanged.
    a2 = ok("https://a.example/feed", item(1, text="Rewritten entirely.", quotes=("iota kappa",)),
            item(2, quotes=("delta epsilon",)), item(4, quotes=("lambda mu",)))
    store.apply_feed_updates([a2, ok("https://b.example/feed", item(3, quotes=("zeta eta theta",)))])
    store.replace_extractions([(3, Extraction(statements=(statement("nu xi omicron"),)))], version=2)
    assert store.integrity_check() == "ok"
    assert {s.quote for s in store.statements(search="kappa")} == {"iota kappa"}
    assert store.statements(search="gamma") == [] and store.statements(search="theta") == []
    assert [a.id for a in store.search_articles("rewritten")] == [1]
    assert {s.quote for s in store.statements(search="omicron")} == {"nu xi omicron"}


def test_integrity_check_notices_a_full_text_index_out_of_step(store: Store) -> None:
    store.apply_feed_update(ok("https://a.example/feed", item(1, quotes=("alpha beta",))))
    store.conn.execute("DROP TRIGGER articles_fts_update")
    store.conn.execute("UPDATE articles SET text = 'something else entirely' WHERE id = 1")
    assert store.integrity_check().startswith("articles_fts")


def test_errors_count_failures_back_off_and_keep_stored_data(store: Store) -> None:
    store.apply_feed_update(ok("https://a.example/feed", item(1, quotes=("still here",)), etag='"v1"'))
    for _ in range(3):
        store.apply_feed_update(FeedUpdate(url="https://a.example/feed", status="error",
                                           started_at=T0, http_status=500, error="HTTP 500 Internal Server Error"))
    health = {h.url: h for h in store.feed_health()}["https://a.example/feed"]
    assert health.consecutive_failures == 3
    assert health.last_status == "error" and health.last_error == "HTTP 500 Internal Server Error"
    assert health.retry_at == T0 + backoff_delay(3)
    assert health.articles == 1 and [s.quote for s in store.statements()] == ["still here"]
    assert store.feed_states()["https://a.example/feed"].etag == '"v1"'
    store.apply_feed_update(FeedUpdate(url="https://a.example/feed", status="not-modified", started_at=T0,
                                       http_status=304))
    health = {h.url: h for h in store.feed_health()}["https://a.example/feed"]
    assert health.consecutive_failures == 0 and health.last_error is None and health.retry_at is None


def test_retry_after_beyond_the_backoff_wins(store: Store) -> None:
    later = T0 + timedelta(hours=2)
    store.apply_feed_update(FeedUpdate(url="https://a.example/feed", status="error", started_at=T0,
                                       http_status=429, error="HTTP 429 Too Many Requests", retry_after=later))
    assert store.feed_states()["https://a.example/feed"].retry_at == later


def test_backoff_grows_and_is_capped() -> None:
    delays = [backoff_delay(n) for n in range(1, 40)]
    assert delays == sorted(delays)
    assert delays[0] == timedelta(minutes=1) and delays[-1] == timedelta(days=1)


def test_group_commit_writes_every_feed_atomically(store: Store) -> None:
    updates = [ok("https://a.example/feed", item(1, quotes=("alpha quote",))),
               ok("https://b.example/feed", item(2, quotes=("beta quote",))),
               FeedUpdate(url="https://c.example/feed", status="error", started_at=T0, error="connection refused")]
    summaries = store.apply_feed_updates(updates)
    assert [s.new_articles for s in summaries] == [1, 1, 0]
    assert store.counts()["articles"] == 2
    assert {h.url: h.last_status for h in store.feed_health(include_removed=True)}["https://c.example/feed"] \
        == "error"


def test_a_feed_that_cannot_be_stored_costs_the_others_nothing(store: Store) -> None:
    store.apply_feed_update(ok("https://a.example/feed", item(1)))
    # Make article 1's canonical URL collide with a row no lookup can see: an IntegrityError
    # inside the batch must not lose feed B's articles.
    store.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON feed_items WHEN new.item_key = 'guid:bad' "
                       "BEGIN SELECT RAISE(ABORT, 'constraint failed: boom'); END")
    bad = ok("https://a.example/feed", item(7, guid="bad"))
    good = ok("https://b.example/feed", item(8, quotes=("survives",)))
    summaries = store.apply_feed_updates([bad, good])
    assert summaries[0].status == "error" and "could not be stored" in (summaries[0].error or "")
    assert summaries[1].new_articles == 1
    assert [s.quote for s in store.statements()] == ["survives"]


def test_statements_page_newest_first_by_actor(store: Store) -> None:
    items = [item(n, quotes=(f"quote number {n}",)) for n in range(30)]
    store.apply_feed_update(ok("https://a.example/feed", *items))
    page1 = store.statements(actor="Roscosmos", limit=10)
    assert [s.quote for s in page1] == [f"quote number {n}" for n in range(29, 19, -1)]
    assert page1[0].outlet == "Outlet A" and page1[0].link == "https://news.example/story/29"
    last = page1[-1]
    assert last.published is not None
    page2 = store.statements(actor="Roscosmos", limit=10, before=(last.published, last.id))
    assert [s.quote for s in page2] == [f"quote number {n}" for n in range(19, 9, -1)]
    assert store.statements(actor="NASA") == []


def test_statement_filters_speaker_since_key_and_search(store: Store) -> None:
    a = item(1, quotes=("the decision was made to leave this station after 2024",))
    b = ExtractedArticle(article=item(2).article, extraction=Extraction(statements=(
        statement("No, not at all", speaker="Robyn Gatens", actor="NASA", key=True),)), extractor_version=1)
    store.apply_feed_update(ok("https://a.example/feed", a, b))
    assert [s.speaker for s in store.statements(speaker="gatens")] == ["Robyn Gatens"]
    assert [s.speaker for s in store.statements(speaker="100%_")] == []
    assert [s.quote for s in store.statements(key_only=True)] == ["No, not at all"]
    assert len(store.statements(since=T0 + timedelta(minutes=2))) == 1
    assert [s.speaker for s in store.statements(search="decision station")] == ["Yuri Borisov"]
    assert [s.speaker for s in store.statements(search="Borisov")] == ["Yuri Borisov"]
    assert [s.speaker for s in store.statements(search="statio")] == ["Yuri Borisov"]  # prefix of last word


@pytest.mark.parametrize("hostile", ['"', "AND", "NEAR(", "*", "a OR", "-x", "quote:(x", "'; DROP TABLE x"])
def test_search_input_is_never_fts_syntax(store: Store, hostile: str) -> None:
    store.apply_feed_update(ok("https://a.example/feed", item(1, quotes=("AND then x",))))
    store.statements(search=hostile)  # must not raise
    store.search_articles(hostile)
    query = fts_query(hostile)
    assert query is None or all(part.startswith('"') for part in query.split())


def test_articles_mentioning_an_actor_without_quoting_it(store: Store) -> None:
    quoted = item(1, quotes=("we are ready",), mentions=("Roscosmos", "NASA"))
    mention_only = item(2, mentions=("NASA",))
    store.apply_feed_update(ok("https://a.example/feed", quoted, mention_only))
    # Article 1 quotes a Roscosmos speaker and only mentions NASA; article 2 only mentions NASA.
    assert [a.id for a in store.articles_mentioning("NASA")] == [2, 1]
    assert store.articles_mentioning("Roscosmos") == []
    assert [a.id for a in store.articles_mentioning("Roscosmos", unquoted_only=False)] == [1]


def test_learned_people_are_remembered(store: Store) -> None:
    learned = (LearnedPerson(name="Dmitry Bakanov", actor="Roscosmos", role="head of Roscosmos"),)
    store.apply_feed_update(ok("https://a.example/feed", item(1, learned=learned)))
    assert store.learned_people() == list(learned)


def test_reextraction_replaces_statements_and_records_the_version(store: Store) -> None:
    store.apply_feed_update(ok("https://a.example/feed", item(1, quotes=("old",)), item(2)))
    batches = list(store.articles_to_extract(below_version=2))
    assert [r[0] for r in batches[0]] == [1, 2]
    fresh = Extraction(statements=(statement("new one", key=True),))
    assert store.replace_extractions([(1, fresh), (2, Extraction(statements=()))], version=2) == 1
    assert [s.quote for s in store.statements()] == ["new one"]
    assert list(store.articles_to_extract(below_version=2)) == []


def test_article_view_lists_statements_in_text_order(store: Store) -> None:
    text = "He said “first”.\n\nThen “second”."
    ex = Extraction(statements=(
        Statement(quote="second", speaker=None, speaker_as_written=None, actor="NASA", paragraph=1,
                  start=text.index("second"), end=text.index("second") + 6),
        Statement(quote="first", speaker=None, speaker_as_written=None, actor="NASA", paragraph=0,
                  start=text.index("first"), end=text.index("first") + 5)))
    store.apply_feed_update(ok("https://a.example/feed", ExtractedArticle(
        ParsedArticle(guid="g", link="https://x.example/1", title="T", text=text, published=T0), ex, 1)))
    view = store.article(1)
    assert view is not None
    assert [s.quote for s in view.statements] == ["first", "second"]
    assert all(view.text[s.start:s.end] == s.quote for s in view.statements)


def test_feeds_removed_from_config_keep_their_articles(store: Store) -> None:
    store.apply_feed_update(ok("https://b.example/feed", item(1)))
    store.sync_feeds([FeedSpec(url="https://a.example/feed", title="Outlet A")])
    assert [h.url for h in store.feed_health()] == ["https://a.example/feed"]
    assert store.counts()["articles"] == 1


def test_a_reader_and_a_writer_work_at_once_without_locking(store: Store) -> None:
    store.apply_feed_update(ok("https://a.example/feed", *(item(n, quotes=("q one two",)) for n in range(50))))
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                store.statements(actor="Roscosmos", limit=20)
                store.feed_health()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for batch in range(20):
            store.apply_feed_update(ok("https://b.example/feed",
                                       *(item(1000 + batch * 10 + n, quotes=("x y z",)) for n in range(10))))
    finally:
        done.set()
        reader.join()
    assert errors == []
    assert store.counts()["articles"] == 250
    assert store.integrity_check() == "ok"


def test_a_migration_that_fails_leaves_nothing_half_done(tmp_path: Path) -> None:
    from feeds.store import schema as store_module

    real = store_module.MIGRATIONS[1]

    def broken(db: object) -> None:
        real(db)
        raise RuntimeError("power cut")

    store_module.MIGRATIONS[1] = broken
    try:
        with pytest.raises(RuntimeError):
            Store.open(tmp_path / "x.db")
    finally:
        store_module.MIGRATIONS[1] = real
    conn = sqlite3.connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()
    with Store.open(tmp_path / "x.db") as s:  # and the next open migrates cleanly
        assert s.schema_version == SCHEMA_VERSION


def test_two_stores_opening_a_new_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_it() -> None:
        try:
            start.wait()
            Store.open(path).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
