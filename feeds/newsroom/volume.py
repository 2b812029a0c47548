"""Who is talking more: statements per day as series, the rule for a day of unusual volume, spike alerts.

The rule (README, "Volume over time"): a day is a spike for an actor (or a speaker) when it has
at least SPIKE_MIN_COUNT statements and more than the mean plus SPIKE_SIGMAS standard deviations
of the SPIKE_TRAILING_DAYS days before it. Days without statements count as zero, and only days
from the first one the store has for that actor count: a new actor's first busy day is a spike
only once a week of its history is there to compare with (SPIKE_MIN_HISTORY days).
Days are UTC days; a statement is counted once however many outlets carried it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..models import AlertRule, WriteSummary

if TYPE_CHECKING:
    from ..store import Store

SPIKE_TRAILING_DAYS = 28
SPIKE_SIGMAS = 3.0
SPIKE_MIN_COUNT = 5
SPIKE_MIN_HISTORY = 7
SPARK_DAYS = 30  # a pane header's sparkline
TIMELINE_DAYS = 60  # the timeline screen and `quotes --per-day`, unless --since says otherwise


@dataclass(frozen=True, slots=True)
class DayVolume:
    """One day of one series: its count, and what the spike rule made of it."""

    day: date
    count: int
    spike: bool = False
    threshold: float | None = None  # the count the day had to exceed (None: not enough history)


@dataclass(frozen=True, slots=True)
class Series:
    """Statements per day of one actor (speaker None) or one speaker (with their actor)."""

    name: str
    actor: str | None
    days: tuple[DayVolume, ...]

    @property
    def total(self) -> int:
        return sum(d.count for d in self.days)

    @property
    def spikes(self) -> tuple[DayVolume, ...]:
        return tuple(d for d in self.days if d.spike)


def day_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def spike_threshold(history: Sequence[int]) -> float | None:
    """The count a day must exceed: mean + 3 standard deviations of the days before it (population)."""
    if len(history) < SPIKE_MIN_HISTORY:
        return None
    window = history[-SPIKE_TRAILING_DAYS:]
    mean = sum(window) / len(window)
    variance = sum((x - mean) ** 2 for x in window) / len(window)
    return mean + SPIKE_SIGMAS * math.sqrt(variance)


def mark_spikes(counts: Mapping[date, int], first: date, last: date, *, since: date | None = None) -> list[DayVolume]:
    """Each day from `first` to `last` with its count and whether it is a spike.

    `counts` must hold the SPIKE_TRAILING_DAYS days before `first` too, for the rule to see
    them; `since`: the series' first day (None: its first day with a statement in `counts`).
    """
    start = since or min((d for d, n in counts.items() if n), default=last + timedelta(days=1))
    out: list[DayVolume] = []
    for day in day_range(first, last):
        count = counts.get(day, 0)
        history = [counts.get(d, 0) for d in day_range(max(start, day - timedelta(days=SPIKE_TRAILING_DAYS)),
                                                       day - timedelta(days=1))] if day > start else []
        threshold = spike_threshold(history)
        spike = threshold is not None and count >= SPIKE_MIN_COUNT and count > threshold
        out.append(DayVolume(day, count, spike, threshold))
    return out


def volume(store: Store, first: date, last: date, *, actors: Sequence[str] | None = None,
           by: str = "actor", top: int | None = None) -> list[Series]:
    """Series per actor (in the order of `actors`) or per speaker (busiest first, at most `top`),
    from `first` to `last`, spikes marked by the rule above."""
    counts = store.daily_counts(first - timedelta(days=SPIKE_TRAILING_DAYS), last, actors=actors, by=by)
    if by == "actor":
        order = list(actors) if actors is not None else sorted(k[0] for k in counts)
        keys: list[tuple[str, str | None]] = [(a, None) for a in order]
    else:
        shown = {k: sum(n for d, n in v.items() if d >= first) for k, v in counts.items()}
        keys = sorted((k for k, n in shown.items() if n), key=lambda k: (-shown[k], k[0]))[:top]
    return [Series(name, actor, tuple(mark_spikes(counts.get((name, actor), {}), first, last)))
            for name, actor in keys]


def sparkline_counts(store: Store, actors: Sequence[str], today: date, days: int = SPARK_DAYS) -> dict[str, list[int]]:
    """The last `days` days' counts per actor, oldest first, ending today: what a pane header draws."""
    first = today - timedelta(days=days - 1)
    counts = store.daily_counts(first, today, actors=actors)
    return {a: [counts.get((a, None), {}).get(d, 0) for d in day_range(first, today)] for a in actors}


# --- spike alerts ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpikeAlert:
    rule: AlertRule
    actor: str
    day: DayVolume
    error: str | None = None  # the command's failure, as for a statement alert

    @property
    def message(self) -> str:
        usual = f" (more than {self.day.threshold:.1f} would be unusual)" if self.day.threshold is not None else ""
        return f"{self.rule.name}: {self.actor} made {self.day.count} statements on {self.day.day.isoformat()}{usual}"

    def record(self) -> dict[str, object]:
        """The JSON a rule's command reads on stdin."""
        return {"alert": self.rule.name, "spike": True, "actor": self.actor, "day": self.day.day.isoformat(),
                "count": self.day.count,
                "threshold": round(self.day.threshold, 3) if self.day.threshold is not None else None}


def find_spike_alerts(store: Store, rules: Sequence[AlertRule], summaries: Sequence[WriteSummary],
                      now: datetime) -> list[SpikeAlert]:
    """Spike rules that fire after a refresh: an actor's day (today or yesterday, UTC) that the new
    statements made a spike, once per rule, actor and day (the store remembers)."""
    spike_rules = [r for r in rules if r.spike]
    if not spike_rules or not any(s.new_statement_ids for s in summaries):
        return []
    new = store.statements_by_ids([i for s in summaries for i in s.new_statement_ids])
    today = now.date()
    recent = {today - timedelta(days=1), today}
    touched = {(v.actor, v.published.date()) for v in new
               if v.actor and v.published is not None and v.published.date() in recent}
    if not touched:
        return []
    wanted = sorted({a for a, _ in touched if any(_rule_actor(r, a) for r in spike_rules)})
    series = {s.name: s for s in volume(store, min(recent), today, actors=wanted)} if wanted else {}
    found: list[SpikeAlert] = []
    for actor, day in sorted(touched):
        entry = next((d for d in series[actor].days if d.day == day), None) if actor in series else None
        if entry is None or not entry.spike:
            continue
        for rule in spike_rules:
            if _rule_actor(rule, actor) and store.claim_spike_alert(rule.name, actor, day):
                found.append(SpikeAlert(rule, actor, entry))
    return found


def _rule_actor(rule: AlertRule, actor: str) -> bool:
    """A spike rule watches its actor, or every actor when it names none."""
    return not rule.actor or rule.actor.casefold() == actor.casefold()
