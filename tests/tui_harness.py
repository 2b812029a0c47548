"""Helpers for the dashboard's Pilot tests: feeds on the loopback server, a store filled by the real pipeline."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FeedServer, rss, rss_item
from textual.app import App
from textual.pilot import Pilot

from feeds.config import packaged_config_text, parse_config
from feeds.models import Config, FeedSpec
from feeds.refresh import refresh_all
from feeds.store import Store
from tui.app import SpacewatchApp, make_app
from tui.clock import fixed_clock
from tui.panes import ActorPane

# Dates of the served articles are fixed, and so is the app's clock: "2h ago" is always "2h ago".
NOW = datetime(2025, 6, 6, 18, 0, tzinfo=UTC)


def story(n: int, title: str, paragraphs: list[str], *, hour: int = 12, day: int = 6,
          link: str | None = None) -> str:
    """An RSS item dated 2025-06-<day> <hour>:00 UTC whose body is the given paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    item = rss_item(n, title=title, text=body, date=f"Fri, {day:02d} Jun 2025 {hour:02d}:00:00 +0000")
    if link is not None:
        item = item.replace(f"<link>https://outlet.example/story/{n}</link>", f"<link>{link}</link>")
    return item


WIRE_STORIES = [
    story(1, "Roscosmos and NASA agree to keep cross flights", [
        "Roscosmos and NASA will keep exchanging seats through 2027, the agencies said on Friday.",
        "“The station has always worked because neither side can run it alone,” Roscosmos head "
        "Dmitry Bakanov said after the meeting in Houston.",
        "“We will keep flying together for as long as the station flies,” NASA Administrator "
        "Bill Nelson said.",
    ], hour=16),
    story(2, "Kremlin says lunar station plans are not up for discussion", [
        "The Kremlin on Friday brushed aside reports that Russia might scale back its lunar plans.",
        "“These plans are not up for discussion, the work goes on as the President set out,” "
        "Kremlin spokesman Dmitry Peskov told reporters.",
    ], hour=13),
    story(3, "European ministers to weigh a crew vehicle", [
        "European Space Agency ministers will be asked this autumn to fund a crew-capable capsule.",
        "The proposal follows years of debate about European access to the station.",
    ], hour=10),
]

DAILY_STORIES = [
    story(11, "NASA budget request adds Moon money", [
        "The White House request cuts planetary science by a fifth.",
        "“We are going to the Moon to stay, and that costs money,” NASA Administrator Bill Nelson said "
        "on Thursday.",
    ], hour=9, day=5),
    story(12, "Soyuz coolant leak traced to a micrometeoroid", [
        "Engineers traced the coolant leak on the Soyuz to a micrometeoroid strike.",
        "“There is no danger to the crew and the return schedule does not change,” Roscosmos head "
        "Dmitry Bakanov said.",
    ], hour=8, day=4),
]


def packaged_config(feeds: tuple[FeedSpec, ...]) -> Config:
    """The packaged actors and people, with the given feeds."""
    return dataclasses.replace(parse_config(packaged_config_text(), None), feeds=feeds)


@dataclasses.dataclass
class Newsroom:
    """A loopback feed server, the config pointing at it and a store the real pipeline filled."""

    server: FeedServer
    config: Config
    store: Store

    def serve(self, path: str, items: list[str], title: str) -> None:
        self.server.feed(path, rss(items, title=title))

    async def refresh(self) -> None:
        await refresh_all(self.store, self.config, force=True, workers=0)

    def app(self, **kwargs: object) -> SpacewatchApp:
        options: dict[str, object] = {"refresh_on_start": False, "auto_refresh": False,
                                      "now": fixed_clock(NOW), "opener": Opener()}
        options.update(kwargs)
        return make_app(store=self.store, config=self.config, **options)  # type: ignore[arg-type]


async def newsroom(tmp_path: Path, server: FeedServer, *, extra: tuple[FeedSpec, ...] = (),
                   wire: list[str] | None = None, daily: list[str] | None = None) -> Newsroom:
    """Two outlets served on loopback, fetched, parsed, extracted and stored by refresh_all."""
    # Without the extractor the pipeline stores articles but no statements: nothing to test here.
    pytest.importorskip("feeds.statements", reason="the statement extractor (issue 3) has not landed yet")
    server.feed("/wire.xml", rss(WIRE_STORIES if wire is None else wire, title="Space Wire"))
    server.feed("/daily.xml", rss(DAILY_STORIES if daily is None else daily, title="Orbit Daily"))
    feeds = (FeedSpec(url=server.url("/wire.xml"), title="Space Wire"),
             FeedSpec(url=server.url("/daily.xml"), title="Orbit Daily"), *extra)
    room = Newsroom(server, packaged_config(feeds), Store.open(tmp_path / "spacewatch.db"))
    await room.refresh()
    return room


class Opener:
    """Stands in for the browser: records the URLs the app asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> None:
        self.opened.append(url)


def screen_text(app: App[object]) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def pane(app: SpacewatchApp, actor: str) -> ActorPane:
    return next(p for p in app.dashboard.panes if p.actor.name == actor)


async def settle(pilot: Pilot[object], app: SpacewatchApp, groups: Iterable[str] | None = None) -> None:
    """Wait until the workers (of the given groups) are done and their messages handled."""
    wanted = set(groups) if groups is not None else None
    for _ in range(50):
        running = [w for w in app.workers if w.is_running and (wanted is None or w.group in wanted)]
        if not running:
            break
        await app.workers.wait_for_complete(running)
        await pilot.pause()
    await pilot.pause()
    await pilot.pause()


async def until(pilot: Pilot[object], app: SpacewatchApp, condition: Callable[[], bool],
                what: str = "condition", groups: Iterable[str] | None = ("page", "article", "search", "health"),
                timeout: float = 30.0) -> None:
    """Let the app run until `condition` holds.

    Each round waits for the app's own work (its workers of `groups`, its message queue); the
    timeout only bounds a test that would otherwise hang, it is never what the test waits for.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never became true")
        await settle(pilot, app, groups)
