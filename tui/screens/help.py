"""The `?` screen: every key of the dashboard and what it does."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("Panes", ""),
    ("1 – 9", "show only that actor's pane, full width"),
    ("0", "show every pane again"),
    ("tab / shift+tab", "next / previous pane"),
    ("↑ ↓  j k", "move within a pane (more rows load as you go)"),
    ("m", "toggle: quotes / articles that mention the actor but quote nobody from it"),
    ("enter, click", "open the article at the quote"),
    ("o", "open the article's link in the browser (http and https only)"),
    ("y", "copy the quote with its citation"),
    ("Everywhere", ""),
    ("r", "refresh every feed now (also automatic, every refresh interval)"),
    ("/", "search who said what: quotes, speakers, articles"),
    ("f", "feed health: status, last error; t or enter retries one feed"),
    ("?", "this help"),
    ("escape", "back"),
    ("q", "quit"),
    ("Article view", ""),
    ("n / p", "next / previous quote in the article"),
    ("★ bold", "a key quote; quotes in the text are underlined, key quotes reversed"),
)


def help_text() -> Table:
    """The keys as a two-column grid: descriptions wrap beside their keys."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for key, what in KEYS:
        if not what:
            grid.add_row(Text(key, style="bold underline"), "")
        else:
            grid.add_row(Text(f"  {key}"), Text(what))
    return grid


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "app.pop_screen", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_text())

    def on_click(self) -> None:
        self.app.pop_screen()
