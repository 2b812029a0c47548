"""Full article text in a refresh: which items get their page read, and their records rebuilt from the page.

A feed's items come back from the parser workers with statements from the feed's own text. For
each new (or changed) item whose text is a teaser under the feed's `full_text` mode, newest
first and at most `pages_per_feed`, the page is read (feeds/ingest/pages.py: robots.txt, the
feeds' own HTTP limits), its main text taken and checked against the feed's in a worker
(workers.process_page), and the record replaced before the feed is written: the article is
stored once, with the statements of the page. A page that cannot be used leaves the item as
the feed gave it, with the reason beside it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

from ..ingest.main_text import page_wanted
from ..ingest.pages import PageFetch, PageReader, readable_link
from ..models import ArticleRecord, FeedSpec, FeedUpdate, PageRecord
from ..records import distinct_items
from ..store import Store
from .workers import PageOutcome, process_page

# How a refresh runs a function in its worker pool (refresh._Processing.call).
RunInPool = Callable[..., Awaitable[Any]]


def pick_items(records: Sequence[ArticleRecord], mode: str, needed: set[str], cap: int) -> list[ArticleRecord]:
    """The items whose page to read: wanted by the mode, needed, one per URL, newest first, at most `cap`.

    Of items sharing a canonical URL (one story under two links) only the first is read.
    """
    seen: set[str] = set()
    picked = []
    for r in records:
        url = r.canonical_url or r.link
        if not url or url in seen or r.key not in needed or not page_wanted(mode, r.text):
            continue
        seen.add(url)
        picked.append(r)
    picked.sort(key=lambda r: r.published or "", reverse=True)  # stored timestamps sort as they read
    return picked[:max(0, cap)]


def page_record(r: ArticleRecord, fetched: PageFetch, status: str, reason: str | None) -> PageRecord:
    return PageRecord(item_key=r.key, url=r.link or fetched.url, status=status, reason=reason,
                      http_status=fetched.http_status, final_url=fetched.final_url, feed_text=r.text,
                      content_hash=r.content_hash)


class PagePass:
    """Reads the pages of one refresh's items; shared by every feed of the refresh."""

    def __init__(self, store: Store, reader: PageReader, run: RunInPool, pages_per_feed: int) -> None:
        self.store = store
        self.reader = reader
        self.run = run
        self.pages_per_feed = pages_per_feed

    async def complete(self, spec: FeedSpec, update: FeedUpdate) -> FeedUpdate:
        """The feed's update with the pages of its new teaser items read and their records rebuilt."""
        if spec.full_text == "never" or self.pages_per_feed <= 0:
            return update
        try:
            return await self._complete(spec, update)
        except Exception as exc:  # a bug in reading pages must not cost the feed its articles
            why = f"article pages not read: internal error: {type(exc).__name__}: {exc}"
            return replace(update, warning=f"{update.warning}; {why}" if update.warning else why)

    async def _complete(self, spec: FeedSpec, update: FeedUpdate) -> FeedUpdate:
        # The items as the store will key them (records.distinct_items), so that each page's row
        # finds its article; the store's own pass over them then changes nothing.
        if not all(isinstance(a, ArticleRecord) for a in update.articles):
            return update  # ExtractedArticles (code in this process): no pages for them
        records = distinct_items([a for a in update.articles if isinstance(a, ArticleRecord)])
        shared = {link for link, n in Counter(r.link for r in records).items() if link and n > 1}
        candidates = [r for r in records if readable_link(r.link) and page_wanted(spec.full_text, r.text)]
        if not candidates:
            return update
        needed = await asyncio.to_thread(self.store.items_needing_pages, spec.url,
                                         [(r.key, r.content_hash, r.canonical_url, r.text_key) for r in candidates])
        # A link several items share (a home page) is none of them: its text would be every item's.
        unread = [page_record(r, PageFetch(r.link or "", "failed"), "failed",
                              f"{sum(1 for x in records if x.link == r.link)} items link to this one page")
                  for r in candidates if r.link in shared and r.key in needed]
        picked = pick_items([r for r in candidates if r.link not in shared], spec.full_text, needed,
                            self.pages_per_feed)
        if not picked and not unread:
            return update
        done = await asyncio.gather(*(self.read(r, spec.actor) for r in picked))
        rebuilt = {r.key: new for r, (new, _) in zip(picked, done, strict=True) if new is not None}
        articles = tuple(rebuilt.get(r.key, r) for r in records)
        return replace(update, articles=articles, pages=(*unread, *(page for _, page in done)))

    async def read(self, r: ArticleRecord, feed_actor: str | None) -> tuple[ArticleRecord | None, PageRecord]:
        """One item's page: its rebuilt record (None: the feed's text stays) and what happened."""
        assert r.link is not None
        fetched = await self.reader.read(r.link)
        if fetched.status != "ok" or fetched.body is None:
            return None, page_record(r, fetched, fetched.status, fetched.reason)
        try:
            outcome: PageOutcome = await self.run(process_page, fetched.body, fetched.content_type,
                                                  fetched.final_url or r.link, r, feed_actor)
        except Exception as exc:  # the pool died under this page: the item keeps the feed's text
            return None, page_record(r, fetched, "failed", f"the page reader failed: {type(exc).__name__}")
        return outcome.record, page_record(r, fetched, outcome.status, outcome.reason)
