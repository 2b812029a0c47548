"""Volume over time on screen: the pane headers' sparklines and the timeline (t), spikes marked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from tui_data import NOW, fixed_config
from tui_harness import pane, screen_text, until
from volume_data import FEED, fill_volume

from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.charts import SPIKE_MARK, sparkline
from tui.clock import fixed_clock
from tui.screens.timeline import TimelineScreen

TODAY = NOW.date()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[SpacewatchApp]:
    store = Store.open(tmp_path / "spacewatch.db")
    fill_volume(store)
    yield make_app(store=store, config=fixed_config((FEED,)), now=fixed_clock(NOW), opener=lambda url: None,
                   refresh_on_start=False, auto_refresh=False)
    store.close()


def test_sparkline_levels() -> None:
    assert sparkline([0, 1, 2, 7, 14]) == "▁▂▂▅█"
    assert sparkline([0, 0]) == "▁▁" and sparkline([]) == ""


async def test_each_pane_header_draws_its_last_thirty_days(app: SpacewatchApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        nasa = pane(app, "NASA")
        await until(pilot, app, lambda: len(nasa.header.volume) == 30, "NASA's sparkline", groups=("volume",))
        assert nasa.header.volume[-4] == 16 and max(nasa.header.volume) == 16  # the busy day, 3 days ago
        assert pane(app, "Kremlin").header.volume == (0,) * 30
        line = next(row for row in screen_text(app).splitlines() if "NASA" in row)
        assert sparkline(nasa.header.volume)[-7:] in line  # four panes: the latest days that fit
        await pilot.press("2")
        await until(pilot, app, lambda: nasa.size.width > 100, "NASA's pane alone")
        line = next(row for row in screen_text(app).splitlines() if "NASA" in row)
        assert line.rstrip().endswith(sparkline(nasa.header.volume))  # alone: all thirty days


async def test_t_opens_the_timeline_with_the_busy_day_marked_and_p_shows_speakers(app: SpacewatchApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await until(pilot, app, lambda: screen.loaded, "the timeline", groups=("timeline",))
        nasa = next(s for s in screen.series if s.name == "NASA")
        assert [d.day for d in nasa.spikes] == [TODAY - timedelta(days=3)]
        text = screen_text(app)
        busy = (TODAY - timedelta(days=3)).strftime("%m-%d")
        assert f"{SPIKE_MARK} unusual: {busy} (16)" in text
        assert [s.name for s in screen.series] == ["Roscosmos", "NASA", "Kremlin", "ESA"]
        await pilot.press("p")
        await until(pilot, app, lambda: screen.by == "speaker" and screen.series[0].actor is not None,
                    "the speakers", groups=("timeline",))
        assert [(s.name, s.actor) for s in screen.series] == [
            ("Bill Nelson", "NASA"), ("Yuri Borisov", "Roscosmos"), ("Dmitry Bakanov", "Roscosmos")]
        assert "Bill Nelson (NASA)" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.dashboard
