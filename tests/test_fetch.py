"""feeds.ingest.fetch against a real loopback server: validators, errors as sentences, caps and limits."""

from __future__ import annotations

import asyncio
import gzip
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

from conftest import FeedServer, Route, rss, rss_item

from feeds.ingest.fetch import MAX_RETRY_AFTER, MAX_VALIDATOR, Fetcher, FetchResult, parse_retry_after, validator
from feeds.models import FetchSettings

FAST = FetchSettings(concurrency=10, per_host=10, connect_timeout=2.0, read_timeout=5.0,
                     max_bytes=64 * 1024, max_redirects=3, user_agent="spacewatch-test/1")


async def get(url: str, settings: FetchSettings = FAST, **kw: str | None) -> FetchResult:
    async with Fetcher(settings) as f:
        return await f.fetch(url, **kw)


async def test_200_with_etag_then_304(feed_server: FeedServer) -> None:
    url = feed_server.feed("/feed.xml", rss([rss_item(1)]), last_modified="Mon, 02 Jun 2025 09:30:00 GMT")
    first = await get(url)
    assert first.status == "ok" and first.http_status == 200
    assert first.body and b"Story number 1" in first.body
    assert first.etag and first.last_modified == "Mon, 02 Jun 2025 09:30:00 GMT"
    second = await get(url, etag=first.etag, last_modified=first.last_modified)
    assert second.status == "not-modified" and second.http_status == 304 and second.body is None
    assert second.etag == first.etag  # kept for the next time
    sent = feed_server.requests_to("/feed.xml")[1].headers
    assert sent["if-none-match"] == first.etag
    assert sent["if-modified-since"] == first.last_modified


async def test_user_agent_and_gzip(feed_server: FeedServer) -> None:
    body = rss([rss_item(i) for i in range(30)])
    url = feed_server.feed("/gz.xml", body, gzip=True)
    result = await get(url)
    assert result.status == "ok" and result.body == body
    headers = feed_server.requests_to("/gz.xml")[0].headers
    assert headers["user-agent"] == "spacewatch-test/1"
    assert "gzip" in headers["accept-encoding"]


async def test_http_errors_are_sentences(feed_server: FeedServer) -> None:
    feed_server.add("/500", Route(status=500, body=b"boom"))
    missing = await get(feed_server.url("/nothing-here"))
    broken = await get(feed_server.url("/500"))
    assert (missing.status, missing.http_status, missing.error) == ("error", 404, "HTTP 404 Not Found")
    assert (broken.status, broken.error) == ("error", "HTTP 500 Internal Server Error")


async def test_connection_refused(refused_url: str) -> None:
    result = await get(refused_url)
    assert result.status == "error" and result.error == "connection refused"


async def test_slower_than_read_timeout(feed_server: FeedServer) -> None:
    url, release = feed_server.hanging("/slow.xml")
    settings = FetchSettings(read_timeout=0.2, connect_timeout=2.0)
    try:
        result = await get(url, settings)
    finally:
        release.set()
    assert result.status == "error" and result.error == "timed out after 0.2 s"


async def test_body_over_cap_declared(feed_server: FeedServer) -> None:
    url = feed_server.feed("/big.xml", b"<rss>" + b"x" * 200_000 + b"</rss>")
    result = await get(url)
    assert result.status == "error" and result.error == "body larger than 64 KiB"


async def test_body_over_cap_while_streaming(feed_server: FeedServer) -> None:
    def chunked(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"<item>" + b"y" * 8000 + b"</item>"
        try:
            for _ in range(100):  # 800 KB, no Content-Length to check up front
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            handler.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        handler.close_connection = True

    url = feed_server.add("/stream.xml", Route(handler=chunked))
    result = await get(url)
    assert result.status == "error" and result.error == "body larger than 64 KiB"


async def test_gzip_bomb_is_capped_on_decoded_size(feed_server: FeedServer) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * 5_000_000 + b"</rss>")
    assert len(bomb) < FAST.max_bytes
    url = feed_server.add("/bomb.xml", Route(body=bomb, headers={"Content-Encoding": "gzip",
                                                                "Content-Type": "application/rss+xml"}))
    result = await get(url)
    assert result.status == "error" and result.error == "body larger than 64 KiB"


async def test_redirects_followed_then_bounded(feed_server: FeedServer) -> None:
    target = feed_server.feed("/real.xml", rss([rss_item(1)]))
    moved = feed_server.redirect("/moved.xml", target, status=301)
    ok = await get(moved)
    assert ok.status == "ok" and ok.final_url == target
    feed_server.redirect("/loop-a", feed_server.url("/loop-b"))
    feed_server.redirect("/loop-b", feed_server.url("/loop-a"))
    loop = await get(feed_server.url("/loop-a"))
    assert loop.status == "error" and loop.error == "too many redirects (more than 3)"
    sneaky = await get(feed_server.redirect("/to-file", "file:///etc/passwd"))
    assert sneaky.error == "redirected to a URL that is not http(s)"


