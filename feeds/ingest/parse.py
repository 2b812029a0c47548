"""Feed bytes as received -> ParsedFeed: encodings, bozo feeds, hostile XML, HTML to paragraphs.

The bytes are decoded here by the rules below (so windows-1251 and KOI8-R feeds come out right
whatever the server says), the document is read strictly by lxml (feed_xml), and a document that
is not well-formed is mended (xml_repair: entities, stray ampersands, bad characters) and read
strictly again. Only what no repair makes well-formed goes to feedparser's loose parser; a
recovering libxml2 parse, which silently drops text, is the very last resort.
"""

from __future__ import annotations

import codecs
import html as html_lib
import os
import re
import xml.parsers.expat
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from ..models import ParsedArticle, ParsedFeed
from ..urls import is_web_url
from .feed_dates import parse_date
from .feed_xml import NotWellFormed, RawEntry, RawFeed, Text, read_document
from .html_text import clean_line, html_to_line, html_to_text, plain_to_text
from .xml_repair import repair, strip_doctype


class FeedParseError(Exception):
    """Bytes that hold no usable feed; the message is one sentence for the user."""


# --- encodings --------------------------------------------------------------------------------

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.DOTALL)
_DECL_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# How "<" or "<?" starts a document in each wide encoding without a byte-order mark (XML 1.0,
# appendix F): the declaration inside cannot be read before the width is known.
_WIDE_STARTS = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
                (b"\x00<\x00", "utf-16-be"), (b"<\x00", "utf-16-le"))
# Valid UTF-8 sequences of two or more bytes: many of them, and the text is UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


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


def _decode_8bit(body: bytes, name: str) -> str:
    # ISO-8859-1 is what servers say for windows-1252 text: its 0x80-0x9F are the curly quotes
    # and dashes, never the C1 controls latin-1 would make of them.
    if name == "iso8859-1" and _C1_BYTES.search(body):
        try:
            return body.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return body.decode(name)


def decode_feed(body: bytes, http_charset: str | None = None) -> tuple[str, str, str | None]:
    """The document as text, the encoding used, and a warning when it had to be guessed.

    Order: a byte-order mark, or the byte pattern of a UTF-16/32 document without one; then the
    encodings the HTTP header and the XML declaration name (valid UTF-8 is taken as UTF-8 when
    either says so or neither says anything, since a mislabelled 8-bit feed is common and
    mislabelled UTF-8 that still decodes is not); then UTF-8 with a few bad bytes (dropped, the
    rest kept: a UTF-8 byte-order mark, or at least as many valid multibyte sequences as bad
    bytes, says it is UTF-8); then a guess. RFC 7303 gives the HTTP charset precedence when both decode.
    """
    utf8_bom = False
    for bom, name in _BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(name), name.replace("-le", "").replace("-be", ""), None
            except UnicodeDecodeError:
                if name == "utf-8":
                    body, utf8_bom = body[len(bom):], True  # UTF-8 for sure, with bad bytes: see below
                break
    for start, name in _WIDE_STARTS:
        if body.startswith(start):
            try:
                return body.decode(name), name.replace("-le", "").replace("-be", ""), None
            except UnicodeDecodeError:
                break
    head = body[:1024]
    declared = None
    if m := _XML_DECL.match(head):
        if e := _DECL_ENCODING.search(m.group(0)):
            declared = _codec(e.group(1))
    candidates = list(dict.fromkeys(c for c in (_codec(http_charset), declared) if c))
    # A document that says it is UTF-16/32 but starts like ASCII is not: its declaration lies.
    candidates = [c for c in candidates if not c.startswith(("utf-16", "utf-32"))]
    if not candidates or "utf-8" in candidates:
        try:
            return body.decode("utf-8"), "utf-8", None
        except UnicodeDecodeError:
            pass
    for name in candidates:
        if name == "utf-8":
            continue
        try:
            return _decode_8bit(body, name), name, None
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return body.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    # UTF-8 with a stray byte or two (a truncated copy, one item pasted from elsewhere): the
    # valid multibyte sequences outnumber the invalid bytes, so the text is UTF-8 and only the
    # bad bytes go. Without such sequences it is 8-bit text, guessed below.
    replaced = body.decode("utf-8", "replace")
    bad = replaced.count("\ufffd") - body.count("\xef\xbf\xbd".encode("latin-1"))
    if utf8_bom or len(_UTF8_MULTIBYTE.findall(body)) >= max(bad, 1):
        return (body.decode("utf-8", "ignore"), "utf-8",
                f"invalid UTF-8 ({bad} byte{'s' if bad != 1 else ''} dropped, the first at byte {bad_at})")
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
_HAS_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)


def _first_element(text: str) -> str | None:
    m = _FIRST_ELEMENT.match(text[:4096])
    return m.group(1).lower() if m else None


