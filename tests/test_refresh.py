"""feeds.refresh end to end: loopback server -> pipeline -> real SQLite file; every failure on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, FeedServer, Route, rss, rss_item

from feeds.models import Config, FeedSpec, FetchSettings, WriteSummary
from feeds.refresh import fill_demo, refresh_all, refresh_demo
from feeds.store import Store

SETTINGS = FetchSettings(concurrency=8, per_host=8, connect_timeout=2.0, read_timeout=0.3,
                         max_bytes=4 * 1024 * 1024, max_redirects=3, user_agent="spacewatch-test/1")


def config(*urls: str, **spec_kw: str) -> Config:
    return Config(feeds=tuple(FeedSpec(url=u, **spec_kw) for u in urls), actors=(), fetch=SETTINGS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "spacewatch.db")
    yield s
    s.close()


def by_url(results: list[WriteSummary]) -> dict[str, WriteSummary]:
    return {r.url: r for r in results}


def health(store: Store) -> dict:
    return {h.url: h for h in store.feed_health()}


@pytest.fixture
def every_case(feed_server: FeedServer, refused_url: str) -> dict[str, str]:
    """One URL per case of the issue's bad-input list, plus good feeds beside them."""
    s = feed_server
    slow, _release = s.hanging("/slow.xml")
    s.add("/500.xml", Route(status=500, body=b"oops"))
    s.redirect("/loop-a.xml", s.url("/loop-b.xml"))
    s.redirect("/loop-b.xml", s.url("/loop-a.xml"))
    return {
        "good": s.feed("/good.xml", rss([rss_item(i) for i in range(3)])),
        "cp1251": s.feed("/cp1251.xml", (DATA / "rss_windows1251.xml").read_bytes(),
                         content_type="application/rss+xml"),  # no charset parameter
        "koi8": s.feed("/koi8.xml", (DATA / "rss_koi8r.xml").read_bytes(), content_type="text/xml"),
        "atom": s.feed("/atom.xml", (DATA / "atom.xml").read_bytes(), content_type="application/atom+xml"),
        "no_ids": s.feed("/bare.xml", (DATA / "no_guid_no_link.xml").read_bytes()),
        "bozo": s.feed("/bozo.xml", (DATA / "bozo.xml").read_bytes()),
        "huge": s.feed("/huge.xml", rss([rss_item(i, title=f"Item {i}") for i in range(10_000, 15_000)])),
        "404": s.url("/missing.xml"),
        "500": s.url("/500.xml"),
        "refused": refused_url,
        "slow": slow,
        "malformed": s.feed("/malformed.xml", (DATA / "malformed.xml").read_bytes()),
        "empty": s.feed("/empty.xml", b""),
        "html": s.feed("/page.html", (DATA / "html_page.html").read_bytes(), content_type="text/html"),
        "too_big": s.feed("/big.xml", rss([rss_item(i, text="<p>" + "x" * 1000 + "</p>") for i in range(5000)])),
        "loop": s.url("/loop-a.xml"),
    }


EXPECTED_ERRORS = {
    "404": "HTTP 404 Not Found",
    "500": "HTTP 500 Internal Server Error",
    "refused": "connection refused",
    "slow": "timed out after 0.3 s",
    "malformed": "not a feed: malformed XML (not well-formed (invalid token) at line 2)",
    "empty": "empty body",
    "html": "not a feed: got an HTML page",
    "too_big": "body larger than 4 MiB",
    "loop": "too many redirects (more than 3)",
}


