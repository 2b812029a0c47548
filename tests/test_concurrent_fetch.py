"""Two `spacewatch fetch` at once on one database (issue 11.9): real processes, loopback feeds, the
statements and cross-outlet merges of a single run."""

from __future__ import annotations

import random
import sqlite3
import subprocess
from pathlib import Path

from conftest import FeedServer, rss, rss_item
from test_cli_fetch import REPO, env, run, spacewatch

OUTLETS, STORIES = 6, 150
CONFIG = """
[fetch]
concurrency = 8
per_host = 8
read_timeout = 60
connect_timeout = 2

[[actors]]
name = "NASA"
people = [{ name = "Bill Nelson" }]
"""


def quote(rng: random.Random) -> str:
    words = rng.sample([f"{c}{v}{c2}" for c in "bdfgklmnprstvz" for v in "aeiou" for c2 in "nrst"], 14)
    return "We " + " ".join(words)


def outlet_items() -> list[list[str]]:
    """Outlet 0 carries every story first; each is carried again by one other outlet, its quote reworded
    (cut, case, an ellipsis): one speaker, more statements than a second process used to look back at."""
    rng = random.Random(11)
    items: list[list[str]] = [[] for _ in range(OUTLETS)]
    for s in range(STORIES):
        text = quote(rng)
        words = text.split()
        copy = rng.choice([text.lower(), "… " + " ".join(words[3:]), " ".join(words[:-3]) + " …",
                           " ".join(words[:6] + ["[...]"] + words[8:])])
        for outlet, said in ((0, f"“{text},” NASA Administrator Bill Nelson said."),
                             (1 + s % (OUTLETS - 1), f"“{copy},” Bill Nelson said on Friday.")):
            body = f"<p>Story {s} as outlet {outlet} tells it.</p><p>{said}</p>"
            items[outlet].append(rss_item(1000 * outlet + s, title=f"Story {s} at outlet {outlet}", text=body,
                                          date=f"Mon, 02 Jun 2025 {8 + outlet:02d}:{s % 60:02d}:00 +0000"))
    return items


def write_config(path: Path, urls: list[str]) -> Path:
    path.write_text(CONFIG + "".join(f'\n[[feeds]]\nurl = "{u}"\ntitle = "Outlet {i}"\n' for i, u in enumerate(urls)),
                    encoding="utf-8")
    return path


def stored(db: Path) -> tuple[set[tuple[str, str, str, str]], set[frozenset[tuple[str, str]]]]:
    """(link, quote, speaker, actor) of every statement, and the clusters as sets of (link, quote)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("""SELECT s.id, s.cluster_id, a.link, s.quote, s.speaker, s.actor
                               FROM statements s JOIN articles a ON a.id = s.article_id""").fetchall()
    groups: dict[int, set[tuple[str, str]]] = {}
    for sid, cluster, link, text, _speaker, _actor in rows:
        groups.setdefault(cluster or sid, set()).add((link, text))
    return {r[2:] for r in rows}, {frozenset(g) for g in groups.values()}


def test_two_fetches_at_once_store_and_merge_as_one(tmp_path: Path, feed_server: FeedServer) -> None:
    urls = [feed_server.feed(f"/outlet{n}.xml", rss(i, title=f"Outlet {n}")) for n, i in enumerate(outlet_items())]
    alone = run("fetch", "--config", str(write_config(tmp_path / "all.toml", urls)), "--db", str(tmp_path / "one.db"),
                "--workers", "0")
    assert alone.returncode == 0, alone.stderr
    statements, clusters = stored(tmp_path / "one.db")
    assert len(statements) == 2 * STORIES and len(clusters) == STORIES  # every copy found

    # A cron job and a dashboard, say: each its own feeds, the same database, at the same time.
    two = tmp_path / "two.db"
    configs = [write_config(tmp_path / "first.toml", urls[:3]), write_config(tmp_path / "second.toml", urls[3:])]
    both = [subprocess.Popen(spacewatch("fetch", "--config", str(cfg), "--db", str(two), "--workers", "0"), cwd=REPO,
                             env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             stdin=subprocess.DEVNULL) for cfg in configs]
    outputs = [p.communicate(timeout=300) for p in both]
    assert [p.returncode for p in both] == [0, 0], outputs
    assert stored(two) == (statements, clusters)