def xml_problem(data: bytes) -> str | None:
    """Why the document is not well-formed XML (None if it is), in expat's words."""
    parser = xml.parsers.expat.ParserCreate()
    parser.EntityDeclHandler = None
    parser.ExternalEntityRefHandler = lambda *_: 1  # never fetched
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        return f"malformed XML ({xml.parsers.expat.ErrorString(exc.code)} at line {exc.lineno})"
    return None


def _read(text: str, utf8: bytes | None, url: str | None) -> tuple[RawFeed | None, str | None, bool]:
    """The document read as faithfully as it can be, what was wrong with it (None if nothing),
    and whether only a loose reading (feedparser's, or libxml2's recovery) found anything.

    A feed's own entity declarations are expanded (within a budget) and its DOCTYPE dropped
    before anything parses it; a document that is then not well-formed is repaired and read
    strictly again; feedparser's loose parser takes what no repair mends.
    """
    entities: dict[str, str] = {}
    problem = None
    if _HAS_DOCTYPE.search(text, 0, 65536):
        text, entities = strip_doctype(text)
        utf8 = None
        if entities:
            text = repair(text, entities)
            if any(not v for v in entities.values()):
                problem = "the document declares entities too large or external to expand (dropped)"
    data = _as_utf8_document(text, utf8)
    try:
        return read_document(data, url), problem, False
    except NotWellFormed:
        pass
    malformed = xml_problem(data) or "malformed XML"
    mended = repair(text, entities)
    mended_data = _as_utf8_document(mended)
    if mended != text:
        try:
            return read_document(mended_data, url), malformed, False
        except NotWellFormed:
            pass
    fallback = _with_feedparser(data, url)
    if fallback.entries:
        return fallback, malformed, True
    try:
        recovered = read_document(mended_data, url, recover=True)
    except NotWellFormed:
        return (fallback if fallback.title else None), malformed, True
    return (recovered if recovered.entries or recovered.title else fallback), malformed, True


def _with_feedparser(data: bytes, url: str | None) -> RawFeed:
    import feedparser  # only for documents no repair makes well-formed: slow to import and run

    headers = {"content-location": url, "content-type": "application/xml"} if url else None
    d = feedparser.parse(data, response_headers=headers)
    feed = d.get("feed", {})
    return RawFeed(_fp_text(feed, "title"), feed.get("link"), [_fp_entry(e) for e in d.get("entries", [])],
                   "feedparser")


def _fp_text(d: Mapping[str, Any], key: str) -> Text | None:
    value = d.get(key)
    if not isinstance(value, str):
        return None
    detail = d.get(f"{key}_detail") or {}
    return Text(value, "html" in (detail.get("type") or "text/html"))


def _fp_entry(e: dict[str, Any]) -> RawEntry:
    bodies = [Text(c["value"], "html" in (c.get("type") or "text/html") or "xml" in (c.get("type") or ""))
              for c in e.get("content", []) if isinstance(c, Mapping) and isinstance(c.get("value"), str)]
    summary = _fp_text(e, "summary")
    if summary is not None:
        bodies.append(summary)
    return RawEntry(title=_fp_text(e, "title"), link=e.get("link"), guid=e.get("id"), author=e.get("author"),
                    # dict.get: feedparser's own get() maps "updated" to "published", with a warning
                    published=dict.get(e, "published"), updated=dict.get(e, "updated"), bodies=bodies,
                    summary=summary)


def _with_feedparser_only(text: str, utf8: bytes | None,
                          url: str | None) -> tuple[RawFeed | None, str | None, bool]:
    # SPACEWATCH_PARSER=feedparser exists for bench/refresh.py, to measure the alternative.
    fallback = _with_feedparser(_as_utf8_document(text, utf8), url)
    return (fallback if fallback.entries or fallback.title else None), None, False


# --- entries ----------------------------------------------------------------------------------

_LANG = re.compile(r"<(?:\w+:)?language>\s*([A-Za-z]{2,3})|xml:lang\s*=\s*[\"']([A-Za-z]{2,3})")
# A character of a UTF-8 lead byte followed by one of a continuation byte, as latin-1 reads them.
_MOJIBAKE_PAIR = re.compile("[\xc2-\xf4][\x80-\xbf]")


def _lang_of(text: str) -> str | None:
    m = _LANG.search(text[:4096])
    return (m.group(1) or m.group(2)).lower() if m else None


def _double_decoded(value: str) -> str:
    """UTF-8 text that was read as latin-1 and encoded again ("Ã©" for "é"), put right."""
    # The lead characters of accented Latin, Cyrillic and punctuation (â€™) as latin-1 reads
    # them: substring tests are far cheaper than a regex over every article.
    if value.isascii() or not ("\xc3" in value or "\xc2" in value or "\xd0" in value or "\xd1" in value
                               or "\xe2" in value):
        return value
    if _MOJIBAKE_PAIR.search(value) is None or max(value) > "\xff":
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _text_of(part: Text) -> str:
    return html_to_text(part.value) if part.html else plain_to_text(part.value)


