"""Every message the dashboard's workers and widgets send each other, in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.worker import Worker, WorkerState

from feeds.models import ArticlePage, ArticleView, FeedHealth, PageHealth, SearchPage, StatementView, WriteSummary


@dataclass
class PageLoaded(Message, bubble=False):
    """A paged list's worker fetched rows. `kind`: "older" or "newer" (a page beside the window),
    "head" (the newest again, after a refresh), "top" (the newest, for Home), "same" (the
    window's own stretch again, after a refresh while the user is deep in the list)."""

    token: int
    kind: str
    items: Sequence[Any]
    limit: int


@dataclass
class OpenArticle(Message):
    """Show an article, scrolled to one of its statements when `statement_id` is given."""

    article_id: int
    statement_id: int | None = None


@dataclass
class OpenSources(Message):
    """Show every article that carries this statement (it has more than one source)."""

    statement_id: int


@dataclass
class SourcesLoaded(Message, bubble=False):
    sources: Sequence[StatementView]


@dataclass
class OpenLink(Message):
    """Open this link in the browser (the app opens http(s) links only, and says so otherwise)."""

    url: str | None


@dataclass
class CopyStatement(Message):
    """Copy this statement with its citation to the clipboard."""

    statement: StatementView


@dataclass
class RetryFeed(Message):
    """Fetch this feed again now, backoff or not."""

    url: str


@dataclass
class ArticleLoaded(Message, bubble=False):
    article: ArticleView | None
    page: ArticlePage | None = None  # where its text came from, when its page was read or tried


@dataclass
class SearchResults(Message, bubble=False):
    """The first page for the search box's `text`; `up_to`: the newest statement id when it ran."""

    text: str
    page: SearchPage
    up_to: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SearchResults)  # typing fast: only the last answer is drawn


@dataclass
class SearchTotals(Message, bubble=False):
    """Every match of the search box's `text` counted (or, `unfiltered`, counted without its filters)."""

    text: str
    statements: int
    articles: int
    unfiltered: bool = False


@dataclass
class HealthLoaded(Message, bubble=False):
    feeds: Sequence[FeedHealth]
    pages: dict[str, PageHealth] = field(default_factory=dict)  # article pages per feed URL


@dataclass
class StoreChanged(Message, bubble=False):
    """Something was committed: statements after id `since` up to `newest`, counted by actor."""

    since: int
    newest: int
    counts: dict[str | None, int]


@dataclass
class NewCounts(Message, bubble=False):
    """Statements stored since each pane was last looked at, by actor."""

    counts: dict[str, int]


@dataclass
class RefreshStarted(Message):
    total: int
    label: str = "feeds"


@dataclass
class RefreshProgress(Message):
    """One feed was written; a burst of them repaints the status line once."""

    done: int
    total: int
    summary: WriteSummary

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


@dataclass
class RefreshFinished(Message):
    """A refresh ended: what each feed did and how many statements arrived per actor."""

    summaries: Sequence[WriteSummary]
    new_counts: dict[str | None, int] = field(default_factory=dict)
    error: str | None = None


@dataclass
class MarkChanged(Message, bubble=False):
    """A statement was starred or marked read (or undone): the row as the store now has it."""

    statement: StatementView


@dataclass
class PaneSeen(Message):
    """The reader looked at a pane: statements up to `seen_id` are no longer new (the app stores it)."""

    actor: str
    seen_id: int


@dataclass
class VolumeLoaded(Message, bubble=False):
    """Statements per day of the last days, per pane actor, oldest first: the headers' sparklines."""

    counts: dict[str, list[int]]

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, VolumeLoaded)


@dataclass
class TimelineLoaded(Message, bubble=False):
    by: str  # "actor" or "speaker"
    series: Sequence[Any]  # feeds.newsroom.volume.Series


@dataclass
class OpenCompare(Message):
    """Show what every actor said on this statement's topic around its days."""

    statement: StatementView


@dataclass
class CompareLoaded(Message, bubble=False):
    comparison: Any  # feeds.newsroom.topics.Comparison

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CompareLoaded)  # typing in the words: only the last answer is drawn


@dataclass
class ExportStatements(Message):
    """Write these statements as citations to a file (the app asks the format); `what` names them."""

    statements: Sequence[StatementView]
    what: str


class StatementKeys:
    """o and y on the statement a list or screen has current (`current`, None when there is none):
    open its article's link in the browser, copy it with its citation. Mixed into Textual widgets."""

    current: StatementView | None

    def action_open_link(self) -> None:
        if self.current is not None:
            self.post_message(OpenLink(self.current.link))  # type: ignore[attr-defined]

    def action_copy_quote(self) -> None:
        if self.current is not None:
            self.post_message(CopyStatement(self.current))  # type: ignore[attr-defined]


@dataclass
class WorkerFailed(Message):
    """A widget's or screen's thread worker raised: the app tells the reader what could not be done."""

    group: str
    error: BaseException | None


class ReportsWorkerErrors:
    """Mixed into a widget or screen that runs thread workers: Textual tells only the worker's own
    node that it failed (Worker.StateChanged does not bubble), so the failure is passed on to the
    app, which shows it. A class with its own handler calls this one too."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.post_message(WorkerFailed(event.worker.group, event.worker.error))  # type: ignore[attr-defined]
