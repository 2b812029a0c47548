"""Stars and read marks in the database: they survive restarts, re-extraction and a quote's copies changing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feeds.models import ExtractedArticle, Extraction, FeedSpec, FeedUpdate, ParsedArticle, Statement
from feeds.store import Store
from feeds.store.marks import quote_key

T0 = datetime(2024, 7, 26, 9, 0, tzinfo=UTC)
QUOTE = "We will meet every obligation to our partners, but we have decided to leave the station after 2024"
OTHER = "A Russian orbital station will be the main priority of the space programme"
FEEDS = [FeedSpec(url=f"https://{name.lower()}.example/feed", title=name) for name in ("TASS", "Reuters")]


def st(quote: str, speaker: str | None = "Yuri Borisov") -> Statement:
    return Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor="Roscosmos", paragraph=0,
                     start=0, end=len(quote))


def art(key: str, *statements: Statement, text: str | None = None) -> ExtractedArticle:
    article = ParsedArticle(guid=key, link=f"https://{key}.example/story", title=f"Story {key}",
                            text=text or f"Text of {key}.", published=T0)
    return ExtractedArticle(article=article, extraction=Extraction(statements=statements), extractor_version=1)


def feed(n: int, *items: ExtractedArticle) -> FeedUpdate:
    return FeedUpdate(url=FEEDS[n].url, status="ok", started_at=T0, articles=items)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "spacewatch.db")
    s.sync_feeds(FEEDS)
    yield s
    s.close()


def by_quote(store: Store) -> dict[str, tuple[bool, bool]]:
    return {v.quote: (v.starred, v.read) for v in store.statements(limit=50)}


def test_quote_key_ignores_case_spacing_and_punctuation() -> None:
    assert quote_key("“We  will,” — LEAVE\u00a0after 2024…") == quote_key("we will leave after 2024") != ""


def test_a_star_survives_a_restart_and_filters_to_starred_only(tmp_path: Path, store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE), st(OTHER))))
    target = next(v for v in store.statements() if v.quote == QUOTE)
    assert store.toggle_mark(target.id, "starred") is True
    store.close()
    with Store.open(tmp_path / "spacewatch.db") as again:
        assert by_quote(again) == {QUOTE: (True, False), OTHER: (False, False)}
        assert [v.quote for v in again.statements(starred=True)] == [QUOTE]
        assert again.statement(target.id) is not None and again.statement(target.id).starred  # type: ignore[union-attr]
        assert again.toggle_mark(target.id, "starred") is False
        assert again.statements(starred=True) == []
        assert again.conn.execute("SELECT count(*) FROM marks").fetchone()[0] == 0  # nothing left to keep


def test_read_and_starred_are_separate_marks(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE), st(OTHER))))
    ids = {v.quote: v.id for v in store.statements()}
    store.set_mark(ids[QUOTE], "read", True)
    store.set_mark(ids[OTHER], "starred", True)
    store.set_mark(ids[OTHER], "read", True)
    assert by_quote(store) == {QUOTE: (False, True), OTHER: (True, True)}
    store.set_mark(ids[OTHER], "read", False)
    assert by_quote(store) == {QUOTE: (False, True), OTHER: (True, False)}
    with pytest.raises(ValueError):
        store.set_mark(ids[QUOTE], "liked", True)


def test_a_star_survives_reextraction_that_gives_the_statement_a_new_id(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE, speaker="Borisov"))))
    [old] = store.statements()
    store.set_mark(old.id, "starred", True)
    # The extractor now knows the full name: same words, another speaker, so another statement id.
    store.replace_extractions([(old.article_id, Extraction(statements=(st(QUOTE, "Yuri Borisov"), st(OTHER))))],
                              version=2)
    now = {v.quote: v for v in store.statements()}
    assert now[QUOTE].speaker == "Yuri Borisov"
    assert now[QUOTE].starred and not now[OTHER].starred
    assert [v.quote for v in store.statements(starred=True)] == [QUOTE]


def test_a_star_stays_when_the_copy_that_stood_for_the_quote_goes(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE))))
    store.apply_feed_update(feed(1, art("b", st(QUOTE), text="Another outlet's text of the story.")))
    [row] = store.statements()
    assert row.sources == 2 and row.outlet == "TASS"
    store.set_mark(row.id, "starred", True)
    # TASS's article is corrected and no longer carries the quote: Reuters' copy stands for it now.
    store.replace_extractions([(row.article_id, Extraction(statements=()))], version=2)
    [now] = store.statements()
    assert now.id != row.id and now.outlet == "Reuters"
    assert now.starred and [v.id for v in store.statements(starred=True)] == [now.id]


def test_a_copy_that_arrives_later_shows_the_star_of_its_first_copy(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE))))
    [row] = store.statements()
    store.set_mark(row.id, "starred", True)
    store.apply_feed_update(feed(1, art("b", st(QUOTE), text="Another outlet's text of the story.")))
    copies = store.statements(collapse=False)
    assert len(copies) == 2 and all(v.starred for v in copies)
    assert len(store.statements(starred=True, collapse=False)) == 2


def test_seen_ids_only_move_forward(store: Store) -> None:
    assert store.seen_ids() == {}
    store.save_seen({"NASA": 10, "Roscosmos": 4})
    store.save_seen({"NASA": 7})  # another dashboard that looked earlier does not undo this one's look
    assert store.seen_ids() == {"NASA": 10, "Roscosmos": 4}


def test_settings_are_kept(store: Store) -> None:
    assert store.setting("export_format") is None
    store.set_setting("export_format", "csv")
    store.set_setting("export_format", "md")
    assert store.setting("export_format") == "md"
