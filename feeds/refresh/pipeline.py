"""The pipeline: fetch every feed -> parse -> extract -> store, each feed written atomically.

Three things overlap: downloads on the event loop, parsing and extraction in a process pool
fed as each body arrives, and SQLite writes in one writer thread (whatever feeds finished
while the previous write ran are committed together, each feed all-or-nothing).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from typing import Protocol

from ..ingest.fetch import Fetcher, FetchResult
from ..ingest.pages import PageReader
from ..models import Config, FeedSpec, FeedState, FeedUpdate, LearnedPerson, WriteSummary
from ..store import Store
from .full_text import PagePass
from .people import LearnedPeople
from .workers import BodyOutcome, default_workers, init_worker, make_pool, process_body

Progress = Callable[[WriteSummary], None]

# Below this many feeds a pool costs more to start than it saves.
POOL_MIN_FEEDS = 8
# A finished feed waits at most this long (seconds) to be written together with others...
WRITE_LINGER = 0.25
# ...unless this many articles are already waiting (also the most one transaction writes).
WRITE_BATCH_ARTICLES = 500


class FeedSource(Protocol):
    """What refresh_all fetches with: feeds.ingest.fetch.Fetcher, or the demo's packaged files."""

    async def __aenter__(self) -> FeedSource: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> FetchResult: ...


def _skip_summary(state: FeedState, now: datetime) -> WriteSummary:
    assert state.retry_at is not None
    when = state.retry_at.astimezone(UTC)
    at = when.strftime("%H:%M UTC") if when.date() == now.date() else when.strftime("%Y-%m-%d %H:%M UTC")
    failures = state.consecutive_failures
    why = f"after {failures} failure{'s' if failures != 1 else ''}" if failures else "as the server asked"
    return WriteSummary(url=state.url, status="skipped",
                        warning=f"skipped: backing off {why}, next try at {at} (--force to fetch now)")


def _update(spec: FeedSpec, fetched: FetchResult, outcome: BodyOutcome | None) -> FeedUpdate:
    base = {"url": spec.url, "started_at": fetched.started_at, "duration_ms": fetched.duration_ms,
            "http_status": fetched.http_status}
    if fetched.status == "error":
        return FeedUpdate(status="error", error=fetched.error, retry_after=fetched.retry_after, **base)
    if fetched.status == "not-modified":
        return FeedUpdate(status="not-modified", etag=fetched.etag, last_modified=fetched.last_modified,
                          **base)
    assert outcome is not None
    if outcome.error:
        # Validators are not kept: a 304 next time must not hide that the document is broken.
        return FeedUpdate(status="error", error=outcome.error, **base)
    return FeedUpdate(status="ok", warning=outcome.warning, etag=fetched.etag,
                      last_modified=fetched.last_modified, feed_title=outcome.feed_title,
                      site_url=outcome.site_url, articles=outcome.articles, **base)


# One writer thread per store: it holds that store's one write connection across refreshes (a
# dashboard refreshes every few minutes), concurrent refreshes queue their writes on it, and the
# event loop never waits on SQLite.
_writers: weakref.WeakKeyDictionary[Store, ThreadPoolExecutor] = weakref.WeakKeyDictionary()
_writers_lock = threading.Lock()


def _writer_for(store: Store) -> ThreadPoolExecutor:
    with _writers_lock:
        writer = _writers.get(store)
        if writer is None:
            writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spacewatch-writer")
            _writers[store] = writer
        return writer


