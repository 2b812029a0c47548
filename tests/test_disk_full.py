"""A database that refuses writes (a full disk, any write error) fails the refresh loudly, half-writes
nothing, and a rerun once it can be written again completes: `spacewatch fetch` and `fetch --watch`
as a user runs them, on a real small tmpfs and under a file-size limit (a writer that fails with EFBIG)."""

from __future__ import annotations

import hashlib
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FeedServer, rss, rss_item
from test_cli_fetch import REPO, env, run, spacewatch, write_config

from feeds.store import Store

FEEDS, ITEMS = 12, 60
PARAGRAPH = "The agency said the review of the station's cooling loop would take several more weeks. " * 4


def serve(server: FeedServer) -> list[str]:
    def text(n: int) -> str:  # words of its own for each story: no two are the same story under two URLs
        own = " ".join(hashlib.sha1(f"{n}-{w}".encode()).hexdigest()[:8] for w in range(12))
        return f"<p>{own}. {PARAGRAPH}</p><p>{PARAGRAPH}</p>"

    return [server.feed(f"/f{i}.xml", rss([rss_item(i * 1000 + k, text=text(i * 1000 + k)) for k in range(ITEMS)]))
            for i in range(FEEDS)]


def file_size_limit(limit: int) -> Callable[[], None]:
    """For preexec_fn: every file this process writes stops growing at `limit` bytes (EFBIG, not SIGXFSZ)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def all_or_nothing(db: Path) -> dict[str, int]:
    """Items stored per feed, after checking the file and that no feed is half-written."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_feed = dict(conn.execute("SELECT f.url, count(fi.item_key) FROM feeds f "
                                     "LEFT JOIN feed_items fi ON fi.feed_id = f.id GROUP BY f.id"))
    assert set(per_feed.values()) <= {0, ITEMS}, per_feed
    return per_feed


@pytest.fixture
def small_tmpfs() -> Iterator[Path]:
    """A real 1.1 MiB tmpfs (needs the right to mount: root on Linux); grown to 64 MiB by calling grow().

    Room for an empty database (512 KiB since schema v4) and its WAL, and for some feeds but not all."""
    if not sys.platform.startswith("linux"):
        pytest.skip("tmpfs: Linux only")
    mount = Path(tempfile.mkdtemp(prefix="spacewatch-tmpfs-"))
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1152k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode:
        mount.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
        mount.rmdir()


def grow(mount: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)


def check_fails_loudly_then_completes(db: Path, cfg: Path, first: subprocess.CompletedProcess[str],
                                      free_space: Callable[[], None]) -> None:
    assert first.returncode == 1, first.stdout + first.stderr
    assert "not stored" in first.stdout and "database or disk is full" in first.stdout + first.stderr \
        or "disk I/O error" in first.stdout + first.stderr, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    assert "not stored" in first.stderr  # the summary line on stderr says so too
    stored_first = all_or_nothing(db)
    assert sum(1 for n in stored_first.values() if n == 0) > 0  # some feeds really were refused

    free_space()
    rerun = run("fetch", "--config", str(cfg), "--db", str(db))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "not stored" not in rerun.stdout + rerun.stderr
    assert set(all_or_nothing(db).values()) == {ITEMS}
    again = run("fetch", "--config", str(cfg), "--db", str(db))
    assert again.stdout.splitlines()[-1] == f"{FEEDS} feeds; 0 new articles; {FEEDS} not modified; 0 failed"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == FEEDS * ITEMS


def test_a_full_tmpfs_fails_the_fetch_and_a_rerun_with_space_completes(tmp_path: Path, feed_server: FeedServer,
                                                                       small_tmpfs: Path) -> None:
    cfg = write_config(tmp_path / "config.toml", serve(feed_server), read_timeout=30)
    db = small_tmpfs / "sw.db"
    Store.open(db).close()
    first = run("fetch", "--config", str(cfg), "--db", str(db), "--workers", "2")
    check_fails_loudly_then_completes(db, cfg, first, lambda: grow(small_tmpfs))


def test_a_failing_writer_fails_the_fetch_and_a_rerun_completes(tmp_path: Path, feed_server: FeedServer) -> None:
    cfg = write_config(tmp_path / "config.toml", serve(feed_server), read_timeout=30)
    db = tmp_path / "sw.db"
    Store.open(db).close()
    limit = db.stat().st_size + 256 * 1024
    first = subprocess.run(spacewatch("fetch", "--config", str(cfg), "--db", str(db), "--workers", "2"), cwd=REPO,
                           env=env(), capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
                           preexec_fn=file_size_limit(limit))
    check_fails_loudly_then_completes(db, cfg, first, lambda: None)


def test_fetch_watch_reports_the_failure_at_every_poll(tmp_path: Path, feed_server: FeedServer) -> None:
    cfg = write_config(tmp_path / "config.toml", serve(feed_server), read_timeout=30)
    db = tmp_path / "sw.db"
    Store.open(db).close()
    limit = db.stat().st_size + 256 * 1024
    proc = subprocess.Popen(spacewatch("fetch", "--watch", "--interval", "1", "--workers", "0", "--config", str(cfg),
                                       "--db", str(db)), cwd=REPO, env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                            preexec_fn=file_size_limit(limit))
    polls: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "new articles" in line:  # a poll's line
                polls.append(line)
                if len(polls) == 2:
                    break
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    assert len(polls) == 2
    assert all("NOT STORED" in line for line in polls), polls
    all_or_nothing(db)


async def test_the_dashboard_says_what_was_not_stored(tmp_path: Path, feed_server: FeedServer,
                                                      small_tmpfs: Path) -> None:
    from tui_harness import NOW, packaged_config, until

    from feeds.models import FeedSpec
    from tui.app import make_app
    from tui.clock import fixed_clock

    specs = tuple(FeedSpec(url=url, title=f"Outlet {i}") for i, url in enumerate(serve(feed_server)))
    store = Store.open(small_tmpfs / "sw.db")
    app = make_app(store=store, config=packaged_config(specs), now=fixed_clock(NOW), refresh_on_start=False,
                   auto_refresh=False, workers=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await until(pilot, app, lambda: not app.refreshing, "the refresh to end", groups=("refresh", "page"))
        shown = [n.message for n in app._notifications]
        assert any(m.startswith("Could not store ") and "full" in m for m in shown), shown
    store.close()
    all_or_nothing(small_tmpfs / "sw.db")
