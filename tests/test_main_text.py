"""Main text of article pages: the teaser rule, decoding, the check against the feed, no network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from feeds.ingest.main_text import PageText, extract_page, feed_text_kept, first_sentence_words, teaser_reason
from feeds.ingest.parse import parse_feed

PAGES = Path(__file__).parent / "data" / "pages"


@pytest.mark.parametrize("text, teaser", [
    ("", True),
    ("One sentence from a wire story about a launch.", True),
    ("A longer lead. " * 40 + "Read more", True),
    ("A longer lead. " * 40 + "The post Rocket slips appeared first on Orbital Dispatch.", True),
    ("A longer lead. " * 40 + "[…]", True),
    ("Длинный текст. " * 80 + "Читать далее", True),
    ("A full release with many words in it. " * 30, False),
])
def test_what_counts_as_a_teaser(text: str, teaser: bool) -> None:
    assert (teaser_reason(text) is not None) is teaser


def test_the_probe_is_the_first_sentence_without_a_cut_word() -> None:
    assert first_sentence_words("Crews closed the hatch. Then they slept.") == ["crews", "closed", "the", "hatch"]
    assert first_sentence_words("Crews closed the hat…") == ["crews", "closed", "the"]


def test_a_cp1251_page_without_any_charset_is_guessed() -> None:
    body = (PAGES / "baikonur-cp1251.html").read_bytes().replace(b"; charset=windows-1251", b"")
    assert b"charset" not in body
    assert extract_page(body).text == (PAGES / "baikonur-cp1251.txt").read_text(encoding="utf-8").strip()


def test_the_feed_text_is_kept_when_the_page_is_another_or_shorter() -> None:
    consent = extract_page((PAGES / "consent-wall.html").read_bytes())
    assert "does not contain the feed's first sentence" in (feed_text_kept(
        consent, "Roscosmos and NASA extended their seat swap to 2028 on Monday.", "Seat swap") or "")
    page = PageText("A short page.", visible="A short page.")
    assert feed_text_kept(page, "A short page. With more words in the feed than on it.", "t") == \
        "the page's text is no longer than the feed's"
    assert feed_text_kept(PageText(""), "x", "t") == "no article text found on the page"
    leak = extract_page((PAGES / "leak-repair.html").read_bytes())
    # No text in the feed at all (RIA gives a title and a link): the title must be on the page.
    assert feed_text_kept(leak, "", "Station crew seals leaking hatch as Roscosmos finds the cause") is None
    assert feed_text_kept(leak, "", "Mars rover finds water") is not None


def test_extraction_never_opens_a_socket() -> None:
    # An audit hook sees every connect and name lookup the interpreter makes, whatever library asks.
    # (urllib3, imported by trafilatura, binds a socket to ::1 at import to test for IPv6: no traffic.)
    code = f"""
import sys
from pathlib import Path
events = []
reaching = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
            "socket.sendto", "socket.sendmsg", "urllib.Request")
sys.addaudithook(lambda event, args: events.append(event) if event.startswith(reaching) else None)
from feeds.ingest.main_text import extract_page
for page in sorted(Path({str(PAGES)!r}).glob("*.html")):
    assert extract_page(page.read_bytes(), "https://orbital-dispatch.example/" + page.stem).text
print(sorted(set(events)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_space_com_dc_content_under_its_own_namespace_is_the_text() -> None:
    # Space.com puts the whole article in <dc:content> under a namespace URI of its own.
    body = ("<p>“We are ready,” the mission's flight director said on Monday.</p>" * 30)
    doc = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="https://www.space.com/"'
           ' xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Space</title><item><title>t</title>'
           "<link>https://www.space.com/one</link><description>Short teaser.</description>"
           f"<dc:content><![CDATA[{body}]]></dc:content></item></channel></rss>").encode()
    article = parse_feed(doc).articles[0]
    assert article.text.startswith("“We are ready,”") and len(article.text.split()) > 200
    assert teaser_reason(article.text) is None  # so `auto` reads no page for it


def test_full_text_and_pages_per_feed_are_checked_in_the_config() -> None:
    from feeds.config import ConfigError, parse_config

    ok = parse_config('[fetch]\npages_per_feed = 0\n[[feeds]]\nurl = "https://a.example/f"\n'
                      'full_text = "never"\n', None)
    assert ok.feeds[0].full_text == "never" and ok.fetch.pages_per_feed == 0
    assert parse_config('[[feeds]]\nurl = "https://a.example/f"\n', None).feeds[0].full_text == "auto"
    with pytest.raises(ConfigError) as bad:
        parse_config('[[feeds]]\nurl = "https://a.example/f"\nfull_text = "sometimes"\n', None)
    assert bad.value.line == 3 and "'auto', 'always', 'never'" in bad.value.message
