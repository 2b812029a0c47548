"""`?`: the help lists every key active on every screen (read from the screens) and what the marks mean."""

from __future__ import annotations

import re
from pathlib import Path

from textual.screen import Screen
from tui_data import NOW, fill_fixed
from tui_harness import screen_text, settle, until

import tui.screens
from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock
from tui.screens.article import ArticleScreen
from tui.screens.health import FeedHealthScreen
from tui.screens.help import SECTIONS, HelpScreen, help_sections, key_label, shown_in_help
from tui.screens.search import SearchScreen
from tui.screens.sources import SourcesScreen


def fixed_app(tmp_path: Path) -> SpacewatchApp:
    store = Store.open(tmp_path / "help.db")
    return make_app(store=store, config=fill_fixed(store), now=fixed_clock(NOW), opener=lambda url: None,
                    refresh_on_start=False, auto_refresh=False)


def keys_named(rows: list[tuple[str, str]]) -> set[str]:
    """Every key label a part of the help names: in its key column ("1–9" is nine keys), and in
    the list of an "editing" row."""
    found: set[str] = set()
    for keys, what in rows:
        words = keys.split() + (what.partition(":")[2].split() if keys == "editing" else [])
        for word in words:
            span = re.fullmatch(r"(\d)–(\d)", word)
            found |= {str(n) for n in range(int(span[1]), int(span[2]) + 1)} if span else {word}
    return found


def part(title: str) -> list[tuple[str, str]]:
    return dict(help_sections(SpacewatchApp.BINDINGS))[title]


def test_every_screen_has_its_part_in_the_help() -> None:
    def subclasses(cls: type[Screen[object]]) -> set[type[Screen[object]]]:
        return {c for s in cls.__subclasses__() for c in (s, *subclasses(s))}

    __import__("tui.app")  # every screen module imported
    ours = {c for c in subclasses(Screen) if c.__module__.startswith(tui.screens.__name__)}
    assert ours - {HelpScreen} == {s.owners[0] for s in SECTIONS}


async def test_the_help_names_every_key_active_on_every_screen(tmp_path: Path) -> None:
    app = fixed_app(tmp_path)
    everywhere = keys_named(part("Everywhere"))
    missing: list[str] = []
    seen: set[str] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)

        async def check(title: str) -> None:
            named = everywhere | keys_named(part(title))
            screen = app.screen
            for widget in screen.focus_chain:  # every widget that takes keys, focused in turn
                widget.focus()
                await pilot.pause()
                for key, active in screen.active_bindings.items():
                    seen.add(key)
                    if shown_in_help(active.binding) and key_label(key) not in named:
                        missing.append(f"{title}: {key} ({active.binding.action} on {type(active.node).__name__})")

        await check("Dashboard")
        await pilot.press("1", "enter")
        await until(pilot, app, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article is not None,
                    "the article")
        await check("Article view")
        await pilot.press("escape", "slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"station")
        await until(pilot, app, lambda: isinstance(app.screen, SearchScreen) and app.screen.page is not None,
                    "results")
        await check("Search")
        await pilot.press("escape", "f")
        assert isinstance(app.screen, FeedHealthScreen)
        await check("Feed health")
        await pilot.press("escape")
        app.push_screen(SourcesScreen(app.store, app.store.max_statement_id(), app.clock))
        await until(pilot, app, lambda: isinstance(app.screen, SourcesScreen) and bool(app.screen.sources),
                    "the sources", groups=("sources",))
        await check("Sources of a quote")
    assert not missing
    assert {"m", "1", "n", "ctrl+t", "t", "pagedown", "question_mark"} <= seen  # each screen was visited


def test_the_dashboard_keys_a_reader_asked_for_are_in_the_help() -> None:
    dashboard = keys_named(part("Dashboard")) | keys_named(part("Everywhere"))
    assert {"Home", "End", "PgUp", "PgDn", "Tab", "Shift+Tab", "1", "9", "0", "j", "k", "Enter", "m", "o", "y",
            "r", "/", "f", "?", "q"} <= dashboard
    assert {"n", "p", "o", "y", "Esc"} <= keys_named(part("Article view"))
    assert {"Ctrl+T", "Ctrl+S", "Enter", "Esc", "o", "y"} <= keys_named(part("Search"))
    assert {"actor:NASA", "since:7d"} <= keys_named(part("Search"))  # the filter syntax
    assert {"t", "Enter", "Esc"} <= keys_named(part("Feed health"))


async def test_help_explains_the_marks_and_scrolls_at_80_by_24(tmp_path: Path) -> None:
    app = fixed_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Everywhere" in text and "2h ago" not in text  # it does not fit: it scrolls
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
        await pilot.press("end")
        assert "2h ago" in screen_text(app) and "Everywhere" not in screen_text(app)
        await pilot.press("question_mark")
        assert app.screen is app.dashboard
    meanings = " ".join(f"{keys} {what}" for keys, what in part("What the screen shows"))
    assert "3 new in a pane's header: statements stored since you last looked at that pane" in meanings
    assert "5 sources on a card: five articles carried this same statement" in meanings
