"""Add and remove feeds in the user's config.toml in place, keeping every comment and the layout.

The file edited is the one spacewatch reads (--config, ./config.toml, the user config dir); when
there is none yet, a copy of the packaged default is made in the user config dir first. Every edit
is validated as a whole config before it is written, and written atomically (a temporary file
renamed over the old one), so a failed edit leaves the file as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import (
    ConfigError,
    find_config_path,
    packaged_config_text,
    parse_config,
    unfit_url_character,
    user_config_path,
)
from ..models import Config, FeedSpec
from ..urls import is_web_url
from .opml import feed_key

_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


class ConfigEditError(Exception):
    """An edit that cannot be made; the message says why and names the file."""


@dataclass(frozen=True, slots=True)
class EditResult:
    path: Path
    created: bool = False  # the file did not exist: it was made from the packaged default
    added: tuple[FeedSpec, ...] = ()
    already: tuple[str, ...] = ()  # URLs that were in the config already
    removed: FeedSpec | None = None


def config_to_edit(explicit: Path | str | None = None) -> tuple[Path, bool]:
    """The config file an edit goes to, and whether it has to be created first."""
    path = find_config_path(explicit)
    if path is None:
        path = user_config_path()
    return path, not path.is_file()


def _load(explicit: Path | str | None) -> tuple[Path, bool, str, Config]:
    path, create = config_to_edit(explicit)
    text = packaged_config_text() if create else path.read_text(encoding="utf-8")
    return path, create, text, parse_config(text, path)


@contextmanager
def edit_lock(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of a config's edits: one read-modify-write at a time, across processes.

    flock on a sibling `.NAME.lock` file (never on the config itself, which each edit replaces):
    two `feeds add` at once would otherwise both read the old file and the last write would drop
    the other's feed. The lock file stays; removing it would let a third process lock a new one.
    """
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no flock; edits there are not guarded against each other
        yield
        return
    with open(target.parent / f".{target.name}.lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _target(path: Path) -> Path:
    """The file to replace: a symlinked config is edited where it points, and the link kept."""
    return path.resolve() if path.is_symlink() else path


def _write(path: Path, text: str) -> None:
    path = _target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _trailing_trivia(table: Any) -> list[tuple[None, Any]]:
    """Pop the comments and blank lines at the end of a table's body.

    tomlkit files a comment above a [[feeds]] header under the table before it; moving these
    keeps such a comment above the table it describes when a table is added or removed.
    """
    from tomlkit.items import Comment, Whitespace

    body = table.value.body
    tail: list[tuple[None, Any]] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], (Comment, Whitespace)):
        tail.insert(0, body.pop())
    return tail


def _feed_table(spec: FeedSpec) -> Any:
    import tomlkit

    table = tomlkit.table()
    table.add("url", spec.url)
    if spec.title:
        table.add("title", spec.title)
    if spec.actor:
        table.add("actor", spec.actor)
    if spec.lang:
        table.add("lang", spec.lang)
    return table


def _append(doc: Any, specs: Sequence[FeedSpec]) -> None:
    import tomlkit
    from tomlkit.items import AoT, Array

    feeds = doc.get("feeds")
    if feeds is None:
        aot = tomlkit.aot()
        for spec in specs:
            aot.append(_feed_table(spec))
        doc.append("feeds", aot)
        return
    if isinstance(feeds, Array):  # feeds = [{ url = ... }]
        for spec in specs:
            inline = tomlkit.inline_table()
            inline.update({k: v for k, v in (("url", spec.url), ("title", spec.title), ("actor", spec.actor),
                                             ("lang", spec.lang)) if v})
            feeds.append(inline)
        return
    if not isinstance(feeds, AoT):
        raise ConfigEditError("`feeds` is not a list of [[feeds]] tables")
    tail = _trailing_trivia(feeds[-1]) if len(feeds) else []
    for spec in specs:
        table = _feed_table(spec)
        table.trivia.indent = "\n"
        feeds.append(table)
    feeds[-1].value.body.extend(tail)


