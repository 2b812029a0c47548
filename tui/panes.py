"""Actor panes: lists that page through the store as they scroll, and keep their place as rows arrive."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from feeds.models import Actor, ArticleSummary, StatementView
from feeds.store import Store

from . import messages
from .charts import sparkline
from .clock import Clock
from .render import article_card, statement_card
from .safe_text import one_line

T = TypeVar("T", StatementView, ArticleSummary)

PAGE_SIZE = 30  # rows per page: more than a 60-line pane shows, few enough to draw in a few milliseconds
PREFETCH = 8  # fetch the next page when the highlight comes this close to either end of the window
# At most this many rows are loaded at once. A list is a window that slides along the keyset as
# the user scrolls: a row's height is worked out (its text wrapped) whenever the pane's width
# changes, so 10,000 loaded rows made `1` then `0` take over a second and kept 150 MB alive.
WINDOW = 6 * PAGE_SIZE


class PagedList(messages.ReportsWorkerErrors, OptionList, Generic[T]):
    """An OptionList over a newest-first keyset, loaded a window of pages at a time, in a thread.

    Subclasses say how to fetch a page (`fetch`) and draw a row (`card`). Moving near the bottom
    of the window fetches older rows, near its top newer ones (once older ones pushed the newest
    out); the window keeps at most WINDOW rows. A refresh reloads the head (`reload`): rows the
    user has not moved from follow the newest; a place the user chose stays where it was, and
    `unseen_above` counts what arrived above it. The cursor never wraps around; keys pressed while
    a page is on its way move once it is in, as many rows as keys (fetching further pages as they
    go), and what acts on the row (enter, o, y, s, ...) waits for those moves: `when_settled`.
    Where rows sit needs OptionList's line map (`_lines`, `_index_to_line`): Textual has no public
    API for it; tests/test_app_refresh.py fails first if a Textual upgrade changes it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class UnseenChanged(Message):
        """How many rows arrived above the user's place changed (the pane header shows it)."""

        def __init__(self, paged: PagedList[Any]) -> None:
            super().__init__()
            self.paged = paged

    def __init__(self, store: Store, clock: Clock, *, classes: str | None = None) -> None:
        super().__init__(markup=False, classes=classes)
        self.store = store
        self.clock = clock
        self.items: list[T] = []
        self.loaded = False  # the first page has arrived
        self.exhausted = False  # the oldest row is in the window
        self.at_newest = True  # the newest row is in the window
        self.unseen_above = 0  # rows a refresh added above a place the user chose
        self._token = 0  # bumped by reload: a page fetched before it is stale
        self._loading = False
        self._pending = 0  # cursor moves waiting for a page (+ down, - up)
        self._jumping = False  # Home's page is on its way: moves count from the newest row
        self._settled: list[Callable[[], None]] = []  # what waits for the pending moves
        self._chosen: int | None = None  # the id of the row the user last moved to or clicked

    # --- what subclasses provide ---------------------------------------------------------------

    def fetch(self, before: tuple[datetime, int] | None, after: tuple[datetime, int] | None,
              limit: int) -> Sequence[T]:
        """Up to `limit` rows, newest first: older than `before`, else just newer than `after`,
        else the newest. Runs in a worker thread."""
        raise NotImplementedError

    def card(self, item: T) -> RenderableType:
        raise NotImplementedError

    @staticmethod
    def key(item: T) -> tuple[datetime, int]:
        assert item.published is not None  # the store dates every row (first seen, if undated)
        return item.published, item.id

    # --- loading -------------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.clock()

    @property
    def current(self) -> T | None:
        """The highlighted row."""
        index = self.highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def load_first_page_now(self) -> None:
        """The first page, read on this thread: a few milliseconds of indexed reads (WAL readers
        never wait for a writer), so the first frame shows rows instead of waiting for a worker
        that would compete for the interpreter with the first layout. A database error falls back
        to the worker, which reports it."""
        if self._loading or self.items:
            return
        try:
            items = self.fetch(None, None, PAGE_SIZE)
        except sqlite3.Error:
            self.load_more()
            return
        self._loading = True
        self.post_message(messages.PageLoaded(self._token, "older", items, PAGE_SIZE))

    def load_more(self) -> None:
        """Fetch the next older page unless one is on its way or there is none."""
        if self._loading or self.exhausted:
            return
        self._loading = True
        before = self.key(self.items[-1]) if self.items else None
        self._fetch(self._token, "older", before, None, PAGE_SIZE)

    def load_newer(self) -> None:
        """Fetch the page just newer than the window, once older pages pushed the newest out."""
        if self._loading or self.at_newest or not self.items:
            return
        self._loading = True
        self._fetch(self._token, "newer", None, self.key(self.items[0]), PAGE_SIZE)

    def reload(self, extra: int = 0) -> None:
        """Fetch the rows again after a refresh: the head (as many as are loaded, plus `extra`
        new ones) when the window holds the newest, else the same stretch of the keyset."""
        self._token += 1
        self._loading = True
        if self.at_newest or not self.items:
            self._fetch(self._token, "head", None, None, min(WINDOW, max(PAGE_SIZE, len(self.items) + extra)))
        else:
            first = self.key(self.items[0])
            self._fetch(self._token, "same", (first[0], first[1] + 1), None, len(self.items))
            if extra:  # they arrived above the window, newest first
                self.unseen_above += extra
                self.post_message(self.UnseenChanged(self))

    def jump_to_newest(self) -> None:
        """Home: the newest row, fetched again if older pages pushed it out of the window."""
        self._clear_unseen()
        self._pending = 0
        if self.at_newest:
            if self.items:
                self.highlighted = 0
                self.scroll_to(y=0, animate=False)
            self._run_settled()
            return
        self._token += 1
        self._loading = True
        self._jumping = True
        self._fetch(self._token, "top", None, None, PAGE_SIZE)

    def when_settled(self, action: Callable[[], None]) -> None:
        """Run `action` (something done to the current row) once the moves asked for before it
        are done: a burst of j then enter opens the row the j's lead to, not the one the list was on."""
        if self._pending or self._jumping:
            self._settled.append(action)
        else:
            action()

    def _run_settled(self) -> None:
        actions, self._settled = self._settled, []
        for action in actions:
            action()

    def restart(self) -> None:
        """Fetch from the newest row again: what the list shows changed (starred only, or all)."""
        self._token += 1
        self._loading = True
        self._pending = 0
        self._settled.clear()
        self._clear_unseen()
        self._fetch(self._token, "top", None, None, PAGE_SIZE)

    @work(thread=True, group="page", exit_on_error=False)
    def _fetch(self, token: int, kind: str, before: tuple[datetime, int] | None,
               after: tuple[datetime, int] | None, limit: int) -> None:
        items = self.fetch(before, after, limit)
        self.post_message(messages.PageLoaded(token, kind, items, limit))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)  # the app says what went wrong
        if event.worker.group == "page" and event.state == WorkerState.ERROR:
            self._loading = False  # the next scroll tries again
            self._pending, self._jumping = 0, False
            self._settled.clear()  # keys meant for rows that never came

    def on_page_loaded(self, message: messages.PageLoaded) -> None:
        message.stop()
        if message.token != self._token:
            return  # fetched before a reload: the reload's answer is the one that counts
        self._loading = False
        full = len(message.items) >= message.limit
        fresh: list[T] = list(message.items)
        if message.kind == "older":
            self.exhausted = not full
            known = {item.id for item in self.items}
            fresh = [item for item in fresh if item.id not in known]
            if len(self.items) + len(fresh) > WINDOW:
                self.at_newest = False  # the newest rows leave the window at its top
                self.show_items((self.items + fresh)[-WINDOW:])
            else:
                self._append(fresh)
        elif message.kind == "newer":
            self.at_newest = not full
            known = {item.id for item in self.items}
            rows = [item for item in fresh if item.id not in known] + self.items
            if len(rows) > WINDOW:
                rows = rows[:WINDOW]
                self.exhausted = False
            self.show_items(rows)
        elif message.kind == "same":
            self.show_items(fresh)
        else:  # "head" after a refresh, "top" for Home
            self._jumping = self._jumping and message.kind != "top"
            self.at_newest = True
            self.exhausted = not full
            self._show_head(fresh, top=message.kind == "top")
        first = not self.loaded
        if first:
            self.loaded = True
        if self.items and self.highlighted is None:
            self.highlighted = 0
        self._apply_pending()
        self.post_message(self.PageShown(self, first))
        self._maybe_more()

    def _append(self, fresh: list[T]) -> None:
        self.items.extend(fresh)
        self.add_options(self._options_for(fresh))

    def _show_head(self, rows: list[T], *, top: bool) -> None:
        """The newest rows again. An untouched list (the user never moved from its newest row)
        follows the newest, so what a refresh brings is in view; a chosen place stays put and
        the rows that arrived above it are counted."""
        untouched = self._chosen is None or (self.highlighted in (None, 0) and self.scroll_y == 0)
        if top or untouched:
            self.items = rows
            self.set_options(self._options_for(rows))
            if rows:
                self.highlighted = 0
                self.scroll_to(y=0, animate=False, force=True)
            if top:
                self._chosen = self._row_id(0)
            self._clear_unseen()
            return
        before = {item.id for item in self.items}
        anchor = self.current
        self.show_items(rows)
        if anchor is not None and before:
            index = next((i for i, item in enumerate(rows) if item.id == anchor.id), None)
            arrived = sum(1 for item in rows[:index] if item.id not in before) if index is not None else 0
            if arrived:
                self.unseen_above += arrived
                self.post_message(self.UnseenChanged(self))

    def _clear_unseen(self) -> None:
        if self.unseen_above:
            self.unseen_above = 0
            self.post_message(self.UnseenChanged(self))

    class PageShown(Message):
        """A page of a list is on screen (or the list is empty); `first`: its first page."""

        def __init__(self, paged: PagedList[Any], first: bool) -> None:
            super().__init__()
            self.paged = paged
            self.first = first

    def _options_for(self, items: Sequence[T]) -> list[Option | None]:
        """Options for rows, each followed by a divider (None)."""
        options: list[Option | None] = []
        for item in items:
            options += [Option(self.card(item), id=str(item.id)), None]
        return options

    def show_items(self, items: list[T]) -> None:
        """Replace the rows, keeping the highlighted row (or the top visible one) where it was on screen."""
        anchor_id: int | None = None
        offset = 0
        highlighted = self.highlighted
        lines = self._lines if self.scrollable_content_region else []
        if highlighted is not None and highlighted < len(self.items):
            anchor_id = self.items[highlighted].id
            offset = self._index_to_line.get(highlighted, 0) - round(self.scroll_y)
        elif lines and self.items:
            top = lines[min(round(self.scroll_y), len(lines) - 1)][0]
            anchor_id = self.items[top].id
            offset = self._index_to_line.get(top, 0) - round(self.scroll_y)
        self.items = items
        self.set_options(self._options_for(items))
        index = next((i for i, item in enumerate(items) if item.id == anchor_id), None)
        if index is None:
            if highlighted is not None and items:
                self.highlighted = min(highlighted, len(items) - 1)
            return
        line = self._index_to_line.get(index) if self.scrollable_content_region else None
        if line is not None:
            self.scroll_to(y=max(0, line - offset), animate=False, force=True)
        if highlighted is not None:
            self.highlighted = index

    def redraw(self) -> None:
        """Draw every row again (times move on); nothing is fetched and nothing moves."""
        if self.items:
            self.show_items(list(self.items))

    # --- moving --------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """One row down; at the bottom of the window, once the next page is in (never wraps)."""
        if self._jumping:
            self._pending += 1  # from the newest row, once Home's page is in
            return
        if self._pending < 0:
            self._pending = 0
        if self.highlighted is not None and self.highlighted >= len(self.items) - 1:
            if not self.exhausted:
                self._pending += 1
                self.load_more()
            return
        super().action_cursor_down()
        self._chose()

    def action_cursor_up(self) -> None:
        """One row up; at the top of the window, once the newer page is in (never wraps)."""
        if self._jumping:
            self._pending = max(0, self._pending - 1)  # nothing is above the newest row
            return
        if self._pending > 0:
            self._pending = 0
        if self.highlighted is not None and self.highlighted <= 0:
            if not self.at_newest:
                self._pending -= 1
                self.load_newer()
            else:
                self._clear_unseen()
            return
        super().action_cursor_up()
        self._chose()

    def action_first(self) -> None:
        self.jump_to_newest()
        self._chose()

    def action_last(self) -> None:
        super().action_last()
        self._chose()

    def action_page_down(self) -> None:
        super().action_page_down()
        self._chose()

    def action_page_up(self) -> None:
        super().action_page_up()
        self._chose()

    def _chose(self) -> None:
        self._chosen = self._row_id(self.highlighted)
        if self.highlighted == 0 and self.scroll_y == 0 and self.at_newest:
            self._clear_unseen()

    def _apply_pending(self) -> None:
        """Moves asked for while the page was on its way, as if the keys came now; moves past
        this page wait for the next one, which is fetched at once."""
        pending, self._pending = self._pending, 0
        if pending and self.highlighted is not None and self.items:
            target = self.highlighted + pending
            last = len(self.items) - 1
            self.highlighted = max(0, min(last, target))
            self._chose()
            if target > last and not self.exhausted:
                self._pending = target - last
                self.load_more()
            elif target < 0 and not self.at_newest:
                self._pending = target
                self.load_newer()
        if not self._pending and not self._jumping:
            self._run_settled()

    def action_select(self) -> None:
        """Enter: on the row the keys before it lead to."""
        self.when_settled(super().action_select)

    # --- paging as the user moves --------------------------------------------------------------

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._maybe_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_more()

    def on_resize(self) -> None:
        self.call_after_refresh(self._maybe_more)  # a taller pane may show past the last row

    def _maybe_more(self) -> None:
        if not self.loaded or self._loading or not self.scrollable_content_region.height:
            return  # not laid out yet: on_resize asks again
        height = self.scrollable_content_region.height
        if not self.exhausted:
            near_end = self.highlighted is not None and self.highlighted >= len(self.items) - PREFETCH
            if near_end or self.max_scroll_y - self.scroll_y <= height:
                self.load_more()
                return
        # Newer rows follow the highlight only: the scroll offset passes through 0 while the
        # window is redrawn, which would fetch newer rows the user never asked for.
        if not self.at_newest and self.highlighted is not None and self.highlighted < PREFETCH:
            self.load_newer()

    def on_mouse_scroll_up(self) -> None:
        if self.scroll_y <= 0:
            self.load_newer()  # the wheel at the top of the window: the rows above it

    async def _on_click(self, event: Any) -> None:
        """A click selects a row; a second click on the row the user selected opens it.

        "Selected by the user" matters: every list highlights its newest row by itself, and a
        single click on it must not open it (nor a click that only brings focus to a pane).
        """
        event.prevent_default()  # OptionList's own handler would open the row at the first click
        clicked: int | None = event.style.meta.get("option")
        if clicked is None or clicked >= len(self.options):
            return
        if clicked == self.highlighted and self.has_focus and self._chosen == self._row_id(clicked):
            self.action_select()
        else:
            self.highlighted = clicked
            self._chosen = self._row_id(clicked)
        self.focus()

    def _row_id(self, index: int | None) -> int | None:
        return self.items[index].id if index is not None and index < len(self.items) else None


