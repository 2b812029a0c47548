"""`spacewatch serve`: the dashboard in a browser, for a whole desk, through textual-serve (`spacewatch[serve]`)."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path

from tui.output import say, warn

INSTALL_HINT = "pip install 'spacewatch[serve]'"


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "serve", parents=[common], help="serve the dashboard to web browsers (needs spacewatch[serve])",
        description="Serve the dashboard to web browsers with textual-serve: every browser that opens the "
                    "page gets its own dashboard on the same database (stars, read marks and exports are "
                    "shared). The served dashboards do not fetch feeds by themselves: run `spacewatch fetch "
                    "--watch` beside it, and every browser shows what it stores within seconds. Binds to "
                    "127.0.0.1: there is no login, so serve to other machines only behind a proxy that "
                    "authenticates.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address browsers use to reach the server, when it is not http://HOST:PORT "
                        "(behind a proxy, or listening on 0.0.0.0)")
    p.set_defaults(handler=run)


def is_local(host: str) -> bool:
    """Only this machine can connect: a loopback address or the name localhost."""
    if host.strip().casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def dashboard_command(args: argparse.Namespace) -> str:
    """The command textual-serve runs for each browser: this Python, this config and database, no fetching."""
    parts = [sys.executable, "-m", "tui.cli", "--no-fetch"]
    for flag in ("config", "db"):
        value = getattr(args, flag, None)
        if value is not None:
            parts += [f"--{flag}", str(Path(value).resolve())]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        warn(f"spacewatch: serve needs textual-serve, an optional part: {INSTALL_HINT}")
        return 2
    from feeds.config import load_config
    from tui.database import open_store

    if not 0 < args.port < 65536:
        warn("spacewatch: --port must be between 1 and 65535")
        return 2
    load_config(args.config)  # a broken config is said here, once, not in every browser
    with open_store(args.db):  # ...and so is a database that cannot be used (created and migrated if new)
        pass
    if not is_local(args.host):
        warn(f"spacewatch: warning: serving on {args.host}, not on this machine only: anyone who can reach it "
             "gets the dashboard with no login (it can refresh feeds, star quotes and export). Prefer "
             "--host 127.0.0.1 behind a proxy that authenticates.")
    server = Server(dashboard_command(args), host=args.host, port=args.port, title="spacewatch",
                    public_url=args.public_url)
    say(f"spacewatch: serving the dashboard on {server.public_url} (Ctrl-C stops it)")
    try:
        server.serve()
    except OSError as exc:  # the address is taken, or not this machine's
        warn(f"spacewatch: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return 1
    return 0
