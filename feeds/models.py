"""The records that cross module boundaries: config, parsed articles, statements, store views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

# --- configuration -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One `[[feeds]]` table of config.toml."""

    url: str
    title: str | None = None
    actor: str | None = None  # a hint: the outlet speaks for this actor (an agency's own feed)
    lang: str | None = None  # a hint for feeds that do not declare their language
    # Read each new item's article page: "auto" when the feed's text is a teaser, "always", "never".
    full_text: str = "auto"


@dataclass(frozen=True, slots=True)
class Person:
    """A known speaker: canonical name, other spellings (Latin and Cyrillic), the actor."""

    name: str
    actor: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A pane on the dashboard: a body whose statements are followed."""

    name: str
    aliases: tuple[str, ...] = ()  # how articles name the body itself ("Роскосмос", "Russian space agency")
    people: tuple[Person, ...] = ()
    pane: bool = True  # False: known for attribution, but no pane of its own


@dataclass(frozen=True, slots=True)
class FetchSettings:
    concurrency: int = 20
    per_host: int = 6
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = "spacewatch/0.1 (+https://github.com/spacewatch/spacewatch)"
    pages_per_feed: int = 20  # article pages read for one feed in one refresh, newest items first


@dataclass(frozen=True, slots=True)
class AlertRule:
    """A `[[alerts]]` table: fires when a matching statement arrives."""

    name: str
    actor: str | None = None
    speaker: str | None = None
    words: tuple[str, ...] = ()
    key_only: bool = False
    command: str | None = None
    bell: bool = True
    spike: bool = False  # fire on a day of unusual volume of the actor (feeds/newsroom/volume.py), not per statement


@dataclass(frozen=True, slots=True)
class Config:
    feeds: tuple[FeedSpec, ...]
    actors: tuple[Actor, ...]
    refresh_interval: int = 900  # seconds
    fetch: FetchSettings = field(default_factory=FetchSettings)
    alerts: tuple[AlertRule, ...] = ()
    path: Path | None = None  # the file this was loaded from (None: built in code)

    def actor_names(self) -> list[str]:
        return [a.name for a in self.actors]

    def pane_actors(self) -> list[Actor]:
        """The actors shown as panes, in config order."""
        return [a for a in self.actors if a.pane]


# --- what the parser produces --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """One feed entry turned into plain text. `text` is paragraphs joined by a blank line."""

    guid: str | None
    link: str | None
    title: str
    text: str
    published: datetime | None = None  # aware, UTC
    author: str | None = None
    summary: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    articles: tuple[ParsedArticle, ...]
    lang: str | None = None
    warning: str | None = None  # a bozo feed that still had entries: what was wrong with it


# --- what the extractor produces ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    """One direct quotation in an article: what was said, by whom, for which actor.

    `start`/`end` index the article text so that text[start:end] contains the quote
    (for a quote split around its attribution, the span runs from its first to its last part).
    """

    quote: str
    speaker: str | None  # canonical full name, or None for an unnamed official / a body
    speaker_as_written: str | None
    actor: str | None  # one of the config's actors, "Other", another body's name, or None
    paragraph: int
    start: int
    end: int
    key_score: float = 0.0
    is_key: bool = False
    key_reasons: tuple[str, ...] = ()
    lang: str | None = None


def _frozen_factory(cls: type) -> Callable[..., Any]:
    """A constructor for a frozen slotted dataclass that fills each slot through its descriptor.

    The generated __init__ of a frozen class goes through object.__setattr__ once per field;
    this one takes the same arguments (positional or by name, with the same defaults) at about
    half the cost. It is built from the class's fields, so it stays right when fields change.
    """
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__, which this constructor would skip")
    ns: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_unset": object()}
    params, body = [], []
    for f in fields(cls):
        if f.default is not MISSING:
            ns[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        elif f.default_factory is not MISSING:
            ns[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_unset")
            body.append(f"    if {f.name} is _unset:\n        {f.name} = _f_{f.name}()")
        else:
            params.append(f.name)
        ns[f"_s_{f.name}"] = cls.__dict__[f.name].__set__
        body.append(f"    _s_{f.name}(self, {f.name})")
    src = f"def make({', '.join(params)}):\n    self = _new(_cls)\n" + "\n".join(body) + "\n    return self\n"
    exec(src, ns)
    return ns["make"]


# What the extractor builds its statements with (a few per article, thousands a second).
make_statement: Callable[..., Statement] = _frozen_factory(Statement)


@dataclass(frozen=True, slots=True)
class LearnedPerson:
    """What an article taught about a person: their actor (from an apposition or title)."""

    name: str
    actor: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    statements: tuple[Statement, ...]
    mentions: tuple[str, ...] = ()  # actors the article mentions, quoted or not
    learned: tuple[LearnedPerson, ...] = ()


# --- what the store returns -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedState:
    """What fetching needs to know about a feed before asking for it again."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    retry_at: datetime | None
    consecutive_failures: int


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """One row of `spacewatch feeds` and the feed-health screen."""

    id: int
    url: str
    title: str | None
    last_checked_at: datetime | None
    last_success_at: datetime | None
    last_status: str | None  # "ok", "not-modified", "error", "warning", None (never fetched)
    http_status: int | None
    articles: int
    consecutive_failures: int
    last_error: str | None
    retry_at: datetime | None  # backoff / Retry-After: not fetched again before this


