"""Statements out of spacewatch as Markdown, CSV and JSON: the citation with its parts, safely."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from ..models import StatementView
from ..records import to_ts  # the store's own UTC format: 2024-07-26T09:15:00Z
from ..urls import is_web_url
from .citations import citation, speaker_label

# Bump when a field changes meaning or goes away; new fields may appear without a bump.
JSON_VERSION = 1

CSV_COLUMNS = ("published", "speaker", "speaker_as_written", "actor", "outlet", "quote", "link",
               "article_title", "key", "sources", "id")

# A spreadsheet runs a cell starting with these as a formula (=cmd|' /C calc'!A0); the
# full-width forms are read the same way by some of them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def web_link(view: StatementView) -> str | None:
    """The article link when it is http(s); anything else is left out, never handed on."""
    return view.link if is_web_url(view.link) else None


def statement_record(view: StatementView) -> dict[str, Any]:
    """One statement as the documented JSON object (README.md, "Data"): also what alert commands read."""
    return {
        "id": view.id,
        "quote": view.quote,
        "speaker": view.speaker,
        "speaker_as_written": view.speaker_as_written,
        "actor": view.actor,
        "outlet": view.outlet,
        "published": to_ts(view.published),
        "link": web_link(view),
        "article_id": view.article_id,
        "article_title": view.article_title,
        "key": view.is_key,
        "key_score": round(view.key_score, 4),
        "key_reasons": list(view.key_reasons),
        "lang": view.lang,
        "sources": view.sources,
        "citation": citation(view),
    }


def to_json(views: Iterable[StatementView]) -> str:
    """{"version": 1, "statements": [...]}: UTF-8 text, newest first as given, exact quotes."""
    doc = {"version": JSON_VERSION, "statements": [statement_record(v) for v in views]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def safe_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: formula-looking strings get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(views: Iterable[StatementView]) -> str:
    """RFC 4180 CSV with a header; commas, quote marks and newlines are quoted by the csv module."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for v in views:
        row = (to_ts(v.published), v.speaker, v.speaker_as_written, v.actor, v.outlet, v.quote, web_link(v),
               v.article_title, "yes" if v.is_key else "no", v.sources, v.id)
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return out.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """One line of Markdown showing exactly this text: no markup, no HTML, no line breaks."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_line(view: StatementView) -> str:
    """- “quote” — Speaker (Actor), Outlet, 2024-07-26T09:15:00Z, <https://…>  (+ sources)"""
    parts = [md_escape(speaker_label(view))]
    if view.outlet:
        parts.append(f"*{md_escape(view.outlet)}*")
    if view.published:
        parts.append(to_ts(view.published) or "")
    link = web_link(view)
    if link:
        parts.append("<" + link.replace("<", "%3C").replace(">", "%3E") + ">")
    line = f"- “{md_escape(view.quote)}” — " + ", ".join(parts)
    if view.sources > 1:
        line += f" ({view.sources} sources)"
    return line


def to_markdown(views: Iterable[StatementView]) -> str:
    lines = [md_line(v) for v in views]
    return "\n".join(lines) + ("\n" if lines else "")
