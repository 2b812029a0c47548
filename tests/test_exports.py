"""Statements leave as Markdown, CSV and JSON: exact quotes, safe cells, a stable JSON shape."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from feeds.models import StatementView
from feeds.newsroom.exports import CSV_COLUMNS, JSON_VERSION, md_line, safe_cell, to_csv, to_json, to_markdown

WHEN = datetime(2024, 7, 26, 9, 15, tzinfo=UTC)
NASTY = 'He said, "line one\nline two", and then: \'=cmd|\' /C calc\'!A0\''


def view(quote: str = "the decision was made to leave this station after 2024", **kw: object) -> StatementView:
    base: dict[str, object] = dict(
        id=7, article_id=3, quote=quote, speaker="Yuri Borisov", speaker_as_written="Borisov", actor="Roscosmos",
        paragraph=0, start=0, end=len(quote), key_score=2.5, is_key=True, key_reasons=("decision", "date"),
        lang="en", article_title="Russia to quit ISS", link="https://tass.com/science/1485375", outlet="TASS",
        published=WHEN, sources=3)
    base.update(kw)
    return StatementView(**base)  # type: ignore[arg-type]


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("formula", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
                                     "＝1+1"])
def test_formula_looking_cells_become_text(formula: str) -> None:
    [row] = parse_csv(to_csv([view(formula, speaker=formula, outlet=formula)]))
    assert row["quote"] == "'" + formula and row["speaker"] == "'" + formula and row["outlet"] == "'" + formula
    assert safe_cell("a = b") == "a = b" and safe_cell(5) == 5


def test_csv_keeps_newlines_quote_marks_and_commas_exactly() -> None:
    text = to_csv([view(NASTY), view("plain, with a comma")])
    rows = parse_csv(text)
    assert [r["quote"] for r in rows] == [NASTY, "plain, with a comma"]
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["published"] == "2024-07-26T09:15:00Z" and rows[0]["sources"] == "3"
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")


def test_json_is_versioned_exact_and_only_cites_web_links() -> None:
    doc = json.loads(to_json([view(NASTY), view("x y z", link="javascript:alert(1)", published=None)]))
    assert doc["version"] == JSON_VERSION
    first, second = doc["statements"]
    assert set(first) == {"id", "quote", "speaker", "speaker_as_written", "actor", "outlet", "published", "link",
                          "article_id", "article_title", "key", "key_score", "key_reasons", "lang", "sources",
                          "citation"}
    assert first["quote"] == NASTY and first["published"] == "2024-07-26T09:15:00Z"
    assert first["link"] == "https://tass.com/science/1485375" and first["key"] is True
    assert first["citation"].startswith("“He said")
    assert second["link"] is None and second["published"] is None


def test_markdown_is_one_line_per_statement_with_no_live_markup() -> None:
    line = md_line(view("*bold* [link](javascript:x) <script>\nnext | cell", outlet="Space_News"))
    assert "\n" not in line
    assert r"\*bold\* \[link\]\(javascript:x\) \<script\> next \| cell" in line
    assert r"*Space\_News*" in line and "<https://tass.com/science/1485375>" in line
    assert line.endswith("(3 sources)") and "2024-07-26T09:15:00Z" in line
    assert to_markdown([]) == ""
