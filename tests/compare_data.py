"""An authored news week for the compare screen, in the spirit of the founding example (not its text).

Roscosmos' chief tells the President Russia will leave the station "after 2024"; NASA says it had
no official notification; the Kremlin describes the meeting. Around them: statements on other
topics in the same days, and the same topic a month and a half earlier, outside the window.
"""

from __future__ import annotations

from datetime import timedelta

from tui_data import NOW, article_record, fixed_config

from feeds.models import Config, FeedSpec, FeedUpdate
from feeds.store import Store

WIRE = "https://wire.example/rss"
DAILY = "https://daily.example/feed.xml"

# (feed, slug, title, hours before NOW, paragraphs, statements (quote, speaker, actor, key), mentions)
WEEK = (
    (WIRE, "leaving-after-2024", "Roscosmos chief tells the President Russia will leave the station", 30, (
        "Roscosmos will stop working on the International Space Station after 2024, its new head told "
        "the President at a meeting in the Kremlin on Tuesday.",
        "“We will meet every obligation to our partners until then, but we have decided to leave the "
        "station after 2024,” Yuri Borisov said.",
        "“By then we will have started building a Russian orbital station of our own,” Borisov added.",
    ), (
        ("We will meet every obligation to our partners until then, but we have decided to leave the "
         "station after 2024", "Yuri Borisov", "Roscosmos", True),
        ("By then we will have started building a Russian orbital station of our own", "Yuri Borisov",
         "Roscosmos", False),
    ), ("Kremlin",)),
    (DAILY, "no-notification", "NASA says Moscow has not told it about a station exit", 26, (
        "NASA said on Tuesday it had heard nothing formal from Moscow about plans to leave the "
        "International Space Station after 2024.",
        "“We have not received any official notification from our Russian partners,” NASA's Robyn Gatens "
        "said.",
    ), (
        ("We have not received any official notification from our Russian partners", "Robyn Gatens", "NASA",
         True),
    ), ("Roscosmos",)),
    (WIRE, "kremlin-meeting", "Kremlin describes the President's meeting with the Roscosmos chief", 24, (
        "The Kremlin said the President discussed the future of the station with Roscosmos' head and "
        "what Russia would do after 2024.",
        "“The President heard a report on the station and on the national orbital programme,” Kremlin "
        "spokesman Dmitry Peskov told reporters.",
    ), (
        ("The President heard a report on the station and on the national orbital programme", "Dmitry Peskov",
         "Kremlin", False),
    ), ("Roscosmos",)),
    # The same days, other topics: never in the comparison.
    (DAILY, "moon-budget", "NASA budget request adds Moon money", 28, (
        "The White House request cuts planetary science by a fifth.",
        "“We are going to the Moon to stay, and that costs money,” NASA Administrator Bill Nelson said.",
    ), (
        ("We are going to the Moon to stay, and that costs money", "Bill Nelson", "NASA", True),
    ), ()),
    (WIRE, "ariane", "Ariane 6 second flight set for summer", 20, (
        "The European Space Agency said the second Ariane 6 flight would launch in the summer.",
        "“The launcher is ready and so are its customers,” ESA's Josef Aschbacher said.",
    ), (
        ("The launcher is ready and so are its customers", "Josef Aschbacher", "ESA", False),
    ), ()),
    # The topic six weeks earlier: outside the window of days.
    (DAILY, "earlier-station", "NASA expects to fly the station beyond 2024", 30 + 24 * 45, (
        "NASA said it expected to operate the International Space Station after 2024 with its partners.",
        "“The station after 2024 is our plan, and we hope every partner will stay,” Robyn Gatens said.",
    ), (
        ("The station after 2024 is our plan, and we hope every partner will stay", "Robyn Gatens", "NASA",
         False),
    ), ()),
)

FOUNDING_QUOTE = WEEK[0][5][0][0]
NOTIFICATION_QUOTE = WEEK[1][5][0][0]
MEETING_QUOTE = WEEK[2][5][0][0]
UNRELATED = (WEEK[3][5][0][0], WEEK[4][5][0][0], WEEK[5][5][0][0])


def compare_config() -> Config:
    return fixed_config((FeedSpec(url=WIRE, title="Space Wire"), FeedSpec(url=DAILY, title="Orbit Daily")))


def fill_week(store: Store) -> Config:
    """Write the week into `store` through Store.apply_feed_update; returns the config."""
    config = compare_config()
    store.sync_feeds(config.feeds)
    for feed in (WIRE, DAILY):
        items = tuple(article_record(slug, title, hours, paras, stmts, mentions)
                      for f, slug, title, hours, paras, stmts, mentions in WEEK if f == feed)
        store.apply_feed_update(FeedUpdate(url=feed, status="ok", started_at=NOW - timedelta(minutes=5),
                                           http_status=200, articles=items))
    return config
