"""Stars, read marks and "new since last look" in the dashboard: kept in the database, across restarts."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from tui_data import NOW, fill_fixed
from tui_harness import pane, screen_text, until

from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock
from tui.render import STAR_MARK

SIZE = (120, 40)


def open_app(path: Path) -> SpacewatchApp:
    store = Store.open(path)
    config = fill_fixed(store) if not store.max_statement_id() else None
    from tui_data import fixed_config

    return make_app(store=store, config=config or fixed_config(), now=fixed_clock(NOW), opener=lambda url: None,
                    refresh_on_start=False, auto_refresh=False)


async def loaded(pilot: Pilot[None], app: SpacewatchApp) -> None:
    await until(pilot, app, lambda: all(p.statements.loaded for p in app.dashboard.panes), "the panes",
                groups=("page", "marks", "volume"))


async def test_s_stars_x_marks_read_and_both_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "spacewatch.db"
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        roscosmos = pane(app, "Roscosmos").statements
        first = roscosmos.current
        assert first is not None and not first.starred
        await pilot.press("s")
        await until(pilot, app, lambda: roscosmos.items[0].starred, "the star", groups=("marks",))
        assert STAR_MARK in screen_text(app) and "starred" in screen_text(app)
        await pilot.press("j", "x")
        await until(pilot, app, lambda: roscosmos.items[1].read, "the read mark", groups=("marks",))
        assert not roscosmos.items[1].starred and not roscosmos.items[0].read
    app.store.close()
    again = open_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot, again)
        items = pane(again, "Roscosmos").statements.items
        assert [(v.starred, v.read) for v in items[:2]] == [(True, False), (False, True)]
        await pilot.press("s")  # the star comes off, in the database too
        await until(pilot, again, lambda: not pane(again, "Roscosmos").statements.items[0].starred, "unstarred",
                    groups=("marks",))
        assert again.store.statements(starred=True) == []
    again.store.close()


async def test_capital_s_lists_only_starred_quotes_in_every_pane(tmp_path: Path) -> None:
    app = open_app(tmp_path / "spacewatch.db")
    nasa_quote = next(v for v in app.store.statements(actor="NASA") if "Moon" in v.quote)
    app.store.set_mark(nasa_quote.id, "starred", True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        assert len(pane(app, "NASA").statements.items) == 3
        await pilot.press("S")
        await until(pilot, app, lambda: len(pane(app, "NASA").statements.items) == 1, "NASA's starred quote")
        assert pane(app, "Roscosmos").statements.items == []
        assert "NASA  starred" in str(pane(app, "NASA").header.render())
        assert "Moon to stay" in screen_text(app) and "single point of failure" not in screen_text(app)
        await pilot.press("S")
        await until(pilot, app, lambda: len(pane(app, "NASA").statements.items) == 3, "every NASA quote again")
        assert "NASA  quotes" in str(pane(app, "NASA").header.render())
    app.store.close()


async def test_new_since_the_last_look_is_remembered_across_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "spacewatch.db"
    app = open_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        # The first look at every pane is stored: what is there now will not be new next time.
        await until(pilot, app, lambda: len(app.store.seen_ids()) == 4, "the panes' first look", groups=("marks",))
    assert set(app.store.seen_ids().values()) == {app.store.max_statement_id()}
    # As if NASA's pane was last looked at when only the first statement was stored.
    newest = app.store.max_statement_id()
    with app.store.transaction() as conn:
        conn.execute("UPDATE ui_state SET value = '1' WHERE key = 'seen:NASA'")
    app.store.close()
    again = open_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot, again)
        nasa = pane(again, "NASA")
        await until(pilot, again, lambda: nasa.new_count > 0, "NASA's count of new statements",
                    groups=("page", "new-counts"))
        assert nasa.new_count == 3 and "3 new" in str(nasa.header.render())
        assert pane(again, "Kremlin").new_count == 0
        await pilot.press("2")  # looking at NASA's pane: nothing is new there any more, and that is kept
        await until(pilot, again, lambda: again.store.seen_ids()["NASA"] == newest, "NASA's look stored",
                    groups=("marks",))
        assert nasa.new_count == 0
    again.store.close()
