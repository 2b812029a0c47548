#!/usr/bin/env python3
"""Dashboard benchmark: first full paint from process start, filter-key latency, memory at rest; search;
and issue 17's screens: the timeline (t) and compare (c) from key to painted, and what the pane
headers' sparklines add to the first paint (the same runs with them switched off, interleaved).

    .venv/bin/python bench/tui.py [--runs 5] [--sizes 100,100000]
    .venv/bin/python bench/tui.py --search [--runs 5] [--sizes 100000]

Each run starts a fresh `python` process on a pseudo-terminal (the real Textual driver, writing
real escape sequences) on a store of N statements, and reports: the wall time from just before
the process is spawned until the screen has been painted with every pane's first page; the
median time from a digit key (show one pane) or 0 (all panes) to the repaint that follows; and
the process's RSS once idle. Stores are generated once through Store.apply_feed_update with
synthetic articles (4 statements each, one per pane actor) and cached under bench/out/.
Prints one table: the median over --runs. Targets: paint < 1 s, filter < 100 ms, RSS < 200 MB;
timeline and compare < 300 ms, sparklines < 50 ms more paint (at 100,000 statements).

--search measures the search screen instead, query by query (SEARCHES): the store's first page
(Store.search: ranking, totals, the rows), the exact count that follows when a word matches more
than the ranking window (Store.search_totals), and, in the dashboard process on the pty, the
time from the search box's text changing to the frame that shows its results. Target: the first
page on screen < 100 ms.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))

COLUMNS, ROWS = 120, 40
ACTORS = ("Roscosmos", "NASA", "Kremlin", "ESA")
WORDS = ("station orbit launch crew module engine budget treaty lunar cargo docking schedule delay "
         "mission contract partner capsule reactor satellite payload agreement test flight review "
         "decision programme funding year decade safety leak repair spacewalk").split()
PEOPLE = {"Roscosmos": "Dmitry Bakanov", "NASA": "Bill Nelson", "Kremlin": "Dmitry Peskov", "ESA": None}


# --- the stores ----------------------------------------------------------------------------------

def build_store(path: Path, statements: int) -> None:
    """A store with `statements` statements (a quarter per pane actor) over a year of articles."""
    from feeds.models import ExtractedArticle, Extraction, FeedUpdate, ParsedArticle, Statement
    from feeds.store import Store

    rng = random.Random(statements)
    articles = max(1, statements // len(ACTORS))
    feeds = [f"https://bench{n}.example/feed.xml" for n in range(20)]
    start = datetime(2025, 6, 6, tzinfo=UTC)
    tmp = path.with_suffix(".tmp")
    for leftover in tmp.parent.glob(tmp.name + "*"):
        leftover.unlink()
    store = Store.open(tmp)
    batch: dict[str, list[ExtractedArticle]] = {f: [] for f in feeds}

    def flush() -> None:
        store.apply_feed_updates([FeedUpdate(url=f, status="ok", started_at=start, articles=tuple(items))
                                  for f, items in batch.items() if items])
        for items in batch.values():
            items.clear()

    for n in range(articles):
        paragraphs, found = [], []
        offset = 0
        for actor in ACTORS:
            quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 24))).capitalize() + f" {n}"
            speaker = PEOPLE[actor]
            para = f"“{quote},” {speaker or 'an ' + actor + ' official'} said."
            found.append(Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor,
                                   paragraph=len(paragraphs), start=offset + 1, end=offset + 1 + len(quote),
                                   key_score=rng.random(), is_key=rng.random() < 0.2))
            paragraphs.append(para)
            offset += len(para) + 2
        text = "\n\n".join(paragraphs)
        article = ParsedArticle(guid=f"a{n}", link=f"https://bench.example/{n}", title=f"Story {n}", text=text,
                                published=start - timedelta(minutes=n * 5))
        batch[feeds[n % len(feeds)]].append(
            ExtractedArticle(article, Extraction(statements=tuple(found), mentions=ACTORS), 1))
        if (n + 1) % 2000 == 0:
            flush()
    flush()
    store.close()
    tmp.rename(path)


def store_for(statements: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"tui-{statements}.db"
    if not path.exists():
        began = time.perf_counter()
        print(f"building {path.name} ({statements} statements)...", file=sys.stderr, flush=True)
        build_store(path, statements)
        print(f"  built in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return path


# --- one run, inside the measured process ------------------------------------------------------------

def child(db: str, result_file: str, sparklines: bool = True) -> None:
    """Runs on the pseudo-terminal: open the dashboard, note when it is painted, press keys, exit."""
    from feeds.config import packaged_config_text, parse_config
    from feeds.store import Store
    from tui.app import SpacewatchApp
    from tui.screens.compare import CompareScreen
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.timeline import TimelineScreen

    class BenchApp(SpacewatchApp):
        def on_ready(self) -> None:
            self.set_interval(0.002, watch, name="bench-watch")  # polls only until the first paint

    if not sparklines:
        DashboardScreen._load_volume = lambda self: None  # type: ignore[method-assign]  # the A/B's "off"

    store = Store.open(db)
    app = BenchApp(store, parse_config(packaged_config_text(), None), refresh_on_start=False,
                   auto_refresh=False, opener=lambda url: None)
    result: dict[str, object] = {}
    keys = ["2", "0", "3", "0", "1", "0", "4", "0", "2", "0"]
    latencies: list[float] = []

    def loaded() -> bool:
        panes = app.dashboard.panes
        return all(p.active.loaded for p in panes) and (not sparklines or all(p.header.volume for p in panes))

    def painted() -> None:
        result["painted"] = time.time()
        app.call_later(next_key)

    def screen_timing(key: str, ready: object, name: str, then: object) -> None:
        """Press `key`; once `ready()` holds, wait for the frame that shows it; note the time; `then()`."""
        pressed = time.perf_counter()

        def poll() -> None:
            if ready():  # type: ignore[operator]
                timer.stop()
                app.call_after_refresh(done)

        def done() -> None:
            result[name] = round((time.perf_counter() - pressed) * 1000, 2)
            app.pop_screen()
            app.call_after_refresh(then)  # type: ignore[arg-type]

        app.simulate_key(key)
        timer = app.set_interval(0.002, poll)

    def timeline() -> None:
        screen_timing("t", lambda: isinstance(app.screen, TimelineScreen) and app.screen.loaded, "timeline_ms",
                      compare)

    def compare() -> None:
        app.dashboard.panes[0].active.focus()
        screen_timing("c", lambda: isinstance(app.screen, CompareScreen) and app.screen.comparison is not None
                      and bool(app.screen.columns), "compare_ms", finish)

    def next_key() -> None:
        press_timed(app, keys, latencies, then=timeline if sparklines else finish)

    def finish() -> None:
        result["filter_ms"] = [round(x * 1000, 2) for x in latencies]
        result["rss_mb"] = rss_mb()
        Path(result_file).write_text(json.dumps(result))
        app.exit()

    def watch() -> None:
        if loaded() and "seen" not in result:
            result["seen"] = True
            for timer in list(app._timers):
                if timer.name == "bench-watch":
                    timer.stop()
            app.call_after_refresh(painted)  # after the frame with every pane's first page

    app.run()


def press_timed(app: Any, keys: list[str], latencies: list[float], *, then: Any) -> None:
    """Press the keys one by one, each timed from the key to the repaint that follows; then `then`."""
    if not keys:
        app.call_later(then)
        return
    key = keys.pop(0)
    pressed = time.perf_counter()

    def done() -> None:
        latencies.append(time.perf_counter() - pressed)
        press_timed(app, keys, latencies, then=then)

    app.simulate_key(key)
    app.call_after_refresh(done)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the harness -------------------------------------------------------------------------------

def run_once(db: Path, child_flag: str = "--child", timeout: float = 120,
             sparklines: bool = True) -> dict[str, Any]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        result_file = tmp.name
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(ROWS)}
    env.pop("NO_COLOR", None)
    drained = threading.Event()
    tail = bytearray()

    def drain() -> None:  # the terminal's side: read everything the app writes, keep the end
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            tail.extend(chunk)
            del tail[:-20000]
        drained.set()

    threading.Thread(target=drain, daemon=True).start()
    started = time.time()
    proc = subprocess.Popen([sys.executable, __file__, child_flag, str(db), result_file]
                            + ([] if sparklines else ["--no-sparklines"]),
                            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    try:
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    drained.wait(timeout=5)
    text = Path(result_file).read_text()
    os.unlink(result_file)
    if not text:
        raise SystemExit(f"the dashboard process failed (exit {proc.returncode}); it wrote:\n"
                         + tail.decode("utf-8", "replace")[-3000:])
    data = json.loads(text)
    if child_flag != "--child":
        return data
    found = {"paint_s": data["painted"] - started, "filter_ms": statistics.median(data["filter_ms"]),
             "filter_max_ms": max(data["filter_ms"]), "rss_mb": data["rss_mb"]}
    for name in ("timeline_ms", "compare_ms"):
        if name in data:
            found[name] = data[name]
    return found


# --- a deep pane ---------------------------------------------------------------------------------

DEEP_ROWS = int(os.environ.get("SPACEWATCH_BENCH_DEEP_ROWS", "10000"))


def deep_child(db: str, result_file: str) -> None:
    """Runs on the pseudo-terminal: scroll the NASA pane 10,000 rows down with End (each press moves
    to the last row loaded and the next page comes), then time 1 and 0 and read the RSS."""
    from feeds.config import packaged_config_text, parse_config
    from feeds.store import Store
    from tui.app import SpacewatchApp
    from tui.panes import WINDOW

    store = Store.open(db)
    app = SpacewatchApp(store, parse_config(packaged_config_text(), None), refresh_on_start=False,
                        auto_refresh=False, opener=lambda url: None)
    result: dict[str, Any] = {"rss_start_mb": 0.0, "loaded_max": 0, "rss_by_rows": {}}
    keys = ["1", "0"] * 5
    latencies: list[float] = []
    began: dict[str, float] = {}

    def start() -> None:
        result["rss_start_mb"] = rss_mb()
        app.dashboard.panes[1].statements.focus()
        began["scroll"] = time.perf_counter()
        app.call_later(step)

    def step() -> None:
        nasa = app.dashboard.panes[1].statements
        result["loaded_max"] = max(result["loaded_max"], len(nasa.items))
        if nasa._loading:
            app.set_timer(0.001, step)
            return
        passed = nasa.current.id if nasa.current is not None else 0
        position = app.store.conn.execute(
            "SELECT count(*) FROM statements WHERE actor = 'NASA' AND (cluster_id IS NULL OR cluster_id = id) "
            "AND (sort_at > (SELECT sort_at FROM statements WHERE id = ?) OR "
            "(sort_at = (SELECT sort_at FROM statements WHERE id = ?) AND id > ?))",
            (passed, passed, passed)).fetchone()[0]
        mark = position // 2500 * 2500
        if mark and str(mark) not in result["rss_by_rows"]:
            result["rss_by_rows"][str(mark)] = round(rss_mb(), 1)
        if position >= DEEP_ROWS or nasa.exhausted:
            result["scroll_s"] = time.perf_counter() - began["scroll"]
            result["passed"] = position
            result["window"] = WINDOW
            app.call_later(next_key)
            return
        app.simulate_key("end")
        app.call_after_refresh(step)

    def finish() -> None:
        result["relayout_ms"] = [round(x * 1000, 2) for x in latencies]
        result["rss_mb"] = rss_mb()
        Path(result_file).write_text(json.dumps(result))
        app.exit()

    def next_key() -> None:
        press_timed(app, keys, latencies, then=finish)

    app.call_later(lambda: app.set_timer(1.0, start))
    app.run()


def deep_main(runs: int) -> None:
    db = store_for(100_000)
    results = [run_once(db, "--deep-child", timeout=60 + DEEP_ROWS / 50) for _ in range(runs)]
    load = os.getloadavg()[0]
    med = {k: statistics.median(r[k] for r in results) for k in ("scroll_s", "rss_start_mb", "rss_mb", "loaded_max")}
    relayout = [x for r in results for x in r["relayout_ms"]]
    print(f"spacewatch, one pane scrolled {DEEP_ROWS:,} rows down (100,000 statements), {COLUMNS}x{ROWS} pty, "
          f"median of {runs} runs (load {load:.2f}, {os.cpu_count()} cpus)")
    print(f"rows passed: {results[0]['passed']:,}; most rows loaded at once: {med['loaded_max']:.0f} "
          f"(window {results[0]['window']})")
    print(f"scrolling with End: {med['scroll_s']:.1f} s")
    print(f"1 then 0 after scrolling: median {statistics.median(relayout):.1f} ms, max {max(relayout):.1f} ms "
          "(target < 100 ms)")
    print(f"RSS before scrolling {med['rss_start_mb']:.1f} MB, after {med['rss_mb']:.1f} MB (target: bounded); "
          "by rows passed: " + ", ".join(f"{int(k):,}: {v} MB" for k, v in results[0]["rss_by_rows"].items()))


# --- search -------------------------------------------------------------------------------------

# What a journalist might type, on the synthetic store: a word in a third of all quotes, a
# speaker's name, three words, two rarer ones, a number (one article's four quotes), nothing, and the filters.
NEWEST = datetime(2025, 6, 6, tzinfo=UTC)  # the synthetic store's newest article: "now" for since:
SEARCHES = ("station", "nelson", "station orbit leak", "spacewalk repair", "4242", "zzz",
            "station actor:ESA", "station since:7d", "nelson since:2025-05-01 actor:NASA")


def search_child(db: str, result_file: str) -> None:
    """Runs on the pseudo-terminal: open the search screen, give the box each query, time the frames."""
    from feeds.config import packaged_config_text, parse_config
    from feeds.store import Store
    from tui.app import SpacewatchApp
    from tui.clock import fixed_clock
    from tui.screens.search import SearchScreen

    store = Store.open(db)
    app = SpacewatchApp(store, parse_config(packaged_config_text(), None), refresh_on_start=False,
                        auto_refresh=False, opener=lambda url: None, clock=fixed_clock(NEWEST))
    queries = list(SEARCHES) * 3  # each query three times; the median is taken
    shown: dict[str, list[float]] = {}
    state: dict[str, Any] = {}

    def start() -> None:
        app.action_search()
        screen = app.screen
        if isinstance(screen, SearchScreen):
            drawn = screen._set_entries

            def hooked(entries: list[Any]) -> None:  # no polling: it would take the loop's time
                drawn(entries)
                if screen.shown_text == state.get("query") and screen.page is not None and "began" in state:
                    app.call_after_refresh(painted, state.pop("began"))  # the frame that shows them

            screen._set_entries = hooked  # type: ignore[method-assign]
        app.set_timer(0.3, next_query)

    def next_query() -> None:
        screen = app.screen
        if not queries or not isinstance(screen, SearchScreen):
            left = f"{len(queries)} queries left on {type(screen).__name__}" if queries else ""
            Path(result_file).write_text(json.dumps({"shown_ms": shown, "stopped": left}))
            app.exit()
            return
        query = queries.pop(0)
        state.update(query=query, began=time.perf_counter())
        screen.box.value = query  # as if typed: Input.Changed starts the search

    def painted(began: float) -> None:
        shown.setdefault(state["query"], []).append((time.perf_counter() - began) * 1000)
        app.set_timer(0.2, next_query)  # the count that may follow lands before the next query

    app.call_later(lambda: app.set_timer(0.5, start))
    app.run()


def store_search_ms(db: Path, runs: int) -> dict[str, dict[str, float]]:
    """The store's part, in this process: median ms of the first page and of the full count, per query."""
    from feeds.config import packaged_config_text, parse_config
    from feeds.store import Store
    from tui.search_syntax import parse_search

    actors = parse_config(packaged_config_text(), None).actors
    now = NEWEST
    out: dict[str, dict[str, float]] = {}
    with Store.open(db) as store:
        for query in SEARCHES:
            request = parse_search(query, actors, now)
            page_ms, count_ms = [], []
            for _ in range(runs + 1):  # the first run warms the page cache
                began = time.perf_counter()
                page = store.search(request.words, actor=request.actor, since=request.since)
                page_ms.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                total, _ = store.search_totals(request.words, actor=request.actor, since=request.since)
                count_ms.append((time.perf_counter() - began) * 1000)
            windowed = page.statements_windowed or page.articles_windowed
            out[query] = {"page_ms": statistics.median(page_ms[1:]), "total": total, "windowed": windowed,
                          "count_ms": statistics.median(count_ms[1:]) if windowed else 0.0}
    return out


