"""RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 documents read with lxml into raw entry records.

What each element means follows feedparser (the reference whose test suite spacewatch is checked
against): Atom text constructs by their type and mode (plain text, escaped HTML, inline XHTML,
base64), RSS titles guessed as HTML only when they look like it, a guid that is a permalink
standing in for a missing link, relative links resolved against xml:base and the document's
address, Atom author as "name (email)". Every element that can carry an entry's text is kept
(content:encoded, Atom content, dc:content in any Dublin Core namespace spelling, media:description,
xhtml:body, description/summary), for parse.py to keep the longest.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urljoin

from lxml import etree

ATOM_NAMESPACES = frozenset({
    "http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#", "http://purl.org/echo/", "http://purl.org/pie/",
    "http://example.com/newformat#",
})
RSS_NAMESPACES = frozenset({
    "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/", "http://backend.userland.com/rss",
    "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss",
    "http://purl.org/rss/1.0/modules/rss091#",
})
_FAMILY_BY_NAMESPACE = {
    "http://purl.org/dc/elements/1.1/": "dc", "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://search.yahoo.com/mrss/": "media", "http://search.yahoo.com/mrss": "media",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes", "http://www.itunes.com/DTDs/PodCast-1.0.dtd": "itunes",
    "http://www.w3.org/1999/xhtml": "xhtml", "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
}
# Extension namespaces known by their usual prefix when a feed spells the URI its own way
# (Space.com's dc:content is under a namespace of its own).
_FAMILY_BY_PREFIX = {"dc": "dc", "dcterms": "dcterms", "content": "content", "media": "media",
                     "itunes": "itunes", "atom": "atom", "xhtml": "xhtml"}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                          remove_pis=True, huge_tree=False, collect_ids=False)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                           remove_pis=True, huge_tree=False, collect_ids=False, recover=True)

# HTML's element names: an RSS title is HTML only if every tag in it is one of them.
_HTML_ELEMENTS = frozenset(
    "a abbr acronym address area article aside audio b bdi bdo big blink blockquote br button canvas caption "
    "center cite code col colgroup command datagrid datalist dd del details dfn dialog dir div dl dt em "
    "event-source fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hr i img input ins "
    "kbd keygen label legend li m map menu meter multicol nav nextid noscript ol optgroup option output p "
    "pre progress q s samp section select small sound source spacer span strike strong sub sup table tbody "
    "td textarea tfoot th thead time tr tt u ul var video".split())
_CLOSE_TAG_OR_REF = re.compile(r"</\w+>|&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED_REF = re.compile(r"&(\w+);")
_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


@dataclass(slots=True)
class Text:
    """A text construct: its value, and whether that value is HTML (else plain text)."""

    value: str
    html: bool


@dataclass(slots=True)
class RawEntry:
    title: Text | None = None
    link: str | None = None
    guid: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    bodies: list[Text] = field(default_factory=list)  # every element that carries the entry's text
    summary: Text | None = None  # the description/summary element among them


@dataclass(slots=True)
class RawFeed:
    title: Text | None
    link: str | None
    entries: list[RawEntry]
    root: str  # local name of the root element, lower case


class NotWellFormed(Exception):
    """The document is not well-formed XML; the message says where."""


def _looks_like_html(value: str) -> bool:
    # feedparser's guess for RSS elements that are nominally plain text: a close tag or a
    # reference, every tag an HTML one, every named reference an HTML entity.
    if "<" not in value and "&" not in value or not _CLOSE_TAG_OR_REF.search(value):
        return False
    if any(t.lower() not in _HTML_ELEMENTS for t in _TAG_NAME.findall(value)):
        return False
    from html.entities import entitydefs

    return all(e in entitydefs for e in _NAMED_REF.findall(value))


class _Reader:
    """One document: classifies its tags once each and reads its entries."""

    def __init__(self, root: etree._Element, url: str | None) -> None:
        self.root = root
        self.url = url
        self.default_ns = root.nsmap.get(None) if isinstance(root.tag, str) else None
        self.atom_doc = False
        self.kinds: dict[str, tuple[str, str]] = {}

    def kind(self, el: etree._Element) -> tuple[str, str]:
        """(family, lower-case local name): family is atom, rss, dc, dcterms, content, media..."""
        tag = el.tag
        if not isinstance(tag, str):
            return ("", "")
        # By tag alone: the prefix only matters for a namespace known by no URI, and one document
        # does not give one URI two prefixes.
        found = self.kinds.get(tag)
        if found is None:
            if tag[0] == "{":
                ns, local = tag[1:].split("}", 1)
            else:
                ns, local = "", tag
            if ns in ATOM_NAMESPACES:
                family = "atom"
            elif ns in RSS_NAMESPACES:
                family = "rss"
            elif ns in _FAMILY_BY_NAMESPACE:
                family = _FAMILY_BY_NAMESPACE[ns]
            elif "purl.org/dc/terms" in ns:
                family = "dcterms"
            elif "purl.org/dc" in ns:
                family = "dc"
            elif el.prefix in _FAMILY_BY_PREFIX:
                family = _FAMILY_BY_PREFIX[el.prefix]
            elif not ns or ns == self.default_ns:
                family = "core"
            else:
                family = "other"
            if family == "core":
                family = "atom" if self.atom_doc else "rss"
            found = self.kinds[tag] = (family, local.lower())
        return found

    # --- values ---------------------------------------------------------------------------------

    def base(self, el: etree._Element) -> str | None:
        return el.base or self.url

    def resolve(self, el: etree._Element, value: str) -> str:
        value = value.strip()
        if _HAS_SCHEME.match(value):
            return value  # absolute: kept as written (urljoin would lower-case its scheme)
        base = self.base(el)
        if not base:
            return value
        try:
            return urljoin(base, value)
        except ValueError:
            return value

    def construct(self, el: etree._Element, atom: bool, default_html: bool) -> Text:
        """An element's text as Atom text constructs (or RSS elements) define it."""
        kind = (el.get("type") or "").strip().lower()
        mode = (el.get("mode") or "").strip().lower()
        guess = False
        if kind:
            html = kind in ("html", "xhtml", "text/html", "application/xhtml+xml")
            is_text = html or kind == "text" or kind.startswith("text/") or kind.endswith("xml")
            if atom and not is_text and not mode:
                mode = "base64"  # Atom 1.0: any other media type is base64-encoded
        elif atom:
            html = False  # Atom's default type is text (feedparser does not guess either)
        else:
            html, guess = default_html, not default_html
        if len(el):
            return Text(_inner_markup(el), True)  # inline XHTML, or HTML left unescaped in the feed
        value = el.text or ""
        if mode == "base64" and value:
            try:
                value = base64.b64decode(value.encode("ascii"), validate=False).decode("utf-8")
            except (binascii.Error, UnicodeError, ValueError):
                pass
        if guess and _looks_like_html(value):
            html = True
        return Text(value, html)

    def text(self, el: etree._Element) -> str:
        return "".join(el.itertext()).strip() if len(el) else (el.text or "").strip()

    # --- the document ----------------------------------------------------------------------------

    def read(self) -> RawFeed:
        root = self.root
        family, local = self.kind(root)
        self.atom_doc = local == "feed" and family != "rdf"
        self.kinds.clear()
        if self.atom_doc:
            channel = root
            entries = [e for e in root.iter("{*}entry") if self.kind(e)[0] == "atom"]
        else:
            channel = next((c for c in root if self.kind(c)[1] == "channel"), root)
            entries = [e for e in root.iter("{*}item") if self.kind(e)[0] in ("rss", "atom")]
            if not entries:
                entries = [e for e in root.iter("{*}entry") if self.kind(e)[0] == "atom"]
            if not entries and local == "channel":  # CDF, whose tags are upper case
                entries = [e for e in root.iter() if self.kind(e) == ("rss", "item")]
        title, link = self.channel(channel)
        if title is None and channel is not root:
            title, link2 = self.channel(root)
            link = link or link2
        return RawFeed(title, link, [self.entry(e) for e in entries], local)

    def channel(self, channel: etree._Element) -> tuple[Text | None, str | None]:
        title: Text | None = None
        dc_title: Text | None = None
        link: str | None = None
        for child in channel:
            family, local = self.kind(child)
            if local == "title" and family in ("atom", "rss") and title is None:
                title = self.construct(child, family == "atom", False)
            elif local == "title" and family == "dc" and dc_title is None:
                dc_title = self.construct(child, False, False)
            elif local == "link" and link is None:
                if family == "atom" or (family == "rss" and child.get("href")):
                    if (child.get("rel") or "alternate") == "alternate":
                        href = child.get("href") or self.text(child)
                        link = self.resolve(child, href) if href else None
                elif family == "rss":
                    value = self.text(child)
                    link = self.resolve(child, value) if value else None
        return title or dc_title, link

    def entry(self, item: etree._Element) -> RawEntry:
        e = RawEntry()
        fallback_title: Text | None = None
        guid_link: str | None = None
        link_is_atom_alternate = False
        names: list[str] = []
        emails: list[str] = []
        kinds = self.kinds
        for child in item:
            found = kinds.get(child.tag)  # the usual case, without a call
            family, local = found if found is not None else self.kind(child)
            if family == "atom" or family == "rss":
                atom = family == "atom"
                if local == "title":
                    if e.title is None:
                        e.title = self.construct(child, atom, False)
                elif local == "link":
                    href = child.get("href")
                    rel = (child.get("rel") or "alternate").strip().lower()
                    if atom or href is not None:
                        if rel != "alternate":
                            continue
                        value = href if href is not None else self.text(child)
                        if value and not link_is_atom_alternate:
                            e.link = self.resolve(child, value)
                            link_is_atom_alternate = True
                    elif e.link is None or not link_is_atom_alternate:
                        value = self.text(child)
                        if value:
                            e.link = self.resolve(child, value)
                elif local in ("id", "guid"):
                    if e.guid is None:
                        value = self.text(child)
                        if value:
                            perma = (child.get("isPermaLink") or child.get("ispermalink") or "true").lower() == "true"
                            if perma:
                                guid_link = self.resolve(child, value)
                            e.guid = value
                elif local == "author":
                    if atom or len(child):
                        for part in child:
                            _, name = self.kind(part)
                            if name == "name" and (v := self.text(part)):
                                names.append(v)
                            elif name == "email" and (v := self.text(part)):
                                emails.append(v)
                        if not len(child) and (v := self.text(child)):
                            names.append(v)
                    elif (v := self.text(child)):
                        names.append(v)
                elif local in ("pubdate", "published", "issued"):
                    e.published = e.published or self.text(child)
                elif local in ("updated", "modified"):
                    e.updated = e.updated or self.text(child)
                elif local in ("description", "summary", "abstract"):
                    body = self.construct(child, atom, True)
                    e.bodies.append(body)
                    e.summary = e.summary or body
                elif local in ("content", "body", "fullitem"):
                    e.bodies.append(self.construct(child, atom, True))
            elif family == "dc" or family == "dcterms":
                if local in ("content", "description"):
                    body = self.construct(child, False, True)
                    e.bodies.append(body)
                    if local == "description":
                        e.summary = e.summary or body
                elif local == "title":
                    fallback_title = fallback_title or self.construct(child, False, False)
                elif local in ("creator", "author", "contributor") and (v := self.text(child)):
                    if local != "contributor" or not names:
                        names.append(v)
                elif local in ("issued", "created") and family == "dcterms":
                    e.published = e.published or self.text(child)
                elif local in ("date", "modified"):
                    e.updated = e.updated or self.text(child)
            elif family == "content":
                if local == "encoded":
                    e.bodies.append(self.construct(child, False, True))
            elif family == "xhtml":
                if local == "body":
                    e.bodies.append(Text(_inner_markup(child), True))
            elif family == "media":
                fallback_title = self.media(child, e, fallback_title)
            elif family == "itunes":
                if local == "author" and (v := self.text(child)):
                    names.append(v)
                elif local == "summary":
                    e.bodies.append(self.construct(child, False, False))
        if e.guid is None and (about := item.get(_RDF_ABOUT)):
            e.guid = about.strip() or None  # RSS 1.0: the item's URI is its identity
        if e.link is None and (href := item.get("href") or item.get("HREF")):
            e.link = self.resolve(item, href)  # CDF: <ITEM HREF="...">
        if e.title is None or not e.title.value.strip():
            e.title = fallback_title or e.title
        if e.link is None and guid_link:
            e.link = guid_link
        if names or emails:
            name = names[0] if names else ""
            e.author = f"{name} ({emails[0]})" if name and emails else name or emails[0]
        return e

    def media(self, el: etree._Element, e: RawEntry, fallback_title: Text | None) -> Text | None:
        """media:title (a fallback only), media:description, also inside media:group/content."""
        family, local = self.kind(el)
        if local == "title":
            return fallback_title or self.construct(el, False, (el.get("type") or "") == "html")
        if local == "description":
            e.bodies.append(Text(el.text or "", (el.get("type") or "") == "html" or _looks_like_html(el.text or "")))
        elif local in ("group", "content"):
            for child in el:
                if self.kind(child)[0] == "media":
                    fallback_title = self.media(child, e, fallback_title)
        return fallback_title


def _inner_markup(el: etree._Element) -> str:
    """The element's content as HTML markup: its text escaped, its children serialized without
    namespaces (so that <xhtml:p> is a paragraph and <xhtml:script> a script to drop)."""
    parts = [escape(el.text, quote=False)] if el.text else []
    for child in el:
        if isinstance(child.tag, str):
            for node in child.iter():
                if isinstance(node.tag, str) and node.tag[0] == "{":
                    node.tag = node.tag.split("}", 1)[1]
            parts.append(etree.tostring(child, encoding="unicode", with_tail=False))
        if child.tail:
            parts.append(escape(child.tail, quote=False))
    return "".join(parts)


def read_document(data: bytes, url: str | None, *, recover: bool = False) -> RawFeed:
    """The feed in `data` (UTF-8 XML without DOCTYPE). Raises NotWellFormed."""
    try:
        root = etree.fromstring(data, _RECOVER if recover else _PARSER, base_url=url)
    except etree.XMLSyntaxError as exc:
        raise NotWellFormed(str(exc)) from None
    if root is None:
        raise NotWellFormed("no root element")
    return _Reader(root, url).read()
