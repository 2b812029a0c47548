"""Feed bytes as received -> ParsedFeed: encodings, bozo feeds, hostile XML, HTML to paragraphs.

fastfeedparser (lxml, entities never expanded) reads the feed; feedparser is the fallback for
documents it refuses. Before either sees them, the bytes are decoded here by the rules below and
handed on as UTF-8, so windows-1251 and KOI8-R feeds come out right whatever the server says.
"""

from __future__ import annotations

import codecs
import html as html_lib
import os
import re
import xml.parsers.expat
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from ..models import ParsedArticle, ParsedFeed
from ..urls import is_web_url
from .html_text import clean_line, html_to_line, html_to_text


class FeedParseError(Exception):
    """Bytes that hold no usable feed; the message is one sentence for the user."""


# --- encodings --------------------------------------------------------------------------------

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.DOTALL)
_DECL_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def _codec(name: str | bytes | None) -> str | None:
    """Python's name for an encoding label, or None when unknown."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _guess_single_byte(body: bytes) -> str:
    """An undeclared 8-bit encoding: Cyrillic if the high bytes look like Russian, else cp1252.

    windows-1251 puts lower-case Cyrillic at 0xE0-0xFF and KOI8-R at 0xC0-0xDF; running text
    is mostly lower case, so the busier half tells them apart.
    """
    def count(lo: int, hi: int) -> int:
        return sum(body.count(bytes((b,))) for b in range(lo, hi))

    high = count(0xC0, 0x100)
    if high < 16 or high < count(0x80, 0xC0):
        return "cp1252"
    return "cp1251" if count(0xE0, 0x100) * 2 >= high else "koi8_r"


def decode_feed(body: bytes, http_charset: str | None = None) -> tuple[str, str, str | None]:
    """The document as text, the encoding used, and a warning when it had to be guessed.

    Order: a byte-order mark; then the encodings the HTTP header and the XML declaration name
    (valid UTF-8 is taken as UTF-8 when either says so or neither says anything, since a
    mislabelled 8-bit feed is common and mislabelled UTF-8 that still decodes is not); then a
    guess. RFC 7303 gives the HTTP charset precedence, and so do we when both decode.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(name), name.replace("-le", "").replace("-be", ""), None
            except UnicodeDecodeError:
                break
    head = body[:1024]
    declared = None
    if m := _XML_DECL.match(head):
        if e := _DECL_ENCODING.search(m.group(0)):
            declared = _codec(e.group(1))
    candidates = list(dict.fromkeys(c for c in (_codec(http_charset), declared) if c))
    if not candidates or "utf-8" in candidates:
        try:
            return body.decode("utf-8"), "utf-8", None
        except UnicodeDecodeError:
            pass
    for name in candidates:
        try:
            return body.decode(name), name, None
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return body.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    guess = _guess_single_byte(body)
    if candidates:
        why = f"not valid {' or '.join(candidates)}"
    else:
        why = "no encoding declared and not UTF-8"
    return body.decode(guess, "replace"), guess, f"{why}: read as {guess}"


def _as_utf8_document(text: str, utf8: bytes | None = None) -> bytes:
    """The document as UTF-8 bytes with its XML declaration saying so.

    `utf8`, when given, is `text` already encoded (the body itself when it was UTF-8).
    """
    data = text.encode("utf-8") if utf8 is None else utf8
    if m := _XML_DECL.match(data[:1024]):
        decl = _DECL_ENCODING.sub(b'encoding="utf-8"', m.group(0), count=1)
        data = decl + data[m.end():]
    return data


# --- sniffing and well-formedness -----------------------------------------------------------------

_FIRST_ELEMENT = re.compile(
    r"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w:.-]*)",
    re.DOTALL | re.IGNORECASE)
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf", "channel"}


def _first_element(text: str) -> str | None:
    m = _FIRST_ELEMENT.match(text[:4096])
    return m.group(1).lower() if m else None


_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.DOTALL | re.IGNORECASE)


