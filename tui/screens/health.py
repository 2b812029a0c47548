"""Feed health: every feed's status, last error and backoff, and a key to retry one feed now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from feeds.models import FeedHealth, PageHealth
from feeds.store import Store

from .. import messages
from ..clock import Clock, day
from ..footer import KeyFooter
from ..render import health_cells, pages_text
from ..safe_text import clean, one_line

COLUMNS = ("Feed", "Status", "HTTP", "Articles", "Fails", "Checked", "Backoff", "Pages", "Last error")


class FeedTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class FeedHealthScreen(Screen[None]):
    """A row per feed in the config; the highlighted feed's full error below the table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("t", "retry", "Retry feed"),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.feeds: list[FeedHealth] = []
        self.pages: dict[str, PageHealth] = {}

    def compose(self) -> ComposeResult:
        yield FeedTable(cursor_type="row", zebra_stripes=False, id="feed-table")
        yield Static(Text(""), id="feed-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(FeedTable)
        table.add_columns(*COLUMNS)
        table.focus()
        self.reload()

    @work(thread=True, exclusive=True, group="health", exit_on_error=False)
    def reload(self) -> None:
        self.post_message(messages.HealthLoaded(self.store.feed_health(), self.store.page_health()))

    def on_health_loaded(self, message: messages.HealthLoaded) -> None:
        self.pages = dict(message.pages)
        self.show(message.feeds)

    def show(self, feeds: Sequence[FeedHealth]) -> None:
        table = self.query_one(FeedTable)
        row = table.cursor_row
        self.feeds = list(feeds)
        now = self.clock()
        table.clear()
        for feed in self.feeds:
            table.add_row(*health_cells(feed, now, self.pages.get(feed.url)), key=str(feed.id))
        if self.feeds:
            table.move_cursor(row=min(row, len(self.feeds) - 1))
        self._detail()

    @property
    def current(self) -> FeedHealth | None:
        row = self.query_one(FeedTable).cursor_row
        return self.feeds[row] if 0 <= row < len(self.feeds) else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        feed = self.current
        text = Text(end="")
        if feed is not None:
            text.append(one_line(feed.title or feed.url), "bold")
            text.append("\n" + one_line(feed.url))
            if feed.last_success_at:
                text.append(f"\nlast success {day(feed.last_success_at)}", "dim")
            if feed.retry_at and feed.retry_at > self.clock():
                text.append(f"\nnot fetched again before {day(feed.retry_at)} (t retries now)", "dim")
            if feed.last_error:
                text.append("\n")
                text.append(clean(feed.last_error, single_line=True).strip(), "bold")
            page = self.pages.get(feed.url)
            if page is not None:
                text.append(f"\narticle pages: {pages_text(page) or 'none'}", "dim")
                if page.last_problem:
                    text.append("\nlast page not used: " + clean(page.last_problem, single_line=True).strip())
        self.query_one("#feed-detail", Static).update(text)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_retry()

    def action_retry(self) -> None:
        feed = self.current
        if feed is None:
            return
        self.post_message(messages.RetryFeed(feed.url))

    def refresh_finished(self, message: messages.RefreshFinished) -> None:
        self.reload()
