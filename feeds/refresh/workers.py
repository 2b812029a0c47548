"""The CPU half of a refresh: one feed body -> parsed, extracted articles, run in a process pool.

Parsing and statement extraction hold the GIL; done on the event loop they would stall every
download in flight. Each body is handed to a worker process as soon as it arrives, so both
cores work while the network waits, and only plain records come back to be written.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from typing import Any, NamedTuple

from ..ingest.parse import FeedParseError, parse_feed
from ..models import ArticleRecord, Config, ExtractedArticle, LearnedPerson, ParsedArticle
from ..records import TS_FORMAT, article_record


@dataclass(frozen=True, slots=True)
class BodyOutcome:
    """What a worker made of one body: articles, or the sentence saying why there are none."""

    error: str | None = None
    warning: str | None = None
    feed_title: str | None = None
    site_url: str | None = None
    articles: tuple[ArticleRecord, ...] = ()


class _Extractor:
    """statements.extract with this worker's resolver; absent until that module exists."""

    def __init__(self, config: Config | None, learned: tuple[LearnedPerson, ...]) -> None:
        self.version: int | None = None
        self._extract: Any = None
        self._resolver: Any = None
        try:
            from .. import statements
        except ImportError:
            return
        self._extract = statements.extract
        self.version = int(getattr(statements, "EXTRACTOR_VERSION", 0)) or None
        if config is not None:
            try:
                from ..statements.actors import ActorResolver
            except ImportError:
                pass
            else:
                self._resolver = ActorResolver.from_config(config, learned=learned)

    def __call__(self, article: ParsedArticle, feed_actor: str | None) -> tuple[ExtractedArticle, str | None]:
        """The article with its statements, and the sentence saying why there are none when extraction failed."""
        if self._extract is None or not article.text:
            return ExtractedArticle(article), None
        try:
            extraction = self._extract(article.text, title=article.title, lang=article.lang,
                                       resolver=self._resolver, feed_actor=feed_actor)
        except Exception as exc:  # one odd article must not cost the feed its other articles
            # Never printed: a pool worker's stderr is the terminal the dashboard draws on.
            return ExtractedArticle(article), f"{article.link or article.title!r}: {type(exc).__name__}: {exc}"
        return ExtractedArticle(article, extraction, self.version), None


_extractor: _Extractor | None = None
WORKER_NICE = 5


def _exit_with_parent(lifeline: Connection) -> None:
    """End this worker once the process that made the pool is gone.

    A parent killed with SIGKILL (or SIGTERM before it could clean up) runs no cleanup: its idle
    workers would wait on their task queue for ever, since they hold its write end themselves.
    `lifeline` is the read end of a pipe whose only write end the parent holds; the kernel closes
    it when the parent dies (even while the parent lingers as a zombie), and the read sees EOF.
    """

    def watch() -> None:
        try:
            while True:
                lifeline.recv_bytes()
        except (EOFError, OSError):
            os._exit(1)

    threading.Thread(target=watch, name="spacewatch-lifeline", daemon=True).start()


def init_worker(config: Config | None, learned: tuple[LearnedPerson, ...] = (), nice: int = 0,
                pool_worker: bool = False, lifeline: Connection | None = None) -> None:
    """Pool initializer (also right for in-process use): build the extractor once per process.

    Pool workers run `nice`: on a busy machine the event loop that feeds them must win the CPU,
    or every download in flight waits for a parse. They ignore SIGINT (Ctrl-C reaches the whole
    foreground process group; the parent decides and shuts them down) and end by themselves
    when the process that made the pool is gone (`lifeline`).
    """
    global _extractor
    if nice and hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError:
            pass
    if pool_worker:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if lifeline is not None:
            _exit_with_parent(lifeline)
    _extractor = _Extractor(config, tuple(learned))
    if pool_worker:
        # What exists now (modules, the resolver's tables) lives as long as the worker: keep the
        # collector from scanning it at every full collection (3% of a worker's CPU). Not in the
        # dashboard's own process, where frozen garbage would never be freed.
        gc.freeze()


def process_body(body: bytes, content_type: str | None, url: str, feed_actor: str | None,
                 lang_hint: str | None) -> BodyOutcome:
    """Parse one feed body and extract the statements of every article. Never raises."""
    global _extractor
    if _extractor is None:
        _extractor = _Extractor(None, ())
    try:
        parsed = parse_feed(body, content_type=content_type, url=url)
    except FeedParseError as exc:
        return BodyOutcome(error=str(exc))
    except Exception as exc:  # a parser bug is this feed's error, not the refresh's end
        return BodyOutcome(error=f"could not parse: {type(exc).__name__}: {exc}")
    extract = _extractor
    articles = []
    failures: list[str] = []
    try:
        for article in parsed.articles:
            if article.lang is None and lang_hint:
                article = _with_lang(article, lang_hint)
            extracted, failure = extract(article, feed_actor)
            if failure is not None:
                failures.append(failure)
            articles.append(article_record(extracted))
    except Exception as exc:  # the same: this feed fails whole, nothing half-written
        return BodyOutcome(error=f"could not process: {type(exc).__name__}: {exc}")
    warning = parsed.warning
    if failures:
        what = f"statements not extracted from {len(failures)} article{'s' if len(failures) != 1 else ''}, " \
               f"first {failures[0]}"
        warning = f"{warning}; {what}" if warning else what
    return BodyOutcome(warning=warning, feed_title=parsed.title, site_url=parsed.site_url,
                       articles=tuple(articles))


