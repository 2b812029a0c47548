"""Statements on chosen days, written through the store: volume tests and the timeline's screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tui_data import NOW

from feeds.models import ExtractedArticle, Extraction, FeedSpec, FeedUpdate, ParsedArticle, Statement
from feeds.store import Store

FEED = FeedSpec(url="https://wire.example/feed", title="Wire")
DAY0 = date(2025, 5, 1)
_serial = iter(range(1, 1_000_000))


def statements_on(day: date, count: int, actor: str = "Roscosmos", speaker: str | None = "Yuri Borisov",
                  copies: int = 1) -> FeedUpdate:
    """`count` distinct statements on `day`, each carried by `copies` articles (copies count once)."""
    items = []
    for _ in range(count):
        n = next(_serial)
        quote = f"Statement number {n} about the orbital station schedule and the crew rotation plan {n}"
        for copy in range(copies):
            article = ParsedArticle(guid=f"{n}-{copy}", link=f"https://wire.example/{n}/{copy}", title=f"Story {n}",
                                    text=f"Article {n} copy {copy} text with its own words {n * 7 + copy}.",
                                    published=datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12))
            st = Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor, paragraph=0,
                           start=0, end=len(quote))
            items.append(ExtractedArticle(article, Extraction(statements=(st,)), 1))
    return FeedUpdate(url=FEED.url, status="ok", started_at=datetime.now(UTC), articles=tuple(items))


TODAY = NOW.date()


def fill_volume(store: Store) -> None:
    """Forty quiet days for NASA and Roscosmos, a busy day for NASA three days ago, Bakanov's debut."""
    store.sync_feeds([FEED])
    for n in range(40, 0, -1):
        day = TODAY - timedelta(days=n)
        store.apply_feed_update(statements_on(day, 1 + n % 2, actor="NASA", speaker="Bill Nelson"))
        if n % 3 == 0:
            store.apply_feed_update(statements_on(day, 1, actor="Roscosmos", speaker="Yuri Borisov"))
    store.apply_feed_update(statements_on(TODAY - timedelta(days=3), 14, actor="NASA", speaker="Bill Nelson"))
    store.apply_feed_update(statements_on(TODAY, 2, actor="Roscosmos", speaker="Dmitry Bakanov"))
