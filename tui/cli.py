"""The `spacewatch` command: the dashboard by default, headless subcommands beside it."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

from feeds import __version__
from feeds.config import ConfigError
from tui.database import DatabaseUnusable, db_path, reason
from tui.output import warn

# Subcommand modules under tui.commands, in the order `--help` lists them.
COMMANDS = ("fetch", "feeds", "extract", "quotes", "reextract", "page", "serve")


def _path_options(default: object) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--config", type=Path, metavar="PATH", default=default,
                         help="config file (default: ./config.toml, the user config dir, or the built-in)")
    options.add_argument("--db", type=Path, metavar="PATH", default=default,
                         help="SQLite database (default: spacewatch.db in the user data dir)")
    return options


def build_parser() -> argparse.ArgumentParser:
    # --config/--db work before or after the subcommand. The subcommand's copy must not set a
    # default, or `spacewatch --db X fetch` would have X overwritten by the subcommand's None.
    common = _path_options(None)
    sub_common = _path_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="spacewatch", parents=[common],
        description="Who said what about space, by actor: a terminal newsroom dashboard.")
    parser.add_argument("--version", action="version", version=f"spacewatch {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the dashboard on a temporary database filled from the bundled demo feeds")
    parser.add_argument("--no-fetch", action="store_true",
                        help="do not fetch feeds on start or on the refresh interval (r still does): show what "
                             "is stored and what another process (`spacewatch fetch --watch`) stores")
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = import_module(f"tui.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tui.commands.{name}":
                raise
            continue  # not built yet
        module.register(sub, sub_common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.handler is None:
            from tui.commands.dashboard import run_dashboard

            return run_dashboard(args)
        return int(args.handler(args) or 0)
    except ConfigError as exc:
        warn(f"spacewatch: config error: {exc}")
        return 2
    except DatabaseUnusable as exc:
        warn(f"spacewatch: {exc}")
        return 1
    except sqlite3.Error as exc:  # after opening: the disk, a lock held too long, a damaged file
        warn(f"spacewatch: database error ({db_path(args.db)}): {reason(exc)}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