class PageOutcome(NamedTuple):
    """What a worker made of one article page: the item rebuilt on the page's text ("read"), or why not."""

    record: ArticleRecord | None
    status: str  # "read", "kept" (the feed's text stays), "failed"
    reason: str | None


def process_page(body: bytes, content_type: str | None, url: str, record: ArticleRecord,
                 feed_actor: str | None) -> PageOutcome:
    """The page's main text checked against the feed's, and the item's statements taken from it. Never raises.

    The rebuilt record keeps the item's identity (key, canonical URL, text fingerprint, content
    hash: all of the feed's version), so that the store sees the same item next time.
    """
    from ..ingest.main_text import extract_page, feed_text_kept

    global _extractor
    if _extractor is None:
        _extractor = _Extractor(None, ())
    try:
        page = extract_page(body, url, content_type)
        why = feed_text_kept(page, record.text, record.title)
        if why is not None:
            return PageOutcome(None, "kept", why)
        published = datetime.strptime(record.published, TS_FORMAT).replace(tzinfo=UTC) if record.published \
            else page.published
        article = ParsedArticle(guid=record.guid, link=record.link, title=record.title, text=page.text,
                                published=published, author=record.author or page.author,
                                summary=record.summary, lang=record.lang)
        extracted, _failure = _extractor(article, feed_actor)
        rebuilt = article_record(extracted)._replace(
            key=record.key, canonical_url=record.canonical_url, text_key=record.text_key,
            content_hash=record.content_hash)
    except Exception as exc:  # one odd page costs its article the page, nothing more
        return PageOutcome(None, "failed", f"could not read the page: {type(exc).__name__}: {exc}")
    return PageOutcome(rebuilt, "read", None)


def _with_lang(article: ParsedArticle, lang: str) -> ParsedArticle:
    from dataclasses import replace

    return replace(article, lang=lang)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@contextmanager
def _stderr_with_a_file_descriptor() -> Iterator[None]:
    """Let multiprocessing start its helper processes whatever sys.stderr is now.

    Starting the resource tracker passes sys.stderr.fileno() on to the new process. A running
    Textual app has replaced sys.stderr with an object whose fileno() is -1, and the pool's start
    fails with "bad value(s) in fds_to_keep". While the helpers start, sys.stderr is a real file
    (os.devnull: the helpers never write to it; their own stderr is the inherited descriptor 2).
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    captured = sys.stderr
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        sys.stderr = devnull
        try:
            yield
        finally:
            sys.stderr = captured


class _Pool(ProcessPoolExecutor):
    """A process pool that holds the write end of its workers' lifeline until it is shut down."""

    def __init__(self, lifeline: Connection, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lifeline = lifeline

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        if wait:
            self._lifeline.close()


def make_pool(workers: int, config: Config | None, learned: tuple[LearnedPerson, ...] = ()) -> Executor:
    """A process pool whose workers have the extractor ready.

    forkserver on POSIX: safe to start from a process that already runs threads (the
    dashboard, the writer thread), and each worker forks from a server that has already
    imported the parsers, so workers start in milliseconds.
    """
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        preload = ["feeds.refresh.workers", "feeds.ingest.parse", "feeds.ingest.feed_xml", "feeds.statements",
                   "feeds.statements.actors"]
        if config is not None and any(f.full_text != "never" for f in config.feeds):
            preload.append("trafilatura")  # 0.3 s to import: once in the server, not in every worker
        ctx.set_forkserver_preload(preload)
    else:
        ctx = multiprocessing.get_context("spawn")
    lifeline, held = ctx.Pipe(duplex=False)  # workers read; only this process writes (see _exit_with_parent)
    # The pool's queues start the resource tracker, its workers the forkserver: both while
    # sys.stderr is usable.
    with _stderr_with_a_file_descriptor():
        pool = _Pool(held, max_workers=workers, mp_context=ctx, initializer=init_worker,
                     initargs=(config, tuple(learned), WORKER_NICE, True, lifeline))
        # Workers start on demand, one per waiting task: ask for all of them now, so they are
        # ready by the time the first bodies arrive.
        for _ in range(workers):
            pool.submit(int)
    return pool
