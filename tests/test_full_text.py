"""Full article text through the whole refresh: a loopback site behind a teaser feed, real SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FeedServer, Route
from page_site import ITEMS, MAX_BYTES, serve_site, teaser_feed

from feeds.config import parse_config
from feeds.ingest.pages import ROBOTS
from feeds.models import Config, FeedSpec, FetchSettings, WriteSummary
from feeds.refresh import refresh_all
from feeds.refresh.pages_since import read_stored_pages
from feeds.store import Store

REPO = Path(__file__).parents[1]
ACTORS = parse_config((REPO / "config.toml").read_text(encoding="utf-8"), None).actors
PER_HOST = 2
SETTINGS = FetchSettings(concurrency=20, per_host=PER_HOST, connect_timeout=2, read_timeout=1, max_bytes=MAX_BYTES)


def config(url: str, **spec: str) -> Config:
    return Config(feeds=(FeedSpec(url=url, title="Orbital Dispatch", **spec),), actors=ACTORS, fetch=SETTINGS)


@pytest.fixture(autouse=True)
def fresh_robots() -> None:
    ROBOTS.clear()  # each test's server has its own port, but one test must not lean on another's rules


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "sw.db")
    yield s
    s.close()


def article_by_link(store: Store, link: str) -> tuple[int, str]:
    row = store.conn.execute("SELECT id, text FROM articles WHERE link = ?", (link,)).fetchone()
    assert row is not None, link
    return row[0], row[1]


def quotes(store: Store, article_id: int) -> list[tuple[str, str | None, str | None]]:
    return [(s.quote, s.speaker, s.actor) for s in store.article(article_id).statements]


async def test_teasers_get_the_pages_text_statements_and_reasons(feed_server: FeedServer, store: Store) -> None:
    feed = serve_site(feed_server, gate=PER_HOST)
    [summary] = await refresh_all(store, config(feed), workers=0)
    url = feed_server.url

    # The article's text is the page's main text, none of its boilerplate.
    leak_id, leak = article_by_link(store, url("/news/leak-repair"))
    assert leak == (REPO / "tests/data/pages/leak-repair.txt").read_text(encoding="utf-8").strip()
    for boilerplate in ("cookies", "Share on", "Launch Brief", "Related stories", "orbitfan42", "Closed until",
                        "Most read", "Station crew seals"):
        assert boilerplate not in leak
    got = quotes(store, leak_id)
    # The pull-quote repeats a body quote: one statement, the speaker's. The quotation split by "said
    # Dmitry Bakanov" and running on into the next paragraph is one quote, its parts joined. The
    # caption's and the comment's quotation marks make none.
    assert [q for q in got if "The repair will take two weeks" in q[0]] == [
        ("The station is safe and the crew is in good health, We have found the cause of the leak, a crack"
         " along a weld seam. The repair will take two weeks, and the hatch stays closed until then.",
         "Dmitry Bakanov", "Roscosmos")]
    assert any(q[1] == "Dana Weigel" and q[2] == "NASA" for q in got)
    assert not any("Closed until" in q[0] or "Safe and in good health" in q[0] for q in got)
    page = store.article_page(leak_id)
    assert page is not None and page.from_page and page.reason is None

    # cp1251 without a charset header: read through the page's <meta>.
    ru_id, ru = article_by_link(store, url("/ru/baikonur"))
    assert ru.startswith("На космодроме Байконур начали подготовку")
    assert ("Все работы идут по графику, замечаний к ракете и кораблю нет", "Dmitry Bakanov", "Roscosmos") \
        in quotes(store, ru_id)

    # A standfirst trafilatura leaves out of the body still shows the page is the article.
    delay_id, delay = article_by_link(store, url("/news/launch-delay"))
    assert "Engineers will replay the countdown" in delay and "Rob" not in delay.split()
    assert any(q[1] == "Josef Aschbacher" and q[2] == "ESA" for q in quotes(store, delay_id))
    hearing_id, hearing = article_by_link(store, url("/news/budget-hearing"))
    assert "ADVERTISEMENT" not in hearing and "Read also" not in hearing and "Trending" not in hearing
    assert any(q[1] == "Janet Petro" for q in quotes(store, hearing_id))

    # Every failure keeps the feed's text, with a reason a reader can act on.
    expected = {
        "/news/consent": ("kept", "the page does not contain the feed's first sentence"),
        "/private/insider": ("refused", "robots.txt does not allow spacewatch to read it"),
        "/news/paywalled": ("failed", "HTTP 403"),
        "/news/huge": ("failed", "body larger than 10 MiB"),
        "/news/slow": ("failed", "timed out"),
        "/news/moved": ("failed", "redirected to a URL that is not http(s)"),
        "/news/gone": ("failed", "HTTP 404"),
    }
    teasers = {i.path: i.teaser for i in ITEMS}
    for path, (status, reason) in expected.items():
        article_id, text = article_by_link(store, url(path))
        page = store.article_page(article_id)
        assert page is not None and page.status == status and reason in (page.reason or ""), (path, page)
        assert not page.from_page
        assert text == teasers[path].replace("… Read more", "… Read more")  # the feed's text, untouched
    assert feed_server.hits("/private/insider") == 0  # robots.txt said no: never asked for
    assert feed_server.hits("/robots.txt") == 1  # once for the host

    assert (summary.status, summary.new_articles) == ("ok", len(ITEMS))
    assert (summary.pages_read, summary.pages_kept, summary.pages_refused, summary.pages_failed) == (5, 1, 1, 5)
    assert summary.page_problem
    # Feeds, robots.txt and pages share the client's limits: never more than per_host at once.
    assert feed_server.max_in_flight == PER_HOST

    health = store.page_health()[feed]
    assert (health.read, health.kept, health.refused, health.failed) == (5, 1, 1, 5)
    # Nothing stored is lost: the feed's text of a page-read article is kept beside it.
    assert store.conn.execute("SELECT feed_text FROM article_pages WHERE article_id = ?",
                              (leak_id,)).fetchone()[0] == teasers["/news/leak-repair"]


async def test_a_page_is_read_once_and_again_only_when_its_item_changes(feed_server: FeedServer,
                                                                         store: Store) -> None:
    items = ITEMS[:2]
    feed_server.add("/robots.txt", Route(body=b"User-agent: *\nAllow: /\n"))
    for item, name in zip(items, ("leak-repair", "budget-hearing"), strict=True):
        feed_server.add(item.path, Route(body=(REPO / f"tests/data/pages/{name}.html").read_bytes(),
                                         headers={"Content-Type": "text/html"}))
    feed = feed_server.add("/feed.xml", Route(body=teaser_feed(feed_server, items),
                                              headers={"Content-Type": "application/rss+xml"}))
    first = await refresh_all(store, config(feed), workers=0)
    assert first[0].pages_read == 2
    second = await refresh_all(store, config(feed), workers=0)  # same document again (no validators)
    assert second[0].new_articles == 0 and second[0].pages_read == 0
    assert feed_server.hits(items[0].path) == 1 and feed_server.hits(items[1].path) == 1

    changed = (items[0].__class__(items[0].path, items[0].title, items[0].teaser + " (updated)"), items[1])
    feed_server.add("/feed.xml", Route(body=teaser_feed(feed_server, changed),
                                       headers={"Content-Type": "application/rss+xml"}))
    third = await refresh_all(store, config(feed), workers=0)
    assert third[0].updated_articles == 1 and third[0].pages_read == 1
    assert feed_server.hits(items[0].path) == 2 and feed_server.hits(items[1].path) == 1
    article_id, text = article_by_link(store, feed_server.url(items[0].path))
    assert text.startswith("The Russian segment") and store.article_page(article_id).from_page


async def test_items_that_all_link_to_one_url_do_not_take_its_text(feed_server: FeedServer, store: Store) -> None:
    serve_site(feed_server)
    one = feed_server.url("/news/leak-repair")  # as a feed linking every item to its home page
    feed = feed_server.add("/same.xml", Route(body=teaser_feed(
        feed_server, ITEMS[:4], link_of={i.path: one for i in ITEMS}), headers={"Content-Type": "application/rss+xml"}))
    [summary] = await refresh_all(store, config(feed), workers=0)
    assert feed_server.hits("/news/leak-repair") == 0 and feed_server.hits("/robots.txt") == 0
    assert (summary.new_articles, summary.pages_read, summary.pages_failed) == (4, 0, 4)
    texts = [r[0] for r in store.conn.execute("SELECT text FROM articles ORDER BY id")]
    assert texts == [i.teaser for i in ITEMS[:4]]  # each keeps its own words
    reasons = {r[0] for r in store.conn.execute("SELECT reason FROM article_pages")}
    assert reasons == {"4 items link to this one page"}


async def test_never_reads_no_page_and_always_reads_full_items(feed_server: FeedServer, store: Store) -> None:
    feed = serve_site(feed_server)
    [never] = await refresh_all(store, config(feed, full_text="never"), workers=0)
    assert never.new_articles == len(ITEMS) and never.pages_read == 0
    assert feed_server.hits("/robots.txt") == 0 and feed_server.hits("/news/leak-repair") == 0

    long_text = "The crew reported a quiet week on the station with science runs and maintenance. " * 20
    page = (f"<html><body><article><p>{long_text}</p><p>One more paragraph only the page has, and it says "
            "more than the feed.</p></article></body></html>").encode()
    feed_server.add("/full/1", Route(body=page, headers={"Content-Type": "text/html"}))
    full = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Full</title>'
            f"<item><title>Full item</title><link>{feed_server.url('/full/1')}</link><guid>f1</guid>"
            f"<description>{long_text}</description></item></channel></rss>").encode()
    auto_feed = feed_server.feed("/auto.xml", full)
    [auto] = await refresh_all(store, Config(feeds=(FeedSpec(url=auto_feed),), actors=(), fetch=SETTINGS), workers=0)
    assert auto.pages_read == 0 and feed_server.hits("/full/1") == 0  # a full item is not a teaser
    # Another story (the same words would make it the same article).
    always = full.replace(b"<guid>f1", b"<guid>f2").replace(b"/full/1", b"/full/2").replace(b"quiet", b"busy")
    always_feed = feed_server.feed("/always.xml", always)
    feed_server.add("/full/2", Route(body=page.replace(b"quiet", b"busy"), headers={"Content-Type": "text/html"}))
    [always] = await refresh_all(store, Config(feeds=(FeedSpec(url=always_feed, full_text="always"),), actors=(),
                                               fetch=SETTINGS), workers=0)
    assert always.pages_read == 1
    _, text = article_by_link(store, feed_server.url("/full/2"))
    assert text.endswith("says more than the feed.")


async def test_the_cap_reads_the_newest_items_first(feed_server: FeedServer, store: Store) -> None:
    feed = serve_site(feed_server)
    settings = FetchSettings(**{**{f: getattr(SETTINGS, f) for f in SETTINGS.__slots__}, "pages_per_feed": 2})
    [summary] = await refresh_all(store, Config(feeds=(FeedSpec(url=feed),), actors=(), fetch=settings), workers=0)
    assert summary.pages_read + summary.pages_kept + summary.pages_refused + summary.pages_failed == 2
    newest = [i.path for i in ITEMS][-2:]  # pubDates rise along the feed
    assert all(feed_server.hits(p) == 1 for p in newest if p != "/news/slow")
    assert feed_server.hits("/news/leak-repair") == 0


async def test_pages_are_read_in_the_process_pool(feed_server: FeedServer, store: Store) -> None:
    feed = serve_site(feed_server)
    [summary] = await refresh_all(store, config(feed), workers=1)
    assert summary.pages_read == 5
    leak_id, _ = article_by_link(store, feed_server.url("/news/leak-repair"))
    assert any(q[1] == "Dana Weigel" for q in quotes(store, leak_id))


async def test_pages_since_upgrades_stored_teasers_and_only_them(feed_server: FeedServer, store: Store) -> None:
    feed = serve_site(feed_server)
    cfg = config(feed, full_text="never")
    await refresh_all(store, cfg, workers=0)
    other = feed_server.feed("/other.xml", teaser_feed(feed_server, ITEMS[:1]).replace(b"od-0", b"other-0")
                             .replace(b"/news/leak-repair", b"/elsewhere/1"))
    await refresh_all(store, Config(feeds=(FeedSpec(url=other, full_text="never"),), actors=ACTORS,
                                    fetch=SETTINGS), workers=0)
    untouched_id, untouched_text = article_by_link(store, feed_server.url("/elsewhere/1"))
    before = {s.id for s in store.article(untouched_id).statements}
    leak_id, _ = article_by_link(store, feed_server.url("/news/leak-repair"))
    assert store.article(leak_id).statements == ()  # a teaser without quotes

    seen: list[tuple[int, int]] = []
    cfg = config(feed)  # auto again: the upgrade reads what the mode wants
    result = await read_stored_pages(store, Config(feeds=(*cfg.feeds, FeedSpec(url=other, full_text="never")),
                                                   actors=ACTORS, fetch=SETTINGS),
                                     since=datetime.now(UTC) - timedelta(days=1), workers=0,
                                     progress=lambda done, total: seen.append((done, total)))
    assert result.read == 5 and result.tried == len(ITEMS)
    assert seen[-1] == (len(ITEMS), len(ITEMS))
    _, text = article_by_link(store, feed_server.url("/news/leak-repair"))
    assert text.startswith("The Russian segment") and "Engineers in Korolev" in text
    assert any(q[1] == "Dmitry Bakanov" for q in quotes(store, leak_id))
    assert store.article_page(leak_id).from_page
    assert article_by_link(store, feed_server.url("/elsewhere/1"))[1] == untouched_text
    assert {s.id for s in store.article(untouched_id).statements} == before
    assert store.integrity_check() == "ok"
    again = await read_stored_pages(store, cfg, since=datetime.now(UTC) - timedelta(days=1), workers=0)
    assert again.read == 0 and feed_server.hits("/news/leak-repair") == 1  # read pages are not read again


def summary_pages(s: WriteSummary) -> tuple[int, int, int, int]:
    return s.pages_read, s.pages_kept, s.pages_refused, s.pages_failed
