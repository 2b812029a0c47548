"""Deterministic dashboard data: fixed articles and statements written through Store.apply_feed_update."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from feeds.config import packaged_config_text, parse_config
from feeds.models import (
    Config,
    ExtractedArticle,
    Extraction,
    FeedSpec,
    FeedUpdate,
    ParsedArticle,
    Statement,
)
from feeds.store import Store

NOW = datetime(2025, 6, 6, 18, 0, tzinfo=UTC)

WIRE = "https://wire.example/rss"
DAILY = "https://daily.example/feed.xml"
BROKEN = "https://broken.example/feed.xml"

# (feed, slug, title, hours before NOW, paragraphs, statements as (quote, speaker, actor, key), mentions)
ARTICLES: tuple[tuple[str, str, str, int, tuple[str, ...], tuple[tuple[str, str | None, str, bool], ...],
                      tuple[str, ...]], ...] = (
    (WIRE, "cross-flights", "Roscosmos and NASA agree to keep cross flights through 2027", 2, (
        "Roscosmos and NASA will keep exchanging seats through 2027, the agencies said on Friday.",
        "“The station has always worked because neither side can run it alone,” Roscosmos head "
        "Dmitry Bakanov said after the meeting.",
        "NASA's Robyn Gatens said the agreement “removes the single point of failure that worried us most.”",
    ), (
        ("The station has always worked because neither side can run it alone", "Dmitry Bakanov",
         "Roscosmos", True),
        ("removes the single point of failure that worried us most", "Robyn Gatens", "NASA", False),
    ), ("ESA",)),
    (DAILY, "lunar-plans", "Kremlin says lunar station plans are not up for discussion", 5, (
        "The Kremlin on Thursday brushed aside reports that Russia might scale back its lunar plans.",
        "“These plans are not up for discussion,” Kremlin spokesman Dmitry Peskov told reporters.",
    ), (
        ("These plans are not up for discussion", "Dmitry Peskov", "Kremlin", True),
    ), ()),
    (WIRE, "crew-vehicle", "ESA ministers to weigh a European crew vehicle", 9, (
        "European ministers will be asked this autumn to fund a crew-capable capsule.",
        "“Europe should not have to ask for a ride to the places it helped build,” ESA Director General "
        "Josef Aschbacher said in Paris.",
    ), (
        ("Europe should not have to ask for a ride to the places it helped build", "Josef Aschbacher", "ESA",
         True),
    ), ()),
    (DAILY, "budget", "NASA budget request trims science, adds Moon money", 26, (
        "The White House request cuts planetary science by a fifth.",
        "“We are going to the Moon to stay, and that costs money,” NASA Administrator Bill Nelson said.",
        "“Science is not being abandoned,” Nelson added, “it is being prioritised.”",
    ), (
        ("We are going to the Moon to stay, and that costs money", "Bill Nelson", "NASA", True),
        ("Science is not being abandoned, it is being prioritised", "Bill Nelson", "NASA", False),
    ), ("Roscosmos",)),
    (WIRE, "soyuz-leak", "Soyuz coolant leak traced to micrometeoroid", 50, (
        "Engineers traced the coolant leak on the Soyuz to a micrometeoroid strike.",
        "“There is no danger to the crew,” a Roscosmos spokesperson said.",
    ), (
        ("There is no danger to the crew", None, "Roscosmos", False),
    ), ("NASA",)),
    (DAILY, "station-end", "Russia to leave the station after 2028, officials say", 75, (
        "Russia will leave the station after 2028 and build its own, officials said.",
        "“The decision to leave the station after 2028 has been made,” Roscosmos chief Yuri Borisov said.",
    ), (
        ("The decision to leave the station after 2028 has been made", "Yuri Borisov", "Roscosmos", True),
    ), ("Kremlin",)),
    (WIRE, "esa-launcher", "Ariane 6 second flight set for summer", 100, (
        "The European Space Agency said the second Ariane 6 flight would launch in the summer.",
    ), (), ("ESA",)),
)


def fixed_config(feeds: tuple[FeedSpec, ...] | None = None) -> Config:
    """The packaged actors and people with the fixture's feeds."""
    base = parse_config(packaged_config_text(), None)
    if feeds is None:
        feeds = (FeedSpec(url=WIRE, title="Space Wire"), FeedSpec(url=DAILY, title="Orbit Daily"),
                 FeedSpec(url=BROKEN, title="Broken Feed"))
    return dataclasses.replace(base, feeds=feeds)


def article_record(slug: str, title: str, hours: int, paragraphs: tuple[str, ...],
                   statements: tuple[tuple[str, str | None, str, bool], ...], mentions: tuple[str, ...],
                   *, site: str = "https://news.example/", link: str | None = None) -> ExtractedArticle:
    """An article with statements whose spans are found in its text (quotes split by "," allowed)."""
    text = "\n\n".join(paragraphs)
    found = []
    for quote, speaker, actor, key in statements:
        start = text.find(quote)
        end = start + len(quote)
        if start < 0:  # split around its attribution: the span runs from the first part to the last
            head, _, tail = quote.partition(", ")
            start = text.find(head)
            end = text.find(tail, start) + len(tail)
        assert start >= 0 and end > start, quote
        paragraph = text.count("\n\n", 0, start)
        found.append(Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor,
                               paragraph=paragraph, start=start, end=end, key_score=0.9 if key else 0.2,
                               is_key=key, key_reasons=("fixture",) if key else ()))
    article = ParsedArticle(guid=slug, link=link if link is not None else site + slug, title=title, text=text,
                            published=NOW - timedelta(hours=hours), author="Staff")
    return ExtractedArticle(article, Extraction(statements=tuple(found), mentions=mentions), 1)


def fill_fixed(store: Store, config: Config | None = None) -> Config:
    """Write the fixture's articles, and one failing feed, into `store`; returns the config."""
    config = config or fixed_config()
    store.sync_feeds(config.feeds)
    checked = NOW - timedelta(minutes=20)
    for feed in (WIRE, DAILY):
        items = tuple(article_record(slug, title, hours, paras, stmts, mentions)
                      for f, slug, title, hours, paras, stmts, mentions in ARTICLES if f == feed)
        store.apply_feed_update(FeedUpdate(url=feed, status="ok", started_at=checked, http_status=200,
                                           articles=items))
    store.apply_feed_update(FeedUpdate(url=BROKEN, status="error", started_at=checked, http_status=500,
                                       error="the server answered HTTP 500 Internal Server Error"))
    return config
