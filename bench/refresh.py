#!/usr/bin/env python3
"""Refresh benchmark: spacewatch cold/warm vs a bare httpx fetch floor and newsboat, one table.

    .venv/bin/python bench/refresh.py [--runs 5] [--feeds 200 --items 50] [--variants] [--budget]

Serves make_feeds.py's corpus with ../shared/bench/serve.py (latency 50-300 ms on loopback)
and times whole processes the same way for every contender (runbench.run_once: wall clock
around fork..reap, peak RSS of the largest process), median of --runs after one warm-up;
the warm-up run is also the one whose process tree is sampled for memory.
All feeds share 127.0.0.1, so spacewatch's per-host limit is set to the concurrency
(newsboat has no per-host limit). --variants adds the parser/pool alternatives measured
for the design choice; --budget adds cold refreshes without statements and without clustering,
and says what the cold target leaves the statement work on this machine. `floor` is the
bare-httpx contender, run as its own process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SPACEWATCH_SHARED_BENCH", REPO.parent / "shared" / "bench"))
PY = sys.executable


# --- the floor: a bare httpx fetch of the same URLs at the same concurrency ---------------------

async def _floor(urls: list[str], concurrency: int) -> int:
    import httpx

    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def one(url: str) -> int:
            async with sem:
                r = await client.get(url)
                return len(r.content)
        sizes = await asyncio.gather(*(one(u) for u in urls))
    return sum(sizes)


def floor_main(urls_file: str, concurrency: int) -> int:
    urls = Path(urls_file).read_text().split()
    total = asyncio.run(_floor(urls, concurrency))
    print(f"{len(urls)} urls, {total} bytes")
    return 0


# --- measuring ------------------------------------------------------------------------------------

class TreeRss:
    """Samples the summed PSS of a process and all its descendants (workers, forkserver).

    PSS, not RSS: forked workers share their parent's pages, which RSS would count once per process.
    """

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._root: int | None = None

    @staticmethod
    def _children() -> dict[int, list[int]]:
        kids: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                kids.setdefault(ppid, []).append(int(d))
        return kids

    def _sample(self) -> int:
        kids = self._children()
        todo, total = [self._root], 0
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                pass
            todo.extend(kids.get(pid, []))
        return total

    def watch(self, pid: int) -> None:
        self._root = pid
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_kib = max(self.peak_kib, self._sample())

    def stop(self) -> float:
        self._stop.set()
        return self.peak_kib / 1024


def machine_busy() -> float | None:
    """CPU seconds the whole machine has been busy since boot, from /proc/stat (Linux only).

    The contender's own rusage misses its pool workers (children of the forkserver), and the
    feed server runs on the same cores: what the machine as a whole was busy with is what a
    refresh that is short of CPU is short of.
    """
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def run_once(cmd: list[str], log, env: dict | None = None, *, sample: bool = False) -> dict:
    """runbench.run_once (same clock, same rusage); with `sample`, also the sampled peak of the tree.

    Timed runs are not sampled: walking /proc and every process's smaps_rollup 50 times a second
    takes CPU from the contender on a two-core machine, and more from one with several processes.
    `busy_s` is what the whole machine spent on CPU meanwhile (the contender, its workers, the server).
    """
    before = machine_busy()
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                         env=env)
    tree = TreeRss()
    if sample and sys.platform.startswith("linux"):
        tree.watch(p.pid)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    after = machine_busy()
    busy = after - before if before is not None and after is not None else float("nan")
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "busy_s": busy, "peak_mib": ru.ru_maxrss / 1024,
            "tree_mib": tree.stop(), "rc": os.waitstatus_to_exitcode(status)}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def series(label: str, cmd: list[str], runs: int, log, *, before=None, warmup: int = 1,
           port: int | None = None, env: dict | None = None) -> dict:
    import benchlib

    out = []
    statuses = {}
    tree_mib = 0.0
    for i in range(max(1, warmup) + runs):
        if before:
            before()
        if port:
            benchlib.server_get(port, "__reset")
        # The warm-up run (the same work) is the one whose process tree is sampled for memory.
        r = run_once(cmd, log, env, sample=i == 0)
        tree_mib = max(tree_mib, r["tree_mib"])
        if port:
            statuses = benchlib.server_get(port, "__stats")["by_status"]
        if i >= max(1, warmup):
            out.append(r)
    res = {k: median(out, k) for k in ("wall_s", "cpu_s", "busy_s", "peak_mib")}
    res["tree_mib"] = tree_mib
    res.update(label=label, rcs=sorted({r["rc"] for r in out}), statuses=statuses,
               walls=[round(r["wall_s"], 3) for r in out])
    print(f"  {label}: {res['wall_s']:.3f} s (runs {res['walls']}), server {statuses}", file=sys.stderr)
    return res


def parsed_corpus(corpus: Path) -> list:
    """Every feed of the corpus, parsed by feeds.ingest.parse.parse_feed, in file order:
    what the in-process measures (store speed, extraction) start from."""
    sys.path.insert(0, str(REPO))
    from feeds.ingest.parse import parse_feed

    return [parse_feed(path.read_bytes()) for path in sorted((corpus / "feeds").glob("*.xml"))]


def store_speed(feeds: list, tmp: Path) -> tuple[int, float]:
    """Seconds for Store.apply_feed_updates to write the whole corpus (parsed_corpus)."""
    from datetime import UTC, datetime

    from feeds.models import ExtractedArticle, FeedUpdate
    from feeds.store import Store

    updates = [FeedUpdate(url=f"http://127.0.0.1/{i}", status="ok", started_at=datetime.now(UTC),
                          articles=tuple(ExtractedArticle(a) for a in parsed.articles))
               for i, parsed in enumerate(feeds)]
    n = sum(len(u.articles) for u in updates)
    for f in tmp.glob("store-speed.db*"):
        f.unlink()
    store = Store.open(tmp / "store-speed.db")
    t0 = time.perf_counter()
    for k in range(0, len(updates), 10):  # batches, as the refresh's writer forms them
        store.apply_feed_updates(updates[k:k + 10])
    dt = time.perf_counter() - t0
    store.close()
    return n, dt


def _sitecustomize(work: Path, name: str, code: str) -> Path:
    """A directory whose sitecustomize.py runs `code` in every Python process started with it on
    PYTHONPATH (the forkserver, so the pool workers too)."""
    site = work / name
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(code)
    return site


def _simulated_extractor(work: Path, micros: int) -> Path:
    """A sitecustomize that installs a CPU-burning feeds.statements in every process (workers too).

    With 0 microseconds: a refresh that finds no statements, so that it neither extracts, stores,
    indexes nor clusters any (--budget).
    """
    return _sitecustomize(work, f"simulated-extract-{micros}", f"""
