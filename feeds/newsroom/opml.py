"""OPML 2.0 in and out: feed lists from and for other readers (newsboat, Miniflux), parsed safely.

Import reads every outline with an xmlUrl at any depth (folders are only structure) and reports
each entry it cannot use with the reason. The parser refuses any DTD, so entity expansion
(billion laughs) and external entities never happen. Export writes one outline per feed with
type, text, title, xmlUrl and htmlUrl, feeds grouped in a folder per actor; the actor is also
kept in a spacewatch:actor attribute so that a round trip loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import quoteattr

from ..ingest.html_text import clean_line
from ..models import FeedSpec

SPACEWATCH_NS = "https://github.com/spacewatch/spacewatch/opml"
MAX_BYTES = 5 * 1024 * 1024  # subscription lists are kilobytes; anything near this is not one
MAX_DEPTH = 32
_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)  # what config.toml accepts


class OpmlError(Exception):
    """A file that is not a usable OPML document at all (each bad entry is reported instead)."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """An outline that was not imported, and why."""

    line: int
    label: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.label}: {self.reason}"


@dataclass(frozen=True, slots=True)
class OpmlImport:
    feeds: tuple[FeedSpec, ...]
    rejected: tuple[Rejected, ...]
    title: str | None = None


@dataclass(slots=True)
class _Outline:
    attrs: dict[str, str]
    line: int
    children: list[_Outline] = field(default_factory=list)


class _Builder:
    """An ElementTree parser target that keeps only outlines, with their line numbers."""

    def __init__(self) -> None:
        self.expat: object = None
        self.root_tag: str | None = None
        self.title: str | None = None
        self.roots: list[_Outline] = []
        self._stack: list[_Outline] = []
        self._in_title = False
        self._depth = 0
        self._text: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH + 3:
            raise OpmlError(f"outlines nested more than {MAX_DEPTH} deep")
        local = tag.rsplit("}", 1)[-1]
        if self.root_tag is None:
            self.root_tag = local
        if local == "outline":
            node = _Outline({k.rsplit("}", 1)[-1] if k.startswith("{" + SPACEWATCH_NS) else k: v
                             for k, v in attrs.items()}, int(getattr(self.expat, "CurrentLineNumber", 0)))
            (self._stack[-1].children if self._stack else self.roots).append(node)
            self._stack.append(node)
        elif local == "title" and not self._stack:
            self._in_title = True
            self._text = []

    def end(self, tag: str) -> None:
        self._depth -= 1
        local = tag.rsplit("}", 1)[-1]
        if local == "outline" and self._stack:
            self._stack.pop()
        elif local == "title" and self._in_title:
            self._in_title = False
            self.title = " ".join("".join(self._text).split()) or None

    def data(self, text: str) -> None:
        if self._in_title:
            self._text.append(text)

    def close(self) -> None:
        return None


def _parse(data: bytes) -> _Builder:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    if len(data) > MAX_BYTES:
        raise OpmlError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; not a subscription list")
    builder = _Builder()
    # forbid_dtd: no DOCTYPE at all, so no entity can be declared, expanded or fetched.
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        parser.close()
    except DefusedXmlException as exc:
        raise OpmlError(f"refused: the file declares a DTD or entities ({type(exc).__name__}); "
                        "OPML never needs them and they can be used to attack the reader") from None
    except ParseError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from None
    if builder.root_tag != "opml":
        raise OpmlError(f"not an OPML file (the root element is <{builder.root_tag}>, not <opml>)")
    return builder


def feed_key(url: str) -> str:
    """Two spellings of one feed URL: scheme, host case, www. and a trailing slash do not matter."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    netloc = f"{host}:{parts.port}" if parts.port not in (None, 80, 443) else host
    return urlunsplit(("", netloc, parts.path.rstrip("/") or "/", parts.query, ""))


def _label(o: _Outline) -> str:
    text = o.attrs.get("title") or o.attrs.get("text") or o.attrs.get("xmlUrl") or "(untitled outline)"
    return " ".join(text.split())[:80]


