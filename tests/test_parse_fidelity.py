"""parse_feed keeps everything a mature parser keeps: one small authored feed per cause of issue 14,
the encoding and entity faults of issue 11 (item 7), and every content element of issue 15."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import rss, rss_item

from feeds.ingest.parse import parse_feed


def atom(entries: str, *, head: str = "", attrs: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{attrs}>'
            f"<title>Atom Test</title>{head}{entries}</feed>").encode()


def media_rss(items: str) -> bytes:
    return (f'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>M</title>{items}'
            "</channel></rss>").encode()


# --- cause 1: one XML error no longer costs every later &amp; of the document -------------------

def test_a_malformed_item_costs_no_ampersand_anywhere() -> None:
    body = rss([
        "<item><title>Q&A with the crew</title><link>https://ex.example/a?x=1&y=2</link></item>",  # bare &
        "<item><title>Tom &amp; Jerry &lt;3</title><link>https://ex.example/b?x=1&amp;y=2</link>"
        "<description>&lt;p&gt;Text&lt;/p&gt;&lt;p&gt;More &amp;amp; more&lt;/p&gt;</description></item>",
    ])
    first, second = parse_feed(body).articles
    assert first.title == "Q&A with the crew" and first.link == "https://ex.example/a?x=1&y=2"
    assert second.title == "Tom & Jerry <3" and second.link == "https://ex.example/b?x=1&y=2"
    assert second.text == "Text\n\nMore & more"


def test_lang_parameter_in_a_bare_link_is_not_an_entity() -> None:
    # feedparser's loose parser turns "&lang" into 〈; a stray ampersand stays an ampersand here.
    body = rss(["<item><title>a</title><link>https://ex.example/n?id=7&lang=en&copy=1</link></item>"])
    assert parse_feed(body).articles[0].link == "https://ex.example/n?id=7&lang=en&copy=1"


# --- cause 2 and issue 11: entities keep the text after them -----------------------------------

def test_undeclared_html_entities_keep_the_rest_of_the_field() -> None:
    body = rss(["<item><title>Starship flight 7 &mdash; booster caught</title>"
                "<description>Before&nbsp;after &hellip; &eacute;t&eacute; &unknownthing; end</description></item>"])
    article = parse_feed(body).articles[0]
    assert article.title == "Starship flight 7 — booster caught"
    assert article.text == "Before after … été &unknownthing; end"


def test_a_feeds_own_entities_are_expanded_but_never_exponentially() -> None:
    doc = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;"> <!ENTITY agency "Roscosmos">'
           '<!ENTITY a "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY b "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
           '<!ENTITY c "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY d "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
           '<!ENTITY e "laugh laugh laugh"><!ENTITY file SYSTEM "file:///etc/passwd">]>'
           '<rss version="2.0"><channel><title>T</title><item><title>&agency;&nbsp;says &a;&file;hi</title>'
           "</item></channel></rss>")
    feed = parse_feed(doc.encode())
    assert feed.articles[0].title == "Roscosmos says hi"
    assert feed.warning and "entities" in feed.warning


def test_a_surrogate_reference_in_one_item_does_not_fail_the_feed() -> None:
    body = rss([rss_item(1, title="Broken &#xD800; title &#1; end"), rss_item(2, title="Fine")])
    first, second = parse_feed(body).articles
    assert first.title == "Broken title end" and second.title == "Fine"


def test_one_invalid_byte_in_utf8_loses_that_byte_only() -> None:
    body = rss([rss_item(1, title="Юбилей станции"), rss_item(2, title="Café ok")]).replace(b"ok",
                                                                                          b"\xff ok")
    feed = parse_feed(body, content_type="application/rss+xml; charset=utf-8")
    assert [a.title for a in feed.articles] == ["Юбилей станции", "Café ok"]
    assert feed.warning and "invalid UTF-8" in feed.warning


# --- causes 3 and 4: Atom text constructs by their type ------------------------------------------

def test_atom_xhtml_titles_and_summaries_are_read() -> None:
    body = atom('<entry><id>x1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example '
                '<b>Atom</b></div></title><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
                "<p>First <i>para</i>.</p><p>Second.</p></div></summary></entry>")
    article = parse_feed(body).articles[0]
    assert article.title == "Example Atom" and article.text == "First para.\n\nSecond."


def test_plain_text_titles_keep_their_angle_brackets() -> None:
    body = atom('<entry><id>x</id><title type="text">History of the &lt;blink&gt; tag</title>'
                '<content type="text">a &lt;b&gt; is not bold</content></entry>'
                '<entry><id>y</id><title type="html">History of the &lt;blink&gt; tag</title></entry>')
    plain, html = parse_feed(body).articles
    assert plain.title == "History of the <blink> tag" and plain.text == "a <b> is not bold"
    assert html.title == "History of the tag"


# --- causes 5, 6, 8 and issue 15: every content element, the longest real text winning ------------

def test_rss10_bodies_are_read() -> None:
    doc = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel rdf:about="https://ex.example/">'
           '<title>RDF</title><link>https://ex.example/</link></channel>'
           '<item rdf:about="https://ex.example/1"><title>One</title><link>https://ex.example/1</link>'
           "<dc:description>Only dc.</dc:description></item>"
           '<item rdf:about="https://ex.example/2"><title>Two</title><link>https://ex.example/2</link>'
           "<description>Short.</description><content:encoded>&lt;p&gt;The whole body, much longer.&lt;/p&gt;"
           "</content:encoded></item></rdf:RDF>")
    one, two = parse_feed(doc.encode()).articles
    assert one.text == "Only dc." and one.guid == "https://ex.example/1"
    assert two.text == "The whole body, much longer." and two.summary == "Short."


def test_unescaped_html_inside_description_is_kept() -> None:
    body = rss(["<item><title>t</title><description>Example <b>bold</b> and <a href='x'>link</a>"
                "<p>Para two</p></description></item>"])
    assert parse_feed(body).articles[0].text == "Example bold and link\n\nPara two"


def test_dc_content_in_any_dublin_core_spelling_and_the_longest_wins() -> None:
    long_text = "Astronaut said the whole article text is here. " * 5
    for ns in ("http://purl.org/dc/elements/1.1/", "http://purl.org/dc/elements/1.1", "https://www.space.com/dc/"):
        doc = (f'<?xml version="1.0"?><rss version="2.0" xmlns:dc="{ns}"><channel><title>S</title>'
               f"<item><title>t</title><description>A teaser. Read more</description>"
               f"<dc:content>&lt;p&gt;{long_text}&lt;/p&gt;</dc:content></item></channel></rss>")
        article = parse_feed(doc.encode()).articles[0]
        assert article.text == long_text.strip() and article.summary == "A teaser. Read more"


def test_content_encoded_that_is_only_an_image_loses_to_the_description() -> None:
    body = rss('<item><title>t</title><description>The real text of the story, told in full.</description>'
               '<content:encoded><![CDATA[<figure><img src="a.jpg"></figure><p>Read more</p>]]></content:encoded>'
               "</item>")
    assert parse_feed(body).articles[0].text == "The real text of the story, told in full."


def test_media_description_is_read_and_media_title_is_only_a_fallback() -> None:
    body = media_rss('<item><media:title>bar</media:title><title>foo</title><guid>a</guid>'
               "<media:group><media:description>Only here is the text.</media:description></media:group></item>"
               '<item><guid>b</guid><media:content url="https://ex.example/v.mp4"><media:title>Media only</media:title>'
               "<media:description>Described.</media:description></media:content></item>")
    feed = parse_feed(body)
    assert feed.warning is None  # read by the strict parser, not by a fallback
    first, second = feed.articles
    assert first.title == "foo" and first.text == "Only here is the text."
    assert second.title == "Media only" and second.text == "Described."


# --- causes 7 and 9 through the whole parser ------------------------------------------------------

def test_style_text_stays_out_of_the_summary_and_us_zones_are_not_utc() -> None:
    body = rss([rss_item(1, text="safe<style>b {color:red}</style> <b>description</b>",
                         date="Tue, 03 Jun 2025 10:15:00 EDT")])
    article = parse_feed(body).articles[0]
    assert article.text == "safe description"
    assert article.published == datetime(2025, 6, 3, 14, 15, tzinfo=UTC)


# --- cause 10: encodings, references, base64, relative links ------------------------------------

def test_utf16_and_utf32_without_byte_order_mark() -> None:
    doc = ('<?xml version="1.0" encoding="utf-16le"?><rss version="2.0"><channel><title>Ц</title>'
           + rss_item(1, title="Юбилей станции") + "</channel></rss>")
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        assert parse_feed(doc.encode(codec)).articles[0].title == "Юбилей станции", codec


def test_windows_1252_smart_quotes_are_kept() -> None:
    body = b'<rss version="2.0"><channel><title>t</title><item><title>don\x92t</title>' \
           b"<description>&#147;Quoted&#148; &#150; yes</description></item></channel></rss>"
    article = parse_feed(body).articles[0]
    assert article.title == "don’t" and article.text == "“Quoted” – yes"
    latin1 = b'<?xml version="1.0" encoding="iso-8859-1"?>' + body.replace(b"don", b"caf\xe9 don")
    assert parse_feed(latin1).articles[0].title == "café don’t"


def test_capital_x_character_references() -> None:
    body = rss(["<item><title>&#X41;BC</title><description>&amp;#X61;</description></item>"])
    article = parse_feed(body).articles[0]
    assert article.title == "ABC" and article.text == "a"


def test_atom03_base64_content_is_decoded() -> None:
    doc = ('<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title><entry><id>1</id>'
           '<title mode="base64" type="text/html">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title>'
           '<content mode="base64" type="text/html">PHA+SGVsbG8gPGI+d29ybGQ8L2I+PC9wPg==</content></entry></feed>')
    article = parse_feed(doc.encode()).articles[0]
    assert article.title == "Example Atom" and article.text == "Hello world"


def test_relative_links_follow_xml_base_then_the_document() -> None:
    body = atom('<entry xml:base="https://cdn.example/news/"><id>1</id><title>a</title>'
                '<link rel="alternate" href="story-1"/></entry>'
                '<entry><id>2</id><title>b</title><link href="/story-2"/></entry>'
                '<entry><id>https://ex.example/3</id><title>c</title><link rel="enclosure" href="/x.mp3"/></entry>',
                head='<link href="https://channel.example/"/>')
    a, b, c = parse_feed(body, url="https://feeds.example/atom.xml").articles
    assert a.link == "https://cdn.example/news/story-1"
    assert b.link == "https://feeds.example/story-2"
    assert c.link == "https://ex.example/3" and c.guid == "https://ex.example/3"  # the id stands in for it
