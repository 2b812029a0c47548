"""One article as the store writes it: keys, hashes and statement rows, made where it was parsed.

A cold refresh writes ~10,000 articles and ~50,000 statements from one writer thread in the
main process, which also runs the downloads. Everything about an article that does not need the
database (its item key, canonical URL, text fingerprint, content hash, timestamps, the statement
rows with their JSON) is computed here, in the parser workers, and crosses the process boundary
as plain tuples: pickle moves tuples of strings in C, where frozen dataclasses cost a Python call
per object on each side (measured on 10,000 articles: 0.06 s + 0.08 s against 0.26 s + 0.59 s).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

from .dedupe import text_fingerprint
from .models import ArticleRecord, ExtractedArticle, Extraction, ExtractionRows, ParsedArticle
from .urls import canonical_url

TS_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

def to_ts(value: datetime | None) -> str | None:
    """Stored timestamps are UTC text that sorts as it reads: 2024-07-26T09:15:00Z."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime(TS_FORMAT)


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def item_key(article: ParsedArticle, canonical: str | None = None) -> str:
    """How a feed names one of its items: guid, else link, else title and date, else the text.

    `canonical`: canonical_url(article.link), when the caller has it already.
    """
    if article.guid and article.guid.strip():
        return "guid:" + article.guid.strip()
    if article.link and article.link.strip():
        return "link:" + (canonical or canonical_url(article.link) or article.link.strip())
    if article.title.strip() or article.published:
        return "title:" + digest(f"{article.title.strip()}|{to_ts(article.published) or ''}")
    return "text:" + digest(article.text)


def distinct_items(records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """A feed document's items, each distinct item once, under keys that tell them apart.

    Feeds get this wrong in two ways. The same item listed twice (same key, same content) is kept
    once. Different items under one guid (a feed whose every item says guid "1"), or without a guid
    under one link (every item linking to the home page), would overwrite each other at every
    fetch, in whatever order the feed lists them: their key gains what does tell them apart (the
    link, else the title and date, else the content), the same whatever the order. A link that
    several distinct items share says nothing about which story each is, so it stops being their
    canonical URL (that would make them one article).
    """
    unique: dict[tuple[str, str], ArticleRecord] = {}
    for r in records:
        unique.setdefault((r.key, r.content_hash), r)
    groups: dict[str, list[ArticleRecord]] = {}
    for r in unique.values():
        groups.setdefault(r.key, []).append(r)
    links: dict[str, int] = {}
    for r in unique.values():
        if r.canonical_url:
            links[r.canonical_url] = links.get(r.canonical_url, 0) + 1
    result: list[ArticleRecord] = []
    for r in unique.values():
        group = groups[r.key]
        if len(group) > 1:
            r = r._replace(key=f"{r.key}|{_telling_apart(r, group)}")
        if r.canonical_url and links[r.canonical_url] > 1:
            r = r._replace(canonical_url=None)
        result.append(r)
    return result


def _telling_apart(r: ArticleRecord, group: Sequence[ArticleRecord]) -> str:
    if len({g.canonical_url for g in group}) == len(group) and r.canonical_url:
        return "link:" + r.canonical_url
    if len({(g.title, g.published) for g in group}) == len(group):
        return "title:" + digest(f"{r.title.strip()}|{r.published or ''}")
    return "text:" + r.content_hash


def content_hash(article: ParsedArticle) -> str:
    return digest(f"{article.title}\x1f{article.text}")


@lru_cache(maxsize=512)
def _reasons_json(reasons: tuple[str, ...]) -> str:
    """Key-quote reasons come from a short list, so their JSON is made once per combination."""
    return json.dumps(list(reasons))


def extraction_rows(extraction: Extraction) -> ExtractionRows:
    statements = tuple(
        (s.quote, s.speaker, s.speaker_as_written, s.actor, s.paragraph, s.start, s.end, s.key_score,
         int(s.is_key), _reasons_json(s.key_reasons), s.lang)
        for s in extraction.statements)
    actors = set(extraction.mentions)
    actors.update(s.actor for s in extraction.statements if s.actor)
    learned = tuple((p.name, p.actor, p.role) for p in extraction.learned)
    return ExtractionRows(statements, tuple(sorted(actors)), learned)


def article_record(item: ExtractedArticle) -> ArticleRecord:
    """An extracted article as the store writes it. Pure: runs in the parser workers."""
    article = item.article
    canonical = canonical_url(article.link)
    extraction = item.extraction
    return ArticleRecord(
        item_key(article, canonical), canonical, text_fingerprint(article.text), content_hash(article),
        article.guid, article.link, article.title, article.author, article.summary, article.text,
        article.lang, to_ts(article.published),
        item.extractor_version if extraction is not None else None,
        extraction_rows(extraction) if extraction is not None else None)
