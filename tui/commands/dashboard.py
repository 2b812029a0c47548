"""`spacewatch` with no subcommand: open the dashboard on the store (or, with --demo, on demo data)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from feeds.config import default_db_path, load_config
from feeds.store import Store


def run_dashboard(args: argparse.Namespace) -> int:
    """Open the dashboard; --demo fills a temporary database from the packaged feeds, offline."""
    from tui.app import make_app

    if getattr(args, "demo", False):
        from feeds.demo import PackagedFeeds, demo_config
        from feeds.refresh import fill_demo

        with tempfile.TemporaryDirectory(prefix="spacewatch-demo-") as tmp:
            store = Store.open(Path(tmp) / "demo.db")
            try:
                fill_demo(store)
                make_app(store=store, config=demo_config(), source=PackagedFeeds(),
                         refresh_on_start=False).run()
            finally:
                store.close()
        return 0

    config = load_config(args.config)
    path = args.db or default_db_path()
    try:
        store = Store.open(path)
    except Exception as exc:  # sqlite3 errors name the problem; the traceback would not help
        print(f"spacewatch: cannot open the database {path}: {exc}", file=sys.stderr)
        return 1
    try:
        make_app(store=store, config=config).run()
    finally:
        store.close()
    return 0
