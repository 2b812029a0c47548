"""Shared fixtures: a real threaded HTTP server on 127.0.0.1 with a route for every failure case."""

from __future__ import annotations

import gzip as gzip_module
import hashlib
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Screens show local times ("refreshed at 18:00 UTC"): the tests pin the zone, so snapshots and
# expectations are the same on every machine (a test of another zone sets TZ itself).
os.environ["TZ"] = "UTC"
time.tzset()

DATA = Path(__file__).parent / "data"


@dataclass
class Route:
    """What the server answers on one path. `hang` holds the answer until the event is set."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answers 304 to a matching If-None-Match
    last_modified: str | None = None  # answers 304 to an identical If-Modified-Since
    hang: threading.Event | None = None
    gzip: bool = False
    drop: bool = False  # close the connection without any response
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None  # full control


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass

    def do_GET(self) -> None:
        server = self.server.feed_server
        server._enter()
        try:
            self._get()
        finally:
            server._leave()

    def _get(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.feed_server._record(Seen(path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.server.feed_server.routes.get(path)
        if route is None:
            return self._answer(404, b"Not Found\n", {"Content-Type": "text/plain"})
        if route.hang is not None:
            # Held until the test (or teardown) releases it: a feed slower than any timeout.
            route.hang.wait()
            if self.server.feed_server.closing.is_set():
                self.close_connection = True
                return
        if route.drop:
            self.close_connection = True
            return
        if route.handler is not None:
            return route.handler(self)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            return self._answer(304, b"", {"ETag": route.etag})
        if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
            return self._answer(304, b"", {"Last-Modified": route.last_modified})
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        body = route.body
        if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip_module.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self._answer(route.status, body, headers)

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    feed_server: FeedServer


class FeedServer:
    """A real HTTP server on 127.0.0.1 (own thread, a thread per connection) for tests.

    Register answers with `add(path, Route(...))` or the helpers, point feeds at `url(path)`,
    and wait on `wait_for_requests(n)` instead of sleeping.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.in_flight = 0  # requests being answered now
        self.max_in_flight = 0  # the most at any one time
        self.closing = threading.Event()
        self._cond = threading.Condition()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.feed_server = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name="feed-server")

    # lifecycle
    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        for route in self.routes.values():
            if route.hang is not None:
                route.hang.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # routes
    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def feed(self, path: str, body: bytes, *, content_type: str = "application/rss+xml; charset=utf-8",
             etag: bool = True, last_modified: str | None = None, gzip: bool = False) -> str:
        """A feed with a strong ETag from its bytes: 200 first, 304 when asked with that ETag."""
        tag = f'"{hashlib.sha1(body).hexdigest()[:16]}"' if etag else None
        return self.add(path, Route(body=body, headers={"Content-Type": content_type}, etag=tag,
                                    last_modified=last_modified, gzip=gzip))

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, Route(status=status, headers={"Location": to}))

    def hanging(self, path: str) -> tuple[str, threading.Event]:
        """A route that answers only once the returned event is set."""
        release = threading.Event()
        return self.add(path, Route(body=b"<rss/>", hang=release)), release

    # what happened
    def _record(self, seen: Seen) -> None:
        with self._cond:
            self.seen.append(seen)
            self._cond.notify_all()

    def _enter(self) -> None:
        with self._cond:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self._cond.notify_all()

    def _leave(self) -> None:
        with self._cond:
            self.in_flight -= 1
            self._cond.notify_all()

    def wait_for_in_flight(self, n: int, timeout: float) -> bool:
        """Block (a handler) until n requests are being answered at once (False: not within timeout)."""
        with self._cond:
            return self._cond.wait_for(lambda: self.in_flight >= n, timeout=timeout)

    def hits(self, path: str) -> int:
        with self._cond:
            return sum(1 for s in self.seen if s.path == path)

    def requests_to(self, path: str) -> list[Seen]:
        with self._cond:
            return [s for s in self.seen if s.path == path]

    def wait_for_requests(self, n: int, timeout: float = 30.0) -> bool:
        """Block until the server has seen at least n requests in all (False on timeout)."""
        with self._cond:
            return self._cond.wait_for(lambda: len(self.seen) >= n, timeout=timeout)


# A POSIX TZ string: no tz database needed. Berlin's summer time is two hours from UTC and named.
BERLIN_ZONE = "CET-1CEST,M3.5.0,M10.5.0/3"


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """`local_zone(BERLIN_ZONE)` moves the test to another local zone (UTC, as pinned above, after it)."""

    def move(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield move
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens: connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


# --- feed documents for tests -------------------------------------------------------------------


def rss(items: list[str] | str, *, title: str = "Test Feed", encoding: str = "utf-8",
        declare: bool = True, extra: str = "") -> bytes:
    """An RSS 2.0 document in `encoding` (declared in the XML declaration unless declare=False)."""
    body = "".join(items) if isinstance(items, list) else items
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n' if declare else ""
    doc = (f'{head}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           f"<channel><title>{title}</title><link>https://outlet.example/</link>{extra}"
           f"{body}</channel></rss>")
    return doc.encode(encoding)


def rss_item(n: int, *, title: str | None = None, text: str | None = None, guid: bool = True,
             link: bool = True, date: str | None = "Mon, 02 Jun 2025 07:43:00 +0000") -> str:
    parts = [f"<title>{title or f'Story number {n}'}</title>"]
    if link:
        parts.append(f"<link>https://outlet.example/story/{n}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">story-{n}</guid>')
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    body = text or f"<p>First paragraph of story {n}.</p><p>Second paragraph.</p>"
    parts.append(f"<description><![CDATA[{body}]]></description>")
    return "<item>" + "".join(parts) + "</item>"


@pytest.fixture
def rss_doc() -> Callable[..., bytes]:
    return rss
