"""`spacewatch extract`: the statements of pasted text or of JSON lines, printed as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, BinaryIO

from feeds.config import load_config
from feeds.models import Extraction
from tui.output import data, warn


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "extract", parents=[common], help="print the quotations of an article: who said what, for which actor",
        description="Read one article as plain text (paragraphs separated by a blank line) from FILE or "
                    "standard input, or with --jsonl one JSON object per line {\"id\", \"title\", \"text\"}, "
                    "and print one JSON line per article: {\"id\", \"quotes\": [{\"quote\", \"speaker\", "
                    "\"actor\", \"key\", \"start\", \"end\", ...}]}.")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the input (default: standard input)")
    p.add_argument("--title", help="the article's headline (plain-text input)")
    p.add_argument("--lang", help="the article's language when the text does not make it clear (en, ru, fr)")
    p.add_argument("--actor", metavar="NAME", help="the article comes from this actor's own feed")
    p.add_argument("--jsonl", action="store_true", help="input is JSON lines {\"id\", \"title\", \"text\"}")
    p.set_defaults(handler=run)


def statement_json(extraction: Extraction) -> list[dict[str, Any]]:
    return [{"quote": s.quote, "speaker": s.speaker, "actor": s.actor, "key": s.is_key, "start": s.start,
             "end": s.end, "speaker_as_written": s.speaker_as_written, "paragraph": s.paragraph,
             "key_score": s.key_score, "reasons": list(s.key_reasons), "lang": s.lang}
            for s in extraction.statements]


def article_json(article_id: Any, extraction: Extraction) -> str:
    return json.dumps({"id": article_id, "quotes": statement_json(extraction),
                       "mentions": list(extraction.mentions),
                       "learned": [{"name": p.name, "actor": p.actor, "role": p.role} for p in extraction.learned]},
                      ensure_ascii=False)


def run(args: argparse.Namespace) -> int:
    # the heavy modules load after argument parsing: `spacewatch --help` stays instant
    from feeds.statements import extract
    from feeds.statements.actors import ActorResolver

    config = load_config(args.config)
    resolver = ActorResolver.from_config(config)
    name = str(args.file) if args.file else "<stdin>"
    try:
        stream: BinaryIO = args.file.open("rb") if args.file else sys.stdin.buffer
    except OSError as exc:
        warn(f"spacewatch extract: {name}: {exc.strerror or exc}")
        return 1
    failures = 0

    def skip(n: int, why: str) -> None:
        nonlocal failures
        failures += 1
        warn(f"spacewatch extract: {name}: line {n}: {why}; line skipped")

    with stream:
        if not args.jsonl:
            raw = stream.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                warn(f"spacewatch extract: {name}: line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x})")
                return 1
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            extraction = extract(text, title=args.title, lang=args.lang, resolver=resolver, feed_actor=args.actor)
            data(article_json(str(args.file) if args.file else None, extraction) + "\n")
            return 0
        for n, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                skip(n, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                skip(n, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                skip(n, 'expected an object with a "text" string')
                continue
            if (bad := _surrogate_in(record)) is not None:
                # "\udc80" is valid JSON but no text: it cannot be extracted from or written as UTF-8.
                skip(n, f"{bad} holds a lone surrogate escape, which is not text")
                continue
            title = record.get("title") if isinstance(record.get("title"), str) else None
            lang = record.get("lang") if isinstance(record.get("lang"), str) else args.lang
            try:
                extraction = extract(record["text"], title=title, lang=lang, resolver=resolver,
                                     feed_actor=args.actor)
            except Exception as exc:  # one odd article must not stop a batch of thousands
                skip(n, f"extraction failed ({type(exc).__name__}: {exc})")
                continue
            data(article_json(record.get("id", n), extraction) + "\n")
    return 1 if failures else 0


def _surrogate_in(record: dict[str, Any]) -> str | None:
    """The first field (by name) whose text holds a lone surrogate (U+D800..U+DFFF), if any."""
    def has(value: Any) -> bool:
        if isinstance(value, str):
            return any("\ud800" <= ch <= "\udfff" for ch in value) if not value.isascii() else False
        if isinstance(value, dict):
            return any(has(k) or has(v) for k, v in value.items())
        if isinstance(value, list):
            return any(has(v) for v in value)
        return False

    return next((f'"{key}"' if key.isprintable() else "a field" for key, value in record.items()
                 if has(key) or has(value)), None)
