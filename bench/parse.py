#!/usr/bin/env python3
"""Feed parsing benchmark: spacewatch's parse_feed against feedparser over feedparser's own test suite.

    .venv/bin/python bench/parse.py [--suite ../shared/peer/feedparser/tests] [--repeat 5]

Speed: every document of the suite, as bytes with its `Header:` lines' headers, parsed by
feeds.parse.parse_feed and by feedparser.parse; the two are timed in alternation (A, B, A, B...)
so that a busy machine slows both alike, best of --repeat rounds, CPU seconds of this process.
Fidelity: tests/parse_diff.py's comparison, counted by category as issue 14's table counts them
(an entry dropped, a wrong title, link, guid, author or date, body words lost, mojibake; and
per document: refused, wrong feed title, crash).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import parse_diff  # noqa: E402

from feeds.ingest.parse import FeedParseError, parse_feed  # noqa: E402

CATEGORIES = ("crash", "refused", "feed title", "dropped", "title", "link", "guid", "author", "date", "body",
              "mojibake")


def _spacewatch(docs: list[parse_diff.Document]) -> int:
    entries = 0
    for doc in docs:
        try:
            entries += len(parse_feed(doc.body, content_type=doc.headers.get("content-type"), url=doc.url).articles)
        except FeedParseError:
            pass
    return entries


def _feedparser(docs: list[parse_diff.Document]) -> int:
    import feedparser

    entries = 0
    for doc in docs:
        headers = {**doc.headers, "content-location": doc.url}
        entries += len(feedparser.parse(doc.body, response_headers=headers).get("entries", []))
    return entries


def _timed(run, docs: list[parse_diff.Document]) -> tuple[float, int]:
    start = time.process_time()
    entries = run(docs)
    return time.process_time() - start, entries


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", type=Path, default=parse_diff.SUITE)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if not args.suite.is_dir():
        sys.exit(f"bench/parse.py: no feedparser test suite at {args.suite}")
    docs = list(parse_diff.documents(args.suite))
    _spacewatch(docs), _feedparser(docs)  # warm: imports, lazily built tables
    sw_best = fp_best = float("inf")
    sw_entries = fp_entries = 0
    for _ in range(args.repeat):
        seconds, sw_entries = _timed(_spacewatch, docs)
        sw_best = min(sw_best, seconds)
        seconds, fp_entries = _timed(_feedparser, docs)
        fp_best = min(fp_best, seconds)
    print(f"{'parser':<12} {'documents':>9} {'entries':>8} {'CPU s':>7}")
    print(f"{'spacewatch':<12} {len(docs):>9} {sw_entries:>8} {sw_best:>7.3f}")
    print(f"{'feedparser':<12} {len(docs):>9} {fp_entries:>8} {fp_best:>7.3f}")
    print(f"spacewatch is {fp_best / sw_best:.2f}x feedparser's speed (target >= 3x)")

    counts: Counter[str] = Counter()
    for outcome in (parse_diff.compare(doc) for doc in docs):
        # One entry wrong in one way counts once (its title and body may both be mojibake).
        counts.update(category for _, category in {(d.entry, d.category) for d in outcome.differences})
    print()
    print(f"{'difference from feedparser':<28} {'count':>6}")
    for name in CATEGORIES:
        unit = "documents" if name in ("crash", "refused", "feed title") else "entries"
        print(f"{name + ' (' + unit + ')':<28} {counts[name]:>6}")


if __name__ == "__main__":
    main()
