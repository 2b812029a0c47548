"""The timeline: statements per day per actor (or per speaker), as bars, with the days of unusual volume marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from feeds.newsroom.volume import (
    SPIKE_MIN_COUNT,
    SPIKE_SIGMAS,
    SPIKE_TRAILING_DAYS,
    TIMELINE_DAYS,
    Series,
    day_range,
    volume,
)
from feeds.store import Store

from .. import messages
from ..charts import SPIKE_MARK, day_axis, series_block
from ..clock import Clock
from ..footer import KeyFooter
from ..safe_text import one_line

TOP_SPEAKERS = 12  # speakers shown by `p`: the busiest of the period
GUTTER = 5  # the scale's width, left of the bars


class TimelineBody(VerticalScroll):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]


class TimelineScreen(messages.ReportsWorkerErrors, Screen[None]):
    """One block per actor (pane order) or per speaker (busiest first): a bar a day, oldest left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("p", "toggle_speakers", "Speakers", tooltip="per speaker (the busiest) / per actor"),
    ]

    def __init__(self, store: Store, clock: Clock, actors: Sequence[str], *, days: int = TIMELINE_DAYS) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.actors = list(actors)
        self.days = days
        self.by = "actor"
        self.series: list[Series] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(Text("counting statements per day…"), id="timeline-head")
        yield TimelineBody(Static(id="timeline-chart"), id="timeline-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TimelineBody).focus()
        self._load(self.by)

    @property
    def period(self) -> list[date]:
        """The days shown, oldest first, ending today (UTC, the clock's)."""
        last = self.clock().date()
        return day_range(last - timedelta(days=self.days - 1), last)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _load(self, by: str) -> None:
        days = self.period
        if by == "speaker":
            series = volume(self.store, days[0], days[-1], by="speaker", top=TOP_SPEAKERS)
        else:
            series = volume(self.store, days[0], days[-1], actors=self.actors)
        self.post_message(messages.TimelineLoaded(by, series))

    def on_timeline_loaded(self, message: messages.TimelineLoaded) -> None:
        if message.by != self.by:
            return
        self.series = list(message.series)
        self.loaded = True
        days = self.period
        head = Text(end="")
        head.append(f"Statements per day, last {len(days)} days ({days[0].isoformat()} – {days[-1].isoformat()}, UTC)",
                    "bold")
        head.append(f", per {'speaker (the busiest)' if self.by == 'speaker' else 'actor'}. ")
        head.append(f"{SPIKE_MARK} unusual: ", "bold red")
        head.append(f"at least {SPIKE_MIN_COUNT} and above the mean + {SPIKE_SIGMAS:g} standard deviations of "
                    f"the {SPIKE_TRAILING_DAYS} days before. A quote carried by several outlets counts once.",
                    "dim")
        self.query_one("#timeline-head", Static).update(head)
        chart = Text(end="")
        for index, series in enumerate(self.series):
            if index:
                chart.append("\n\n")
            label = one_line(series.name) or "no actor"
            if series.actor:
                label += f" ({one_line(series.actor)})"
            chart.append_text(series_block(series, GUTTER, label))
        if self.series:
            chart.append("\n")
            chart.append_text(day_axis(days, GUTTER))
        else:
            chart.append("No statements in these days.", "dim")
        self.query_one("#timeline-chart", Static).update(chart)

    def action_toggle_speakers(self) -> None:
        self.by = "speaker" if self.by == "actor" else "actor"
        self._load(self.by)