@dataclass(frozen=True, slots=True)
class StatementView:
    """A statement with what a reader needs beside it: article, outlet, date, link."""

    id: int
    article_id: int
    quote: str
    speaker: str | None
    speaker_as_written: str | None
    actor: str | None
    paragraph: int
    start: int
    end: int
    key_score: float
    is_key: bool
    key_reasons: tuple[str, ...]
    lang: str | None
    article_title: str
    link: str | None
    outlet: str | None  # the feed's title
    published: datetime | None  # the article's date (first seen when it has none)
    sources: int = 1  # articles carrying the same statement (syndicated copies of one story count once)
    cluster_id: int | None = None  # the statement's earliest copy when other articles carry it too
    starred: bool = False  # the reader starred it (`s`; any copy of the quote)
    read: bool = False  # the reader marked it read (`x`)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article in a list: a pane's "mentioned, not quoted" section, search results."""

    id: int
    title: str
    link: str | None
    outlet: str | None
    published: datetime | None
    statements: int = 0


@dataclass(frozen=True, slots=True)
class SearchPage:
    """The first page of a full-text search, best match first, with how many match in all.

    When more rows match than `window` (a word found in a third of all quotes), only the `window`
    most recently stored matches are ranked, and their count is the total so far (`*_windowed`:
    the store's `search_totals` counts them all): ranking every match would cost more than a
    keystroke may.
    """

    statements: tuple[StatementView, ...] = ()
    statement_total: int = 0
    articles: tuple[ArticleSummary, ...] = ()
    article_total: int = 0
    window: int = 0
    statements_windowed: bool = False
    articles_windowed: bool = False


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: int
    title: str
    text: str
    link: str | None
    author: str | None
    published: datetime | None
    lang: str | None
    outlets: tuple[str, ...]
    statements: tuple[StatementView, ...]


# --- what one refresh of one feed hands to the store ------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """A parsed article with the statements extracted from its text (None: not extracted yet)."""

    article: ParsedArticle
    extraction: Extraction | None = None
    extractor_version: int | None = None


# The rows below are made in the parser workers (feeds/records.py) and cross the process
# boundary as plain tuples; see records.py for why.

# (quote, speaker, speaker_as_written, actor, paragraph, start, end, key_score, is_key (0/1),
#  key_reasons as a JSON list, lang): the columns of a statements row that the extractor decides.
StatementRow = tuple[str, str | None, str | None, str | None, int, int, int, float, int, str, str | None]
# (name, actor, role): what an article taught about a person.
PersonRow = tuple[str, str, str | None]


