"""Hostile feed text: markup, escape sequences, bidi overrides and controls show as plain text and do nothing."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import timedelta
from pathlib import Path

from conftest import FeedServer, rss
from rich.segment import Segment
from tui_data import article_record
from tui_harness import NOW, Newsroom, newsroom, pane, screen_text, settle, story

from feeds.models import FeedSpec, FeedUpdate
from tui.screens.article import ArticleScreen

SIZE = (200, 50)

MARKUP_TITLE = "[bold red]Boom[/] [@click=app.quit]Quit[/] [/"
MARKUP_QUOTE = "Press [@click=app.quit]here[/] and [link=file:///etc/passwd]there[/link] [/ now"
# Written straight into the store: XML cannot carry most of these, another tool's database can.
ESCAPE_QUOTE = ("Copy \x1b]52;c;cm0gLXJmIH4K\x07this, \x1b]8;;javascript:alert(1)\x1b\\click\x1b]8;;\x1b\\ "
                "\x1b[2J\x1b[31mred\x1b[0m bell\x07 back\x08 ad\u202emin\u2066 zero\u200bwidth")
ESCAPE_SPEAKER = "Bill\x1b[5m Nelson\u202e"


def segments(app: object) -> list[Segment]:
    return [seg for strip in app.screen._compositor.render_strips() for seg in strip]  # type: ignore[attr-defined]


def assert_inert(app: object) -> None:
    """Nothing on screen is an escape, a control, an invisible reorder or a markup action."""
    for seg in segments(app):
        for ch in seg.text:
            assert unicodedata.category(ch) not in ("Cc", "Cf") or ch == "\u200d", repr(seg.text)
        if seg.style is not None:
            assert seg.style.link is None
            assert not any(str(k).startswith("@") for k in (seg.style.meta or {})), seg.style.meta


async def hostile_newsroom(tmp_path: Path, feed_server: FeedServer) -> Newsroom:
    room = await newsroom(tmp_path, feed_server)
    hostile = story(60, MARKUP_TITLE, [f"“{MARKUP_QUOTE},” NASA Administrator Bill Nelson said."], hour=17)
    feed_server.feed("/evil.xml", rss([hostile], title="[reverse]Evil Outlet[/] [@click=app.bell]x[/]"))
    evil = FeedSpec(url=feed_server.url("/evil.xml"))  # no title in the config: the feed names itself
    room.config = dataclasses.replace(room.config, feeds=(*room.config.feeds, evil))
    await room.refresh()
    record = article_record("escapes", "Title \x1b]0;pwned\x07with \x1b[1mescapes\x1b[0m \u202eesrever", 0,
                            (f"“{ESCAPE_QUOTE},” he said.",),
                            ((ESCAPE_QUOTE, ESCAPE_SPEAKER, "NASA", True),), ())
    room.store.apply_feed_update(FeedUpdate(url=evil.url, status="ok", started_at=NOW - timedelta(minutes=1),
                                            articles=(record,)))
    return room


async def test_hostile_text_in_panes_is_shown_literally_and_triggers_nothing(
        tmp_path: Path, feed_server: FeedServer) -> None:
    room = await hostile_newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        text = screen_text(app)
        assert MARKUP_QUOTE in text  # brackets and all, as written
        assert "[reverse]Evil Outlet[/] [@click=app.bell]x[/]" in text
        assert "Copy this, click red bell back admin zerowidth" in text  # escapes gone, words kept
        assert "Bill Nelson" in text
        assert_inert(app)
        # Clicking on the markup that claims to quit, and opening it, does not quit.
        nasa = pane(app, "NASA").statements
        row = next(i for i, s in enumerate(nasa.items) if "[@click=app.quit]" in s.quote)
        line = nasa._index_to_line[row] - round(nasa.scroll_y)
        await pilot.click(nasa, offset=(10, line))
        await pilot.click(nasa, offset=(10, line))
        await settle(pilot, app)
        assert app.is_running and isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert MARKUP_TITLE in text and MARKUP_QUOTE in text
        assert_inert(app)


async def test_hostile_text_in_the_article_view_and_the_clipboard(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await hostile_newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        nasa = pane(app, "NASA").statements
        nasa.highlighted = next(i for i, s in enumerate(nasa.items) if "\x1b" in s.quote)
        await pilot.press("y")
        assert app.clipboard.startswith("“Copy this, click red bell back admin zerowidth” — Bill Nelson (NASA)")
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in app.clipboard)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert "Title with escapes esrever" in text
        assert "[★ Bill Nelson (NASA)]" in text
        assert_inert(app)
        await pilot.press("o")  # a store-made article with a web link: opened, escapes never reach the opener
        await pilot.press("slash", *"[@click=app.quit]")
        await settle(pilot, app)
        assert app.is_running
        assert_inert(app)
