"""`spacewatch reextract`: run statement extraction again over stored articles after an upgrade or a config change."""

from __future__ import annotations

import argparse
import sys
import time

from tui.output import clear_status, say, status, warn


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "reextract", parents=[common], help="extract statements again from stored articles",
        description="Run statement extraction again over the stored articles whose statements were "
                    "extracted by an older extractor (or never); --all for every article, e.g. after "
                    "editing actors or people in the config. Statements whose quote and speaker did not "
                    "change keep their id, so alerts do not fire again.")
    p.add_argument("--all", action="store_true", help="every article, whatever extractor version it has")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from feeds.config import load_config
    from feeds.statements import EXTRACTOR_VERSION, extract
    from feeds.statements.actors import ActorResolver
    from tui.database import db_path, open_store

    config = load_config(args.config)
    if not db_path(args.db).exists():
        warn(f"spacewatch: no database at {db_path(args.db)} yet; run `spacewatch fetch` first")
        return 1
    live = sys.stderr.isatty()
    articles = statements = failed = 0
    started = time.monotonic()
    with open_store(args.db) as store:
        resolver = ActorResolver.from_config(config, learned=store.learned_people())
        below = None if args.all else EXTRACTOR_VERSION
        for batch in store.articles_to_extract(below_version=below):
            results = []
            for article_id, title, text, lang in batch:
                try:
                    results.append((article_id, extract(text, title=title, lang=lang, resolver=resolver,
                                                        feed_actor=store.article_feed_actor(article_id))))
                except Exception as exc:  # one odd article keeps its old statements; the rest go on
                    failed += 1
                    warn(f"spacewatch: article {article_id}: extraction failed: {exc!r}")
            statements += store.replace_extractions(results, EXTRACTOR_VERSION)
            articles += len(results)
            if live:
                status(f"re-extracted {articles} articles")
    if live:
        clear_status()
    if not articles and not failed:
        say(f"nothing to do: every article was extracted by extractor version {EXTRACTOR_VERSION} "
              "(--all to run it again anyway)")
        return 0
    seconds = time.monotonic() - started
    say(f"re-extracted {articles} articles in {seconds:.1f} s: {statements} statements "
          f"(extractor version {EXTRACTOR_VERSION})" + (f"; {failed} failed" if failed else ""))
    return 1 if failed and not articles else 0
