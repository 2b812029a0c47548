"""`spacewatch quotes` on a real database file: filters, actor spelling, every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feeds.models import ExtractedArticle, Extraction, FeedSpec, FeedUpdate, ParsedArticle, Statement
from feeds.store import Store
from tui.cli import main

NOW = datetime.now(UTC).replace(microsecond=0)
CONFIG = """
[[actors]]
name = "Roscosmos"
aliases = ["Роскосмос"]
[[actors]]
name = "NASA"
"""


def st(quote: str, speaker: str, actor: str | None, key: bool = False) -> Statement:
    return Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor, paragraph=0, start=0,
                     end=len(quote), is_key=key, key_score=1.0 if key else 0.1)


@pytest.fixture
def paths(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "spacewatch.db"
    with Store.open(db) as store:
        store.sync_feeds([FeedSpec(url="https://tass.example/feed", title="TASS"),
                          FeedSpec(url="https://spacenews.example/feed", title="SpaceNews")])
        old = ParsedArticle(guid="1", link="https://tass.example/1", title="Old", text="t",
                            published=NOW - timedelta(days=10))
        new = ParsedArticle(guid="2", link="https://tass.example/2", title="New", text="t",
                            published=NOW - timedelta(hours=1))
        copy = ParsedArticle(guid="3", link="https://spacenews.example/3", title="Copy", text="t",
                             published=NOW - timedelta(minutes=30))
        formula = '=HYPERLINK("http://evil.example","click"), he said'
        store.apply_feed_update(FeedUpdate(url="https://tass.example/feed", status="ok", started_at=NOW, articles=(
            ExtractedArticle(old, Extraction((st("We will build our own station by 2030", "Yuri Borisov",
                                                 "Roscosmos"),)), 1),
            ExtractedArticle(new, Extraction((
                st("The decision was made to leave this station after 2024", "Yuri Borisov", "Roscosmos", True),
                st(formula, "Bill Nelson", "NASA"))), 1))))
        store.apply_feed_update(FeedUpdate(url="https://spacenews.example/feed", status="ok", started_at=NOW,
                                           articles=(ExtractedArticle(copy, Extraction((
                                               st("the decision was made to leave this station after 2024...",
                                                  "Yuri Borisov", "Roscosmos"),)), 1),)))
    yield config, db


def run(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path], *args: str) -> tuple[int, str, str]:
    config, db = paths
    code = main(["quotes", "--config", str(config), "--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_newest_first_one_row_per_statement(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path]) -> None:
    code, out, _ = run(capsys, paths)
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert len(blocks) == 3  # the SpaceNews copy is folded into TASS's statement
    [decision] = [b for b in blocks if "The decision" in b]
    assert "Yuri Borisov (Roscosmos)" in decision and "TASS" in decision and "[key, 2 sources]" in decision
    assert "https://tass.example/2" in decision
    assert "We will build our own station" in blocks[2]


def test_actor_any_case_or_alias_and_filters(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path]) -> None:
    for name in ("roscosmos", "РОСКОСМОС"):
        _, out, err = run(capsys, paths, "--actor", name, "--format", "json")
        assert [s["actor"] for s in json.loads(out)["statements"]] == ["Roscosmos", "Roscosmos"] and not err
    _, out, err = run(capsys, paths, "--actor", "ESA")
    assert out == "" and "not an actor in the config" in err
    _, out, _ = run(capsys, paths, "--since", "7d", "--format", "json")
    assert len(json.loads(out)["statements"]) == 2
    _, out, _ = run(capsys, paths, "--speaker", "nelson", "--format", "json")
    assert [s["speaker"] for s in json.loads(out)["statements"]] == ["Bill Nelson"]
    _, out, _ = run(capsys, paths, "--search", "station 2030", "--format", "json")
    assert [s["quote"] for s in json.loads(out)["statements"]] == ["We will build our own station by 2030"]
    _, out, _ = run(capsys, paths, "--key", "--limit", "1", "--format", "json")
    [only] = json.loads(out)["statements"]
    assert only["key"] is True and only["sources"] == 2


def test_csv_and_markdown(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path]) -> None:
    _, out, _ = run(capsys, paths, "--speaker", "Nelson", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(out, newline="")))
    assert row["quote"].startswith("'=HYPERLINK") and row["outlet"] == "TASS"
    _, out, _ = run(capsys, paths, "--format", "md", "--actor", "Roscosmos")
    assert out.count("\n- ") + out.startswith("- ") == 2


def test_bad_flags_and_missing_database(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path],
                                        tmp_path: Path) -> None:
    code, _, err = run(capsys, paths, "--since", "last tuesday")
    assert code == 2 and "--since" in err
    code = main(["quotes", "--config", str(paths[0]), "--db", str(tmp_path / "none.db")])
    assert code == 1 and "spacewatch fetch" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_starred_exports_only_what_the_dashboard_starred(capsys: pytest.CaptureFixture[str],
                                                          paths: tuple[Path, Path]) -> None:
    code, out, err = run(capsys, paths, "--starred", "--format", "json")
    assert code == 0 and json.loads(out)["statements"] == []
    with Store.open(paths[1]) as store:
        target = next(v for v in store.statements() if "own station" in v.quote)
        store.set_mark(target.id, "starred", True)
    code, out, err = run(capsys, paths, "--starred", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["quote"] for r in rows] == ["We will build our own station by 2030"]


def test_per_day_gives_the_timelines_figures(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path]) -> None:
    code, out, err = run(capsys, paths, "--per-day", "--since", "12d", "--format", "csv")
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.startswith("day,actor,statements,unusual,threshold\r\n")
    today, old = NOW.date().isoformat(), (NOW - timedelta(days=10)).date().isoformat()
    counts = {(r["day"], r["actor"]): int(r["statements"]) for r in rows}
    assert len(rows) == 2 * 13 and {r["actor"] for r in rows} == {"Roscosmos", "NASA"}  # every day, zeros too
    # The quote SpaceNews copied counts once; days are UTC days, as on the timeline screen.
    assert counts[(old, "Roscosmos")] == 1 and sum(n for (d, a), n in counts.items() if a == "Roscosmos") == 2
    assert sum(n for (d, a), n in counts.items() if a == "NASA") == 1
    assert all(r["unusual"] == "no" for r in rows) and today == rows[-1]["day"]
    code, out, err = run(capsys, paths, "--per-day", "--actor", "nasa", "--since", "3d", "--format", "json")
    days = json.loads(out)["days"]
    assert code == 0 and [d["actor"] for d in days] == ["NASA"] * 4 and days[-1]["day"] == today
    code, out, err = run(capsys, paths, "--per-day", "--since", "2d")
    assert code == 0 and out.count("\n") == 6 and "Roscosmos" in out  # 3 days (the first one partly)