def _line_of(part: Text | None) -> str:
    if part is None:
        return ""
    return html_to_line(part.value) if part.html else clean_line(part.value)


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


def _longest_text(bodies: list[Text]) -> tuple[str, Text | None]:
    """The longest text among an entry's bodies (content:encoded, content, dc:content,
    media:description, description...), and the body it came from."""
    if not bodies:
        return "", None
    if len(bodies) == 1:
        return _text_of(bodies[0]), bodies[0]
    best, best_part = "", None
    # A fragment's text is never longer than its markup: once the markup left is shorter than
    # the best text found, no other body can win, and none of them need converting.
    for part in sorted(bodies, key=lambda b: len(b.value), reverse=True):
        if len(part.value) <= len(best):
            break
        text = _text_of(part)
        if len(text) > len(best):
            best, best_part = text, part
    return best, best_part


def _article(entry: RawEntry, base_url: str | None, lang: str | None, utf8: bool) -> ParsedArticle | None:
    text, source = _longest_text(entry.bodies)
    summary = None
    description = entry.summary
    # Most descriptions are the start of the content (or an excerpt of it): a cheap look at
    # their first words saves converting them (half the HTML work of a feed).
    if description is not None and description is not source and text and description.value \
            and _first_words(description.value) not in text:
        summary = _text_of(description) or None
    title = _line_of(entry.title)
    if utf8:
        title, text = _double_decoded(title), _double_decoded(text)
    link = (entry.link or "").strip() or None
    if link and base_url and not link.startswith(("https://", "http://")):
        try:
            link = urljoin(base_url, link)
        except ValueError:
            link = None
    if not is_web_url(link):
        link = None
    guid = clean_line(entry.guid) or None
    if not (title or text or link or guid):
        return None  # nothing a reader could see
    if not title:
        first = text.split("\n", 1)[0]
        title = first if len(first) <= 120 else first[:119].rstrip() + "…"
    published: datetime | None = parse_date(entry.published) or parse_date(entry.updated)
    author = clean_line(entry.author) or None
    return ParsedArticle(guid=guid, link=link, title=title or "(untitled)", text=text,
                         published=published, author=author, summary=summary, lang=lang)


def parse_feed(body: bytes, *, content_type: str | None = None, url: str | None = None) -> ParsedFeed:
    """Parse a feed exactly as the server sent it. Raises FeedParseError with a user sentence.

    `content_type` is the HTTP Content-Type (its charset is honoured); `url`, the document's
    address, resolves relative links (after xml:base). A feed that had to be repaired or read
    loosely comes back with `warning` set; broken XML with no entries, an HTML page, or an
    empty body raise.
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
    is_json = root is None and text.lstrip().startswith("{")
    if root is None and not is_json:
        raise FeedParseError("not a feed: the body is not XML")
    # decode_feed reads UTF-8 strictly, from the whole body or from after a UTF-8 byte-order
    # mark, so those bytes are exactly what encoding the text again would give.
    utf8 = None
    if encoding == "utf-8" and warning is None:
        utf8 = body[len(codecs.BOM_UTF8):] if body.startswith(codecs.BOM_UTF8) else body
    if is_json or os.environ.get("SPACEWATCH_PARSER") == "feedparser":
        raw, problem, loose = _with_feedparser_only(text, utf8, url)
    else:
        raw, problem, loose = _read(text, utf8, url)
    # A document only a loose reading could make anything of, with no entries in it, is no feed.
    if raw is None or (not raw.entries and (root not in _FEED_ROOTS or loose)):
        if root is not None and root not in _FEED_ROOTS:
            raise FeedParseError(f"not a feed: the document is <{root}>")
        if problem:
            raise FeedParseError(f"not a feed: {problem}")
        raise FeedParseError("not a feed: no RSS or Atom entries found")

    lang = _lang_of(text)
    # Links are resolved against xml:base and the document's address as they are read; the
    # channel's own link is only the last resort, for a document whose address is unknown.
    base = url or (raw.link if is_web_url(raw.link) else None)
    utf8_doc = encoding == "utf-8"
    articles = tuple(a for e in raw.entries if (a := _article(e, base, lang, utf8_doc)) is not None)
    warnings = [w for w in (warning, problem) if w]
    if problem and problem.startswith("malformed"):
        warnings[-1] = f"{problem}; {len(articles)} {'entry' if len(articles) == 1 else 'entries'} recovered"
    site = raw.link
    if site and not is_web_url(site) and url:
        site = urljoin(url, site)
    return ParsedFeed(title=_line_of(raw.title) or None, site_url=site if is_web_url(site) else None,
                      articles=articles, lang=lang, warning="; ".join(warnings) or None)
