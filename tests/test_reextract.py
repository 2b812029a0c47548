"""`spacewatch reextract` over a real database: missing and old extractions redone, ids kept, --all forces."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from feeds.models import ExtractedArticle, Extraction, FeedSpec, FeedUpdate, ParsedArticle
from feeds.statements import EXTRACTOR_VERSION
from feeds.store import Store
from tui.cli import main

T0 = datetime(2024, 7, 26, 9, 0, tzinfo=UTC)
TEXT = ("“The decision was made to leave this station after 2024,” Yuri Borisov, head of Roscosmos, said.\n\n"
        "“We will begin forming a Russian orbital station,” Borisov added.")
CONFIG = """
[[actors]]
name = "Roscosmos"
people = [{ name = "Yuri Borisov", aliases = ["Borisov"] }]
"""


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "spacewatch.db"
    with Store.open(db) as store:
        store.sync_feeds([FeedSpec(url="https://tass.example/feed", title="TASS")])
        never = ParsedArticle(guid="1", link="https://tass.example/1", title="Never extracted", text=TEXT,
                              published=T0)
        old = ParsedArticle(guid="2", link="https://tass.example/2", title="Old extractor",
                            text=TEXT.replace("2024", "2025"), published=T0)
        store.apply_feed_update(FeedUpdate(url="https://tass.example/feed", status="ok", started_at=T0, articles=(
            ExtractedArticle(never), ExtractedArticle(old, Extraction(()), EXTRACTOR_VERSION - 1))))
    return config, db


def run(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path], *args: str) -> tuple[int, str]:
    code = main(["reextract", "--config", str(paths[0]), "--db", str(paths[1]), *args])
    return code, capsys.readouterr().out


def test_missing_and_old_extractions_are_redone_once(capsys: pytest.CaptureFixture[str],
                                                     paths: tuple[Path, Path]) -> None:
    code, out = run(capsys, paths)
    assert code == 0 and out.startswith("re-extracted 2 articles")
    with Store.open(paths[1]) as store:
        views = store.statements(limit=10, collapse=False)
        assert {v.speaker for v in views} == {"Yuri Borisov"} and {v.actor for v in views} == {"Roscosmos"}
        assert len(views) == 4  # the second quote is in both articles: one statement, two sources
        assert sorted(v.sources for v in store.statements(limit=10)) == [1, 1, 2]
        versions = store.conn.execute("SELECT DISTINCT extractor_version FROM articles").fetchall()
        assert versions == [(EXTRACTOR_VERSION,)]
        ids = sorted(v.id for v in views)
    code, out = run(capsys, paths)
    assert code == 0 and out.startswith("nothing to do")
    code, out = run(capsys, paths, "--all")
    assert code == 0 and out.startswith("re-extracted 2 articles")
    with Store.open(paths[1]) as store:
        assert sorted(v.id for v in store.statements(limit=10, collapse=False)) == ids  # ids kept


def test_no_database_yet(capsys: pytest.CaptureFixture[str], paths: tuple[Path, Path], tmp_path: Path) -> None:
    assert main(["reextract", "--config", str(paths[0]), "--db", str(tmp_path / "none.db")]) == 1
    assert "spacewatch fetch" in capsys.readouterr().err
