"""Feeds that name their items badly: duplicate guids, items sharing one link, the same item twice.

Every distinct item is stored once, and refetching the same document in another order changes
nothing: 0 new, 0 updated, the same statement ids (so no alert fires twice).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FeedServer, rss
from tui_harness import packaged_config

from feeds.models import Config, FeedSpec
from feeds.refresh import refresh_all
from feeds.store import Store


def item(title: str, quote: str, *, guid: str | None, link: str, hour: int) -> str:
    parts = [f"<title>{title}</title>", f"<link>{link}</link>",
             f"<pubDate>Fri, 06 Jun 2025 {hour:02d}:00:00 +0000</pubDate>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    body = (f"<p>{title}: the agency gave details on Friday.</p>"
            f"<p>“{quote},” NASA Administrator Bill Nelson said.</p>")
    parts.append(f"<description><![CDATA[{body}]]></description>")
    return "<item>" + "".join(parts) + "</item>"


ITEMS = [
    item("Crew named for the next flight", "These four will fly the longest mission yet", guid="1",
         link="https://outlet.example/crew", hour=9),
    item("Budget passes the Senate", "The money for the lander is finally there", guid="1",
         link="https://outlet.example/budget", hour=10),
    item("Launch slips a week", "We will not fly until the valve is understood", guid=None,
         link="https://outlet.example/", hour=11),
    item("Valve replaced on the pad", "The new valve passed every test we have", guid=None,
         link="https://outlet.example/", hour=12),
]
DUPLICATE = ITEMS[0]  # the same item listed twice


def config(url: str) -> Config:
    return packaged_config((FeedSpec(url=url, title="Careless Outlet"),))


def statement_ids(store: Store) -> list[int]:
    return sorted(s.id for s in store.statements(limit=100, collapse=False))


@pytest.mark.parametrize("workers", [0, 2])
async def test_every_distinct_item_once_and_no_flip_flop(tmp_path: Path, feed_server: FeedServer,
                                                         workers: int) -> None:
    store = Store.open(tmp_path / "sw.db")
    url = feed_server.feed("/careless.xml", rss([*ITEMS, DUPLICATE]), etag=False)
    first = (await refresh_all(store, config(url), workers=workers))[0]
    assert first.status == "ok" and first.new_articles == 4
    assert store.counts()["articles"] == 4
    assert {a.title for a in store.search_articles("agency")} == {
        "Crew named for the next flight", "Budget passes the Senate", "Launch slips a week",
        "Valve replaced on the pad"}
    ids = statement_ids(store)
    assert len(ids) == 4 and len(first.new_statement_ids) == 4

    for order in ([DUPLICATE, *reversed(ITEMS)], [ITEMS[1], ITEMS[3], ITEMS[0], ITEMS[2]]):
        feed_server.feed("/careless.xml", rss(order), etag=False)
        again = (await refresh_all(store, config(url), workers=workers))[0]
        assert (again.new_articles, again.updated_articles, again.new_statement_ids) == (0, 0, ())
        assert statement_ids(store) == ids
        assert store.counts()["articles"] == 4
    store.close()
