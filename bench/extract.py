#!/usr/bin/env python3
"""Statement extraction benchmark: accuracy on the annotated dev set, speed on the synthetic corpus.

    .venv/bin/python bench/extract.py [--eval ../shared/eval] [--bench ../shared/bench]
                                      [--feeds 40 --items 50 --seed 1] [--repeat 5] [--per-article]

Accuracy: runs `spacewatch extract --jsonl` (as `python -m tui.cli`) over eval/dev.jsonl, feeding it
only id, title and text, and scores the output with eval/score.py. Speed: extract() on the articles
of bench/make_feeds.py (their HTML turned to text by the pipeline's own html_text), one process,
best of --repeat runs, in articles per second of CPU time on one core. The same run is scored
against make_feeds' ground truth for reference only: that truth follows the generator, not the
dev set's conventions — it counts the two halves of “A,” X said. “B.” as two quotes, names a body
("Orbital Policy Partners") as a speaker, and gives every generated speaker an agency even where the
article never ties them to one (the conventions say null there), so its actor score stays low.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TARGETS = {"f1": 0.95, "speaker_acc": 0.92, "org_acc": 0.92, "e2e_f1": 0.88}
SPEED_TARGET = 3000


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        sys.exit(f"bench/extract.py: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def accuracy(eval_dir: Path, config: Path, per_article: bool) -> dict:
    gold = eval_dir / "dev.jsonl"
    with tempfile.TemporaryDirectory(prefix="sw-extract-") as tmp:
        feed = Path(tmp) / "input.jsonl"
        pred = Path(tmp) / "pred.jsonl"
        with gold.open(encoding="utf-8") as src, feed.open("w", encoding="utf-8") as dst:
            for line in src:
                if line.strip():
                    a = json.loads(line)
                    dst.write(json.dumps({"id": a["id"], "title": a.get("title"), "text": a["text"]},
                                         ensure_ascii=False) + "\n")
        cmd = [sys.executable, "-m", "tui.cli", "extract", "--jsonl", "--config", str(config)]
        with feed.open("rb") as stdin, pred.open("wb") as stdout:
            proc = subprocess.run(cmd, cwd=REPO, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            sys.exit(f"bench/extract.py: {' '.join(cmd)} failed:\n{proc.stderr.decode(errors='replace')}")
        score = [sys.executable, str(eval_dir / "score.py"), str(gold), str(pred)]
        if per_article:
            subprocess.run([*score, "--per-article"], check=True)
        out = subprocess.run([*score, "--json"], check=True, capture_output=True, text=True)
        return json.loads(out.stdout)


def corpus(bench_dir: Path, seed: int, feeds: int, items: int) -> list[dict]:
    from feeds.ingest.html_text import html_to_text

    make_feeds = load_module(bench_dir / "make_feeds.py", "make_feeds")
    out = []
    for art in make_feeds.iter_articles(seed=seed, feeds=feeds, items=items):
        out.append({"guid": art["guid"], "title": art["title"], "text": html_to_text(art["content"]),
                    "quotes": art["quotes"]})
    return out


def speed(articles: list[dict], config: Path, repeat: int) -> tuple[float, list, float]:
    from feeds.config import load_config
    from feeds.statements import extract
    from feeds.statements.actors import ActorResolver

    resolver = ActorResolver.from_config(load_config(config))
    times = []
    results: list = []
    for _ in range(repeat):
        results = []
        t0 = time.process_time()
        for a in articles:
            results.append(extract(a["text"], title=a["title"], resolver=resolver))
        times.append(time.process_time() - t0)
    best = min(times)
    return len(articles) / best, results, statistics.median(times)


def truth_scores(articles: list[dict], results: list, eval_dir: Path) -> dict:
    scorer = load_module(eval_dir / "score.py", "spacewatch_score")
    gold, pred = {}, {}
    for a, ex in zip(articles, results, strict=True):
        gold[a["guid"]] = {"id": a["guid"], "lang": "en", "quotes": [
            {"quote": q["text"], "speaker": q["speaker"],
             "org": "Other" if q["agency"] == "independent" else q["agency"]} for q in a["quotes"]]}
        pred[a["guid"]] = {"id": a["guid"], "quotes": [
            {"quote": s.quote, "speaker": s.speaker, "actor": s.actor} for s in ex.statements]}
    res, _details = scorer.score(gold, pred)
    return res


def row(label: str, m: dict) -> str:
    return (f"{label:<14}{m['gold_quotes']:>6}{m['pred_quotes']:>6}  {m['precision']:>6.3f} {m['recall']:>6.3f} "
            f"{m['f1']:>6.3f}   {m['speaker_acc']:>6.3f}  {m['org_acc']:>6.3f}   {m['e2e_f1']:>6.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=SHARED / "eval", help="dir with dev.jsonl and score.py")
    ap.add_argument("--bench", type=Path, default=SHARED / "bench", help="dir with make_feeds.py")
    ap.add_argument("--config", type=Path, default=REPO / "config.toml")
    ap.add_argument("--feeds", type=int, default=40, help="make_feeds feeds (default 40)")
    ap.add_argument("--items", type=int, default=50, help="items per feed (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5, help="speed runs; the best counts (default 5)")
    ap.add_argument("--per-article", action="store_true", help="also print the scorer's per-article misses")
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)

    acc = accuracy(args.eval, args.config, args.per_article)
    print(f"\nspacewatch extract on {args.eval / 'dev.jsonl'} ({acc['articles']} articles), scored by score.py")
    print(f"{'':<14}{'gold':>6}{'pred':>6}  {'P':>6} {'R':>6} {'F1':>6}   {'speaker':>6}  {'actor':>6}   {'e2e F1':>6}")
    print(row("all", acc))
    for lang, m in acc["by_lang"].items():
        print(row(f"  {lang}", m))
    print(f"{'target':<14}{'':>12}  {'':>6} {'':>6} {TARGETS['f1']:>6.2f}   {TARGETS['speaker_acc']:>6.2f}  "
          f"{TARGETS['org_acc']:>6.2f}   {TARGETS['e2e_f1']:>6.2f}")
    if args.skip_speed:
        return 0
    articles = corpus(args.bench, args.seed, args.feeds, args.items)
    rate, results, median = speed(articles, args.config, args.repeat)
    chars = sum(len(a["text"]) for a in articles) / len(articles)
    quotes = sum(len(r.statements) for r in results) / len(results)
    print(f"\nspeed: extract() on make_feeds --seed {args.seed} ({len(articles)} articles, {chars / 1000:.1f} KB "
          f"of text and {quotes:.1f} statements each), 1 process, best of {args.repeat}")
    print(f"  {rate:,.0f} articles/s per core (median run {len(articles) / median:,.0f}/s; "
          f"target ≥ {SPEED_TARGET:,})")
    truth = truth_scores(articles, results, args.eval)
    print(f"  vs make_feeds truth ({truth['gold_quotes']} quotes; the generator's conventions, see --help): "
          f"quote F1 {truth['f1']:.3f}, speaker {truth['speaker_acc']:.3f}, actor {truth['org_acc']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
