#!/usr/bin/env python3
"""Dedupe benchmark: precision/recall of merged statements and what clustering adds to a refresh.

    .venv/bin/python bench/dedupe.py [--articles 10000] [--seed 1] [--show N]
    .venv/bin/python bench/dedupe.py --feeds DIR   # make_feeds.py's corpus: clustering CPU, substance check

Generates a corpus where each story is carried by 1-5 outlets, each with its own URL, title and
small rewrites of the quotes (punctuation, case, quote marks, cuts at either end, ellipses in the
middle), some verbatim syndication under another URL, and hard negatives: speakers repeating stock
phrases across stories, and the same sentence with different figures. It is written through the
real Store (a temporary SQLite file) the way a cold refresh writes it (200 feeds, group commits),
then a warm refresh by a fresh Store object (as a new `spacewatch fetch` process would) adds
new stories and late copies of recent ones. Prints one table; the same seed gives the same corpus.

Besides the pairs of that corpus (a copy cut so that it fits two statements counts against
precision when it joins the other), two more measures of what merges:
- one-word pairs: a sentence, a true copy of it (cuts, an ellipsis, case, punctuation) and the
  same sentence with one thing of substance changed (a noun, a two-word phrase, a figure, a
  negation, a date), each carried by another outlet. Precision of merging on these pairs (target
  1.000: no changed sentence merged) and recall of the true copies (target >= 0.95).
- no cluster holds two texts that differ in substance, checked on every cluster of the corpus (and
  with --feeds, of make_feeds.py's): no one text could have been cut into both, the two sharing
  half of the shorter (a changed noun, figure or date, an added "not"). Written apart from the
  merge rule's code, on the printed words, and exact (every way of reading the two side by side).
"""

from __future__ import annotations

import argparse
import functools
import random
import re
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