def parse_opml(data: bytes, *, actors: Sequence[str] = (), existing: Sequence[str] = ()) -> OpmlImport:
    """The feeds of an OPML document, minus those in `existing`, and every entry rejected, with why.

    `actors` are the config's actor names: a spacewatch:actor attribute naming one (any case) is
    kept in the config's spelling; an unknown one is dropped with a note, the feed still imported.
    """
    builder = _parse(data)
    known = {a.casefold(): a for a in actors}
    seen = {feed_key(u): "is already in the config" for u in existing}
    feeds: list[FeedSpec] = []
    rejected: list[Rejected] = []

    def visit(nodes: list[_Outline]) -> None:
        for o in nodes:
            url = (o.attrs.get("xmlUrl") or o.attrs.get("xmlurl") or "").strip()
            if not url:
                if o.children:
                    visit(o.children)  # a folder
                elif o.attrs.get("type", "").lower() in ("rss", "atom") or "htmlUrl" in o.attrs:
                    rejected.append(Rejected(o.line, _label(o), "no xmlUrl (the feed's address)"))
                continue
            if not _URL.match(url) or any(c.isspace() for c in url):
                scheme = url.split(":", 1)[0] if ":" in url else url
                rejected.append(Rejected(o.line, _label(o),
                                         f"not an http(s) address ({scheme[:20]!r}); only web feeds are fetched"))
                continue
            key = feed_key(url)
            if key in seen:
                rejected.append(Rejected(o.line, _label(o), seen[key]))
                continue
            seen[key] = f"a duplicate of line {o.line}"
            title = " ".join((o.attrs.get("title") or o.attrs.get("text") or "").split()) or None
            actor = None
            wanted = (o.attrs.get("actor") or "").strip()
            if wanted:
                actor = known.get(wanted.casefold())
                if actor is None:
                    rejected.append(Rejected(o.line, _label(o), f"actor {wanted!r} is not in the config; "
                                                                "imported without it"))
            lang = (o.attrs.get("language") or "").strip() or None
            feeds.append(FeedSpec(url=url, title=title, actor=actor, lang=lang))
            if o.children:
                visit(o.children)

    visit(builder.roots)
    return OpmlImport(feeds=tuple(feeds), rejected=tuple(rejected), title=builder.title)


def _site_of(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def to_opml(feeds: Sequence[FeedSpec], *, site_urls: dict[str, str] | None = None,
            title: str = "spacewatch feeds", now: datetime | None = None) -> str:
    """OPML 2.0 for newsboat, Miniflux and other readers; feeds with an actor in that actor's folder."""
    site_urls = site_urls or {}

    def outline(f: FeedSpec, indent: str) -> str:
        name = clean_line(f.title) or f.url  # XML 1.0 has no room for control characters
        attrs = [("type", "rss"), ("text", name), ("title", name), ("xmlUrl", f.url),
                 ("htmlUrl", site_urls.get(f.url) or _site_of(f.url))]
        if f.lang:
            attrs.append(("language", f.lang))
        if f.actor:
            attrs.append(("spacewatch:actor", f.actor))
        return indent + "<outline " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs) + "/>"

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<opml version="2.0" xmlns:spacewatch={quoteattr(SPACEWATCH_NS)}>',
             "  <head>", f"    <title>{_text(title)}</title>",
             f"    <dateCreated>{format_datetime(now or datetime.now(UTC), usegmt=True)}</dateCreated>",
             "  </head>", "  <body>"]
    folders: dict[str, list[FeedSpec]] = {}
    for f in feeds:
        if f.actor:
            folders.setdefault(f.actor, []).append(f)
    for actor, members in folders.items():
        lines.append(f"    <outline text={quoteattr(actor)} title={quoteattr(actor)}>")
        lines += [outline(f, "      ") for f in members]
        lines.append("    </outline>")
    lines += [outline(f, "    ") for f in feeds if not f.actor]
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
