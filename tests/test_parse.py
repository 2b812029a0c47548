"""feeds.ingest.parse and feeds.ingest.html_text: golden feeds, encodings, bozo and hostile XML, HTML to paragraphs."""

from __future__ import annotations

import codecs
import html
import json
from datetime import UTC
from pathlib import Path

import pytest
from conftest import DATA, rss, rss_item
from hypothesis import given
from hypothesis import strategies as st

from feeds.ingest.html_text import html_to_line, html_to_text, strip_control
from feeds.ingest.parse import _TAG, FeedParseError, _as_utf8_document, _first_words, decode_feed, parse_feed
from feeds.models import ParsedFeed

GOLDEN = sorted(p.name for p in DATA.glob("*.xml") if p.with_suffix(".expected.json").exists())


def as_record(feed: ParsedFeed) -> dict:
    return {"title": feed.title, "site_url": feed.site_url, "lang": feed.lang, "warning": feed.warning,
            "articles": [{"guid": a.guid, "link": a.link, "title": a.title, "text": a.text,
                          "published": a.published.isoformat() if a.published else None,
                          "author": a.author, "summary": a.summary, "lang": a.lang}
                         for a in feed.articles]}


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_feeds(name: str) -> None:
    path = DATA / name
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    # As a server without a charset parameter would send it: the bytes must speak for themselves.
    assert as_record(parse_feed(path.read_bytes(), content_type="application/rss+xml")) == expected


def test_windows1251_and_koi8r_read_as_russian() -> None:
    for name in ("rss_windows1251.xml", "rss_koi8r.xml"):
        feed = parse_feed((DATA / name).read_bytes(), content_type="text/xml")
        assert feed.title == "Вести орбиты" and feed.lang == "ru"
        assert "«Мы завершим испытания до конца лета», — сказал" in feed.articles[0].text


def test_charset_from_header_when_the_document_declares_none() -> None:
    body = rss([rss_item(1, title="Запуск «Союза» перенесён")], encoding="cp1251", declare=False)
    feed = parse_feed(body, content_type="application/rss+xml; charset=windows-1251")
    assert feed.articles[0].title == "Запуск «Союза» перенесён" and feed.warning is None


def test_header_lies_about_utf8_the_declaration_wins() -> None:
    body = rss([rss_item(1, title="Космонавты вернулись")], encoding="windows-1251")
    feed = parse_feed(body, content_type="text/xml; charset=utf-8")
    assert feed.articles[0].title == "Космонавты вернулись"


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_undeclared_cyrillic_is_guessed_and_flagged(codec: str) -> None:
    text = "Глава госкорпорации рассказал о планах на следующий год и о новой станции"
    body = rss([rss_item(i, title=text) for i in range(3)], encoding=codec, declare=False)
    feed = parse_feed(body)
    assert feed.articles[0].title == text
    assert feed.warning and codec in feed.warning


def test_decode_feed_byte_order_marks() -> None:
    doc = '<?xml version="1.0" encoding="utf-16"?><rss><channel><title>Ц</title></channel></rss>'
    text, encoding, warning = decode_feed(doc.encode("utf-16"))
    assert text.endswith("</rss>") and encoding.startswith("utf-16") and warning is None
    text, encoding, _ = decode_feed(b"\xef\xbb\xbf<rss/>")
    assert (text, encoding) == ("<rss/>", "utf-8")


def test_utf16_feed_parses() -> None:
    doc = ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Ц</title>'
           + rss_item(1, title="Юбилей станции") + "</channel></rss>")
    feed = parse_feed(doc.encode("utf-16"))
    assert feed.articles[0].title == "Юбилей станции"


@pytest.mark.parametrize(("body", "message"), [
    (b"", "empty body"),
    (b"   \n\t ", "empty body"),
    ((DATA / "html_page.html").read_bytes(), "not a feed: got an HTML page"),
    (b"<html><body>hi</body></html>", "not a feed: got an HTML page"),
    ((DATA / "malformed.xml").read_bytes(), "not a feed: malformed XML"),
    (b"just some text", "not a feed: the body is not XML"),
    (b'<?xml version="1.0"?><error><code>403</code></error>', "not a feed: the document is <error>"),
])
def test_not_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(FeedParseError) as info:
        parse_feed(body)
    assert str(info.value).startswith(message)


def test_bozo_feed_with_entries_is_kept_and_flagged() -> None:
    feed = parse_feed((DATA / "bozo.xml").read_bytes())
    assert [a.guid for a in feed.articles] == ["sloppy-a", "sloppy-b"]
    assert feed.warning and feed.warning.startswith("malformed XML") and "2 entries recovered" in feed.warning


def test_hostile_xml_is_not_expanded() -> None:
    laughs = parse_feed((DATA / "billion_laughs.xml").read_bytes())
    assert all("lol" not in a.title + a.text for a in laughs.articles)
    xxe = parse_feed((DATA / "external_entity.xml").read_bytes())
    assert all("root:x" not in a.text and "/bin/" not in a.text for a in xxe.articles)
    assert xxe.warning == "the document declares entities too large or external to expand (dropped)"


def test_entry_without_guid_or_link_is_kept() -> None:
    feed = parse_feed((DATA / "no_guid_no_link.xml").read_bytes())
    first = feed.articles[0]
    assert first.guid is None and first.link is None
    assert first.title == "Cosmonauts complete spacewalk" and first.published is not None


def test_huge_number_of_entries() -> None:
    feed = parse_feed(rss([rss_item(i) for i in range(5000)]))
    assert len(feed.articles) == 5000 and feed.articles[-1].guid == "story-4999"