class _Processing:
    """Runs process_body in a process pool, or in a thread of this process when workers == 0.

    The pool is created in a thread: starting the forkserver blocks until it has imported the
    parsers (~0.3 s), which must not hold up the requests going out on the event loop.
    """

    def __init__(self, workers: int, config: Config, learned: tuple[LearnedPerson, ...],
                 executor: Executor | None) -> None:
        self.workers = workers
        self.config = config
        self.learned = learned
        self.executor = executor
        self._owned: asyncio.Future[Executor] | None = None
        if executor is None and workers == 0:
            init_worker(config, learned)

    def start(self) -> None:
        """Begin creating the pool (if there is to be one) without waiting for it."""
        if self.executor is None and self.workers and self._owned is None:
            loop = asyncio.get_running_loop()
            self._owned = loop.run_in_executor(None, make_pool, self.workers, self.config, self.learned)

    async def _pool(self) -> Executor | None:
        if self.executor is not None:
            return self.executor
        if self.workers == 0:
            return None
        self.start()
        assert self._owned is not None
        return await self._owned

    async def run(self, fetched: FetchResult, spec: FeedSpec) -> BodyOutcome:
        assert fetched.body is not None
        args = (fetched.body, fetched.content_type, fetched.final_url or spec.url, spec.actor, spec.lang)
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            pool = await self._pool()
            try:
                # In-process mode still runs off the loop, in a thread, to keep the loop responsive.
                return await loop.run_in_executor(pool, process_body, *args)
            except BrokenProcessPool:
                if self._owned is None or attempt == 2:
                    return BodyOutcome(error="the parser process died on this feed")
                if self._owned.done() and pool is self._owned.result():
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._owned = None  # the next attempt starts a fresh pool
        raise AssertionError("unreachable")

    async def call(self, fn: Callable[..., object], *args: object) -> object:
        """fn(*args) in the pool (in a thread without one): article pages, off the event loop."""
        pool = await self._pool()
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)

    async def close(self) -> None:
        """Stop the pool this refresh started, waiting for its workers to exit (off the event loop)."""
        owned, self._owned = self._owned, None
        if owned is None:
            return
        if owned.done():
            if not owned.cancelled() and owned.exception() is None:
                pool = owned.result()
                # In a thread: the dashboard's event loop keeps drawing while the workers exit.
                await asyncio.shield(asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True))
        else:  # still starting (the refresh was cancelled early): stop it once it exists
            owned.add_done_callback(
                lambda f: None if f.cancelled() or f.exception() else f.result().shutdown(wait=False))


async def refresh_feeds(store: Store, config: Config, specs: Sequence[FeedSpec], *, force: bool = False,
                        progress: Progress | None = None, source: FeedSource | None = None,
                        workers: int | None = None, executor: Executor | None = None) -> list[WriteSummary]:
    """Refresh the given feeds (all of them must be in config or be known to the store).

    See refresh_all for the arguments; `specs` picks the feeds.
    """
    loop = asyncio.get_running_loop()
    writer = _writer_for(store)
    results: list[WriteSummary] = []
    processing: _Processing | None = None

    def report(summaries: Sequence[WriteSummary]) -> None:
        results.extend(summaries)
        if progress is not None:
            for s in summaries:
                progress(s)

    try:
        try:
            await loop.run_in_executor(writer, store.sync_feeds, config.feeds)
        except sqlite3.Error as exc:
            # The database takes no write (disk full, read-only, I/O error): fetching every feed
            # only to throw it away helps nobody. Each feed says why, and is fetched next time.
            report([WriteSummary.not_stored(spec.url, exc) for spec in specs])
            return results
        states = await loop.run_in_executor(writer, store.feed_states)
        now = datetime.now(UTC)
        due: list[FeedSpec] = []
        for spec in specs:
            state = states.get(spec.url)
            if not force and state is not None and state.retry_at is not None and state.retry_at > now:
                report([_skip_summary(state, now)])
            else:
                due.append(spec)
        if not due:
            return results
        learned = tuple(await loop.run_in_executor(writer, store.learned_people))
        if workers is None:
            workers = min(default_workers(), len(due)) if len(due) >= POOL_MIN_FEEDS else 0
        processing = _Processing(workers, config, learned, executor)
        people = LearnedPeople(config)
        if any(not (s := states.get(spec.url)) or not (s.etag or s.last_modified) for spec in due):
            # Some feed cannot answer 304: bodies are coming, so start the pool while the first
            # requests are in flight. (A refresh where every feed has validators starts it lazily.)
            processing.start()
        # Finished feeds wait here for the writer. It lingers a moment after the first one, so
        # that feeds finishing close together share a commit: each commit costs FTS5 a segment
        # flush and merges, and one feed per commit made the store's work 35% dearer.
        pending: list[FeedUpdate] = []
        arrived = asyncio.Event()
        closed = False

        async def write_batches() -> None:
            while True:
                while not pending and not closed:
                    arrived.clear()
                    await arrived.wait()
                deadline = loop.time() + WRITE_LINGER
                while not closed and sum(len(u.articles) for u in pending) < WRITE_BATCH_ARTICLES:
                    left = deadline - loop.time()
                    if left <= 0:
                        break
                    arrived.clear()
                    try:
                        await asyncio.wait_for(arrived.wait(), left)
                    except TimeoutError:
                        break
                # A backlog is written in transactions of about WRITE_BATCH_ARTICLES: the
                # pending full-text terms of a transaction are held in memory until it commits.
                take, size = 1, len(pending[0].articles) if pending else 0
                while take < len(pending) and size + len(pending[take].articles) <= WRITE_BATCH_ARTICLES:
                    size += len(pending[take].articles)
                    take += 1
                batch = pending[:take]
                del pending[:take]
                if batch:  # written knowing the people this batch teaches (feeds/people.py)
                    report(await loop.run_in_executor(writer, people.write, store, batch))
                if closed and not pending:
                    return

        def finished(update: FeedUpdate) -> None:
            pending.append(update)
            arrived.set()

        async def one(spec: FeedSpec, fetcher: FeedSource) -> None:
            state = states.get(spec.url)
            started = datetime.now(UTC)
            try:
                fetched = await fetcher.fetch(spec.url, etag=state.etag if state else None,
                                              last_modified=state.last_modified if state else None)
                outcome = None
                if fetched.status == "ok":
                    assert processing is not None
                    outcome = await processing.run(fetched, spec)
                update = _update(spec, fetched, outcome)
                if page_pass is not None and update.status == "ok":
                    update = await page_pass.complete(spec, update)
            except Exception as exc:  # a bug here is this feed's error, not every feed's
                update = FeedUpdate(url=spec.url, status="error", started_at=started,
                                    error=f"internal error: {type(exc).__name__}: {exc}")
            finished(update)

        writing = asyncio.create_task(write_batches())
        page_pass: PagePass | None = None
        try:
            async with (source or Fetcher(config.fetch)) as fetcher:
                if isinstance(fetcher, Fetcher):  # article pages only from the network, never the demo's files
                    reader = PageReader(fetcher, config.fetch.user_agent, max_redirects=config.fetch.max_redirects)
                    page_pass = PagePass(store, reader, processing.call, config.fetch.pages_per_feed)
                await asyncio.gather(*(one(spec, fetcher) for spec in due))
        finally:
            if page_pass is not None:
                await page_pass.reader.close()
            closed = True
            arrived.set()
            if not writing.done():
                # Cancelled or failed: what already arrived is still written.
                await asyncio.shield(writing)
        if any(r.new_statement_ids for r in results):
            await loop.run_in_executor(writer, _apply_to_stored, people, store)
        return results
    finally:
        if processing is not None:
            await processing.close()


