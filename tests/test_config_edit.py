"""feeds add/remove/import/export edit the real config file: comments kept, mistakes refused, nothing half-written."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from feeds.config import load_config, packaged_config_text
from feeds.models import FeedSpec
from feeds.newsroom.config_edit import ConfigEditError, add_feeds, remove_feed
from tui.cli import main

SMALL = """# my spacewatch config
refresh_interval = "10m"  # often

[[actors]]
name = "NASA"

[[feeds]]  # the first feed
url = "https://one.example/feed"
title = "One"

# a note about feed two
[[feeds]]
url = "https://two.example/feed"

# --- alerts below ---
[[alerts]]
name = "moon"  # keep me
words = ["Moon"]
"""


def comments(text: str) -> list[str]:
    return [line[line.index("#"):] for line in text.splitlines() if "#" in line]


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_add_keeps_every_comment_and_places_the_table_with_the_feeds(cfg: Path) -> None:
    result = add_feeds([FeedSpec(url="https://three.example/rss", title="Three", actor="nasa")], explicit=cfg)
    text = cfg.read_text(encoding="utf-8")
    assert comments(text) == comments(SMALL)
    assert result.added == (FeedSpec(url="https://three.example/rss", title="Three", actor="NASA"),)
    assert '[[feeds]]\nurl = "https://three.example/rss"\ntitle = "Three"\nactor = "NASA"\n\n# --- alerts below' in text
    config = load_config(cfg)
    assert [f.url for f in config.feeds][-1] == "https://three.example/rss" and len(config.alerts) == 1


def test_the_packaged_config_survives_an_add_and_a_remove_line_for_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = packaged_config_text()
    path.write_text(original, encoding="utf-8")
    add_feeds([FeedSpec(url="https://new.example/feed")], explicit=path)
    remove_feed("https://new.example/feed", explicit=path)
    assert path.read_text(encoding="utf-8").rstrip("\n") == original.rstrip("\n")


def test_remove_keeps_the_comments_of_the_tables_around_it(cfg: Path) -> None:
    remove_feed("http://www.one.example/feed/", explicit=cfg)  # any spelling of the URL
    text = cfg.read_text(encoding="utf-8")
    assert comments(text) == [c for c in comments(SMALL) if c != "# the first feed"]
    assert text.index("# a note about feed two") < text.index('url = "https://two.example/feed"')
    remove_feed("https://two.example/feed", explicit=cfg)
    text = cfg.read_text(encoding="utf-8")
    assert "# --- alerts below ---" in text and "# keep me" in text and "# a note about feed two" in text
    assert load_config(cfg).feeds == ()


@pytest.mark.parametrize(("spec", "message"), [
    (FeedSpec(url="ftp://files.example/feed"), "not an http(s) feed address"),
    (FeedSpec(url="javascript:alert(1)"), "not an http(s) feed address"),
    (FeedSpec(url="https://x.example/feed", actor="ESA"), "actor 'ESA' is not one of the"),
])
def test_bad_additions_are_refused_and_the_file_is_untouched(cfg: Path, spec: FeedSpec, message: str) -> None:
    with pytest.raises(ConfigEditError, match=re.escape(message)):
        add_feeds([spec], explicit=cfg)
    assert cfg.read_text(encoding="utf-8") == SMALL


def test_a_feed_already_there_is_not_added_twice(cfg: Path) -> None:
    result = add_feeds([FeedSpec(url="http://one.example/feed/")], explicit=cfg)
    assert result.added == () and result.already == ("http://one.example/feed/",)
    assert cfg.read_text(encoding="utf-8") == SMALL


def test_removing_an_unknown_feed_says_so(cfg: Path) -> None:
    with pytest.raises(ConfigEditError, match="no feed https://nope.example/ in"):
        remove_feed("https://nope.example/", explicit=cfg)


def test_without_a_config_file_one_is_made_in_the_user_config_dir(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert main(["feeds", "add", "https://new.example/feed", "--title", "New"]) == 0
    made = tmp_path / "xdg" / "spacewatch" / "config.toml"
    assert f"added https://new.example/feed to {made} (created from the default config)" in capsys.readouterr().out
    text = made.read_text(encoding="utf-8")
    assert comments(text) == comments(packaged_config_text()) and 'url = "https://new.example/feed"' in text
    assert main(["feeds", "remove", "https://new.example/feed"]) == 0
    assert made.read_text(encoding="utf-8").rstrip("\n") == packaged_config_text().rstrip("\n")


def test_cli_import_then_export(cfg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text("""<?xml version="1.0"?>
<opml version="2.0"><head><title>newsboat</title></head><body>
<outline text="Space"><outline type="rss" text="Three" xmlUrl="https://three.example/rss"/></outline>
<outline type="rss" text="One again" xmlUrl="https://one.example/feed"/>
<outline type="rss" text="Mail" xmlUrl="mailto:me@example.com"/>
</body></opml>""", encoding="utf-8")
    assert main(["feeds", "import", str(opml), "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert f"added 1 feed to {cfg}" in out and "2 entries not imported:" in out
    assert "line 4: One again: is already in the config" in out
    assert "line 5: Mail: not an http(s) address ('mailto')" in out
    assert comments(cfg.read_text(encoding="utf-8")) == comments(SMALL)
    assert main(["feeds", "--config", str(cfg), "--db", str(tmp_path / "none.db"), "export"]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    assert [o.get("xmlUrl") for o in root.iter("outline")] == [
        "https://one.example/feed", "https://two.example/feed", "https://three.example/rss"]
    assert not (tmp_path / "none.db").exists()


def test_cli_import_refuses_a_bomb_and_changes_nothing(cfg: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.opml"
    bomb.write_bytes(b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
                     b'<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>')
    assert main(["feeds", "import", str(bomb), "--config", str(cfg)]) == 1
    assert "refused" in capsys.readouterr().err
    assert cfg.read_text(encoding="utf-8") == SMALL
