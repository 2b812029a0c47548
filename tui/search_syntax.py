"""The search box's small language: words to find, plus `actor:NASA` and `since:7d` filters among them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from feeds.models import Actor

# A filter is a word that starts with its name and a colon; a value with spaces goes in quotes
# (actor:"White House"). Typed halfway (`actor:` alone) it is ignored until it has a value.
_FILTER = re.compile(r'(?<!\S)(?P<name>actor|since):(?:"(?P<quoted>[^"]*)"?|(?P<bare>\S*))', re.IGNORECASE)
_SPAN = re.compile(r"^(\d{1,4})\s*(h|d|w|y)$", re.IGNORECASE)
_UNITS = {"h": ("hour", timedelta(hours=1)), "d": ("day", timedelta(days=1)),
          "w": ("week", timedelta(weeks=1)), "y": ("year", timedelta(days=365))}
SINCE_STEPS = ("24h", "7d", "30d")  # what the since key cycles through, after "any time"
SYNTAX_HELP = (
    ("actor:NASA", "only that actor's quotes (any of its names, or the start of one; quotes around a name "
                   "with spaces: actor:\"White House\")"),
    ("since:7d", "only the last 24h, 7d, 2w, 1y..., or since:2025-06-01, since:today, since:yesterday"),
)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What a search box's text asks for: `problem` says what could not be understood."""

    words: str
    actor: str | None = None  # the config's spelling
    since: datetime | None = None
    since_label: str = ""  # "in the last 7 days", "since 2025-06-01"
    problem: str = ""

    def filters_label(self, kind: str = "quotes") -> str:
        """" from NASA in the last 7 days": the filters, as a sentence about quotes (or articles) ends."""
        who = ([f"{'mentioning' if kind == 'articles' else 'from'} {self.actor}"] if self.actor else [])
        return "".join(" " + p for p in (*who, *([self.since_label] if self.since_label else [])))

    @property
    def filtered(self) -> bool:
        return self.actor is not None or self.since is not None


def parse_search(text: str, actors: Sequence[Actor], now: datetime) -> SearchRequest:
    """The words and filters of a search box's text. `now` is aware; dates are the local day's start."""
    actor: str | None = None
    since: datetime | None = None
    since_label = ""
    problems: list[str] = []
    for match in _FILTER.finditer(text):
        value = (match.group("quoted") if match.group("quoted") is not None else match.group("bare")).strip()
        if not value:
            continue
        if match.group("name").lower() == "actor":
            actor = find_actor(value, actors)
            if actor is None:
                names = ", ".join(a.name for a in actors)
                problems.append(f"no actor called “{value}”: try one of {names}")
        else:
            parsed = parse_since(value, now)
            if parsed is None:
                problems.append(f"since:{value} is not a time: try since:24h, since:7d, since:2w or "
                                "since:2025-06-01")
            else:
                since, since_label = parsed
    words = " ".join(_FILTER.sub(" ", text).split())
    return SearchRequest(words=words, actor=actor, since=since, since_label=since_label,
                         problem="; ".join(problems))


def find_actor(value: str, actors: Sequence[Actor]) -> str | None:
    """The actor a journalist means: a name or alias in any case, else the one name it starts."""
    wanted = value.casefold()
    for actor in actors:
        if wanted in (n.casefold() for n in (actor.name, *actor.aliases)):
            return actor.name
    starting = [a.name for a in actors if a.name.casefold().startswith(wanted)]
    return starting[0] if len(starting) == 1 else None


def parse_since(value: str, now: datetime) -> tuple[datetime, str] | None:
    """(the moment, how to say it) for 7d, 24h, 2w, 1y, today, yesterday or 2025-06-01; None if none of these."""
    span = _SPAN.match(value)
    if span:
        amount, (unit, size) = int(span.group(1)), _UNITS[span.group(2).lower()]
        return now - amount * size, f"in the last {amount} {unit}{'s' if amount != 1 else ''}"
    local = now.astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if value.lower() == "today":
        return midnight, "since today"
    if value.lower() == "yesterday":
        return midnight - timedelta(days=1), "since yesterday"
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None
    return day.astimezone(), f"since {value}"  # naive: the local day's start, as the reader means it


def set_filter(text: str, name: str, value: str | None) -> str:
    """The text with its `name:` filter replaced by `name:value` (dropped for None), at its end."""
    kept = " ".join(f for f in (_FILTER.sub(lambda m: m.group(0) if m.group("name").lower() != name else " ",
                                            text)).split())
    if value is None:
        return kept
    token = f'{name}:"{value}"' if " " in value else f"{name}:{value}"
    return f"{kept} {token}".strip()


def next_actor(current: str | None, actors: Sequence[Actor]) -> str | None:
    """The actor after `current` in config order; after the last, None (every actor)."""
    names = [a.name for a in actors]
    if current not in names:
        return names[0] if names else None
    index = names.index(current) + 1
    return names[index] if index < len(names) else None


def next_since(current: str) -> str | None:
    """The since value after `current` in SINCE_STEPS; after the last (or an unknown one), None."""
    if current not in SINCE_STEPS:
        return SINCE_STEPS[0] if not current else None
    index = SINCE_STEPS.index(current) + 1
    return SINCE_STEPS[index] if index < len(SINCE_STEPS) else None


def filter_value(text: str, name: str) -> str:
    """The value of the last `name:` filter in the text ("" if none)."""
    value = ""
    for match in _FILTER.finditer(text):
        if match.group("name").lower() == name:
            value = match.group("quoted") if match.group("quoted") is not None else match.group("bare")
    return value.strip()
