"""Dashboard panes on a store filled by the real pipeline: order, cards, keys, paging, layout, clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FeedServer
from textual.filter import Monochrome, NoColor
from tui_harness import newsroom, pane, screen_text, settle, story

from tui.panes import PAGE_SIZE, MentionList, StatementList
from tui.screens.help import HelpScreen

SIZE = (120, 40)


async def test_one_pane_per_actor_in_config_order_newest_first(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert [p.actor.name for p in app.dashboard.panes] == [a.name for a in room.config.pane_actors()]
        assert [p.actor.name for p in app.dashboard.panes][:4] == ["Roscosmos", "NASA", "Kremlin", "ESA"]
        roscosmos = pane(app, "Roscosmos").statements
        quotes = [s.quote for s in roscosmos.items]
        assert any("neither side can run it alone" in q for q in quotes)
        assert any("no danger to the crew" in q for q in quotes)
        dates = [(s.published, s.id) for s in roscosmos.items]
        assert dates == sorted(dates, reverse=True)
        assert all(s.actor == "Roscosmos" for s in roscosmos.items)
        text = screen_text(app)
        assert "Dmitry Bakanov · Space Wire · 2h ago" in text  # speaker · outlet · how long ago
        assert "Bill Nelson · Orbit Daily · 1d ago" in text


async def test_key_quotes_have_a_marker_and_a_style_that_survives_monochrome(
        tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        items = [s for p in app.dashboard.panes for s in p.statements.items]
        assert any(s.is_key for s in items)
        for p in app.dashboard.panes:
            lst = p.statements
            for index, statement in enumerate(lst.items):
                strip = lst.render_line(lst._index_to_line[index] - round(lst.scroll_y))
                segments = [s for s in strip if s.text.strip()]
                if statement.is_key:
                    assert strip.text.startswith("★")
                    quote = next(s for s in segments if "“" in s.text)
                    assert quote.style is not None and quote.style.bold
                    marker = next(s for s in segments if "★" in s.text)
                    assert marker.style is not None and marker.style.reverse
                else:
                    assert "★" not in strip.text
                if index == 1:
                    break  # the rows on screen are enough


async def test_digits_show_one_pane_full_width_and_zero_shows_all(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        panes = app.dashboard.panes
        await pilot.press("2")
        await settle(pilot, app)
        assert [p.display for p in panes] == [p.actor.name == "NASA" for p in panes]
        assert pane(app, "NASA").size.width == SIZE[0]
        assert pane(app, "NASA").statements.has_focus
        assert "We are going to the Moon to stay" in screen_text(app)
        assert "neither side can run it alone" not in screen_text(app)
        await pilot.press("9")  # no ninth pane: nothing changes
        await settle(pilot, app)
        assert [p.display for p in panes] == [p.actor.name == "NASA" for p in panes]
        await pilot.press("0")
        await settle(pilot, app)
        assert all(p.display for p in panes)
        assert pane(app, "NASA").size.width < SIZE[0] // 2 + 1
        assert pane(app, "NASA").statements.has_focus  # the pane shown alone keeps the focus


async def test_tab_and_shift_tab_move_between_panes(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        names = [p.actor.name for p in app.dashboard.panes]

        def focused() -> str | None:
            p = app.dashboard.focused_pane
            return p.actor.name if p else None

        assert focused() == names[0]
        for expected in names[1:] + names[:1]:
            await pilot.press("tab")
            assert focused() == expected
        await pilot.press("shift+tab")
        assert focused() == names[-1]


async def test_arrows_and_j_k_move_within_a_pane(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        lst = pane(app, "Roscosmos").statements
        assert lst.has_focus and lst.highlighted == 0 and len(lst.items) >= 2
        await pilot.press("j")
        assert lst.highlighted == 1
        await pilot.press("k")
        assert lst.highlighted == 0
        await pilot.press("down")
        assert lst.highlighted == 1
        await pilot.press("up")
        assert lst.highlighted == 0


async def test_articles_mentioning_an_actor_unquoted_are_reachable(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        esa = pane(app, "ESA")
        # Nobody from ESA is quoted in these feeds: its pane shows where ESA is mentioned instead.
        assert not esa.statements.items
        assert esa.showing_mentions and esa.mentions.display
        assert any("crew vehicle" in a.title for a in esa.mentions.items)
        assert "mentioned, not quoted" in screen_text(app)
        # Any pane toggles with m.
        await pilot.press("1")
        roscosmos = pane(app, "Roscosmos")
        assert not roscosmos.showing_mentions
        await pilot.press("m")
        await settle(pilot, app)
        assert roscosmos.showing_mentions and isinstance(app.focused, MentionList)
        await pilot.press("m")
        assert not roscosmos.showing_mentions and isinstance(app.focused, StatementList)


async def test_panes_page_through_the_store_as_the_user_scrolls(tmp_path: Path, feed_server: FeedServer) -> None:
    many = [story(100 + n, f"Briefing {n}", [
        f"“Briefing number {n} confirms the schedule for flight {n},” NASA Administrator Bill Nelson said."],
        hour=n % 24, day=1 + n // 24) for n in range(PAGE_SIZE * 3 + 5)]
    room = await newsroom(tmp_path, feed_server, wire=many, daily=[])
    total = len(room.store.statements(actor="NASA", limit=10_000))
    assert total == len(many)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        nasa = pane(app, "NASA").statements
        assert len(nasa.items) < total  # one page (and perhaps the next) at a time
        await pilot.press("2")
        pages = 0
        while not nasa.exhausted and pages < 10:
            await pilot.press("end")  # to the last row loaded: the next page follows
            await settle(pilot, app)
            pages += 1
        assert nasa.exhausted and pages >= 2
        await pilot.press("end")
        assert nasa.highlighted == total - 1
        ids = [s.id for s in nasa.items]
        assert len(ids) == len(set(ids)) == total
        keys = [(s.published, s.id) for s in nasa.items]
        assert keys == sorted(keys, reverse=True)


async def test_a_click_highlights_a_row_and_a_second_click_opens_it(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        nasa = pane(app, "NASA")
        lst = nasa.statements
        row = lst._index_to_line[1]  # the second statement's first line
        await pilot.click(lst, offset=(4, row))
        assert lst.has_focus and lst.highlighted == 1
        await pilot.click(lst, offset=(4, row))
        await settle(pilot, app)
        from tui.screens.article import ArticleScreen

        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.statement_id == lst.items[1].id


@pytest.mark.parametrize(("size", "columns"), [((80, 24), 2), ((200, 60), 4)])
async def test_layout_follows_the_terminal_size(tmp_path: Path, feed_server: FeedServer,
                                                size: tuple[int, int], columns: int) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        panes = app.dashboard.panes[:4]
        lefts = sorted({p.region.x for p in panes})
        assert len(lefts) == columns
        assert all(p.region.width >= 38 for p in panes)
        assert all(p.region.height >= 8 for p in panes)
        text = screen_text(app)
        for name in ("Roscosmos", "NASA", "Kremlin", "ESA"):
            assert name in text
        assert "? Help" in text  # the footer still shows how to learn the rest


async def test_no_color_keeps_key_quotes_and_selection_visible(tmp_path: Path, feed_server: FeedServer,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    room = await newsroom(tmp_path, feed_server)
    monkeypatch.setenv("NO_COLOR", "1")
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.no_color
        assert any(isinstance(f, Monochrome | NoColor) for f in app.get_line_filters())
        lst = pane(app, "Roscosmos").statements
        strips = [lst.render_line(y) for y in range(lst.scrollable_content_region.height)]
        for line_filter in app.get_line_filters():
            strips = [s.apply_filter(line_filter, app.styles.background) for s in strips]
        # The highlighted first row is underlined; a key quote is bold: both survive without colour.
        top = [s for s in strips[0] if s.text.strip()]
        assert all(s.style is not None and s.style.underline for s in top)
        assert not any(s.style is not None and s.style.underline for s in strips[-1] if s.text.strip())
        assert all(s.style is None or s.style.color is None or s.style.color.is_system_defined
                   or s.style.color.triplet is None or len({*s.style.color.triplet}) == 1
                   for strip in strips for s in strip)  # grey levels only
        key_rows = [s for s in strips if s.text.startswith("★")]
        assert key_rows
        assert any(seg.style is not None and seg.style.bold for row in key_rows for seg in row if "“" in seg.text)


async def test_help_screen_lists_every_key(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for _ in range(2):  # the help is taller than the screen: what a reader sees paging down too
            await pilot.press("pagedown")
            await pilot.pause()
            text += screen_text(app)
        for key in ("1–9", "Tab / Shift+Tab", "↑ k / ↓ j", "Enter", "r ", "/ ", "f ", "o ", "y ", "q "):
            assert key in text, key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # the app is shutting down
    assert not app.is_running


