"""The main screen: a grid of actor panes sized to the terminal, the refresh status and the keys."""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from feeds.models import Config
from feeds.newsroom.volume import sparkline_counts
from feeds.store import Store

from .. import messages
from ..clock import Clock, local_time
from ..footer import KeyFooter
from ..panes import ActorPane
from ..safe_text import one_line
from .timeline import TimelineScreen

MIN_PANE_WIDTH = 38  # narrower than this a quote wraps every few words
WATCH_SECONDS = 2.0  # how often the dashboard asks the database whether another writer committed
_PANE_KEYS = Binding.Group("pane", compact=True)


class RefreshStatus(Static):
    """One line under the panes: refresh progress, then what the last refresh did."""

    def show_started(self, total: int, label: str) -> None:
        self.update(Text(f"⟳ refreshing {label}: 0/{total}", style="bold"))

    def show_progress(self, done: int, total: int, label: str) -> None:
        filled = round(10 * done / total) if total else 10
        bar = "█" * filled + "░" * (10 - filled)
        self.update(Text(f"⟳ refreshing {label}: {done}/{total} {bar}", style="bold"))

    def show_finished(self, message: messages.RefreshFinished, when: str) -> None:
        text = Text(end="")
        if message.error:
            text.append(f"refresh failed at {when}: ", "bold reverse")
            text.append(one_line(message.error))
            self.update(text)
            return
        new = sum(message.new_counts.values())
        text.append(f"refreshed at {when}: {new} new statement{'s' if new != 1 else ''}")
        failed = [s for s in message.summaries if s.status == "error"]
        skipped = [s for s in message.summaries if s.status == "skipped"]
        warned = [s for s in message.summaries if s.status == "ok" and s.warning]
        for count, what in ((len(failed), "failed"), (len(skipped), "backing off"), (len(warned), "with warnings")):
            if count:
                text.append(" · ")
                text.append(f"{count} feed{'s' if count != 1 else ''} {what}", "bold")
        if failed or skipped or warned:
            text.append(" (f: feed health)")
        self.update(text)


