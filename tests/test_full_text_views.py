"""Full article text as users see it: `spacewatch fetch`/`feeds`/`page`, the article view, feed health."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FeedServer
from page_site import PAGES, serve_site
from tui_harness import Newsroom, packaged_config, screen_text, settle

from feeds.ingest.pages import ROBOTS
from feeds.models import FeedSpec, FetchSettings
from feeds.store import Store
from tui.cli import main
from tui.screens.article import ArticleScreen
from tui.screens.health import FeedHealthScreen

SETTINGS = FetchSettings(per_host=2, connect_timeout=2, read_timeout=1)


@pytest.fixture(autouse=True)
def fresh_robots() -> None:
    ROBOTS.clear()


def write_config(tmp_path: Path, feed: str, full_text: str = "auto") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[fetch]\nper_host = 2\nread_timeout = 1\n\n[[feeds]]\nurl = "{feed}"\n'
                    f'title = "Orbital Dispatch"\nfull_text = "{full_text}"\n', encoding="utf-8")
    return path


def test_fetch_says_how_many_pages_were_read_and_feeds_shows_why_others_were_not(
        tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    feed = serve_site(feed_server)
    cfg, db = write_config(tmp_path, feed), tmp_path / "sw.db"
    assert main(["fetch", "--config", str(cfg), "--db", str(db), "--workers", "0"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("Orbital Dispatch: 12 new articles (5 pages read, ")
    assert "pages: 1 refused by robots.txt, 5 failed, 1 not used (feed text kept) (first: " in line

    assert main(["feeds", "--config", str(cfg), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "PAGES R/K/X/F" in out and "5/1/1/5" in out and "page: " in out
    assert main(["feeds", "--json", "--config", str(cfg), "--db", str(db)]) == 0
    pages = json.loads(capsys.readouterr().out.splitlines()[0])["pages"]
    assert (pages["read"], pages["kept"], pages["refused"], pages["failed"]) == (5, 1, 1, 5)
    assert pages["last_problem"]


def test_pages_since_upgrades_what_a_never_feed_stored(tmp_path: Path, feed_server: FeedServer,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    feed = serve_site(feed_server)
    db = tmp_path / "sw.db"
    assert main(["fetch", "--config", str(write_config(tmp_path, feed, "never")), "--db", str(db)]) == 0
    assert feed_server.hits("/news/leak-repair") == 0
    capsys.readouterr()
    cfg = write_config(tmp_path, feed)
    assert main(["fetch", "--pages-since", "30d", "--config", str(cfg), "--db", str(db), "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("12 article pages: 5 read (") and "1 refused by robots.txt, 5 failed" in out
    assert "robots.txt does not allow spacewatch to read it" in out
    assert main(["fetch", "--pages-since", "30d", "--config", str(cfg), "--db", str(db)]) == 0
    assert "7 article pages: 0 read" in capsys.readouterr().out  # read pages are done with
    assert main(["fetch", "--pages-since", "soon", "--config", str(cfg), "--db", str(db)]) == 2


def test_page_prints_the_main_text_of_saved_pages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["page", str(PAGES / "leak-repair.html"), str(PAGES / "baikonur-cp1251.html"), "--jsonl"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["text"] == (PAGES / "leak-repair.txt").read_text(encoding="utf-8").strip()
    assert first["title"] == "Station crew seals leaking hatch as Roscosmos finds the cause"
    assert first["author"] == "Lena Varga" and first["published"].startswith("2025-06-10")
    assert second["text"] == (PAGES / "baikonur-cp1251.txt").read_text(encoding="utf-8").strip()
    assert main(["page", str(PAGES / "consent-wall.html")]) == 0
    assert "Accept all" in capsys.readouterr().out  # what the page has: the refresh's check rejects it
    assert main(["page", str(PAGES / "no-such-page.html")]) == 1


async def test_the_article_view_and_feed_health_say_where_text_came_from(
        tmp_path: Path, feed_server: FeedServer) -> None:
    feed = serve_site(feed_server)
    config = packaged_config((FeedSpec(url=feed, title="Orbital Dispatch"),))
    config = config.__class__(**{**{f: getattr(config, f) for f in config.__dataclass_fields__}, "fetch": SETTINGS})
    room = Newsroom(feed_server, config, Store.open(tmp_path / "spacewatch.db"))
    await room.refresh()
    store = room.store
    read, refused = (store.conn.execute("SELECT id FROM articles WHERE link = ?",
                                        (feed_server.url(path),)).fetchone()[0]
                     for path in ("/news/leak-repair", "/private/insider"))
    app = room.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.push_screen(ArticleScreen(store, read))
        await settle(pilot, app)
        text = screen_text(app)
        assert "text from the page" in text and "Engineers in Korolev" in text
        app.pop_screen()
        app.push_screen(ArticleScreen(store, refused))
        await settle(pilot, app)
        assert "text from the feed (page refused by robots.txt)" in screen_text(app)
        app.pop_screen()
        app.push_screen(FeedHealthScreen(store, app.clock))
        await settle(pilot, app)
        text = screen_text(app)
        assert "5 read, 1 kept, 1 refused, 5 failed" in text
        assert "article pages:" in text and "last page not used:" in text
    store.close()
