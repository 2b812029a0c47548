#!/usr/bin/env python3
"""People bench: statements left without an actor after one cold fetch, against `reextract --all`.

    .venv/bin/python bench/people.py [--feeds DIR] [--count 200 --items 50 --seed 1]

make_feeds.py's corpus (../shared/bench; written to a temporary directory unless --feeds names
one it wrote) has speakers whose affiliation only some articles give ("Robyn Gatens, director of
the International Space Station" in one, "Gatens said" in the next). Every feed is parsed and
extracted once the way a cold refresh's workers do (the packaged config's people, nobody learned
yet), then written three ways into fresh databases: as the writer did before (each statement as
its worker extracted it), as the refresh's writer does now (feeds/refresh/people.py: each batch told by
the people it teaches, the rest at the end), and then the whole database extracted again with
everyone learned, as `spacewatch reextract --all` does. Prints one table.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feeds.config import packaged_config_text, parse_config  # noqa: E402
from feeds.models import FeedSpec, FeedUpdate, WriteSummary  # noqa: E402
from feeds.refresh.people import LearnedPeople  # noqa: E402
from feeds.refresh.workers import process_body  # noqa: E402
from feeds.statements import EXTRACTOR_VERSION, extract  # noqa: E402
from feeds.statements.actors import ActorResolver  # noqa: E402
from feeds.store import Store  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
BATCH = 10  # feeds per write transaction, about what the refresh's writer gathers
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


def corpus(args: argparse.Namespace, tmp: Path) -> Path:
    if args.feeds:
        return args.feeds
    maker = SHARED / "make_feeds.py"
    if not maker.exists():
        sys.exit(f"no corpus: {maker} is missing; pass --feeds DIR")
    out = tmp / "corpus"
    subprocess.run([sys.executable, str(maker), "--out", str(out), "--feeds", str(args.count), "--items",
                    str(args.items), "--seed", str(args.seed)], check=True, capture_output=True)
    return out


def counts(store: Store) -> tuple[int, int, int, int]:
    """Statements; without an actor; of those, with a speaker; rows shown (one per cluster)."""
    row = store.conn.execute("""SELECT count(*), sum(actor IS NULL), sum(actor IS NULL AND speaker IS NOT NULL),
                                       count(DISTINCT COALESCE(cluster_id, id)) FROM statements""").fetchone()
    return int(row[0]), int(row[1] or 0), int(row[2] or 0), int(row[3])


def written(path: Path, updates: list[FeedUpdate],
            write: Callable[[Store, list[FeedUpdate]], list[WriteSummary]]) -> tuple[Store, float]:
    store = Store.open(path)
    store.sync_feeds([FeedSpec(url=u.url) for u in updates])
    cpu = time.process_time()
    for i in range(0, len(updates), BATCH):
        write(store, updates[i:i + BATCH])
    return store, time.process_time() - cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=Path, metavar="DIR", help="make_feeds.py's output (DIR/feeds/*.xml)")
    ap.add_argument("--count", type=int, default=200, help="feeds to make when --feeds is not given")
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    config = parse_config(packaged_config_text(), None)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        files = sorted((corpus(args, tmp) / "feeds").glob("*.xml"))
        updates = []
        for f in files:
            url = f"http://127.0.0.1/feeds/{f.name}"
            outcome = process_body(f.read_bytes(), "application/xml", url, None, None)
            updates.append(FeedUpdate(url=url, status="ok", started_at=NOW, articles=outcome.articles))
        before, before_cpu = written(tmp / "before.db", updates, lambda s, u: s.apply_feed_updates(u))
        people = LearnedPeople(config)
        now, now_cpu = written(tmp / "now.db", updates, people.write)
        cpu = time.process_time()
        told = people.apply_to_stored(now)
        end_cpu = time.process_time() - cpu
        rows = [("as written before (each worker's view)", counts(before), f"{before_cpu:.2f} s"),
                ("as written now (feeds/refresh/people.py)", counts(now),
                 f"{now_cpu:.2f} s, + {end_cpu:.2f} s at the end ({told} told then)")]
        resolver = ActorResolver.from_config(config, learned=now.learned_people())
        cpu = time.process_time()
        for batch in now.articles_to_extract():
            now.replace_extractions([(a, extract(text, title=title, lang=lang, resolver=resolver))
                                     for a, title, text, lang in batch], EXTRACTOR_VERSION)
        rows.append(("then `reextract --all` on it", counts(now), f"(extraction) {time.process_time() - cpu:.1f} s"))
        before.close()
        now.close()
    total = rows[0][1][0]
    print(f"{len(files)} feeds, {sum(len(u.articles) for u in updates):,} articles, {total:,} statements")
    print("| after one cold fetch | without an actor | of those, with a speaker | rows shown | writer CPU |")
    print("|---|---|---|---|---|")
    for name, (_n, no_actor, with_speaker, shown), cost in rows:
        print(f"| {name} | {no_actor:,} ({no_actor / total:.0%}) | {with_speaker:,} | {shown:,} | {cost} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
