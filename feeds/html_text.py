"""HTML from feeds to plain text: paragraphs kept (joined by a blank line), markup and scripts gone."""

from __future__ import annotations

import re

from lxml import etree

# Elements that start and end a paragraph of their own.
_BLOCKS = tuple(sorted({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "html",
    "content", "entry",  # wrappers of Atom xhtml content as the parser hands it on
}))
# Elements whose content is never text a reader should see.
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
            "head", "title", "select", "button", "canvas", "audio", "video")

# C0/C1 control characters (tab and newline are handled apart), DEL, and the bidirectional
# overrides/isolates that can make a terminal line read differently from what it contains.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_BLANK_LINES = re.compile(r"\n\s*\n")
# Character references the parser would decode into those characters (&#27; is ESC).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,9}));?")
_MARKUP_HINT = re.compile(r"<[a-zA-Z/!?]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")

# Private-use characters standing for a paragraph break and a <br> while the text is assembled.
_PARA, _LINE = "\ue000", "\ue001"

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                           default_doctype=False, collect_ids=False)


def _drop_control_ref(m: re.Match[str]) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code > 0x10FFFF or _CONTROL.match(chr(code)):
        return ""
    return m.group(0)


def strip_control(text: str) -> str:
    """Text without control characters (newlines kept) — safe to show on a terminal."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def clean_line(text: str | None) -> str:
    """One line of plain text: control characters gone, all whitespace runs one space."""
    if not text:
        return ""
    return " ".join(strip_control(text).split())


def _paragraphs_of(text: str) -> list[str]:
    """Split text marked with _PARA/_LINE into paragraphs; whitespace runs become one space."""
    paragraphs: list[str] = []
    for part in text.split(_PARA):
        if _LINE in part:
            # Lines inside a paragraph; an empty line (two breaks in a row) ends the paragraph.
            lines: list[str] = []
            for line in part.split(_LINE):
                line = " ".join(line.split())
                if line:
                    lines.append(line)
                elif lines:
                    paragraphs.append("\n".join(lines))
                    lines = []
            if lines:
                paragraphs.append("\n".join(lines))
        else:
            part = " ".join(part.split())
            if part:
                paragraphs.append(part)
    return paragraphs


def _plain_paragraphs(text: str) -> list[str]:
    text = strip_control(text.replace(_PARA, "").replace(_LINE, ""))
    return _paragraphs_of(_BLANK_LINES.sub(_PARA, text).replace("\n", _LINE))


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment (or of plain text, split on blank lines)."""
    if not markup or not markup.strip():
        return []
    if not _MARKUP_HINT.search(markup):
        return _plain_paragraphs(markup)
    markup = _CONTROL.sub("", markup.replace(_PARA, "").replace(_LINE, ""))
    if "&#" in markup:
        markup = _CHAR_REF.sub(_drop_control_ref, markup)
    try:
        root = etree.fromstring(f"<div>{markup}</div>", _PARSER)
    except (etree.ParserError, ValueError):
        return _plain_paragraphs(markup)
    if root is None:
        return []
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    # Mark block boundaries and <br> in the tree, then take all its text at once: far faster
    # than walking every node from Python (this runs for every article of every feed).
    for el in root.iter(*_BLOCKS):
        el.text = _PARA + (el.text or "")
        el.tail = _PARA + (el.tail or "")
    for el in root.iter("br"):
        el.tail = _LINE + (el.tail or "")
    text = etree.tostring(root, method="text", encoding="unicode")
    # Newlines in HTML source are just spaces; only blocks and <br> break lines.
    return _paragraphs_of(text.replace("\n", " ").replace("\r", " "))


def html_to_text(markup: str | None) -> str:
    """Plain text of an HTML fragment: paragraphs joined by "\\n\\n", entities decoded."""
    if not markup:
        return ""
    return "\n\n".join(html_paragraphs(markup))


def html_to_line(markup: str | None) -> str:
    """A title or a name: the HTML's text on one line."""
    if not markup:
        return ""
    if not _MARKUP_HINT.search(markup):
        return clean_line(markup)
    return clean_line(" ".join(html_paragraphs(markup)))
