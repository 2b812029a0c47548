"""HTML from feeds to plain text: paragraphs kept (joined by a blank line), markup and scripts gone.

libxml2's HTML parser defines the reading; plainly written markup, which is nearly all of it,
is read by a regex fast path that gives exactly the same paragraphs (see _simple_text).
"""

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
_DROPPED = ("script", "style", "noscript", "template", "svg", "math",
            "head", "title", "select", "button", "canvas", "audio", "video")
# Embedded objects: the tags go, what they hold stays. <embed> is void in HTML5 but not to
# libxml2, and an unclosed <object> or <iframe> holds the rest of the paragraph: dropped with
# their content, they took that text with them.
_UNWRAPPED = ("embed", "object", "iframe", "param", "applet")
# Text a page hides is not text a reader sees (a quote hidden with display:none is no quote).
_HIDING = re.compile(r"hidden|display\s*:\s*none", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.IGNORECASE)
_HIDDEN_MARK = "sw-hidden"

# C0/C1 control characters (tab and newline are handled apart), DEL, and the bidirectional
# overrides/isolates that can make a terminal line read differently from what it contains; also
# lone surrogates and U+FFFE/U+FFFF, which no terminal can show and lxml refuses in a tree (one
# of them in an article's HTML made the whole feed fail).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
                      r"\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n\s*\n")
# Character references the parser would decode into those characters (&#27; is ESC).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,9}));?")
_MARKUP_HINT = re.compile(r"<[a-zA-Z/!?]|&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]{2,8});")

# Private-use characters standing for a paragraph break and a <br> while the text is assembled.
_PARA, _LINE = "\ue000", "\ue001"

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                           default_doctype=False, collect_ids=False)


