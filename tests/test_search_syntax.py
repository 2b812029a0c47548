"""The search box's filters: actor:NAME and since:7d among the words, as a journalist would type them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from conftest import BERLIN_ZONE

from feeds.models import Actor
from tui.search_syntax import next_actor, next_since, parse_search, set_filter

NOW = datetime(2025, 6, 6, 18, 0, tzinfo=UTC)
ACTORS = (Actor("Roscosmos", aliases=("Роскосмос",)), Actor("NASA"), Actor("White House"), Actor("US Congress"),
          Actor("US State Department", aliases=("State Department",)))


def test_words_without_filters_are_searched_as_typed() -> None:
    request = parse_search("  moon   base ", ACTORS, NOW)
    assert (request.words, request.actor, request.since, request.problem) == ("moon base", None, None, "")


@pytest.mark.parametrize(("text", "actor"), [
    ("station actor:nasa", "NASA"),
    ("actor:Роскосмос station", "Roscosmos"),  # an alias
    ('station actor:"white house"', "White House"),  # a name with a space, quoted
    ("station actor:white", "White House"),  # the start of one name only
    ('station actor:"state department"', "US State Department"),
    ("station ACTOR:NASA", "NASA"),
])
def test_the_actor_filter_takes_names_aliases_and_unique_starts(text: str, actor: str) -> None:
    request = parse_search(text, ACTORS, NOW)
    assert request.words == "station" and request.actor == actor and not request.problem


def test_an_unknown_or_ambiguous_actor_is_a_problem_named() -> None:
    request = parse_search("station actor:esa", ACTORS, NOW)
    assert request.actor is None and "no actor called “esa”" in request.problem and "NASA" in request.problem
    assert "no actor called “us”" in parse_search("actor:us", ACTORS, NOW).problem  # US Congress or State?
    assert parse_search("station actor:", ACTORS, NOW).problem == ""  # typed halfway: ignored for now


@pytest.mark.parametrize(("value", "back", "label"), [
    ("7d", timedelta(days=7), "in the last 7 days"),
    ("24h", timedelta(hours=24), "in the last 24 hours"),
    ("1h", timedelta(hours=1), "in the last 1 hour"),
    ("2w", timedelta(weeks=2), "in the last 2 weeks"),
    ("1y", timedelta(days=365), "in the last 1 year"),
])
def test_since_takes_a_span(value: str, back: timedelta, label: str) -> None:
    request = parse_search(f"moon since:{value}", ACTORS, NOW)
    assert request.since == NOW - back and request.since_label == label and request.words == "moon"


def test_since_takes_a_date_or_a_day_in_the_readers_zone(local_zone: Callable[[str], None]) -> None:
    local_zone(BERLIN_ZONE)
    berlin_midnight = datetime(2025, 6, 5, 22, 0, tzinfo=UTC)  # 2025-06-06 00:00 CEST
    assert parse_search("since:2025-06-06 moon", ACTORS, NOW).since == berlin_midnight
    assert parse_search("since:today moon", ACTORS, NOW).since == berlin_midnight
    assert parse_search("since:yesterday moon", ACTORS, NOW).since == berlin_midnight - timedelta(days=1)
    assert "not a time" in parse_search("since:soon moon", ACTORS, NOW).problem


def test_keys_rewrite_the_filters_in_the_box() -> None:
    assert set_filter("station", "actor", "NASA") == "station actor:NASA"
    assert set_filter("station actor:nasa since:7d", "actor", "White House") == 'station since:7d actor:"White House"'
    assert set_filter('actor:"White House" station', "actor", None) == "station"
    assert [next_actor(a, ACTORS) for a in (None, "Roscosmos", "US State Department")] == ["Roscosmos", "NASA", None]
    assert [next_since(s) for s in ("", "24h", "7d", "30d", "2w")] == ["24h", "7d", "30d", None, None]