class DashboardScreen(messages.ReportsWorkerErrors, Screen[None]):
    """One pane per actor, in config order; digits show one pane alone, 0 shows them all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"show_pane({n})", f"pane {n}", group=_PANE_KEYS) for n in range(1, 10)),
        Binding("0", "show_all", "all"),
        Binding("S", "toggle_starred", "every pane: only the starred quotes, or all of them again", show=False),
        Binding("t", "timeline", "timeline: statements per day per actor, unusual days marked", show=False),
        Binding("tab", "next_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False),
    ]

    def __init__(self, store: Store, config: Config, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.clock = clock
        self.latest_statement_id = 0  # the newest statement the panes know of
        self.panes = [ActorPane(store, clock, actor, n, id=f"pane-{n}")
                      for n, actor in enumerate(config.pane_actors(), 1)]
        self.solo: int | None = None  # the number of the pane shown alone
        self.starred_only = False  # S: every pane lists only starred quotes

    def compose(self) -> ComposeResult:
        with Grid(id="panes"):
            yield from self.panes
        yield RefreshStatus(Text("showing what is stored · r refreshes now"), id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        # One indexed lookup (microseconds): what is stored when the app opens counts as seen,
        # unless the store remembers an earlier look at a pane (then its "N new" is shown).
        latest = self.latest_statement_id = self.store.max_statement_id()
        seen = self.store.seen_ids()
        for pane in self.panes:
            pane.seen_id = min(latest, seen.get(pane.actor.name, latest))
            if pane.actor.name not in seen:  # a pane's first look: what is there now is not new next time
                self.post_message(messages.PaneSeen(pane.actor.name, latest))
        if any(pane.seen_id < latest for pane in self.panes):
            self._count_new()
        self._load_volume()
        self.store.changed()  # from now on
        self.set_interval(WATCH_SECONDS, self._watch_store)
        self._lay_out()
        if self.panes:
            self.panes[0].active.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    # --- layout ------------------------------------------------------------------------------

    def _lay_out(self) -> None:
        """Panes side by side when they fit, else in a grid of balanced rows (2x2 at 80 columns)."""
        shown = [p for p in self.panes if self.solo in (None, p.number)]
        for pane in self.panes:
            pane.display = pane in shown
        grid = self.query_one("#panes", Grid)
        count = max(1, len(shown))
        fit = max(1, self.size.width // MIN_PANE_WIDTH)
        rows = math.ceil(count / fit)
        columns = math.ceil(count / rows)
        grid.styles.grid_size_columns = columns
        grid.styles.grid_size_rows = rows

    # --- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_pane":
            return bool(parameters) and isinstance(parameters[0], int) and parameters[0] <= len(self.panes)
        return True

    def action_show_pane(self, number: int) -> None:
        if not 1 <= number <= len(self.panes):
            return
        self.solo = number
        self._lay_out()
        # At once, not after the queued events as Widget.focus() would: "2j" typed fast moves in pane 2.
        self.set_focus(self.panes[number - 1].active)

    def action_show_all(self) -> None:
        focused = self.focused_pane
        self.solo = None
        self._lay_out()
        if focused is not None:
            self.set_focus(focused.active)

    def action_toggle_starred(self) -> None:
        self.starred_only = not self.starred_only
        for pane in self.panes:
            pane.show_starred(self.starred_only)

    def action_timeline(self) -> None:
        self.app.push_screen(TimelineScreen(self.store, self.clock, [p.actor.name for p in self.panes]))

    def action_next_pane(self, step: int) -> None:
        shown = [p for p in self.panes if p.display]
        if not shown:
            return
        current = self.focused_pane
        index = shown.index(current) if current in shown else -step
        self.set_focus(shown[(index + step) % len(shown)].active)

    @property
    def focused_pane(self) -> ActorPane | None:
        node: Widget | None = self.focused
        while node is not None and not isinstance(node, ActorPane):
            node = node.parent if isinstance(node.parent, Widget) else None
        return node

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        pane = self.focused_pane
        for other in self.panes:
            # On the header, not the pane: a class on the pane restyles every row in it (about
            # 20 ms a pane at start-up, measured), and only the header looks different.
            other.header.set_class(other is pane, "-focused")
        if pane is not None:
            self._looked_at(pane)

    def _looked_at(self, pane: ActorPane) -> None:
        """The pane is in front of the reader: nothing in it is new now, and the store keeps that."""
        if pane.mark_seen(self.latest_statement_id):
            self.post_message(messages.PaneSeen(pane.actor.name, pane.seen_id))

    # --- what a refresh brought ------------------------------------------------------------------

    def refresh_started(self, message: messages.RefreshStarted) -> None:
        self.query_one(RefreshStatus).show_started(message.total, message.label)

    def refresh_progress(self, message: messages.RefreshProgress) -> None:
        self.query_one(RefreshStatus).show_progress(message.done, message.total, "feeds")

    def refresh_finished(self, message: messages.RefreshFinished) -> None:
        self.query_one(RefreshStatus).show_finished(message, local_time(self.clock()))
        self._check_store(changed=True)

    # --- what any writer stored: this dashboard's refreshes, `spacewatch fetch` from cron -------------

    def _watch_store(self) -> None:
        self._check_store(changed=False)

    @work(thread=True, exclusive=True, group="store-watch", exit_on_error=False)
    def _check_store(self, changed: bool) -> None:
        """Whatever was committed since the panes last looked: statements newer than the newest
        they know of, counted by actor. `changed`: known to have changed (skip data_version)."""
        if not (self.store.changed() or changed):
            return
        since = self.latest_statement_id
        newest = self.store.max_statement_id()
        counts = self.store.new_statement_counts(since) if newest > since else {}
        self.post_message(messages.StoreChanged(since, newest, counts))

    def on_store_changed(self, message: messages.StoreChanged) -> None:
        if message.since != self.latest_statement_id:
            return  # another check got there first and already showed these
        self.latest_statement_id = max(self.latest_statement_id, message.newest)
        for pane in self.panes:
            pane.reload(message.counts.get(pane.actor.name, 0))
        self._announce(message.counts)
        self._count_new()
        if message.newest > message.since:
            self._load_volume()

    def _announce(self, counts: dict[str | None, int]) -> None:
        """One notification for everything that arrived, by actor (pane order), others summed."""
        names = [p.actor.name for p in self.panes]
        actors = [name for name in names if counts.get(name)]
        others = sum(n for actor, n in counts.items() if actor not in names)
        total = sum(counts.values())
        if not total:
            return
        what = f"{total} new statement{'s' if total != 1 else ''}"
        if len(actors) + bool(others) == 1:
            source = one_line(actors[0]) if actors else "other speakers"
            self.notify(f"{what} from {source}", markup=False)
            return
        parts = [f"{one_line(name)} {counts[name]}" for name in actors]
        if others:
            parts.append(f"other speakers {others}")
        self.notify(f"{what}: {', '.join(parts)}", markup=False)

    @work(thread=True, exclusive=True, group="new-counts", exit_on_error=False)
    def _count_new(self) -> None:
        counts: dict[str, int] = {}
        by_seen: dict[int, dict[str | None, int]] = {}
        for pane in self.panes:
            if pane.seen_id not in by_seen:
                by_seen[pane.seen_id] = self.store.new_statement_counts(pane.seen_id)
            counts[pane.actor.name] = by_seen[pane.seen_id].get(pane.actor.name, 0)
        self.post_message(messages.NewCounts(counts))

    def on_new_counts(self, message: messages.NewCounts) -> None:
        focused = self.focused_pane
        for pane in self.panes:
            if pane is focused:
                self._looked_at(pane)  # the user is looking at it
            else:
                pane.set_new_count(message.counts.get(pane.actor.name, 0))

    @work(thread=True, exclusive=True, group="volume", exit_on_error=False)
    def _load_volume(self) -> None:
        """The headers' sparklines: statements per day of the last 30 days (a few ms at 100,000)."""
        actors = [pane.actor.name for pane in self.panes]
        self.post_message(messages.VolumeLoaded(sparkline_counts(self.store, actors, self.clock().date())))

    def on_volume_loaded(self, message: messages.VolumeLoaded) -> None:
        for pane in self.panes:
            pane.header.set_volume(message.counts.get(pane.actor.name, ()))

    def redraw(self) -> None:
        """Draw the rows again so "how long ago" stays true."""
        for pane in self.panes:
            pane.statements.redraw()
            pane.mentions.redraw()
