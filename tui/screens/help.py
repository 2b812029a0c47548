"""The `?` screen: every key of every screen, read from their BINDINGS, and what the dashboard's marks mean."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static

from ..panes import ActorPane, StatementList
from ..search_syntax import SYNTAX_HELP
from .article import ArticleBody, ArticleScreen
from .compare import CompareColumn, CompareScreen
from .dashboard import DashboardScreen
from .export import ExportScreen
from .health import FeedHealthScreen, FeedTable
from .search import SearchResultList, SearchScreen
from .sources import SourceList, SourcesScreen
from .timeline import TimelineBody, TimelineScreen


@dataclass(frozen=True, slots=True)
class Section:
    """A screen's part of the help: the classes whose keys work there, screen first, then its widgets."""

    title: str
    owners: tuple[type[DOMNode], ...]
    extra: tuple[tuple[str, str], ...] = ()  # rows that are no key: a search filter's syntax
    words: tuple[tuple[str, str], ...] = ()  # what an action (or a pair, "first/last") does on this screen


CLICK = ("click", "a row: highlight it; click it again: open it")
# Every screen a user can reach, and the widgets that take keys on it. tests/test_help.py
# presses every key it finds active on each screen and checks the help names it.
SECTIONS: tuple[Section, ...] = (
    Section("Dashboard", (DashboardScreen, ActorPane, StatementList), extra=(CLICK,), words=(
        ("cursor_up/cursor_down", "previous / next row (older rows load as you go)"),
        ("first/last", "the newest row (and any new ones above) / the last row loaded"),
        ("select", "open the article at the quote; for a quote several outlets carried, the list of them"),
    )),
    Section("Sources of a quote", (SourcesScreen, SourceList), words=(
        ("select", "open that outlet's article at the quote"),
        ("open_link", "open that outlet's link in the browser (http and https only)"),
    )),
    Section("Article view", (ArticleScreen, ArticleBody)),
    Section("Search", (SearchScreen, Input, SearchResultList), extra=(CLICK, *SYNTAX_HELP), words=(
        ("select", "open the article at the quote; for a quote several outlets carried, the list of them"),
    )),
    Section("Feed health", (FeedHealthScreen, FeedTable)),
    Section("Timeline (t)", (TimelineScreen, TimelineBody)),
    Section("Compare (c)", (CompareScreen, Input, CompareColumn), extra=(CLICK,), words=(
        ("select", "open the article at the quote"),
    )),
    Section("Export (e)", (ExportScreen, OptionList), words=(
        ("select", "export in the highlighted format"),
    )),
)

# What an action does, said better than its binding's short description. Keyed by the action
# as bound ("next_pane(1)"), else by its name ("show_pane"); a binding without an entry shows its
# own description, so a new key is listed the day it is bound.
WHAT: dict[str, str] = {
    "show_pane": "show only that actor's pane, full width",
    "show_all": "show every pane again",
    "toggle_mentions": "switch the pane: quotes / articles that mention the actor but quote nobody from it",
    "open_link": "open the article's link in the browser (http and https only)",
    "copy_quote": "copy the quote with its citation",
    "select": "open the article at the quote",
    "select_cursor": "retry the highlighted feed now, even while it backs off",
    "retry": "retry the highlighted feed now, even while it backs off",
    "app.pop_screen": "back",
    "help": "this help",
    "refresh": "refresh every feed now (also automatic, every refresh interval)",
    "search": "search who said what: quotes, speakers, articles",
    "feed_health": "feed health: every feed's status, last error, next try",
    "quit": "quit",
    "screen.copy_text": "copy text selected with the mouse",
    "focus_results": "from the search box: to the results",
    "submit": "from the search box: to the results",
    "cycle_actor": "the actor: filter, through every actor in the config and back to all",
    "cycle_since": "the since: filter: 24h, 7d, 30d, any time",
    "toggle_speakers": "per speaker (the twelve busiest) / per actor",
    "edit_words": "edit the topic's words: a quote matches when it, or its article, holds two of them",
    "cycle_window": "the days around the statement: 7, 30 or 2 either side",
    "export": "export what is listed as Markdown or CSV citations (the notification gives the file)",
    "star": "star the quote, or take its star off (kept)",
    "choose": "Markdown (m) or CSV (c) at once",
    "cancel": "cancel",
}
# Opposite actions share a row: "↑ k / ↓ j   previous / next row".
PAIRS: dict[tuple[str, str], str] = {
    ("cursor_up", "cursor_down"): "previous / next row",
    ("first", "last"): "first / last row",
    ("page_up", "page_down"): "a page up / down",
    ("scroll_up", "scroll_down"): "scroll up / down",
    ("scroll_left", "scroll_right"): "scroll left / right",
    ("page_left", "page_right"): "a page left / right",
    ("scroll_home", "scroll_end"): "top / bottom",
    ("scroll_top", "scroll_bottom"): "first / last row",
    ("cursor_left", "cursor_right"): "column left / right",
    ("cursor_left_word", "cursor_right_word"): "a word left / right",
    ("next_pane(1)", "next_pane(-1)"): "next / previous pane",
    ("step(1)", "step(-1)"): "next / previous quote in the article",
    ("app.focus_next", "app.focus_previous"): "next / previous part of the screen",
}
SIDEWAYS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})
# Widgets whose many keys are the usual ones: one row lists them all (their own, not their bases').
USUAL: dict[type[DOMNode], str] = {Input: "the search box's usual editing keys"}

