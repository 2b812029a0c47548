"""The key footer: the keys that matter most first, as many as the width holds; redrawn only when they change.

Textual's Footer lists every key of the focused widget, then the screen, then the app, and cuts
the row at the terminal's edge: at 80 columns `f Feeds` and `q Quit` fell off. Here each key has
a rank (leaving, help, the app's own keys, then the screen's, then the row's) and the footer
keeps the best-ranked ones that fit, in their usual order; `?` lists every key of every screen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup  # no public names for them

# Actions by how much a first-time user needs to see them; anything else ranks after these.
RANKS = {"app.pop_screen": 0, "quit": 0, "help": 1, "refresh": 2, "search": 3, "feed_health": 4,
         "show_pane": 5, "show_all": 6}
LAST = 10


def _rank(binding: Binding) -> int:
    return RANKS.get(binding.action.partition("(")[0], LAST)


class KeyFooter(Footer):
    """Textual's Footer, ranked and fitted to the width; it also rebuilt all its keys whenever focus
    moved, and between two panes the keys are the same (that rebuild was most of a filter key's
    latency: about 50 ms of 85)."""

    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = (self.size.width, *((binding.key, binding.description, enabled)
                 for _, binding, enabled, _ in screen.active_bindings.values() if binding.show))
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self._shown is not None and self._shown[0] != event.size.width:
            self.bindings_changed(self.screen)

    def _entries(self) -> list[tuple[int, int, list[tuple[Binding, bool, str]]]]:
        """(rank, cells, bindings) per footer entry, in the order Textual would show them."""
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        entries: list[tuple[int, int, list[tuple[Binding, bool, str]]]] = []
        grouped: dict[object, int] = {}
        for multi in by_action.values():
            binding = multi[0][0]
            key = len(self.app.get_key_display(binding))
            group = binding.group
            if group is not None:
                if group in grouped:
                    rank, cells, members = entries[grouped[group]]
                    entries[grouped[group]] = (min(rank, _rank(binding)), cells + key, members + [multi[0]])
                    continue
                grouped[group] = len(entries)
                entries.append((_rank(binding), key + len(group.description) + 3, [multi[0]]))
            else:
                entries.append((_rank(binding), key + len(binding.description) + 3, [multi[0]]))
        return entries

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        entries = self._entries()
        room = self.size.width or self.app.size.width
        keep: set[int] = set()
        for index in sorted(range(len(entries)), key=lambda i: (entries[i][0], i)):
            if entries[index][1] <= room:
                keep.add(index)
                room -= entries[index][1]
        self.styles.grid_size_columns = sum(len(entries[i][2]) for i in keep) or 1
        for index, (_, _, members) in enumerate(entries):
            if index in keep:
                yield from self._widgets(members)

    def _widgets(self, members: list[tuple[Binding, bool, str]]) -> Iterator[Widget]:
        group = members[0][0].group
        if group is not None and len(members) > 1:
            with KeyGroup(classes="-compact" if group.compact else ""):
                for binding, enabled, tooltip in members:
                    yield FooterKey(binding.key, self.app.get_key_display(binding), "", binding.action,
                                    disabled=not enabled, tooltip=tooltip or binding.description,
                                    classes="-grouped").data_bind(compact=Footer.compact)
            yield FooterLabel(group.description)
            return
        for binding, enabled, tooltip in members:
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)
