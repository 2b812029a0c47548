"""Volume drawn with block characters: a pane header's sparkline and the timeline's bars, as Rich Text.

Text, not a plotting widget: one cell per day reads at 80 columns, costs microseconds, and the
spike marks are characters (▲), so they show without colour (NO_COLOR) and in SVG snapshots.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from feeds.newsroom.volume import Series

LEVELS = "▁▂▃▄▅▆▇█"
SPIKE_MARK = "▲"
SPIKE_STYLE = "bold red"
BAR_STYLE = "cyan"
CHART_ROWS = 3  # bar height of one series in the timeline, in lines (eight steps a line)


def sparkline(counts: Sequence[int]) -> str:
    """One character a day: ▁ for none, then seven steps up to the busiest day."""
    top = max(counts, default=0)
    if not top:
        return LEVELS[0] * len(counts)
    return "".join(LEVELS[0] if not n else LEVELS[1 + min(6, (n * 7 - 1) // top)] for n in counts)


def bars(counts: Sequence[int], spikes: Sequence[bool], rows: int = CHART_ROWS) -> list[Text]:
    """A bar chart `rows` lines high, one column a day, the top line first; spike days in SPIKE_STYLE."""
    top = max(counts, default=0)
    steps = rows * 8
    lines = [Text(end="") for _ in range(rows)]
    for n, spike in zip(counts, spikes, strict=True):
        height = 0 if not n or not top else max(1, round(n * steps / top))
        style = SPIKE_STYLE if spike else BAR_STYLE
        for row in range(rows):  # row 0 is the bottom line
            fill = min(8, max(0, height - row * 8))
            char = "█" if fill == 8 else (LEVELS[fill - 1] if fill else " ")
            if row == 0 and not n:
                char, style_used = "·", "dim"
            else:
                style_used = style
            lines[rows - 1 - row].append(char, style_used)
    return lines


def spike_marks(spikes: Sequence[bool]) -> Text:
    text = Text(end="")
    for spike in spikes:
        text.append(SPIKE_MARK if spike else " ", SPIKE_STYLE if spike else "")
    return text


def day_axis(days: Sequence[date], gutter: int) -> Text:
    """Dates under the bars: the first day, then every seventh, MM-DD, where they fit."""
    cells = [" "] * len(days)
    for index in range(0, len(days), 7):
        label = days[index].strftime("%m-%d")
        if index + len(label) <= len(days):
            cells[index:index + len(label)] = list(label)
    return Text(" " * gutter + "".join(cells), style="dim", end="")


def series_block(series: Series, gutter: int, label: str) -> Text:
    """One series: a title line (name, total, busiest day, unusual days), bars, spike marks."""
    counts = [d.count for d in series.days]
    spikes = [d.spike for d in series.days]
    top = max(counts, default=0)
    text = Text(end="")
    text.append(label, "bold")
    text.append(f"  {series.total} statement{'s' if series.total != 1 else ''}", "dim")
    if top:
        busiest = max(series.days, key=lambda d: (d.count, d.day))
        text.append(f" · busiest {busiest.day.strftime('%m-%d')} ({top})", "dim")
    unusual = series.spikes
    if unusual:
        text.append("  ")
        listed = ", ".join(f"{d.day.strftime('%m-%d')} ({d.count})" for d in unusual[-4:])
        text.append(f"{SPIKE_MARK} unusual: {listed}", SPIKE_STYLE)
    for index, line in enumerate(bars(counts, spikes)):
        scale = str(top) if index == 0 and top else ("0" if index == CHART_ROWS - 1 else "")
        text.append("\n" + scale.rjust(gutter - 1) + " ")
        text.append_text(line)
    text.append("\n" + " " * gutter)
    text.append_text(spike_marks(spikes))
    return text
