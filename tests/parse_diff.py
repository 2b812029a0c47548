"""feedparser's own test suite read side by side by spacewatch's parse_feed and by feedparser.

Shared by tests/test_parse_vs_feedparser.py (asserts) and bench/parse.py (counts and timing). The
documents are read in place from ../shared/peer/feedparser/tests; nothing of them is copied here.
Each document is given to both parsers as a server would send it: its bytes, the `Header:` lines
of its comment as HTTP headers (Content-Type defaulting to application/xml, which lets the XML
declaration speak), and its own URL as the document address.
"""

from __future__ import annotations

import datetime as datetime_module
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from feeds.ingest.html_text import clean_line, html_to_line, html_to_text
from feeds.ingest.parse import FeedParseError, parse_feed
from feeds.models import ParsedArticle
from feeds.urls import is_web_url

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "peer" / "feedparser" / "tests"
BASE_URL = "http://127.0.0.1:8097/"  # where feedparser's own HTTP tests serve the documents

_HEADER = re.compile(r"^Header:\s+([^:]+):(.*)$", re.MULTILINE)
_EXPECT = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->")
_BOZO = re.compile(r"^\s*(?:not\s+)?bozo\s+and\s+")
_WORD = re.compile(r"\w+")
# Text that went through the wrong decoder: a replacement character, or UTF-8 read as cp1252.
_MOJIBAKE = re.compile("\ufffd|[\xc2\xc3][\x80-\xbf\xa0-\xff]|\u00e2\u20ac")
_ENCODINGS_BY_START = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                       (b"\x00\x00\x00\x3c", "utf-32-be"), (b"\x3c\x00\x00\x00", "utf-32-le"),
                       (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
                       (b"\x00\x3c", "utf-16-be"), (b"\x3c\x00", "utf-16-le"))

FIELDS = ("title", "link", "guid", "author", "date")


@dataclass(frozen=True)
class Document:
    """One file of the suite as a server would send it."""

    name: str  # path inside the suite, e.g. "entities/query_variable_entry.xml"
    body: bytes
    headers: dict[str, str]  # lower-case names
    url: str  # the document's address (its Content-Location, resolved against BASE_URL)
    expect: str | None  # the Expect line, without its bozo clause


@dataclass
class EntryView:
    """What a reader sees of one entry: the compared fields and the body's words."""

    title: str | None = None
    link: str | None = None
    guid: str | None = None
    author: str | None = None
    date: datetime | None = None
    body: str = ""

    def visible(self) -> bool:
        return bool(self.title or self.link or _WORD.search(self.body))


@dataclass
class Difference:
    document: str
    entry: int
    category: str  # "crash", "refused", "feed title", "dropped", one of FIELDS, "body" or "mojibake"
    spacewatch: object = None
    feedparser: object = None


@dataclass
class Outcome:
    document: Document
    feedparser: list[EntryView]
    spacewatch: list[EntryView] | None  # None: parse_feed raised
    feed_titles: tuple[str | None, str | None] = (None, None)  # spacewatch's, feedparser's
    error: str | None = None
    differences: list[Difference] = field(default_factory=list)


def _comment_text(body: bytes) -> str:
    for start, codec in _ENCODINGS_BY_START:
        if body.startswith(start):
            return body.decode(codec, "ignore").lstrip("\ufeff")
    return body.decode("utf-8", "ignore").lstrip("\ufeff")


def documents(suite: Path = SUITE) -> Iterator[Document]:
    for path in sorted(suite.rglob("*.xml")):
        body = path.read_bytes()
        text = _comment_text(body)
        name = path.relative_to(suite).as_posix()
        headers = {k.strip().lower(): v.strip() for k, v in _HEADER.findall(text)}
        # feedparser's own HTTP tests default to text/xml; its other tests hand over decoded text,
        # which application/xml (the declaration decides) reproduces for bytes.
        headers.setdefault("content-type", "text/xml" if "/http/" in f"/{name}" else "application/xml")
        url = urljoin(BASE_URL + name, headers.get("content-location", ""))
        m = _EXPECT.search(text)
        yield Document(name, body, headers, url, _BOZO.sub("", m.group(2).strip()) if m else None)


# --- the two readings ----------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _fp_text(detail: Mapping[str, Any] | None, value: str | None) -> str:
    if not value:
        return ""
    kind = (detail or {}).get("type") or "text/html"
    return html_to_text(value) if "html" in kind else "\n\n".join(
        p.strip() for p in value.replace("\r", "").split("\n\n") if p.strip())


def _fp_date(entry: Mapping[str, Any]) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=UTC)


def _to_second(moment: datetime | None) -> datetime | None:
    return moment.replace(microsecond=0) if moment else None  # feedparser's struct_time has no less


def feedparser_entries(doc: Document) -> tuple[list[EntryView], Any]:
    import feedparser

    result = feedparser.parse(doc.body, response_headers={**doc.headers, "content-location": doc.url})
    views = []
    for e in result.get("entries", []):
        title_detail = e.get("title_detail")
        title = e.get("title")
        if title and title_detail and "html" not in (title_detail.get("type") or "html"):
            title = clean_line(title)
        else:
            title = html_to_line(title)
        bodies = [_fp_text(c, c.get("value")) for c in e.get("content", []) if isinstance(c, Mapping)]
        bodies.append(_fp_text(e.get("summary_detail"), e.get("summary")))
        link = e.get("link")
        views.append(EntryView(title=title or None, link=link if is_web_url(link) else None,
                               guid=clean_line(e.get("id")) or None, author=clean_line(e.get("author")) or None,
                               date=_fp_date(e), body=max(bodies, key=len)))
    return views, result