class StatementList(PagedList[StatementView]):
    """An actor's statements, newest first (only the starred ones with `starred_only`)."""

    def __init__(self, store: Store, clock: Clock, actor: str) -> None:
        super().__init__(store, clock, classes="statements")
        self.actor = actor
        self.starred_only = False

    def fetch(self, before: tuple[datetime, int] | None, after: tuple[datetime, int] | None,
              limit: int) -> Sequence[StatementView]:
        return self.store.statements(actor=self.actor, before=before, after=after, limit=limit,
                                     starred=self.starred_only)

    def toggle_mark(self, view: StatementView, mark: str) -> None:
        """Star (`starred`) or mark read (`read`) a row, or undo it; the row is drawn again once stored."""
        self._toggle_mark(view.id, mark)

    @work(thread=True, group="marks", exit_on_error=False)
    def _toggle_mark(self, statement_id: int, mark: str) -> None:
        self.store.toggle_mark(statement_id, mark)
        view = self.store.statement(statement_id)
        if view is not None:
            self.post_message(messages.MarkChanged(view))

    def on_mark_changed(self, message: messages.MarkChanged) -> None:
        message.stop()
        index = next((i for i, item in enumerate(self.items) if item.id == message.statement.id), None)
        if index is not None:
            self.items[index] = message.statement
            self.replace_option_prompt_at_index(index, self.card(message.statement))

    def card(self, item: StatementView) -> RenderableType:
        return statement_card(item, self.now)


