"""HTTP for feeds: httpx.AsyncClient, concurrency (global and per host), timeouts, size cap, 304s."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..models import FetchSettings
from ..urls import is_web_url

ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json;q=0.9, "
          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
# A server may ask for a pause, but not for longer than this.
MAX_RETRY_AFTER = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One GET of one feed: a body, a 304, or an error sentence."""

    url: str
    status: str  # "ok" (body), "not-modified" (304), "error"
    started_at: datetime
    duration_ms: int
    http_status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    final_url: str | None = None  # after redirects
    etag: str | None = None
    last_modified: str | None = None
    retry_after: datetime | None = None
    error: str | None = None


class _TooLarge(Exception):
    pass


def _seconds(value: float) -> str:
    return f"{value:g}"


def _size(n: int) -> str:
    for unit, scale in (("MiB", 1048576), ("KiB", 1024)):
        if n >= scale and n % (scale // 16) == 0:
            return f"{n / scale:g} {unit}"
    return f"{n:,} bytes"


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """Retry-After as an aware datetime: delta-seconds or an HTTP date; capped at a day."""
    if not value:
        return None
    value = value.strip()
    when: datetime | None
    if value.isdigit():
        when = now + timedelta(seconds=int(value))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return min(when, now + MAX_RETRY_AFTER)


def describe_error(exc: BaseException, settings: FetchSettings) -> str:
    """One sentence a user can act on, for anything httpx (or the size cap) raises."""
    if isinstance(exc, _TooLarge):
        return f"body larger than {_size(settings.max_bytes)}"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {_seconds(settings.connect_timeout)} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out after {_seconds(settings.read_timeout)} s"
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return "timed out"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {settings.max_redirects})"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "redirected to a URL that is not http(s)"
    if isinstance(exc, httpx.ConnectError):
        causes = []
        cur: BaseException | None = exc
        while cur is not None:
            causes.append(cur)
            cur = cur.__cause__ or cur.__context__
        text = " ".join(str(c) for c in causes).lower()
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in text:
            return "connection refused"
        if any(isinstance(c, ssl.SSLError) for c in causes) or "ssl" in text or "certificate" in text:
            return f"TLS error: {exc}"
        if "name or service not known" in text or "nodename nor servname" in text \
                or "temporary failure in name resolution" in text or "getaddrinfo" in text:
            return "host not found"
        if "unreachable" in text:
            return "network unreachable"
        return f"could not connect: {exc}" if str(exc) else "could not connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection before a complete response"
    if isinstance(exc, httpx.ReadError):
        return "the connection broke while reading"
    if isinstance(exc, httpx.DecodingError):
        return "the compressed body could not be decoded"
    if isinstance(exc, httpx.InvalidURL):
        return "invalid URL"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def http_error(status: int, reason: str | None) -> str:
    reason = (reason or "").strip()
    return f"HTTP {status} {reason}".rstrip()


class Fetcher:
    """Fetches feeds politely: `async with Fetcher(settings) as f: await f.fetch(url, ...)`.

    At most `concurrency` requests run at once overall and `per_host` to any one host; a
    body is refused as soon as it streams past `max_bytes`. Safe to share between tasks of
    one event loop.
    """

    def __init__(self, settings: FetchSettings, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self._global = asyncio.Semaphore(max(1, settings.concurrency))
        self._per_host: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(max(1, settings.per_host)))
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        # The whole request, however the server dribbles: a read timeout alone resets on
        # every byte.
        self.deadline = settings.connect_timeout + 4 * settings.read_timeout

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout,
                                  write=s.read_timeout, pool=None),
            limits=httpx.Limits(max_connections=max(1, s.concurrency),
                                max_keepalive_connections=max(1, s.concurrency)),
            follow_redirects=True, max_redirects=s.max_redirects, transport=self._transport)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None, accept: str | None = None) -> FetchResult:
        """GET one feed, conditionally when validators are given. Never raises for HTTP trouble.

        `accept` replaces the feed types asked for (an article page asks for HTML).
        """
        started = datetime.now(UTC)
        if not is_web_url(url):
            return FetchResult(url, "error", started, 0, error="not an http(s) URL")
        host = (urlsplit(url).hostname or "").lower()
        # Per host first: a task waiting for a busy host must not hold one of the global slots.
        async with self._per_host[host], self._global:
            t0 = time.monotonic()  # time on the wire, not in the queue
            try:
                async with asyncio.timeout(self.deadline):
                    status, fields = await self._get(url, etag, last_modified, started, accept)
            except TimeoutError:
                status, fields = "error", {"error": f"timed out after {_seconds(self.deadline)} s in all"}
            except (httpx.HTTPError, httpx.InvalidURL, _TooLarge) as exc:
                status, fields = "error", {"error": describe_error(exc, self.settings)}
        return FetchResult(url, status, started, int((time.monotonic() - t0) * 1000), **fields)

    async def _get(self, url: str, etag: str | None, last_modified: str | None,
                   started: datetime, accept: str | None = None) -> tuple[str, dict[str, Any]]:
        assert self._client is not None, "use `async with Fetcher(...)`"
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        async with self._client.stream("GET", url, headers=headers) as resp:
            code = resp.status_code
            fields: dict[str, Any] = {"http_status": code, "final_url": str(resp.url)}
            if code == 304:
                return "not-modified", {**fields, "etag": resp.headers.get("etag") or etag,
                                        "last_modified": resp.headers.get("last-modified") or last_modified}
            if code >= 400 or code < 200:
                if code in (429, 503):
                    fields["retry_after"] = parse_retry_after(resp.headers.get("retry-after"), started)
                return "error", {**fields, "error": http_error(code, resp.reason_phrase)}
            limit = self.settings.max_bytes
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit \
                    and "content-encoding" not in resp.headers:
                raise _TooLarge
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _TooLarge
                chunks.append(chunk)
            h = resp.headers
            return "ok", {**fields, "body": b"".join(chunks), "content_type": h.get("content-type"),
                          "etag": h.get("etag"), "last_modified": h.get("last-modified")}
