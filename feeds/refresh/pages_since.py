"""`fetch --pages-since`: read the pages of stored teaser articles (an upgrade path) and extract their statements again.

The refresh reads pages only for new items. Articles stored before full text existed, or while a
feed was `full_text = "never"`, or whose page failed, keep the feed's teaser until asked: this
reads their pages by the same polite reader and worker pool, and changes those articles only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime

from ..ingest.fetch import Fetcher
from ..ingest.main_text import page_wanted
from ..ingest.pages import PageReader, readable_link
from ..models import ArticleRecord, Config, PageRecord
from ..store import Store
from .full_text import PagePass
from .pipeline import POOL_MIN_FEEDS, _Processing, _writer_for
from .workers import default_workers

PagesProgress = Callable[[int, int], None]  # (pages done, pages to do)
WRITE_EVERY = 100  # pages per transaction


@dataclass
class PagesSinceResult:
    """What `fetch --pages-since` did: pages tried, and how each ended; statements now in those articles."""

    tried: int = 0
    read: int = 0
    kept: int = 0
    refused: int = 0
    failed: int = 0
    statements: int = 0
    new_statement_ids: list[int] = field(default_factory=list)
    problems: dict[str, int] = field(default_factory=dict)  # reason -> pages


async def read_stored_pages(store: Store, config: Config, *, since: datetime, workers: int | None = None,
                            progress: PagesProgress | None = None,
                            executor: Executor | None = None) -> PagesSinceResult:
    """Read the pages of stored articles sorted after `since` that do not have their page's text yet.

    Each feed's `full_text` mode decides as it does for new items ("never": none; "auto": teasers
    only). Results are written as they come, WRITE_EVERY pages a transaction, so an interrupted
    run keeps what it read.
    """
    loop = asyncio.get_running_loop()
    writer = _writer_for(store)
    teasers = await loop.run_in_executor(writer, store.stored_teasers, since)
    modes = {f.url: f.full_text for f in config.feeds}
    todo = [t for t in teasers if readable_link(t.record.link)
            and page_wanted(modes.get(t.feed_url or "", "auto"), t.record.text)]
    result = PagesSinceResult(tried=len(todo))
    if not todo:
        return result
    learned = tuple(await loop.run_in_executor(writer, store.learned_people))
    if workers is None:
        workers = default_workers() if len(todo) >= POOL_MIN_FEEDS else 0
    processing = _Processing(workers, config, learned, executor)
    pending: list[tuple[int, ArticleRecord, PageRecord]] = []
    done = 0

    async def write() -> None:
        batch = pending[:]
        del pending[:]
        if batch:
            result.new_statement_ids += await loop.run_in_executor(writer, store.apply_pages, batch)

    try:
        async with Fetcher(config.fetch) as fetcher:
            reader = PageReader(fetcher, config.fetch.user_agent, max_redirects=config.fetch.max_redirects)
            pages = PagePass(store, reader, processing.call, pages_per_feed=len(todo))

            async def one(article_id: int, record: ArticleRecord, feed_actor: str | None) -> None:
                nonlocal done
                rebuilt, page = await pages.read(record, feed_actor)
                setattr(result, page.status, getattr(result, page.status) + 1)
                if page.status != "read" and page.reason:
                    result.problems[page.reason] = result.problems.get(page.reason, 0) + 1
                if rebuilt is not None and rebuilt.extraction is not None:
                    result.statements += len(rebuilt.extraction.statements)
                pending.append((article_id, rebuilt or record, page))
                done += 1
                if progress is not None:
                    progress(done, len(todo))
                if len(pending) >= WRITE_EVERY:
                    await write()

            try:
                await asyncio.gather(*(one(t.article_id, t.record, t.feed_actor) for t in todo))
            finally:
                await reader.close()
    finally:
        try:
            await asyncio.shield(write())  # what was read is kept, even when cancelled
        finally:
            await processing.close()
    return result
