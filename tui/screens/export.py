"""The export dialog: Markdown or CSV citations of what is on screen (the last choice comes first)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..safe_text import one_line

FORMATS = (("md", "Markdown: a list of citations"), ("csv", "CSV: one row per quote, for a spreadsheet"))


class ExportScreen(ModalScreen[str | None]):
    """Asks the format; dismissed with "md", "csv", or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("m", "choose('md')", "Markdown", show=False),
        Binding("c", "choose('csv')", "CSV", show=False),
    ]

    def __init__(self, count: int, what: str, default: str = "md") -> None:
        super().__init__()
        self.count = count
        self.what = what
        self.default = default if default in dict(FORMATS) else "md"

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            title = Text(f"Export {self.count} quote{'s' if self.count != 1 else ''}", style="bold")
            title.append(f" ({one_line(self.what)})", "dim")
            yield Static(title)
            yield OptionList(*(Option(label, id=key) for key, label in FORMATS), id="export-format")
            yield Static(Text("enter: export · m / c: Markdown / CSV · escape: cancel", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = [key for key, _ in FORMATS].index(self.default)
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, fmt: str) -> None:
        self.dismiss(fmt)

    def action_cancel(self) -> None:
        self.dismiss(None)
