"""`spacewatch fetch`: refresh every feed once, one line per feed; for cron and scripts."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Coroutine
from typing import Any, TextIO, TypeVar

from feeds.models import Config, WriteSummary
from tui.output import clear_status, say, status, warn

T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "fetch", parents=[common], help="refresh every feed once and exit",
        description="Refresh every feed in the config once and print one line per feed. "
                    "Exit status 0 unless every feed that was fetched failed.")
    p.add_argument("--force", action="store_true",
                   help="also fetch feeds that are backing off after failures or a Retry-After")
    p.add_argument("--workers", type=int, metavar="N",
                   help="parser processes (default: one per core; 0 parses in this process)")
    p.add_argument("--watch", action="store_true",
                   help="keep polling every refresh_interval and fire the [[alerts]] rules; Ctrl-C or SIGTERM stops")
    p.add_argument("--interval", metavar="DURATION",
                   help="with --watch: poll this often instead of refresh_interval (900, 15m, 1h)")
    p.add_argument("--alert-timeout", type=float, default=15.0, metavar="SECONDS",
                   help="with --watch: stop an alert command after this long (default 15)")
    p.add_argument("--pages-since", metavar="DURATION",
                   help="instead of refreshing: read the article pages of stored teaser articles from the "
                        "last DURATION (7d, 12h) and extract their statements again; those articles only")
    p.set_defaults(handler=run)


def feed_line(summary: WriteSummary, label: str) -> str:
    """One feed's outcome as a line a person reads."""
    if summary.status == "error":
        return f"{label}: error: {summary.error}"
    if summary.status == "skipped":
        return f"{label}: {summary.warning}"
    if summary.status == "not-modified":
        text = "not modified"
    else:
        n = summary.new_articles
        text = f"{n} new article{'s' if n != 1 else ''}"
        if summary.updated_articles:
            text += f", {summary.updated_articles} updated"
        inside = []
        if summary.pages_read:
            inside.append(f"{summary.pages_read} page{'s' if summary.pages_read != 1 else ''} read")
        if summary.new_statement_ids or inside:
            k = len(summary.new_statement_ids)
            inside.append(f"{k} new statement{'s' if k != 1 else ''}")
            text += f" ({', '.join(inside)})"
        if pages := pages_not_used(summary):
            text += f"; {pages}"
    if summary.warning:
        text += f"; warning: {summary.warning}"
    return f"{label}: {text}"


def pages_not_used(summary: WriteSummary) -> str:
    """The article pages a refresh could not use, counted by why, with the first reason."""
    parts = []
    if summary.pages_refused:
        parts.append(f"{summary.pages_refused} refused by robots.txt")
    if summary.pages_failed:
        parts.append(f"{summary.pages_failed} failed")
    if summary.pages_kept:
        parts.append(f"{summary.pages_kept} not used (feed text kept)")
    if not parts:
        return ""
    return "pages: " + ", ".join(parts) + (f" (first: {summary.page_problem})" if summary.page_problem else "")


class Report:
    """Prints each feed as it finishes; on a terminal a counter line stays at the bottom."""

    def __init__(self, config: Config, out: TextIO, err: TextIO) -> None:
        self.labels = {f.url: f.title or f.url for f in config.feeds}
        self.total = len(config.feeds)
        self.done = 0
        self.out = out
        self.err = err
        self.live = err.isatty() and out.isatty()
        if self.live:
            self._status()

    def _status(self) -> None:
        status(f"refreshing feeds: {self.done}/{self.total}", file=self.err)

    def __call__(self, summary: WriteSummary) -> None:
        self.done += 1
        if self.live:
            clear_status(file=self.err)
        # Titles, error reasons and warnings come from servers: say() cleans them.
        say(feed_line(summary, self.labels.get(summary.url, summary.url)), file=self.out, single_line=True)
        if self.live:
            self._status()

    def _clear_status(self) -> None:
        if self.live:
            clear_status(file=self.err)

    def finish_interrupted(self, why: Interrupted) -> None:
        self._clear_status()
        say(f"spacewatch: interrupted by {why}: {self.done} of {self.total} feeds done and stored; "
            "the others are fetched next time", file=self.err)

    def finish(self, results: list[WriteSummary]) -> None:
        self._clear_status()
        count = {s: sum(1 for r in results if r.status == s) for s in ("ok", "not-modified", "error", "skipped")}
        new = sum(r.new_articles for r in results)
        parts = [f"{len(results)} feeds", f"{new} new articles", f"{count['not-modified']} not modified",
                 f"{count['error']} failed"]
        if count["skipped"]:
            parts.append(f"{count['skipped']} skipped")
        say("; ".join(parts), file=self.out)
        unstored = [r for r in results if not r.stored]
        if unstored:
            say(f"spacewatch: {len(unstored)} feed{'s were' if len(unstored) != 1 else ' was'} not stored: "
                f"{unstored[0].error}; they are fetched again next time", file=self.err)


