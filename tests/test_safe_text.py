"""tui.safe_text: hostile feed text comes out as plain, visible, harmless characters."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tui.safe_text import clean, one_line, safe, shorten


def test_markup_is_kept_as_literal_text() -> None:
    text = "[bold red]alarm[/] [@click=app.quit]quit[/] [/"
    assert clean(text) == text
    rendered = safe(text)
    assert rendered.plain == text
    assert not rendered.spans  # no style came out of the brackets


def test_ansi_csi_sequences_are_removed() -> None:
    assert clean("a\x1b[31;1mred\x1b[0m b\x1b[2J\x1b[H") == "ared b"


def test_osc8_hyperlink_keeps_its_visible_text_only() -> None:
    text = "see \x1b]8;;javascript:alert(1)\x1b\\this link\x1b]8;;\x1b\\ now"
    assert clean(text) == "see this link now"


def test_osc52_clipboard_write_is_removed_with_its_payload() -> None:
    assert clean("x\x1b]52;c;cm0gLXJmIH4=\x07y") == "xy"
    assert clean("x\x1b]52;c;cm0gLXJmIH4=") == "x"  # unterminated: the rest was for the terminal


def test_other_escapes_and_c1_controls_are_removed() -> None:
    assert clean("a\x1bcb\x1b7c") == "abc"
    assert clean("\x9b31mz\x9dfoo\x85bar") == "zfoo\nbar"


def test_bidi_overrides_isolates_and_zero_width_tricks_are_removed() -> None:
    assert clean("admin\u202egnp.exe") == "admingnp.exe"
    assert clean("a\u2066b\u2067c\u2068d\u2069e\u200ef\u200fg\u061ch") == "abcdefgh"
    assert clean("Bo\u200brisov\u2060\ufeff\u00ad") == "Borisov"
    assert clean("tag\U000e0041\U000e007f") == "tag"


def test_joiners_that_scripts_and_emoji_need_are_kept() -> None:
    assert clean("👩\u200d🚀") == "👩\u200d🚀"
    assert clean("می\u200cخواهم") == "می\u200cخواهم"


def test_control_characters_and_line_breaks() -> None:
    assert clean("a\x00b\x07c\x08d\x7fe") == "abcde"
    assert clean("l1\r\nl2\rl3\u2028l4") == "l1\nl2\nl3\nl4"
    assert one_line("  l1\n\n l2\tl3  ") == "l1 l2 l3"
    assert clean("a \n b", single_line=True) == "a b"


def test_lone_surrogates_become_replacement_characters() -> None:
    assert clean("a\ud800b") == "a\ufffdb"


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("the quick brown fox jumps", 16) == "the quick brown…"
    assert len(shorten("x" * 50, 10)) == 10


@given(st.text())
def test_nothing_invisible_or_controlling_survives(text: str) -> None:
    out = clean(text)
    for ch in out:
        category = unicodedata.category(ch)
        assert ch == "\n" or category != "Cc", repr(ch)
        assert category != "Cf" or ch in "\u200c\u200d", repr(ch)
        assert category != "Cs"
    assert "\x1b" not in one_line(text)
    assert "\n" not in one_line(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert clean(text) == text
