"""Deep panes: thousands of statements in one pane. The cursor never wraps, every key moves exactly
one row however fast they come, the loaded rows stay bounded, and Home brings back the newest."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from textual import events
from textual.app import App
from tui_data import NOW
from tui_harness import Opener, packaged_config, pane, settle, until

from feeds.models import ExtractedArticle, Extraction, FeedSpec, FeedUpdate, ParsedArticle, Statement
from feeds.store import Store
from tui.app import make_app
from tui.clock import fixed_clock
from tui.panes import PAGE_SIZE, WINDOW
from tui.screens.article import ArticleScreen

FEED = "https://deep.example/feed.xml"


def deep_store(path: Path, count: int) -> tuple[Store, list[int]]:
    """`count` NASA statements, one article each, five minutes apart; their ids newest first."""
    store = Store.open(path)
    items = []
    for n in range(count):
        quote = f"Briefing number {n} confirms the schedule for the crew"
        text = f"“{quote},” NASA Administrator Bill Nelson said."
        statement = Statement(quote=quote, speaker="Bill Nelson", speaker_as_written="Bill Nelson", actor="NASA",
                              paragraph=0, start=1, end=1 + len(quote))
        article = ParsedArticle(guid=f"d{n}", link=f"https://deep.example/{n}", title=f"Briefing {n}", text=text,
                                published=NOW - timedelta(minutes=5 * n))
        items.append(ExtractedArticle(article, Extraction(statements=(statement,), mentions=("NASA",)), 1))
    for start in range(0, count, 500):
        chunk = tuple(items[start:start + 500])
        store.apply_feed_update(FeedUpdate(url=FEED, status="ok", started_at=NOW, articles=chunk))
    ids = [s.id for s in store.statements(actor="NASA", limit=count + 1)]
    assert len(ids) == count
    return store, ids


def app_on(store: Store) -> object:
    config = packaged_config((FeedSpec(url=FEED, title="Deep"),))
    return make_app(store=store, config=config, now=fixed_clock(NOW), opener=Opener(), refresh_on_start=False,
                    auto_refresh=False)


async def test_the_cursor_never_wraps_and_each_key_moves_one_row(tmp_path: Path) -> None:
    store, ids = deep_store(tmp_path / "sw.db", 65)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")  # the NASA pane
        nasa = pane(app, "NASA").statements
        assert nasa.has_focus and nasa.current is not None and nasa.current.id == ids[0]
        await pilot.press("k", "up")  # at the newest: nowhere to go, and no jump to the oldest
        assert nasa.current.id == ids[0]
        await pilot.press(*["j"] * 40)  # faster than pages arrive: each key still moves one row
        await until(pilot, app, lambda: not nasa._loading and not nasa._pending, "the pages to arrive",
                    groups=("page",))
        assert nasa.current.id == ids[40]
        await pilot.press(*["j"] * 30)  # past the oldest: it stays on the oldest
        await until(pilot, app, lambda: not nasa._loading and not nasa._pending, "the last page", groups=("page",))
        assert nasa.exhausted and nasa.current.id == ids[-1]
        await pilot.press("j")
        assert nasa.current.id == ids[-1]
    store.close()


def burst(app: App[object], *keys: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: all queued at once, none waiting for the app
    to be idle (Pilot.press waits after each key, so it never shows what happens in between)."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]  # as Pilot does, without the waits


async def test_keys_faster_than_pages_move_through_several_and_act_where_they_lead(tmp_path: Path) -> None:
    store, ids = deep_store(tmp_path / "sw.db", WINDOW + 40)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        nasa = pane(app, "NASA").statements
        far = WINDOW + 7  # past the rows a window holds, none of them loaded when the keys come
        assert len(nasa.items) <= PAGE_SIZE
        burst(app, "2", *["j"] * far, "enter")  # enter opens the row the j's lead to
        await until(pilot, app, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article is not None,
                    "the article", groups=("page",))
        assert app.screen.statement_id == ids[far]  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot, app)
        assert not nasa.at_newest  # the window slid past the newest rows: Home must fetch them again
        near = PAGE_SIZE + 3
        burst(app, "home", *["j"] * near, "s")  # moves from the newest, and s stars where they lead
        await until(pilot, app, lambda: nasa.current is not None and nasa.current.starred, "the star",
                    groups=("page", "marks"))
        assert nasa.current.id == ids[near]
        assert [v.id for v in store.statements(actor="NASA", starred=True, limit=5)] == [ids[near]]
    store.close()


def contiguous(nasa: object, ids: list[int]) -> int:
    """The window is one unbroken stretch of the keyset: where it starts in `ids`."""
    window = [s.id for s in nasa.items]  # type: ignore[attr-defined]
    first = ids.index(window[0])
    assert window == ids[first:first + len(window)]
    return first


async def test_a_deep_pane_keeps_a_bounded_window_and_home_brings_back_the_newest(tmp_path: Path) -> None:
    store, ids = deep_store(tmp_path / "sw.db", 2 * WINDOW + 60)
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")
        nasa = pane(app, "NASA").statements
        while ids.index(nasa.current.id) < WINDOW + 60:  # End: the last row loaded, and the next page comes
            await pilot.press("end")
            await until(pilot, app, lambda: not nasa._loading, "the next page", groups=("page",))
            assert len(nasa.items) <= WINDOW and len(nasa.options) == len(nasa.items)
            contiguous(nasa, ids)
        assert not nasa.at_newest  # the newest rows left the window
        deep = ids.index(nasa.current.id)
        await pilot.press(*["k"] * 10)
        await until(pilot, app, lambda: not nasa._loading and not nasa._pending, "the moves", groups=("page",))
        assert nasa.current.id == ids[deep - 10]
        while not (nasa.at_newest and nasa.highlighted == 0):  # back up through rows that were unloaded
            await pilot.press("pageup")
            await until(pilot, app, lambda: not nasa._loading, "the newer page", groups=("page",))
            contiguous(nasa, ids)
        assert nasa.current.id == ids[0]
        while nasa.at_newest:
            await pilot.press("end")
            await until(pilot, app, lambda: not nasa._loading, "the next page", groups=("page",))
        await pilot.press("home")
        await until(pilot, app, lambda: nasa.at_newest and not nasa._loading, "the newest", groups=("page",))
        assert nasa.current.id == ids[0] and nasa.scroll_y == 0
        assert contiguous(nasa, ids) == 0
    store.close()


class FlakyStore(Store):
    """A store whose reads of statements fail until told otherwise (a damaged or vanished file)."""

    failing = True

    def statements(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def, override]
        if self.failing:
            raise sqlite3.OperationalError("disk I/O error")
        return super().statements(*args, **kwargs)  # type: ignore[arg-type]


async def test_the_first_page_is_read_at_once_and_a_failed_read_is_reported_not_fatal(tmp_path: Path) -> None:
    store, ids = deep_store(tmp_path / "deep.db", 40)
    store.close()
    app = app_on(Store.open(tmp_path / "deep.db"))
    async with app.run_test(size=(120, 40)):  # type: ignore[attr-defined]
        nasa = pane(app, "NASA").statements  # type: ignore[arg-type]
        # Read while the panes were mounted: rows in the first frame, no worker to wait for.
        assert [v.id for v in nasa.items] == ids[:PAGE_SIZE]
        assert not any(w.group == "page" for w in app.workers)  # type: ignore[attr-defined]

    flaky = FlakyStore.open(tmp_path / "deep.db")
    assert isinstance(flaky, FlakyStore)
    app = app_on(flaky)
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await settle(pilot, app)
        nasa = pane(app, "NASA").statements
        assert nasa.items == [] and not nasa._loading  # the next scroll or refresh tries again
        shown = [n.message for n in app._notifications]
        assert any(m.startswith("Could not read the store: OperationalError: disk I/O error") for m in shown), shown
        flaky.failing = False
        nasa.reload()
        await until(pilot, app, lambda: len(nasa.items) == PAGE_SIZE, "the rows, once the store reads again")
