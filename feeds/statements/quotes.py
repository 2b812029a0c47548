"""Finding quotations in plain text: quote marks paired into spans, nested and multi-paragraph.

One left-to-right pass over the quote marks of each paragraph with a small stack: time is linear
in the text, a mark that never closes costs nothing beyond its paragraph, and no quote runs past
MAX_QUOTE_PARAGRAPHS paragraphs or MAX_QUOTE_CHARS characters.
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass
from typing import NamedTuple

MAX_QUOTE_CHARS = 20_000
MAX_QUOTE_PARAGRAPHS = 12
MAX_DEPTH = 6

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# Every character that can open or close a quotation. The straight apostrophe is left out on
# purpose: it is nearly always an apostrophe, and a quotation inside double marks needs no
# pairing of its own (it belongs to the outer one).
_MARKS = re.compile("[\"«»„“”‘’‹›]")
_MARKS_STRAIGHT_SINGLE = re.compile("[\"«»„“”‘’‹›']")


def _straight_single_open(text: str, start: int, end: int) -> bool:
    """Is there a straight single mark that opens a quotation in text[start:end]? (A literal-led
    regex finds the candidates fast; most are apostrophes, told apart by the character before.)"""
    return _STRAIGHT_SINGLE_OPEN.search(text, start, end) is not None


_NONSPACE = re.compile(r"\S")
# A quotation whose marks pair simply: “...” / "..." / «...» with no other double mark inside.
_SIMPLE_CLOSER = {"“": "”", '"': '"', "«": "»"}
_DOUBLE_MARKS = '“”"«»„'

# opening mark -> the marks that may close it
# (a straight and a curly double mark close each other: real copy mixes them, "... moon,” said X)
_CLOSERS = {"“": "”\"", "„": "“”", "«": "»", "‘": "’", "‹": "›", '"': '"”', "'": "'"}
_DOUBLE = {"“", "„", "«", '"'}  # (single marks: ‘ ’ ' ‹ ›)
_SPACE = " \t\n\r\u00a0\u202f\u2009\u2007\u200a"
_OPEN_BEFORE = _SPACE + "([{—–-/:;,\u2014\u2013…" + "“„«‘‹"
# 'We are ready,' she said: a straight single mark opening a quotation — first in the text or after
# one of _OPEN_BEFORE, before a letter. Most straight single marks are apostrophes (it's, Russia's):
# the lookbehind, tried only where a mark is, rules those out inside the regex (it sees the
# character before the mark even at the search's start).
_STRAIGHT_SINGLE_OPEN = re.compile("'(?<![^" + "".join(map(re.escape, _OPEN_BEFORE)) + "]')(?=[^\\W\\d_])")


class Paragraph(NamedTuple):
    index: int  # type: ignore[assignment]  # (shadows tuple.index, which nothing here calls)
    start: int
    end: int


@dataclass(slots=True)
class QuoteSpan:
    """A top-level quotation: the text between its marks, in one part per paragraph it spans.

    `parts` are (start, end) offsets of the text inside the marks, trimmed of spaces;
    `open_at` is the offset of the opening mark and `close_at` one past the closing mark.
    """

    open_at: int
    close_at: int
    parts: list[tuple[int, int]]
    paragraph: int
    last_paragraph: int
    mark: str

    def text(self, source: str) -> str:
        return " ".join(source[s:e] for s, e in self.parts if e > s)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs are separated by a blank line; offsets index `text`."""
    out: list[Paragraph] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        # (a break ends with the spaces after it: a paragraph but the first opens with a letter)
        if m.start() > pos and (not text[pos].isspace() or _NONSPACE.search(text, pos, m.start())):
            out.append(Paragraph(len(out), pos, m.start()))
        pos = m.end()
    if pos < len(text) and _NONSPACE.search(text, pos):
        out.append(Paragraph(len(out), pos, len(text)))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _SPACE:
        s += 1
    while e > s and text[e - 1] in _SPACE:
        e -= 1
    return s, e


