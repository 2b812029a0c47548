"""The article view, `o` and `y`: highlights at the store's offsets, scrolled to the quote, safe links, citations."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FeedServer
from tui_data import article_record
from tui_harness import NOW, Opener, newsroom, pane, screen_text, settle, story

from feeds.models import FeedUpdate
from feeds.newsroom.citations import citation
from tui.render import KEY_IN_TEXT, QUOTE_IN_TEXT
from tui.screens.article import ArticleScreen, ParagraphView

SIZE = (120, 40)


async def test_enter_opens_the_article_with_every_statement_highlighted_in_place(
        tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        chosen = pane(app, "Roscosmos").statements.current
        assert chosen is not None
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.article is not None
        article = screen.article
        assert screen.statement_id == chosen.id
        text = screen_text(app)
        assert article.title in text
        assert "Space Wire" in text and "2025-06-06 16:00 UTC" in text
        assert article.link is not None and article.link in text
        assert len(article.statements) >= 2
        paragraphs = list(screen.query(ParagraphView))
        for statement in article.statements:
            quoted = article.text[statement.start:statement.end]
            holder = next(p for p in paragraphs if statement.id in p.paragraph.statement_ids)
            rendered = holder.paragraph.text
            styled = "".join(rendered.plain[span.start:span.end] for span in rendered.spans
                             if span.style in (KEY_IN_TEXT, QUOTE_IN_TEXT)
                             and statement.quote.split()[0] in rendered.plain[span.start:span.end])
            assert quoted in styled or styled in quoted, (quoted, styled)
            strongest = [str(span.style) for span in rendered.spans
                         if rendered.plain[span.start:span.end] == quoted]
            assert strongest == [KEY_IN_TEXT if statement.is_key else QUOTE_IN_TEXT]
            who = f"{statement.speaker} ({statement.actor})" if statement.speaker else f"unnamed ({statement.actor})"
            assert who in rendered.plain  # speaker and actor named beside the quote
        current = [p for p in paragraphs if p.has_class("-current")]
        assert len(current) == 1 and chosen.id in current[0].paragraph.statement_ids
        await pilot.press("escape")
        assert not isinstance(app.screen, ArticleScreen)


async def test_opening_from_a_quote_scrolls_to_it(tmp_path: Path, feed_server: FeedServer) -> None:
    filler = [f"Paragraph {n} of background on the station programme and its long history." for n in range(40)]
    long_story = story(50, "A long feature on the station", [
        *filler, "“We will not leave the station before 2028, whatever the papers say,” Roscosmos head "
                 "Dmitry Bakanov said at the end of the interview."], hour=17)
    room = await newsroom(tmp_path, feed_server, wire=[long_story], daily=[])
    app = room.app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("1", "enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        body = screen.query_one("#article-body")
        target = screen.current_paragraph()
        assert target is not None and body.scroll_y > 0
        assert body.region.contains_region(target.region), (body.region, target.region)
        assert "We will not leave the station before 2028" in screen_text(app)


async def test_n_and_p_move_between_the_quotes_of_an_article(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.article is not None
        ids = [s.id for s in screen.article.statements]
        start = ids.index(screen.statement_id)  # type: ignore[arg-type]
        await pilot.press("n")
        assert screen.statement_id == ids[(start + 1) % len(ids)]
        await pilot.press("p")
        assert screen.statement_id == ids[start]


async def test_o_opens_web_links_only(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    # Links the parser would never pass on, written straight into the store as another tool could.
    for slug, link in (("js", "javascript:alert(document.cookie)"), ("file", "file:///etc/passwd")):
        said = f"Click the {slug} link for the full briefing"
        record = article_record(slug, f"Trap {slug}", 1, (f"“{said},” NASA Administrator Bill Nelson said.",),
                                ((said, "Bill Nelson", "NASA", False),), (), link=link)
        room.store.apply_feed_update(FeedUpdate(url=room.config.feeds[0].url, status="ok",
                                                started_at=NOW - timedelta(minutes=5), articles=(record,)))
    opener = Opener()
    app = room.app(opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        nasa = pane(app, "NASA").statements
        refused = []
        for index, statement in enumerate(nasa.items):
            nasa.highlighted = index
            await pilot.press("o")
            if statement.link and statement.link.startswith(("javascript:", "file:")):
                refused.append(statement.link)
        await pilot.pause()
        assert sorted(refused) == ["file:///etc/passwd", "javascript:alert(document.cookie)"]
        web = [s.link for s in nasa.items if s.link and s.link.startswith("http")]
        assert web and opener.opened == web  # only http(s), in the order asked
        messages = [n.message for n in app._notifications]
        assert any("Not opened: a javascript: link" in m for m in messages)
        assert any("Not opened: a file: link" in m for m in messages)
        # From the article view as well.
        nasa.highlighted = next(i for i, s in enumerate(nasa.items) if s.link and s.link.startswith("javascript:"))
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("o")
        assert opener.opened == web
        assert app.is_running


async def test_y_copies_the_quote_with_its_citation(tmp_path: Path, feed_server: FeedServer,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):  # a session without a clipboard tool: OSC 52 only
        monkeypatch.delenv(variable, raising=False)
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "j")
        chosen = pane(app, "NASA").statements.current
        assert chosen is not None
        await pilot.press("y")
        await settle(pilot, app, ("clipboard",))
        assert app.clipboard == citation(chosen)
        assert chosen.quote in app.clipboard and "Bill Nelson (NASA)" in app.clipboard
        # It does not claim more than it knows: the terminal may ignore OSC 52.
        assert any(n.message.startswith("Sent to the terminal's clipboard (OSC 52)") for n in app._notifications)
        assert not any(n.message.startswith("Copied") for n in app._notifications)
        # The article view copies the quote it is on.
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("n", "y")
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.current is not None
        assert app.clipboard == citation(screen.current)


async def test_y_also_hands_the_citation_to_the_sessions_clipboard_tool(tmp_path: Path, feed_server: FeedServer,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # An X session whose xclip writes what it is given to a file: the real process call, a stand-in tool.
    tools = tmp_path / "bin"
    tools.mkdir()
    pasted = tmp_path / "clipboard.txt"
    xclip = tools / "xclip"
    xclip.write_text(f"#!/bin/sh\ncat > '{pasted}'\n", encoding="utf-8")
    xclip.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "j", "y")
        await settle(pilot, app, ("clipboard",))
        chosen = pane(app, "NASA").statements.current
        assert chosen is not None
        assert pasted.read_text(encoding="utf-8") == citation(chosen)
        assert any(n.message.startswith("Copied with xclip:") for n in app._notifications)
