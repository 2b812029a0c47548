"""Live refresh: first paint from the store, `r` and the timer, new statements in place, failures as warnings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from conftest import FeedServer, Route, rss
from tui_harness import DAILY_STORIES, WIRE_STORIES, Newsroom, newsroom, pane, screen_text, settle, story, until

from feeds.models import AlertRule, FeedSpec
from tui.screens.dashboard import RefreshStatus

SIZE = (120, 40)

NEW_NASA_STORY = story(30, "NASA names the next station crew", [
    "NASA named four astronauts for the next station mission on Friday.",
    "“This crew will fly the first long mission of the new era, and we could not be prouder,” NASA "
    "Administrator Bill Nelson said.",
], hour=17)


def status(app: object) -> str:
    return str(app.dashboard.query_one(RefreshStatus).render())  # type: ignore[attr-defined]


def notifications(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def refresh(pilot: object, app: object) -> None:
    await pilot.press("r")  # type: ignore[attr-defined]
    await until(pilot, app, lambda: not app.refreshing, "the refresh to end",  # type: ignore[attr-defined, arg-type]
                groups=("refresh", "page", "new-counts", "alerts"))


async def test_first_paint_comes_from_the_store_before_any_network(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    for path in ("/wire.xml", "/daily.xml"):
        feed_server.hanging(path)  # from now on the network never answers
    app = room.app(refresh_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, app, lambda: app.refreshing and all(p.statements.loaded for p in app.dashboard.panes),
                    "first pages, with the refresh under way")
        await settle(pilot, app, ("page",))
        assert app.refreshing  # the refresh is still waiting on the network...
        assert "refreshing feeds" in status(app)
        text = screen_text(app)  # ...and the panes already show what is stored
        assert "The station has always worked" in text and "We are going to the Moon" in text


async def test_r_brings_new_statements_in_without_moving_the_selection(
        tmp_path: Path, feed_server: FeedServer) -> None:
    briefings = [story(100 + n, f"Briefing {n}", [
        f"“Briefing number {n} confirms the schedule for flight {n},” NASA Administrator Bill Nelson said."],
        hour=n % 12, day=5) for n in range(24)]
    room = await newsroom(tmp_path, feed_server, daily=briefings)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", *"jjjjjj")  # NASA pane, well down the list: it has scrolled
        await settle(pilot, app)
        nasa = pane(app, "NASA").statements
        chosen = nasa.current
        assert chosen is not None and nasa.highlighted == 6 and nasa.scroll_y > 0
        row_on_screen = nasa._index_to_line[6] - round(nasa.scroll_y)
        first_visible = nasa._lines[round(nasa.scroll_y)]
        before = [s.id for s in nasa.items]

        room.serve("/wire.xml", [NEW_NASA_STORY, *WIRE_STORIES], "Space Wire")
        await refresh(pilot, app)

        assert "This crew will fly the first long mission" in nasa.items[0].quote
        assert [s.id for s in nasa.items[1:len(before) + 1]] == before  # the new one came in above
        assert nasa.current is not None and nasa.current.id == chosen.id  # the same statement selected...
        assert nasa.highlighted == 7
        assert nasa._index_to_line[7] - round(nasa.scroll_y) == row_on_screen  # ...at the same place
        assert nasa._lines[round(nasa.scroll_y)][0] == first_visible[0] + 1  # the same rows in view
        assert "1 new statement from NASA" in notifications(app)
        assert "refreshed at 18:00 UTC: 1 new statement" in status(app)


async def test_new_statements_keep_the_selection_when_everything_fits(
        tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "j")
        nasa = pane(app, "NASA").statements
        chosen = nasa.current
        assert chosen is not None
        room.serve("/wire.xml", [NEW_NASA_STORY, *WIRE_STORIES], "Space Wire")
        await refresh(pilot, app)
        assert nasa.current is not None and nasa.current.id == chosen.id
        assert nasa.scroll_y == 0


async def test_pane_headers_count_what_is_new_since_the_last_look(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        nasa = pane(app, "NASA")
        assert app.dashboard.focused_pane is pane(app, "Roscosmos")
        assert nasa.new_count == 0
        room.serve("/wire.xml", [NEW_NASA_STORY, *WIRE_STORIES], "Space Wire")
        await refresh(pilot, app)
        await until(pilot, app, lambda: nasa.new_count == 1, "NASA's header to count one new statement")
        assert "1 new" in str(nasa.header.render())
        await pilot.press("tab")  # looking at the NASA pane clears its count
        assert nasa.new_count == 0 and "new" not in str(nasa.header.render())


async def test_a_failed_feed_is_a_warning_not_a_crash(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    down = FeedSpec(url=feed_server.url("/down.xml"), title="Down Outlet")
    feed_server.add("/down.xml", Route(status=500, body=b"oops"))
    room.config = dataclasses.replace(room.config, feeds=(*room.config.feeds, down))
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await refresh(pilot, app)
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert any("Down Outlet" in n.message and "500" in n.message for n in warnings), notifications(app)
        assert "1 feed failed" in status(app)
        assert app.is_running and "The station has always worked" in screen_text(app)


async def test_a_refresh_shows_its_progress(tmp_path: Path, feed_server: FeedServer) -> None:
    slow = FeedSpec(url=feed_server.url("/slow.xml"), title="Slow Outlet")
    room = await newsroom(tmp_path, feed_server)
    room.config = dataclasses.replace(room.config, feeds=(*room.config.feeds, slow))
    _, release = feed_server.hanging("/slow.xml")
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await until(pilot, app, lambda: "refreshing feeds: 2/3" in status(app), "two of three feeds done")
        assert app.refreshing
        await pilot.press("r")  # a second r while one runs says so instead of starting another
        assert "A refresh is already running." in notifications(app)
        feed_server.routes["/slow.xml"] = Route(body=rss([], title="Slow Outlet"),
                                                headers={"Content-Type": "application/rss+xml"})
        release.set()
        await until(pilot, app, lambda: not app.refreshing, "the refresh to end", groups=("refresh", "page"))
        assert "refreshed at 18:00" in status(app)


async def test_feeds_refresh_by_themselves_every_interval(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    room.config = dataclasses.replace(room.config, refresh_interval=1)
    hits = feed_server.hits("/wire.xml")
    app = room.app(auto_refresh=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, app, lambda: feed_server.hits("/wire.xml") > hits, "a timed refresh", groups=("page",))
        await until(pilot, app, lambda: not app.refreshing, "the timed refresh to end", groups=("refresh",))


async def test_alert_rules_fire_on_new_statements(tmp_path: Path, feed_server: FeedServer) -> None:
    room: Newsroom = await newsroom(tmp_path, feed_server, daily=DAILY_STORIES)
    rule = AlertRule(name="crew news", actor="NASA", words=("crew",))
    room.config = dataclasses.replace(room.config, alerts=(rule,))
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        room.serve("/wire.xml", [NEW_NASA_STORY, *WIRE_STORIES], "Space Wire")
        await refresh(pilot, app)
        await until(pilot, app, lambda: any(m.startswith("crew news:") for m in notifications(app)),
                    "the alert", groups=("alerts",))
        alert = next(m for m in notifications(app) if m.startswith("crew news:"))
        assert "This crew will fly the first long mission" in alert
