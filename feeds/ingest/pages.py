"""Article pages read politely: robots.txt per host (cached), the feeds' own HTTP client and limits, HTML only.

Pages go through the same Fetcher as the feeds, so the global and per-host limits, the timeouts,
the size cap, the User-Agent naming spacewatch are shared: a refresh never has more than
`per_host` requests in flight to one site, feeds and pages together. Redirects are followed
here, hop by hop, so that a link which moves to another site is read only if that site's
robots.txt allows it too; and a site's Crawl-delay spaces the pages read from it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ..urls import is_web_url
from .fetch import FetchResult

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
ROBOTS_ACCEPT = "text/plain, */*;q=0.5"
# RFC 9309: a crawler may cache robots.txt for up to a day, and need read only its first 500 KiB.
ROBOTS_TTL = 24 * 3600.0
ROBOTS_MAX_BYTES = 500 * 1024
# A page whose turn under a site's Crawl-delay comes later than this in one refresh is left
# unread ("refused"), rather than holding the refresh up: `fetch --pages-since` reads it later.
MAX_CRAWL_WAIT = 60.0
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


class PageSource(Protocol):
    """What pages are fetched with: feeds.ingest.fetch.Fetcher (its `accept` asks for HTML)."""

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    accept: str | None = None, follow_redirects: bool = True) -> FetchResult: ...


@dataclass(frozen=True, slots=True)
class PageFetch:
    """One article page asked for: its body ("ok"), refused by robots.txt, or failed with a reason."""

    url: str
    status: str  # "ok", "refused" (robots.txt), "failed"
    body: bytes | None = None
    content_type: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    reason: str | None = None


class RobotsCache:
    """Parsed robots.txt by origin (scheme://host:port), each kept for ROBOTS_TTL seconds.

    One per process: the dashboard refreshes every few minutes and asks each site once a day.
    """

    def __init__(self) -> None:
        self._rules: dict[str, tuple[float, RobotFileParser]] = {}

    def get(self, origin: str) -> RobotFileParser | None:
        found = self._rules.get(origin)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, origin: str, rules: RobotFileParser) -> None:
        self._rules[origin] = (time.monotonic() + ROBOTS_TTL, rules)

    def clear(self) -> None:
        self._rules.clear()


ROBOTS = RobotsCache()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port and port != default else "")


def robots_rules(result: FetchResult) -> RobotFileParser | str:
    """The rules a robots.txt answer sets (RFC 9309), or why the site's pages must not be read.

    A 4xx means there are no rules (everything allowed); a server error or a broken connection
    means the rules are unknown, so nothing is read from that site this time.
    """
    rules = RobotFileParser()
    if result.status == "ok" and result.body is not None:
        rules.parse(result.body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        return rules
    if result.http_status is not None and 400 <= result.http_status < 500:
        rules.allow_all = True
        return rules
    return f"robots.txt could not be read ({result.error or 'no answer'})"


def _crawl_delay(rules: RobotFileParser, user_agent: str) -> float:
    """The seconds robots.txt asks between requests (0: none): its Crawl-delay, else 1/Request-rate."""
    delay = rules.crawl_delay(user_agent)
    if delay is not None:
        return max(0.0, float(delay))
    rate = rules.request_rate(user_agent)
    if rate is not None and rate.requests > 0:
        return rate.seconds / rate.requests
    return 0.0


# Names reserved for documentation and tests (RFC 2606, RFC 6761): they never resolve, so a link
# to one (demo feeds, examples, synthetic benchmarks) is not worth a query sent to the resolver.
_RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost")
_RESERVED_NAMES = ("example.com", "example.net", "example.org")


def readable_link(url: str | None) -> bool:
    """Whether a link could lead to a page: http(s), and not a name reserved for examples."""
    if not is_web_url(url):
        return False
    assert url is not None
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return not (host.endswith(_RESERVED_SUFFIXES) or host in _RESERVED_NAMES
                or host.endswith(tuple("." + n for n in _RESERVED_NAMES)))


def _is_html(content_type: str | None) -> bool:
    if not content_type:
        return True  # unlabelled: the extractor finds out
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


class PageReader:
    """Reads article pages for one refresh: each URL at most once, robots.txt first.

    `user_agent` is the name matched against robots.txt's User-agent lines (the part before the
    first "/": "spacewatch"). Each redirect (at most `max_redirects`) is vetted like the link
    itself: http(s) only, and allowed by the robots.txt of the site it leads to. A site whose
    robots.txt sets a Crawl-delay gets its pages that many seconds apart (`clock` and `sleep`
    are time.monotonic and asyncio.sleep, given for tests).
    """

    def __init__(self, source: PageSource, user_agent: str, robots: RobotsCache = ROBOTS, *,
                 max_redirects: int = 5, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.source = source
        self.user_agent = user_agent
        self.robots = robots
        self.max_redirects = max_redirects
        self._clock = clock
        self._sleep = sleep
        self._pages: dict[str, asyncio.Task[PageFetch]] = {}
        self._robots: dict[str, asyncio.Task[RobotFileParser | str]] = {}
        self._next_turn: dict[str, float] = {}  # origin -> when its Crawl-delay lets the next page go

    async def read(self, url: str) -> PageFetch:
        """The page at `url`, or why it was not read. Never raises for HTTP trouble."""
        task = self._pages.get(url)
        if task is None:
            task = self._pages[url] = asyncio.ensure_future(self._read(url))
        return await asyncio.shield(task)

    async def _read(self, url: str) -> PageFetch:
        if not is_web_url(url):
            return PageFetch(url, "failed", reason="not an http(s) link")
        at = url
        for hop in range(self.max_redirects + 1):
            origin = origin_of(at)
            rules = await self._rules(origin)
            moved = f" (moved to {at})" if hop else ""
            if isinstance(rules, str):
                return PageFetch(url, "failed", final_url=at, reason=rules + moved)
            if not rules.can_fetch(self.user_agent, at):
                return PageFetch(url, "refused", final_url=at,
                                 reason="robots.txt does not allow spacewatch to read it" + moved)
            delay = _crawl_delay(rules, self.user_agent)
            if delay and not await self._take_turn(origin, delay):
                return PageFetch(url, "refused", final_url=at,
                                 reason=f"robots.txt asks for {delay:g} s between pages: no turn left in "
                                        f"this refresh{moved}")
            got = await self.source.fetch(at, accept=PAGE_ACCEPT, follow_redirects=False)
            if got.status != "redirect":
                break
            at = got.location or ""
            if not is_web_url(at):
                return PageFetch(url, "failed", http_status=got.http_status,
                                 reason="redirected to a URL that is not http(s)")
        else:
            return PageFetch(url, "failed", final_url=at, reason=f"too many redirects (more than {self.max_redirects})")
        if got.status != "ok" or got.body is None:
            return PageFetch(url, "failed", final_url=got.final_url, http_status=got.http_status,
                             reason=got.error or "no page")
        if not _is_html(got.content_type):
            kind = (got.content_type or "").split(";", 1)[0].strip()
            return PageFetch(url, "failed", final_url=got.final_url, http_status=got.http_status,
                             reason=f"not an HTML page ({kind})")
        return PageFetch(url, "ok", body=got.body, content_type=got.content_type, final_url=got.final_url,
                         http_status=got.http_status)

    async def _take_turn(self, origin: str, delay: float) -> bool:
        """Wait for this origin's next turn under its Crawl-delay; False when it is too far off."""
        now = self._clock()
        turn = max(now, self._next_turn.get(origin, now))
        if turn - now > MAX_CRAWL_WAIT:
            return False
        self._next_turn[origin] = turn + delay  # booked before waiting: the next caller queues behind
        if turn > now:
            await self._sleep(turn - now)
        return True

    async def _rules(self, origin: str) -> RobotFileParser | str:
        cached = self.robots.get(origin)
        if cached is not None:
            return cached
        task = self._robots.get(origin)
        if task is None:
            task = self._robots[origin] = asyncio.ensure_future(self._fetch_rules(origin))
        return await asyncio.shield(task)

    async def _fetch_rules(self, origin: str) -> RobotFileParser | str:
        result = await self.source.fetch(origin + "/robots.txt", accept=ROBOTS_ACCEPT)
        rules = robots_rules(result)
        if not isinstance(rules, str):
            self.robots.put(origin, rules)
        return rules

    async def close(self) -> None:
        """Cancel what is still in flight (a refresh that was cancelled)."""
        pending = [t for t in (*self._pages.values(), *self._robots.values()) if not t.done()]
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
