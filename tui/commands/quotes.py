"""`spacewatch quotes`: stored statements, newest first, filtered, as text or as citations (md, csv, json)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from feeds.models import Config, StatementView
from tui.output import data, say, warn
from tui.safe_text import one_line

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
    with open_store(args.db, readonly=True) as store:  # reading only: works on a read-only file
        views = store.statements(actor=actor, speaker=args.speaker, since=since, search=args.search,
                                 key_only=args.key, limit=args.limit or -1)
    if args.format == "text":
        if views:
            say(render(views, args.format).rstrip("\n") + "\n")
        else:
            warn("no statements match")
    else:
        data(render(views, args.format))
    return 0
