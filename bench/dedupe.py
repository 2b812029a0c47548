#!/usr/bin/env python3
"""Dedupe benchmark: precision/recall of merged statements and what clustering adds to a refresh.

    .venv/bin/python bench/dedupe.py [--articles 10000] [--seed 1]
    .venv/bin/python bench/dedupe.py --feeds DIR   # make_feeds.py's corpus: clustering CPU only

Generates a corpus where each story is carried by 1-5 outlets, each with its own URL, title and
small rewrites of the quotes (punctuation, case, quote marks, cuts at either end, ellipses in the
middle), some verbatim syndication under another URL, and hard negatives: speakers repeating stock
phrases across stories, and the same sentence with different figures. It is written through the
real Store (a temporary SQLite file) the way a cold refresh writes it (200 feeds, group commits),
then a warm refresh by a fresh Store object (as a new `spacewatch fetch` process would) adds
new stories and late copies of recent ones. Prints one table; the same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import feeds.records as records_module  # noqa: E402
from feeds.models import (  # noqa: E402
    ExtractedArticle,
    Extraction,
    FeedSpec,
    FeedUpdate,
    ParsedArticle,
    Statement,
)
from feeds.store import Store  # noqa: E402

FEEDS = 200
STATEMENTS_PER_STORY = 5
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
STOPWORDS = ("the of and to a in that we is it for on will with this be not as are our by at have from "
             "an was they but all which their has been would there more can about also so if no").split()
STOCK = ["we will continue to work with our partners", "this is a very important step for the industry",
         "the International Space Station will remain in orbit", "we have always said that cooperation",
         "as I have said many times before", "there is no alternative to this approach",
         "our specialists are working around the clock", "the decision has not been made yet"]


class Corpus:
    def __init__(self, seed: int, articles: int) -> None:
        self.rng = random.Random(seed)
        vocab = [f"{self._word()}" for _ in range(6000)]
        weights = [1 / (i + 1) ** 0.9 for i in range(len(vocab))]
        self.vocab = vocab
        self.cum = [sum(weights[:1])]
        for w in weights[1:]:
            self.cum.append(self.cum[-1] + w)
        self.speakers = [f"Speaker {i} {self._word().title()}" for i in range(400)]
        self.speaker_weights = [1 / (i + 1) ** 1.1 for i in range(len(self.speakers))]
        self.articles_wanted = articles
        self.truth: dict[tuple[int, int], str] = {}  # (article id in corpus, ordinal) -> true statement id

    def _word(self) -> str:
        return "".join(self.rng.choice("bcdfghklmnprstvz") + self.rng.choice("aeiou")
                       for _ in range(self.rng.randint(1, 4)))

    def sentence(self, speaker_stock: bool) -> str:
        n = self.rng.randint(8, 40)
        content = self.rng.choices(self.vocab, cum_weights=self.cum, k=n)
        words = [self.rng.choice(STOPWORDS) if self.rng.random() < 0.35 else w for w in content]
        if self.rng.random() < 0.15:
            words.insert(self.rng.randint(0, len(words)), str(self.rng.randint(2, 2040)))
        text = " ".join(words)
        if speaker_stock:
            text = self.rng.choice(STOCK) + ", " + text
        return text[0].upper() + text[1:] + self.rng.choice([".", ".", "!", ""])

    def rewrite(self, quote: str) -> str:
        """How another outlet prints the same words."""
        r = self.rng
        words = quote.split()
        if r.random() < 0.3 and len(words) > 12:  # cut at the start or the end
            cut = r.randint(1, max(1, len(words) // 6))
            words = words[cut:] if r.random() < 0.5 else words[:-cut]
            words = (["…"] + words) if r.random() < 0.5 else words
        if r.random() < 0.3 and len(words) > 14:  # an ellipsis in the middle
            i = r.randint(4, len(words) - 6)
            words = words[:i] + [r.choice(["...", "…", "[...]"])] + words[i + r.randint(1, 3):]
        text = " ".join(words)
        if r.random() < 0.4:
            text = text.replace(",", "")
        if r.random() < 0.3:
            text = text.lower()
        if r.random() < 0.2:
            text = text.rstrip(".!") + "."
        return text


def build(corpus: Corpus, *, start_story: int, stories: int, day0: datetime, late_copies_of: list[dict]
          ) -> tuple[list[dict], list[tuple[int, ParsedArticle, Extraction, list[str]]]]:
    """Stories and the outlet articles carrying them: (feed index, article, extraction, true ids)."""
    r = corpus.rng
    made: list[dict] = []
    items: list[tuple[int, ParsedArticle, Extraction, list[str]]] = []
    for s in range(start_story, start_story + stories):
        speaker_pool = r.choices(corpus.speakers, corpus.speaker_weights, k=3)
        when = day0 + timedelta(minutes=r.randint(0, 60 * 24 * 6))
        statements = []
        for k in range(STATEMENTS_PER_STORY):
            speaker = speaker_pool[k % 3]
            stock = r.random() < 0.2
            quote = corpus.sentence(stock)
            statements.append((f"{s}.{k}", speaker, quote))
        if r.random() < 0.05:  # the same sentence with another figure: a different statement
            sid, speaker, quote = statements[0]
            year = r.randint(2026, 2040)
            quote = quote.rstrip(".!") + f" by {year}."
            statements[0] = (sid, speaker, quote)
            statements.append((f"{s}.fig", speaker, quote.replace(str(year), str(year + r.randint(1, 5)))))
        story = {"id": s, "when": when, "statements": statements, "outlets": r.randint(1, 5)}
        made.append(story)
    for story in made + late_copies_of:
        late = story not in made
        outlets = [r.randrange(FEEDS)] if late else r.sample(range(FEEDS), story["outlets"])
        first_text = None
        for n, feed in enumerate(outlets):
            chosen = [st for st in story["statements"] if r.random() < 0.85] or story["statements"][:1]
            quotes = [(sid, sp, q if n == 0 and not late else corpus.rewrite(q)) for sid, sp, q in chosen]
            own = (f"own.{story['id']}.{feed}", r.choice(corpus.speakers), corpus.sentence(False))
            quotes.append(own)
            text = " ".join(f"“{q}” {sp} said." for _, sp, q in quotes)
            if first_text and r.random() < 0.08:  # verbatim syndication under another URL and title
                text, quotes = first_text
            first_text = first_text or (text, quotes)
            when = story["when"] + timedelta(minutes=r.randint(0, 600))
            article = ParsedArticle(guid=f"{feed}-{story['id']}-{'late' if late else n}", link=f"https://outlet{feed}.example/{story['id']}"
                                    f"/{r.randint(0, 10**6)}", title=f"Story {story['id']} as told by {feed}",
                                    text=text, published=when)
            extraction = Extraction(statements=tuple(
                Statement(quote=q, speaker=sp, speaker_as_written=sp, actor=None, paragraph=0, start=0, end=1)
                for _, sp, q in quotes))
            items.append((feed, article, extraction, [sid for sid, _, _ in quotes]))
    return made, items


class Timer:
    """Wraps the store's clustering step and the text keys to add up their time.

    (A refresh makes the text keys in its parser workers, with each article's record; this bench
    hands the store ExtractedArticles, so it makes the records, and the keys, in the same process.)
    """

    def __init__(self) -> None:
        self.cluster = self.cluster_cpu = 0.0
        self.text_keys = 0.0
        cluster, fingerprint = Store._cluster, records_module.text_fingerprint

        def timed_cluster(s: Store, *args: object) -> object:
            t, cpu = time.perf_counter(), time.process_time()
            try:
                return cluster(s, *args)  # type: ignore[arg-type]
            finally:
                self.cluster += time.perf_counter() - t
                self.cluster_cpu += time.process_time() - cpu

        def timed_fingerprint(text: str) -> str | None:
            t = time.perf_counter()
            try:
                return fingerprint(text)
            finally:
                self.text_keys += time.perf_counter() - t

        Store._cluster = timed_cluster  # type: ignore[method-assign]
        records_module.text_fingerprint = timed_fingerprint  # type: ignore[assignment]

    def reset(self) -> None:
        self.cluster = self.cluster_cpu = self.text_keys = 0.0


def write(store: Store, items: list[tuple[int, ParsedArticle, Extraction, list[str]]],
          truth: dict[tuple[str, str], str]) -> float:
    per_feed: dict[int, list] = {}
    for feed, article, extraction, ids in items:
        per_feed.setdefault(feed, []).append(ExtractedArticle(article, extraction, 1))
        truth.update({(article.guid or "", str(i)): sid for i, sid in enumerate(ids)})
    updates = [FeedUpdate(url=f"https://outlet{f}.example/feed", status="ok", started_at=NOW, articles=tuple(a))
               for f, a in sorted(per_feed.items())]
    t = time.perf_counter()
    for i in range(0, len(updates), 10):  # group commits, as the refresh's writer does
        store.apply_feed_updates(updates[i:i + 10])
    return time.perf_counter() - t


def pair_scores(store: Store, truth: dict[tuple[str, str], str],
                show: int = 0) -> tuple[float, float, int, int, int]:
    rows = store.conn.execute(
        """SELECT (SELECT fi.guid FROM feed_items fi WHERE fi.article_id = s.article_id LIMIT 1),
                  s.ordinal, COALESCE(s.cluster_id, s.id), s.quote, s.speaker FROM statements s""").fetchall()
    both: Counter[tuple[str, int]] = Counter()
    pred: Counter[int] = Counter()
    true: Counter[str] = Counter()
    members: dict[int, list[tuple[str, str, str]]] = {}
    for guid, ordinal, cluster, quote, speaker in rows:
        t = truth[(guid, str(ordinal))]
        both[(t, cluster)] += 1
        pred[cluster] += 1
        true[t] += 1
        members.setdefault(cluster, []).append((t, speaker, quote))
    shown = 0
    for group in members.values():  # --show: clusters that mix statements
        if shown < show and len({t for t, _, _ in group}) > 1:
            shown += 1
            print("false merge:", *(f"  {t} {sp}: {q}" for t, sp, q in group), sep="\n")

    def pairs(c: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    tp, p, t = pairs(both), pairs(pred), pairs(true)
    return (tp / p if p else 1.0), (tp / t if t else 1.0), len(rows), len(true), len(pred)


def feeds_corpus(directory: Path, runs: int) -> int:
    """--feeds: the clustering CPU of a cold refresh of make_feeds.py's feeds (DIR/feeds/*.xml, or
    DIR/*.xml), parsed and extracted once as the refresh's workers do, then written `runs` times."""
    import statistics

    from feeds.workers import process_body

    files = sorted((directory / "feeds").glob("*.xml")) or sorted(directory.glob("*.xml"))
    if not files:
        print(f"no feeds in {directory}", file=sys.stderr)
        return 1
    t = time.process_time()
    outcomes = [(f"http://127.0.0.1/feeds/{f.name}", process_body(f.read_bytes(), "application/xml",
                                                                  f"http://127.0.0.1/feeds/{f.name}", None, None))
                for f in files]
    extract_cpu = time.process_time() - t
    updates = [FeedUpdate(url=url, status="ok", started_at=NOW, articles=o.articles) for url, o in outcomes]
    timer = Timer()
    cpu, wall = [], []
    for _ in range(runs):
        timer.reset()
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
            store.sync_feeds([FeedSpec(url=url) for url, _ in outcomes])
            for i in range(0, len(updates), 10):
                store.apply_feed_updates(updates[i:i + 10])
            rows, shown = store.conn.execute(
                "SELECT count(*), count(DISTINCT COALESCE(cluster_id, id)) FROM statements").fetchone()
        cpu.append(timer.cluster_cpu)
        wall.append(timer.cluster)
    print(f"{len(files)} feeds, {sum(len(o.articles) for _, o in outcomes):,} articles, {rows:,} statements "
          f"({shown:,} shown), parsed and extracted in {extract_cpu:.1f} s of CPU")
    print(f"cold refresh: clustering step CPU {statistics.median(cpu):.3f} s (median of {runs}: "
          f"{', '.join(f'{c:.3f}' for c in cpu)}), wall {statistics.median(wall):.3f} s")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000, help="articles in the cold refresh (about)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print N clusters that mix statements")
    ap.add_argument("--feeds", type=Path, metavar="DIR",
                    help="instead: time clustering on the feeds /work/shared/bench/make_feeds.py wrote to DIR")
    ap.add_argument("--runs", type=int, default=3, help="with --feeds: cold refreshes timed")
    args = ap.parse_args()
    if args.feeds:
        return feeds_corpus(args.feeds, args.runs)
    corpus = Corpus(args.seed, args.articles)
    stories = max(1, args.articles // 3)  # 1-5 outlets: 3 articles per story on average
    cold_stories, cold_items = build(corpus, start_story=0, stories=stories, day0=NOW - timedelta(days=14),
                                     late_copies_of=[])
    recent = [s for s in cold_stories if s["when"] > NOW - timedelta(days=10)]
    _, warm_items = build(corpus, start_story=stories, stories=max(1, stories // 17), day0=NOW - timedelta(days=8),
                          late_copies_of=corpus.rng.sample(recent, min(len(recent), max(1, stories // 17))))
    timer = Timer()
    truth: dict[tuple[str, str], str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        with Store.open(path) as store:
            store.sync_feeds([FeedSpec(url=f"https://outlet{f}.example/feed") for f in range(FEEDS)])
            cold_total = write(store, cold_items, truth)
        cold_cluster, cold_cpu, cold_keys = timer.cluster, timer.cluster_cpu, timer.text_keys
        timer.reset()
        half = len(warm_items) // 2
        with Store.open(path) as store:  # a new process: the index starts empty, speakers' history loads lazily
            warm_total = write(store, warm_items[:half], truth)
            warm_cluster, warm_cpu, warm_keys = timer.cluster, timer.cluster_cpu, timer.text_keys
            timer.reset()
            kept_total = write(store, warm_items[half:], truth)  # the same process again: --watch, dashboard
            kept_cluster, kept_cpu = timer.cluster, timer.cluster_cpu
            precision, recall, rows, distinct, clusters = pair_scores(store, truth, args.show)
            counts = store.counts()
            syndicated = len(cold_items) + len(warm_items) - counts["articles"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cold_n = sum(len(e.statements) for _, _, e, _ in cold_items)
    warm_n = sum(len(e.statements) for _, _, e, _ in warm_items)
    table = [
        ("corpus", f"{len(cold_items):,} + {len(warm_items):,} articles, {cold_n:,} + {warm_n:,} statements "
                   f"({distinct:,} distinct), 1-5 outlets per story", ""),
        ("precision of merged statements (pairs)", f"{precision:.4f}", "≥ 0.98"),
        ("recall of merged statements (pairs)", f"{recall:.4f}", "≥ 0.95"),
        ("stories syndicated under another URL, merged as one article", f"{syndicated:,}", ""),
        ("statements stored / rows shown (one per cluster)", f"{rows:,} / {clusters:,}", ""),
        ("cold refresh: store writes in all", f"{cold_total:.2f} s", ""),
        ("cold refresh: clustering step (added)", f"{cold_cluster:.2f} s ({cold_cluster / cold_total:.0%}), "
                                                   f"CPU {cold_cpu:.2f} s", ""),
        ("cold refresh: article text keys (added)", f"{cold_keys:.2f} s ({cold_keys / cold_total:.0%})", ""),
        (f"warm refresh, new process ({half} articles): store writes", f"{warm_total:.3f} s", ""),
        ("warm refresh, new process: clustering incl. history loads", f"{warm_cluster:.3f} s, CPU {warm_cpu:.3f} s",
         ""),
        ("warm refresh, new process: article text keys", f"{warm_keys:.3f} s", ""),
        (f"warm refresh, same process ({len(warm_items) - half} articles): store writes", f"{kept_total:.3f} s",
         ""),
        ("warm refresh, same process: clustering", f"{kept_cluster:.3f} s, CPU {kept_cpu:.3f} s", ""),
        ("peak RSS of this process", f"{peak:.0f} MB", ""),
    ]
    width = max(len(r[0]) for r in table)
    vwidth = max(len(r[1]) for r in table)
    print(f"| {'measure':<{width}} | {'value':<{vwidth}} | target |")
    print(f"|{'-' * (width + 2)}|{'-' * (vwidth + 2)}|--------|")
    for name, value, target in table:
        print(f"| {name:<{width}} | {value:<{vwidth}} | {target:<6} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
