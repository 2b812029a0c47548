"""The sources of one statement: every outlet that carried it, with its date, link and exact wording."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from feeds.models import StatementView
from feeds.store import Store

from .. import messages
from ..clock import Clock, day
from ..footer import KeyFooter
from ..render import card
from ..safe_text import one_line, safe


class SourceList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class SourcesScreen(messages.ReportsWorkerErrors, messages.StatementKeys, Screen[None]):
    """Opened with enter on a statement that several articles carry: one row per outlet (a story
    syndicated under another URL is one article two outlets carry), earliest first; enter opens
    that article at the quote, o its link in the browser."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("o", "open_link", "Open link"),
        Binding("y", "copy_quote", "Copy quote"),
    ]

    def __init__(self, store: Store, statement_id: int, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.statement_id = statement_id
        self.clock = clock
        self.sources: list[StatementView] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("loading the sources…"), id="sources-head")
        yield SourceList(markup=False, id="sources-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SourceList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="sources", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(messages.SourcesLoaded(self.store.statement_sources(self.statement_id)))

    def on_sources_loaded(self, message: messages.SourcesLoaded) -> None:
        self.show(message.sources)

    def show(self, sources: Sequence[StatementView]) -> None:
        self.sources = list(sources)
        head = Text(end="")
        if not self.sources:
            head.append("This statement is no longer in the store.", "bold")
        else:
            first = self.sources[0]
            head.append(f"“{one_line(first.quote)}”", "bold")
            head.append(f"\n{one_line(first.speaker or first.speaker_as_written or 'unnamed speaker')}")
            if first.actor:
                head.append(f" ({one_line(first.actor)})")
            count = len({s.article_id for s in self.sources})  # the card's "N sources"
            head.append(f"\ncarried by {count} article{'s' if count != 1 else ''}, earliest first", "dim")
        self.query_one("#sources-head", Static).update(head)
        rows = self.query_one(SourceList)
        rows.set_options([Option(self._row(view), id=str(view.id)) for view in self.sources])
        if self.sources:
            rows.highlighted = 0

    def _row(self, view: StatementView) -> object:
        body = Text(end="")
        body.append(one_line(view.outlet or "unknown outlet"), "bold")
        body.append(f" · {day(view.published)}", "dim")
        body.append("\n" + one_line(view.article_title or ""))
        body.append("\n“")
        body.append_text(safe(one_line(view.quote)))
        body.append("”")
        if view.link:
            body.append("\n" + one_line(view.link), "dim underline")
        return card(Text(""), body)

    @property
    def current(self) -> StatementView | None:
        index = self.query_one(SourceList).highlighted
        return self.sources[index] if index is not None and index < len(self.sources) else None

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self.sources[event.option_index]
        self.post_message(messages.OpenArticle(view.article_id, view.id))

