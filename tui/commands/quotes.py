"""`spacewatch quotes`: stored statements, newest first, filtered, as text or as citations (md, csv, json)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from feeds.models import Config, StatementView
from tui.output import data, say, warn
from tui.safe_text import one_line

if TYPE_CHECKING:
    from feeds.store import Store

FORMATS = ("text", "md", "csv", "json")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "quotes", parents=[common], help="print stored statements, newest first",
        description="Print stored statements newest first with speaker, actor, outlet, date and link; "
                    "one row per statement however many outlets carried it. --format md|csv|json "
                    "exports citations (the JSON format is described in README.md under Data).")
    p.add_argument("--actor", metavar="NAME", help="only this actor's statements (any case or alias; "
                                                   "'none' for statements with no actor)")
    p.add_argument("--speaker", metavar="NAME", help="speaker name contains NAME (any case)")
    p.add_argument("--since", metavar="WHEN", help="only newer than this: 7d, 24h, 30m, or a date (2025-06-01)")
    p.add_argument("--search", metavar="WORDS", help="statements containing all these words")
    p.add_argument("--key", action="store_true", help="only key quotes")
    p.add_argument("--starred", action="store_true", help="only the quotes starred in the dashboard (s)")
    p.add_argument("--per-day", action="store_true",
                   help="instead of statements: how many each actor made per day (UTC), days of unusual "
                        "volume marked, as the timeline screen shows them (--since: 60d unless given)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N statements (default 50, 0: all)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.set_defaults(handler=run)


class UsageError(Exception):
    """A flag value that cannot be used: the message says why."""


def resolve_actor(name: str, config: Config) -> tuple[str, str | None]:
    """The store's spelling of an actor named any case or by alias; a warning when it is not in the config."""
    if name.strip().casefold() == "none":
        return "", None
    wanted = name.strip().casefold()
    for actor in config.actors:
        if actor.name.casefold() == wanted or any(a.casefold() == wanted for a in actor.aliases):
            return actor.name, None
    known = ", ".join(config.actor_names())
    return name.strip(), f"{name!r} is not an actor in the config (known: {known}); matching it as written"


def parse_since(value: str, now: datetime) -> datetime:
    """7d / 24h / 90m / 3600 (seconds ago), or an ISO date or time (UTC unless it says otherwise)."""
    from feeds.config import parse_duration

    try:
        return now - timedelta(seconds=parse_duration(value))
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since: expected 7d, 24h, 30m or a date such as 2025-06-01, got {value!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def text_block(view: StatementView) -> str:
    """A statement for a terminal, each field on its own line (say() then cleans what feeds sent)."""
    from feeds.newsroom.citations import speaker_label
    from feeds.newsroom.exports import web_link

    when = view.published.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if view.published else "undated"
    head = [when, one_line(speaker_label(view))]
    if view.outlet:
        head.append(one_line(view.outlet))
    tags = (["key"] if view.is_key else []) + ([f"{view.sources} sources"] if view.sources > 1 else [])
    lines = ["  ·  ".join(head) + (f"  [{', '.join(tags)}]" if tags else ""), f"  “{one_line(view.quote)}”"]
    link = web_link(view)
    if link:
        lines.append(f"  {one_line(link)}")
    return "\n".join(lines)


def render(views: list[StatementView], fmt: str) -> str:
    from feeds.newsroom import exports

    if fmt == "md":
        return exports.to_markdown(views)
    if fmt == "csv":
        return exports.to_csv(views)
    if fmt == "json":
        return exports.to_json(views)
    return "".join(text_block(v) + "\n\n" for v in views)


def run(args: argparse.Namespace) -> int:
    from feeds.config import load_config
    from tui.database import open_store

    config = load_config(args.config)
    try:
        actor = None
        if args.actor is not None:
            actor, warning = resolve_actor(args.actor, config)
            if warning:
                warn(f"spacewatch: {warning}")
        since = parse_since(args.since, datetime.now(UTC)) if args.since else None
        if args.limit < 0:
            raise UsageError("--limit must be 0 (all) or more")
    except UsageError as exc:
        warn(f"spacewatch: {exc}")
        return 2
    if args.per_day:
        actors = [actor] if actor is not None else [a.name for a in config.pane_actors()]
        with open_store(args.db, readonly=True) as store:
            return per_day(store, actors, since, args.format)
    with open_store(args.db, readonly=True) as store:  # reading only: works on a read-only file
        views = store.statements(actor=actor, speaker=args.speaker, since=since, search=args.search,
                                 key_only=args.key, limit=args.limit or -1, starred=args.starred)
    if args.format == "text":
        if views:
            say(render(views, args.format).rstrip("\n") + "\n")
        else:
            warn("no statements match")
    else:
        data(render(views, args.format))
    return 0


PER_DAY_COLUMNS = ("day", "actor", "statements", "unusual", "threshold")


def per_day(store: Store, actors: list[str], since: datetime | None, fmt: str) -> int:
    """`--per-day`: statements per UTC day per actor, oldest day first, with the spike rule's verdict."""
    import csv
    import io
    import json

    from feeds.newsroom.exports import safe_cell
    from feeds.newsroom.volume import TIMELINE_DAYS, volume

    today = datetime.now(UTC).date()
    first = since.astimezone(UTC).date() if since else today - timedelta(days=TIMELINE_DAYS - 1)
    if first > today:
        first = today
    rows = [(d.day.isoformat(), series.name, d.count, d.spike,
             None if d.threshold is None else round(d.threshold, 3))
            for series in volume(store, first, today, actors=actors) for d in series.days]
    rows.sort(key=lambda r: (r[0], actors.index(r[1])))
    if fmt == "json":
        data(json.dumps({"version": 1, "days": [dict(zip(PER_DAY_COLUMNS, r, strict=True)) for r in rows]},
                        ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(PER_DAY_COLUMNS)
        for day, name, count, spike, threshold in rows:
            writer.writerow([day, safe_cell(name), count, "yes" if spike else "no",
                             "" if threshold is None else threshold])
        data(out.getvalue())
    else:
        marks = {True: " ▲ unusual", False: ""}
        if fmt == "md":
            lines = ["| day | actor | statements | unusual |", "| --- | --- | ---: | --- |"]
            lines += [f"| {d} | {md_cell(n)} | {c} | {'yes' if sp else ''} |" for d, n, c, sp, _ in rows]
            data("\n".join(lines) + "\n")
        else:
            say("\n".join(f"{d}  {one_line(n):<16} {c:>5}{marks[sp]}" for d, n, c, sp, _ in rows))
    return 0


def md_cell(text: str) -> str:
    from feeds.newsroom.exports import md_escape

    return md_escape(text)
