"""`spacewatch page FILE.html...`: the main text spacewatch would keep of saved article pages."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tui.output import data, say, warn


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "page", parents=[common], help="print the main text spacewatch keeps of saved article pages",
        description="Print the main text spacewatch would keep of each saved HTML page (what the "
                    "full_text setting stores instead of a feed's teaser): for checking why a site "
                    "yields nothing, and for benchmarks. Reads files only, never the network.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.html", help="saved pages")
    p.add_argument("--url", metavar="URL", help="the address the pages were saved from (resolves relative links)")
    p.add_argument("--jsonl", action="store_true",
                   help='one JSON line per file: {"file", "text", "title", "published", "author"}')
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from feeds.ingest.main_text import extract_page

    failed = 0
    for i, path in enumerate(args.files):
        try:
            body = path.read_bytes()
        except OSError as exc:
            warn(f"spacewatch: {path}: {exc.strerror or exc}")
            failed += 1
            continue
        page = extract_page(body, args.url)
        if args.jsonl:
            data(json.dumps({"file": str(path), "text": page.text, "title": page.title,
                             "published": page.published.isoformat() if page.published else None,
                             "author": page.author}, ensure_ascii=False) + "\n")
            continue
        if len(args.files) > 1:
            say(("\n" if i else "") + f"== {path}", single_line=True)
        say(page.text if page.text else "(no article text found)")
    return 1 if failed == len(args.files) else 0
