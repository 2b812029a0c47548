"""Store records as safe Rich Text: statement cards, article rows and an article's highlighted body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from feeds.models import ArticlePage, ArticleSummary, ArticleView, FeedHealth, PageHealth, StatementView
from feeds.newsroom.citations import speaker_label

from .clock import ago, day, until
from .safe_text import clean, one_line, safe, shorten

KEY_MARK = "★"
STAR_MARK = "⚑"  # starred by the reader (`s`); ★ is the extractor's key quote
STAR_STYLE = "bold"
QUOTE_LIMIT = 400  # a card shows this much of a quote; the article view shows it all

# Styles that survive a monochrome terminal: key quotes are bold, quotes in text underlined or
# reversed; colour only adds to them.
KEY_STYLE = "bold"
MARK_STYLE = "bold reverse"
META_STYLE = "dim"
QUOTE_IN_TEXT = "underline"
KEY_IN_TEXT = "bold reverse"


class Card:
    """A list row with a hanging indent: a marker in a two-cell gutter, the body wrapped beside it.

    A Rich renderable of its own because a row is measured and drawn for every height the
    list computes: wrapping one Text is a third of the cost of a one-row Table.
    """

    GUTTER = 2

    def __init__(self, mark: Text, body: Text) -> None:
        self.mark = mark
        self.body = body
        # Wrapped lines by width. A list measures every row again whenever its width changes
        # (a digit shows one pane full width, 0 brings the grid back): a pane goes back and forth
        # between two or three widths, and wrapping is most of what a row costs to draw.
        self._lines: dict[int, list[list[Segment]]] = {}

    @property
    def plain(self) -> str:
        return f"{self.mark.plain} {self.body.plain}"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - self.GUTTER)
        lines = self._lines.get(width)
        if lines is None:
            lines = self._lines[width] = self._wrap(console, width)
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line

    def _wrap(self, console: Console, width: int) -> list[list[Segment]]:
        blank = Segment(" " * self.GUTTER)
        mark = _segments(console, self.mark)
        mark_width = self.mark.cell_len
        lines = []
        for index, line in enumerate(self.body.wrap(console, width)):
            if index == 0 and mark_width:
                start = [*mark, Segment(" " * max(0, self.GUTTER - mark_width))]
            else:
                start = [blank]
            lines.append(start + _segments(console, line))
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        body = Measurement.get(console, options, self.body)
        return Measurement(body.minimum + self.GUTTER, body.maximum + self.GUTTER)


def _segments(console: Console, text: Text) -> list[Segment]:
    """A one-line Text's segments with its own (base) style applied, which Text.render leaves out."""
    segments = list(text.render(console))
    if text.style:
        segments = list(Segment.apply_style(segments, post_style=console.get_style(text.style)))
    return segments


def card(mark: Text, body: Text) -> Card:
    return Card(mark, body)


def statement_card(view: StatementView, now: datetime, *, show_actor: bool = False) -> Card:
    """The quote (marked and bold when key), then speaker · outlet · how long ago."""
    quote = shorten(one_line(view.quote), QUOTE_LIMIT)
    body = Text(end="")
    body.append(f"“{quote}”", (KEY_STYLE if view.is_key else "") + (" dim" if view.read else ""))
    body.append("\n")
    who = speaker_label(view) if show_actor else (view.speaker or view.speaker_as_written or "unnamed")
    meta = [one_line(who), one_line(view.outlet) or "unknown outlet",
            ago(view.published, now)]
    if view.sources > 1:
        meta.append(f"{view.sources} sources")
    if view.starred:
        meta.append("starred")
    if view.read:
        meta.append("read")
    body.append(" · ".join(m for m in meta if m), META_STYLE)
    mark = Text(KEY_MARK, MARK_STYLE) if view.is_key else Text("")
    if view.starred:  # the gutter holds two cells: ★ for a key quote, ⚑ for a star, or both
        mark.append(STAR_MARK, STAR_STYLE)
    return card(mark, body)


def article_card(summary: ArticleSummary, now: datetime) -> Card:
    """An article in a list: its title, then outlet · how long ago · how many quotes."""
    body = Text(shorten(one_line(summary.title) or "(untitled)", QUOTE_LIMIT), end="")
    body.append("\n")
    meta = [one_line(summary.outlet) or "unknown outlet", ago(summary.published, now)]
    if summary.statements:
        meta.append(f"{summary.statements} quote{'s' if summary.statements != 1 else ''}")
    body.append(" · ".join(meta), META_STYLE)
    return card(Text("▪", META_STYLE), body)


def text_source(page: ArticlePage | None) -> str:
    """Where an article's text came from, as the article view says it."""
    if page is not None and page.from_page:
        return "text from the page"
    if page is None or page.status == "read":  # never tried, or the item changed since
        return "text from the feed"
    why = {"refused": "page refused by robots.txt"}.get(page.status, page.reason or "page not used")
    return f"text from the feed ({why})"


