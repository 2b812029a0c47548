"""`f`: feed health: a failing feed, retrying that one feed, the error readable at 80 columns, warnings, local times."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from conftest import BERLIN_ZONE, DATA, FeedServer, Route, rss
from textual.coordinate import Coordinate
from tui_harness import NOW, newsroom, screen_text, story, until

from feeds.models import FeedSpec, FeedUpdate
from tui.screens.health import FeedHealthScreen, FeedTable

SIZE = (120, 40)


async def test_feed_health_shows_a_failing_feed_and_retries_just_that_one(
        tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.add("/down.xml", Route(status=500, body=b"oops"))
    down = FeedSpec(url=feed_server.url("/down.xml"), title="Down Outlet")
    room = await newsroom(tmp_path, feed_server, extra=(down,))
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FeedHealthScreen)
        await until(pilot, app, lambda: len(screen.feeds) == 3, "the feeds")
        text = screen_text(app)
        assert "Space Wire" in text and "Orbit Daily" in text and "Down Outlet" in text
        row = next(i for i, f in enumerate(screen.feeds) if f.title == "Down Outlet")
        failing = screen.feeds[row]
        assert failing.last_status == "error" and failing.http_status == 500
        assert failing.consecutive_failures == 1 and failing.last_error
        table = screen.query_one(FeedTable)
        assert "error" in str(table.get_row_at(row)[1])
        for _ in range(row):
            await pilot.press("down")
        assert screen.current == failing
        assert failing.last_error in screen_text(app)  # the whole error under the table

        # The outlet is back up; retrying fetches that feed alone, though it is backing off.
        feed_server.feed("/down.xml", rss([story(40, "Back online", [
            "“We are back,” Roscosmos head Dmitry Bakanov said."], hour=17)], title="Down Outlet"))
        wire_hits, down_hits = feed_server.hits("/wire.xml"), feed_server.hits("/down.xml")
        await pilot.press("t")
        await until(pilot, app, lambda: not app.refreshing and screen.feeds[row].last_status == "ok",
                    "the retry", groups=("refresh", "health", "page"))
        assert feed_server.hits("/down.xml") == down_hits + 1
        assert feed_server.hits("/wire.xml") == wire_hits
        assert screen.feeds[row].consecutive_failures == 0 and screen.feeds[row].articles == 1
        assert app.screen is screen and app.is_running
        await pilot.press("escape")
        assert app.screen is app.dashboard


LONG_ERROR = ("HTTP 503 Service Unavailable: the outlet's content delivery network refused the request "
              "from this address after too many requests in one minute")


async def test_feed_health_at_80_columns_keeps_room_for_the_error_and_shows_it_whole_below(
        tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    down = FeedSpec(url="https://cdn.example/feed.xml", title="Slow Outlet")
    room.config = dataclasses.replace(room.config, feeds=(*room.config.feeds, down))
    room.store.sync_feeds(room.config.feeds)
    room.store.apply_feed_update(FeedUpdate(url=down.url, status="error", started_at=NOW - timedelta(minutes=5),
                                            http_status=503, error=LONG_ERROR))
    app = room.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FeedHealthScreen)
        await until(pilot, app, lambda: len(screen.feeds) == 3, "the feeds")
        table = screen.query_one(FeedTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:2] == ["Feed", "Status"] and labels[-1] == "Problem"
        assert not {"HTTP", "Articles", "Fails"} & set(labels)  # dropped at 80 columns
        problem = next(c for c in table.columns.values() if str(c.label) == "Problem")
        assert problem.width >= 40
        row = next(i for i, f in enumerate(screen.feeds) if f.title == "Slow Outlet")
        for _ in range(row):
            await pilot.press("down")
        text = screen_text(app)
        assert LONG_ERROR[:40] in text  # the table shows the start of the error, readable
        flat = " ".join(text.split())
        assert "Error: " + LONG_ERROR in flat  # and the detail all of it
        assert "HTTP 503 · 1 failure in a row" in flat
    wide = room.app()
    async with wide.run_test(size=(140, 30)) as pilot:
        await pilot.press("f")
        screen = wide.screen
        assert isinstance(screen, FeedHealthScreen)
        await until(pilot, wide, lambda: len(screen.feeds) == 3, "the feeds")
        labels = [str(c.label) for c in screen.query_one(FeedTable).columns.values()]
        assert {"HTTP", "Articles", "Fails", "Checked"} <= set(labels)  # ("Next try": none is backing off)


async def test_a_retry_still_ahead_never_reads_just_now_and_times_are_local(
        tmp_path: Path, feed_server: FeedServer, local_zone: Callable[[str], None]) -> None:
    local_zone(BERLIN_ZONE)
    room = await newsroom(tmp_path, feed_server)
    soon = FeedSpec(url="https://soon.example/feed.xml", title="Soon Outlet")
    room.config = dataclasses.replace(room.config, feeds=(*room.config.feeds, soon))
    room.store.sync_feeds(room.config.feeds)
    # Failed 30 s before NOW: the one-minute backoff ends 30 s after NOW.
    room.store.apply_feed_update(FeedUpdate(url=soon.url, status="error", started_at=NOW - timedelta(seconds=30),
                                            http_status=500, error="HTTP 500 Internal Server Error"))
    app = room.app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FeedHealthScreen)
        await until(pilot, app, lambda: len(screen.feeds) == 3, "the feeds")
        row = next(i for i, f in enumerate(screen.feeds) if f.title == "Soon Outlet")
        table = screen.query_one(FeedTable)
        assert str(table.get_cell_at(Coordinate(row, _column(table, "Next try")))) == "in 30s"
        for _ in range(row):
            await pilot.press("down")
        text = " ".join(screen_text(app).split())
        assert "retry just now" not in text and "just now in 30s" in text  # checked just now, retried in 30 s
        # NOW is 18:00 UTC: 20:00 in Berlin's summer time, named.
        assert "checked 2025-06-06 19:59 CEST (just now)" in text  # the check itself was 30 s ago
        assert "not fetched again before 2025-06-06 20:00 CEST (in 30s)" in text


async def test_a_malformed_feed_read_anyway_is_not_plainly_ok(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.feed("/bozo.xml", (DATA / "bozo.xml").read_bytes())
    bozo = FeedSpec(url=feed_server.url("/bozo.xml"), title="Sloppy Outlet")
    room = await newsroom(tmp_path, feed_server, extra=(bozo,))
    app = room.app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FeedHealthScreen)
        await until(pilot, app, lambda: len(screen.feeds) == 3, "the feeds")
        row = next(i for i, f in enumerate(screen.feeds) if f.title == "Sloppy Outlet")
        table = screen.query_one(FeedTable)
        assert str(table.get_row_at(row)[1]) == "ok, warning"
        clean_row = next(i for i, f in enumerate(screen.feeds) if f.title == "Space Wire")
        assert str(table.get_row_at(clean_row)[1]) == "ok"
        for _ in range(row):
            await pilot.press("down")
        text = " ".join(screen_text(app).split())
        assert "Warning: " in text and "malformed XML" in text


def _column(table: FeedTable, label: str) -> int:
    return next(i for i, c in enumerate(table.columns.values()) if str(c.label) == label)