MEANINGS: tuple[tuple[str, str], ...] = (
    ("3 new", "in a pane's header: statements stored since you last looked at that pane; they count as "
              "seen when the pane gets the focus"),
    ("↑ 2 new above", "in a pane's header: statements that arrived above the row you are on; Home shows them"),
    ("5 sources", "on a card: five articles carried this same statement (syndicated copies, other "
                  "outlets); it is listed once, from the earliest, and Enter lists them all"),
    ("★ bold", "a key quote: a decision, a number, a date or a warning; in the article view quotes are "
               "underlined and key quotes reversed"),
    ("⚑", "a quote you starred (s); S lists only those, in every pane; kept in the database"),
    ("▁▃█", "in a pane's header: its statements per day, the last 30 days (as many as fit)"),
    ("▲ unusual", "on the timeline: a day with at least 5 statements and above the mean + 3 standard "
                  "deviations of the 28 days before"),
    ("2h ago", "when the article was published (first seen, if it has no date)"),
    ("ok, warning", "feed health: the feed was read, but something in it was wrong (the detail says what)"),
)

_KEY_NAMES = {
    "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
    "home": "Home", "end": "End", "enter": "Enter", "escape": "Esc", "tab": "Tab", "space": "Space",
    "backspace": "Backspace", "delete": "Del", "question_mark": "?", "slash": "/",
}


def key_label(key: str) -> str:
    """A key as the help writes it: "↑", "PgUp", "Ctrl+T", "Shift+Tab", "?"."""
    *mods, name = key.split("+")
    shown = _KEY_NAMES.get(name, name.upper() if mods and len(name) == 1 else name)
    return "+".join([*(m.capitalize() for m in mods), shown])


