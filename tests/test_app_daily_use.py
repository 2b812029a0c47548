"""The dashboard in daily use: what another writer stores shows up, focus shows, clicks select before
they open, new statements come into view, one notification per arrival, local time named."""

from __future__ import annotations

import os
import time
from pathlib import Path

from conftest import FeedServer
from test_app_refresh import NEW_NASA_STORY, notifications, refresh, status
from tui_harness import DAILY_STORIES, WIRE_STORIES, newsroom, pane, screen_text, settle, story, until

from feeds.refresh import refresh_all
from feeds.store import Store
from tui.screens.article import ArticleScreen

SIZE = (120, 40)


async def test_statements_another_process_stores_appear_without_a_key(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        nasa = pane(app, "NASA").statements
        before = len(nasa.items)
        # `spacewatch fetch` from cron: another Store (its own connections) writing the same file.
        room.serve("/wire.xml", [NEW_NASA_STORY, *WIRE_STORIES], "Space Wire")
        other = Store.open(tmp_path / "spacewatch.db")
        await refresh_all(other, room.config, force=True, workers=0)
        other.close()
        await until(pilot, app, lambda: len(nasa.items) == before + 1, "the new statement in the NASA pane",
                    groups=("page", "store-watch", "new-counts"))
        assert "This crew will fly the first long mission" in nasa.items[0].quote
        assert "1 new statement from NASA" in notifications(app)
        # Nothing new since: the same check again announces nothing more.
        await pilot.press("r")
        await until(pilot, app, lambda: not app.refreshing, "the refresh", groups=("refresh", "page", "store-watch"))
        assert notifications(app).count("1 new statement from NASA") == 1
    room.store.close()


async def test_the_focused_panes_header_changes_with_tab_and_digits(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)

        def looks_focused() -> list[str]:
            return [p.actor.name for p in app.dashboard.panes if "underline" in str(p.header.styles.text_style)]

        assert looks_focused() == ["Roscosmos"]
        await pilot.press("tab")
        assert looks_focused() == ["NASA"]
        await pilot.press("3")
        assert looks_focused() == ["Kremlin"]
        await pilot.press("0", "shift+tab")
        assert looks_focused() == ["NASA"]


async def test_one_click_selects_and_a_second_opens(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        roscosmos = pane(app, "Roscosmos").statements
        assert roscosmos.has_focus and roscosmos.highlighted == 0  # highlighted by itself, not chosen
        first_row = roscosmos._index_to_line[0]
        await pilot.click(roscosmos, offset=(4, first_row))
        await settle(pilot, app)
        assert not isinstance(app.screen, ArticleScreen)  # one click only selects
        await pilot.click(roscosmos, offset=(4, first_row))
        await settle(pilot, app)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        nasa = pane(app, "NASA").statements  # a click on another pane's highlighted row: focus, no open
        await pilot.click(nasa, offset=(4, nasa._index_to_line[0]))
        await settle(pilot, app)
        assert nasa.has_focus and not isinstance(app.screen, ArticleScreen)


async def test_new_statements_come_into_view_above_an_untouched_selection(tmp_path: Path,
                                                                          feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")
        nasa = pane(app, "NASA").statements
        room.serve("/wire.xml", [NEW_NASA_STORY, *WIRE_STORIES], "Space Wire")
        await refresh(pilot, app)
        assert nasa.highlighted == 0 and nasa.scroll_y == 0  # the newest is selected and in view
        assert "This crew will fly the first long mission" in nasa.current.quote
        assert "This crew will fly" in screen_text(app)


async def test_a_chosen_place_stays_and_a_marker_counts_what_arrived_above(tmp_path: Path,
                                                                         feed_server: FeedServer) -> None:
    briefings = [story(100 + n, f"Briefing {n}", [
        f"“Briefing number {n} confirms the schedule for flight {n},” NASA Administrator Bill Nelson said."],
        hour=n % 12, day=5) for n in range(24)]
    room = await newsroom(tmp_path, feed_server, daily=briefings)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", *"jjjjjj")
        nasa = pane(app, "NASA")
        chosen = nasa.statements.current
        newer = [story(200 + n, f"Update {n}", [
            f"“Update {n} moves the review to next week,” NASA Administrator Bill Nelson said."], hour=17)
            for n in range(3)]
        room.serve("/wire.xml", [*newer, *WIRE_STORIES], "Space Wire")
        await refresh(pilot, app)
        assert nasa.statements.current.id == chosen.id  # the place the user chose
        assert "↑ 3 new above (Home)" in nasa.header.render().plain
        await pilot.press("home")
        await settle(pilot, app, ("page",))
        assert nasa.statements.highlighted == 0 and "Update" in nasa.statements.current.quote
        assert "new above" not in nasa.header.render().plain


async def test_one_notification_per_refresh_sums_up_the_actors(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        kremlin = story(40, "Kremlin on the station", [
            "“The station will fly as long as it is safe,” Kremlin spokesman Dmitry Peskov said."], hour=17)
        roscosmos = story(41, "Roscosmos on Soyuz", [
            "“The next Soyuz flies in September as planned,” Roscosmos head Dmitry Bakanov said."], hour=17)
        room.serve("/wire.xml", [NEW_NASA_STORY, kremlin, roscosmos, *WIRE_STORIES], "Space Wire")
        await refresh(pilot, app)
        arrived = [n for n in notifications(app) if "new statement" in n]
        assert arrived == ["3 new statements: Roscosmos 1, NASA 1, Kremlin 1"]


async def test_the_status_line_says_the_local_time_with_its_zone(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server, daily=DAILY_STORIES)
    os.environ["TZ"] = "Europe/Moscow"
    time.tzset()
    try:
        app = room.app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await refresh(pilot, app)
            assert "refreshed at 21:00 MSK" in status(app)  # the fixed clock says 18:00 UTC
    finally:
        os.environ["TZ"] = "UTC"
        time.tzset()


COPY_OF_BAKANOV = story(50, "Bakanov: the station needs both sides", [
    "Speaking in Houston, the head of Roscosmos defended the seat exchange.",
    "“The station has always worked because neither side can run it alone,” Roscosmos head "
    "Dmitry Bakanov said after the meeting in Houston.",
], hour=17, link="https://another.example/bakanov-houston")


async def test_enter_on_a_merged_statement_lists_its_sources_and_the_count_follows_copies(
        tmp_path: Path, feed_server: FeedServer) -> None:
    from tui.screens.sources import SourcesScreen

    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        roscosmos = pane(app, "Roscosmos").statements
        station = next(s for s in roscosmos.items if "neither side can run it alone" in s.quote)
        assert station.sources == 1
        room.serve("/daily.xml", [COPY_OF_BAKANOV, *DAILY_STORIES], "Orbit Daily")  # only a copy arrives
        await refresh(pilot, app)
        assert not [n for n in notifications(app) if "new statement" in n]  # a copy is not new...
        await until(pilot, app, lambda: next(s for s in roscosmos.items if s.id == station.id).sources == 2,
                    "the count to follow", groups=("page", "store-watch"))
        assert "2 sources" in screen_text(app)  # ...but the card counts it
        roscosmos.focus()
        roscosmos.highlighted = next(i for i, s in enumerate(roscosmos.items) if s.id == station.id)
        await pilot.press("enter")
        await until(pilot, app, lambda: isinstance(app.screen, SourcesScreen) and len(app.screen.sources) == 2,
                    "the sources screen", groups=("sources",))
        text = screen_text(app)
        assert "Space Wire" in text and "Orbit Daily" in text and "another.example/bakanov-houston" in text
        assert "carried by 2 articles, earliest first" in text
        await pilot.press("j", "o")  # the second copy's own link, in the browser
        assert app.opener.opened == ["https://another.example/bakanov-houston"]
        await pilot.press("enter")
        await settle(pilot, app, ("article",))
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article is not None and app.screen.article.title == "Bakanov: the station needs both sides"


async def test_an_empty_pane_says_it_is_empty_and_what_to_do(tmp_path: Path) -> None:
    from tui_harness import NOW, Opener, packaged_config

    from tui.app import make_app
    from tui.clock import fixed_clock

    store = Store.open(tmp_path / "empty.db")
    app = make_app(store=store, config=packaged_config(()), now=fixed_clock(NOW), opener=Opener(),
                   refresh_on_start=False, auto_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, app, lambda: all(p.empty_note.display for p in app.dashboard.panes), "the notes")
        await settle(pilot, app)
        text = screen_text(app)
        for name in ("Roscosmos", "NASA", "Kremlin", "ESA"):
            assert f"Nothing from or about {name} is stored yet." in text
        await pilot.press("m")  # the user's own choice: back to the (empty) quotes
        assert "No quotes from Roscosmos are stored yet." in screen_text(app)
    store.close()


async def test_the_footer_keeps_the_keys_that_matter_at_80_columns(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        for key in ("? Help", "r Refresh", "/ Search", "f Feeds", "q Quit"):
            assert key in footer, footer
        await pilot.press("f")
        await settle(pilot, app, ("health",))
        assert "esc Back" in screen_text(app).splitlines()[-1]
