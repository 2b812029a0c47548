"""The store against what servers and other tools leave behind: bad validators, bad bytes, a long log."""

from __future__ import annotations

import sqlite3
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FeedServer, Route, rss, rss_item

from feeds.models import Config, FeedSpec, FetchSettings
from feeds.newsroom import exports
from feeds.refresh import refresh_all
from feeds.store import Store
from feeds.store.feeds_table import FETCH_LOG_KEEP
from feeds.store.schema import SCHEMA_VERSION

SETTINGS = FetchSettings(concurrency=4, per_host=4, connect_timeout=2.0, read_timeout=5.0,
                         max_bytes=1024 * 1024, max_redirects=3, user_agent="spacewatch-test/1")
QUOTE = '<p>“We will leave the station after 2024,” said Yuri Borisov, head of Roscosmos.</p>'


def config(*urls: str) -> Config:
    return Config(feeds=tuple(FeedSpec(url=u) for u in urls), actors=(), fetch=SETTINGS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "spacewatch.db")
    yield s
    s.close()


def etag_of(store: Store, url: str) -> str | None:
    return store.conn.execute("SELECT etag FROM feeds WHERE url = ?", (url,)).fetchone()[0]


async def test_validators_are_dropped_after_a_4xx(feed_server: FeedServer, store: Store) -> None:
    body = rss([rss_item(1)])
    state = {"refuse": False}

    def server(handler: BaseHTTPRequestHandler) -> None:
        # A server that came to refuse our If-None-Match (as one does a 100 KB ETag: 400 / 431).
        conditional = "If-None-Match" in handler.headers
        status, data = (400, b"bad request") if state["refuse"] and conditional else (200, body)
        handler.send_response(status)
        handler.send_header("ETag", '"v1"')
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    url = feed_server.add("/feed.xml", Route(handler=server))
    await refresh_all(store, config(url), workers=0)
    assert etag_of(store, url) == '"v1"'
    state["refuse"] = True
    [failed] = await refresh_all(store, config(url), workers=0, force=True)
    assert failed.status == "error" and failed.error == "HTTP 400 Bad Request"
    assert etag_of(store, url) is None  # not resent forever
    [back] = await refresh_all(store, config(url), workers=0, force=True)
    assert back.status == "ok"
    assert "if-none-match" not in feed_server.requests_to("/feed.xml")[-1].headers


async def test_fetch_log_keeps_the_newest_rows_per_feed(feed_server: FeedServer, store: Store) -> None:
    a = feed_server.feed("/a.xml", rss([rss_item(1)]))
    b = feed_server.feed("/b.xml", rss([rss_item(2)]))
    await refresh_all(store, config(a, b), workers=0)
    feed_a = store.feed_states()[a].id
    old = [(feed_a, f"2020-01-01T00:00:{i % 60:02d}Z", 1, "not-modified") for i in range(FETCH_LOG_KEEP + 50)]
    with store.transaction() as conn:
        conn.executemany("INSERT INTO fetch_log (feed_id, started_at, duration_ms, status) VALUES (?, ?, ?, ?)",
                         old)
    await refresh_all(store, config(a, b), workers=0, force=True)
    counts = dict(store.conn.execute("SELECT feed_id, count(*) FROM fetch_log GROUP BY feed_id").fetchall())
    assert counts[feed_a] == FETCH_LOG_KEEP
    assert counts[store.feed_states()[b].id] == 2  # the other feed's log is its own
    newest = store.conn.execute("SELECT max(id) FROM fetch_log WHERE feed_id = ?", (feed_a,)).fetchone()[0]
    kept = store.conn.execute("SELECT min(id) FROM fetch_log WHERE feed_id = ?", (feed_a,)).fetchone()[0]
    assert newest - kept < FETCH_LOG_KEEP + 2  # the newest rows are the ones kept (ids of both feeds interleave)


async def test_invalid_utf8_written_by_another_tool_does_not_crash_reads(feed_server: FeedServer,
                                                                         store: Store) -> None:
    url = feed_server.feed("/feed.xml", rss([rss_item(1, text=QUOTE)]))
    await refresh_all(store, config(url), workers=0)
    assert store.statements()
    with store.transaction() as conn:  # as sqlite3's CLI or another program might write it
        conn.execute("UPDATE statements SET speaker = CAST(X'59757269ff80' AS TEXT)")
        conn.execute("UPDATE articles SET title = CAST(X'4e6577739c' AS TEXT)")
        conn.execute("UPDATE feeds SET title = CAST(X'c3' AS TEXT)")
    views = store.statements()
    assert views[0].speaker == "Yuri\ufffd\ufffd" and views[0].article_title == "News\ufffd"
    for render in (exports.to_json, exports.to_csv, exports.to_markdown):
        assert "Yuri\ufffd" in render(views)
    assert store.statements(search="leave")  # full-text search still answers
    assert store.feed_health()[0].title == "\ufffd"


def test_read_only_open_never_writes_or_creates(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(FileNotFoundError):
        Store.open_readonly(missing)
    assert not missing.exists()
    path = tmp_path / "spacewatch.db"
    Store.open(path).close()
    with Store.open_readonly(path) as store:
        assert store.statements() == []
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("CREATE TABLE x (y)")
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(sqlite3.DatabaseError, match="newer spacewatch"):
        Store.open_readonly(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all, just text" * 100)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        Store.open_readonly(junk)
