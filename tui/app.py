"""The Textual app: wires the store, the config and the clock to the screens, and runs refreshes."""

from __future__ import annotations

import asyncio
import functools
import io
import re
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from feeds.models import Config, FeedSpec, StatementView, WriteSummary
from feeds.newsroom.citations import citation
from feeds.store import Store
from feeds.urls import is_web_url

from . import messages
from .clipboard import copy_with_system_tool
from .clock import Clock, system_clock
from .safe_text import one_line, shorten
from .screens.dashboard import DashboardScreen

if TYPE_CHECKING:
    from feeds.refresh import FeedSource

# The dashboard draws first; the pipeline (httpx, the parsers), the alerts and every other screen
# are imported when first used, so the first paint does not wait for them.

Opener = Callable[[str], object]
EXPORT_FORMAT = "export_format"  # the ui_state key: the export dialog's last choice


class SpacewatchApp(App[None]):
    """Who said what about space, by actor; see `make_app`."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere find it too
    TITLE = "spacewatch"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("r", "refresh", "Refresh"),
        Binding("slash", "search", "Search"),
        Binding("f", "feed_health", "Feeds"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, store: Store, config: Config, *, clock: Clock = system_clock,
                 opener: Opener | None = None, refresh_on_start: bool = True,
                 auto_refresh: bool = True, source: FeedSource | None = None, workers: int | None = None,
                 export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.clock = clock
        self.opener: Opener = opener or self.open_url
        self.refresh_on_start = refresh_on_start
        self.periodic_refresh = auto_refresh
        self.source = source  # None: the network; the demo passes its packaged feeds
        self.parser_processes = workers  # per refresh; None: as `spacewatch fetch` decides
        self.refreshing = False
        self.export_dir = export_dir  # None: the user's downloads folder (in a browser: a download)
        self._signals: list[signal.Signals] = []
        self.dashboard = DashboardScreen(store, config, clock)

    def get_default_screen(self) -> Screen[None]:
        return self.dashboard

    def on_mount(self) -> None:
        self._handle_signals()
        if self.periodic_refresh:
            self.set_interval(max(1, self.config.refresh_interval), self._timer_refresh)
            self.set_interval(60, self.dashboard.redraw)
        if self.refresh_on_start:
            self.call_after_refresh(self.start_refresh)

    def _handle_signals(self) -> None:
        """SIGTERM and SIGHUP end the app as `q` does: the terminal is given back as it was found
        (not left in raw mode on the alternate screen) and the caller cleans up (--demo's
        temporary database). Exit status 128 + the signal's number."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(sig, functools.partial(self.exit, return_code=128 + sig))
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # Windows, or a loop that is not the main thread's
            self._signals.append(sig)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in self._signals:
            loop.remove_signal_handler(sig)
        self._signals.clear()

    # --- keys --------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self).BINDINGS))

    def action_search(self) -> None:
        from .screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            if not self.is_screen_installed("search"):  # one search screen: `/` finds it as it was left
                self.install_screen(SearchScreen(self.store, self.clock, self.config.actors), "search")
            self.push_screen("search")

    def action_feed_health(self) -> None:
        from .screens.health import FeedHealthScreen

        if not isinstance(self.screen, FeedHealthScreen):
            self.push_screen(FeedHealthScreen(self.store, self.clock))

    def action_refresh(self) -> None:
        self.start_refresh(manual=True)

    def on_open_article(self, message: messages.OpenArticle) -> None:
        from .screens.article import ArticleScreen

        self.push_screen(ArticleScreen(self.store, message.article_id, message.statement_id))

    def on_open_sources(self, message: messages.OpenSources) -> None:
        from .screens.sources import SourcesScreen

        self.push_screen(SourcesScreen(self.store, message.statement_id, self.clock))

    def on_open_link(self, message: messages.OpenLink) -> None:
        self.open_link(message.url)

    def on_copy_statement(self, message: messages.CopyStatement) -> None:
        self.copy_statement(message.statement)

    def on_open_compare(self, message: messages.OpenCompare) -> None:
        actors = [a.name for a in self.config.pane_actors()]
        from .screens.compare import CompareScreen

        self.push_screen(CompareScreen(self.store, self.clock, actors, message.statement))

    def on_pane_seen(self, message: messages.PaneSeen) -> None:
        self._save_seen(message.actor, message.seen_id)

    @work(thread=True, group="marks", exit_on_error=False)
    def _save_seen(self, actor: str, seen_id: int) -> None:
        self.store.save_seen({actor: seen_id})

    # --- export from where you are -------------------------------------------------------------

    def on_export_statements(self, message: messages.ExportStatements) -> None:
        """Ask Markdown or CSV (the last choice first), then write the citations (export_citations)."""
        views = list(message.statements)
        if not views:
            self.notify("Nothing to export here: no quotes are listed.", markup=False)
            return
        default = self.store.setting(EXPORT_FORMAT) or "md"
        from .screens.export import ExportScreen

        self.push_screen(ExportScreen(len(views), message.what, default),
                         lambda fmt: self.export_citations(views, message.what, fmt) if fmt else None)

    def export_citations(self, views: Sequence[StatementView], what: str, fmt: str) -> None:
        """The statements as `spacewatch quotes --format md|csv` writes them, delivered as a file: saved in
        export_dir (a terminal) or downloaded (a browser, under `spacewatch serve`)."""
        from feeds.newsroom import exports

        text = exports.to_csv(views) if fmt == "csv" else exports.to_markdown(views)
        slug = re.sub(r"[^\w]+", "-", what.casefold(), flags=re.ASCII).strip("-")[:40] or "quotes"
        name = f"spacewatch-{slug}-{self.clock().strftime('%Y%m%d-%H%M%S')}.{fmt}"
        mime = "text/csv" if fmt == "csv" else "text/markdown"
        from platformdirs import user_downloads_path

        folder = self.export_dir or user_downloads_path()
        try:
            folder.mkdir(parents=True, exist_ok=True)  # a new machine may have no Downloads folder yet
        except OSError as exc:
            self.notify(f"Export failed: cannot make {folder}: {exc.strerror}", severity="error", markup=False)
            return
        self.deliver_text(io.StringIO(text), save_directory=folder, save_filename=name,
                          mime_type=mime, name=f"export:{len(views)}")
        self._remember_format(fmt)

    @work(thread=True, group="marks", exit_on_error=False)
    def _remember_format(self, fmt: str) -> None:
        self.store.set_setting(EXPORT_FORMAT, fmt)

    @on(events.DeliveryComplete)
    def _exported(self, event: events.DeliveryComplete) -> None:
        if event.name and event.name.startswith("export:"):
            count = event.name.split(":", 1)[1]
            where = f"to {event.path}" if event.path else "to your browser's downloads"
            self.notify(f"Exported {count} quotes {where}", title="Export", markup=False, timeout=10)

    @on(events.DeliveryFailed)
    def _export_failed(self, event: events.DeliveryFailed) -> None:
        if event.name and event.name.startswith("export:"):
            self.notify(f"Export failed: {one_line(str(event.exception))}", severity="error", markup=False)

    def on_retry_feed(self, message: messages.RetryFeed) -> None:
        spec = next((s for s in self.config.feeds if s.url == message.url), None)
        if spec is None:
            self.notify("This feed is no longer in the config.", markup=False)
            return
        self.start_refresh([spec], force=True, manual=True)

    def open_link(self, url: str | None) -> None:
        """Open an article link in the browser: http(s) only, anything else is refused and said so."""
        if not is_web_url(url):
            scheme = ""
            try:
                scheme = urlsplit((url or "").strip()).scheme
            except ValueError:
                pass
            what = f"a {one_line(scheme)}: link" if scheme else "this link" if url else "no link"
            self.notify(f"Not opened: {what}. Only http and https links open.", severity="warning",
                        markup=False)
            return
        assert url is not None
        self.opener(url.strip())
        self.notify(f"Opening {shorten(one_line(url), 80)}", markup=False)

    def copy_statement(self, view: StatementView) -> None:
        """Copy the quote with its citation (the one format feeds.newsroom.citations defines), cleaned:
        to the terminal's clipboard (OSC 52) and, off the event loop, the system's clipboard tool."""
        text = one_line(citation(view))
        self.copy_to_clipboard(text)
        self._copy_with_tool(text)

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _copy_with_tool(self, text: str) -> None:
        tool = copy_with_system_tool(text)
        if tool is not None:
            said = f"Copied with {tool}: {shorten(text, 120)}"
        else:
            said = (f"Sent to the terminal's clipboard (OSC 52): {shorten(text, 100)} — if pasting gives "
                    "nothing, the terminal ignores OSC 52 (tmux: set -g set-clipboard on) and no clipboard "
                    "tool (wl-copy, xclip, xsel, pbcopy) was found")
        self.call_from_thread(self.notify, said, markup=False, timeout=8)

    # --- refreshing --------------------------------------------------------------------------

    def _timer_refresh(self) -> None:
        self.start_refresh()

    def start_refresh(self, feeds: Sequence[FeedSpec] | None = None, *, force: bool = False,
                      manual: bool = False) -> None:
        """Refresh every feed (or the given ones) in the background, unless a refresh is running."""
        if self.refreshing:
            if manual:
                self.notify("A refresh is already running.", markup=False)
            return
        self.refreshing = True
        self._refresh(list(feeds) if feeds is not None else list(self.config.feeds), force)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def _refresh(self, feeds: list[FeedSpec], force: bool) -> None:
        before = await asyncio.to_thread(self.store.max_statement_id)
        self.post_message(messages.RefreshStarted(len(feeds), "feed" if len(feeds) == 1 else "feeds"))
        done = 0

        def progress(summary: WriteSummary) -> None:
            nonlocal done
            done += 1
            self.post_message(messages.RefreshProgress(done, len(feeds), summary))

        from feeds.refresh import refresh_feeds

        summaries = await refresh_feeds(self.store, self.config, feeds, force=force, progress=progress,
                                        source=self.source, workers=self.parser_processes)
        counts = await asyncio.to_thread(self.store.new_statement_counts, before)
        self.post_message(messages.RefreshFinished(summaries, counts))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "refresh" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.post_message(messages.RefreshFinished((), error=f"{type(error).__name__}: {error}"))
        elif event.state == WorkerState.ERROR:
            self.on_worker_failed(messages.WorkerFailed(event.worker.group, event.worker.error))

    def on_worker_failed(self, message: messages.WorkerFailed) -> None:
        what = {"alerts": "run the alerts", "marks": "write to the store"}.get(message.group, "read the store")
        error = message.error
        text = f"Could not {what}: {type(error).__name__}: {one_line(str(error))}"
        if any(n.message == text for n in self._notifications):
            return  # a watch that fails every few seconds says so once while the first is shown
        self.notify(text, severity="error", markup=False)

    def on_refresh_started(self, message: messages.RefreshStarted) -> None:
        self.dashboard.refresh_started(message)

    def on_refresh_progress(self, message: messages.RefreshProgress) -> None:
        self.dashboard.refresh_progress(message)

    def on_refresh_finished(self, message: messages.RefreshFinished) -> None:
        self.refreshing = False
        for screen in self.screen_stack:
            finished = getattr(screen, "refresh_finished", None)
            if finished is not None:
                finished(message)
        self._announce(message)
        if self.config.alerts and message.summaries:
            self._fire_alerts(message.summaries)

    @work(thread=True, group="alerts", exit_on_error=False)
    def _fire_alerts(self, summaries: Sequence[WriteSummary]) -> None:
        """Alert rules on what the refresh stored: a notification each, the bell, their commands."""

        def notify(text: str, is_error: bool) -> None:
            self.call_from_thread(self.notify, one_line(text), severity="error" if is_error else "warning",
                                  title="Alert", markup=False)

        from feeds.newsroom.alerts import fire_alerts

        fire_alerts(self.store, self.config.alerts, summaries, notify=notify,
                    bell=lambda: self.call_from_thread(self.bell), now=self.clock())

    def _announce(self, message: messages.RefreshFinished) -> None:
        if message.error:
            self.notify(f"Refresh failed: {one_line(message.error)}", severity="error", markup=False)
            return
        unstored = [s for s in message.summaries if not s.stored]
        if unstored:
            self.notify(f"Could not store {len(unstored)} feed{'s' if len(unstored) != 1 else ''}: "
                        f"{one_line(unstored[0].error)}. Nothing was half-written; press r once the "
                        "database can be written again.", severity="error", timeout=30, markup=False)
        failed = [s for s in message.summaries if s.status == "error" and s.stored]
        if failed:
            titles = {f.url: f.title or f.url for f in self.config.feeds}
            first = failed[0]
            text = f"Feed failed: {one_line(titles.get(first.url, first.url))}: {one_line(first.error)}"
            if len(failed) > 1:
                text = f"{len(failed)} feeds failed, first {text[len('Feed failed: '):]}"
            self.notify(shorten(text, 200) + " (f: feed health)", severity="warning", markup=False)


def make_app(*, store: Store, config: Config, now: Clock | None = None, opener: Opener | None = None,
             refresh_on_start: bool = True, auto_refresh: bool = True,
             source: FeedSource | None = None, workers: int | None = None,
             export_dir: Path | None = None) -> SpacewatchApp:
    """The dashboard on a store.

    `now` fixes the clock and `opener` replaces the browser (tests, snapshots); `source` replaces
    the network (the demo); `refresh_on_start`/`auto_refresh` turn the background refreshes off;
    `workers` sets the parser processes of each refresh (None: one per core from POOL_MIN_FEEDS
    feeds on, as `spacewatch fetch`; 0: parse in a thread of this process); `export_dir`: where
    `e` saves its files (None: the user's downloads folder).
    """
    return SpacewatchApp(store, config, clock=now or system_clock, opener=opener,
                         refresh_on_start=refresh_on_start, auto_refresh=auto_refresh, source=source,
                         workers=workers, export_dir=export_dir)