import sys, time, types
mod = types.ModuleType("feeds.statements")
mod.EXTRACTOR_VERSION = 1
def extract(text, *, title=None, lang=None, resolver=None, feed_actor=None):
    from feeds.models import Extraction
    end = time.process_time() + {micros} / 1e6
    while time.process_time() < end:
        pass
    return Extraction(statements=())
mod.extract = extract
sys.modules["feeds.statements"] = mod
""")


def _unclustered(work: Path) -> Path:
    """A sitecustomize under which the store clusters nothing (every statement stays alone): --budget."""
    return _sitecustomize(work, "no-clustering", """
import feeds.store
feeds.store.Store._cluster = lambda self, conn, rows: ({}, [])
""")


def write_config(path: Path, urls: list[str], concurrency: int) -> None:
    lines = ["[fetch]", f"concurrency = {concurrency}",
             f"per_host = {concurrency}  # every bench feed is on 127.0.0.1", "read_timeout = 10", ""]
    for u in urls:
        lines += ["[[feeds]]", f'url = "{u}"', ""]
    path.write_text("\n".join(lines))


def extraction_cpu(feeds: list) -> float:
    """CPU seconds one process spends extracting the statements of every article of the corpus
    (bench/extract.py's speed(), on parsed_corpus's articles): the part of a cold refresh no
    pipeline can leave out or overlap away."""
    from extract import speed  # bench/extract.py, beside this file

    articles = [{"title": a.title, "text": a.text} for parsed in feeds for a in parsed.articles]
    rate, _, _ = speed(articles, REPO / "config.toml", repeat=1)
    return len(articles) / rate


BUDGET_BARE = "budget: cold, no statements (extract finds none)"
BUDGET_UNCLUSTERED = "budget: cold, statements not clustered"


def budget_report(cold: dict, bare: dict, unclustered: dict, floor_s: float, extraction_s: float,
                  target: float = 1.3) -> str:
    """Where the cold refresh's CPU goes, against what the cold target leaves the statement work.

    The machine's capacity at the target is target x floor x cores. The cold run's idle time
    (start-up, before the first bodies arrive, and the tail after the last) is kept as it is;
    the refresh without statements takes its busy time; the rest is what extracting, storing,
    indexing and clustering the statements may cost for the target to be met.
    """
    cores = os.cpu_count() or 1  # busy_s counts every core of the machine
    capacity = target * floor_s * cores
    idle = cores * cold["wall_s"] - cold["busy_s"]
    statements = cold["busy_s"] - bare["busy_s"]
    clustering = cold["busy_s"] - unclustered["busy_s"]
    left = capacity - idle - bare["busy_s"]
    return (f"budget ({cores} cores): the cold target ({target}x floor = {target * floor_s:.2f} s) gives "
            f"{capacity:.2f} core-s; the cold run leaves {idle:.2f} of its own idle (start-up, tail) and "
            f"is {cold['busy_s'] / cold['wall_s'] / cores:.0%} busy; without statements a refresh takes "
            f"{bare['busy_s']:.2f} busy core-s ({bare['wall_s']:.2f} s wall). That leaves {left:.2f} core-s "
            f"for the statements, which cost {statements:.2f}: extracting them {extraction_s:.2f} (in one "
            f"process), clustering {clustering:.2f}, shipping, storing and indexing them "
            f"the other {statements - extraction_s - clustering:.2f}.")


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["floor"]:
        return floor_main(argv[1], int(argv[2]))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--latency", default="50:300", help="min:max ms")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variants", action="store_true", help="also time the parser/pool alternatives")
    ap.add_argument("--budget", action="store_true",
                    help="also time cold refreshes without statements and without clustering: what the "
                         "statement work costs the machine, against what the cold target leaves for it")
    ap.add_argument("--no-newsboat", action="store_true")
    ap.add_argument("--simulate-extract-us", type=int, metavar="US",
                    help="stand in for feeds.statements (until it exists) with an extract() that burns "
                         "US microseconds of CPU per article")
    ap.add_argument("--keep", type=Path, help="work dir to keep (default: a temp dir, removed)")
    a = ap.parse_args(argv)
    if a.budget and a.simulate_extract_us:
        ap.error("--budget measures the real extractor: leave out --simulate-extract-us")  # one sitecustomize wins
    sys.path.insert(0, str(SHARED))
    import bench_newsboat
    import benchlib

    work = a.keep or Path(tempfile.mkdtemp(prefix="sw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    if not (corpus / "manifest.json").exists():
        subprocess.run([PY, str(SHARED / "make_feeds.py"), "--out", str(corpus), "--feeds", str(a.feeds),
                        "--items", str(a.items), "--seed", str(a.seed)], check=True, stdout=subprocess.DEVNULL)
    size_mb = sum(p.stat().st_size for p in (corpus / "feeds").glob("*")) / 1e6
    lo, hi = (float(v) for v in a.latency.split(":"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if a.simulate_extract_us:
        env["PYTHONPATH"] = f"{_simulated_extractor(work, a.simulate_extract_us)}{os.pathsep}{REPO}"
    sw = [PY, "-m", "tui.cli", "fetch", "--config", str(work / "config.toml"), "--db", str(work / "sw.db")]

    def fresh_db() -> None:
        for f in work.glob("sw.db*"):
            f.unlink()

    rows = []
    load_start = os.getloadavg()[0]  # other work on the machine skews every figure: say so
    log = open(work / "bench.log", "a")
    try:
        with benchlib.running_server(corpus, latency=(lo, hi), seed=a.seed) as port:
            urls = benchlib.write_urls(corpus, port, work / "urls.txt")
            write_config(work / "config.toml", urls, a.concurrency)
            print(f"serving {len(urls)} feeds on port {port}; work dir {work}", file=sys.stderr)
            floor = series("fetch-only floor (bare httpx)",
                           [PY, __file__, "floor", str(work / "urls.txt"), str(a.concurrency)],
                           a.runs, log, port=port, env=env)
            rows.append(floor)
            rows.append(series("spacewatch fetch, cold", sw, a.runs, log, before=fresh_db, port=port,
                               env=env))
            fresh_db()
            subprocess.run(sw, env=env, stdout=log, stderr=log, check=False)  # prime the validators
            rows.append(series("spacewatch fetch, warm (all 304)", sw, a.runs, log, port=port, env=env))
            if a.budget:
                for label, site in ((BUDGET_BARE, _simulated_extractor(work, 0)),
                                    (BUDGET_UNCLUSTERED, _unclustered(work))):
                    benv = {**env, "PYTHONPATH": f"{site}{os.pathsep}{env['PYTHONPATH']}"}
                    rows.append(series(label, sw, a.runs, log, before=fresh_db, port=port, env=benv))
            if a.variants:
                for label, extra, penv in (
                        ("variant: parse+extract in-process (thread)", ["--workers", "0"], {}),
                        ("variant: 1 worker process", ["--workers", "1"], {}),
                        ("variant: feedparser in 2 worker processes", ["--workers", "2"],
                         {"SPACEWATCH_PARSER": "feedparser"})):
                    rows.append(series(label, sw + extra, a.runs, log, before=fresh_db, port=port,
                                       env={**env, **penv}))
            newsboat = shutil.which("newsboat")
            if newsboat and not a.no_newsboat:
                nb = work / "nb"
                bench_newsboat.prepare(nb, corpus, port, a.concurrency, 10, False)
                cmd = [newsboat, "-x", "reload", "-C", str(nb / "config"), "-u", str(nb / "urls"),
                       "-c", str(nb / "cache.db")]
                nb_env = {**os.environ, "HOME": str(nb / "home")}

                def nb_fresh() -> None:
                    for f in nb.glob("cache.db*"):
                        f.unlink()
                rows.append(series(f"newsboat -x reload, cold (reload-threads {a.concurrency})", cmd,
                                   a.runs, log, before=nb_fresh, port=port, env=nb_env))
                nb_fresh()
                for _ in range(2):  # newsboat 2.21 stores validators on a feed's 2nd reload
                    subprocess.run(cmd, env=nb_env, stdout=log, stderr=log, check=False)
                rows.append(series(f"newsboat -x reload, warm (reload-threads {a.concurrency})", cmd,
                                   a.runs, log, port=port, env=nb_env))
        parsed_feeds = parsed_corpus(corpus)
        n_store, t_store = store_speed(parsed_feeds, work)
    finally:
        log.close()

    load_end = os.getloadavg()[0]
    by = {r["label"]: r for r in rows}
    nb_cold = next((r for r in rows if r["label"].startswith("newsboat") and "cold" in r["label"]), None)
    nb_warm = next((r for r in rows if r["label"].startswith("newsboat") and "warm" in r["label"]), None)
    f = floor["wall_s"]
    print()
    print(f"spacewatch refresh bench: {a.feeds} feeds x {a.items} items ({size_mb:.1f} MB), latency "
          f"{a.latency} ms on loopback, concurrency {a.concurrency}, per-host limit {a.concurrency} "
          f"(all feeds share 127.0.0.1; newsboat has no per-host limit), {os.cpu_count()} cores, "
          f"median of {a.runs} runs after 1 warm-up, whole processes timed alike; load average "
          f"{load_start:.2f} at start, {load_end:.2f} at end")
    head = (f"{'':48} {'wall s':>7} {'cpu s':>7} {'busy s':>7} {'cores':>6} {'peak MiB':>9} {'tree MiB':>9} "
            f"{'x floor':>8} {'x newsboat':>11}")
    print(head)
    print("-" * len(head))
    for r in rows:
        ref = None
        if nb_cold and ("cold" in r["label"] or r["label"].startswith("variant")):
            ref = nb_cold
        elif nb_warm and "warm" in r["label"]:
            ref = nb_warm
        vs_nb = f"{r['wall_s'] / ref['wall_s']:.2f}" if ref and not r["label"].startswith("newsboat") else ""
        print(f"{r['label']:48} {r['wall_s']:7.3f} {r['cpu_s']:7.3f} {r['busy_s']:7.2f} "
              f"{r['busy_s'] / r['wall_s']:6.2f} {r['peak_mib']:9.1f} "
              f"{r['tree_mib']:9.1f} {r['wall_s'] / f:8.2f} {vs_nb:>11}")
    print(f"{'store: ' + format(n_store, ',') + ' articles, fresh DB, one process':48} {t_store:7.3f}")
    print("cpu s = the contender's main process (rusage); busy s = CPU the whole machine spent during "
          "the run (contender, its workers, the feed server); cores = busy s / wall s")
    print("peak MiB = largest single process (wait4 rusage, as runbench.py); tree MiB = sampled peak "
          "of the summed PSS of the process and all its children (workers, forkserver), taken in the "
          "warm-up run: timed runs are not sampled, since the sampler's CPU would slow the contender")
    cold, warm = by["spacewatch fetch, cold"], by["spacewatch fetch, warm (all 304)"]
    print(f"targets: cold <= 1.3x floor: {cold['wall_s'] / f:.2f}; warm <= 1.1x floor: "
          f"{warm['wall_s'] / f:.2f}; store 10k < 1.5 s: {t_store:.2f}; peak < 150 MB: "
          f"{max(cold['peak_mib'], warm['peak_mib']):.0f}"
          + (f"; cold vs newsboat < 1.0: {cold['wall_s'] / nb_cold['wall_s']:.2f}" if nb_cold else "")
          + (f"; warm vs newsboat <= 0.7: {warm['wall_s'] / nb_warm['wall_s']:.2f}" if nb_warm else ""))
    if a.budget:
        print(budget_report(cold, by[BUDGET_BARE], by[BUDGET_UNCLUSTERED], f, extraction_cpu(parsed_feeds)))
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
