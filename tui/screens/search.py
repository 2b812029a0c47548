"""Search who said what: full text over quotes, speakers and articles; a result opens the article at the quote."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from feeds.models import ArticleSummary, StatementView
from feeds.store import Store

from .. import messages
from ..clock import Clock
from ..footer import KeyFooter
from ..render import article_card, statement_card

RESULT_LIMIT = 100


class SearchResultList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("o", "open_link", "Open link"),
        Binding("y", "copy_quote", "Copy quote"),
    ]

    def __init__(self) -> None:
        super().__init__(markup=False, id="search-results")
        self.rows: list[StatementView | ArticleSummary | None] = []  # None: a section heading

    @property
    def current(self) -> StatementView | ArticleSummary | None:
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def action_open_link(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(messages.OpenLink(item.link))

    def action_copy_quote(self) -> None:
        item = self.current
        if isinstance(item, StatementView):
            self.post_message(messages.CopyStatement(item))


class SearchScreen(Screen[None]):
    """Type words; quotes and speakers matching them come first, then articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="who said what: words from quotes, speakers' names, article text",
                    id="search-input")
        yield SearchResultList()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @property
    def results(self) -> SearchResultList:
        return self.query_one(SearchResultList)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() != self.query_text:
            self.search(event.value)
        self.action_focus_results()

    def action_focus_results(self) -> None:
        if self.results.option_count:
            self.results.focus()
            if self.results.highlighted is None:
                self.results.action_first()

    def search(self, words: str) -> None:
        self.query_text = words.strip()
        if not self.query_text:
            self._show(messages.SearchResults("", (), ()))
            return
        self._search(self.query_text)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, words: str) -> None:
        statements = self.store.statements(search=words, limit=RESULT_LIMIT)
        articles = self.store.search_articles(words, limit=RESULT_LIMIT)
        self.post_message(messages.SearchResults(words, statements, articles))

    def on_search_results(self, message: messages.SearchResults) -> None:
        if message.query == self.query_text:
            self._show(message)

    def _show(self, message: messages.SearchResults) -> None:
        now = self.clock()
        rows: list[StatementView | ArticleSummary | None] = []
        options: list[Option] = []
        if message.query:
            options.append(Option(_heading(f"Quotes and speakers ({len(message.statements)})"), disabled=True))
            rows.append(None)
            for view in message.statements:
                options.append(Option(statement_card(view, now, show_actor=True)))
                rows.append(view)
            options.append(Option(_heading(f"Articles ({len(message.articles)})"), disabled=True))
            rows.append(None)
            for summary in message.articles:
                options.append(Option(article_card(summary, now)))
                rows.append(summary)
        results = self.results
        results.rows = rows
        results.set_options(options)
        if results.has_focus:
            results.action_first()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.results.rows[event.option_index]
        if isinstance(item, StatementView):
            self.post_message(messages.OpenArticle(item.article_id, item.id))
        elif item is not None:
            self.post_message(messages.OpenArticle(item.id))


def _heading(label: str) -> Text:
    return Text(label, style="bold underline")