async def test_only_http_urls() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/feed", "javascript:alert(1)", ""):
        result = await get(url)
        assert result.status == "error" and result.error == "not an http(s) URL"


async def test_retry_after_on_429_and_503(feed_server: FeedServer) -> None:
    feed_server.add("/busy", Route(status=429, headers={"Retry-After": "120"}))
    when = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    feed_server.add("/down", Route(status=503, headers={"Retry-After": format_datetime(when, usegmt=True)}))
    busy = await get(feed_server.url("/busy"))
    assert busy.error == "HTTP 429 Too Many Requests" and busy.retry_after is not None
    assert busy.retry_after - busy.started_at == timedelta(seconds=120)
    down = await get(feed_server.url("/down"))
    # A far-off date is capped: a server cannot silence a feed for years.
    assert down.retry_after == down.started_at + timedelta(days=1)


def test_parse_retry_after() -> None:
    now = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    assert parse_retry_after("30", now) == now + timedelta(seconds=30)
    assert parse_retry_after("Mon, 02 Jun 2025 09:05:00 GMT", now) == now + timedelta(minutes=5)
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


async def test_per_host_limit_holds(feed_server: FeedServer) -> None:
    lock = threading.Lock()
    release = threading.Event()
    state = {"now": 0, "max": 0}

    def held(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        release.wait(timeout=30)
        with lock:
            state["now"] -= 1
        body = rss([rss_item(1)])
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    for i in range(6):
        feed_server.add(f"/h{i}", Route(handler=held))
    settings = FetchSettings(concurrency=10, per_host=2, read_timeout=30.0)
    async with Fetcher(settings) as f:
        tasks = [asyncio.create_task(f.fetch(feed_server.url(f"/h{i}"))) for i in range(6)]
        assert await asyncio.to_thread(feed_server.wait_for_requests, 2)
        release.set()
        results = await asyncio.gather(*tasks)
    assert all(r.status == "ok" for r in results)
    assert state["max"] == 2


async def test_one_failure_does_not_stop_the_others(feed_server: FeedServer, refused_url: str) -> None:
    good = feed_server.feed("/good.xml", rss([rss_item(1)]))
    async with Fetcher(FAST) as f:
        results = await asyncio.gather(f.fetch(refused_url), f.fetch(good),
                                       f.fetch(feed_server.url("/404")))
    assert [r.status for r in results] == ["error", "ok", "error"]


def test_huge_retry_after_is_capped_not_an_error() -> None:
    now = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    cap = now + MAX_RETRY_AFTER
    assert MAX_RETRY_AFTER == timedelta(days=1)
    assert parse_retry_after("9" * 400, now) == cap  # would overflow timedelta / datetime
    assert parse_retry_after("99999999999999999999", now) == cap
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == cap
    assert parse_retry_after("0000000000000000000030", now) == now + timedelta(seconds=30)
    assert parse_retry_after("١٢٠", now) is None  # Arabic-Indic digits are not delta-seconds


async def test_huge_retry_after_from_a_server(feed_server: FeedServer) -> None:
    feed_server.add("/busy", Route(status=429, headers={"Retry-After": "9" * 5000}))
    busy = await get(feed_server.url("/busy"))
    assert busy.error == "HTTP 429 Too Many Requests"
    assert busy.retry_after == busy.started_at + MAX_RETRY_AFTER


async def test_poisoned_validators_are_not_kept_or_sent(feed_server: FeedServer) -> None:
    poison = '"' + "A" * 100_000 + '"'
    feed_server.add("/poison.xml", Route(body=rss([rss_item(1)]), headers={
        "ETag": poison, "Last-Modified": "Mon, 02 Jun 2025 09:30:00 GMT\x7f\x1b[31m"}))
    first = await get(feed_server.url("/poison.xml"))
    assert first.status == "ok" and first.etag is None and first.last_modified is None
    # One stored by an older version is not sent back either.
    again = await get(feed_server.url("/poison.xml"), etag=poison, last_modified="x\x1b]52;c;aGk=\x07")
    assert again.status == "ok"
    sent = feed_server.requests_to("/poison.xml")[1].headers
    assert "if-none-match" not in sent and "if-modified-since" not in sent
    assert validator('W/"abc-123"') == 'W/"abc-123"'
    assert validator("x" * (MAX_VALIDATOR + 1)) is None