NEGATIONS = {"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "t", "не", "нет", "ни", "pas"}
_CUT = re.compile(r"\[[^\[\]]*\]|…|\.\.\.+")
CUT = "|"


def _printed(quote: str) -> list[str]:
    """A quote's words, casefolded, with CUT where an outlet cut or put words of its own in brackets."""
    out: list[str] = []
    for i, part in enumerate(_CUT.split(quote)):
        if i:
            out.append(CUT)
        out += [t.casefold() for t in re.findall(r"\w+", part)]
    return out


def differ_in_substance(a: str, b: str) -> bool:
    """No one text could have been cut into both with the two overlapping on at least half of the
    shorter: reading them side by side, somewhere each prints its own word with no cut on the
    other side to stand for it (a word changed, added or taken out: a noun, a figure, a date, a
    "not"). Cuts at the ends, or marked inside, are no difference. Decided exactly, over every way
    of reading the two side by side (the most words they can share)."""
    ta, tb = _printed(a), _printed(b)
    na, nb = len(ta), len(tb)

    @functools.cache
    def most(i: int, j: int, cut_a: bool, cut_b: bool) -> int:
        """The most words both can print from here on, consistently; -1: no way. A text's start
        and end are cuts."""
        if i == na and j == nb:
            return 0
        best = -1
        if i < na and ta[i] == CUT:
            best = max(best, most(i + 1, j, True, cut_b))
        if j < nb and tb[j] == CUT:
            best = max(best, most(i, j + 1, cut_a, True))
        word_a, word_b = i < na and ta[i] != CUT, j < nb and tb[j] != CUT
        if word_a and word_b and ta[i] == tb[j] and (shared := most(i + 1, j + 1, False, False)) >= 0:
            best = max(best, shared + 1)
        if word_a and (cut_b or j == nb):  # b left this word out, and says so
            best = max(best, most(i + 1, j, False, cut_b))
        if word_b and (cut_a or i == na):
            best = max(best, most(i, j + 1, cut_a, False))
        return best

    shorter = min(sum(w != CUT for w in ta), sum(w != CUT for w in tb))
    return most(0, 0, True, True) < max(1, shorter // 2)


def substance_check(store: Store, show: int = 0) -> tuple[int, int]:
    """(clusters of two or more texts, clusters holding two texts that differ in substance)."""
    texts: dict[int, set[str]] = {}
    for cluster, quote in store.conn.execute("SELECT cluster_id, quote FROM statements WHERE cluster_id IS NOT NULL"):
        texts.setdefault(cluster, set()).add(quote)
    mixed = bad = 0
    for group in texts.values():
        if len(group) < 2:
            continue
        mixed += 1
        found = next(((a, b) for a in group for b in group if a < b and differ_in_substance(a, b)), None)
        if found:
            bad += 1
            if bad <= show:
                print("differ in substance, one cluster:", *found, sep="\n  ")
    return mixed, bad


ONE_WORD_KINDS = ("noun", "phrase", "figure", "negation", "date")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def one_word_pairs(corpus: Corpus, n: int) -> list[tuple[str, str, str, str]]:
    """(sentence, true copy, one-word variant, kind): the variant changes one thing of substance in
    the middle of the sentence; the copy is cut at the ends and by an ellipsis elsewhere, recased."""
    r = corpus.rng
    out = []
    for k in range(n):
        kind = ONE_WORD_KINDS[k % len(ONE_WORD_KINDS)]
        words = corpus.sentence(False).rstrip(".!").split()
        while len(words) < 16:
            words += corpus.sentence(False).rstrip(".!").lower().split()
        at = r.choice([i for i in range(len(words) // 3, 2 * len(words) // 3 + 1)
                       if not {words[i - 1], words[i]} & NEGATIONS])  # "not not" is no other statement
        base, other = list(words), list(words)
        if kind in ("noun", "phrase"):
            for i in range(at, at + (2 if kind == "phrase" else 1)):
                other[i] = r.choice([w for w in corpus.vocab[:3000] if w != words[i]])
        elif kind == "figure":
            year = r.randint(2026, 2040)
            base.insert(at, str(year))
            other.insert(at, str(year + r.randint(1, 9)))
        elif kind == "negation":
            other.insert(at, "not")
        else:
            day, other_day = r.sample(DAYS, 2)
            base[at:at] = ["on", day]
            other[at:at] = ["on", other_day]
        # The copy keeps what changed: cut at the ends, and inside, away from it.
        hole = r.choice([i for i in range(3, len(base) - 3) if not at - 2 <= i <= at + 3])
        copy = base[:hole] + [r.choice(["…", "[...]"])] + base[hole + 1:]
        copy = copy[r.randint(0, 2):len(copy) - r.randint(0, 2)]
        recased = [(lambda t: t.lower() if r.random() < 0.3 else t)(" ".join(x)) for x in (copy, other)]
        out.append((" ".join(base) + ".", recased[0], recased[1].replace(",", "") + ".", kind))
    return out


def pair_precision(corpus: Corpus, n: int) -> tuple[float, float, Counter[str], int]:
    """Through the store: (precision of merging, recall of true copies, merged variants by kind,
    pairs). Each sentence by a speaker of its own, its copy and its variant from other outlets."""
    pairs = one_word_pairs(corpus, n)
    updates = []
    for outlet in range(3):
        items = []
        for k, quotes in enumerate(pairs):
            speaker = f"Pair Speaker {k}"
            article = ParsedArticle(guid=f"pair-{k}-{outlet}", link=f"https://pairs{outlet}.example/{k}",
                                    title=f"Pair {k}", text=quotes[outlet], published=NOW + timedelta(hours=outlet))
            st = Statement(quote=quotes[outlet], speaker=speaker, speaker_as_written=speaker, actor=None,
                           paragraph=0, start=0, end=1)
            items.append(ExtractedArticle(article, Extraction(statements=(st,)), 1))
        updates.append(FeedUpdate(url=f"https://pairs{outlet}.example/feed", status="ok", started_at=NOW,
                                  articles=tuple(items)))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "pairs.db") as store:
        store.sync_feeds([FeedSpec(url=u.url) for u in updates])
        for u in updates:
            store.apply_feed_update(u)
        cluster = {guid: c for guid, c in store.conn.execute(
            """SELECT fi.guid, COALESCE(s.cluster_id, s.id) FROM statements s
               JOIN feed_items fi ON fi.article_id = s.article_id""")}
    copies = sum(cluster[f"pair-{k}-0"] == cluster[f"pair-{k}-1"] for k in range(n))
    wrong: Counter[str] = Counter(kind for k, (*_q, kind) in enumerate(pairs)
                                  if cluster[f"pair-{k}-2"] in (cluster[f"pair-{k}-0"], cluster[f"pair-{k}-1"]))
    merged = copies + sum(wrong.values())
    return (copies / merged if merged else 1.0), copies / n, wrong, n


def feeds_corpus(directory: Path, runs: int, show: int = 0) -> int:
    """--feeds: the clustering CPU of a cold refresh of make_feeds.py's feeds (DIR/feeds/*.xml, or
    DIR/*.xml), parsed and extracted once as the refresh's workers do, then written `runs` times."""
    import statistics

    from feeds.refresh.workers import process_body

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
            if not cpu:
                mixed, bad = substance_check(store, show)
        cpu.append(timer.cluster_cpu)
        wall.append(timer.cluster)
    print(f"{len(files)} feeds, {sum(len(o.articles) for _, o in outcomes):,} articles, {rows:,} statements "
          f"({shown:,} shown), parsed and extracted in {extract_cpu:.1f} s of CPU")
    print(f"cold refresh: clustering step CPU {statistics.median(cpu):.3f} s (median of {runs}: "
          f"{', '.join(f'{c:.3f}' for c in cpu)}), wall {statistics.median(wall):.3f} s")
    print(f"clusters holding two texts that differ in substance: {bad} of {mixed:,} holding more than one "
          "text (target 0)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000, help="articles in the cold refresh (about)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print N clusters that mix statements")
    ap.add_argument("--feeds", type=Path, metavar="DIR",
                    help="instead: time clustering on the feeds /work/shared/bench/make_feeds.py wrote to DIR")
    ap.add_argument("--runs", type=int, default=3, help="with --feeds: cold refreshes timed")
    ap.add_argument("--pairs", type=int, default=5000, help="one-word pairs (sentence, copy, variant)")
    args = ap.parse_args()
    if args.feeds:
        return feeds_corpus(args.feeds, args.runs, args.show)
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
            mixed, bad = substance_check(store, args.show)
            counts = store.counts()
            syndicated = len(cold_items) + len(warm_items) - counts["articles"]
    word_precision, word_recall, wrong, n_pairs = pair_precision(corpus, args.pairs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cold_n = sum(len(e.statements) for _, _, e, _ in cold_items)
    warm_n = sum(len(e.statements) for _, _, e, _ in warm_items)
    table = [
        ("corpus", f"{len(cold_items):,} + {len(warm_items):,} articles, {cold_n:,} + {warm_n:,} statements "
                   f"({distinct:,} distinct), 1-5 outlets per story", ""),
        ("precision of merged statements (pairs)", f"{precision:.4f}", "≥ 0.98"),
        ("recall of merged statements (pairs)", f"{recall:.4f}", "≥ 0.95"),
        (f"one-word pairs ({n_pairs:,}): precision of merging", f"{word_precision:.4f}"
         + (f" (merged: {', '.join(f'{k} {n}' for k, n in sorted(wrong.items()))})" if wrong else ""), "1.000"),
        ("one-word pairs: recall of true copies", f"{word_recall:.4f}", "≥ 0.95"),
        ("clusters holding two texts that differ in substance", f"{bad} of {mixed:,} holding more than one text",
         "0"),
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
