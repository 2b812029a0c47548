"""feeds.urls: canonical article URLs and the http(s)-only rule, short path against long path."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as hs

from feeds import urls

CASES = [
    "https://news.example/2024/07/26/iss-exit",
    "http://News.Example/2024/07/26/iss-exit/",
    "https://www.news.example/story",
    "https://news.example:443/story?utm_source=rss&id=7&b=2#top",
    "https://news.example/story/amp",
    "https://news.example/story.amp",
    "https://news.example/amp",
    "https://news.example",
    "https://news.example/",
    "https://news.example//",
    "https://news.example:8080/a",
    "HTTPS://NEWS.EXAMPLE/A",
    "https://tass.ru/kosmos/15311551",
    "https://новости.example/статья",
    "https://news.example/a b",
    "https://news.example/a\tb",
    "https://[::1]/x",
    "https://[broken/x",
    "javascript:alert(1)",
    "ftp://news.example/file",
    "mailto:desk@news.example",
    "//news.example/x",
    "news.example/x",
    "https:///nohost",
    "https://news.example/%D0%BA%D0%BE%D1%81%D0%BC%D0%BE%D1%81",
    "",
]


def _long_way(function, url: str):  # type: ignore[no-untyped-def]
    """function(url) with both shortcuts off: the rules as urlsplit applies them."""
    saved = urls._PLAIN_CANONICAL, urls._PLAIN_WEB_URL
    urls._PLAIN_CANONICAL = urls._PLAIN_WEB_URL = _NEVER
    try:
        return function(url)
    finally:
        urls._PLAIN_CANONICAL, urls._PLAIN_WEB_URL = saved


def _canonical_long_way(url: str) -> str | None:
    return _long_way(urls.canonical_url, url)


def _is_web_long_way(url: str) -> bool:
    return _long_way(urls.is_web_url, url)


class _Never:
    def fullmatch(self, _: str) -> None:
        return None


_NEVER = _Never()


def test_canonical_url_rules() -> None:
    assert urls.canonical_url("http://News.Example/2024/iss-exit/") == "https://news.example/2024/iss-exit"
    assert urls.canonical_url("https://www.news.example/story/amp") == "https://news.example/story"
    assert urls.canonical_url("https://news.example/s?utm_source=rss&b=2&a=1#x") == "https://news.example/s?a=1&b=2"
    assert urls.canonical_url("https://news.example") == "https://news.example/"
    assert urls.canonical_url("javascript:alert(1)") is None
    assert not urls.is_web_url("ftp://news.example/file") and urls.is_web_url("HTTPS://NEWS.EXAMPLE/A")


def test_the_shortcuts_agree_with_urlsplit_on_known_cases() -> None:
    for url in CASES:
        assert urls.canonical_url(url) == _canonical_long_way(url), url
        assert urls.is_web_url(url) == _is_web_long_way(url), url


_url_parts = hs.sampled_from(["http://", "https://", "HTTP://", "https://www.", "ftp://", "", "//"])
_host = hs.from_regex(r"[A-Za-z0-9.\-]{0,12}", fullmatch=True)
_rest = hs.text(alphabet="/abcAB09-_.?=&#:%;~ \t\x00é", max_size=20)


@given(_url_parts, _host, _rest)
def test_the_shortcuts_agree_with_urlsplit_on_any_url(scheme: str, host: str, rest: str) -> None:
    url = scheme + host + rest
    assert urls.canonical_url(url) == _canonical_long_way(url)
    assert urls.is_web_url(url) == _is_web_long_way(url)


def test_a_link_with_a_broken_port_is_not_a_web_url() -> None:
    for url in ("http://0::", "https://news.example:99999/x", "https://news.example:port/x"):
        assert not urls.is_web_url(url) and urls.canonical_url(url) is None
