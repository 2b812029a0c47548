#!/usr/bin/env python3
"""The served dashboard: from the browser opening the page to every pane drawn, at 100,000 statements.

    .venv/bin/python bench/serve.py [--runs 5] [--size 100000]

Starts `spacewatch serve` on 127.0.0.1 over the store bench/tui.py builds (cached in bench/out/),
opens the page in headless Chromium (Debian's, /usr/bin/chromium) over the DevTools protocol with
tests/browser.py, and times Page.navigate until the terminal xterm.js holds shows all four panes'
headers and a quote: the browser's page load, the websocket, a new dashboard process and its
first page of every pane. Each run opens a fresh browser profile (nothing cached). Target: < 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import chromium, chromium_missing  # noqa: E402 (tests/browser.py)


def store_for(statements: int) -> Path:
    """bench/tui.py's cached store (loaded by path: `tui` is the package's name)."""
    spec = importlib.util.spec_from_file_location("bench_tui", REPO / "bench" / "tui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Path(module.store_for(statements))


PANES = '["Roscosmos", "NASA", "Kremlin", "ESA"].every(a => screen.includes(a + "  quotes")) && screen.includes("“")'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--db", str(db)], cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    assert proc.stdout is not None
    proc.stdout.readline()  # "serving the dashboard on ..."
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


async def one_run(url: str) -> float:
    with tempfile.TemporaryDirectory(prefix="spacewatch-bench-chrome-") as profile:
        async with chromium(Path(profile)) as page:
            started = time.perf_counter()
            await page.open(url)
            await asyncio.wait_for(page.screen_when(PANES), 60)
            return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    missing = chromium_missing()
    if missing:
        raise SystemExit(f"bench/serve.py: {missing}")
    db = store_for(args.size)
    port = free_port()
    server = start_server(db, port)
    try:
        url = f"http://127.0.0.1:{port}/"
        asyncio.run(one_run(url))  # warm-up: file cache, bytecode
        times = [asyncio.run(one_run(url)) for _ in range(args.runs)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    print(f"served dashboard, {args.size:,} statements, headless Chromium, median of {args.runs} runs "
          f"(load {os.getloadavg()[0]:.2f}, {os.cpu_count()} cpus)")
    print(f"  browser opens the page -> every pane drawn: {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); target < 3000 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
