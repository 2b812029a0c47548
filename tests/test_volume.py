"""Statements per day, the rule for a day of unusual volume, and spike alerts, on a real store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from volume_data import DAY0, FEED, statements_on

from feeds.config import ConfigError, parse_config
from feeds.models import AlertRule
from feeds.newsroom.alerts import fire_alerts
from feeds.newsroom.volume import (
    SPIKE_MIN_COUNT,
    SpikeAlert,
    mark_spikes,
    sparkline_counts,
    spike_threshold,
    volume,
)
from feeds.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "spacewatch.db")
    s.sync_feeds([FEED])
    yield s
    s.close()


def test_the_threshold_is_the_trailing_mean_plus_three_standard_deviations() -> None:
    assert spike_threshold([1] * 6) is None  # under a week of history: nothing is unusual yet
    assert spike_threshold([2] * 28) == 2.0
    assert spike_threshold([0, 2] * 14) == pytest.approx(1 + 3 * 1)
    assert spike_threshold([100] * 10 + [0, 2] * 14) == pytest.approx(4.0)  # only the last 28 days count


def test_a_busy_day_after_quiet_weeks_is_a_spike_and_a_small_one_is_not() -> None:
    counts = {DAY0 + timedelta(days=n): n % 2 for n in range(40)}  # 0, 1, 0, 1...
    counts[DAY0 + timedelta(days=35)] = SPIKE_MIN_COUNT + 5
    counts[DAY0 + timedelta(days=38)] = SPIKE_MIN_COUNT - 1  # above 3 sigma, under the minimum count
    days = mark_spikes(counts, DAY0 + timedelta(days=30), DAY0 + timedelta(days=39))
    assert [d.day for d in days if d.spike] == [DAY0 + timedelta(days=35)]
    assert len(days) == 10 and days[0].threshold == pytest.approx(0.5 + 3 * 0.5)


def test_a_new_actors_first_busy_day_is_not_a_spike() -> None:
    counts = {DAY0 + timedelta(days=40): 20}
    assert not any(d.spike for d in mark_spikes(counts, DAY0 + timedelta(days=35), DAY0 + timedelta(days=45)))


def test_store_counts_per_day_count_a_quote_once_however_many_outlets_carried_it(store: Store) -> None:
    store.apply_feed_update(statements_on(DAY0, 3, copies=2))
    store.apply_feed_update(statements_on(DAY0 + timedelta(days=2), 1, actor="NASA", speaker="Bill Nelson"))
    counts = store.daily_counts(DAY0, DAY0 + timedelta(days=3), actors=["Roscosmos", "NASA"])
    assert counts == {("Roscosmos", None): {DAY0: 3}, ("NASA", None): {DAY0 + timedelta(days=2): 1}}
    assert sparkline_counts(store, ["Roscosmos", "NASA", "ESA"], DAY0 + timedelta(days=2), days=3) == {
        "Roscosmos": [3, 0, 0], "NASA": [0, 0, 1], "ESA": [0, 0, 0]}
    speakers = store.daily_counts(DAY0, DAY0, by="speaker")
    assert speakers == {("Yuri Borisov", "Roscosmos"): {DAY0: 3}}


def test_volume_series_per_actor_and_per_speaker(store: Store) -> None:
    for n in range(30):
        store.apply_feed_update(statements_on(DAY0 + timedelta(days=n), 1 + n % 2))
    store.apply_feed_update(statements_on(DAY0 + timedelta(days=30), 12))
    store.apply_feed_update(statements_on(DAY0 + timedelta(days=30), 2, speaker="Dmitry Bakanov"))
    first, last = DAY0 + timedelta(days=25), DAY0 + timedelta(days=31)
    [roscosmos, esa] = volume(store, first, last, actors=["Roscosmos", "ESA"])
    assert [d.day for d in roscosmos.spikes] == [DAY0 + timedelta(days=30)]
    assert roscosmos.days[5].count == 14 and len(roscosmos.days) == 7
    assert esa.total == 0 and esa.spikes == ()
    speakers = volume(store, first, last, by="speaker", top=5)
    assert [(s.name, s.actor) for s in speakers] == [("Yuri Borisov", "Roscosmos"), ("Dmitry Bakanov", "Roscosmos")]
    assert speakers[0].spikes and not speakers[1].spikes  # the newcomer has no history to be unusual against


def test_a_spike_rule_fires_once_per_actor_and_day_with_the_spike_on_stdin(store: Store, tmp_path: Path) -> None:
    for n in range(28):
        store.apply_feed_update(statements_on(DAY0 + timedelta(days=n), 1))
    spike_day = DAY0 + timedelta(days=28)
    now = datetime.combine(spike_day, datetime.min.time(), UTC) + timedelta(hours=20)
    out = tmp_path / "spike.jsonl"
    rules = [AlertRule("Roscosmos busy", actor="Roscosmos", spike=True, command=f"cat >> '{out}'"),
             AlertRule("any NASA quote", actor="NASA")]
    notes: list[str] = []
    quiet = store.apply_feed_update(statements_on(spike_day, 2))
    assert fire_alerts(store, rules, [quiet], now=now) == []  # two statements: an ordinary day
    busy = store.apply_feed_update(statements_on(spike_day, 8))
    fired = fire_alerts(store, rules, [busy], now=now, notify=lambda text, error: notes.append(text))
    assert [type(a) for a in fired] == [SpikeAlert]
    assert notes == ["Roscosmos busy: Roscosmos made 10 statements on 2025-05-29 (more than 1.0 would be unusual)"]
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record == {"alert": "Roscosmos busy", "spike": True, "actor": "Roscosmos", "day": "2025-05-29",
                      "count": 10, "threshold": 1.0}
    more = store.apply_feed_update(statements_on(spike_day, 3))
    assert fire_alerts(store, rules, [more], now=now) == []  # once per actor per day
    # An old day that a late refresh makes busy is history, not news.
    late = store.apply_feed_update(statements_on(DAY0 + timedelta(days=10), 20))
    assert fire_alerts(store, rules, [late], now=now) == []


def test_a_spike_rule_takes_no_words(tmp_path: Path) -> None:
    base = '[[actors]]\nname = "NASA"\n[[alerts]]\nname = "x"\nactor = "NASA"\nspike = true\n'
    assert parse_config(base, None).alerts[0].spike is True
    with pytest.raises(ConfigError, match="cannot be used with `spike = true`"):
        parse_config(base + 'words = ["ISS"]\n', None)
    with pytest.raises(ConfigError, match="true or false"):
        parse_config(base.replace("spike = true", 'spike = "yes"'), None)