class Interrupted(Exception):
    """The run was ended by a signal (after the refresh wound down)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def run_interruptible(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run(main), where SIGTERM and SIGHUP end the run as Ctrl-C does.

    The refresh is cancelled: what already arrived is written (each feed all-or-nothing) and
    the parser processes are shut down before this returns; then Interrupted is raised. Without
    this, SIGTERM would end the process at once, with no cleanup.
    """

    async def runner() -> T:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None
        caught: list[int] = []

        def stop(signum: int) -> None:
            if not caught:
                caught.append(signum)
                task.cancel()

        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, stop, sig)
        try:
            return await main
        except asyncio.CancelledError:
            if caught:
                raise Interrupted(caught[0]) from None
            raise

    try:
        return asyncio.run(runner())
    except KeyboardInterrupt:
        raise Interrupted(signal.SIGINT) from None


def exit_status(results: list[WriteSummary]) -> int:
    """0 unless every feed that was tried failed (skipped feeds were not tried), or the database
    refused to store any feed (disk full, I/O error, read-only): then 1."""
    tried = [r for r in results if r.status != "skipped"]
    if any(not r.stored for r in results):
        return 1
    return 1 if tried and all(r.status == "error" for r in tried) else 0


def run(args: argparse.Namespace) -> int:
    from feeds.config import load_config
    from feeds.refresh import refresh_all
    from tui.database import open_store

    config = load_config(args.config)
    if not config.feeds:
        warn("spacewatch: no feeds in the config; add a [[feeds]] table with a url")
        return 1
    if args.workers is not None and args.workers < 0:
        warn("spacewatch: --workers must be 0 or more")
        return 2
    if args.watch:
        return run_watch_command(args)
    if args.pages_since:
        from .pages_since import run_pages_since

        return run_pages_since(args, config, run_interruptible, Interrupted)
    store = open_store(args.db)
    report = Report(config, sys.stdout, sys.stderr)
    try:
        results = run_interruptible(refresh_all(store, config, force=args.force, progress=report,
                                                workers=args.workers))
    except Interrupted as exc:
        report.finish_interrupted(exc)
        return 128 + exc.signum
    finally:
        store.close()
    report.finish(results)
    return exit_status(results)


def run_watch_command(args: argparse.Namespace) -> int:
    """`fetch --watch`: the polling loop of feeds/watch.py, logging to stdout."""
    from feeds.config import load_config, parse_duration
    from feeds.newsroom.watch import run_watch
    from tui.database import open_store

    interval = None
    if args.interval:
        try:
            interval = parse_duration(args.interval)
        except ValueError as exc:
            warn(f"spacewatch: --interval: {exc}")
            return 2

    def log(line: str) -> None:
        say(line, single_line=True)  # error reasons and alert citations come from feeds

    def bell() -> None:
        if sys.stdout.isatty():
            sys.stdout.write("\a")
            sys.stdout.flush()

    store = open_store(args.db)
    try:
        run_watch(store, lambda: load_config(args.config), log=log, interval=interval,
                  alert_timeout=args.alert_timeout, bell=bell, workers=args.workers)
    finally:
        store.close()
    return 0
