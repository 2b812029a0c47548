"""`f`: feed health with a failing feed, and retrying that one feed."""

from __future__ import annotations

from pathlib import Path

from conftest import FeedServer, Route, rss
from tui_harness import newsroom, screen_text, story, until

from feeds.models import FeedSpec
from tui.screens.health import FeedHealthScreen, FeedTable

SIZE = (120, 40)


async def test_feed_health_shows_a_failing_feed_and_retries_just_that_one(
        tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.add("/down.xml", Route(status=500, body=b"oops"))
    down = FeedSpec(url=feed_server.url("/down.xml"), title="Down Outlet")
    room = await newsroom(tmp_path, feed_server, extra=(down,))
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FeedHealthScreen)
        await until(pilot, app, lambda: len(screen.feeds) == 3, "the feeds")
        text = screen_text(app)
        assert "Space Wire" in text and "Orbit Daily" in text and "Down Outlet" in text
        row = next(i for i, f in enumerate(screen.feeds) if f.title == "Down Outlet")
        failing = screen.feeds[row]
        assert failing.last_status == "error" and failing.http_status == 500
        assert failing.consecutive_failures == 1 and failing.last_error
        table = screen.query_one(FeedTable)
        assert "error" in str(table.get_row_at(row)[1])
        for _ in range(row):
            await pilot.press("down")
        assert screen.current == failing
        assert failing.last_error in screen_text(app)  # the whole error under the table

        # The outlet is back up; retrying fetches that feed alone, though it is backing off.
        feed_server.feed("/down.xml", rss([story(40, "Back online", [
            "“We are back,” Roscosmos head Dmitry Bakanov said."], hour=17)], title="Down Outlet"))
        wire_hits, down_hits = feed_server.hits("/wire.xml"), feed_server.hits("/down.xml")
        await pilot.press("t")
        await until(pilot, app, lambda: not app.refreshing and screen.feeds[row].last_status == "ok",
                    "the retry", groups=("refresh", "health", "page"))
        assert feed_server.hits("/down.xml") == down_hits + 1
        assert feed_server.hits("/wire.xml") == wire_hits
        assert screen.feeds[row].consecutive_failures == 0 and screen.feeds[row].articles == 1
        assert app.screen is screen and app.is_running
        await pilot.press("escape")
        assert app.screen is app.dashboard
