"""Everything a command prints: text meant for a person is made safe on its way to the terminal.

Feed titles, server error reasons, warnings and quotes come from the network. Each command
prints through `say`/`warn` (and `status` for a progress line), which pass the text through the
dashboard's sanitizer (tui/safe_text.py: no escape sequences, C0/C1 controls, bidi overrides,
zero-width or tag characters), so no command can forget a line. `data` is for formats read by
programs (JSON, CSV, Markdown, OPML): written exactly, their own escaping applies.
"""

from __future__ import annotations

import sys
from typing import TextIO

_CLEAR_LINE = "\r\x1b[2K"  # our own: back to column 0 and erase the progress line


def say(text: str = "", *, file: TextIO | None = None, single_line: bool = False) -> None:
    """Print lines for a person (standard output unless `file`), cleaned; newlines kept unless `single_line`."""
    from .safe_text import clean  # imports Rich: loaded when a command first prints, not by --help

    stream = file if file is not None else sys.stdout
    stream.write(clean(text, single_line=single_line) + "\n")
    stream.flush()


def warn(text: str) -> None:
    """A message on standard error, cleaned like `say`."""
    say(text, file=sys.stderr)


def data(text: str, *, file: TextIO | None = None) -> None:
    """Output for programs, written exactly as given."""
    stream = file if file is not None else sys.stdout
    stream.write(text)
    stream.flush()


def status(text: str, *, file: TextIO | None = None) -> None:
    """Replace the progress line at the bottom of a terminal with one cleaned line."""
    from .safe_text import one_line

    stream = file if file is not None else sys.stderr
    stream.write(_CLEAR_LINE + one_line(text))
    stream.flush()


def clear_status(*, file: TextIO | None = None) -> None:
    stream = file if file is not None else sys.stderr
    stream.write(_CLEAR_LINE)
    stream.flush()
