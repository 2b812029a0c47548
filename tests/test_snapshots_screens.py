"""How search, help and feed health look, at 120 and at 80 columns (update with --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import BERLIN_ZONE
from test_snapshots import keys
from tui_data import NOW, fill_fixed, fixed_config

from feeds.models import FeedSpec, FeedUpdate
from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock

SLOPPY = "https://sloppy.example/rss"
FLAKY = "https://flaky.example/rss"


@pytest.fixture
def app(tmp_path: Path, local_zone: Callable[[str], None]) -> SpacewatchApp:
    """The fixed dashboard data, one feed read with a warning and one backing off, in Berlin's zone."""
    local_zone(BERLIN_ZONE)
    store = Store.open(tmp_path / "snapshots.db")
    base = fixed_config()
    config = fill_fixed(store, fixed_config((*base.feeds, FeedSpec(url=SLOPPY, title="Sloppy Outlet"),
                                             FeedSpec(url=FLAKY, title="Flaky Agency Newsroom"))))
    store.apply_feed_update(FeedUpdate(url=SLOPPY, status="ok", started_at=NOW - timedelta(minutes=20),
                                       http_status=200, warning="malformed XML (mismatched tag at line 7, column 4); "
                                       "2 entries recovered"))
    for minutes in (5, 1):  # two failures in a row: the next try two minutes after the last, 1 min ahead
        store.apply_feed_update(FeedUpdate(url=FLAKY, status="error", started_at=NOW - timedelta(minutes=minutes),
                                           http_status=503, error="HTTP 503 Service Unavailable: the newsroom's "
                                           "content network turned the request away (rate limit: 60 a minute)"))
    return make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                    refresh_on_start=False, auto_refresh=False)


def test_search_results(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("slash", *"station"))


def test_search_results_at_80_columns(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("slash", *"station", "enter", "j"))


def test_search_with_nothing_found_at_80_columns(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("slash", *"moon", "ctrl+t", "ctrl+t", "ctrl+s"))


def test_help_at_80_columns(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("question_mark"))


def test_feed_health_with_a_warning_and_a_backoff(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(120, 30), run_before=keys("f", "down", "down", "down", "down"))


def test_feed_health_at_80_columns(snap_compare: Any, app: SpacewatchApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("f", "down", "down", "down"))