def search_main(sizes: list[int], runs: int) -> None:
    for size in sizes:
        db = store_for(size)
        stored = store_search_ms(db, runs)
        measured = run_once(db, "--search-child")
        on_screen = measured["shown_ms"]
        if measured["stopped"]:
            print(f"the search screen stopped early: {measured['stopped']}", file=sys.stderr)
        load = os.getloadavg()[0]
        print(f"spacewatch search, {size:,} statements, {COLUMNS}x{ROWS} pty, medians "
              f"(load {load:.2f}, {os.cpu_count()} cpus)")
        print(f"{'query':<38} | {'quotes':>7} | {'first page':>10} | {'counting':>9} | {'on screen':>9}")
        print(f"{'-' * 38}-+-{'-' * 7}-+-{'-' * 10}-+-{'-' * 9}-+-{'-' * 9}")
        for query, row in stored.items():
            counting = f"{row['count_ms']:>6.1f} ms" if row["windowed"] else f"{'-':>9}"
            shown = f"{statistics.median(on_screen[query]):>6.1f} ms" if query in on_screen else f"{'-':>9}"
            print(f"{query:<38} | {row['total']:>7,} | {row['page_ms']:>7.1f} ms | {counting} | {shown}")
        print(f"{'target':<38} | {'':>7} | {'':>10} | {'':>9} | {'< 100 ms':>9}")
        print("first page: Store.search; counting: Store.search_totals, only when a word matches more than "
              "the ranking window; on screen: the box's text changed -> the frame with the results")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", help="statement counts, comma-separated (default 100,100000; "
                        "with --search 100000)")
    parser.add_argument("--search", action="store_true", help="measure the search screen instead")
    parser.add_argument("--deep", action="store_true",
                        help="scroll a pane 10,000 rows down, then measure 1/0 and memory")
    parser.add_argument("--deep-child", nargs=2, metavar=("DB", "RESULT"), help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, metavar=("DB", "RESULT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-sparklines", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--search-child", nargs=2, metavar=("DB", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, sparklines=not args.no_sparklines)
        return 0
    if args.search_child:
        search_child(*args.search_child)
        return 0
    if args.deep_child:
        deep_child(*args.deep_child)
        return 0
    if args.deep:
        deep_main(args.runs)
        return 0
    sizes = [int(s) for s in (args.sizes or ("100000" if args.search else "100,100000")).split(",")]
    if args.search:
        search_main(sizes, args.runs)
        return 0
    rows = []
    for size in sizes:
        db = store_for(size)
        run_once(db)  # warm-up: file cache, bytecode
        runs, bare = [], []
        for _ in range(args.runs):  # interleaved, so that the machine's load falls on both alike
            runs.append(run_once(db))
            bare.append(run_once(db, sparklines=False))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        med["spark_ms"] = (med["paint_s"] - statistics.median(r["paint_s"] for r in bare)) * 1000
        rows.append((size, med))
    load = os.getloadavg()[0]
    print(f"spacewatch dashboard, {COLUMNS}x{ROWS} pty, median of {args.runs} runs (load {load:.2f}, "
          f"{os.cpu_count()} cpus)")
    print(f"{'statements':>10} | {'first paint':>11} | {'filter key':>10} | {'filter max':>10} | {'RSS at rest':>11}"
          f" | {'sparklines':>10} | {'timeline':>9} | {'compare':>9}")
    print(f"{'-' * 10}-+-{'-' * 11}-+-{'-' * 10}-+-{'-' * 10}-+-{'-' * 11}-+-{'-' * 10}-+-{'-' * 9}-+-{'-' * 9}")
    for size, med in rows:
        print(f"{size:>10,} | {med['paint_s'] * 1000:>8.0f} ms | {med['filter_ms']:>7.1f} ms | "
              f"{med['filter_max_ms']:>7.1f} ms | {med['rss_mb']:>8.1f} MB | {med['spark_ms']:>+7.0f} ms | "
              f"{med['timeline_ms']:>6.0f} ms | {med['compare_ms']:>6.0f} ms")
    print(f"{'target':>10} | {'< 1000 ms':>11} | {'< 100 ms':>10} | {'':>10} | {'< 200 MB':>11} | {'< +50 ms':>10}"
          f" | {'< 300 ms':>9} | {'< 300 ms':>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