def bindings_of(owner: type[DOMNode], *, inherited: bool = True) -> list[tuple[str, Binding]]:
    """(key, binding) for every key the class binds, its own bindings overriding its bases', as Textual
    merges them (only its own with `inherited` False). Textual's hidden system keys and sideways
    scrolling (nothing here is wider than the screen) are left out."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(owner.__mro__) if inherited else (owner,):
        if issubclass(base, DOMNode) and "BINDINGS" in base.__dict__:
            keys.update(BindingsMap(base.__dict__["BINDINGS"]).key_to_bindings)
    return [(key, binding) for key, bound in keys.items() for binding in bound if shown_in_help(binding)]


def shown_in_help(binding: Binding) -> bool:
    return not binding.system and binding.action not in SIDEWAYS


def _keys(keys: Sequence[str]) -> str:
    """Keys as one label; a run of digits as "1–9"."""
    labels = [key_label(k) for k in keys]
    if len(labels) > 2 and all(k.isdigit() for k in labels):
        numbers = sorted(int(k) for k in labels)
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{numbers[0]}–{numbers[-1]}"
    return " ".join(labels)


def _what(action: str, binding: Binding, words: dict[str, str] | None = None) -> str:
    said = {**WHAT, **(words or {})}
    return said.get(action) or said.get(action.partition("(")[0]) or binding.description or action


def rows(bindings: Sequence[tuple[str, Binding]], usual: str = "",
         skip: frozenset[tuple[str, str]] = frozenset(), words: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(keys, what they do) rows: keys of one action (or one binding group) together, opposites paired."""
    by_action: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for key, binding in bindings:
        if (key, binding.action) in skip:
            continue
        group = f"group:{binding.group.description}" if binding.group else binding.action
        by_action.setdefault(group, []).append(key)
        first.setdefault(group, binding)
    out: list[tuple[str, str]] = []
    done: set[str] = set()
    leftovers: list[str] = []
    for action, keys in by_action.items():
        if action in done:
            continue
        binding = first[action]
        if usual and _what(binding.action, binding) == (binding.description or binding.action):
            leftovers += keys  # an editing key: listed with the others in one row
            continue
        pair = next(((a, b) for a, b in PAIRS if action in (a, b) and a in by_action and b in by_action), None)
        if pair is not None and not usual:
            what = (words or {}).get(f"{pair[0]}/{pair[1]}", PAIRS[pair])
            out.append((f"{_keys(by_action[pair[0]])} / {_keys(by_action[pair[1]])}", what))
            done.update(pair)
            continue
        done.add(action)
        out.append((_keys(keys), _what(binding.action, binding, words)))
    if leftovers:
        out.append(("editing", f"{usual}: {_keys(leftovers)}"))
    return out


def _merged(found: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Rows that say the same thing (one action bound on a screen and on its widget) as one row."""
    merged: dict[str, list[str]] = {}
    for keys, what in found:
        if keys not in merged.setdefault(what, []):
            merged[what].append(keys)
    return [(" ".join(keys), what) for what, keys in merged.items()]


def global_bindings(app_bindings: Sequence[BindingType]) -> list[tuple[str, Binding]]:
    """The keys that work on every screen: every screen's own (tab, copy), then the app's.

    A key bound at both levels is the screen's: Textual asks the screen before the app.
    """
    found: dict[str, Binding] = {}
    for level in (Screen.BINDINGS, App.BINDINGS, app_bindings):
        for key, bound in BindingsMap(level).key_to_bindings.items():
            for binding in bound:
                if shown_in_help(binding):
                    found.setdefault(key, binding)
    return list(found.items())


def help_sections(app_bindings: Sequence[BindingType]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, rows) for every part of the help, in order."""
    everywhere = global_bindings(app_bindings)
    skip = frozenset((key, b.action) for key, b in everywhere)
    parts = [("Everywhere", rows(everywhere))]
    for section in SECTIONS:
        found: list[tuple[str, str]] = []
        for owner in section.owners:
            usual = USUAL.get(owner, "")
            found += rows(bindings_of(owner, inherited=not usual), usual, skip, dict(section.words))
        parts.append((section.title, _merged(found) + list(section.extra)))
    parts.append(("What the screen shows", list(MEANINGS)))
    return parts


def help_text(app_bindings: Sequence[BindingType]) -> Table:
    """The help as one two-column grid (keys aligned all the way down, descriptions wrapping), a
    heading above each part."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, max_width=24)
    grid.add_column()
    for index, (title, part) in enumerate(help_sections(app_bindings)):
        if index:
            grid.add_row("", "")
        grid.add_row(Text(title, style="bold underline"), "")
        for keys, what in part:
            grid.add_row(Text("  " + keys, style="bold"), Text(what))
    grid.add_row("", "")
    grid.add_row(Text("↑ ↓ PgUp PgDn", style="dim"), Text("scroll this help · Esc, ? or q closes it", style="dim"))
    return grid


class HelpText(VerticalScroll):
    """The help's scrolling body: it takes the focus, so the arrow keys and PgUp/PgDn scroll it."""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "app.pop_screen", "Close", show=False),
    ]

    def __init__(self, app_bindings: Sequence[BindingType] = ()) -> None:
        super().__init__()
        self.app_bindings = tuple(app_bindings)  # the keys the app binds for every screen

    def compose(self) -> ComposeResult:
        with HelpText(id="help"):
            yield Static(help_text(self.app_bindings))

    def on_mount(self) -> None:
        self.query_one(HelpText).focus()

    def on_click(self) -> None:
        self.app.pop_screen()
