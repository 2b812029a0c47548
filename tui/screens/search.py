"""Search who said what: full text over quotes, speakers and articles; a result opens the article at the quote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from feeds.models import Actor, ArticleSummary, SearchPage, StatementView
from feeds.store import Store

from .. import messages
from ..clock import Clock
from ..footer import KeyFooter
from ..render import article_card, statement_card
from ..safe_text import one_line, shorten
from ..search_syntax import (
    SearchRequest,
    filter_value,
    find_actor,
    next_actor,
    next_since,
    parse_search,
    set_filter,
)

RESULT_LIMIT = 100
SHOWN_FIRST = 20  # entries drawn at once: a card costs about a millisecond to measure, 200 of them a keystroke
PREFETCH = 8  # the next entries are drawn when the highlight comes this close to the last one drawn
ACTOR_KEY, SINCE_KEY = "ctrl+t", "ctrl+s"
Row = StatementView | ArticleSummary | None  # None: a heading or a line of explanation
Entry = StatementView | ArticleSummary | Text | None  # Text: a heading or an explanation; None: a rule


class SearchResultList(OptionList):
    """Quotes, then articles, under headings that say how many there are.

    Entries are drawn as the user moves towards them, SHOWN_FIRST at a time, as the panes load
    their pages: the first screenful appears at once whatever the number of results.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("o", "open_link", "Open link"),
        Binding("y", "copy_quote", "Copy quote"),
    ]

    def __init__(self, clock: Clock) -> None:
        super().__init__(markup=False, id="search-results")
        self.clock = clock
        self.rows: list[Row] = []  # what each option drawn shows
        self.pending: list[Entry] = []  # entries not drawn yet, in order
        self._more_asked = False

    @property
    def current(self) -> StatementView | ArticleSummary | None:
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    @property
    def lines(self) -> list[str]:
        """The headings and explanations, drawn or not, as plain text."""
        drawn = [str(o.prompt) for o in self.options if o.disabled]
        return drawn + [e.plain for e in self.pending if isinstance(e, Text)]

    def show(self, entries: Sequence[Entry]) -> None:
        """Replace the entries; the highlighted result stays highlighted, and in view, if it is among them."""
        before = self.current
        self.rows = []
        self.pending = list(entries)
        self.set_options(self._draw(SHOWN_FIRST))
        if before is not None and any(_same(e, before) for e in self.pending):
            while _find(self.rows, before) is None:
                self.add_options(self._draw(SHOWN_FIRST))
        index = _find(self.rows, before)
        if index is not None:
            self.highlighted = index
            self.call_after_refresh(self.scroll_to_highlight)
        elif self.has_focus:
            self.action_first()

    def replace_lines(self, pairs: Sequence[tuple[Text, Text]]) -> None:
        """Put new texts in place of headings or explanations, drawn or not: (old Text object, new) pairs."""

        def new_for(entry: object) -> Text | None:
            return next((new for old, new in pairs if old is entry), None)

        for index, option in enumerate(self.options):
            text = new_for(option.prompt)
            if text is not None:
                self.replace_option_prompt_at_index(index, text)
        self.pending = [e if (text := new_for(e)) is None else text for e in self.pending]

    def _draw(self, count: int) -> list[Option | None]:
        """Options for the next `count` pending entries (a rule is None, and no row)."""
        entries, self.pending = self.pending[:count], self.pending[count:]
        now = self.clock()
        options: list[Option | None] = []
        for entry in entries:
            if entry is None:
                options.append(None)
                continue
            if isinstance(entry, StatementView):
                options.append(Option(statement_card(entry, now, show_actor=True)))
            elif isinstance(entry, ArticleSummary):
                options.append(Option(article_card(entry, now)))
            else:
                options.append(Option(entry, disabled=True))
            self.rows.append(entry if not isinstance(entry, Text) else None)
        return options

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._maybe_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_more()

    def on_resize(self) -> None:
        self._maybe_more()  # a taller list may show past the last entry drawn

    def _maybe_more(self) -> None:
        """Draw more entries after the next frame, if the user is near the last one drawn: the frame
        showing what is drawn comes first, and the layout then says how much is left below."""
        if self.pending and not self._more_asked:
            self._more_asked = True
            self.call_after_refresh(self._more)

    def _more(self) -> None:
        self._more_asked = False
        height = self.scrollable_content_region.height
        if not self.pending or not height:
            return
        near_end = self.highlighted is not None and self.highlighted >= len(self.rows) - PREFETCH
        if near_end or self.max_scroll_y - self.scroll_y < height:
            self.add_options(self._draw(SHOWN_FIRST))

    def action_open_link(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(messages.OpenLink(item.link))

    def action_copy_quote(self) -> None:
        item = self.current
        if isinstance(item, StatementView):
            self.post_message(messages.CopyStatement(item))
        elif item is not None:
            self.app.notify("y copies a quote: this row is an article (enter opens it).", markup=False)

    async def _on_click(self, event: Any) -> None:
        """A click highlights a row; a click on the highlighted row opens it (as in the panes)."""
        clicked: int | None = event.style.meta.get("option")
        if clicked is None or clicked >= len(self.options) or self.options[clicked].disabled:
            return
        if clicked == self.highlighted:
            self.action_select()
        else:
            self.highlighted = clicked
        self.focus()


class SearchScreen(messages.ReportsWorkerErrors, Screen[None]):
    """Type words (and filters); quotes and speakers matching them come first, then articles.

    The app keeps one instance: reopened with `/`, it shows the same query, results and place.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding(ACTOR_KEY, "cycle_actor", "Actor"),
        Binding(SINCE_KEY, "cycle_since", "Since"),
        Binding("down", "focus_results", "Results", show=False),
        Binding("e", "export", "Export", tooltip="write the quotes found as Markdown or CSV citations"),
    ]

    def __init__(self, store: Store, clock: Clock, actors: Sequence[Actor] = ()) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.actors = tuple(actors)
        self.query_text = ""  # the box's text the results on screen (or on their way) answer
        self.request = SearchRequest("")
        self.page: SearchPage | None = None
        self.lines: tuple[Text, Text, Text, Text] | None = None  # the page's headings and explanations
        self.shown_text: str | None = None  # the box's text of the results on screen
        self._searched_up_to = -1  # the newest statement id when the search ran

    def compose(self) -> ComposeResult:
        yield Input(placeholder="words from quotes, speakers' names, article text;  actor:NASA  since:7d",
                    id="search-input")
        yield SearchResultList(self.clock)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show_hint()

    def on_screen_resume(self) -> None:
        # Back from an article, or reopened with `/`: the same query, answered again only if the
        # store has statements it had not when it ran (one indexed lookup).
        if self.searchable and self.store.max_statement_id() != self._searched_up_to:
            self._search(self.query_text, self.request)

    @property
    def searchable(self) -> bool:
        """The box holds words to search for and nothing it could not understand."""
        return bool(self.request.words) and not self.request.problem

    @property
    def results(self) -> SearchResultList:
        return self.query_one(SearchResultList)

    @property
    def box(self) -> Input:
        return self.query_one(Input)

    # --- keys ----------------------------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() != self.query_text:
            self.search(event.value)
        self.action_focus_results()

    def action_focus_results(self) -> None:
        results = self.results
        if results.option_count and any(row is not None for row in results.rows):
            results.focus()
            if results.highlighted is None:
                results.action_first()

    def action_export(self) -> None:
        """Every quote the search found (drawn yet or not), as citations."""
        views = list(self.page.statements) if self.page is not None else []
        self.post_message(messages.ExportStatements(views, f"search {self.query_text}"))

    def action_cycle_actor(self) -> None:
        """The next actor in config order as the `actor:` filter; after the last, every actor."""
        text = self.box.value
        current = find_actor(filter_value(text, "actor"), self.actors) if filter_value(text, "actor") else None
        self._set_box(set_filter(text, "actor", next_actor(current, self.actors)))

    def action_cycle_since(self) -> None:
        """The `since:` filter through 24h, 7d, 30d and back to any time."""
        text = self.box.value
        self._set_box(set_filter(text, "since", next_since(filter_value(text, "since").lower())))

    def _set_box(self, text: str) -> None:
        box = self.box
        box.value = text  # Input.Changed runs the search
        box.cursor_position = len(text)

    # --- searching -----------------------------------------------------------------------------

    def search(self, text: str) -> None:
        self.query_text = text.strip()
        self.request = parse_search(self.query_text, self.actors, self.clock())
        if not self.searchable:
            self._show_hint()
            return
        self._search(self.query_text, self.request)

    def refresh_finished(self, message: messages.RefreshFinished) -> None:
        """A refresh ended while this screen was open: the same query, answered again."""
        if self.searchable:
            self._search(self.query_text, self.request)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, request: SearchRequest) -> None:
        up_to = self.store.max_statement_id()
        page = self.store.search(request.words, actor=request.actor, since=request.since, limit=RESULT_LIMIT)
        self.post_message(messages.SearchResults(text, page, up_to))

    @work(thread=True, exclusive=True, group="search-count", exit_on_error=False)
    def _count(self, text: str, request: SearchRequest, unfiltered: bool) -> None:
        """Every match counted (a very common word), or counted without the filters (nothing matched)."""
        if unfiltered:
            statements, articles = self.store.search_totals(request.words)
        else:
            statements, articles = self.store.search_totals(request.words, actor=request.actor, since=request.since)
        self.post_message(messages.SearchTotals(text, statements, articles, unfiltered=unfiltered))

    def on_search_results(self, message: messages.SearchResults) -> None:
        if message.text != self.query_text:
            return  # an answer to what the box said a few keys ago
        page = self.page = message.page
        self._searched_up_to = message.up_to
        self._show(page)
        # The count comes once the results are on screen: on a busy machine it would delay them.
        if page.statements_windowed or page.articles_windowed:
            self.call_after_refresh(self._count, message.text, self.request, False)
        elif self.request.filtered and not (page.statements and page.articles):
            self.call_after_refresh(self._count, message.text, self.request, True)  # are the filters why?

    def on_search_totals(self, message: messages.SearchTotals) -> None:
        page = self.page
        if message.text != self.query_text or page is None or self.lines is None:
            return
        if message.unfiltered:
            lines = self._lines(page, unfiltered=(message.statements, message.articles))
        else:
            page = self.page = replace(page, statement_total=message.statements, article_total=message.articles)
            lines = self._lines(page, counted=True)
        # Only the headings change: the results stay drawn, highlighted and scrolled as they are.
        self.results.replace_lines(list(zip(self.lines, lines, strict=True)))
        self.lines = lines

    # --- drawing -------------------------------------------------------------------------------

    def _show_hint(self) -> None:
        """No search to run: say how to search, or what in the box could not be understood."""
        self.page = None
        lines: list[Entry] = []
        if self.request.problem:
            lines.append(Text("Not understood: " + self.request.problem, style="bold"))
        elif self.query_text:
            lines.append(Text("Type some words as well: filters narrow a search, they do not make one."))
        else:
            lines.append(Text("Type words from a quote, a speaker's name or an article; every word must match."))
        lines.append(Text(f"Filters in the box: actor:NASA since:7d · {ACTOR_KEY} cycles the actor, "
                          f"{SINCE_KEY} the time · ? lists every key", style="dim"))
        self._set_entries(lines)

    def _show(self, page: SearchPage) -> None:
        quotes, no_quotes, articles, no_articles = self.lines = self._lines(page)
        entries: list[Entry] = [quotes, *([no_quotes] if not page.statements else []), *page.statements, None,
                                articles, *([no_articles] if not page.articles else []), *page.articles]
        self._set_entries(entries)

    def _lines(self, page: SearchPage, *, counted: bool = False,
               unfiltered: tuple[int, int] | None = None) -> tuple[Text, Text, Text, Text]:
        """The headings of the two sections, and what each says when it is empty."""
        return (_heading("Quotes and speakers", len(page.statements), page.statement_total,
                         page.statements_windowed, page.window, counted),
                _empty("quotes", self.request, unfiltered[0] if unfiltered else None),
                _heading("Articles", len(page.articles), page.article_total, page.articles_windowed,
                         page.window, counted),
                _empty("articles", self.request, unfiltered[1] if unfiltered else None))

    def _set_entries(self, entries: list[Entry]) -> None:
        self.results.show(entries)
        self.shown_text = self.query_text

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.results.rows[event.option_index]
        if isinstance(item, StatementView) and item.sources > 1:
            self.post_message(messages.OpenSources(item.id))  # which outlets, when, where: as in the panes
        elif isinstance(item, StatementView):
            self.post_message(messages.OpenArticle(item.article_id, item.id))
        elif item is not None:
            self.post_message(messages.OpenArticle(item.id))


def _same(entry: Entry, item: StatementView | ArticleSummary) -> bool:
    """The same statement or article (a search run again returns equal rows, not the same objects)."""
    return type(entry) is type(item) and entry is not None and not isinstance(entry, Text) and entry.id == item.id


def _find(rows: Sequence[Row], item: Row) -> int | None:
    """Where the same statement or article is among `rows`."""
    if item is None:
        return None
    return next((i for i, row in enumerate(rows) if row is not None and _same(row, item)), None)


def _heading(what: str, shown: int, total: int, windowed: bool, window: int, counted: bool) -> Text:
    """"Quotes and speakers: 100 of 2,314", with a word on ranking when only the newest matches were ranked."""
    text = Text(end="")
    if not shown:
        text.append(f"{what}: none", "bold underline")
        return text
    count = f"{shown:,}" if total <= shown else f"{shown:,} of {total:,}" + ("" if counted or not windowed else "+")
    text.append(f"{what}: {count}", "bold underline")
    if windowed:
        text.append(f"  best of the {window:,} most recent matches" + ("" if counted else " · counting…"), "dim")
    return text


def _empty(what: str, request: SearchRequest, unfiltered: int | None) -> Text:
    """"No quotes match “xyz” from NASA in the last 7 days", and whether the filters are why."""
    words = shorten(one_line(request.words), 60)
    text = Text(f"No {what} match “{words}”{request.filters_label(what)}.", end="")
    if unfiltered:
        text.append(f" Without the filters: {unfiltered:,}.", "bold")
    elif unfiltered == 0 and request.filtered:
        text.append(" None without the filters either.")
    return text

