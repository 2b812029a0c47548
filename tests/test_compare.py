"""One topic, every actor: key words of a statement and the statements that match them (FTS5), in a window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from compare_data import FOUNDING_QUOTE, MEETING_QUOTE, NOTIFICATION_QUOTE, UNRELATED, fill_week

from feeds.models import StatementView
from feeds.newsroom.topics import candidate_words, compare, key_words, window
from feeds.store import Store
from feeds.store.compare import topic_query


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "spacewatch.db")
    fill_week(s)
    yield s
    s.close()


def the(store: Store, quote: str) -> StatementView:
    return next(v for v in store.statements(limit=100) if v.quote == quote)


def test_candidate_words_leave_out_function_words_and_keep_figures() -> None:
    assert candidate_words("But we have decided to leave the station after 2024, and the station") == [
        "decided", "leave", "station", "2024"]
    assert candidate_words("Мы покинем станцию после 2024 года") == ["покинем", "станцию", "2024", "года"]


def test_the_topic_query_wants_two_of_the_words_and_reads_nothing_as_syntax() -> None:
    assert topic_query(["leave", "Station", "2024"]) == (
        '("leave" AND "station") OR ("leave" AND "2024") OR ("station" AND "2024")')
    assert topic_query(["NEAR(", 'a"b']) == '("near(" AND "a""b")'
    assert topic_query(["  "]) is None and topic_query(["Éclair"]) == '"eclair"'


def test_the_founding_example_side_by_side(store: Store) -> None:
    founding = the(store, FOUNDING_QUOTE)
    words = key_words(store, founding)
    # The words shown: the quote's own, rarest first among those another article holds too.
    assert set(words) >= {"leave", "station", "2024"} and len(words) <= 4
    first, last = window(founding)
    found = compare(store, words, first, last)
    columns = found.by_actor(["Roscosmos", "NASA", "Kremlin", "ESA"])
    assert FOUNDING_QUOTE in [v.quote for v in columns["Roscosmos"]]
    # NASA's answer shares no key word in its quote: its article names the station and 2024.
    assert [v.quote for v in columns["NASA"]] == [NOTIFICATION_QUOTE]
    assert [v.quote for v in columns["Kremlin"]] == [MEETING_QUOTE]
    assert columns["ESA"] == []
    assert not {v.quote for v in found.statements} & set(UNRELATED)
    dates = [v.published for v in found.statements]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_the_window_of_days_bounds_the_comparison(store: Store) -> None:
    founding = the(store, FOUNDING_QUOTE)
    first, last = window(founding, days=60)
    wider = compare(store, ["station", "2024"], first, last)
    assert UNRELATED[2] in [v.quote for v in wider.statements]  # six weeks earlier: only in a wider window
    first, last = window(founding)
    assert last - first == timedelta(days=15) - timedelta(seconds=1)
    assert UNRELATED[2] not in [v.quote for v in compare(store, ["station", "2024"], first, last).statements]


def test_words_the_user_types_are_the_search(store: Store) -> None:
    founding = the(store, FOUNDING_QUOTE)
    first, last = window(founding)
    moon = compare(store, ["moon", "money"], first, last)
    assert [v.quote for v in moon.statements] == [UNRELATED[0]]
    assert compare(store, ["launcher"], first, last).statements[0].actor == "ESA"
    assert compare(store, ['"', "*"], first, last).statements == ()


def test_a_compare_shows_stars(store: Store) -> None:
    founding = the(store, FOUNDING_QUOTE)
    store.set_mark(the(store, NOTIFICATION_QUOTE).id, "starred", True)
    first, last = window(founding)
    found = compare(store, key_words(store, founding), first, last)
    assert [v.quote for v in found.statements if v.starred] == [NOTIFICATION_QUOTE]
