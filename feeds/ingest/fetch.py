"""HTTP for feeds: httpx.AsyncClient, concurrency (global and per host), timeouts, size cap, 304s."""

from __future__ import annotations

import asyncio
import re
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
from .decode import ACCEPT_ENCODING, BodyDecoder, DecodeError, TooLarge

ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json;q=0.9, "
          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
# A server may ask for a pause, but not for longer than this.
MAX_RETRY_AFTER = timedelta(days=1)
_DELTA_SECONDS = re.compile(r"[0-9]+")
# ETag / Last-Modified worth keeping: real ones are under 100 characters of visible ASCII. A longer
# or stranger one is not stored and not sent back, lest every request carry a server's poison.
MAX_VALIDATOR = 512
_VALIDATOR = re.compile(r"[\x20-\x7e]+")  # ASCII only: int() would also take other scripts' digits


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One GET of one feed: a body, a 304, or an error sentence."""

    url: str
    status: str  # "ok" (body), "not-modified" (304), "redirect" (not followed: see location), "error"
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
    location: str | None = None  # where a redirect not followed points, absolute


def _seconds(value: float) -> str:
    return f"{value:g}"


def _size(n: int) -> str:
    for unit, scale in (("MiB", 1048576), ("KiB", 1024)):
        if n >= scale and n % (scale // 16) == 0:
            return f"{n / scale:g} {unit}"
    return f"{n:,} bytes"


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """Retry-After as an aware datetime: delta-seconds or an HTTP date; capped at MAX_RETRY_AFTER.

    A number of any length or a date in year 9999 is capped too, never an overflow.
    """
    if not value:
        return None
    value = value.strip()
    cap = now + MAX_RETRY_AFTER
    when: datetime | None
    if _DELTA_SECONDS.fullmatch(value):
        digits = value.lstrip("0")
        if len(digits) > 9:  # over 31 years: past the cap anyway, and `now +` it could overflow
            return cap
        return min(now + timedelta(seconds=int(digits or "0")), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(when, cap)


def validator(value: str | None) -> str | None:
    """An ETag or Last-Modified value fit to store and send back, else None."""
    if not value or len(value) > MAX_VALIDATOR or not _VALIDATOR.fullmatch(value) or not value.strip():
        return None
    return value


def describe_error(exc: BaseException, settings: FetchSettings) -> str:
    """One sentence a user can act on, for anything httpx (or the size cap) raises."""
    if isinstance(exc, TooLarge):
        return f"body larger than {_size(settings.max_bytes)}"
    if isinstance(exc, DecodeError):
        return str(exc)
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
            # Accept-Encoding: only what feeds.ingest.decode can undo under the size cap.
            headers={"User-Agent": s.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
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
                    last_modified: str | None = None, accept: str | None = None,
                    follow_redirects: bool = True) -> FetchResult:
        """GET one feed, conditionally when validators are given. Never raises for HTTP trouble.

        `accept` replaces the feed types asked for (an article page asks for HTML). With
        `follow_redirects` False a redirect comes back as status "redirect" with its `location`,
        for a caller that must vet each hop (an article page: robots.txt of the host it lands on).
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
                    status, fields = await self._get(url, etag, last_modified, started, accept,
                                                     follow_redirects)
            except TimeoutError:
                status, fields = "error", {"error": f"timed out after {_seconds(self.deadline)} s in all"}
            except (httpx.HTTPError, httpx.InvalidURL, TooLarge, DecodeError) as exc:
                status, fields = "error", {"error": describe_error(exc, self.settings)}
        return FetchResult(url, status, started, int((time.monotonic() - t0) * 1000), **fields)

    async def _get(self, url: str, etag: str | None, last_modified: str | None,
                   started: datetime, accept: str | None = None,
                   follow_redirects: bool = True) -> tuple[str, dict[str, Any]]:
        assert self._client is not None, "use `async with Fetcher(...)`"
        headers = {}
        etag, last_modified = validator(etag), validator(last_modified)  # a database may hold old poison
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        async with self._client.stream("GET", url, headers=headers, follow_redirects=follow_redirects) as resp:
            code = resp.status_code
            fields: dict[str, Any] = {"http_status": code, "final_url": str(resp.url)}
            if not follow_redirects and resp.has_redirect_location:
                return "redirect", {**fields, "location": str(resp.url.join(resp.headers["location"]))}
            if code == 304:
                return "not-modified", {**fields, "etag": validator(resp.headers.get("etag")) or etag,
                                        "last_modified": validator(resp.headers.get("last-modified")) or last_modified}
            if code >= 400 or code < 200:
                if code in (429, 503):
                    fields["retry_after"] = parse_retry_after(resp.headers.get("retry-after"), started)
                return "error", {**fields, "error": http_error(code, resp.reason_phrase)}
            limit = self.settings.max_bytes
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise TooLarge  # the bytes on the wire alone are too many
            # Raw bytes, decoded here: httpx would inflate a whole chunk before any cap applies.
            decoder = BodyDecoder(resp.headers.get("content-encoding"), limit)
            async for chunk in resp.aiter_raw():
                decoder.feed(chunk)
            h = resp.headers
            return "ok", {**fields, "body": decoder.body(), "content_type": h.get("content-type"),
                          "etag": validator(h.get("etag")), "last_modified": validator(h.get("last-modified"))}
