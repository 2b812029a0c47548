"""`spacewatch feeds`: each feed's health — last fetch, HTTP status, articles, failures, last error.

`feeds add/remove/import/export` edit the feed list (feeds/config_edit.py, feeds/opml.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from feeds.models import FeedHealth, FeedSpec, PageHealth
from tui.output import data, say, warn
from tui.safe_text import one_line


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("feeds", parents=[common], help="show each feed's health",
                              description="One row per configured feed: when it was last fetched, "
                                          "the HTTP status, articles stored, failures in a row "
                                          "and the last error or warning.")
    p.add_argument("--json", action="store_true", help="one JSON object per feed, for scripts")
    p.set_defaults(handler=run)
    register_subcommands(p)


def age(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = int((now - when).total_seconds())
    if seconds < 0:
        return "just now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


def pages_cell(p: PageHealth | None) -> str:
    """Article pages: read / not used / refused by robots.txt / failed."""
    if p is None:
        return "-"
    return f"{p.read}/{p.kept}/{p.refused}/{p.failed}"


def rows(health: list[FeedHealth], now: datetime, pages: dict[str, PageHealth] | None = None) -> list[list[str]]:
    out = []
    for h in health:
        status = h.last_status or "new"
        note = h.last_error or ""
        if h.retry_at and h.retry_at > now:
            note = (note + "; " if note else "") + f"next try {h.retry_at.strftime('%Y-%m-%d %H:%M')} UTC"
        page = (pages or {}).get(h.url)
        if page is not None and page.last_problem:
            note = (note + "; " if note else "") + f"page: {page.last_problem}"
        out.append([one_line(h.title) or h.url, status, age(h.last_checked_at, now),
                    str(h.http_status or "-"), str(h.articles), str(h.consecutive_failures),
                    pages_cell(page), one_line(note)])
    return out


def table(header: list[str], body: list[list[str]], width: int) -> str:
    """Columns sized to their content; the first and last shrink to fit the terminal."""
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    fixed = sum(widths[1:-1]) + 2 * (len(widths) - 1)
    widths[0] = max(12, min(widths[0], 40, width - fixed - 20))
    widths[-1] = max(10, width - fixed - widths[0])

    def cut(text: str, n: int) -> str:
        return text if len(text) <= n else text[: max(0, n - 1)] + "…"

    right = {3, 4, 5, 6}  # the numbers
    lines = []
    for r in [header, *body]:
        cells = [cut(c, widths[i]).rjust(widths[i]) if i in right else cut(c, widths[i]).ljust(widths[i])
                 for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def health_of(config_feeds: tuple[FeedSpec, ...], stored: list[FeedHealth]) -> list[FeedHealth]:
    """One row per configured feed, in config order: what the database knows, or "never fetched".

    Read from the database as it is (not synced to the config first), so that listing never
    writes: it works on a read-only database and without one.
    """
    by_url = {h.url: h for h in stored}
    rows = []
    for i, spec in enumerate(config_feeds):
        h = by_url.get(spec.url)
        if h is None:
            h = FeedHealth(id=-(i + 1), url=spec.url, title=spec.title, last_checked_at=None,
                           last_success_at=None, last_status=None, http_status=None, articles=0,
                           consecutive_failures=0, last_error=None, retry_at=None)
        elif spec.title and spec.title != h.title:
            h = replace(h, title=spec.title)  # the config's title wins, as after a sync
        rows.append(h)
    return rows


def page_json(p: PageHealth | None) -> dict[str, object]:
    p = p or PageHealth()
    return {"read": p.read, "kept": p.kept, "refused": p.refused, "failed": p.failed, "last_problem": p.last_problem}


def run(args: argparse.Namespace) -> int:
    from feeds.config import load_config
    from tui.database import db_path, open_store

    config = load_config(args.config)
    stored: list[FeedHealth] = []
    pages: dict[str, PageHealth] = {}
    if db_path(args.db).exists():
        with open_store(args.db, readonly=True) as store:
            stored = store.feed_health(include_removed=True)
            pages = store.page_health()
    else:  # a mistyped --db must not leave a new database behind
        warn(f"spacewatch: no database at {db_path(args.db)} yet: no feed has been fetched")
    health = health_of(config.feeds, stored)
    now = datetime.now(UTC)
    if args.json:
        data("".join(json.dumps({
            "url": h.url, "title": h.title, "status": h.last_status, "http_status": h.http_status,
            "last_checked_at": h.last_checked_at.isoformat() if h.last_checked_at else None,
            "last_success_at": h.last_success_at.isoformat() if h.last_success_at else None,
            "articles": h.articles, "consecutive_failures": h.consecutive_failures,
            "last_error": h.last_error, "retry_at": h.retry_at.isoformat() if h.retry_at else None,
            "pages": page_json(pages.get(h.url)),
        }, ensure_ascii=False) + "\n" for h in health))
        return 0
    if not health:
        warn("no feeds configured")
        return 0
    width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 200
    header = ["FEED", "STATUS", "LAST FETCH", "HTTP", "ARTICLES", "FAILS", "PAGES R/K/X/F", "LAST ERROR / WARNING"]
    say(table(header, rows(health, now, pages), width))
    if any(pages.values()):
        say("PAGES: article pages read / read but feed text kept / refused by robots.txt / failed")
    return 0


# --- feeds list / add / remove / import / export -------------------------------------------------

def register_subcommands(p: argparse.ArgumentParser) -> None:
    """`spacewatch feeds` alone still lists; the sub-commands edit the list or move it in and out."""
    # SUPPRESS: a sub-command must not reset --config/--db given before its name.
    opts = argparse.ArgumentParser(add_help=False)
    opts.add_argument("--config", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="config file")
    opts.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="SQLite database")
    sub = p.add_subparsers(dest="feeds_command", metavar="{list,add,remove,import,export}")
    ls = sub.add_parser("list", parents=[opts], help="each feed's health (the default)")
    ls.add_argument("--json", action="store_true", help="one JSON object per feed, for scripts")
    ls.set_defaults(handler=run)
    add = sub.add_parser("add", parents=[opts], help="add a feed to your config file (comments are kept)")
    add.add_argument("url", help="the feed's http(s) address")
    add.add_argument("--actor", metavar="NAME", help="this is that actor's own feed")
    add.add_argument("--title", metavar="TITLE", help="how the dashboard names the outlet")
    add.add_argument("--lang", metavar="CODE", help="language, for feeds that do not declare it (ru, en, fr)")
    add.set_defaults(handler=run_add)
    rm = sub.add_parser("remove", parents=[opts], help="remove a feed from your config file (articles stay)")
    rm.add_argument("url", help="the feed's address, as listed")
    rm.set_defaults(handler=run_remove)
    imp = sub.add_parser("import", parents=[opts], help="add the feeds of an OPML file (from newsboat, Miniflux...)")
    imp.add_argument("file", type=Path, help="the OPML file ('-' for standard input)")
    imp.set_defaults(handler=run_import)
    exp = sub.add_parser("export", parents=[opts], help="write the feed list as OPML 2.0")
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    exp.set_defaults(handler=run_export)


def _edit_note(result: object) -> str:
    path, created = result.path, result.created  # type: ignore[attr-defined]
    return f"{path} (created from the default config)" if created else str(path)


def run_add(args: argparse.Namespace) -> int:
    from feeds.models import FeedSpec
    from feeds.newsroom.config_edit import ConfigEditError, add_feeds

    try:
        result = add_feeds([FeedSpec(url=args.url, title=args.title, actor=args.actor, lang=args.lang)],
                           explicit=args.config)
    except ConfigEditError as exc:
        warn(f"spacewatch: {exc}")
        return 1
    if result.already:
        say(f"{result.already[0]} is already in {result.path}; nothing changed")
        return 0
    say(f"added {result.added[0].url} to {_edit_note(result)}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from feeds.newsroom.config_edit import ConfigEditError, remove_feed

    try:
        result = remove_feed(args.url, explicit=args.config)
    except ConfigEditError as exc:
        warn(f"spacewatch: {exc}")
        return 1
    assert result.removed is not None
    say(f"removed {result.removed.url} from {_edit_note(result)} (its stored articles are kept)")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from feeds.config import load_config
    from feeds.newsroom.config_edit import ConfigEditError, add_feeds
    from feeds.newsroom.opml import OpmlError, parse_opml

    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as exc:
        warn(f"spacewatch: {args.file}: {exc.strerror or exc}")
        return 1
    config = load_config(args.config)
    try:
        found = parse_opml(data, actors=config.actor_names(), existing=[f.url for f in config.feeds])
        result = add_feeds(found.feeds, explicit=args.config) if found.feeds else None
    except (OpmlError, ConfigEditError) as exc:
        warn(f"spacewatch: {args.file}: {exc}")
        return 1
    if result is not None and result.added:
        n = len(result.added)
        say(f"added {n} feed{'s' if n != 1 else ''} to {_edit_note(result)}")
    else:
        say("no new feeds to add")
    if found.rejected:
        lines = [f"{len(found.rejected)} entr{'ies' if len(found.rejected) != 1 else 'y'} not imported:"]
        say("\n".join(lines + [f"  {one_line(str(r))}" for r in found.rejected]))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from feeds.config import load_config
    from feeds.newsroom.opml import to_opml
    from tui.database import db_path, open_store

    config = load_config(args.config)
    site_urls: dict[str, str] = {}
    if db_path(args.db).exists():  # the sites the feeds name themselves; never create a database to export
        with open_store(args.db, readonly=True) as store:
            site_urls = store.feed_site_urls()
    text = to_opml(config.feeds, site_urls=site_urls)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        warn(f"wrote {len(config.feeds)} feeds to {args.output}")
    else:
        data(text)
    return 0
