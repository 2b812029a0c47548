"""The real CLI against a hostile server and unusable databases: clean terminal text, one-line errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FeedServer, Route, rss, rss_item

from feeds.store import Store
from feeds.store.schema import SCHEMA_VERSION
from tui.cli import main

# What must never reach a terminal from a feed: CSI, OSC 52 (clipboard write), a raw ESC, C1
# controls (U+009B is an 8-bit CSI), bidi overrides, zero-width and tag characters.
HOSTILE = "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m\u202eevil\u202c\u200b\U000e0041\x1bc"
# What of it a well-formed XML 1.0 document can carry (ESC cannot appear there, even as &#27;).
IN_XML = "\x9b31m\u202eevil\u202c\u200b\U000e0041\x85"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")
QUOTE = "<p>“We will leave the station after 2024,” said Yuri Borisov, head of Roscosmos.</p>"


def hostile_server(feed_server: FeedServer) -> list[str]:
    """A feed whose title carries the escapes, an error whose reason does, and a broken document."""
    good = feed_server.feed("/evil.xml", rss([rss_item(1, title=f"Story{IN_XML}", text=QUOTE + IN_XML)],
                                             title=f"Evil{IN_XML}"))

    def reason(handler: BaseHTTPRequestHandler) -> None:
        # The status line's reason phrase is the server's text, sent as it likes.
        handler.wfile.write(b"HTTP/1.1 500 Oops \x1b]52;c;aGk=\x07\xc2\x9b31m\xe2\x80\xae gone\r\n"
                            b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        handler.close_connection = True

    bad = feed_server.add("/reason.xml", Route(handler=reason))
    broken = feed_server.feed("/broken.xml", f"<rss><channel><title>{HOSTILE}</title><item>".encode())
    return [good, bad, broken]


def write_config(path: Path, urls: list[str]) -> Path:
    lines = ["[fetch]", "read_timeout = 5", "connect_timeout = 2", ""]
    for i, url in enumerate(urls):
        # A title from an OPML import is the remote's text too.
        lines += ["[[feeds]]", f'url = "{url}"', f'title = "Feed {i} \\u202e\\u001b[31m"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(*texts: str) -> None:
    for text in texts:
        found = FORBIDDEN.findall(text)
        assert not found, f"raw control characters reached the terminal: {found!r}"


def test_commands_print_server_text_cleaned(feed_server: FeedServer, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "config.toml", hostile_server(feed_server))
    db = tmp_path / "spacewatch.db"
    base = ("--config", str(config), "--db", str(db))
    code, out, err = cli(capsys, "fetch", "--workers", "0", *base)
    assert code == 0 and "Feed 1" in out and "HTTP 500 Oops" in out and "error" in out
    assert_clean(out, err)
    code, out, err = cli(capsys, "feeds", *base)
    assert code == 0 and "Feed 0" in out and "HTTP 500 Oops" in out
    assert_clean(out, err)
    code, out, err = cli(capsys, "quotes", *base)
    assert code == 0 and "We will leave the station" in out
    assert_clean(out, err)
    code, out, err = cli(capsys, "feeds", "add", "https://new.example/feed", "--title", f"New{HOSTILE}",
                         "--config", str(config))
    assert code == 0 and "added https://new.example/feed" in out
    assert_clean(out, err)
    code, out, err = cli(capsys, "feeds", "remove", "https://new.example/feed", "--config", str(config))
    assert code == 0 and "removed" in out
    assert_clean(out, err)
    opml = tmp_path / "in.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="x{IN_XML}" xmlUrl="ftp://x{IN_XML}"/>'
                    '<outline text="ok" xmlUrl="https://ok.example/feed"/></body></opml>', encoding="utf-8")
    code, out, err = cli(capsys, "feeds", "import", str(opml), "--config", str(config))
    assert code == 0 and "not imported" in out
    assert_clean(out, err)
    code, out, err = cli(capsys, "reextract", "--all", *base)
    assert code == 0 and "re-extracted" in out
    assert_clean(out, err)


def test_fetch_watch_logs_cleaned(feed_server: FeedServer, tmp_path: Path) -> None:
    from feeds.config import load_config
    from feeds.newsroom.watch import run_watch
    from tui.output import say

    config = write_config(tmp_path / "config.toml", hostile_server(feed_server))
    lines: list[str] = []

    class Sink:
        def write(self, text: str) -> None:
            lines.append(text)

        def flush(self) -> None:
            pass

    # The same log function `fetch --watch` prints through (tui/commands/fetch.py).
    with Store.open(tmp_path / "w.db") as store:
        run_watch(store, lambda: load_config(config), log=lambda line: say(line, file=Sink(), single_line=True),
                  workers=0, max_polls=1)
    text = "".join(lines)
    assert "HTTP 500 Oops" in text and "1 failed" in text
    assert_clean(text)


def test_extract_jsonl_reports_bad_lines_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = {"id": "a", "text": "“We will leave the station after 2024,” said Yuri Borisov."}
    lines = [json.dumps(good), '{"id": "b", "text": "broken \\udc80 text"}', "{not json",
             json.dumps({"id": "\udc80", "text": "fine"}), json.dumps({**good, "id": "c"})]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    code, out, err = cli(capsys, "extract", "--jsonl", str(src))
    assert code == 1  # some lines failed
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "c"]
    assert 'line 2: "text" holds a lone surrogate escape' in err
    assert "line 3: invalid JSON" in err
    assert 'line 4: "id" holds a lone surrogate escape' in err
    assert_clean(err)


# --- database errors --------------------------------------------------------------------------------

def unusable_databases(tmp_path: Path) -> dict[str, Path]:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is a text file, not SQLite\n" * 200)
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    return {"not a database": junk, "newer": newer, "directory": folder, "unwritable": blocker / "sub" / "x.db"}


WHY = {"not a database": "not a SQLite database", "newer": "newer spacewatch", "directory": "is a directory",
       "unwritable": "cannot"}


@pytest.mark.parametrize("case", list(WHY))
@pytest.mark.parametrize("command", [["fetch", "--workers", "0"], ["quotes"], ["feeds"], ["feeds", "export"],
                                     ["reextract"]])
def test_database_errors_are_one_line_and_non_zero(case: str, command: list[str], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n', encoding="utf-8")
    db = unusable_databases(tmp_path)[case]
    if case == "unwritable" and command[0] in ("feeds", "reextract"):
        pytest.skip("no file there: `feeds` lists without one, `reextract` says to fetch first")
    code, out, err = cli(capsys, *command, "--config", str(config), "--db", str(db))
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("spacewatch: ") and WHY[case] in lines[0], err
    assert "Traceback" not in err


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file cannot be written, even by root (who ignores modes): chattr +i there, chmod elsewhere."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode:
            pytest.skip("running as root on a filesystem without chattr +i: cannot make a read-only file")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)


def test_read_only_database(feed_server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = feed_server.feed("/feed.xml", rss([rss_item(1, text=QUOTE)]))
    config = write_config(tmp_path / "config.toml", [url])
    db = tmp_path / "spacewatch.db"
    base = ("--config", str(config), "--db", str(db))
    assert main(["fetch", "--workers", "0", *base]) == 0
    capsys.readouterr()
    before = db.read_bytes()
    with read_only(db):
        code, out, err = cli(capsys, "quotes", *base)
        assert code == 0 and "We will leave the station" in out, err
        code, out, err = cli(capsys, "feeds", *base)
        assert code == 0 and "Feed 0" in out, err
        code, out, err = cli(capsys, "feeds", "export", *base)
        assert code == 0 and url in out, err
        code, out, err = cli(capsys, "fetch", "--workers", "0", "--force", *base)
        assert code == 1
        assert err.strip().splitlines() == [f"spacewatch: cannot open the database {db}: "
                                            "it is read-only, and this command writes to it"]
    assert db.read_bytes() == before


def test_feeds_does_not_create_a_database_at_a_mistyped_path(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[feeds]]\nurl = "https://a.example/feed"\n', encoding="utf-8")
    typo = tmp_path / "spacewach.db"
    for command in (["feeds"], ["feeds", "export"], ["feeds", "--json"]):
        code, out, err = cli(capsys, *command, "--config", str(config), "--db", str(typo))
        assert code == 0 and "https://a.example/feed" in out
    assert "no database at" in err
    code, _, err = cli(capsys, "quotes", "--config", str(config), "--db", str(typo))
    assert code == 1 and "no such file yet" in err
    assert not typo.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]
