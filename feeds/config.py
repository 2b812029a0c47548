"""Load and validate config.toml, and say where every file of spacewatch lives."""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from .models import Actor, AlertRule, Config, FeedSpec, FetchSettings, Person

APP_NAME = "spacewatch"
CONFIG_NAME = "config.toml"
DB_NAME = "spacewatch.db"


class ConfigError(Exception):
    """A config file that cannot be used: names the file, the line and what is wrong."""

    def __init__(self, path: Path | None, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = str(path) if path else "<config>"
        if line:
            where += f", line {line}"
        super().__init__(f"{where}: {message}")


# --- where things live ----------------------------------------------------------------------


def user_config_path() -> Path:
    from platformdirs import user_config_path as _ucp

    return _ucp(APP_NAME, appauthor=False) / CONFIG_NAME


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return user_data_dir() / DB_NAME


def packaged_config_text() -> str:
    """The default config shipped with the package (the repo's config.toml)."""
    packaged = resources.files("feeds").joinpath("default_config.toml")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # An editable install runs from the repo: the repo's config.toml is the default.
    return (Path(__file__).resolve().parent.parent / CONFIG_NAME).read_text(encoding="utf-8")


def find_config_path(explicit: Path | str | None = None) -> Path | None:
    """--config, else ./config.toml, else the user's config dir; None means the packaged default."""
    if explicit is not None:
        return Path(explicit)
    for candidate in (Path.cwd() / CONFIG_NAME, user_config_path()):
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: Path | str | None = None) -> Config:
    path = find_config_path(explicit)
    if path is None:
        return parse_config(packaged_config_text(), None)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(path, None, exc.strerror or str(exc)) from None
    return parse_config(text, path)