def spacewatch_article_view(a: ParsedArticle) -> EntryView:
    return EntryView(title=a.title, link=a.link, guid=a.guid, author=a.author, date=_to_second(a.published),
                     body="\n\n".join(t for t in (a.text, a.summary) if t))


def spacewatch_entries(doc: Document) -> tuple[list[EntryView], str | None]:
    feed = parse_feed(doc.body, content_type=doc.headers.get("content-type"), url=doc.url)
    return [spacewatch_article_view(a) for a in feed.articles], feed.title


def _fp_feed_title(result: Any) -> str | None:
    feed = result.get("feed", {})
    title, detail = feed.get("title"), feed.get("title_detail")
    if title and detail and "html" not in (detail.get("type") or "html"):
        return clean_line(title) or None
    return html_to_line(title) or None


# --- where feedparser is wrong: its own Expect line decides ---------------------------------------

_EXPECT_FIELD = re.compile(r"entries\[(\d+)\]\[?\.?['\"]?(\w+)['\"]?\]?\s*==")
_EXPECT_VALUE = re.compile(r"==\s*u?(['\"])(.*?)\1\s*$")
_FP_TO_VIEW = {"title": "title", "link": "link", "id": "guid", "author": "author"}


def _follow_expect(doc: Document, result: Any, views: list[EntryView]) -> None:
    """Where feedparser fails its own Expect line on an entry field, take the line's value."""
    if not doc.expect or not views:
        return
    try:
        if eval(doc.expect, {"datetime": datetime_module}, result):  # noqa: S307 - the suite's own text
            return
    except Exception:  # noqa: BLE001 - an Expect line about something feedparser did not produce
        pass
    value = _EXPECT_VALUE.search(doc.expect)
    if value is None:
        return
    for index, name in _EXPECT_FIELD.findall(doc.expect):
        if name in _FP_TO_VIEW and int(index) < len(views):
            setattr(views[int(index)], _FP_TO_VIEW[name], value.group(2))


# --- comparing ------------------------------------------------------------------------------------

def _align(fp: list[EntryView], sw: list[EntryView]) -> list[tuple[int, EntryView, EntryView | None]]:
    """Pairs (index, feedparser entry, spacewatch entry or None if dropped), in document order."""
    if len(fp) == len(sw):
        return [(i, f, s) for i, (f, s) in enumerate(zip(fp, sw, strict=True))]
    pairs: list[tuple[int, EntryView, EntryView | None]] = []
    j = 0
    for i, f in enumerate(fp):
        if j < len(sw) and (len(fp) - i <= len(sw) - j or _same_entry(f, sw[j])):
            pairs.append((i, f, sw[j]))
            j += 1
        else:
            pairs.append((i, f, None))
    return pairs


def _same_entry(f: EntryView, s: EntryView) -> bool:
    return any(a and a == b for a, b in ((f.guid, s.guid), (f.link, s.link), (f.title, s.title)))


def body_coverage(fp_body: str, sw_body: str) -> float:
    """The share of feedparser's body words (with repeats) that spacewatch's text holds."""
    words = _words(fp_body)
    if not words:
        return 1.0
    have = set(_words(sw_body))
    return sum(w in have for w in words) / len(words)


def _mojibake(sw: str | None, fp: str | None) -> bool:
    return bool(sw and _MOJIBAKE.search(sw) and not (fp and _MOJIBAKE.search(fp)))


def compare(doc: Document) -> Outcome:
    fp, result = feedparser_entries(doc)
    _follow_expect(doc, result, fp)
    fp_title = _fp_feed_title(result)
    sw_title = None
    try:
        sw, sw_title = spacewatch_entries(doc)
        error = None
    except FeedParseError as exc:
        sw, error = None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a crash is what this looks for
        outcome = Outcome(doc, fp, None, f"{type(exc).__name__}: {exc}")
        outcome.differences.append(Difference(doc.name, -1, "crash", outcome.error))
        return outcome
    outcome = Outcome(doc, fp, sw, error, (sw_title, fp_title))
    if sw is None and (fp or fp_title):
        outcome.differences.append(Difference(doc.name, -1, "refused", error, fp_title))
    elif fp_title and sw_title != fp_title:
        kind = "mojibake" if _mojibake(sw_title, fp_title) else "feed title"
        outcome.differences.append(Difference(doc.name, -1, kind, sw_title, fp_title))
    for i, f, s in _align(fp, sw or []):
        if sw is None:
            break  # counted once, as refused
        if s is None:
            if f.visible():
                outcome.differences.append(Difference(doc.name, i, "dropped", None, f.title or f.link))
            continue
        for name in FIELDS:
            want, got = getattr(f, name), getattr(s, name)
            if name == "title" and not want:
                continue  # spacewatch makes a title from the text: feedparser has none to compare
            if want != got:
                kind = "mojibake" if name == "title" and _mojibake(got, want) else name
                outcome.differences.append(Difference(doc.name, i, kind, got, want))
        if body_coverage(f.body, s.body) < 0.9:
            kind = "mojibake" if _mojibake(s.body, f.body) else "body"
            outcome.differences.append(Difference(doc.name, i, kind, s.body[:200], f.body[:200]))
    return outcome


def compare_all(suite: Path = SUITE) -> list[Outcome]:
    return [compare(doc) for doc in documents(suite)]
