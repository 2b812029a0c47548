"""Export from where you are (e): the pane or the search results, as Markdown or CSV, the last format first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList
from tui_data import NOW, fill_fixed
from tui_harness import pane, until

from feeds.newsroom import exports
from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock
from tui.screens.export import ExportScreen


@pytest.fixture
def app(tmp_path: Path) -> Iterator[SpacewatchApp]:
    store = Store.open(tmp_path / "spacewatch.db")
    config = fill_fixed(store)
    yield make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                   refresh_on_start=False, auto_refresh=False, export_dir=tmp_path / "out")
    store.close()


def exported(app: SpacewatchApp) -> int:
    return sum("Exported" in n.message for n in app._notifications)


async def test_e_writes_the_pane_as_the_quotes_command_would_and_remembers_the_format(
        app: SpacewatchApp, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        nasa = pane(app, "NASA")
        await until(pilot, app, lambda: nasa.statements.loaded, "NASA's quotes")
        await pilot.press("2", "e")
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(OptionList).highlighted == 0  # Markdown, the first time
        await pilot.press("enter")
        await until(pilot, app, lambda: exported(app) == 1, "the Markdown export", groups=())
        [md] = (tmp_path / "out").glob("*.md")
        assert md.read_text(encoding="utf-8") == exports.to_markdown(nasa.statements.items)
        assert md.name == "spacewatch-nasa-quotes-20250606-180000.md"
        assert any(n.message == f"Exported 3 quotes to {md}" for n in app._notifications)
        await pilot.press("e")
        await pilot.press("down", "enter")  # CSV this time...
        await until(pilot, app, lambda: exported(app) == 2, "the CSV export", groups=())
        await until(pilot, app, lambda: app.store.setting("export_format") == "csv", "the choice kept",
                    groups=("marks",))
        await pilot.press("e")  # ...and CSV is what the dialog offers first from now on
        assert isinstance(app.screen, ExportScreen) and app.screen.query_one(OptionList).highlighted == 1
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen) and len(list((tmp_path / "out").iterdir())) == 2
        [csv] = (tmp_path / "out").glob("*.csv")
        assert csv.read_bytes().decode("utf-8") == exports.to_csv(nasa.statements.items)


async def test_e_exports_the_search_results(app: SpacewatchApp, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        for key in "station":
            await pilot.press(key)
        await until(pilot, app, lambda: app.screen.query_one("#search-results", OptionList).option_count > 2,
                    "the search results")
        await pilot.press("down", "e", "m")
        await until(pilot, app, lambda: exported(app) == 1, "the export", groups=())
        [md] = (tmp_path / "out").glob("spacewatch-search-station-*.md")
        text = md.read_text(encoding="utf-8")
        assert "station after 2028" in text and "neither side can run it alone" in text
        assert "Moon" not in text


async def test_nothing_to_export_is_said_so(app: SpacewatchApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, app, lambda: pane(app, "NASA").statements.loaded, "the panes")
        await pilot.press("S")  # nothing is starred
        await until(pilot, app, lambda: pane(app, "Roscosmos").statements.items == [], "no starred quotes")
        await pilot.press("e")
        assert not isinstance(app.screen, ExportScreen)
        assert any("Nothing to export" in n.message for n in app._notifications)