class _EntityDeclared(Exception):
    pass


def _refuse_entity(*_: object) -> None:
    raise _EntityDeclared


def xml_problem(data: bytes) -> str | None:
    """Why the document is not well-formed XML (None if it is). Entities are never expanded."""
    parser = xml.parsers.expat.ParserCreate()
    # Entity declarations are how billion-laughs and external-entity attacks start; refuse them
    # outright (the parsers downstream do not expand them either).
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = lambda *_: 1
    try:
        parser.Parse(data, True)
    except _EntityDeclared:
        return "the document declares XML entities (ignored)"
    except xml.parsers.expat.ExpatError as exc:
        return f"malformed XML ({xml.parsers.expat.ErrorString(exc.code)} at line {exc.lineno})"
    return None


# --- entries ----------------------------------------------------------------------------------

_LANG = re.compile(r"<(?:\w+:)?language>\s*([A-Za-z]{2,3})|xml:lang\s*=\s*[\"']([A-Za-z]{2,3})")


def _lang_of(text: str) -> str | None:
    m = _LANG.search(text[:4096])
    return (m.group(1) or m.group(2)).lower() if m else None


def _to_datetime(value: object) -> datetime | None:
    """An aware UTC datetime from an ISO string, a struct_time (feedparser) or None."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, str):
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif hasattr(value, "tm_year"):
            dt = datetime(*value[:6], tzinfo=UTC)  # type: ignore[index, misc]
        else:
            return None
    except (ValueError, TypeError, OverflowError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _content_values(entry: Mapping[str, Any]) -> Iterable[str]:
    content = entry.get("content")
    if isinstance(content, str):
        yield content
    elif isinstance(content, list):
        for c in content:
            if isinstance(c, Mapping) and isinstance(c.get("value"), str):
                yield c["value"]


_TAG = re.compile(r"<[^>]*>")


def _first_words(markup: str) -> str:
    """About 40 characters of the fragment's text, cut at a word, for a containment test."""
    # Each word adds at least two characters, so no more than 21 fit in 40; a 22nd item (the
    # unsplit rest) is always refused, and splitting the rest of 400 characters is waste.
    words = html_lib.unescape(_TAG.sub(" ", markup[:400])).split(None, 21)
    probe = ""
    for w in words:
        if len(probe) + len(w) > 40:
            break
        probe = f"{probe} {w}" if probe else w
    return probe


def _article(entry: Mapping[str, Any], base_url: str | None, lang: str | None) -> ParsedArticle | None:
    description = entry.get("description") or entry.get("summary") or ""
    content = entry.get("content")
    if (isinstance(content, list) and len(content) == 1 and isinstance(only := content[0], dict)
            and isinstance(value := only.get("value"), str)):
        body = value  # the usual one content element, without the generator below
    else:
        body = max(_content_values(entry), key=len, default="")
    text = html_to_text(body) or html_to_text(description)
    summary = None
    # Most descriptions are the start of the content (or the parser's excerpt of it): a cheap
    # look at their first words saves converting them (half the HTML work of a feed).
    if body and description and _first_words(description) not in text:
        summary = html_to_text(description) or None
    title = html_to_line(entry.get("title"))
    link = (entry.get("link") or "").strip() or None
    if link and base_url and not link.startswith(("https://", "http://")):
        link = urljoin(base_url, link)
    if not is_web_url(link):
        link = None
    guid = clean_line(entry.get("id")) or None
    if not (title or text or link or guid):
        return None  # nothing a reader could see
    if not title:
        first = text.split("\n", 1)[0]
        title = first if len(first) <= 120 else first[:119].rstrip() + "…"
    published = _to_datetime(entry.get("published") or entry.get("published_parsed")
                             or entry.get("updated") or entry.get("updated_parsed"))
    author = clean_line(entry.get("author")) or None
    return ParsedArticle(guid=guid, link=link, title=title or "(untitled)", text=text,
                         published=published, author=author,
                         summary=summary, lang=lang)


