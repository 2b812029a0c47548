"""Ranked full-text search on a real SQLite file: relevance, newest among equals, true totals, filters, copies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feeds.models import ExtractedArticle, Extraction, FeedSpec, FeedUpdate, ParsedArticle, Statement
from feeds.store import Store

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
A, B = "https://a.example/feed", "https://b.example/feed"


def said(quote: str, speaker: str | None = "Yuri Borisov", actor: str | None = "Roscosmos") -> Statement:
    return Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor, paragraph=0,
                     start=0, end=len(quote), key_score=0.5, is_key=False)


def story(n: int, *statements: Statement, hours: int = 0, title: str | None = None, text: str | None = None,
          mentions: tuple[str, ...] = ()) -> ExtractedArticle:
    article = ParsedArticle(guid=f"g{n}", link=f"https://news.example/{n}", title=title or f"Story {n}",
                            text=text or " ".join(s.quote for s in statements) or f"Story {n}.",
                            published=T0 + timedelta(hours=hours))
    return ExtractedArticle(article, Extraction(statements=statements, mentions=mentions), 1)


def write(store: Store, url: str, *items: ExtractedArticle) -> None:
    store.apply_feed_update(FeedUpdate(url=url, status="ok", started_at=T0, http_status=200, articles=items))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "search.db")
    s.sync_feeds([FeedSpec(url=A, title="Outlet A"), FeedSpec(url=B, title="Outlet B")])
    yield s
    s.close()


def test_a_word_in_the_quote_ranks_above_the_same_word_in_a_speaker_name(store: Store) -> None:
    write(store, A,
          story(1, said("We talked to the Nelson team about cargo", speaker="Bill Nelson", actor="NASA"), hours=3),
          story(2, said("The budget is settled", speaker="Bill Nelson", actor="NASA"), hours=5),
          story(3, said("Nelson is right about the cargo schedule", speaker="Dmitry Peskov", actor="Kremlin"),
                hours=1))
    page = store.search("nelson")
    # Both quotes naming Nelson come before the quote only its speaker's name matches, however new.
    assert [s.article_title for s in page.statements][-1] == "Story 2"
    assert {s.article_title for s in page.statements[:2]} == {"Story 1", "Story 3"}
    assert page.statement_total == 3 and not page.statements_windowed


def test_equally_relevant_statements_come_newest_first(store: Store) -> None:
    # The same speaker matched by name only: every row scores the same, so dates decide.
    write(store, A, *(story(n, said(f"Quote number {word}", speaker="Bill Nelson", actor="NASA"), hours=h)
                      for n, (word, h) in enumerate((("one", 2), ("two", 9), ("three", 5), ("four", 7)), 1)))
    page = store.search("nelson")
    assert [s.quote for s in page.statements] == ["Quote number two", "Quote number four", "Quote number three",
                                                  "Quote number one"]


def test_the_total_counts_every_match_beyond_the_page(store: Store) -> None:
    write(store, A, *(story(n, said(f"orbit talk number {n}"), hours=n) for n in range(1, 8)))
    page = store.search("orbit", limit=3)
    assert len(page.statements) == 3 and page.statement_total == 7
    assert len(page.articles) == 3 and page.article_total == 7
    assert store.search("nothing like it").statement_total == 0


def test_filters_by_actor_and_date_apply_to_quotes_and_articles(store: Store) -> None:
    write(store, A,
          story(1, said("the station will fly", actor="Roscosmos"), hours=0),
          story(2, said("the station is ours", speaker="Bill Nelson", actor="NASA"), hours=48),
          story(3, title="Station budget", text="The station costs money, NASA officials said.", hours=50,
                mentions=("NASA",)))
    nasa = store.search("station", actor="NASA")
    assert [s.speaker for s in nasa.statements] == ["Bill Nelson"] and nasa.statement_total == 1
    assert {a.title for a in nasa.articles} == {"Story 2", "Station budget"}  # quotes NASA, mentions NASA
    recent = store.search("station", since=T0 + timedelta(hours=24))
    assert [s.speaker for s in recent.statements] == ["Bill Nelson"]
    assert {a.title for a in recent.articles} == {"Story 2", "Station budget"}
    assert store.search("station", actor="Kremlin").statement_total == 0
    assert store.search_totals("station", actor="NASA") == (1, 2)


def test_copies_of_one_statement_are_one_result_found_through_any_copy(store: Store) -> None:
    write(store, A, story(1, said("We will begin forming a Russian orbital station"), hours=0))
    write(store, B, story(2, said("We will begin forming a Russian orbital station quickly"), hours=2))
    page = store.search("forming station")
    assert page.statement_total == 1 and page.statements[0].sources == 2
    quickly = store.search("quickly")  # only the later copy has the word: the statement shown is the first
    assert [s.article_title for s in quickly.statements] == ["Story 1"]
    assert store.search_totals("forming station") == (1, 2)


def test_past_the_window_the_newest_matches_are_ranked_and_all_are_counted(store: Store) -> None:
    write(store, A, *(story(n, said(f"lunar gateway plan {n}"), hours=n) for n in range(1, 11)))
    page = store.search("lunar", limit=2, window=4)
    assert page.statements_windowed and page.articles_windowed
    assert page.statement_total == 4  # counted within the window so far
    assert {s.article_title for s in page.statements} <= {f"Story {n}" for n in range(7, 11)}
    assert store.search_totals("lunar") == (10, 10)
    whole = store.search("lunar", limit=2, window=10)
    assert not whole.statements_windowed and whole.statement_total == 10


@pytest.mark.parametrize("hostile", ['"', "AND", "NEAR(", "*", "a OR", "-x", "quote:(x", "'; DROP TABLE x", ""])
def test_search_words_are_never_fts_syntax(store: Store, hostile: str) -> None:
    write(store, A, story(1, said("AND then x")))
    page = store.search(hostile)  # must not raise
    assert page.statement_total == len(page.statements)
    assert store.search_totals(hostile) == (page.statement_total, page.article_total)
