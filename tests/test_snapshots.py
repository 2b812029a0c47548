"""How the dashboard looks: SVG snapshots on fixed articles and a fixed clock (update with --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from compare_data import fill_week
from textual.pilot import Pilot
from tui_data import NOW, fill_fixed, fixed_config
from volume_data import FEED, fill_volume

from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock


@pytest.fixture
def app(tmp_path: Path) -> SpacewatchApp:
    store = Store.open(tmp_path / "snapshots.db")
    config = fill_fixed(store)
    return make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                    refresh_on_start=False, auto_refresh=False)


def keys(*pressed: str) -> Callable[[Pilot[Any]], Coroutine[Any, Any, None]]:
    """Press keys, waiting after each for the workers it started and the messages they sent."""

    async def run(pilot: Pilot[Any]) -> None:
        app = pilot.app
        for key in ("", *pressed):
            if key:
                await pilot.press(key)
            for _ in range(20):
                running = [w for w in app.workers if w.is_running]
                if not running:
                    break
                await app.workers.wait_for_complete(running)
                await pilot.pause()
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run


def test_main_screen(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys())


def test_main_screen_at_80_columns(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys())


def test_one_actor_filtered(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("2", "j"))


def test_article_view(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("1", "enter"))


def test_feed_health(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("f", "down", "down"))


def test_timeline(snap_compare: Any, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "volume.db")
    fill_volume(store)
    app = make_app(store=store, config=fixed_config((FEED,)), now=fixed_clock(NOW), opener=lambda url: None,
                   refresh_on_start=False, auto_refresh=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("t"))


def test_compare_the_founding_example(snap_compare: Any, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "week.db")
    config = fill_week(store)
    app = make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                   refresh_on_start=False, auto_refresh=False)
    # Roscosmos' pane: the newer Borisov quote, then the "after 2024" one; c compares it.
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("j", "c"))


def test_starred_and_read_marks(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("s", "j", "x", "2", "s"))