# Windows-1252 punctuation written as C1 characters or references (&#146; for an apostrophe).
_CP1252_REFS = {c: bytes((c,)).decode("cp1252") for c in range(0x80, 0xA0) if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_C1_TO_CP1252 = str.maketrans({chr(c): v for c, v in _CP1252_REFS.items()})
_C1 = re.compile("[\x80-\x9f]")


def _drop_control_ref(m: re.Match[str]) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code in _CP1252_REFS:
        return _CP1252_REFS[code]
    if code > 0x10FFFF or _CONTROL.match(chr(code)):
        return ""
    # libxml2 reads only a lower-case x: &#X41; would be shown as written.
    return f"&#x{m.group(1)};" if m.group(1) else m.group(0)


def _cp1252_c1(text: str) -> str:
    """C1 controls as the windows-1252 punctuation they were written for (\x92 is an apostrophe)."""
    if _C1.search(text) is None:
        return text
    return text.translate(_C1_TO_CP1252)


def strip_control(text: str) -> str:
    """Text without control characters (newlines kept) — safe to show on a terminal.

    C1 codes that windows-1252 gives punctuation to become that punctuation: feeds that have
    them meant it (feedparser reads them so too)."""
    text = _cp1252_c1(text)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def clean_line(text: str | None) -> str:
    """One line of plain text: control characters gone, all whitespace runs one space."""
    if not text:
        return ""
    if text.isprintable():
        # Printable text holds none of the characters strip_control removes or rewrites (all are
        # Cc or Cf), and no whitespace but plain spaces: the usual title, name or id.
        return " ".join(text.split())
    return " ".join(strip_control(text).split())


def _paragraphs_of(text: str) -> list[str]:
    """Split text marked with _PARA/_LINE into paragraphs; whitespace runs become one space."""
    # One split of the whole text turns every whitespace run into one space (the markers are not
    # whitespace, so no run crosses them); a paragraph or line then only needs its ends trimmed.
    return _split_marked(" ".join(text.split()))


def _split_marked(text: str) -> list[str]:
    """_paragraphs_of for text whose only whitespace is single spaces."""
    if _LINE not in text:
        return [p for part in text.split(_PARA) if (p := part.strip(" "))]
    paragraphs: list[str] = []
    for part in text.split(_PARA):
        if _LINE in part:
            # Lines inside a paragraph; an empty line (two breaks in a row) ends the paragraph.
            lines: list[str] = []
            for line in part.split(_LINE):
                line = line.strip(" ")
                if line:
                    lines.append(line)
                elif lines:
                    paragraphs.append("\n".join(lines))
                    lines = []
            if lines:
                paragraphs.append("\n".join(lines))
        else:
            part = part.strip(" ")
            if part:
                paragraphs.append(part)
    return paragraphs


def _plain_paragraphs(text: str) -> list[str]:
    text = strip_control(text.replace(_PARA, "").replace(_LINE, ""))
    return _paragraphs_of(_BLANK_LINES.sub(_PARA, text).replace("\n", _LINE))


def plain_to_text(text: str | None) -> str:
    """Plain text (no markup, whatever it contains) as paragraphs joined by "\\n\\n"."""
    if not text or text.isspace():
        return ""
    return "\n\n".join(_plain_paragraphs(text))


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment (or of plain text, split on blank lines)."""
    if not markup or markup.isspace():  # as `not markup.strip()`, without copying the markup
        return []
    if not _MARKUP_HINT.search(markup):
        return _plain_paragraphs(markup)
    # One scan usually finds none of the characters that need work here (controls, markers,
    # characters the fast path leaves to libxml2, whitespace beyond space, tab and newline);
    # removing what is not there would cost as much again.
    # Every suspect character is unprintable to Python, and str.isprintable() scans twice as
    # fast as the regex: only text with some unprintable character besides newlines needs it.
    suspect = not markup.replace("\n", " ").isprintable() and _SUSPECT.search(markup) is not None
    if suspect:
        markup = _CONTROL.sub("", _cp1252_c1(markup).replace(_PARA, "").replace(_LINE, ""))
    if "&" in markup and "&#" in markup:  # one character is found far faster than two
        markup = _CHAR_REF.sub(_drop_control_ref, markup)
    text = None
    # Substring tests first: a case-insensitive regex over every article costs more than the rest.
    hiding = ("idden" in markup or "IDDEN" in markup or "isplay" in markup or "ISPLAY" in markup) \
        and _HIDING.search(markup) is not None
    if _SIMPLE_OK and not hiding and not (suspect and _SIMPLE_UNSAFE.search(markup)):
        text = _simple_text(markup)
    if text is None:
        return _lxml_paragraphs(markup, hiding)
    if suspect or "&" in markup:
        return _paragraphs_of(text)  # entities and odd spaces may put any whitespace in it
    # The text's only whitespace is space, tab and newline (all the same to a reader here):
    # unless some run is longer than one, splitting it into words and joining them is waste.
    text = text.replace("\n", " ").replace("\t", " ")
    return _paragraphs_of(text) if "  " in text else _split_marked(text)


def _lxml_paragraphs(markup: str, hiding: bool = True) -> list[str]:
    """html_paragraphs' own way, by libxml2's HTML parser: `markup` is already cleaned.

    `hiding`: the markup may hide elements (hidden, aria-hidden, display:none...)."""
    try:
        root = etree.fromstring(f"<div>{markup}</div>", _PARSER)
    except (etree.ParserError, ValueError):
        return _plain_paragraphs(markup)
    if root is None:
        return []
    if hiding:
        _mark_hidden(root)
        etree.strip_elements(root, _HIDDEN_MARK, with_tail=False)
    etree.strip_tags(root, *_UNWRAPPED)
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


def _mark_hidden(root: etree._Element) -> None:
    """Rename every element the page hides, for one strip_elements to drop (tails kept)."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        attrib = el.attrib
        if not attrib:
            continue
        style = attrib.get("style")
        if ("hidden" in attrib or (attrib.get("aria-hidden") or "").strip().lower() == "true"
                or (style is not None and _HIDDEN_STYLE.search(style))):
            el.tag = _HIDDEN_MARK


# --- the fast path -------------------------------------------------------------------------------
# Almost every feed writes its HTML the same plain way: <p>, <a href>, <figure><img>, a few
# entities. Parsing that with libxml2 and walking the tree costs ~57 us an article; reading it
# with one regex split costs a fraction. _simple_text handles only markup whose libxml2 reading
# is certain -- known tags, properly nested, no tag that libxml2 would close on its own, only a
# few entities -- and answers None for anything else, which then goes to _lxml_paragraphs.
# tests/test_html_text.py checks, by generated markup, that both ways give the same paragraphs.

_SIMPLE_OK = etree.LIBXML_VERSION[:2] == (2, 14)  # the libxml2 whose behaviour the tests pin
_SIMPLE_BLOCKS = frozenset({
    "p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
    "figcaption", "hr", "section", "article", "header", "footer", "aside", "main", "nav",
}) & frozenset(_BLOCKS)
_SIMPLE_INLINE = frozenset({
    "a", "b", "strong", "i", "em", "u", "s", "span", "small", "sub", "sup", "code", "cite", "q",
    "abbr", "mark", "time", "br", "img",
})
_SIMPLE_VOID = frozenset({"br", "img", "hr"})
# (open element, start tag) pairs where libxml2 closes the open element before the new one
# opens (its legacy tree builder, measured on 2.14): markup with them takes the libxml2 way.
_AUTO_CLOSE = frozenset({
    ("a", "a"), ("b", "p"), ("h1", "li"), ("h1", "p"), ("h2", "li"), ("h2", "p"), ("h3", "li"),
    ("h3", "p"), ("h4", "li"), ("h4", "p"), ("h5", "li"), ("h5", "p"), ("h6", "li"), ("h6", "p"),
    ("i", "p"), ("li", "li"), ("p", "blockquote"), ("p", "div"), ("p", "h1"), ("p", "h2"),
    ("p", "h3"), ("p", "h4"), ("p", "h5"), ("p", "h6"), ("p", "hr"), ("p", "li"), ("p", "ol"),
    ("p", "p"), ("p", "ul"), ("s", "p"), ("small", "p"), ("u", "p"),
})
# What a start tag and an end tag of each element leave in the text; and, by open element,
# the start tags that close it.
_START_MARK = {name: _PARA if name in _SIMPLE_BLOCKS else _LINE if name == "br" else ""
               for name in _SIMPLE_BLOCKS | _SIMPLE_INLINE}
_END_MARK = {name: _PARA if name in _SIMPLE_BLOCKS else "" for name in _SIMPLE_BLOCKS | _SIMPLE_INLINE}
_CLOSED_BY = {open_: frozenset(new for o, new in _AUTO_CLOSE if o == open_) for open_, _ in _AUTO_CLOSE}
# Beyond these, libxml2 has limits (nesting depth, text node size) that change its answer.
_SIMPLE_MAX_CHARS = 500_000
_SIMPLE_MAX_DEPTH = 64
# A start tag (name, "/" if self-closing) or an end tag (name). Attribute values may hold
# anything but "<"; separators are HTML's own whitespace, never Unicode spaces.
_SIMPLE_TAG = re.compile(
    r"<(?:([a-zA-Z][a-zA-Z0-9]*)"
    r"(?:[ \t\n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:[ \t\n]*=[ \t\n]*(?:\"[^\"<]*\"|'[^'<]*'|[^ \t\n\"'=<>`]+))?)*"
    r"[ \t\n]*(/?)|/([a-zA-Z][a-zA-Z0-9]*)[ \t\n]*)>")
# The private-use range the paragraph markers live in. (Surrogates and U+FFFE/U+FFFF, which
# libxml2 reads differently, are in _CONTROL: gone before the fast path looks.)
_SIMPLE_UNSAFE = re.compile("[\ue000-\uf8ff]")
# Unicode whitespace that is not a control character: str.split() breaks on it.
_ODD_SPACE = "\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SUSPECT = re.compile(_CONTROL.pattern[:-1] + _SIMPLE_UNSAFE.pattern[1:-1] + _ODD_SPACE + "]")
# Every "&" in text: one of a few entities, a plain numeric reference, or an ampersand before
# whitespace or a tag (group 4); any other (a name libxml2 may read with or without ";") fails.
_SIMPLE_AMP = re.compile(r"&(?:(amp|lt|gt|quot|apos|nbsp);|#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});"
                         r"|(?=[ \t\n]|\Z)()|)")
