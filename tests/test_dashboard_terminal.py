"""The installed `spacewatch` console script in a real pseudo-terminal, as a user runs it: 20 loopback
feeds (the worker pool on), a fresh database, keys pressed, and what is left running afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from conftest import FeedServer, rss, rss_item
from terminal import Terminal, wait_until_gone
from tui_harness import story

from feeds.config import packaged_config_text

FEEDS = 20
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty and /proc: Linux only")


def console_script() -> str:
    """The `spacewatch` that `pip install` put beside this interpreter (what a user types)."""
    script = Path(sys.executable).with_name("spacewatch")
    if not script.exists():
        found = shutil.which("spacewatch")
        if found is None:
            pytest.fail("the spacewatch console script is not installed (pip install -e '.[test]')")
        return found
    return str(script)


def user_config(path: Path, urls: list[str]) -> Path:
    """The packaged config (actors, people) with the given feeds in place of the real ones."""
    text = packaged_config_text()
    head = text[:text.index("\n[[feeds]]")]
    head = head.replace("per_host = 6", f"per_host = {FEEDS}")  # every loopback feed is one host
    feeds = "".join(f'\n[[feeds]]\nurl = "{url}"\ntitle = "Outlet {i}"\n' for i, url in enumerate(urls))
    path.write_text(head + feeds, encoding="utf-8")
    return path


def serve(server: FeedServer) -> list[str]:
    urls = []
    for f in range(FEEDS):
        items = [story(100 * f + i, f"NASA briefing {f}-{i}", [
            f"NASA held briefing {f}-{i} on Friday.",
            f"“Flight {f}-{i} is on schedule and the crew is ready,” NASA Administrator Bill Nelson said.",
        ], hour=i) for i in range(3)]
        server.feed(f"/feed-{f}.xml", rss(items, title=f"Outlet {f}"))
        urls.append(server.url(f"/feed-{f}.xml"))
    return urls


def user_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "TERM": "xterm-256color",
            "LANG": "C.UTF-8", "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share")}


def stored(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_the_installed_dashboard_stores_and_shows_statements_from_20_feeds(tmp_path: Path,
                                                                          feed_server: FeedServer) -> None:
    config = user_config(tmp_path / "config.toml", serve(feed_server))
    db = tmp_path / "live.db"
    term = Terminal([console_script(), "--config", str(config), "--db", str(db)], env=user_env(tmp_path))
    try:
        term.wait_for(lambda: stored(db, "SELECT count(*) FROM fetch_log") >= FEEDS, "the first refresh")
        errors = stored(db, "SELECT count(*) FROM fetch_log WHERE status = 'error'")
        assert errors == 0, term.screen_text()
        assert stored(db, "SELECT count(*) FROM statements") == FEEDS * 3
        assert stored(db, "SELECT count(*) FROM statements WHERE actor = 'NASA'") == FEEDS * 3
        shown = stored(db, "SELECT count(*) FROM quotes_view")  # copies from several outlets count once
        term.wait_for(lambda: f"{shown} new statements" in term.screen_text(), "the status line to count them")
        term.wait_for(lambda: "Bill Nelson" in term.screen_text(), "a quote in the NASA pane")
        assert "internal error" not in term.screen_text()
        term.press("q")
        assert term.wait_exit() == 0
        assert wait_until_gone(term.pid) == []  # no worker, forkserver or tracker left behind
    finally:
        term.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_gives_the_terminal_back_and_removes_the_demo_database(tmp_path: Path, sig: signal.Signals) -> None:
    env = user_env(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env["TMPDIR"] = str(temp)
    term = Terminal([console_script(), "--demo"], env=env)
    try:
        term.wait_for(lambda: "Roscosmos" in term.screen_text() and "quotes" in term.screen_text(), "the panes")
        assert list(temp.glob("spacewatch-demo-*"))  # the demo's database, while it runs
        os.kill(term.pid, sig)
        assert term.wait_exit() == 128 + sig
        tail = bytes(term.output[-2000:])
        assert b"\x1b[?1049l" in tail  # left the alternate screen
        assert b"\x1b[?25h" in tail  # the cursor is shown again
        assert list(temp.glob("spacewatch-demo-*")) == []
        assert wait_until_gone(term.pid) == []
    finally:
        term.close()


# --- issue 12's items 1, 2 and 7 in a real terminal ----------------------------------------------

def briefing(n: int, when: datetime, quote: str, *, link: str | None = None) -> str:
    """One NASA item whose single quote is `quote`, published at `when`."""
    item = rss_item(n, title=f"Briefing number {n:04d} ends", date=format_datetime(when),
                    text=f"<p>NASA held a briefing on Friday.</p>"
                         f"<p>“{quote},” NASA Administrator Bill Nelson said.</p>")
    return item if link is None else item.replace(f"https://outlet.example/story/{n}", link)


def fetch_into(config: Path, db: Path, env: dict[str, str]) -> None:
    """`spacewatch fetch` from the console script, as cron or a second shell would run it."""
    done = subprocess.run([console_script(), "--config", str(config), "--db", str(db), "fetch"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_statements_another_process_stores_appear_without_a_key(tmp_path: Path, feed_server: FeedServer) -> None:
    env = user_env(tmp_path)
    config = user_config(tmp_path / "config.toml", serve(feed_server))
    db = tmp_path / "shared.db"
    term = Terminal([console_script(), "--no-fetch", "--config", str(config), "--db", str(db)], env=env)
    try:
        term.wait_for(lambda: "Nothing from or about NASA is" in term.screen_text(), "the empty panes")
        fetch_into(config, db, env)  # another writer, while the dashboard runs and nobody presses a key
        shown = stored(db, "SELECT count(*) FROM quotes_view")
        term.wait_for(lambda: "Bill Nelson" in term.screen_text(), "the other process's statements in the pane")
        term.wait_for(lambda: f"{shown} new statements" in term.screen_text(), "one notification counting them")
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_copies_merge_and_a_changed_figure_does_not(tmp_path: Path, feed_server: FeedServer) -> None:
    when = datetime(2025, 6, 6, 12, tzinfo=UTC)
    said = "The station will fly until 2030 and the crews are ready for that"
    urls = [feed_server.feed(f"/copy-{k}.xml", rss([briefing(k, when, said, link=f"https://outlet{k}.example/s")],
                                                   title=f"Outlet {k}")) for k in (1, 2)]
    other = "The station will fly until 2028 and the crews are ready for that"
    urls.append(feed_server.feed("/other.xml", rss([briefing(3, when, other)], title="Outlet 3")))
    config = user_config(tmp_path / "config.toml", urls)
    db = tmp_path / "merge.db"
    term = Terminal([console_script(), "--config", str(config), "--db", str(db)], env=user_env(tmp_path))
    try:
        term.wait_for(lambda: "until 2028" in term.screen_text() and "until 2030" in term.screen_text(),
                      "both statements in the NASA pane")
        screen = term.screen_text()
        assert screen.count("until 2030") == 1 and screen.count("until 2028") == 1
        assert "2 sources" in screen  # the two copies are one statement with two outlets behind it
        assert stored(db, "SELECT count(*) FROM quotes_view") == 2
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_a_deep_pane_moves_exactly_as_many_rows_as_keys_pressed(tmp_path: Path, feed_server: FeedServer) -> None:
    env = user_env(tmp_path)
    newest = datetime(2025, 6, 6, 12, tzinfo=UTC)
    rows = 400  # more than the pane keeps loaded at once: moving down pages through the store
    items = [briefing(n, newest - timedelta(minutes=n), f"Flight {n} is on schedule") for n in range(rows)]
    config = user_config(tmp_path / "config.toml", [feed_server.feed("/deep.xml", rss(items))])
    db = tmp_path / "deep.db"
    fetch_into(config, db, env)
    assert stored(db, "SELECT count(*) FROM quotes_view") == rows
    term = Terminal([console_script(), "--no-fetch", "--config", str(config), "--db", str(db)], env=env)
    try:
        term.wait_for(lambda: "Flight 0 is on schedule" in term.screen_text(), "the newest row")
        # All in one burst, as a fast typist or a held key sends it: the NASA pane alone, k at the
        # newest row (no wrap-around to the oldest loaded), 250 rows down through pages still to
        # be fetched, and enter on the row those keys lead to.
        term.press("2k" + "j" * 250 + "\r")
        term.wait_for(lambda: "Briefing number 0250 ends" in term.screen_text(), "the 251st row's article")
        term.press("\x1b")
        term.wait_for(lambda: "NASA  quotes" in term.screen_text(), "the pane again")
        term.press("\x1b[H")  # Home: back to the newest row
        term.press("k")
        term.press("\r")
        term.wait_for(lambda: "Briefing number 0000 ends" in term.screen_text(), "the newest row's article")
        term.press("\x1b")  # (alone: ESC then q at once would read as alt+q)
        term.wait_for(lambda: "NASA  quotes" in term.screen_text(), "the pane again")
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()