# --- parsing and validation ------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
MAX_DURATION = 365 * 86400.0
_UNIT_SECONDS = {None: 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_duration(value: object) -> float:
    """Seconds from 900, 0.5, "900", "15m", "1h", "2d"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 900, \"15m\" or \"1h\"")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNIT_SECONDS[(m.group(2) or "").lower() or None]
    else:
        raise ValueError(f"expected a duration such as 900, \"15m\" or \"1h\", got {value!r}")
    if not math.isfinite(seconds):  # TOML has inf and nan; a timeout of either never fires or breaks
        raise ValueError(f"a duration must be a finite number of seconds, got {value!r}")
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    if seconds > MAX_DURATION:  # sockets and timers overflow on larger ones
        raise ValueError(f"a duration must be at most {MAX_DURATION:.0f} seconds (a year), got {value!r}")
    return seconds


def unfit_url_character(url: str) -> str | None:
    """What makes a URL unusable: whitespace or an invisible/control character, named; else None."""
    for ch in url:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return "a line break" if ch in "\n\r\u2028\u2029\x85" else \
                "whitespace" if ch.isspace() else f"the control character U+{ord(ch):04X}"
    return None


# [fetch] numbers that may be 0: no redirects followed, no article pages read.
_MAY_BE_ZERO = ("max_redirects", "pages_per_feed")
# A feed's `full_text` modes (feeds/ingest/main_text.py says what "auto" means).
FULL_TEXT_MODES = ("auto", "always", "never")


class _Validator:
    """Turns the TOML document into a Config, pointing at the line of each mistake."""

    def __init__(self, text: str, path: Path | None) -> None:
        self.lines = text.splitlines()
        self.path = path

    # Locating a key: find the n-th [[table]] header, then the key's line inside it.
    def line_of(self, table: str | None, index: int | None = None, key: str | None = None) -> int | None:
        start, end = 0, len(self.lines)
        if table is not None:
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
            hits = [i for i, line in enumerate(self.lines) if header.match(line)]
            if hits:
                pick = hits[min(index or 0, len(hits) - 1)]
                start = pick
                nxt = [i for i, line in enumerate(self.lines) if i > pick and line.lstrip().startswith("[")
                       and not line.lstrip().startswith("[[" + table + "." )]
                end = nxt[0] if nxt else len(self.lines)
            elif key is None:
                return None
        if key is None:
            return start + 1
        keypat = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for i in range(start, end):
            if keypat.match(self.lines[i]):
                return i + 1
        return start + 1 if table is not None else None

    def fail(self, message: str, table: str | None = None, index: int | None = None,
             key: str | None = None) -> ConfigError:
        return ConfigError(self.path, self.line_of(table, index, key), message)

    # typed getters
    def string(self, d: Mapping[str, Any], key: str, where: tuple, required: bool = False) -> str | None:
        value = d.get(key)
        if value is None:
            if required:
                raise self.fail(f"{self.label(where)} needs a `{key}`", *where[:2])
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"`{key}` in {self.label(where)} must be a non-empty string, got {value!r}",
                            *where[:2], key)
        return value.strip()

    def strings(self, d: Mapping[str, Any], key: str, where: tuple) -> tuple[str, ...]:
        value = d.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"`{key}` in {self.label(where)} must be a list of strings", *where[:2], key)
        return tuple(dict.fromkeys(v.strip() for v in value))

    @staticmethod
    def label(where: tuple) -> str:
        table, index = where[0], where[1]
        if table is None:
            return "the top level"
        return f"[[{table}]] #{index + 1}" if index is not None else f"[{table}]"

    def check_keys(self, d: Mapping[str, Any], allowed: Iterable[str], where: tuple) -> None:
        allowed = set(allowed)
        for key in d:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(f"unknown key `{key}` in {self.label(where)} (known: {known})",
                                *where[:2], key)

    # sections
    def feeds(self, raw: object) -> tuple[FeedSpec, ...]:
        if not isinstance(raw, list):
            raise self.fail("`feeds` must be a list of [[feeds]] tables", None, None, "feeds")
        specs: list[FeedSpec] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(raw):
            where = ("feeds", i)
            if not isinstance(item, dict):
                raise self.fail("each feed must be a [[feeds]] table", "feeds", i)
            self.check_keys(item, ("url", "title", "actor", "lang", "full_text"), where)
            url = self.string(item, "url", where, required=True)
            assert url is not None
            if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
                raise self.fail(f"feed url must start with http:// or https://, got {url!r}",
                                "feeds", i, "url")
            if (bad := unfit_url_character(url)) is not None:
                raise self.fail(f"feed url {url!r} contains {bad}; a URL has none", "feeds", i, "url")
            if url in seen:
                raise self.fail(f"feed {url} is listed twice (first as [[feeds]] #{seen[url] + 1})",
                                "feeds", i, "url")
            seen[url] = i
            specs.append(FeedSpec(url=url, title=self.string(item, "title", where),
                                  actor=self.string(item, "actor", where),
                                  lang=self.string(item, "lang", where), full_text=self.full_text(item, i)))
        return tuple(specs)

    def full_text(self, item: Mapping[str, Any], index: int) -> str:
        value = item.get("full_text", "auto")
        if value not in FULL_TEXT_MODES:
            raise self.fail(f"`full_text` must be one of {', '.join(repr(m) for m in FULL_TEXT_MODES)}, "
                            f"got {value!r}", "feeds", index, "full_text")
        return str(value)

    def actors(self, raw: object) -> tuple[Actor, ...]:
        if not isinstance(raw, list):
            raise self.fail("`actors` must be a list of [[actors]] tables", None, None, "actors")
        actors: list[Actor] = []
        names: set[str] = set()
        for i, item in enumerate(raw):
            where = ("actors", i)
            if not isinstance(item, dict):
                raise self.fail("each actor must be an [[actors]] table", "actors", i)
            self.check_keys(item, ("name", "aliases", "people", "pane"), where)
            name = self.string(item, "name", where, required=True)
            assert name is not None
            if name.casefold() in names:
                raise self.fail(f"actor {name!r} is defined twice", "actors", i, "name")
            names.add(name.casefold())
            pane = item.get("pane", True)
            if not isinstance(pane, bool):
                raise self.fail("`pane` must be true or false", "actors", i, "pane")
            people_raw = item.get("people", [])
            if not isinstance(people_raw, list):
                raise self.fail("`people` must be a list of {name = ..., aliases = [...]} tables",
                                "actors", i, "people")
            people = []
            for p in people_raw:
                if isinstance(p, str):
                    p = {"name": p}
                if not isinstance(p, dict):
                    raise self.fail("each person must be a {name = ..., aliases = [...]} table",
                                    "actors", i, "people")
                self.check_keys(p, ("name", "aliases"), where)
                pname = self.string(p, "name", where, required=True)
                assert pname is not None
                people.append(Person(name=pname, actor=name, aliases=self.strings(p, "aliases", where)))
            actors.append(Actor(name=name, aliases=self.strings(item, "aliases", where),
                                people=tuple(people), pane=pane))
        return tuple(actors)

    def fetch(self, raw: object) -> FetchSettings:
        if not isinstance(raw, dict):
            raise self.fail("`fetch` must be a [fetch] table", "fetch")
        defaults = FetchSettings()
        where = ("fetch", None)
        self.check_keys(raw, ("concurrency", "per_host", "connect_timeout", "read_timeout",
                              "max_bytes", "max_redirects", "user_agent", "pages_per_feed"), where)
        values: dict[str, Any] = {}
        for key in ("concurrency", "per_host", "max_redirects", "max_bytes", "pages_per_feed"):
            if key in raw:
                v = raw[key]
                if isinstance(v, bool) or not isinstance(v, int) or v < (0 if key in _MAY_BE_ZERO else 1):
                    raise self.fail(f"`{key}` must be a positive whole number, got {v!r}", "fetch", None, key)
                values[key] = v
        for key in ("connect_timeout", "read_timeout"):
            if key in raw:
                try:
                    values[key] = parse_duration(raw[key])
                except ValueError as exc:
                    raise self.fail(f"`{key}`: {exc}", "fetch", None, key) from None
        if "user_agent" in raw:
            values["user_agent"] = self.string(raw, "user_agent", where)
        return FetchSettings(**{**{f: getattr(defaults, f) for f in defaults.__slots__}, **values})

    def alerts(self, raw: object, actor_names: set[str]) -> tuple[AlertRule, ...]:
        if not isinstance(raw, list):
            raise self.fail("`alerts` must be a list of [[alerts]] tables", None, None, "alerts")
        rules = []
        for i, item in enumerate(raw):
            where = ("alerts", i)
            if not isinstance(item, dict):
                raise self.fail("each alert must be an [[alerts]] table", "alerts", i)
            self.check_keys(item, ("name", "actor", "speaker", "words", "key_only", "command", "bell", "spike"),
                            where)
            actor = self.string(item, "actor", where)
            if actor is not None and actor.casefold() not in actor_names:
                raise self.fail(f"alert actor {actor!r} is not one of the [[actors]]", "alerts", i, "actor")
            for flag in ("key_only", "bell", "spike"):
                if flag in item and not isinstance(item[flag], bool):
                    raise self.fail(f"`{flag}` must be true or false", "alerts", i, flag)
            if item.get("spike") is True:
                # A spike rule is about a day's volume, not a statement's words: say so rather than ignore them.
                for key in ("speaker", "words", "key_only"):
                    if key in item:
                        raise self.fail(f"`{key}` cannot be used with `spike = true` (a spike rule fires on "
                                        "an actor's day of unusual volume)", "alerts", i, key)
            rules.append(AlertRule(
                name=self.string(item, "name", where) or f"alert {i + 1}",
                actor=actor, speaker=self.string(item, "speaker", where),
                words=self.strings(item, "words", where), key_only=bool(item.get("key_only", False)),
                command=self.string(item, "command", where), bell=bool(item.get("bell", True)),
                spike=bool(item.get("spike", False))))
        return tuple(rules)


def parse_config(text: str, path: Path | None) -> Config:
    """Validate a config document; every mistake raises ConfigError with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        raise ConfigError(path, line, "invalid TOML: " + re.sub(r"\s*\(at line.*\)$", "", msg)) from None
    v = _Validator(text, path)
    v.check_keys(data, ("refresh_interval", "feeds", "actors", "fetch", "alerts"), (None, None))
    try:
        interval = max(1, round(parse_duration(data.get("refresh_interval", 900))))
    except ValueError as exc:
        raise v.fail(f"`refresh_interval`: {exc}", None, None, "refresh_interval") from None
    feeds = v.feeds(data.get("feeds", []))
    actors = v.actors(data.get("actors", []))
    names = {a.name.casefold() for a in actors}
    for i, f in enumerate(feeds):
        if f.actor is not None and f.actor.casefold() not in names:
            raise v.fail(f"feed actor {f.actor!r} is not one of the [[actors]]", "feeds", i, "actor")
    fetch = v.fetch(data.get("fetch", {}))
    alerts = v.alerts(data.get("alerts", []), names)
    return Config(feeds=feeds, actors=actors, refresh_interval=interval, fetch=fetch,
                  alerts=alerts, path=path)
