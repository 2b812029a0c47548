"""`spacewatch fetch` and `spacewatch feeds` as a user runs them: real processes, a real database file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import DATA, FeedServer, Route, rss, rss_item

from feeds.store import Store

REPO = Path(__file__).resolve().parent.parent


def write_config(path: Path, urls: list[str], read_timeout: int = 1) -> Path:
    lines = ["[fetch]", "concurrency = 8", "per_host = 8", f"read_timeout = {read_timeout}", "connect_timeout = 2", ""]
    for i, url in enumerate(urls):
        lines += ["[[feeds]]", f'url = "{url}"', f'title = "Feed {i}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def spacewatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(spacewatch(*args), cwd=REPO, env=env(), capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)


def test_fetch_prints_one_line_per_feed_then_feeds_shows_health(
        tmp_path: Path, feed_server: FeedServer, refused_url: str) -> None:
    good = feed_server.feed("/good.xml", rss([rss_item(i) for i in range(4)]))
    ru = feed_server.feed("/ru.xml", (DATA / "rss_windows1251.xml").read_bytes(), content_type="text/xml")
    html = feed_server.feed("/page.html", (DATA / "html_page.html").read_bytes(), content_type="text/html")
    cfg = write_config(tmp_path / "config.toml", [good, ru, html, refused_url, feed_server.url("/404.xml")])
    db = tmp_path / "sw.db"

    first = run("fetch", "--config", str(cfg), "--db", str(db))
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert "Feed 0: 4 new articles" in lines
    # The Russian feed's two articles each quote an official: extraction runs in the same refresh.
    assert "Feed 1: 2 new articles (2 new statements)" in lines
    assert "Feed 2: error: not a feed: got an HTML page" in lines
    assert "Feed 3: error: connection refused" in lines
    assert "Feed 4: error: HTTP 404 Not Found" in lines
    assert lines[-1] == "5 feeds; 6 new articles; 0 not modified; 3 failed"
    assert "\r" not in first.stdout + first.stderr  # piped: plain lines, no progress redraws

    second = run("fetch", "--config", str(cfg), "--db", str(db))
    assert "Feed 0: not modified" in second.stdout.splitlines()
    assert "Feed 3: skipped: backing off after 1 failure" in second.stdout

    table = run("feeds", "--config", str(cfg), "--db", str(db))
    assert table.returncode == 0, table.stderr
    rows = {line.split()[0] + " " + line.split()[1]: line for line in table.stdout.splitlines()[1:]}
    assert "not-modified" in rows["Feed 0"] and " 304 " in rows["Feed 0"]
    assert "error" in rows["Feed 4"] and "HTTP 404 Not Found" in rows["Feed 4"]
    assert "connection refused" in rows["Feed 3"]
    as_json = run("feeds", "--json", "--config", str(cfg), "--db", str(db))
    assert '"articles": 4' in as_json.stdout and '"last_error": "not a feed: got an HTML page"' in as_json.stdout


def test_exit_status_is_1_only_when_every_feed_failed(tmp_path: Path, refused_url: str,
                                                      feed_server: FeedServer) -> None:
    cfg = write_config(tmp_path / "config.toml", [refused_url, feed_server.url("/404.xml")])
    done = run("fetch", "--config", str(cfg), "--db", str(tmp_path / "sw.db"))
    assert done.returncode == 1 and "2 failed" in done.stdout


def test_config_error_names_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[[feeds]]\nurl = "ftp://nope.example/feed"\n', encoding="utf-8")
    done = run("fetch", "--config", str(cfg), "--db", str(tmp_path / "sw.db"))
    assert done.returncode == 2
    assert f"{cfg}, line 2" in done.stderr and "http" in done.stderr


def test_killed_mid_refresh_loses_nothing_and_duplicates_nothing(tmp_path: Path, feed_server: FeedServer) -> None:
    # 24 feeds of 300 items: while some are still being written, 8 more are held by the server;
    # the kill comes once every request has arrived, so the process is certainly mid-refresh.
    urls = [feed_server.feed(f"/f{i}.xml", rss([rss_item(i * 1000 + k) for k in range(300)]))
            for i in range(24)]
    held = threading.Event()
    for i in range(24, 32):
        feed_server.add(f"/f{i}.xml", Route(body=rss([rss_item(i * 1000 + k) for k in range(300)]),
                                            headers={"Content-Type": "application/rss+xml"}, hang=held,
                                            etag=f'"held-{i}"'))
        urls.append(feed_server.url(f"/f{i}.xml"))
    cfg = write_config(tmp_path / "config.toml", urls, read_timeout=60)
    db = tmp_path / "sw.db"
    args = spacewatch("fetch", "--config", str(cfg), "--db", str(db))

    proc = subprocess.Popen(args, cwd=REPO, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        assert feed_server.wait_for_requests(32, timeout=120), "the fetch never reached every feed"
    finally:
        # The whole process group: the fetch and its parser processes die at once.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    held.set()

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rerun = run("fetch", "--config", str(cfg), "--db", str(db), "--force")
    assert rerun.returncode == 0, rerun.stderr
    assert "error" not in rerun.stdout
    again = run("fetch", "--config", str(cfg), "--db", str(db))
    assert again.stdout.splitlines()[-1] == "32 feeds; 0 new articles; 32 not modified; 0 failed"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 32 * 300
        dupes = conn.execute("SELECT count(*) FROM (SELECT link FROM articles GROUP BY link HAVING count(*) > 1)")
        assert dupes.fetchone()[0] == 0


def test_reader_and_fetch_at_the_same_time_never_lock(tmp_path: Path, feed_server: FeedServer) -> None:
    urls = [feed_server.feed(f"/f{i}.xml", rss([rss_item(i * 1000 + k) for k in range(200)])) for i in range(20)]
    cfg = write_config(tmp_path / "config.toml", urls)
    db = tmp_path / "sw.db"
    reader = Store.open(db)  # the dashboard's connection, open before and during the fetch
    errors: list[BaseException] = []
    reads = 0
    proc = subprocess.Popen(spacewatch("fetch", "--config", str(cfg), "--db", str(db)), cwd=REPO, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            try:
                reader.feed_health()
                reader.counts()
                reader.statements(limit=50)
                reader.search_articles("story")
                reads += 1
            except sqlite3.OperationalError as exc:
                errors.append(exc)
                break
        out, err = proc.communicate(timeout=120)
    finally:
        reader.close()
    assert not errors, errors
    assert proc.returncode == 0 and "database is locked" not in err + out
    assert reads > 0 and out.splitlines()[-1].startswith("20 feeds; 4000 new articles")


@pytest.mark.parametrize("argv", [["fetch", "--help"], ["feeds", "--help"]])
def test_help(argv: list[str]) -> None:
    done = run(*argv)
    assert done.returncode == 0 and "--config" in done.stdout and "--db" in done.stdout
