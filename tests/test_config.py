"""Config loading: the search order, the packaged default, and errors that name file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from feeds.config import ConfigError, load_config, packaged_config_text, parse_config, parse_duration

REPO_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


def test_the_repo_config_is_the_packaged_default_and_is_valid() -> None:
    assert packaged_config_text() == REPO_CONFIG.read_text(encoding="utf-8")
    config = parse_config(REPO_CONFIG.read_text(encoding="utf-8"), REPO_CONFIG)
    assert [a.name for a in config.pane_actors()][:3] == ["Roscosmos", "NASA", "Kremlin"]
    assert len(config.feeds) >= 10 and all(f.url.startswith(("http://", "https://")) for f in config.feeds)
    roscosmos = config.actors[0]
    spellings = {alias for p in roscosmos.people for alias in (p.name, *p.aliases)}
    assert {"Yuri Borisov", "Yuri Borissov", "Юрий Борисов"} <= spellings
    assert config.refresh_interval == 15 * 60


def test_search_order_explicit_then_cwd_then_packaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # an empty user config dir
    assert load_config().path is None  # the packaged default
    (tmp_path / "config.toml").write_text('refresh_interval = 60\n[[feeds]]\nurl = "https://a.example/rss"\n')
    assert load_config().path == tmp_path / "config.toml"
    assert [f.url for f in load_config().feeds] == ["https://a.example/rss"]
    other = tmp_path / "other.toml"
    other.write_text("refresh_interval = 120\n")
    assert load_config(other).refresh_interval == 120


def test_user_config_dir_is_used_when_there_is_no_local_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    user = tmp_path / "xdg" / "spacewatch" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('refresh_interval = "1h"\n')
    if os.name == "posix":
        assert load_config().path == user and load_config().refresh_interval == 3600


def test_a_feed_is_three_lines() -> None:
    config = parse_config('[[feeds]]\nurl = "https://spacenews.com/feed/"\ntitle = "SpaceNews"\n', None)
    assert config.feeds[0].url == "https://spacenews.com/feed/" and config.feeds[0].title == "SpaceNews"


@pytest.mark.parametrize(("text", "line", "words"), [
    ('refresh_interval = "soon"\n', 1, "refresh_interval"),
    ('\n\n[[feeds]]\ntitle = "no url"\n', 3, "needs a `url`"),
    ('[[feeds]]\nurl = "https://a.example/"\n[[feeds]]\nurl = "https://a.example/"\n', 4, "listed twice"),
    ('[[feeds]]\nurl = "javascript:alert(1)"\n', 2, "http:// or https://"),
    ('[[feeds]]\nurl = "https://a.example/"\nactor = "Nobody"\n', 3, "not one of the [[actors]]"),
    ('[[actors]]\nname = "NASA"\n[[actors]]\nname = "nasa"\n', 4, "defined twice"),
    ('[fetch]\nconcurrency = 0\n', 2, "positive whole number"),
    ('[fetch]\nread_timeout = -1\n', 2, "read_timeout"),
    ('[[feeds]]\nurl = "https://a.example/"\ncolour = "red"\n', 3, "unknown key `colour`"),
    ('[[feeds]\nurl = 1\n', 1, "invalid TOML"),
    ('[[alerts]]\nactor = "Mars"\n', 2, "not one of the [[actors]]"),
])
def test_config_errors_name_the_line_and_the_problem(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text, Path("my.toml"))
    assert err.value.line == line
    assert words in err.value.message
    assert str(err.value).startswith(f"my.toml, line {line}: ")


def test_missing_and_unreadable_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "absent.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'refresh_interval = 60 # caf\xe9\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(bad)


@pytest.mark.parametrize(("value", "seconds"), [(900, 900), ("900", 900), ("15m", 900), ("1h", 3600),
                                                ("2d", 172800), (0.5, 0.5), ("1.5s", 1.5)])
def test_durations(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", [0, -5, "soon", True, "5 parsecs", None])
def test_bad_durations(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_sub_second_timeouts_are_kept() -> None:
    assert parse_config("[fetch]\nread_timeout = 0.3\n", None).fetch.read_timeout == 0.3