async def test_every_case_fails_or_succeeds_on_its_own(store: Store, every_case: dict[str, str]) -> None:
    results = by_url(await refresh_all(store, config(*every_case.values()), workers=0))
    assert set(results) == set(every_case.values())
    outcome = {name: results[url] for name, url in every_case.items()}
    for name, message in EXPECTED_ERRORS.items():
        assert (outcome[name].status, outcome[name].error) == ("error", message), name
    assert outcome["good"].new_articles == 3
    # The same two stories in two encodings: one article each, carried by both feeds.
    assert outcome["cp1251"].new_articles + outcome["koi8"].new_articles == 2
    assert outcome["atom"].new_articles == 2
    assert outcome["no_ids"].new_articles == 2
    assert outcome["huge"].new_articles == 5000
    assert outcome["bozo"].status == "ok" and outcome["bozo"].new_articles == 2
    assert outcome["bozo"].warning and "malformed XML" in outcome["bozo"].warning

    rows = health(store)
    for name, message in EXPECTED_ERRORS.items():
        row = rows[every_case[name]]
        assert row.last_status == "error" and row.last_error == message and row.consecutive_failures == 1
        assert row.articles == 0 and row.retry_at is not None
    assert rows[every_case["404"]].http_status == 404
    assert rows[every_case["good"]].articles == 3 and rows[every_case["good"]].last_error is None
    assert "malformed XML" in (rows[every_case["bozo"]].last_error or "")
    assert rows[every_case["huge"]].articles == 5000
    assert rows[every_case["cp1251"]].articles == rows[every_case["koi8"]].articles == 2


