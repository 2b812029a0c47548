"""A statement's sources in the dashboard (issue 12.3): the count follows a refresh that adds only copies."""

from __future__ import annotations

from pathlib import Path

from conftest import FeedServer, rss
from test_app_refresh import notifications, refresh
from tui_harness import newsroom, pane, settle, story

from feeds.models import FeedSpec

SIZE = (120, 40)
NELSON = "We will keep flying together for as long as the station flies"
COPY = story(40, "Nelson: the station flies on", [
    "The two agencies met in Houston on Friday.",
    f"“{NELSON},” NASA Administrator Bill Nelson said after the meeting.",
], hour=17, link="https://mirror.example/nelson-station")


async def test_a_refresh_that_adds_only_a_copy_updates_the_sources(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.feed("/mirror.xml", rss([], title="Agency Mirror"))
    mirror = FeedSpec(url=feed_server.url("/mirror.xml"), title="Agency Mirror")
    room = await newsroom(tmp_path, feed_server, extra=(mirror,))
    app = room.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        nasa = pane(app, "NASA").statements
        [card] = [s for s in nasa.items if s.quote.startswith(NELSON)]
        assert card.sources == 1
        room.serve("/mirror.xml", [COPY], "Agency Mirror")  # another outlet carries the same words
        await refresh(pilot, app)
        [card] = [s for s in nasa.items if s.quote.startswith(NELSON)]
        assert card.sources == 2
        assert not [n for n in notifications(app) if "new statement" in n]  # a copy is not a new statement
        sources = room.store.statement_sources(card.id)
        assert [(s.outlet, s.link) for s in sources] == [
            ("Space Wire", "https://outlet.example/story/1"), ("Agency Mirror", "https://mirror.example/nelson-station")]
    room.store.close()
