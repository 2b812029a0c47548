"""Headless polling for a server: refresh every interval, fire alerts, survive errors, stop cleanly.

`spacewatch fetch --watch` runs run_watch(). Each poll re-reads the config (so `feeds add`
takes effect without a restart; a config made invalid meanwhile keeps the last good one),
refreshes every feed, prints one line, and fires the `[[alerts]]` rules on the new statements.
Ctrl-C or SIGTERM stops it: a refresh in progress is cancelled (what already arrived is stored)
and the process exits 0; a second Ctrl-C stops it at once.
"""

from __future__ import annotations

import asyncio
import functools
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from ..config import ConfigError
from ..models import Config, WriteSummary
from ..store import Store
from .alerts import COMMAND_TIMEOUT, fire_alerts

Log = Callable[[str], None]


def _alert_logger(log: Log) -> Callable[[str, bool], None]:
    def notify(message: str, is_error: bool) -> None:
        log(("  alert error: " if is_error else "  ALERT ") + message)

    return notify


def poll_line(results: list[WriteSummary], now: datetime) -> str:
    """One poll in one line: what came in and what failed."""
    count = {s: sum(1 for r in results if r.status == s) for s in ("ok", "not-modified", "error", "skipped")}
    articles = sum(r.new_articles for r in results)
    statements = sum(len(r.new_statement_ids) for r in results)
    parts = [f"{len(results)} feeds", f"{articles} new articles", f"{statements} new statements",
             f"{count['error']} failed"]
    if count["skipped"]:
        parts.append(f"{count['skipped']} backing off")
    unstored = [r for r in results if not r.stored]
    if unstored:
        parts.append(f"{len(unstored)} NOT STORED ({unstored[0].error}; fetched again next poll)")
    return now.strftime("%Y-%m-%d %H:%M:%SZ ") + ", ".join(parts)


async def watch(store: Store, load: Callable[[], Config], *, log: Log, stop: asyncio.Event,
                interval: float | None = None, alert_timeout: float = COMMAND_TIMEOUT,
                bell: Callable[[], None] | None = None, workers: int | None = None,
                max_polls: int | None = None) -> int:
    """Poll until `stop` is set (or `max_polls` polls); returns the number of polls completed.

    `load` gives the config for each poll; `interval` overrides its refresh_interval (seconds,
    start to start: a poll longer than the interval is followed at once by the next).
    """
    from ..refresh import refresh_all

    loop = asyncio.get_running_loop()
    config = load()
    polls = 0
    while not stop.is_set():
        started = loop.time()
        try:
            config = load()
        except ConfigError as exc:
            log(f"config error, keeping the last good config: {exc}")
        refreshing = asyncio.ensure_future(refresh_all(store, config, workers=workers))
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({refreshing, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not refreshing.done():
            refreshing.cancel()
            try:
                await refreshing
            except (asyncio.CancelledError, Exception):  # stopping anyway
                pass
            log("stopped during a refresh; what had arrived is stored")
            break
        stopping.cancel()
        try:
            results = refreshing.result()
        except Exception as exc:  # the store itself failed (disk full, locked): try again next poll
            log(f"refresh failed: {type(exc).__name__}: {exc}; trying again at the next poll")
            results = []
        log(poll_line(results, datetime.now(UTC)))
        for r in results:
            if r.status == "error":
                log(f"  {r.url}: error: {r.error}")
        if config.alerts and results:
            try:
                await loop.run_in_executor(None, functools.partial(
                    fire_alerts, store, config.alerts, results, notify=_alert_logger(log), bell=bell,
                    timeout=alert_timeout))
            except Exception as exc:  # an alert must never stop the polling
                log(f"  alerts failed: {type(exc).__name__}: {exc}")
        polls += 1
        if max_polls is not None and polls >= max_polls:
            break
        period = interval if interval is not None else config.refresh_interval
        delay = max(0.0, started + period - loop.time())
        try:
            await asyncio.wait_for(stop.wait(), delay)
        except TimeoutError:
            pass
    return polls


def run_watch(store: Store, load: Callable[[], Config], *, log: Log, interval: float | None = None,
              alert_timeout: float = COMMAND_TIMEOUT, bell: Callable[[], None] | None = None,
              workers: int | None = None, max_polls: int | None = None) -> int:
    """Blocking watch() with Ctrl-C / SIGTERM handled (from the main thread); returns the polls made."""

    async def main() -> int:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        handled: list[signal.Signals] = []

        def request_stop() -> None:
            if not stop.is_set():
                log("stopping (Ctrl-C again to stop at once)")
                stop.set()
            for sig in handled:  # a second signal gets the default: stop now
                loop.remove_signal_handler(sig)
            handled.clear()

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(sig, request_stop)
                    handled.append(sig)
                except (NotImplementedError, RuntimeError):
                    pass  # Windows: Ctrl-C raises KeyboardInterrupt instead
        try:
            return await watch(store, load, log=log, stop=stop, interval=interval, alert_timeout=alert_timeout,
                               bell=bell, workers=workers, max_polls=max_polls)
        finally:
            for sig in handled:
                loop.remove_signal_handler(sig)

    return asyncio.run(main())
