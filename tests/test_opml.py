"""OPML in and out: bad entries reported with reasons, XML bombs refused, and what readers need exported."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from feeds.models import FeedSpec
from feeds.newsroom.opml import SPACEWATCH_NS, OpmlError, feed_key, parse_opml, to_opml

ACTORS = ("NASA", "Roscosmos")


def opml(body: str, head: str = "<head><title>My feeds</title></head>") -> bytes:
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">'
    return f"{prolog}\n{head}\n<body>\n{body}\n</body>\n</opml>".encode()


def test_newsboat_style_nested_outlines_are_read_at_any_depth() -> None:
    doc = opml("""<outline text="Space" title="Space">
  <outline text="Agencies">
    <outline type="rss" text="NASA" xmlUrl="https://www.nasa.gov/feed/" htmlUrl="https://www.nasa.gov"/>
  </outline>
  <outline type="rss" text="SpaceNews" title="SpaceNews" xmlUrl="https://spacenews.com/feed/"/>
</outline>
<outline type="rss" title="ТАСС" xmlUrl="https://tass.ru/rss/v2.xml" language="ru"/>""")
    result = parse_opml(doc)
    assert [(f.url, f.title, f.lang) for f in result.feeds] == [
        ("https://www.nasa.gov/feed/", "NASA", None), ("https://spacenews.com/feed/", "SpaceNews", None),
        ("https://tass.ru/rss/v2.xml", "ТАСС", "ru")]
    assert result.rejected == () and result.title == "My feeds"


def test_bad_entries_are_reported_with_line_and_reason() -> None:
    doc = opml("""<outline type="rss" text="No address"/>
<outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
<outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
<outline type="rss" text="Good" xmlUrl="https://good.example/feed"/>
<outline type="rss" text="Good again" xmlUrl="http://WWW.good.example/feed/"/>
<outline type="rss" text="Known" xmlUrl="https://known.example/rss"/>
<outline type="rss" text="Unknown actor" xmlUrl="https://esa.example/rss" actor="ESA"/>
<outline text="An empty folder"/>""")
    result = parse_opml(doc, actors=ACTORS, existing=["https://known.example/rss/"])
    assert [f.url for f in result.feeds] == ["https://good.example/feed", "https://esa.example/rss"]
    assert result.feeds[1].actor is None
    assert [str(r) for r in result.rejected] == [
        "line 5: No address: no xmlUrl (the feed's address)",
        "line 6: Local file: not an http(s) address ('file'); only web feeds are fetched",
        "line 7: Script: not an http(s) address ('javascript'); only web feeds are fetched",
        "line 9: Good again: a duplicate of line 8",
        "line 10: Known: is already in the config",
        "line 11: Unknown actor: actor 'ESA' is not in the config; imported without it",
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<opml version="2.0"><body><outline type="rss" text="&lol9;" xmlUrl="https://a.example/"/></body></opml>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline type="rss" text="&secret;" xmlUrl="https://a.example/"/></body></opml>"""

DTD_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/opml.dtd">
<opml version="2.0"><body/></opml>"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL, DTD_ONLY], ids=["billion-laughs", "external", "dtd"])
def test_entity_expansion_and_dtds_are_refused(doc: bytes) -> None:
    with pytest.raises(OpmlError, match="refused: the file declares a DTD or entities"):
        parse_opml(doc)


@pytest.mark.parametrize(("doc", "message"), [
    (b"<opml><body><outline", "not well-formed XML"),
    (b"<rss version='2.0'><channel/></rss>", "not an OPML file"),
    (b"", "not well-formed XML"),
])
def test_not_opml_at_all(doc: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        parse_opml(doc)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(OpmlError, match="nested more than"):
        parse_opml(opml("<outline text='x'>" * 100 + "</outline>" * 100))


def test_export_is_opml_2_readers_accept_and_round_trips() -> None:
    feeds = [FeedSpec(url="https://www.nasa.gov/feed/", title="NASA", actor="NASA"),
             FeedSpec(url="https://tass.ru/rss/v2.xml?a=1&b=2", title="ТАСС <wire> & \"co\"", lang="ru"),
             FeedSpec(url="https://spacenews.com/feed/")]
    text = to_opml(feeds, site_urls={"https://www.nasa.gov/feed/": "https://www.nasa.gov/"},
                   now=datetime(2025, 6, 2, 7, 43, tzinfo=UTC))
    root = ET.fromstring(text)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/dateCreated") == "Mon, 02 Jun 2025 07:43:00 GMT"
    outlines = [o for o in root.iter("outline") if o.get("xmlUrl")]
    for o in outlines:
        assert o.get("type") == "rss" and o.get("text") and o.get("title") and o.get("htmlUrl")
    nasa = root.find("body/outline[@text='NASA']/outline")
    assert nasa is not None and nasa.get(f"{{{SPACEWATCH_NS}}}actor") == "NASA"
    assert nasa.get("htmlUrl") == "https://www.nasa.gov/"
    tass = next(o for o in outlines if "tass" in o.get("xmlUrl", ""))
    assert tass.get("xmlUrl") == "https://tass.ru/rss/v2.xml?a=1&b=2" and tass.get("language") == "ru"
    assert tass.get("title") == "ТАСС <wire> & \"co\"" and tass.get("htmlUrl") == "https://tass.ru/"
    back = parse_opml(text.encode(), actors=ACTORS)
    assert back.rejected == () and set(back.feeds) == {
        FeedSpec(url=f.url, title=f.title or f.url, actor=f.actor, lang=f.lang) for f in feeds}


def test_feed_key_ignores_spelling_only() -> None:
    assert feed_key("http://WWW.Example.com/feed/") == feed_key("https://example.com/feed")
    assert feed_key("https://example.com/feed?cat=1") != feed_key("https://example.com/feed?cat=2")
