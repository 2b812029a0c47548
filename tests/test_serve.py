"""`spacewatch serve`: the dashboard in a real headless Chromium, through textual-serve on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Page, chromium, chromium_missing
from tui_data import fill_fixed

from feeds.config import packaged_config_text
from feeds.store import Store
from tui.cli import build_parser
from tui.commands.serve import dashboard_command, is_local

pytest.importorskip("textual_serve", reason="spacewatch serve needs the serve extra: pip install 'spacewatch[serve]'")
REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # bounds a hang; never what a test waits for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    config.write_text(packaged_config_text(), encoding="utf-8")
    db = tmp_path / "spacewatch.db"
    with Store.open(db) as store:
        fill_fixed(store)
    return config, db


@pytest.fixture
def server(desk: tuple[Path, Path]) -> Iterator[str]:
    """`spacewatch serve` on 127.0.0.1 in its own process group (its dashboards go with it)."""
    config, db = desk
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--config", str(config), "--db", str(db)], cwd=REPO, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "COLUMNS": "120"})
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().decode()
        assert first.startswith(f"spacewatch: serving the dashboard on http://127.0.0.1:{port}"), first
        listening(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def listening(port: int) -> None:
    """Until the server accepts connections: it says it serves just before aiohttp starts listening,
    and nothing tells when that is done but a connection that is accepted."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            os.sched_yield()  # to the server starting up: a refused connect on loopback answers at once


def test_only_loopback_counts_as_local() -> None:
    assert all(is_local(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_local(h) for h in ("0.0.0.0", "192.0.2.1", "::", "desk.example"))


def test_each_browser_gets_a_dashboard_that_does_not_fetch(tmp_path: Path) -> None:
    args = build_parser().parse_args(["serve", "--db", str(tmp_path / "x.db")])
    command = dashboard_command(args)
    assert command.startswith(sys.executable) and "-m tui.cli --no-fetch" in command
    assert f"--db {tmp_path / 'x.db'}" in command and "--config" not in command
    assert args.host == "127.0.0.1" and args.port == 8000


def test_serving_elsewhere_warns(desk: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    config, db = desk
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes, then the bind fails cleanly.
    code = main(["serve", "--host", "192.0.2.1", "--port", str(free_port()), "--config", str(config), "--db", str(db)])
    err = capsys.readouterr().err
    assert "warning: serving on 192.0.2.1, not on this machine only" in err
    assert code == 1 and "cannot listen on 192.0.2.1" in err


@pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
async def test_a_browser_shows_the_panes_and_the_keys_work(server: str, tmp_path: Path) -> None:
    async with chromium(tmp_path / "profile") as page:
        await asyncio.wait_for(run_in_browser(page, server, tmp_path), START_TIMEOUT)


async def run_in_browser(page: Page, url: str, out: Path) -> None:
    await page.open(url)
    panes = '["Roscosmos", "NASA", "Kremlin", "ESA"].every(actor => screen.includes(actor + "  quotes"))'
    # The headers come first and the rows after them (each pane loads its rows in a worker): wait for
    # Roscosmos' newest quote, from the store, as well.
    screen = await page.screen_when(panes + ' && screen.includes("The station has always worked")')
    assert all(f"{actor}  quotes" in screen for actor in ("Roscosmos", "NASA", "Kremlin", "ESA"))
    await page.screenshot(out / "served-panes.png")
    await page.press("2")
    screen = await page.screen_when('screen.includes("NASA  quotes") && !screen.includes("Roscosmos  quotes")'
                                     ' && screen.includes("We are going to the Moon to stay")')
    assert "These plans are not up for discussion" not in screen  # a Roscosmos quote: its pane is gone
    await page.screenshot(out / "served-pane-2.png")
    assert (out / "served-pane-2.png").read_bytes().startswith(b"\x89PNG")