def test_dates_are_aware_utc() -> None:
    items = [rss_item(1, date="Tue, 03 Jun 2025 10:15:00 +0300"), rss_item(2, date="2025-06-03T10:15:00"),
             rss_item(3, date="not a date"), rss_item(4, date=None)]
    dates = [a.published for a in parse_feed(rss(items)).articles]
    assert dates[0] is not None and dates[0].tzinfo == UTC and dates[0].hour == 7
    assert dates[1] is None or dates[1].tzinfo == UTC
    assert dates[2] is None and dates[3] is None


def test_links_are_absolute_http_only() -> None:
    items = ["<item><title>a</title><link>/relative/path</link></item>",
             "<item><title>b</title><link>javascript:alert(1)</link></item>"]
    articles = parse_feed(rss(items), url="https://feeds.example/rss").articles
    assert articles[0].link == "https://feeds.example/relative/path"  # against the document's address
    assert articles[1].link is None
    # Without the document's address, the channel link is the last resort.
    assert parse_feed(rss(items)).articles[0].link == "https://outlet.example/relative/path"


# --- HTML to text ---------------------------------------------------------------------------------

def test_paragraphs_kept_markup_dropped() -> None:
    html = ("<div><h2>Headline</h2><p>First &amp; <b>bold</b>\n  paragraph.</p>"
            "<script>evil()</script><style>p{}</style><p>Second&nbsp;one</p>"
            "<ul><li>item one</li><li>item two</li></ul></div>")
    assert html_to_text(html) == "Headline\n\nFirst & bold paragraph.\n\nSecond one\n\nitem one\n\nitem two"


def test_br_is_a_line_and_double_br_a_paragraph() -> None:
    assert html_to_text("one<br>two<br/><br/>three") == "one\ntwo\n\nthree"


def test_plain_text_blank_lines_are_paragraphs() -> None:
    assert html_to_text("First line\nsame paragraph\n\n\nSecond") == "First line\nsame paragraph\n\nSecond"


def test_entities_and_control_characters() -> None:
    assert html_to_text("<p>&laquo;Да&raquo; &#8212; &quot;yes&quot;\x07\x1b[31m</p>") == "«Да» — \"yes\"[31m"
    assert strip_control("a\u202eb\x00c\td") == "abc d"
    assert html_to_line("<b>Title</b>\n with\tbreaks") == "Title with breaks"


def test_empty_and_comment_only_html() -> None:
    assert html_to_text("") == "" and html_to_text(None) == ""
    assert html_to_text("<!-- nothing --><script>x</script>") == ""


@pytest.mark.parametrize("path", sorted(Path(__file__).parent.joinpath("data").glob("*.xml")))
def test_never_raises_anything_but_feed_parse_error(path: Path) -> None:
    body = path.read_bytes()
    for cut in (len(body) // 3, len(body) // 2, len(body) - 7):
        try:
            parse_feed(body[:cut])
        except FeedParseError:
            pass


def test_character_references_to_control_characters_are_dropped_not_fatal() -> None:
    # &#27; is ESC: decoded, it would start a terminal escape sequence (and lxml refuses it).
    markup = "<p>red &#27;[31malert &#x1b;]52;c;SGk=&#7; &#x202E;gnp.exe &#0; &#65;</p>"
    for text in (html_to_text(markup), html_to_line(markup)):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x00" not in text
        assert text.startswith("red ") and text.endswith(" A")
    assert html_to_text("<p>&amp;#27; is how you write ESC</p>") == "&#27; is how you write ESC"


def test_characters_lxml_refuses_are_dropped_and_the_feed_kept() -> None:
    # U+FFFE in one article's HTML (or a reference to it, or to a lone surrogate) made lxml raise
    # while the text was assembled, and the whole feed failed.
    body = rss([rss_item(1, text="<p>bad \ufffe char &amp; more &#xFFFF; &#xD800;</p>"), rss_item(2)])
    articles = parse_feed(body).articles
    assert len(articles) == 2
    assert articles[0].text == "bad char & more"
    assert html_to_line("lone \ud800 surrogate") == "lone surrogate"


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0" encoding="UTF-8"?><rss/>', codecs.BOM_UTF8 + b'<?xml version="1.0"?><rss>\xd0\xaf</rss>',
    b"<rss>\xf0\x9f\x9a\x80</rss>", '<?xml version="1.0" encoding="utf-8"?><rss>Я</rss>'.encode("utf-16"),
    '<?xml version="1.0" encoding="windows-1251"?><rss>Я</rss>'.encode("cp1251"),
])
def test_utf8_body_is_handed_on_as_it_came(body: bytes) -> None:
    # parse_feed passes a UTF-8 body on without encoding its text again: the same bytes.
    text, encoding, _ = decode_feed(body)
    utf8 = (body[len(codecs.BOM_UTF8):] if body.startswith(codecs.BOM_UTF8) else body) if encoding == "utf-8" else None
    assert _as_utf8_document(text, utf8) == _as_utf8_document(text)


@given(st.lists(st.sampled_from(["a", "ab", " ", "\n", "<p>", "</p>", "&amp;", "&nbsp;", "x" * 39, "y" * 41, "é",
                                 "\xa0"]), max_size=80).map("".join))
def test_first_words_stops_splitting_early(markup: str) -> None:
    words = html.unescape(_TAG.sub(" ", markup[:400])).split()
    probe = ""
    for w in words:
        if len(probe) + len(w) > 40:
            break
        probe = f"{probe} {w}" if probe else w
    assert _first_words(markup) == probe
