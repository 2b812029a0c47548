"""An article page's main text: decoded, boilerplate removed by trafilatura, checked against the feed's teaser.

trafilatura does the boilerplate removal (navigation, cookie banners, share buttons, related
links, comments, newsletter boxes): it is the best open-source extractor on the Zyte article
benchmark, and writing another is not the job here. What spacewatch adds is what it knows and
trafilatura does not: the feed's own text for the item. A page whose text does not contain the
feed's first sentence is not the article (a paywall, a consent wall, a home page), and a page
text shorter than the feed's adds nothing: either way the feed's text is kept, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import html as lxml_html

from .html_text import clean_line
from .parse import decode_feed

# --- when a feed's text is a teaser (full_text = "auto") ------------------------------------------

# Fewer words than this and the feed's text is taken for a teaser: SpaceNews' ~28-word items, one
# sentence from The Moscow Times, TASS's short lead. Full releases (NASA) run to several hundred.
TEASER_WORDS = 150
# How feeds say that the text goes on elsewhere, at the end of the text.
_CUT_MARKERS = re.compile(
    r"(?:read\s+more|continue\s+reading|read\s+(?:the\s+)?full\s+(?:article|story|text)|keep\s+reading"
    r"|appeared\s+first\s+on\b.{0,200}|\(more\W{0,3}\)|\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.|>>|»"
    r"|читать\s+(?:далее|полностью)|подробнее)\W{0,5}\s*$",
    re.IGNORECASE | re.DOTALL)


def teaser_reason(text: str) -> str | None:
    """Why a feed's text for an item looks like a teaser, or None when it looks like the article."""
    if not text.strip():
        return "the feed gives no text"
    if _CUT_MARKERS.search(text[-400:]):
        return "the feed's text is cut off"
    words = len(text.split())
    if words < TEASER_WORDS:
        return f"the feed's text is short ({words} words)"
    return None


def page_wanted(mode: str, text: str) -> bool:
    """Whether an item's page should be read under a feed's `full_text` mode."""
    if mode == "never":
        return False
    return mode == "always" or teaser_reason(text) is not None


# --- decoding ----------------------------------------------------------------------------------------

_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">.
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def decode_page(body: bytes, content_type: str | None = None) -> str:
    """A page's bytes as text: the HTTP charset, else the page's own <meta>, else UTF-8, else a guess.

    The guess is the feed parser's (windows-1251 and KOI8-R told apart by their letters), so a
    Russian page served without any charset reads as it does in a feed.
    """
    charset = None
    if content_type and (m := _HTTP_CHARSET.search(content_type)):
        charset = m.group(1)
    elif m2 := _META_CHARSET.search(body[:4096]):
        charset = m2.group(1).decode("ascii", "replace")
    text, _encoding, _warning = decode_feed(body, charset)
    return text


# --- main text ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageText:
    """What spacewatch keeps of a page: its main text (paragraphs joined by a blank line) and metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    # Everything a reader sees on the page, main text or not (for the teaser check only).
    visible: str = ""


_WORD = re.compile(r"\w+")
_INVISIBLE = ("script", "style", "noscript", "template", "svg")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("ё", "е"))


def _visible_text(tree: lxml_html.HtmlElement) -> str:
    parts: list[str] = []
    title = tree.find(".//title")
    if title is not None and title.text:
        parts.append(title.text)
    body = tree.find(".//body")
    for el in (body if body is not None else tree).iter():
        if not isinstance(el.tag, str) or el.tag in _INVISIBLE:
            if el.tail:
                parts.append(el.tail)
            continue
        if el.text and not any(a.tag in _INVISIBLE for a in el.iterancestors()):
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    return " ".join(parts)


def _drop_repeats(paragraphs: list[str], title: str | None) -> list[str]:
    """Paragraphs without the headline and without pull-quotes (a paragraph another one already says).

    A pull-quote repeats a sentence of the body in large type; kept, the same quotation would
    be a second statement, placed where the speaker's name is nowhere near.
    """
    norm = [" ".join(_words(p)) for p in paragraphs]
    head = " ".join(_words(title or ""))
    kept: list[str] = []
    for i, p in enumerate(paragraphs):
        n = norm[i]
        if not n or (i == 0 and n == head):
            continue
        repeated = any(j != i and n in norm[j] and (len(norm[j]) > len(n) or j < i)
                       for j in range(len(paragraphs)))
        if not repeated:
            kept.append(p)
    return kept


def _published(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


# Lines trafilatura keeps that are links to other stories set inside the body, not its text.
_LINK_BOX = re.compile(r"^(?:read|see)\s+(?:also|more)\s*:|^related\s*:|^читайте\s+также\s*:", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^[|\-:\s]+$")
# A table row this long is a page laid out with a table (old sites), not a table in the article.
LAYOUT_ROW_WORDS = 60


def _paragraphs(doc_text: str) -> list[str]:
    """trafilatura's text lines as paragraphs: list bullets and table pipes gone, link boxes dropped."""
    out = []
    for raw in doc_text.split("\n"):
        line = clean_line(raw)
        if line.startswith("|"):
            if _TABLE_RULE.match(line):
                continue  # the |---|---| under a header row
            line = " | ".join(c.strip() for c in line.strip("| ").split("|"))
        elif line.startswith("- "):
            line = line[2:]
        if line and not _LINK_BOX.match(line):
            out.append(line)
    return out


