"""Feed health: every feed's status, last problem and backoff, and a key to retry one feed now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from feeds.models import FeedHealth, PageHealth
from feeds.store import Store

from .. import messages
from ..clock import Clock, ago, local_time, until
from ..footer import KeyFooter
from ..render import health_cells, health_status, pages_text
from ..safe_text import clean, one_line


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the feed table. Where the screen is narrow, the highest `drop` goes first
    (0: never dropped); `width` caps the column (None: as wide as its cells)."""

    key: str  # as health_cells names the cell
    label: str
    drop: int
    width: int | None = None


COLUMNS = (
    Column("feed", "Feed", 0, 28),
    Column("status", "Status", 0),
    Column("http", "HTTP", 7),
    Column("articles", "Articles", 6),
    Column("fails", "Fails", 8),
    Column("checked", "Checked", 3),
    Column("retry", "Next try", 4),
    Column("pages", "Pages", 5),  # article pages read for teaser feeds
    Column("problem", "Problem", 0),  # the last error or warning: what is left of the width
)
PROBLEM_MIN = 40  # narrower than this a problem is not worth a column: other columns go first
NARROW_FEED = 20  # the feed column's cap when the screen is narrow
PADDING = 2  # a DataTable cell's padding, one cell each side


def fit_columns(cells: Sequence[dict[str, Text]], width: int) -> list[tuple[Column, int]]:
    """The columns that fit in `width`, each with its width; the problem column takes the rest.

    Columns empty in every row are left out; then, while the problem column would be narrower
    than PROBLEM_MIN, the least useful column goes (the detail under the table says it all).
    """
    def natural(column: Column, cap: int | None) -> int:
        size = max([len(column.label), *(row[column.key].cell_len for row in cells)])
        return min(size, cap) if cap else size

    shown = [c for c in COLUMNS if not c.drop or any(row[c.key].plain for row in cells)]
    while True:
        caps = {c.key: (min(c.width, NARROW_FEED) if c.key == "feed" and width < 100 else c.width) for c in shown}
        widths = {c.key: natural(c, caps[c.key]) for c in shown if c.key != "problem"}
        left = width - sum(w + PADDING for w in widths.values()) - PADDING
        droppable = [c for c in shown if c.drop]
        if left >= PROBLEM_MIN or not droppable:
            break
        shown.remove(max(droppable, key=lambda c: c.drop))
    return [(c, widths.get(c.key, max(left, len(c.label)))) for c in shown]


class FeedTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class FeedHealthScreen(messages.ReportsWorkerErrors, Screen[None]):
    """A row per feed in the config; everything about the highlighted feed below the table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("t", "retry", "Retry feed"),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.feeds: list[FeedHealth] = []
        self.columns: list[tuple[Column, int]] = []
        self.pages: dict[str, PageHealth] = {}

    def compose(self) -> ComposeResult:
        yield FeedTable(cursor_type="row", zebra_stripes=False, id="feed-table")
        yield Static(Text(""), id="feed-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(FeedTable).focus()
        self.reload()

    @work(thread=True, exclusive=True, group="health", exit_on_error=False)
    def reload(self) -> None:
        self.post_message(messages.HealthLoaded(self.store.feed_health(), self.store.page_health()))

    def on_health_loaded(self, message: messages.HealthLoaded) -> None:
        self.pages = dict(message.pages)
        self.show(message.feeds)

    def on_resize(self, event: events.Resize) -> None:
        self.show(self.feeds)

    def show(self, feeds: Sequence[FeedHealth]) -> None:
        """Fill the table with the columns that fit the screen, keeping the highlighted row."""
        table = self.query_one(FeedTable)
        row = table.cursor_row
        self.feeds = list(feeds)
        now = self.clock()
        cells = [health_cells(feed, now, self.pages.get(feed.url)) for feed in self.feeds]
        # The table's own vertical scrollbar takes two cells once the rows outgrow it.
        self.columns = fit_columns(cells, max(1, self.size.width - 2))
        table.clear(columns=True)
        for column, width in self.columns:
            table.add_column(column.label, width=width, key=column.key)
        for feed, row_cells in zip(self.feeds, cells, strict=True):
            table.add_row(*(_cut(row_cells[c.key]) for c, _ in self.columns), key=str(feed.id))
        if self.feeds:
            table.move_cursor(row=min(max(row, 0), len(self.feeds) - 1))
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
        detail = feed_detail(feed, self.clock(), self.pages.get(feed.url)) if feed is not None else Text("")
        self.query_one("#feed-detail", Static).update(detail)

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


def feed_detail(feed: FeedHealth, now: datetime, page: PageHealth | None = None) -> Text:
    """Everything about one feed, times in the reader's zone: what the table had no room for."""
    text = Text(end="")
    text.append(one_line(feed.title or feed.url), "bold")
    text.append("  " + one_line(feed.url), "dim")
    facts = [health_status(feed).plain]
    if feed.http_status:
        facts.append(f"HTTP {feed.http_status}")
    if feed.consecutive_failures:
        facts.append(f"{feed.consecutive_failures} failure{'s' if feed.consecutive_failures != 1 else ''} in a row")
    facts.append(f"{feed.articles} article{'s' if feed.articles != 1 else ''}")
    text.append("\n" + " · ".join(facts))
    checked = f"checked {_when(feed.last_checked_at, now)}"
    text.append(f"\n{checked} · last success {_when(feed.last_success_at, now)}", "dim")
    if feed.retry_at and feed.retry_at > now:
        text.append(f"\nnot fetched again before {local_time(feed.retry_at, with_date=True)} "
                    f"({until(feed.retry_at, now)}) · t retries now", "dim")
    if feed.last_error:
        text.append("\nError: " if feed.last_status == "error" else "\nWarning: ", "bold")
        text.append(clean(feed.last_error, single_line=True).strip())
    if page is not None:
        text.append(f"\narticle pages: {pages_text(page) or 'none'}", "dim")
        if page.last_problem:
            text.append("\nlast page not used: " + clean(page.last_problem, single_line=True).strip())
    return text


def _when(moment: datetime | None, now: datetime) -> str:
    return f"{local_time(moment, with_date=True)} ({ago(moment, now)})" if moment else "never"


def _cut(cell: Text) -> Text:
    """A cell on one line, cut with an ellipsis where its column ends."""
    cell = cell.copy()
    cell.no_wrap = True
    cell.overflow = "ellipsis"
    return cell
