"""`spacewatch feeds`: each feed's health — last fetch, HTTP status, articles, failures, last error."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import UTC, datetime

from feeds.html_text import clean_line
from feeds.models import FeedHealth


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("feeds", parents=[common], help="show each feed's health",
                              description="One row per configured feed: when it was last fetched, "
                                          "the HTTP status, articles stored, failures in a row "
                                          "and the last error or warning.")
    p.add_argument("--json", action="store_true", help="one JSON object per feed, for scripts")
    p.set_defaults(handler=run)


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


def rows(health: list[FeedHealth], now: datetime) -> list[list[str]]:
    out = []
    for h in health:
        status = h.last_status or "new"
        note = h.last_error or ""
        if h.retry_at and h.retry_at > now:
            note = (note + "; " if note else "") + f"next try {h.retry_at.strftime('%Y-%m-%d %H:%M')} UTC"
        out.append([clean_line(h.title) or h.url, status, age(h.last_checked_at, now),
                    str(h.http_status or "-"), str(h.articles), str(h.consecutive_failures),
                    clean_line(note)])
    return out


def table(header: list[str], body: list[list[str]], width: int) -> str:
    """Columns sized to their content; the first and last shrink to fit the terminal."""
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    fixed = sum(widths[1:-1]) + 2 * (len(widths) - 1)
    widths[0] = max(12, min(widths[0], 40, width - fixed - 20))
    widths[-1] = max(10, width - fixed - widths[0])

    def cut(text: str, n: int) -> str:
        return text if len(text) <= n else text[: max(0, n - 1)] + "…"

    right = {3, 4, 5}  # the numbers
    lines = []
    for r in [header, *body]:
        cells = [cut(c, widths[i]).rjust(widths[i]) if i in right else cut(c, widths[i]).ljust(widths[i])
                 for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from feeds.config import default_db_path, load_config
    from feeds.store import Store

    config = load_config(args.config)
    store = Store.open(args.db or default_db_path())
    try:
        store.sync_feeds(config.feeds)
        health = store.feed_health()
    finally:
        store.close()
    now = datetime.now(UTC)
    if args.json:
        for h in health:
            print(json.dumps({
                "url": h.url, "title": h.title, "status": h.last_status, "http_status": h.http_status,
                "last_checked_at": h.last_checked_at.isoformat() if h.last_checked_at else None,
                "last_success_at": h.last_success_at.isoformat() if h.last_success_at else None,
                "articles": h.articles, "consecutive_failures": h.consecutive_failures,
                "last_error": h.last_error, "retry_at": h.retry_at.isoformat() if h.retry_at else None,
            }, ensure_ascii=False))
        return 0
    if not health:
        print("no feeds configured", file=sys.stderr)
        return 0
    width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 200
    header = ["FEED", "STATUS", "LAST FETCH", "HTTP", "ARTICLES", "FAILS", "LAST ERROR / WARNING"]
    print(table(header, rows(health, now), width))
    return 0
