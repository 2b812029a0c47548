"""Side by side: a statement's topic (its key words, editable) and what every actor said on it those days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from feeds.models import StatementView
from feeds.newsroom.topics import WINDOW_DAYS, Comparison, comparison_for
from feeds.store import Store

from .. import messages
from ..clock import Clock
from ..footer import KeyFooter
from ..render import statement_card
from ..safe_text import one_line

WINDOWS = (WINDOW_DAYS, 30, 2)  # `w` cycles the days either side of the statement's own
SHOWN_FIRST = 8  # cards drawn at once in a column (a 40-line screen shows about six)
PREFETCH = 3  # more are drawn when the highlight comes this close to the last one drawn
OTHERS = "other speakers"


class CompareColumn(messages.StatementKeys, OptionList):
    """One actor's statements on the topic, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("o", "open_link", "Open link"),
        Binding("y", "copy_quote", "Copy quote"),
        Binding("s", "star", "Star", tooltip="star the quote, or take the star off (kept)"),
    ]

    def __init__(self, actor: str, rows: Sequence[StatementView] = (), now: datetime | None = None) -> None:
        # The first rows go in with the list, so it is laid out once, when mounted; the rest are
        # drawn as the reader moves down (a card costs about a millisecond to measure and draw).
        self.now = now or datetime.now(UTC)
        self.actor = actor
        self.rows: list[StatementView] = list(rows)
        super().__init__(*self._cards(0, SHOWN_FIRST), markup=False)

    def _cards(self, start: int, count: int) -> list[Option]:
        return [Option(statement_card(v, self.now, show_actor=self.actor == OTHERS))
                for v in self.rows[start:start + count]]

    def draw_through(self, index: int) -> None:
        """Draw the rows up to `index` (and a few more) if they are not drawn yet."""
        drawn = self.option_count
        if index + PREFETCH >= drawn and drawn < len(self.rows):
            self.add_options(self._cards(drawn, max(SHOWN_FIRST, index + PREFETCH - drawn + 1)))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None:
            self.draw_through(highlighted)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.max_scroll_y - new_value < self.scrollable_content_region.height:
            self.draw_through(self.option_count - 1)

    @property
    def current(self) -> StatementView | None:
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None


    def action_star(self) -> None:
        screen = self.screen
        if self.current is not None and isinstance(screen, CompareScreen):
            screen.toggle_star(self.current)