async def test_russian_feeds_are_stored_as_text(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.feed("/cp1251.xml", (DATA / "rss_windows1251.xml").read_bytes(),
                           content_type="application/rss+xml")
    await refresh_all(store, config(url), workers=0)
    found = store.search_articles("Баканов")
    assert [a.title for a in found] == ["Роскосмос назвал сроки запуска модуля"]


async def test_rerun_is_not_modified_and_adds_nothing(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.feed("/good.xml", rss([rss_item(i) for i in range(10)]))
    no_etag = feed_server.feed("/plain.xml", rss([rss_item(i + 100) for i in range(4)]), etag=False)
    first = by_url(await refresh_all(store, config(url, no_etag), workers=0))
    assert first[url].new_articles == 10 and first[no_etag].new_articles == 4
    before = store.counts()
    second = by_url(await refresh_all(store, config(url, no_etag), workers=0))
    assert second[url].status == "not-modified" and second[url].new_articles == 0
    assert second[no_etag].status == "ok" and second[no_etag].new_articles == 0  # refetched, nothing new
    assert store.counts()["articles"] == before["articles"]
    assert feed_server.requests_to("/good.xml")[1].headers.get("if-none-match")
    assert health(store)[url].http_status == 304


async def test_failure_leaves_stored_articles_alone(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.feed("/flaky.xml", rss([rss_item(i) for i in range(5)]))
    await refresh_all(store, config(url), workers=0)
    feed_server.add("/flaky.xml", Route(status=500))
    result = (await refresh_all(store, config(url), workers=0, force=True))[0]
    assert result.status == "error"
    row = health(store)[url]
    assert row.articles == 5 and row.consecutive_failures == 1 and row.last_success_at is not None


async def test_backoff_skips_until_forced(store: Store, feed_server: FeedServer) -> None:
    bad = feed_server.url("/gone.xml")
    good = feed_server.feed("/good.xml", rss([rss_item(1)]))
    await refresh_all(store, config(bad, good), workers=0)
    again = by_url(await refresh_all(store, config(bad, good), workers=0))
    assert again[bad].status == "skipped" and "after 1 failure" in (again[bad].warning or "")
    assert again[good].status == "not-modified"
    assert feed_server.hits("/gone.xml") == 1
    forced = by_url(await refresh_all(store, config(bad, good), workers=0, force=True))
    assert forced[bad].status == "error" and feed_server.hits("/gone.xml") == 2
    assert health(store)[bad].consecutive_failures == 2


async def test_retry_after_is_honoured(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.add("/busy.xml", Route(status=503, headers={"Retry-After": "3600"}))
    first = (await refresh_all(store, config(url), workers=0))[0]
    assert first.error == "HTTP 503 Service Unavailable"
    second = (await refresh_all(store, config(url), workers=0))[0]
    assert second.status == "skipped" and feed_server.hits("/busy.xml") == 1


async def test_no_guid_no_link_rerun_does_not_duplicate(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.feed("/bare.xml", (DATA / "no_guid_no_link.xml").read_bytes(), etag=False)
    await refresh_all(store, config(url), workers=0)
    await refresh_all(store, config(url), workers=0)
    assert health(store)[url].articles == 2 and store.counts()["articles"] == 2


async def test_same_story_from_two_feeds_is_one_article(store: Store, feed_server: FeedServer) -> None:
    a = feed_server.feed("/a.xml", rss(["<item><title>Shared</title><guid>a-1</guid>"
                                        "<link>https://news.example/story?utm_source=a</link></item>"]))
    b = feed_server.feed("/b.xml", rss(["<item><title>Shared too</title><guid>b-9</guid>"
                                        "<link>https://www.news.example/story/</link></item>"]))
    await refresh_all(store, config(a, b), workers=0)
    assert store.counts()["articles"] == 1 and store.counts()["feed_items"] == 2


async def test_process_pool_path(store: Store, feed_server: FeedServer) -> None:
    urls = [feed_server.feed(f"/p{i}.xml", rss([rss_item(i * 100 + k) for k in range(20)])) for i in range(10)]
    broken = feed_server.feed("/broken.xml", b"<html><body>nope</body></html>", content_type="text/html")
    results = by_url(await refresh_all(store, config(*urls, broken), workers=2))
    assert sum(r.new_articles for r in results.values()) == 200
    assert results[broken].error == "not a feed: got an HTML page"


async def test_progress_sees_every_feed(store: Store, feed_server: FeedServer, refused_url: str) -> None:
    good = feed_server.feed("/good.xml", rss([rss_item(1)]))
    seen: list[WriteSummary] = []
    results = await refresh_all(store, config(good, refused_url), workers=0, progress=seen.append)
    assert sorted(s.url for s in seen) == sorted(r.url for r in results) == sorted([good, refused_url])


class BatchCountingStore(Store):
    """A real store that remembers how many feeds each of its commits wrote."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.batches: list[int] = []

    def apply_feed_updates(self, updates, **kwargs):  # type: ignore[no-untyped-def]
        self.batches.append(len(updates))
        return super().apply_feed_updates(updates, **kwargs)


async def test_feeds_finishing_together_share_one_commit(tmp_path: Path, feed_server: FeedServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import feeds.refresh.pipeline

    # The writer lingers for more feeds until the refresh ends (or enough articles wait); it never
    # waits out the linger once every feed is in.
    monkeypatch.setattr(feeds.refresh.pipeline, "WRITE_LINGER", 600.0)
    store = BatchCountingStore(tmp_path / "batched.db")
    store.migrate()
    urls = [feed_server.feed(f"/b{i}.xml", rss([rss_item(i * 10 + k) for k in range(3)])) for i in range(12)]
    seen: list[WriteSummary] = []
    results = await refresh_all(store, config(*urls), workers=0, progress=seen.append)
    assert store.batches == [12]
    assert len(seen) == 12 and sum(r.new_articles for r in results) == 36
    assert store.counts()["articles"] == 36
    store.close()


async def test_demo_fills_offline_through_the_same_pipeline(store: Store) -> None:
    results = await refresh_demo(store)
    assert [r.status for r in results] == ["ok"] * 3 and sum(r.new_articles for r in results) == 9
    counts = store.counts()
    assert counts["articles"] == 9 and counts["feed_items"] == 10  # one story carried by two outlets
    assert [a.title for a in store.search_articles("Песков")]  # windows-1251 feed read as Russian
    # Extraction ran in the same pipeline: every pane's actor is quoted, and one article names
    # Roscosmos and NASA without quoting either.
    assert {"Roscosmos", "NASA", "Kremlin", "ESA"} <= {s.actor for s in store.statements(limit=200)}
    unquoted = [a.title for a in store.articles_mentioning("NASA")]
    assert "Budget talks leave station deorbit funding unsettled" in unquoted
    again = await refresh_demo(store)
    assert [r.status for r in again] == ["not-modified"] * 3 and store.counts()["articles"] == 9


def test_fill_demo_blocking(tmp_path: Path) -> None:
    with Store.open(tmp_path / "demo.db") as store:
        assert sum(r.new_articles for r in fill_demo(store)) == 9


async def test_fill_demo_refuses_a_running_loop(store: Store) -> None:
    with pytest.raises(RuntimeError, match="await refresh_demo"):
        fill_demo(store)