def _trafilatura(tree: lxml_html.HtmlElement, url: str | None, tables: bool) -> tuple[list[str], object]:
    import trafilatura  # 0.3 s to import: only where pages are read (preloaded in the pool)

    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=tables,
                                      with_metadata=True)
    if doc is None:
        return [], None
    return _paragraphs(getattr(doc, "text", None) or ""), doc


def extract_page(body: bytes | str, url: str | None = None, content_type: str | None = None) -> PageText:
    """The main text of an article page, as trafilatura finds it, cleaned the way feed text is.

    Never touches the network: trafilatura gets the page already read and parsed.
    """
    markup = decode_page(body, content_type) if isinstance(body, bytes) else body
    try:
        tree = lxml_html.document_fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return PageText("")
    visible = _visible_text(tree)
    paragraphs, doc = _trafilatura(tree, url, True)
    if any(p.count(" | ") and len(p.split()) > LAYOUT_ROW_WORDS for p in paragraphs):
        # The whole page came out as one table cell: read it again (trafilatura prunes the tree
        # it is given) with tables taken as plain blocks.
        paragraphs, doc = _trafilatura(lxml_html.document_fromstring(markup), url, False)
    if doc is None:
        return PageText("", visible=visible)
    title = clean_line(getattr(doc, "title", None)) or None
    paragraphs = _drop_repeats(paragraphs, title)
    return PageText("\n\n".join(paragraphs), title=title, author=clean_line(getattr(doc, "author", None)) or None,
                    published=_published(getattr(doc, "date", None)), visible=visible)


# --- the check against the feed --------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»']?\s+(?=[\"“«'(]?[A-ZА-ЯЁ0-9])")
PROBE_WORDS = 25  # the first sentence, at most this many words of it
SHINGLE = 3
FUZZY_SHARE = 0.8  # of the probe's word triples found on the page: the same sentence, lightly edited


def first_sentence_words(text: str) -> list[str]:
    """The words of a text's first sentence (at most PROBE_WORDS), without a cut-off last word."""
    text = text.strip()
    cut = _CUT_MARKERS.search(text[-400:])
    if cut:
        text = text[:len(text) - len(text[-400:]) + cut.start()]
    head = _SENTENCE_END.split(text, 1)[0]
    words = _words(head)
    if len(words) > PROBE_WORDS:
        words = words[:PROBE_WORDS]
    elif cut and head == text and words:
        words = words[:-1]  # the teaser stopped mid-sentence: its last word may be cut in two
    return words


def _contains(haystack: list[str], probe: list[str]) -> bool:
    if not probe:
        return True
    if f" {' '.join(probe)} " in f" {' '.join(haystack)} ":
        return True
    if len(probe) < SHINGLE + 2:
        return False
    have = {tuple(haystack[i:i + SHINGLE]) for i in range(len(haystack) - SHINGLE + 1)}
    wanted = [tuple(probe[i:i + SHINGLE]) for i in range(len(probe) - SHINGLE + 1)]
    return sum(w in have for w in wanted) >= FUZZY_SHARE * len(wanted)


def feed_text_kept(page: PageText, feed_text: str, title: str) -> str | None:
    """Why the feed's text should be kept instead of the page's, or None when the page's is better.

    The feed's first sentence (its title when it has no text) must be on the page: in the main
    text, or elsewhere on it (a standfirst that trafilatura left out of the body still shows the
    page is the article). And the page's text must be longer than the feed's.
    """
    if not page.text:
        return "no article text found on the page"
    if len(page.text) <= len(feed_text.strip()):
        return "the page's text is no longer than the feed's"
    probe = first_sentence_words(feed_text) or _words(title)[:PROBE_WORDS]
    if not (_contains(_words(page.text), probe) or _contains(_words(page.visible), probe)):
        what = "first sentence" if feed_text.strip() else "title"
        return f"the page does not contain the feed's {what} (a paywall, a consent page or another article?)"
    return None