class _Open:
    __slots__ = ("mark", "pos", "children", "start_par", "parts", "content_start")

    def __init__(self, mark: str, pos: int, par: int) -> None:
        self.mark = mark
        self.pos = pos
        self.children: list[QuoteSpan] = []
        self.start_par = par
        self.parts: list[tuple[int, int]] = []
        self.content_start = pos + 1


def find_quotes(text: str, paragraphs: list[Paragraph] | None = None) -> list[QuoteSpan]:
    """Every top-level quotation in `text`, in order. Never raises; linear in len(text)."""
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    out: list[QuoteSpan] = []
    carry: _Open | None = None  # a quotation continuing from the previous paragraph
    n = len(text)
    straight = _straight_single_open(text, 0, len(text))
    marks = _MARKS_STRAIGHT_SINGLE if straight else _MARKS
    single = "‘" in text
    doubles = _positions(text, _DOUBLE_MARKS)
    for par in paragraphs:
        stack: list[_Open] = []
        first_mark_at = None
        if carry is not None:
            # a multi-paragraph quotation goes on only if this paragraph opens with a mark again
            lead = par.start
            while lead < par.end and text[lead] in _SPACE:
                lead += 1
            if (lead < par.end and text[lead] in ('"“«„' if carry.mark in _DOUBLE else "‘'")
                    and par.index - carry.start_par < MAX_QUOTE_PARAGRAPHS
                    and par.start - carry.pos < MAX_QUOTE_CHARS):
                carry.content_start = lead + 1
                stack.append(carry)
                first_mark_at = lead
            else:
                _abandon(carry, out, None)
            carry = None
        elif (not single or text.find("‘", par.start, par.end) < 0) and not (
                straight and _straight_single_open(text, par.start, par.end)):
            # the usual paragraph: every double mark pairs with the next one, no nesting
            lo = bisect.bisect_left(doubles, par.start)
            hi = bisect.bisect_left(doubles, par.end)
            if lo == hi:
                continue
            found = _simple_pairs(text, doubles[lo:hi], par.index) if (hi - lo) % 2 == 0 else None
            if found is not None:
                out.extend(found)
                continue
        for m in marks.finditer(text, par.start, par.end):
            i = m.start()
            ch = text[i]
            if ch == "’" and (not stack or stack[-1].mark != "‘"):
                continue  # an apostrophe (the common case): nothing to close
            if ch == "'" and (not stack or stack[-1].mark != "'") and not (
                    (i == 0 or text[i - 1] in _OPEN_BEFORE) and i + 1 < n and text[i + 1].isalpha()):
                continue  # an apostrophe: it's, the crew's
            if i == first_mark_at:
                continue
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < n else " "
            # closing an open quotation (the innermost one it fits, popping unclosed inner ones)
            closed = False
            if stack:
                for depth in range(len(stack) - 1, -1, -1):
                    o = stack[depth]
                    if ch not in _CLOSERS[o.mark]:
                        continue
                    if ch in "’'" and (depth != len(stack) - 1 or nxt.isalpha() or _possessive(text, i)
                                       or prev in _SPACE):
                        break  # an apostrophe: it's, astronauts’ seats
                    if ch == '"' and not _closing_ok(prev, nxt):
                        break  # looks like an opening mark: a nested straight quotation
                    if ch == "“" and o.mark == "„" and prev in _SPACE and nxt not in _SPACE:
                        break
                    if i - o.pos > MAX_QUOTE_CHARS:
                        break
                    _close(text, stack, depth, i, out, par.index)
                    closed = True
                    break
            if closed:
                continue
            # opening a quotation
            if ch in "“„«‘‹'" or (ch == '"' and _opening_ok(prev, nxt)):
                if ch == "‘" and prev.isalnum():
                    continue  # a misused apostrophe: rock ‘n’ roll, don‘t
                if len(stack) >= MAX_DEPTH:
                    continue
                stack.append(_Open(ch, i, par.index))
            # anything else is a stray mark: an inch sign, a closing mark with nothing open
        if stack:
            bottom = stack[0]
            for o in reversed(stack[1:]):
                _abandon(o, out, stack[stack.index(o) - 1])
            # the paragraph ends inside a quotation: it may go on in the next paragraph if it
            # opened where speech begins (the paragraph's start, after a colon, a comma or a dash,
            # or a new sentence after a quotation closed in this paragraph: “A,” she said. “B ...)
            before = text[par.start:bottom.pos].rstrip()
            if bottom.parts or not before or before[-1] in ":,;—–-" or (
                    before[-1] in ".!?" and any(q.close_at > par.start for q in out[-2:])):
                s, e = _trim(text, bottom.content_start, par.end)
                bottom.parts.append((s, e))
                carry = bottom
            else:
                _abandon(bottom, out, None)
    if carry is not None:
        _abandon(carry, out, None)
    out.sort(key=_OPEN_AT)
    return out