def article_header(article: ArticleView, page: ArticlePage | None = None) -> Text:
    """Title, outlets, date, author, link and where the text came from, each on its own line."""
    head = Text(end="")
    head.append(one_line(article.title) or "(untitled)", "bold")
    lines = [", ".join(one_line(o) for o in article.outlets) or "unknown outlet",
             day(article.published)]
    if article.author:
        lines.append("by " + one_line(article.author))
    lines.append(one_line(article.link) or "no link")
    lines.append(one_line(text_source(page)))
    for line in lines:
        head.append("\n")
        head.append(line, META_STYLE)
    return head


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article, ready to show, with the statements it holds."""

    text: Text
    start: int  # offset of the paragraph in the article text
    statement_ids: tuple[int, ...]


def paragraph_bounds(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty paragraph; the parser joins paragraphs with a blank line."""
    pos = 0
    while pos <= len(text):
        end = text.find("\n\n", pos)
        if end < 0:
            end = len(text)
        if text[pos:end].strip():
            yield pos, end
        pos = end + 2


def article_paragraphs(article: ArticleView) -> list[Paragraph]:
    """The article text with every statement highlighted in place and its speaker named beside it.

    Highlights are cut from the raw text at the store's offsets before any cleaning, so cleaning
    (which may drop characters) never shifts a highlight off its quote.
    """
    text = article.text
    size = len(text)
    spans = [(max(0, min(s.start, size)), max(0, min(s.end, size)), s) for s in article.statements]
    spans = [(a, b, s) for a, b, s in spans if b > a]
    paragraphs: list[Paragraph] = []
    for p0, p1 in paragraph_bounds(text):
        inside = [(max(a, p0), min(b, p1), s) for a, b, s in spans if a < p1 and b > p0]
        # Each speaker is named where their quote ends, after its closing mark and punctuation.
        named = {s.id: _after_closing(text, s.end, p1) for _, _, s in inside if s.end <= p1}
        cuts = sorted({p0, p1, *(a for a, _, _ in inside), *(b for _, b, _ in inside), *named.values()})
        out = Text(end="")
        for a, b in zip(cuts, cuts[1:], strict=False):
            covering = [s for x, y, s in inside if x <= a and b <= y]
            style = ""
            if covering:
                style = KEY_IN_TEXT if any(s.is_key for s in covering) else QUOTE_IN_TEXT
            out.append(clean(text[a:b], single_line=True), style)
            for _, _, s in inside:
                if named.get(s.id) == b:
                    out.append(" ")
                    out.append(attribution(s), "bold italic" if s.is_key else "italic")
        ids = tuple(s.id for a, b, s in spans if a < p1 and b > p0)
        paragraphs.append(Paragraph(out, p0, ids))
    return paragraphs


_CLOSING = frozenset("\"'”’»›“,.;:!?)")


def _after_closing(text: str, end: int, limit: int) -> int:
    """The offset just past the closing quotation mark and punctuation that follow a quote."""
    stop = min(limit, end + 3)
    while end < stop and text[end] in _CLOSING:
        end += 1
    return end


def attribution(view: StatementView) -> str:
    """"[★ Yuri Borisov (Roscosmos)]": who said the quote just before it."""
    mark = f"{KEY_MARK} " if view.is_key else ""
    return f"[{mark}{one_line(speaker_label(view))}]"


def pages_text(page: PageHealth | None) -> str:
    """A feed's article pages in a few words: read, kept, refused, failed (only those that happened)."""
    if page is None:
        return ""
    parts = [f"{n} {what}" for n, what in ((page.read, "read"), (page.kept, "kept"),
                                           (page.refused, "refused"), (page.failed, "failed")) if n]
    return ", ".join(parts)


def health_status(feed: FeedHealth) -> Text:
    """"ok", "error", "not modified", "never fetched"; ", warning" when the last read feed was
    malformed but recovered (the store keeps its warning where an ok feed has no error)."""
    status = (feed.last_status or "never fetched").replace("-", " ")
    if feed.last_status == "error":
        return Text(status, style="bold reverse")
    if feed.last_error and feed.last_status is not None:
        return Text(f"{status}, warning" if feed.last_status != "warning" else status, style="bold")
    return Text(status)


def health_cells(feed: FeedHealth, now: datetime, page: PageHealth | None = None) -> dict[str, Text]:
    """One feed's row on the feed-health screen, by column key (the screen picks the columns that fit)."""
    checked = ago(feed.last_checked_at, now) if feed.last_checked_at else "never"
    retry = until(feed.retry_at, now) if feed.retry_at and feed.retry_at > now else ""
    return {"feed": safe(feed.title or feed.url), "status": health_status(feed),
            "http": Text(str(feed.http_status) if feed.http_status else ""), "articles": Text(str(feed.articles)),
            "fails": Text(str(feed.consecutive_failures) if feed.consecutive_failures else ""),
            "checked": Text(checked), "retry": Text(retry), "pages": Text(pages_text(page)),
            "problem": safe(feed.last_error or "")}