class ExtractionRows(NamedTuple):
    """An Extraction as rows: statements, the actors the article names (sorted), people learned."""

    statements: tuple[StatementRow, ...]
    mentions: tuple[str, ...]
    learned: tuple[PersonRow, ...]


class ArticleRecord(NamedTuple):
    """What the store needs to write one feed item; see article_record."""

    key: str  # item_key()
    canonical_url: str | None
    text_key: str | None  # dedupe.text_fingerprint: the same story under another URL
    content_hash: str
    guid: str | None
    link: str | None
    title: str
    author: str | None
    summary: str | None
    text: str
    lang: str | None
    published: str | None  # to_ts()
    extractor_version: int | None
    extraction: ExtractionRows | None  # None: not extracted (yet)


@dataclass(frozen=True, slots=True)
class FeedUpdate:
    """The outcome of fetching one feed once; the store writes it in one transaction."""

    url: str
    status: str  # "ok" (parsed), "not-modified" (304), "error"
    started_at: datetime
    duration_ms: int = 0
    http_status: int | None = None
    error: str | None = None  # a sentence a user can act on
    warning: str | None = None  # stored but suspicious (a bozo feed that still had entries)
    etag: str | None = None
    last_modified: str | None = None
    retry_after: datetime | None = None  # Retry-After from the server
    feed_title: str | None = None
    site_url: str | None = None
    # ArticleRecords from the parser workers (keys and rows made there), or ExtractedArticles.
    articles: tuple[ExtractedArticle | ArticleRecord, ...] = ()
    pages: tuple[PageRecord, ...] = ()  # the article pages this refresh read (or tried to) for new items


class PageRecord(NamedTuple):
    """What reading one item's article page came to; the store keeps it beside the article.

    status: "read" (the article's text is the page's), "kept" (the page was read but the feed's
    text was kept: `reason` says why), "refused" (robots.txt), "failed" (`reason`: HTTP 403,
    a timeout, too large, not HTML...). The feed's own text is kept in `feed_text` whatever
    happens, so replacing it loses nothing.
    """

    item_key: str
    url: str
    status: str
    reason: str | None
    http_status: int | None
    final_url: str | None
    feed_text: str
    content_hash: str  # the version of the item this page belongs to (read again when it changes)


PAGE_STATUSES = ("read", "kept", "refused", "failed")


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a FeedUpdate changed in the store."""

    url: str
    status: str
    new_articles: int = 0
    updated_articles: int = 0
    new_statement_ids: tuple[int, ...] = ()
    error: str | None = None
    warning: str | None = None
    # Article pages read for new items: text taken from the page, page read but feed text kept,
    # refused by robots.txt, failed; `page_problem` is the first reason a page was not used.
    pages_read: int = 0
    pages_kept: int = 0
    pages_refused: int = 0
    pages_failed: int = 0
    page_problem: str | None = None
    # False: the database refused the write (disk full, I/O error, read-only): nothing of this
    # feed's refresh was stored, not even its health; it is fetched again next time.
    stored: bool = True

    @classmethod
    def not_stored(cls, url: str, exc: BaseException) -> WriteSummary:
        return cls(url=url, status="error", error=f"not stored: {exc}", stored=False)


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """Where an article's stored text came from: its page, or the feed (and why)."""

    url: str
    status: str  # as PageRecord.status
    reason: str | None
    fetched_at: datetime | None
    current: bool  # False: the item changed since, and its text is the feed's again

    @property
    def from_page(self) -> bool:
        return self.current and self.status == "read"


@dataclass(frozen=True, slots=True)
class PageHealth:
    """A feed's article pages over the stored articles: read, kept, refused, failed, the last problem."""

    read: int = 0
    kept: int = 0
    refused: int = 0
    failed: int = 0
    last_problem: str | None = None
