"""`/`: search who said what; a result opens its article at the quote."""

from __future__ import annotations

from pathlib import Path

from conftest import FeedServer
from tui_harness import newsroom, screen_text, until

from feeds.models import StatementView
from tui.screens.article import ArticleScreen
from tui.screens.search import SearchResultList, SearchScreen

SIZE = (120, 40)


async def test_search_finds_quotes_and_speakers_and_opens_the_article_at_the_quote(
        tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"moon")  # typed into the search box, not taken as keys
        results = screen.query_one(SearchResultList)
        await until(pilot, app, lambda: any(isinstance(r, StatementView) for r in results.rows), "results")
        quotes = [r for r in results.rows if isinstance(r, StatementView)]
        assert [q.speaker for q in quotes] == ["Bill Nelson"]
        assert "We are going to the Moon to stay" in screen_text(app)
        assert "Bill Nelson (NASA)" in screen_text(app)  # who said it, for which actor

        await pilot.press("enter")  # from the box to the results
        assert results.has_focus and results.current == quotes[0], (results.highlighted, results.rows[:2])
        await pilot.press("enter")
        await until(pilot, app, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article is not None,
                    "the article")
        article = app.screen
        assert isinstance(article, ArticleScreen)
        assert article.statement_id == quotes[0].id
        current = article.current_paragraph()
        assert current is not None and current.has_class("-current")
        await pilot.press("escape")
        assert app.screen is screen  # back to the results
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_search_by_speaker_and_over_article_text(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"bakanov")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one(SearchResultList)
        await until(pilot, app, lambda: screen.query_text == "bakanov" and len(results.rows) > 2, "results")
        quotes = [r for r in results.rows if isinstance(r, StatementView)]
        assert quotes and all(q.speaker == "Dmitry Bakanov" for q in quotes)

        await pilot.press(*["backspace"] * 7, *"micrometeoroid")
        await until(pilot, app, lambda: screen.query_text == "micrometeoroid"
                    and any(r is not None and not isinstance(r, StatementView) for r in results.rows), "articles")
        titles = [r.title for r in results.rows if r is not None and not isinstance(r, StatementView)]
        assert titles == ["Soyuz coolant leak traced to a micrometeoroid"]
        assert "Articles (1)" in screen_text(app)


async def test_search_input_is_taken_literally(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *'[bold]"NEAR(* AND -')
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, app, lambda: screen.query_text.endswith("-"), "the query")
        assert app.is_running
        assert "Quotes and speakers (0)" in screen_text(app)
