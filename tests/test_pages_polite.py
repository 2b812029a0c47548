"""Article pages read politely past redirects and under Crawl-delay: real loopback sites, two origins."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from conftest import FeedServer, Route

from feeds.ingest.fetch import Fetcher
from feeds.ingest.pages import MAX_CRAWL_WAIT, PageFetch, PageReader, RobotsCache
from feeds.models import FetchSettings

SETTINGS = FetchSettings(concurrency=8, per_host=4, connect_timeout=2, read_timeout=2, max_redirects=3)
HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = b"<html><body><article><p>The crew sealed the hatch.</p></article></body></html>"


@pytest.fixture
def other_site() -> Iterator[FeedServer]:
    """A second site: another port is another origin, with robots.txt of its own."""
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


async def read_all(reader: PageReader, urls: list[str]) -> list[PageFetch]:
    try:
        return list(await asyncio.gather(*(reader.read(u) for u in urls)))
    finally:
        await reader.close()


async def test_a_redirect_to_another_site_obeys_that_sites_robots(feed_server: FeedServer,
                                                                   other_site: FeedServer) -> None:
    feed_server.add("/robots.txt", Route(body=b"User-agent: *\nAllow: /\n"))
    other_site.add("/robots.txt", Route(body=b"User-agent: *\nDisallow: /private/\n"))
    other_site.add("/private/story", Route(body=PAGE, headers=HTML))
    other_site.add("/news/story", Route(body=PAGE, headers=HTML))
    moved_private = feed_server.redirect("/a", other_site.url("/private/story"))
    moved_public = feed_server.redirect("/b", other_site.url("/news/story"), status=301)
    async with Fetcher(SETTINGS) as fetcher:
        private, public = await read_all(PageReader(fetcher, "spacewatch", RobotsCache(), max_redirects=3),
                                          [moved_private, moved_public])
    assert private.status == "refused"
    assert private.reason == ("robots.txt does not allow spacewatch to read it "
                              f"(moved to {other_site.url('/private/story')})")
    assert other_site.hits("/private/story") == 0  # the disallowed page itself was never asked for
    assert public.status == "ok" and public.body == PAGE
    assert public.final_url == other_site.url("/news/story")
    assert other_site.hits("/robots.txt") == 1  # asked once for both hops


async def test_redirects_are_bounded_and_http_only(feed_server: FeedServer) -> None:
    feed_server.add("/robots.txt", Route(status=404))
    feed_server.redirect("/loop-a", feed_server.url("/loop-b"))
    feed_server.redirect("/loop-b", feed_server.url("/loop-a"))
    to_file = feed_server.redirect("/to-file", "file:///etc/passwd")
    async with Fetcher(SETTINGS) as fetcher:
        loop, sneaky = await read_all(PageReader(fetcher, "spacewatch", RobotsCache(), max_redirects=3),
                                      [feed_server.url("/loop-a"), to_file])
    assert loop.status == "failed" and loop.reason == "too many redirects (more than 3)"
    assert feed_server.hits("/loop-a") + feed_server.hits("/loop-b") == 4  # the link and three hops
    assert sneaky.status == "failed" and sneaky.reason == "redirected to a URL that is not http(s)"


async def test_crawl_delay_spaces_a_sites_pages_and_defers_what_has_no_turn(feed_server: FeedServer,
                                                                             other_site: FeedServer) -> None:
    delay = 25
    feed_server.add("/robots.txt", Route(body=f"User-agent: *\nCrawl-delay: {delay}\n".encode()))
    other_site.add("/robots.txt", Route(status=404))  # no delay asked: its pages do not wait
    urls = [feed_server.add(f"/p{n}", Route(body=PAGE, headers=HTML)) for n in range(4)]
    free = [other_site.add(f"/q{n}", Route(body=PAGE, headers=HTML)) for n in range(3)]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # the clock stands still: each wait is its turn's distance
        waits.append(seconds)

    async with Fetcher(SETTINGS) as fetcher:
        reader = PageReader(fetcher, "spacewatch", RobotsCache(), clock=lambda: 1000.0, sleep=sleep)
        got = await read_all(reader, urls + free)
    assert sorted(waits) == [delay, 2 * delay]  # pages 2 and 3 wait their turns; the free site none
    refused = [g for g in got if g.status != "ok"]
    assert 3 * delay > MAX_CRAWL_WAIT and len(refused) == 1 and refused[0].url in urls
    assert refused[0].status == "refused"
    assert refused[0].reason == f"robots.txt asks for {delay} s between pages: no turn left in this refresh"
    assert feed_server.hits(refused[0].url.removeprefix(feed_server.url(""))) == 0
