"""`feeds add`/`remove` from several real processes at once: every edit lands; symlinked configs stay links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.config import load_config
from feeds.models import FeedSpec
from feeds.newsroom.config_edit import add_feeds, remove_feed

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")

REPO = Path(__file__).resolve().parents[1]
START = '[[feeds]]\nurl = "https://keep.example/feed"  # a comment that must survive\n'
# Each process says it is ready, then waits for its stdin to close, so that they all start editing
# at the same moment; then it adds (or removes) its feeds one by one: many read-modify-write
# cycles racing each other.
EDITOR = """
import sys
from feeds.models import FeedSpec
from feeds.newsroom.config_edit import add_feeds, remove_feed
config, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.read()
for i in range(n):
    if who.startswith("rm"):
        remove_feed(f"https://gone.example/{who[2:]}/{i}", explicit=config)
    else:
        add_feeds([FeedSpec(url=f"https://{who}.example/feed/{i}")], explicit=config)
"""


def race(config: Path, tmp_path: Path, workers: list[str], per_worker: int) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", EDITOR, str(config), who, str(per_worker)], cwd=REPO,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in workers]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs:  # go
        assert proc.stdin is not None
        proc.stdin.close()
    for proc in procs:
        assert proc.stderr is not None
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 0, err
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()


def test_concurrent_adds_and_removes_lose_no_edit(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    gone = [f'[[feeds]]\nurl = "https://gone.example/{w}/{i}"\n' for w in range(2) for i in range(6)]
    config.write_text(START + "\n" + "\n".join(gone), encoding="utf-8")
    adders = [f"w{k}" for k in range(5)]
    race(config, tmp_path, adders + ["rm0", "rm1"], per_worker=6)
    urls = {f.url for f in load_config(config).feeds}
    expected = {"https://keep.example/feed"} | {f"https://{w}.example/feed/{i}" for w in adders for i in range(6)}
    assert urls == expected  # 30 adds and 12 removes, none lost
    assert "# a comment that must survive" in config.read_text(encoding="utf-8")
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_symlinked_config_is_edited_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "spacewatch.toml"
    real.parent.mkdir()
    real.write_text(START, encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    add_feeds([FeedSpec(url="https://new.example/feed")], explicit=link)
    remove_feed("https://keep.example/feed", explicit=link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert [f.url for f in load_config(real).feeds] == ["https://new.example/feed"]
    race(link, tmp_path, ["a", "b", "c"], per_worker=4)
    assert link.is_symlink()
    assert len(load_config(real).feeds) == 1 + 12
