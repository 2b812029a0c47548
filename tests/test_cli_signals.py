"""Signals on `spacewatch fetch`: nothing it started outlives it — workers, forkserver, resource tracker.

Each run is a new session, so every process the fetch starts (however it starts it) is found in
/proc by its session id. The fetch is caught mid-refresh: half the feeds are held by the server
until the pool is up and the other half written.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import FeedServer, Route, rss, rss_item
from terminal import session_processes, wait_until_gone
from test_cli_fetch import REPO, env, spacewatch, write_config

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc: Linux only")
FEEDS = 16  # above the pool threshold


def mid_refresh(feed_server: FeedServer, tmp_path: Path, argv_prefix: tuple[str, ...] = ()
                ) -> tuple[subprocess.Popen[bytes], threading.Event, Path]:
    """A `spacewatch fetch` (in a session of its own) with its pool up and half its feeds held."""
    held = threading.Event()
    urls = []
    for i in range(FEEDS):
        body = rss([rss_item(i * 100 + k) for k in range(20)])
        if i % 2:
            feed_server.add(f"/f{i}.xml", Route(body=body, headers={"Content-Type": "application/rss+xml"},
                                                hang=held))
            urls.append(feed_server.url(f"/f{i}.xml"))
        else:
            urls.append(feed_server.feed(f"/f{i}.xml", body))
    cfg = write_config(tmp_path / "config.toml", urls, read_timeout=120)
    db = tmp_path / "sw.db"
    proc = subprocess.Popen([*argv_prefix, *spacewatch("fetch", "--config", str(cfg), "--db", str(db))],
                            cwd=REPO, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    assert feed_server.wait_for_requests(FEEDS, timeout=120), "the fetch never reached every feed"
    # main + resource tracker + forkserver + at least one worker
    deadline_rounds = 600
    while len(session_processes(proc.pid)) < 4 and deadline_rounds:
        held.wait(0.05)
        deadline_rounds -= 1
    assert len(session_processes(proc.pid)) >= 4, session_processes(proc.pid)
    return proc, held, db


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_ends_the_fetch_and_everything_it_started(tmp_path: Path, feed_server: FeedServer,
                                                           sig: signal.Signals) -> None:
    proc, held, db = mid_refresh(feed_server, tmp_path)
    try:
        os.kill(proc.pid, sig)  # the fetch alone, as `kill` or a service manager sends it
        out, err = proc.communicate(timeout=60)
    finally:
        held.set()
    assert proc.returncode == 128 + sig, err
    assert f"interrupted by {signal.Signals(sig).name}" in err.decode()
    assert wait_until_gone(proc.pid) == []
    assert integrity(db) == "ok"


def test_a_parent_killed_with_sigkill_leaves_no_worker_behind(tmp_path: Path, feed_server: FeedServer) -> None:
    proc, held, db = mid_refresh(feed_server, tmp_path)
    try:
        os.kill(proc.pid, signal.SIGKILL)  # no cleanup runs in the parent
        proc.communicate(timeout=60)
        # The workers notice their parent is gone (they check twice a second).
        assert wait_until_gone(proc.pid, timeout=15) == []
    finally:
        held.set()
    assert integrity(db) == "ok"


@pytest.mark.skipif(shutil.which("timeout") is None, reason="coreutils' timeout is not installed")
def test_a_cron_job_under_timeout_leaks_no_process(tmp_path: Path, feed_server: FeedServer) -> None:
    proc, held, db = mid_refresh(feed_server, tmp_path, ("timeout", "-s", "TERM", "5"))
    try:
        proc.communicate(timeout=60)
    finally:
        held.set()
    assert proc.returncode == 124  # timeout's own status: the time ran out
    assert wait_until_gone(proc.pid) == []
    assert integrity(db) == "ok"
