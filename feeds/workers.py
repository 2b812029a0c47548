"""The CPU half of a refresh: one feed body -> parsed, extracted articles, run in a process pool.

Parsing and statement extraction hold the GIL; done on the event loop they would stall every
download in flight. Each body is handed to a worker process as soon as it arrives, so both
cores work while the network waits, and only plain records come back to be written.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from .ingest.parse import FeedParseError, parse_feed
from .models import ArticleRecord, Config, ExtractedArticle, LearnedPerson, ParsedArticle
from .records import article_record


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
            from . import statements
        except ImportError:
            return
        self._extract = statements.extract
        self.version = int(getattr(statements, "EXTRACTOR_VERSION", 0)) or None
        if config is not None:
            try:
                from .statements.actors import ActorResolver
            except ImportError:
                pass
            else:
                self._resolver = ActorResolver.from_config(config, learned=learned)

    def __call__(self, article: ParsedArticle, feed_actor: str | None) -> ExtractedArticle:
        if self._extract is None or not article.text:
            return ExtractedArticle(article)
        try:
            extraction = self._extract(article.text, title=article.title, lang=article.lang,
                                       resolver=self._resolver, feed_actor=feed_actor)
        except Exception as exc:  # one odd article must not cost the feed its other articles
            print(f"spacewatch: extraction failed for {article.link or article.title!r}: {exc!r}",
                  file=sys.stderr)
            return ExtractedArticle(article)
        return ExtractedArticle(article, extraction, self.version)


_extractor: _Extractor | None = None
WORKER_NICE = 5


def init_worker(config: Config | None, learned: tuple[LearnedPerson, ...] = (), nice: int = 0,
                pool_worker: bool = False) -> None:
    """Pool initializer (also right for in-process use): build the extractor once per process.

    Pool workers run `nice`: on a busy machine the event loop that feeds them must win the CPU,
    or every download in flight waits for a parse.
    """
    global _extractor
    if nice and hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError:
            pass
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
    try:
        for article in parsed.articles:
            if article.lang is None and lang_hint:
                article = _with_lang(article, lang_hint)
            articles.append(article_record(extract(article, feed_actor)))
    except Exception as exc:  # the same: this feed fails whole, nothing half-written
        return BodyOutcome(error=f"could not process: {type(exc).__name__}: {exc}")
    return BodyOutcome(warning=parsed.warning, feed_title=parsed.title, site_url=parsed.site_url,
                       articles=tuple(articles))


def _with_lang(article: ParsedArticle, lang: str) -> ParsedArticle:
    from dataclasses import replace

    return replace(article, lang=lang)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def make_pool(workers: int, config: Config | None, learned: tuple[LearnedPerson, ...] = ()) -> Executor:
    """A process pool whose workers have the extractor ready.

    forkserver on POSIX: safe to start from a process that already runs threads (the
    dashboard, the writer thread), and each worker forks from a server that has already
    imported the parsers, so workers start in milliseconds.
    """
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["feeds.workers", "feeds.ingest.parse", "fastfeedparser", "feeds.statements",
                                    "feeds.statements.actors"])
    else:
        ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                               initargs=(config, tuple(learned), WORKER_NICE, True))
    # Workers start on demand, one per waiting task: ask for all of them now, so they are
    # ready by the time the first bodies arrive.
    for _ in range(workers):
        pool.submit(int)
    return pool