def _apply_to_stored(people: LearnedPeople, store: Store) -> None:
    """What this refresh's articles taught about speakers, for the statements written before (feeds/people.py)."""
    try:
        people.apply_to_stored(store)
    except sqlite3.OperationalError:
        pass  # busy or out of space: the feeds are written; the next refresh applies it to them all


async def refresh_all(store: Store, config: Config, *, force: bool = False,
                      progress: Progress | None = None, source: FeedSource | None = None,
                      workers: int | None = None, executor: Executor | None = None) -> list[WriteSummary]:
    """Refresh every feed of the config once; one WriteSummary per feed, in completion order.

    A coroutine: await it from a running loop (the Textual app) or run it with asyncio.run
    (the CLI). A feed whose backoff (retry_at) lies in the future is skipped, with a summary
    of status "skipped" saying until when, unless `force`. `progress` is called with each
    feed's summary as soon as it is written. Errors never raise: they are that feed's
    summary (status "error", `error` a sentence) and its health row.

    `workers`: parser processes (None: one per core when there are enough feeds, 0: parse in
    a thread of this process). `executor` replaces the pool; `source` replaces the network
    (the demo's packaged feeds, tests).
    """
    return await refresh_feeds(store, config, config.feeds, force=force, progress=progress,
                               source=source, workers=workers, executor=executor)


def refresh_all_sync(store: Store, config: Config, **kwargs: object) -> list[WriteSummary]:
    """refresh_all for code without an event loop (scripts, cron wrappers)."""
    return asyncio.run(refresh_all(store, config, **kwargs))  # type: ignore[arg-type]


# --- the demo ---------------------------------------------------------------------------------


async def refresh_demo(store: Store, *, progress: Progress | None = None) -> list[WriteSummary]:
    """Fill `store` from the demo feeds packaged in feeds/demo, offline, by the same pipeline.

    Await it from a running loop (the dashboard's --demo); fill_demo is the blocking twin.
    Running it again adds nothing (the packaged feeds answer "not modified").
    """
    from ..demo import PackagedFeeds, demo_config

    config = demo_config()
    return await refresh_all(store, config, force=True, progress=progress, source=PackagedFeeds(),
                             workers=0)


def fill_demo(store: Store) -> list[WriteSummary]:
    """Blocking refresh_demo, for code outside an event loop (tests, `spacewatch --demo` setup).

    From inside a running loop, await refresh_demo instead.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(refresh_demo(store))
    raise RuntimeError("fill_demo() called from a running event loop: await refresh_demo() instead")
