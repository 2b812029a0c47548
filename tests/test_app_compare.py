"""Side by side (c): the founding example in columns, the words editable, stars and export from there."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from compare_data import FOUNDING_QUOTE, MEETING_QUOTE, NOTIFICATION_QUOTE, UNRELATED, fill_week
from textual.widgets import Input
from tui_data import NOW
from tui_harness import pane, screen_text, until

from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock
from tui.screens.compare import CompareScreen

GROUPS = ("page", "compare", "marks")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[SpacewatchApp]:
    store = Store.open(tmp_path / "spacewatch.db")
    config = fill_week(store)
    yield make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                   refresh_on_start=False, auto_refresh=False, export_dir=tmp_path / "exports")
    store.close()


async def open_compare(pilot, app: SpacewatchApp) -> CompareScreen:  # type: ignore[no-untyped-def]
    roscosmos = pane(app, "Roscosmos").statements
    await until(pilot, app, lambda: roscosmos.loaded, "Roscosmos' quotes", groups=GROUPS)
    index = next(i for i, v in enumerate(roscosmos.items) if v.quote == FOUNDING_QUOTE)
    for _ in range(index):
        await pilot.press("j")
    assert roscosmos.current is not None and roscosmos.current.quote == FOUNDING_QUOTE
    await pilot.press("c")
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    await until(pilot, app, lambda: screen.comparison is not None and bool(screen.columns), "the comparison",
                groups=GROUPS)
    return screen


def quotes(screen: CompareScreen, actor: str) -> list[str]:
    return [v.quote for v in screen.columns[actor].rows]


async def test_c_puts_the_founding_example_side_by_side(app: SpacewatchApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_compare(pilot, app)
        assert list(screen.columns) == ["Roscosmos", "NASA", "Kremlin", "ESA"]
        assert FOUNDING_QUOTE in quotes(screen, "Roscosmos")
        assert quotes(screen, "NASA") == [NOTIFICATION_QUOTE]
        assert quotes(screen, "Kremlin") == [MEETING_QUOTE]
        assert quotes(screen, "ESA") == []
        words = screen.query_one(Input).value.split()
        assert {"leave", "station", "2024"} <= set(words)  # the words shown are the search
        text = screen_text(app)
        assert "Topic: " in text
        assert "received any official" in text and "President heard a report" in text
        assert not any(q[:30] in text for q in UNRELATED)
        # The statement's own column has the focus, on the statement.
        own = screen.columns["Roscosmos"]
        assert app.focused is own and own.current is not None and own.current.quote == FOUNDING_QUOTE


async def test_the_words_are_an_editable_search(app: SpacewatchApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_compare(pilot, app)
        await pilot.press("slash")
        box = screen.query_one(Input)
        assert app.focused is box
        box.value = "moon money"
        await until(pilot, app, lambda: screen.comparison is not None and screen.comparison.words == ("moon", "money"),
                    "the new search", groups=GROUPS)
        assert quotes(screen, "NASA") == [UNRELATED[0]] and quotes(screen, "Kremlin") == []
        await pilot.press("enter")
        assert app.focused is screen.columns["Roscosmos"]


async def test_w_widens_the_window_and_s_stars_from_a_column(app: SpacewatchApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_compare(pilot, app)
        assert UNRELATED[2] not in quotes(screen, "NASA")
        await pilot.press("w")  # 30 days either side: NASA's plan from six weeks before is still out
        await until(pilot, app, lambda: screen.comparison is not None
                    and screen.comparison.last - screen.comparison.first > timedelta(days=40),
                    "the wider window", groups=GROUPS)
        assert UNRELATED[2] not in quotes(screen, "NASA")
        await pilot.press("w")  # 2 days either side
        await until(pilot, app, lambda: screen.comparison is not None
                    and screen.comparison.last - screen.comparison.first < timedelta(days=6), "the narrow window",
                    groups=GROUPS)
        own = screen.columns["Roscosmos"]
        assert app.focused is own and own.current is not None and own.current.quote == FOUNDING_QUOTE
        await pilot.press("s")
        await until(pilot, app, lambda: own.current is not None and own.current.starred, "the star", groups=GROUPS)
        assert [v.quote for v in app.store.statements(starred=True)] == [FOUNDING_QUOTE]


async def test_e_exports_the_comparison(app: SpacewatchApp, tmp_path: Path) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_compare(pilot, app)
        await pilot.press("e")
        await pilot.press("c")  # CSV
        folder = tmp_path / "exports"
        await until(pilot, app, lambda: any("Exported" in n.message for n in app._notifications),
                    "the export's notification", groups=())
        [written] = folder.iterdir()
        assert any(str(written) in n.message for n in app._notifications)  # the path is shown
        text = written.read_bytes().decode("utf-8")  # as written: CRLF rows, as `quotes --format csv`
        assert written.suffix == ".csv" and text.startswith("published,speaker,")
        assert NOTIFICATION_QUOTE in text and MEETING_QUOTE in text and FOUNDING_QUOTE in text
        assert text.count("\r\n") == 1 + sum(len(c.rows) for c in screen.columns.values())


class TopiclessStore(Store):
    """A store whose topic search fails (a damaged full-text index)."""

    def statements_on_topic(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def, override]
        raise sqlite3.DatabaseError("vtable constructor failed: statements_fts")


async def test_a_failed_comparison_is_reported(tmp_path: Path) -> None:
    store = TopiclessStore.open(tmp_path / "spacewatch.db")
    config = fill_week(store)
    app = make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                   refresh_on_start=False, auto_refresh=False)
    async with app.run_test(size=(160, 40)) as pilot:
        roscosmos = pane(app, "Roscosmos").statements
        await until(pilot, app, lambda: roscosmos.loaded, "Roscosmos' quotes", groups=GROUPS)
        await pilot.press("c")
        await until(pilot, app, lambda: any(n.message.startswith("Could not read the store: DatabaseError: vtable")
                                            for n in app._notifications), "the error, said", groups=GROUPS)
        assert isinstance(app.screen, CompareScreen) and app.screen.comparison is None
    store.close()
