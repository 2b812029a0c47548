"""What articles teach about speakers reaches all their statements, in the same refresh and after (12.4, 11.11)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FeedServer, rss, rss_item

from feeds.config import packaged_config_text, parse_config
from feeds.models import (
    Config,
    ExtractedArticle,
    Extraction,
    FeedSpec,
    FeedUpdate,
    FetchSettings,
    LearnedPerson,
    ParsedArticle,
    Statement,
)
from feeds.refresh import refresh_all
from feeds.refresh.people import LearnedPeople
from feeds.statements import EXTRACTOR_VERSION, extract
from feeds.statements.actors import ActorResolver
from feeds.store import Store

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
FEEDS = [FeedSpec(url=f"https://{name.lower()}.example/feed", title=name) for name in ("TASS", "Reuters", "AFP")]
QUOTE = "It is too early to speak about a new date for the launch of the Soyuz MS-28 crew"
OTHER_QUOTE = "Frankly, the schedule for the Soyuz MS-28 crew was always optimistic"


def st(quote: str, speaker: str | None, actor: str | None = None) -> Statement:
    return Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor, paragraph=0,
                     start=0, end=len(quote))


def art(key: str, *statements: Statement, hours: int = 0, learned: tuple[LearnedPerson, ...] = ()
        ) -> ExtractedArticle:
    article = ParsedArticle(guid=key, link=f"https://{key}.example/story", title=f"Story {key}",
                            text=f"Text of {key}.", published=T0 + timedelta(hours=hours))
    return ExtractedArticle(article, Extraction(statements=statements, learned=learned), 1)


def feed(n: int, *items: ExtractedArticle) -> FeedUpdate:
    return FeedUpdate(url=FEEDS[n].url, status="ok", started_at=T0, articles=items)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "spacewatch.db")
    s.sync_feeds(FEEDS)
    yield s
    s.close()


def albright(speaker: str) -> tuple[str, str] | None:
    return ("Kenneth Albright", "NASA") if speaker in ("Albright", "Kenneth Albright") else None


def rows(store: Store) -> dict[int, tuple[str | None, str | None, int | None]]:
    return {sid: (speaker, actor, cluster) for sid, speaker, actor, cluster in store.conn.execute(
        "SELECT id, speaker, actor, cluster_id FROM statements")}


# --- the store ----------------------------------------------------------------------------------

def test_stored_speakers_are_told_again_and_keep_their_ids(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE, "Albright"))))  # only the surname: a statement of its own
    seen = store.max_statement_id()  # what a pane has shown
    store.apply_feed_updates([  # the next refresh
        feed(1, art("b", st(QUOTE + ".", "Kenneth Albright"), st(OTHER_QUOTE, "Kenneth Albright"), hours=1)),
        feed(2, art("c", st("Nothing to add on the budget of the agency for now", "Pavel Ostrovsky"), hours=2)),
    ])
    before = rows(store)
    assert sorted(r.sources for r in store.statements()) == [1, 1, 1, 1]
    assert store.resolve_speakers(albright) == 3
    after = rows(store)
    assert after.keys() == before.keys()  # ids kept: no alert fires again, no pane loses its place
    assert sorted(v[:2] for v in after.values()) == [("Kenneth Albright", "NASA")] * 3 + [("Pavel Ostrovsky", None)]
    nasa = store.statements(actor="NASA")
    assert sorted((r.quote, r.sources) for r in nasa) == [(OTHER_QUOTE, 1), (QUOTE, 2)]  # the copies met
    # New to the NASA pane, the older statement too, once: its copy from b is not counted again.
    assert store.new_statement_counts(seen) == {"NASA": 2, None: 1}
    assert store.new_statement_counts(store.max_statement_id()) == {}
    assert store.resolve_speakers(albright) == 0
    hits = store.statements(search="Kenneth")
    assert len(hits) == 2 and store.integrity_check() == "ok"


def test_someone_else_of_that_surname_is_left_alone(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE, "Albright", "US State Department"))))
    assert store.resolve_speakers(albright) == 0
    assert list(rows(store).values()) == [("Albright", "US State Department", None)]


def test_a_batch_is_written_knowing_the_people_it_teaches(store: Store) -> None:
    config = parse_config(packaged_config_text(), None)
    taught = (LearnedPerson(name="Kenneth Albright", actor="NASA", role="NASA associate administrator"),)
    summaries = LearnedPeople(config).write(store, [
        feed(0, art("a", st(QUOTE, "Albright"))),  # parsed elsewhere, before anyone knew him
        feed(1, art("b", st(OTHER_QUOTE, "Kenneth Albright", "NASA"), learned=taught)),
    ])
    assert [len(s.new_statement_ids) for s in summaries] == [1, 1]
    assert sorted(v[:2] for v in rows(store).values()) == [("Kenneth Albright", "NASA")] * 2
    assert store.conn.execute("SELECT actor FROM article_actors").fetchall() == [("NASA",), ("NASA",)]


def test_a_speaker_known_better_on_reextraction_keeps_one_identity(store: Store) -> None:
    # Issue 11.11: "Borisov" on the first fetch, "Yuri Borisov" once he is known.
    store.apply_feed_updates([
        feed(0, art("a", st(QUOTE, "Borisov"))),
        feed(1, art("b", st(QUOTE.upper(), "Yuri Borisov", "Roscosmos"), hours=1)),
    ])
    ids = set(rows(store))
    first = store.conn.execute("SELECT article_id FROM statements WHERE speaker = 'Borisov'").fetchone()[0]
    told = Extraction(statements=(st(QUOTE, "Yuri Borisov", "Roscosmos"),))
    store.replace_extractions([(first, told)], version=EXTRACTOR_VERSION)
    assert set(rows(store)) == ids
    [row] = store.statements(actor="Roscosmos")  # one statement, both outlets behind it
    assert row.sources == 2 and row.speaker == "Yuri Borisov"
    # A corrected article (a new text, the same quote) neither repeats alerts nor adds a row.
    changed = art("a", st(QUOTE, "Yuri Borisov", "Roscosmos"))
    changed = dataclasses.replace(changed, article=dataclasses.replace(changed.article, text="Corrected text."))
    summary = store.apply_feed_update(feed(0, changed))
    assert summary.updated_articles == 1 and summary.new_statement_ids == () and set(rows(store)) == ids


# --- a refresh ----------------------------------------------------------------------------------

ARTICLES = [
    # Only this one says whom he speaks for; the others are parsed in other processes, before or after.
    "<p>“We remain fully committed to the station through 2030,” said Kenneth Albright, NASA associate "
    "administrator.</p>",
    "<p>The launch slipped again.</p><p>“It is too early to speak about a new date for Soyuz MS-28,” "
    "Kenneth Albright told reporters on Monday.</p>",
    "<p>“Frankly, the schedule was always optimistic,” Albright said.</p>",
    "<p>“Our partners have been informed, and we expect a reply within weeks,” Albright said on Tuesday.</p>",
]


def config_with(urls: list[str]) -> Config:
    config = parse_config(packaged_config_text(), None)
    settings = FetchSettings(concurrency=8, per_host=8, connect_timeout=2.0, read_timeout=5.0,
                             max_bytes=4 * 1024 * 1024, max_redirects=3, user_agent="spacewatch-test/1")
    return dataclasses.replace(config, feeds=tuple(FeedSpec(url=u) for u in urls), fetch=settings)


async def test_one_refresh_applies_what_any_article_taught(tmp_path: Path, feed_server: FeedServer) -> None:
    urls = [feed_server.feed(f"/f{i}.xml", rss([rss_item(i, text=text)])) for i, text in enumerate(ARTICLES)]
    config = config_with(urls)
    with Store.open(tmp_path / "sw.db") as store:
        results = await refresh_all(store, config, workers=2)  # parsed in two worker processes
        assert [r.status for r in results] == ["ok"] * 4
        people = {(s.speaker, s.actor) for s in store.statements(limit=50)}
        assert people == {("Kenneth Albright", "NASA")}
        assert store.new_statement_counts(0) == {"NASA": 4}
        # What `spacewatch reextract --all` would find, found already.
        resolver = ActorResolver.from_config(config, learned=store.learned_people())
        again = [(a, extract(text, title=title, lang=lang, resolver=resolver))
                 for batch in store.articles_to_extract() for a, title, text, lang in batch]
        assert {(s.speaker, s.actor) for _, e in again for s in e.statements} == people
