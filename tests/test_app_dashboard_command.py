"""`spacewatch` / `spacewatch --demo`: the command builds the dashboard on the right store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tui_harness import screen_text, settle

from tui.app import SpacewatchApp
from tui.cli import build_parser
from tui.commands.dashboard import dashboard, run_dashboard


def test_demo_opens_the_dashboard_on_the_packaged_feeds_offline() -> None:
    pytest.importorskip("feeds.statements", reason="the statement extractor (issue 3) has not landed yet")
    args = build_parser().parse_args(["--demo"])

    async def drive(app: SpacewatchApp) -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            assert [p.actor.name for p in app.dashboard.panes][:4] == ["Roscosmos", "NASA", "Kremlin", "ESA"]
            assert app.dashboard.panes[0].statements.items  # Roscosmos is quoted in the demo feeds
            assert "(demo)" in screen_text(app)
            await pilot.press("r")  # refreshes from the packaged feeds: nothing new, nothing failed
            await settle(pilot, app)
            assert not app.refreshing and "refreshed at" in screen_text(app)
            assert "failed" not in screen_text(app)

    # Filled before any event loop runs, as `spacewatch --demo` does.
    with dashboard(args) as app:
        asyncio.run(drive(app))


async def test_the_dashboard_opens_the_store_given_with_db(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--db", str(tmp_path / "mine.db")])
    with dashboard(args) as app:
        assert app.store.path == tmp_path / "mine.db"
        assert app.refresh_on_start  # a real store refreshes once the stored statements are shown


def test_an_unusable_database_is_an_error_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    assert run_dashboard(build_parser().parse_args(["--db", str(bad)])) == 1
    assert "cannot open the database" in capsys.readouterr().err
