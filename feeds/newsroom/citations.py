"""How a statement leaves spacewatch: one citation format for the clipboard, Markdown, CSV and JSON."""

from __future__ import annotations

from ..models import StatementView
from ..urls import is_web_url


def speaker_label(view: StatementView) -> str:
    """"Yuri Borisov (Roscosmos)", "unnamed (NASA)", "Robyn Gatens", or "unknown speaker"."""
    name = view.speaker or view.speaker_as_written
    if name and view.actor:
        return f"{name} ({view.actor})"
    if view.actor:
        return f"unnamed ({view.actor})"
    return name or "unknown speaker"


def citation(view: StatementView) -> str:
    """The quote with its source on one line, as a journalist pastes it.

    “the decision was made to leave this station after 2024” — Yuri Borisov (Roscosmos),
    TASS, 2022-07-26, https://tass.com/science/1485375
    Only http(s) links are cited; anything else could be a trap for whoever clicks it.
    """
    quote = " ".join(view.quote.split())
    parts = [speaker_label(view)]
    if view.outlet:
        parts.append(" ".join(view.outlet.split()))
    if view.published:
        parts.append(view.published.strftime("%Y-%m-%d"))
    if is_web_url(view.link):
        parts.append(str(view.link))
    return f"“{quote}” — " + ", ".join(parts)
