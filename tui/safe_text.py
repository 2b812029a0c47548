"""Hostile feed text made safe to show: control codes, escapes and invisible tricks removed, never markup."""

from __future__ import annotations

import re
import unicodedata

from rich.style import Style
from rich.text import Text

# ESC-introduced sequences: CSI (ESC [ ... final), OSC / DCS / SOS / PM / APC (ESC ] ... BEL or ST,
# OSC 8 hyperlinks and OSC 52 clipboard writes among them), and two-byte escapes (ESC 7, ESC c).
# An unterminated string sequence runs to the end of the text: what follows was meant for the
# terminal, not the reader. 8-bit introducers (U+009D OSC...) are controls, dropped one by one
# below; the 8-bit CSI takes its parameters with it.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?               # CSI
    | \x1b[\]P^_X].*?(?:\x07|\x1b\\|\x9c|\Z)        # OSC, DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]?                              # other escapes, or a lone ESC
    """,
    re.VERBOSE | re.DOTALL,
)

# Format characters (Unicode category Cf) are invisible: bidi overrides and isolates, zero-width
# spaces, word joiners, BOMs, soft hyphens, tag characters. They can reorder or hide what a reader
# sees, so they go, except the joiners that scripts and emoji need to render correctly.
_KEEP_FORMAT = frozenset("\u200c\u200d")  # ZWNJ (Persian, Indic), ZWJ (emoji sequences, Indic)
_WHITESPACE = re.compile(r"\s+")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")


def _is_dropped(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cc":
        return True
    if category == "Cf":
        return ch not in _KEEP_FORMAT
    return False


def clean(text: str | None, *, single_line: bool = False) -> str:
    """Feed text with every escape sequence, control and invisible format character removed.

    Newlines stay (as "\\n") unless `single_line`, where any line break or tab becomes a space
    and runs of spaces collapse. Lone surrogates, which a terminal cannot encode, become U+FFFD.
    """
    if not text:
        return ""
    text = _ESCAPES.sub("", text).replace("\r\n", "\n")
    out: list[str] = []
    for ch in text:
        if ch in _LINE_BREAKS:
            out.append(" " if single_line else "\n")
        elif ch == "\t":
            out.append(" ")
        elif "\ud800" <= ch <= "\udfff":
            out.append("\ufffd")
        elif ch.isprintable() or not _is_dropped(ch):
            out.append(ch)
    result = "".join(out)
    if single_line:
        result = _WHITESPACE.sub(" ", result)
    return result


def one_line(text: str | None) -> str:
    """Cleaned text on one line, trimmed: titles, names, outlets."""
    return clean(text, single_line=True).strip()


def safe(text: str | None, style: str | Style = "", *, single_line: bool = True) -> Text:
    """A Rich Text of cleaned feed text: shown literally, whatever brackets or escapes it held."""
    return Text(one_line(text) if single_line else clean(text), style=style, end="")


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if text[len(cut)] != " " and space > limit // 2:
        cut = cut[:space]  # mid-word: back to the last space
    return cut.rstrip(" ,;:") + "…"
