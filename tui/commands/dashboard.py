"""`spacewatch` with no subcommand: open the dashboard on the store (or, with --demo, on demo data)."""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from feeds.config import load_config
from feeds.store import Store
from tui.database import DatabaseUnusable, db_path, open_store, reason
from tui.output import warn

if TYPE_CHECKING:
    from tui.app import SpacewatchApp


@contextmanager
def dashboard(args: argparse.Namespace) -> Iterator[SpacewatchApp]:
    """The app `args` ask for, its store open while the block runs.

    --demo: a temporary database filled from the packaged demo feeds, offline, through the real
    pipeline; `r` refreshes from the same packaged feeds. Otherwise the config (--config or the
    usual places) and the database (--db or the user data dir).
    """
    from tui.app import make_app

    with ExitStack() as stack:
        if getattr(args, "demo", False):
            from feeds.demo import PackagedFeeds, demo_config
            from feeds.refresh import fill_demo

            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="spacewatch-demo-"))
            store = Store.open(Path(tmp) / "demo.db")
            stack.callback(store.close)
            fill_demo(store)
            yield make_app(store=store, config=demo_config(), source=PackagedFeeds(), refresh_on_start=False)
            return
        config = load_config(args.config)
        store = open_store(args.db)
        stack.callback(store.close)
        fetch = not getattr(args, "no_fetch", False)
        yield make_app(store=store, config=config, refresh_on_start=fetch, auto_refresh=fetch)


def run_dashboard(args: argparse.Namespace) -> int:
    """Open the dashboard and return its exit status (1 if the database cannot be opened)."""
    try:
        with dashboard(args) as app:
            app.run()
            status = app.return_code or 0  # 128 + N after signal N: the terminal is restored all the same
    except DatabaseUnusable as exc:
        warn(f"spacewatch: {exc}")
        return 1
    except sqlite3.Error as exc:
        warn(f"spacewatch: {DatabaseUnusable(db_path(args.db), reason(exc))}")
        return 1
    return status
