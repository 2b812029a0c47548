"""`spacewatch fetch --pages-since 7d`: read the pages of stored teaser articles, with a progress line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from feeds.models import Config
from tui.output import clear_status, say, status, warn


def run_pages_since(args: argparse.Namespace, config: Config,
                    run_interruptible: Callable[[Coroutine[Any, Any, Any]], Any],
                    interrupted: type[Exception]) -> int:
    """`run_interruptible` and `interrupted` are fetch's: signals end this run as they end a refresh."""
    from feeds.config import parse_duration
    from feeds.refresh.pages_since import read_stored_pages
    from tui.database import open_store

    try:
        since = datetime.now(UTC) - timedelta(seconds=parse_duration(args.pages_since))
    except (ValueError, OverflowError) as exc:
        warn(f"spacewatch: --pages-since: {exc}")
        return 2
    live = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if live:
            status(f"reading article pages: {done}/{total}", file=sys.stderr)

    store = open_store(args.db)
    try:
        result = run_interruptible(read_stored_pages(store, config, since=since, workers=args.workers,
                                                     progress=progress))
    except interrupted as exc:
        if live:
            clear_status(file=sys.stderr)
        warn(f"spacewatch: interrupted by {exc}: the pages read so far are stored")
        return 128 + int(getattr(exc, "signum", 2))
    finally:
        store.close()
    if live:
        clear_status(file=sys.stderr)
    if not result.tried:
        say(f"no stored teaser articles since {since:%Y-%m-%d %H:%M} UTC whose page is still to read")
        return 0
    say(f"{result.tried} article pages: {result.read} read ({result.statements} statements, "
        f"{len(result.new_statement_ids)} new), {result.kept} not used (feed text kept), "
        f"{result.refused} refused by robots.txt, {result.failed} failed")
    for reason, n in sorted(result.problems.items(), key=lambda kv: -kv[1])[:10]:
        say(f"  {n} × {reason}", single_line=True)
    return 0