class CompareScreen(messages.ReportsWorkerErrors, Screen[None]):
    """Columns of statements, one per actor, that hold the topic's words, in a window of days."""

    AUTO_FOCUS = ""  # the statement's own column takes the focus once it is drawn, not the words
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("slash", "edit_words", "Edit topic", tooltip="edit the topic's words (the search)"),
        Binding("w", "cycle_window", "Days", tooltip="the days around the statement: 7, 30 or 2 either side"),
        Binding("e", "export", "Export", tooltip="write every column's quotes as Markdown or CSV citations"),
    ]

    def __init__(self, store: Store, clock: Clock, actors: Sequence[str], statement: StatementView) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.statement = statement
        self.actors = list(actors)
        self.window_days = WINDOWS[0]
        self.words: tuple[str, ...] | None = None  # None: the statement's key words, once found
        self.comparison: Comparison | None = None
        self.columns: dict[str, CompareColumn] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="the topic's words: a statement matches when it or its article holds two",
                    id="compare-words")
        yield Static(Text("finding the topic…"), id="compare-head")
        yield Horizontal(id="compare-columns")
        yield KeyFooter()

    def on_mount(self) -> None:
        # The query runs while the screen's frame is laid out and painted: finding it first and
        # opening the screen after measured slower (bench/tui.py: 440 ms against 250 at 100,000).
        self._load(None, self.window_days)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _load(self, words: tuple[str, ...] | None, days: int) -> None:
        self.post_message(messages.CompareLoaded(comparison_for(self.store, self.statement, days, words)))

    async def on_compare_loaded(self, message: messages.CompareLoaded) -> None:
        found: Comparison = message.comparison
        if self.words is not None and found.words != self.words:
            return  # the user typed on: a newer answer is on its way
        first_answer = self.words is None
        self.words = found.words
        self.comparison = found
        if first_answer:
            box = self.query_one(Input)
            with box.prevent(Input.Changed):
                box.value = " ".join(found.words)
        head = Text(end="")
        head.append("Topic: ", "bold")
        head.append(" · ".join(found.words) or "(no words)")
        head.append(f"   {found.first.date().isoformat()} – {found.last.date().isoformat()}", "bold")
        head.append(f" ({self.window_days} days either side)   ", "dim")
        head.append("a quote matches when it, or its article, holds two of the words", "dim")
        self.query_one("#compare-head", Static).update(head)
        await self._show(found)

    async def _show(self, found: Comparison) -> None:
        by_actor = found.by_actor(self.actors)
        columns: dict[str, list[StatementView]] = {a: by_actor.pop(a) for a in self.actors}
        others = [v for rows in by_actor.values() for v in rows]
        if others:
            columns[OTHERS] = sorted(others, key=lambda v: (v.published, v.id), reverse=True)
        area = self.query_one("#compare-columns", Horizontal)
        had_focus = self.focused
        now = self.clock()
        self.columns = {actor: CompareColumn(actor, rows, now) for actor, rows in columns.items()}
        boxes = [Vertical(Static(Text(f"{one_line(actor)}  {len(column.rows)}", end=""), classes="compare-title"),
                          column, classes="compare-column") for actor, column in self.columns.items()]
        with self.app.batch_update():  # one layout and one paint for every column
            await area.remove_children()
            await area.mount_all(boxes)
        for column in self.columns.values():
            mine = next((i for i, v in enumerate(column.rows) if v.id == self.statement.id), None)
            if mine is not None:
                column.draw_through(mine)
                column.highlighted = mine
        own = self.columns.get(self.statement.actor or "") or next(iter(self.columns.values()), None)
        if own is not None and not isinstance(had_focus, Input):
            self.call_after_refresh(own.focus)  # once mounted: focusing it now would be undone

    @on(Input.Changed, "#compare-words")
    def _words_changed(self, event: Input.Changed) -> None:
        words = tuple(event.value.split())
        self.words = words
        self._load(words, self.window_days)

    @on(Input.Submitted, "#compare-words")
    def _words_submitted(self) -> None:
        own = self.columns.get(self.statement.actor or "")
        if own is not None:
            own.focus()

    def action_edit_words(self) -> None:
        self.query_one(Input).focus()

    def action_cycle_window(self) -> None:
        self.window_days = WINDOWS[(WINDOWS.index(self.window_days) + 1) % len(WINDOWS)]
        self._load(self.words, self.window_days)

    def action_export(self) -> None:
        rows = [v for column in self.columns.values() for v in column.rows]
        self.post_message(messages.ExportStatements(rows, f"compare {' '.join(self.words or ())}"))

    def toggle_star(self, view: StatementView) -> None:
        self._toggle_star(view.id)

    @work(thread=True, group="marks", exit_on_error=False)
    def _toggle_star(self, statement_id: int) -> None:
        self.store.toggle_mark(statement_id, "starred")
        view = self.store.statement(statement_id)
        if view is not None:
            self.post_message(messages.MarkChanged(view))

    def on_mark_changed(self, message: messages.MarkChanged) -> None:
        now = self.clock()
        for column in self.columns.values():
            for index, row in enumerate(column.rows):
                if row.id == message.statement.id:
                    column.rows[index] = message.statement
                    if index < column.option_count:
                        column.replace_option_prompt_at_index(
                            index, statement_card(message.statement, now, show_actor=column.actor == OTHERS))

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        column = event.option_list
        if isinstance(column, CompareColumn) and event.option_index < len(column.rows):
            view = column.rows[event.option_index]
            self.post_message(messages.OpenArticle(view.article_id, view.id))