class MentionList(PagedList[ArticleSummary]):
    """Articles that mention an actor but quote nobody from it."""

    def __init__(self, store: Store, clock: Clock, actor: str) -> None:
        super().__init__(store, clock, classes="mentions")
        self.actor = actor

    def fetch(self, before: tuple[datetime, int] | None, after: tuple[datetime, int] | None,
              limit: int) -> Sequence[ArticleSummary]:
        return self.store.articles_mentioning(self.actor, before=before, after=after, limit=limit)

    def card(self, item: ArticleSummary) -> RenderableType:
        return article_card(item, self.now)


class PaneHeader(Static):
    """The pane's title line: its number key, the actor, what it lists, and what is new; on the
    right, where there is room, a sparkline of the actor's statements per day (last 30 days)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text)
        self.title_text = text
        self.volume: tuple[int, ...] = ()

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        if isinstance(content, Text):
            self.title_text = content
        super().update(content, layout=layout)

    def set_volume(self, counts: Sequence[int]) -> None:
        self.volume = tuple(counts)
        self.refresh()

    def render(self) -> RenderableType:
        return _TitleAndSpark(self.title_text, self.volume)

    def on_click(self) -> None:
        pane = self.parent
        if isinstance(pane, ActorPane):
            pane.active.focus()


class _TitleAndSpark:
    """The title, and the sparkline at the right edge: the last 30 days, or as many of the latest
    days as fit beside the title (a week at least: the title wins)."""

    MIN_DAYS = 7

    def __init__(self, title: Text, volume: Sequence[int]) -> None:
        self.title = title
        self.volume = volume

    @property
    def plain(self) -> str:
        return self.title.plain

    def __str__(self) -> str:
        return self.title.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = self.title.copy()
        room = options.max_width - line.cell_len - 2
        if self.volume and room >= self.MIN_DAYS:
            spark = sparkline(self.volume)[-room:]
            line.append(" " * (options.max_width - line.cell_len - len(spark)))
            line.append(spark, "dim")
        yield line


class ActorPane(Vertical):
    """One actor's column: its statements, or (toggled with `m`) articles that mention it unquoted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "toggle_mentions", "Mentions"),
        Binding("o", "open_link", "Open link"),
        Binding("y", "copy_quote", "Copy quote"),
        # Not in the footer (80 columns hold few keys): the help lists them, in these words.
        Binding("s", "toggle_mark('starred')", "star the quote, or take its star off (kept)", show=False),
        Binding("x", "toggle_mark('read')", "mark the quote read, or unread (kept)", show=False),
        Binding("c", "compare", "compare: what every actor said on this quote's topic those days", show=False),
        Binding("e", "export", "export the pane's quotes as Markdown or CSV citations", show=False),
    ]

    def __init__(self, store: Store, clock: Clock, actor: Actor, number: int, *,
                 id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes="pane")
        self.actor = actor
        self.number = number
        self.statements = StatementList(store, clock, actor.name)
        self.mentions = MentionList(store, clock, actor.name)
        self.showing_mentions = False
        # Mentions shown because nobody from the actor was quoted yet (not because the user asked):
        # the pane goes back to quotes as soon as there are some.
        self.mentions_for_want_of_quotes = False
        self.new_count = 0
        self.seen_id = 0  # statements up to this id count as seen
        self.header = PaneHeader(self._header_text())
        self.empty_note = Static("", classes="empty-note")

    def compose(self) -> ComposeResult:
        yield self.header
        yield self.empty_note
        yield self.statements
        yield self.mentions

    def _show_empty_note(self) -> None:
        """An empty list says so, and what to do, instead of leaving a blank pane."""
        active = self.active
        empty = active.loaded and not active.items
        if empty:
            name = one_line(self.actor.name)
            if self.showing_mentions and self.mentions_for_want_of_quotes:
                note = f"Nothing from or about {name} is stored yet.\nr refreshes the feeds."
            elif self.showing_mentions:
                note = f"No stored article mentions {name} without quoting it.\nm: back to the quotes."
            elif self.statements.starred_only:
                note = f"No starred quotes from {name}.\ns stars a quote; S shows them all again."
            else:
                note = f"No quotes from {name} are stored yet.\nm: articles that mention {name}."
            self.empty_note.update(Text(note))
        self.empty_note.display = empty

    def on_mount(self) -> None:
        self.mentions.display = False
        self.empty_note.display = False
        self.statements.load_first_page_now()

    @property
    def active(self) -> PagedList[Any]:
        return self.mentions if self.showing_mentions else self.statements

    def _header_text(self) -> Text:
        text = Text(end="")
        text.append(f"{self.number} " if self.number <= 9 else "  ", "bold reverse")
        text.append(" ")
        text.append(one_line(self.actor.name), "bold")
        listing = "starred" if self.statements.starred_only else "quotes"
        text.append("  mentioned, not quoted" if self.showing_mentions else f"  {listing}", "dim")
        if self.new_count:
            text.append("  ")
            text.append(f"{self.new_count} new", "bold reverse")
        unseen = self.active.unseen_above
        if unseen:
            text.append("  ")
            text.append(f"↑ {unseen} new above (Home)", "bold reverse")
        return text

    def set_new_count(self, count: int) -> None:
        self.new_count = count
        self.header.update(self._header_text())

    def mark_seen(self, statement_id: int) -> bool:
        """The user looked at this pane: what is stored up to `statement_id` is no longer new.
        True when that moved the pane's last look on (the dashboard has the store keep it)."""
        moved = statement_id > self.seen_id
        self.seen_id = max(self.seen_id, statement_id)
        self.set_new_count(0)
        return moved

    def show_starred(self, starred_only: bool) -> None:
        """List only the starred quotes, or all of them again."""
        if starred_only == self.statements.starred_only:
            return
        self.statements.starred_only = starred_only
        if self.showing_mentions:
            self._show_mentions(False)
        self.statements.restart()
        self.header.update(self._header_text())

    def action_toggle_mark(self, mark: str) -> None:
        self.active.when_settled(lambda: self._toggle_mark(mark))

    def _toggle_mark(self, mark: str) -> None:
        item = self.active.current
        if isinstance(item, StatementView):
            self.statements.toggle_mark(item, mark)
        elif item is not None:
            self.app.notify("Stars and read marks are for quotes: this row is an article.", markup=False)

    def action_compare(self) -> None:
        self.active.when_settled(self._compare)

    def _compare(self) -> None:
        item = self.active.current
        if isinstance(item, StatementView):
            self.post_message(messages.OpenCompare(item))
        elif item is not None:
            self.app.notify("c compares a quote: this row is an article.", markup=False)

    def action_export(self) -> None:
        items = [i for i in self.statements.items] if not self.showing_mentions else []
        what = f"{self.actor.name} {'starred' if self.statements.starred_only else 'quotes'}"
        self.post_message(messages.ExportStatements(items, what))

    @on(PagedList.UnseenChanged)
    def _unseen_changed(self, event: PagedList.UnseenChanged) -> None:
        event.stop()
        self.header.update(self._header_text())

    @on(PagedList.PageShown)
    def _page_shown(self, event: PagedList.PageShown) -> None:
        event.stop()
        if event.paged is self.statements:
            if not self.statements.items and event.first and not self.showing_mentions:
                self._show_mentions(True)  # nobody from this actor quoted yet: show where it is mentioned
                self.mentions_for_want_of_quotes = True
            elif self.statements.items and self.showing_mentions and self.mentions_for_want_of_quotes:
                self._show_mentions(False)  # the first quotes arrived
        self._show_empty_note()

    def action_toggle_mentions(self) -> None:
        self._show_mentions(not self.showing_mentions)

    def _show_mentions(self, show: bool) -> None:
        self.mentions_for_want_of_quotes = False
        if show == self.showing_mentions:
            return
        had_focus = self.active.has_focus
        self.showing_mentions = show
        self.statements.display = not self.showing_mentions
        self.mentions.display = self.showing_mentions
        if self.showing_mentions and not self.mentions.loaded:
            self.mentions.load_more()
        if had_focus:
            self.screen.set_focus(self.active)  # at once: keys typed right after m go to the list shown
        self.header.update(self._header_text())
        self._show_empty_note()

    def reload(self, extra: int) -> None:
        self.statements.reload(extra)
        if self.mentions.loaded:
            self.mentions.reload()

    def action_open_link(self) -> None:
        self.active.when_settled(self._open_link)

    def _open_link(self) -> None:
        item = self.active.current
        if item is not None:
            self.post_message(messages.OpenLink(item.link))

    def action_copy_quote(self) -> None:
        self.active.when_settled(self._copy_quote)

    def _copy_quote(self) -> None:
        item = self.active.current
        if isinstance(item, StatementView):
            self.post_message(messages.CopyStatement(item))
        elif item is not None:
            self.app.notify("y copies a quote: this row is an article (enter opens it).", markup=False)

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.active.items[event.option_index]
        if isinstance(item, StatementView) and item.sources > 1:
            self.post_message(messages.OpenSources(item.id))  # which outlets, when, where
        elif isinstance(item, StatementView):
            self.post_message(messages.OpenArticle(item.article_id, item.id))
        else:
            self.post_message(messages.OpenArticle(item.id))
