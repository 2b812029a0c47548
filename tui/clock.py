"""The dashboard's sense of time: an injectable clock and "how long ago" in a few characters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, aware and in UTC: the default clock (tests and snapshots pass a fixed one)."""
    return datetime.now(UTC)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says `moment`: deterministic screens for tests and snapshots."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return lambda: moment


def ago(when: datetime | None, now: datetime) -> str:
    """"just now", "5m ago", "3h ago", "2d ago", then a date; "in 2h" for a date in the future."""
    if when is None:
        return "undated"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = int((now - when).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            amount = seconds // size
            if unit == "d" and amount > 30:
                return when.strftime("%Y-%m-%d")
            return f"in {amount}{unit}" if future else f"{amount}{unit} ago"
    return "just now"  # unreachable: seconds >= 60 matched "m"


def day(when: datetime | None) -> str:
    """A date as a reader writes it in a citation: 2025-06-06 (UTC)."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if when else "undated"


def until(when: datetime, now: datetime) -> str:
    """"in 45s", "in 5m", "in 2h", "in 3d" for a moment ahead (rounded down, never "just now"); "now" once reached."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = int((when - now).total_seconds())
    if seconds <= 0:
        return "now"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m"), (1, "s")):
        if seconds >= size:
            return f"in {seconds // size}{unit}"
    return "now"  # unreachable: seconds >= 1 matched "s"


def zone_name(when: datetime) -> str:
    """The zone of an aware local time as a reader knows it: "CEST", "UTC", or "UTC+03" where the zone
    has no abbreviation."""
    name = when.strftime("%Z")
    return f"UTC{name}" if name[:1] in "+-" else name or "local time"


def local_time(when: datetime | None, *, with_date: bool = False) -> str:
    """A moment in the reader's own zone, the zone named: "20:00 CEST" (the status line's "refreshed
    at"), or with `with_date` "2025-06-06 20:00 CEST"."""
    if when is None:
        return "never"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone()
    return f"{local.strftime('%Y-%m-%d %H:%M' if with_date else '%H:%M')} {zone_name(local)}"
