"""`spacewatch fetch --watch` against a real loopback server: it polls, survives, alerts, and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.config import load_config
from feeds.newsroom.watch import run_watch
from feeds.store import Store
from tests.conftest import FeedServer, rss, rss_item

REPO = Path(__file__).resolve().parent.parent
QUOTE_TEXT = ("<p>“The decision was made to leave this station after 2024,” Yuri Borisov, head of Roscosmos, "
              "said on Tuesday.</p><p>He added nothing else.</p>")


def write_config(tmp_path: Path, url: str, alerts: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f"""
[[feeds]]
url = "{url}"
title = "Test Wire"

[[actors]]
name = "Roscosmos"
people = [{{ name = "Yuri Borisov" }}]
{alerts}
""", encoding="utf-8")
    return path


def watch(tmp_path: Path, config: Path, polls: int, **kw: object) -> list[str]:
    lines: list[str] = []
    with Store.open(tmp_path / "spacewatch.db") as store:
        made = run_watch(store, lambda: load_config(config), log=lines.append, interval=0.0, workers=0,
                         max_polls=polls, **kw)  # type: ignore[arg-type]
    assert made == polls
    return lines


def test_polls_again_with_conditional_requests(tmp_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/feed.xml", rss([rss_item(1), rss_item(2)]))
    lines = watch(tmp_path, write_config(tmp_path, url), polls=3)
    polls = [line for line in lines if "feeds," in line]
    assert len(polls) == 3 and "2 new articles" in polls[0] and "0 new articles" in polls[2]
    seen = feed_server.requests_to("/feed.xml")
    assert len(seen) == 3 and "if-none-match" in seen[2].headers


def test_a_failing_feed_and_a_broken_config_do_not_stop_polling(tmp_path: Path, feed_server: FeedServer) -> None:
    from tests.conftest import Route

    url = feed_server.add("/down.xml", Route(status=500, body=b"oops"))
    config = write_config(tmp_path, url)
    calls = 0

    def load():  # the user breaks the file after the first poll
        nonlocal calls
        calls += 1
        if calls > 2:
            config.write_text("refresh_interval = [", encoding="utf-8")
        return load_config(config)

    lines: list[str] = []
    with Store.open(tmp_path / "spacewatch.db") as store:
        assert run_watch(store, load, log=lines.append, interval=0.0, workers=0, max_polls=2) == 2
    polls = [line for line in lines if "feeds," in line]
    assert len(polls) == 2 and "1 failed" in polls[0] and "1 backing off" in polls[1]  # and polled again
    assert any(line.startswith(f"  {url}: error:") for line in lines)
    assert any(line.startswith("config error, keeping the last good config") for line in lines)


def test_alert_commands_that_fail_or_hang_are_reported_and_polling_goes_on(
        tmp_path: Path, feed_server: FeedServer) -> None:
    pytest.importorskip("feeds.statements", reason="statement extraction is not built yet")
    out = tmp_path / "alert.json"
    url = feed_server.feed("/feed.xml", rss([rss_item(1, text=QUOTE_TEXT)]))
    alerts = f"""
[[alerts]]
name = "hangs"
words = ["station"]
command = "sleep 30"

[[alerts]]
name = "fails"
speaker = "Borisov"
command = "exit 4"

[[alerts]]
name = "works"
actor = "Roscosmos"
command = "cat > '{out}'"
"""
    lines = watch(tmp_path, write_config(tmp_path, url, alerts), polls=2, alert_timeout=0.5)
    assert sum(line.startswith("  ALERT ") for line in lines) == 3
    assert "  alert error: alert 'hangs': command did not finish within 0.5 s and was stopped" in lines
    assert "  alert error: alert 'fails': command exited with status 4" in lines
    assert '"alert": "works"' in out.read_text(encoding="utf-8")
    assert len([line for line in lines if "feeds," in line]) == 2  # polled again after the hang
    assert len(feed_server.requests_to("/feed.xml")) == 2


def test_sigterm_stops_the_watch_cleanly(tmp_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/feed.xml", rss([rss_item(1)]))
    config = write_config(tmp_path, url)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "fetch", "--watch", "--interval", "1h", "--workers", "0",
         "--config", str(config), "--db", str(tmp_path / "w.db")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # blocks until the first poll is reported
        assert "1 feeds, 1 new articles" in first
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "stopping" in rest
    with Store.open(tmp_path / "w.db") as store:
        assert store.counts()["articles"] == 1
