"""`/`: search who said what; a result opens its article at the quote; totals, filters, a search kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import FeedServer
from tui_data import DAILY, NOW, WIRE, article_record, fill_fixed
from tui_harness import newsroom, screen_text, until

from feeds.models import ArticleSummary, FeedUpdate, StatementView
from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock
from tui.screens.article import ArticleScreen
from tui.screens.search import SearchResultList, SearchScreen
from tui.screens.sources import SourcesScreen

SIZE = (120, 40)


def crowded_app(tmp_path: Path, quotes: int = 130) -> SpacewatchApp:
    """The fixed dashboard data plus `quotes` NASA quotes about the budget, one an hour back from NOW."""
    store = Store.open(tmp_path / "crowded.db")
    config = fill_fixed(store)
    items = []
    for n in range(quotes):
        quote = f"The budget line number {n} stays as it is"
        items.append(article_record(f"budget-{n}", f"Budget hearing, part {n}", n + 1, (
            f"“{quote},” NASA Administrator Bill Nelson said.",), ((quote, "Bill Nelson", "NASA", False),), ()))
    store.apply_feed_update(FeedUpdate(url=DAILY, status="ok", started_at=NOW - timedelta(minutes=5),
                                       http_status=200, articles=tuple(items)))
    return make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                    refresh_on_start=False, auto_refresh=False)


def shown(screen: SearchScreen, text: str) -> bool:
    """The results on screen answer the box's `text`, totals counted."""
    return screen.shown_text == text and screen.query_text == text and not screen.workers


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
        assert "Articles: 1" in screen_text(app)


async def test_search_input_is_taken_literally(tmp_path: Path, feed_server: FeedServer) -> None:
    room = await newsroom(tmp_path, feed_server)
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *'[bold]"NEAR(* AND -')
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, app, lambda: screen.query_text.endswith("-"), "the query")
        assert app.is_running
        text = screen_text(app)
        assert "Quotes and speakers: none" in text and "No quotes match" in text


async def test_search_says_the_true_total_beyond_the_hundred_shown(tmp_path: Path) -> None:
    app = crowded_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"budget")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, app, lambda: shown(screen, "budget"), "results")
        results = screen.results
        quotes = [r for r in (*results.rows, *results.pending) if isinstance(r, StatementView)]
        assert len(quotes) == 100
        assert len(results.rows) < 40  # drawn as the reader moves towards them
        text = screen_text(app)
        assert "Quotes and speakers: 100 of 130" in text
        assert "Articles: 100 of 131" in screen.results.lines  # and the fixture's "NASA budget request" article
        # Equally relevant quotes (the same words, one number apart) come newest first.
        hearings = [q for q in quotes if q.article_title.startswith("Budget hearing")]
        assert [q.article_title for q in hearings[:3]] == [f"Budget hearing, part {n}" for n in range(3)]
        drawn = len(results.rows)
        await pilot.press("enter", *["pagedown"] * 4)
        await until(pilot, app, lambda: len(results.rows) > drawn, "more results drawn")
        assert results.highlighted is not None and results.highlighted > 20


async def test_search_keeps_its_query_and_place_when_reopened(tmp_path: Path) -> None:
    app = crowded_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"budget")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, app, lambda: shown(screen, "budget"), "results")
        await pilot.press("enter", "j", "j", "j")
        results = screen.results
        place = results.current
        assert isinstance(place, StatementView) and results.has_focus
        await pilot.press("escape")
        assert app.screen is app.dashboard
        await pilot.press("slash")
        assert app.screen is screen  # the same search, as it was left
        await until(pilot, app, lambda: not screen.workers, "the screen")
        assert screen.box.value == "budget"
        assert results.has_focus and results.current == place
        assert "budget" in screen_text(app)

        await pilot.press("enter")  # the article, then back: still there
        await until(pilot, app, lambda: isinstance(app.screen, ArticleScreen), "the article")
        await pilot.press("escape")
        await until(pilot, app, lambda: not screen.workers, "the screen")
        assert app.screen is screen and results.current == place


async def test_search_filters_by_actor_and_date_in_the_box_and_with_keys(tmp_path: Path) -> None:
    app = crowded_app(tmp_path, quotes=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"station actor:roscosmos")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, app, lambda: shown(screen, "station actor:roscosmos"), "results")
        quotes = [r for r in screen.results.rows if isinstance(r, StatementView)]
        assert quotes and {q.actor for q in quotes} == {"Roscosmos"}
        assert len(quotes) == 2  # Bakanov and Borisov speak of the station

        await pilot.press("ctrl+s")  # the last 24 hours
        assert screen.box.value == "station actor:roscosmos since:24h"
        await until(pilot, app, lambda: shown(screen, screen.box.value), "filtered results")
        quotes = [r for r in screen.results.rows if isinstance(r, StatementView)]
        assert [q.speaker for q in quotes] == ["Dmitry Bakanov"]  # Borisov spoke three days ago

        await pilot.press("ctrl+t")  # the actor after Roscosmos in the config: NASA
        assert screen.box.value == "station since:24h actor:NASA"
        await until(pilot, app, lambda: shown(screen, screen.box.value), "NASA's results")
        assert not [r for r in screen.results.rows if isinstance(r, StatementView)]
        articles = [r for r in screen.results.rows if isinstance(r, ArticleSummary)]
        assert [a.title for a in articles] == ["Roscosmos and NASA agree to keep cross flights through 2027"]
        text = screen_text(app)
        assert "No quotes match “station” from NASA in the last 24 hours. Without the filters: 2." in text
        assert "^t" in text and "^s" in text  # the keys are in the footer


async def test_an_empty_search_says_it_is_empty_and_why(tmp_path: Path) -> None:
    app = crowded_app(tmp_path, quotes=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"xyz since:7d")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, app, lambda: shown(screen, "xyz since:7d"), "results")
        text = screen_text(app)
        assert "No quotes match “xyz” in the last 7 days. None without the filters either." in text
        assert "No articles match “xyz” in the last 7 days." in text
        await pilot.press(*["backspace"] * 12, *"actor:nobody moon")
        await until(pilot, app, lambda: screen.query_text == "actor:nobody moon", "the query")
        assert "Not understood: no actor called “nobody”" in screen_text(app)


async def test_a_quote_several_outlets_carried_opens_its_sources_as_in_the_panes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "copies.db")
    config = fill_fixed(store)
    quote = "We will begin forming a Russian orbital station next year"
    for feed, slug in ((WIRE, "copy-wire"), (DAILY, "copy-daily")):
        item = article_record(slug, f"Orbital station plans ({slug})", 1, (
            f"“{quote},” Roscosmos head Dmitry Bakanov said.",), ((quote, "Dmitry Bakanov", "Roscosmos", False),), ())
        store.apply_feed_update(FeedUpdate(url=feed, status="ok", started_at=NOW, http_status=200, articles=(item,)))
    app = make_app(store=store, config=config, now=fixed_clock(NOW), opener=lambda url: None,
                   refresh_on_start=False, auto_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"orbital station")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, app, lambda: shown(screen, "orbital station"), "results")
        assert "2 sources" in screen_text(app)
        await pilot.press("enter", "enter")  # to the results, then open the first
        await until(pilot, app, lambda: isinstance(app.screen, SourcesScreen) and len(app.screen.sources) == 2,
                    "the sources", groups=("sources",))