def _with_feedparser(data: bytes) -> tuple[Mapping[str, Any], list[Mapping[str, Any]]]:
    import feedparser  # only for documents the fast parser refuses: it is slow to import and run

    d = feedparser.parse(data)
    return d.get("feed", {}), list(d.get("entries", []))


def _fast_parser() -> Callable[[bytes], tuple[Mapping[str, Any], list[Mapping[str, Any]]]]:
    # SPACEWATCH_PARSER=feedparser exists for bench/refresh.py, to measure the alternative.
    return _with_feedparser if os.environ.get("SPACEWATCH_PARSER") == "feedparser" else _with_fastfeedparser


def _with_fastfeedparser(data: bytes) -> tuple[Mapping[str, Any], list[Mapping[str, Any]]]:
    import fastfeedparser

    d = fastfeedparser.parse(data, include_tags=False, include_media=False, include_enclosures=False)
    return d.get("feed", {}), list(d.get("entries", []))


def parse_feed(body: bytes, *, content_type: str | None = None, url: str | None = None) -> ParsedFeed:
    """Parse a feed exactly as the server sent it. Raises FeedParseError with a user sentence.

    `content_type` is the HTTP Content-Type (its charset is honoured); `url` resolves relative
    links. A feed with entries but broken XML comes back with `warning` set; broken XML with
    no entries, an HTML page, or an empty body raise.
    """
    if not body or body.isspace():  # as `not body.strip()`, without copying the body
        raise FeedParseError("empty body")
    charset = None
    if content_type and (m := re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)):
        charset = m.group(1)
    text, encoding, warning = decode_feed(body, charset)
    root = _first_element(text)
    if root == "html" or (root is None and re.match(r"\s*<!doctype\s+html", text, re.I)):
        raise FeedParseError("not a feed: got an HTML page")
    if root is None and not text.lstrip().startswith("{"):
        raise FeedParseError("not a feed: the body is not XML")
    # decode_feed reads UTF-8 strictly, from the whole body or from after a UTF-8 byte-order
    # mark, so those bytes are exactly what encoding the text again would give (re-encoding
    # the 22 MB benchmark corpus cost ~0.03 CPU-s, 6% of parse_feed).
    utf8 = None
    if encoding == "utf-8":
        utf8 = body[len(codecs.BOM_UTF8):] if body.startswith(codecs.BOM_UTF8) else body
    data = _as_utf8_document(text, utf8)
    problem = xml_problem(data) if root is not None else None
    if problem and "entities" in problem:
        # Drop the DTD that declares them: its references are then left unexpanded.
        data = _INTERNAL_SUBSET.sub(b"", data, count=1)

    feed: Mapping[str, Any] = {}
    entries: list[Mapping[str, Any]] = []
    try:
        feed, entries = _fast_parser()(data)
    except Exception as exc:  # any refusal at all sends the document to feedparser
        fast_error = str(exc)
    else:
        fast_error = None
    if not entries and (fast_error or problem):
        feed, entries = _with_feedparser(data)
    if root is not None and root not in _FEED_ROOTS and not entries:
        raise FeedParseError(f"not a feed: the document is <{root}>")
    if not entries and problem:
        raise FeedParseError(f"not a feed: {problem}")
    if not entries and fast_error:
        raise FeedParseError("not a feed: no RSS or Atom entries found")

    lang = _lang_of(text)
    base = feed.get("link") if is_web_url(feed.get("link")) else url
    articles = tuple(a for e in entries if (a := _article(e, base or url, lang)) is not None)
    warnings = [w for w in (warning, problem) if w]
    if problem and problem.startswith("malformed"):
        warnings[-1] = f"{problem}; {len(articles)} {'entry' if len(articles) == 1 else 'entries'} recovered"
    site = feed.get("link")
    return ParsedFeed(title=html_to_line(feed.get("title")) or None,
                      site_url=site if is_web_url(site) else None,
                      articles=articles, lang=lang, warning="; ".join(warnings) or None)