_OPEN_AT = operator.attrgetter("open_at")


def _positions(text: str, chars: str) -> list[int]:
    """Where any of `chars` occurs in text, in order (str.find runs much faster than a regex scan)."""
    out: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _simple_pairs(text: str, marks: list[int], par: int) -> list[QuoteSpan] | None:
    """The quotations of a paragraph whose double marks (at `marks`, an even number) pair simply:
    each opening mark closed by the very next mark, on the same line. None: read it slowly."""
    n = len(text)
    found = []
    for k in range(0, len(marks), 2):
        a, c = marks[k], marks[k + 1]
        mark = text[a]
        if text[c] != _SIMPLE_CLOSER.get(mark) or c - a - 1 > MAX_QUOTE_CHARS or text.find("\n", a, c) >= 0:
            return None
        if mark == '"' and not (_opening_ok(text[a - 1] if a else " ", text[a + 1])
                                and _closing_ok(text[c - 1], text[c + 1] if c + 1 < n else " ")):
            return None  # an inch mark or a straight quotation the wrong way round
        st, en = a + 1, c
        if text[st] in _SPACE or text[en - 1] in _SPACE:  # (rarely: “ spaced ”, or “”)
            st, en = _trim(text, st, en)
        found.append(QuoteSpan(a, c + 1, [(st, en)], par, par, mark))
    return found


def _possessive(text: str, i: int) -> bool:
    """astronauts’ seats: a closing single mark after an s, followed by a lowercase word."""
    if i == 0 or text[i - 1] not in "sS":
        return False
    j = i + 1
    return j + 1 < len(text) and text[j] == " " and text[j + 1].islower()


def _closing_ok(prev: str, nxt: str) -> bool:
    if prev in _SPACE and nxt not in _SPACE and nxt not in ".,;:!?)—–-":
        return False
    return True


def _opening_ok(prev: str, nxt: str) -> bool:
    return (prev in _OPEN_BEFORE or prev == '"') and nxt not in _SPACE


def _close(text: str, stack: list[_Open], depth: int, i: int, out: list[QuoteSpan], par: int) -> None:
    # inner quotations left open are abandoned; what they had found goes to their parent
    while len(stack) - 1 > depth:
        o = stack.pop()
        _abandon(o, out, stack[-1])
    o = stack.pop()
    s, e = _trim(text, o.content_start, i)
    parts = [*o.parts, (s, e)]
    span = QuoteSpan(open_at=o.pos, close_at=i + 1, parts=parts, paragraph=o.start_par,
                     last_paragraph=par, mark=o.mark)
    if stack:
        stack[-1].children.append(span)
    else:
        out.append(span)


def _abandon(o: _Open, out: list[QuoteSpan], parent: _Open | None) -> None:
    """An opening mark that never closed: keep the closed quotations found inside it."""
    if parent is not None:
        parent.children.extend(o.children)
    else:
        out.extend(o.children)
