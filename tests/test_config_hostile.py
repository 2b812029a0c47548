"""Config values that parse as TOML but cannot be used: refused with their line, never an overflow later."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.config import ConfigError, parse_config, parse_duration
from feeds.models import FeedSpec
from feeds.newsroom.config_edit import ConfigEditError, add_feeds


@pytest.mark.parametrize(("text", "line", "words"), [
    ("refresh_interval = inf\n", 1, "finite"),
    ("refresh_interval = nan\n", 1, "finite"),
    ("\n[fetch]\nread_timeout = inf\n", 3, "finite"),
    ("[fetch]\nconnect_timeout = -inf\n", 2, "connect_timeout"),
    ("[fetch]\nconnect_timeout = nan\n", 2, "finite"),
    ('[fetch]\nread_timeout = "99999999999999999999999d"\n', 2, "at most"),
    ("[fetch]\nmax_bytes = inf\n", 2, "positive whole number"),
    ('[[feeds]]\nurl = "https://a.example/feed\\nX-Injected: 1"\n', 2, "a line break"),
    ('[[feeds]]\nurl = "https://a.example/my feed.xml"\n', 2, "whitespace"),
    ('[[feeds]]\nurl = "https://a.example/\\u001b]52;c;aGk=\\u0007"\n', 2, "U+001B"),
    ('[[feeds]]\nurl = "https://a.example/\\u202efeed"\n', 2, "U+202E"),
])
def test_unusable_values_are_refused_with_their_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text, Path("my.toml"))
    assert err.value.line == line
    assert words in err.value.message


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), "1e999", 10**18])
def test_durations_must_be_finite_and_sane(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_feeds_add_refuses_a_url_with_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[feeds]]\nurl = "https://a.example/feed"\n', encoding="utf-8")
    for url in ("https://b.example/feed\nx", "https://b.example/\x1b[2Jfeed", "https://b.example/a b"):
        with pytest.raises(ConfigEditError, match="is not an http\\(s\\) feed address"):
            add_feeds([FeedSpec(url=url)], explicit=path)
    assert path.read_text(encoding="utf-8") == '[[feeds]]\nurl = "https://a.example/feed"\n'