_SIMPLE_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0"}


class _NotSimple(Exception):
    pass


def _simple_amp(m: re.Match[str]) -> str:
    if m.group(1):
        return _SIMPLE_NAMED[m.group(1)]
    if m.group(4) is not None:
        return "&"
    if not (m.group(2) or m.group(3)):
        raise _NotSimple
    code = int(m.group(2), 10) if m.group(2) else int(m.group(3), 16)
    # Printable characters only: libxml2 remaps C1 codes and replaces invalid ones, and the
    # private-use range holds our markers.
    if (code in (9, 10) or 0x20 <= code < 0x7F or 0xA0 <= code < 0xD800 or 0xF900 <= code < 0xFFFE
            or 0x10000 <= code < 0xF0000) and not _CONTROL.match(chr(code)):
        return chr(code)
    raise _NotSimple


def _simple_text(markup: str) -> str | None:
    """The text of plainly written markup as _lxml_paragraphs would see it (markers for blocks
    and <br> included), or None when the markup is not plain enough to be sure."""
    if len(markup) > _SIMPLE_MAX_CHARS:
        return None
    # [text, start tag, "/", end tag, text, ...]
    parts = _SIMPLE_TAG.split(markup)
    # Every "<" must open a tag read here: any other is a comment, doctype or stray "<".
    tags = len(parts) // 4
    if markup.count("<") != tags:
        return None
    marks: list[str] = []  # what each tag leaves in the text
    outer: list[str] = []  # the open elements below `top`
    top = "div"  # the wrapper _lxml_paragraphs puts around the fragment
    for start, slash, end in zip(parts[1::4], parts[2::4], parts[3::4], strict=True):
        if start is not None:
            name = start if start in _START_MARK else start.lower()
            mark = _START_MARK.get(name)
            if mark is None or name in _CLOSED_BY.get(top, ()):
                return None
            marks.append(mark)
            if name not in _SIMPLE_VOID:
                if slash or len(outer) >= _SIMPLE_MAX_DEPTH:
                    return None  # <p/> is an empty <p> to libxml2, not a start tag
                outer.append(top)
                top = name
        else:
            name = end if end in _START_MARK else end.lower()
            if name != top or not outer:
                return None
            top = outer.pop()
            marks.append(_END_MARK[name])
    if "&" in markup:
        try:
            parts[0::4] = [_SIMPLE_AMP.sub(_simple_amp, t) if "&" in t else t for t in parts[0::4]]
        except _NotSimple:
            return None
    parts[1::4] = marks
    parts[2::4] = parts[3::4] = [""] * tags
    return "".join(parts)


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