def _validate(spec: FeedSpec, config: Config, path: Path) -> FeedSpec:
    url = spec.url.strip()
    if not _URL.match(url) or not is_web_url(url) or unfit_url_character(url) is not None:
        raise ConfigEditError(f"{url!r} is not an http(s) feed address")
    actor = None
    if spec.actor:
        names = {a.name.casefold(): a.name for a in config.actors}
        actor = names.get(spec.actor.strip().casefold())
        if actor is None:
            raise ConfigEditError(f"actor {spec.actor!r} is not one of the [[actors]] in {path} "
                                  f"(known: {', '.join(config.actor_names())})")
    title = " ".join((spec.title or "").split()) or None
    return FeedSpec(url=url, title=title, actor=actor, lang=(spec.lang or "").strip() or None)


def add_feeds(specs: Sequence[FeedSpec], *, explicit: Path | str | None = None) -> EditResult:
    """Add feeds to the config the user's spacewatch reads; feeds already there are left alone.

    Raises ConfigEditError for an invalid URL or an unknown actor (nothing is written then) and
    ConfigError if the existing file is not a valid config. Concurrent edits wait their turn.
    """
    with edit_lock(config_to_edit(explicit)[0]):
        return _add_feeds(specs, explicit)


def remove_feed(url: str, *, explicit: Path | str | None = None) -> EditResult:
    """Take a feed out of the config (matched however its URL is spelled); its stored articles stay."""
    with edit_lock(config_to_edit(explicit)[0]):
        return _remove_feed(url, explicit)


def _add_feeds(specs: Sequence[FeedSpec], explicit: Path | str | None) -> EditResult:
    import tomlkit

    path, create, text, config = _load(explicit)
    have = {feed_key(f.url) for f in config.feeds}
    adding: list[FeedSpec] = []
    already: list[str] = []
    for spec in specs:
        valid = _validate(spec, config, path)
        key = feed_key(valid.url)
        if key in have:
            already.append(valid.url)
            continue
        have.add(key)
        adding.append(valid)
    if not adding:
        return EditResult(path=path, created=False, already=tuple(already))
    doc = tomlkit.parse(text)
    _append(doc, adding)
    new_text = tomlkit.dumps(doc)
    _check(new_text, path, [f.url for f in config.feeds] + [f.url for f in adding])
    _write(path, new_text)
    return EditResult(path=path, created=create, added=tuple(adding), already=tuple(already))


def _remove_feed(url: str, explicit: Path | str | None) -> EditResult:
    import tomlkit
    from tomlkit.items import AoT, Array, Whitespace

    path, create, text, config = _load(explicit)
    key = feed_key(url)
    index = next((i for i, f in enumerate(config.feeds) if feed_key(f.url) == key), None)
    if index is None:
        raise ConfigEditError(f"no feed {url} in {path}")
    removed = config.feeds[index]
    doc = tomlkit.parse(text)
    feeds = doc["feeds"]
    if isinstance(feeds, AoT):
        tail = _trailing_trivia(feeds[index])
        if tail and index > 0:
            body = feeds[index - 1].value.body
            if body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
                while tail and isinstance(tail[0][1], Whitespace):  # one blank line, not two
                    tail.pop(0)
            body.extend(tail)
        elif tail and index + 1 < len(feeds):
            lead = "".join(item.as_string() for _, item in tail).lstrip("\n")
            feeds[index + 1].trivia.indent = lead + feeds[index + 1].trivia.indent
        del feeds[index]
        if not len(feeds):
            doc.remove("feeds")
            if tail:
                doc.add(tomlkit.comment("(the last [[feeds]] table was removed here)"))
                for _, item in tail:
                    doc.add(item)
    elif isinstance(feeds, Array):
        del feeds[index]
    else:
        raise ConfigEditError(f"`feeds` in {path} is not a list of [[feeds]] tables")
    new_text = tomlkit.dumps(doc)
    _check(new_text, path, [f.url for i, f in enumerate(config.feeds) if i != index])
    _write(path, new_text)
    return EditResult(path=path, created=create, removed=removed)


def _check(text: str, path: Path, urls: list[str]) -> None:
    """The edited file must be a valid config with exactly the feeds intended, or nothing is written."""
    try:
        got = [f.url for f in parse_config(text, path).feeds]
    except ConfigError as exc:
        raise ConfigEditError(f"the edit would break {path} ({exc.message}); nothing was changed") from None
    if got != urls:
        raise ConfigEditError(f"could not edit {path} safely (unexpected layout); nothing was changed")
