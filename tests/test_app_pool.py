"""The dashboard refreshes as users run it: many feeds, the parser processes on, under Textual.

A running Textual app replaces sys.stderr with an object whose fileno() is -1; multiprocessing
hands that number to its helper processes. Every test here refreshes through the worker pool.
"""

from __future__ import annotations

from pathlib import Path

from conftest import FeedServer, rss
from tui_harness import NOW, packaged_config, pane, screen_text, story, until

from feeds.models import FeedSpec
from feeds.refresh import POOL_MIN_FEEDS
from feeds.store import Store
from tui.app import make_app
from tui.clock import fixed_clock

FEEDS = 10
SIZE = (140, 40)


def agency_story(n: int) -> str:
    return story(n, f"NASA briefing {n}", [
        f"NASA held briefing number {n} on Friday.",
        f"“Flight {n} is on schedule and the crew is ready,” NASA Administrator Bill Nelson said.",
    ], hour=n % 12)


def serve_feeds(server: FeedServer, count: int) -> tuple[FeedSpec, ...]:
    specs = []
    for f in range(count):
        server.feed(f"/feed-{f}.xml", rss([agency_story(100 * f + i) for i in range(3)], title=f"Outlet {f}"))
        specs.append(FeedSpec(url=server.url(f"/feed-{f}.xml"), title=f"Outlet {f}"))
    return tuple(specs)


async def refresh_and_wait(pilot: object, app: object) -> None:
    await pilot.press("r")  # type: ignore[attr-defined]
    await until(pilot, app, lambda: not app.refreshing, "the refresh to end",  # type: ignore[attr-defined, arg-type]
                groups=("refresh", "page", "new-counts", "alerts"))


async def test_r_stores_and_shows_statements_through_the_worker_pool(tmp_path: Path, feed_server: FeedServer) -> None:
    specs = serve_feeds(feed_server, FEEDS)
    store = Store.open(tmp_path / "live.db")
    config = packaged_config(specs)
    app = make_app(store=store, config=config, now=fixed_clock(NOW), refresh_on_start=False, auto_refresh=False,
                   workers=2)
    async with app.run_test(size=SIZE) as pilot:
        await refresh_and_wait(pilot, app)
        health = store.feed_health()
        assert [h.last_error for h in health if h.last_status != "ok"] == []
        assert store.counts()["statements"] == FEEDS * 3
        nasa = pane(app, "NASA").statements
        await until(pilot, app, lambda: len(nasa.items) == FEEDS * 3, "the NASA pane to fill")
        assert not pane(app, "NASA").showing_mentions  # the pane that was empty shows its first quotes
        assert "is on schedule and the crew is ready" in screen_text(app)
    store.close()


async def test_the_default_pool_threshold_is_crossed_with_the_config_feeds(tmp_path: Path,
                                                                          feed_server: FeedServer) -> None:
    """No `workers` given: the dashboard decides as `spacewatch fetch` does, a pool from POOL_MIN_FEEDS on."""
    assert FEEDS >= POOL_MIN_FEEDS
    specs = serve_feeds(feed_server, FEEDS)
    store = Store.open(tmp_path / "live.db")
    app = make_app(store=store, config=packaged_config(specs), now=fixed_clock(NOW), refresh_on_start=True,
                   auto_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, app, lambda: store.counts()["fetch_log"] >= FEEDS and not app.refreshing,
                    "the first refresh to end", groups=("refresh", "page", "new-counts", "alerts"))
        failed = [(h.url, h.last_error) for h in store.feed_health() if h.last_status != "ok"]
        assert failed == []
        assert store.counts()["statements"] == FEEDS * 3
        # A second refresh finds every feed unchanged (ETags) and still nothing fails.
        await refresh_and_wait(pilot, app)
        assert {h.last_status for h in store.feed_health()} == {"not-modified"}
    store.close()

