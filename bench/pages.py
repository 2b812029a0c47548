"""Full article text: main-text F1 on the fixture pages, and a refresh of teaser feeds with their pages.

    python bench/pages.py             # F1 table, extraction speed, then the refresh benchmark
    python bench/pages.py --f1-only   # only the F1 table (seconds)

F1 is the Zyte article-extraction benchmark's: word 4-gram shingles (tokens are \\w+ runs), per
page true/false positives and false negatives normalised to sum to 1, summed over the pages.
Gold texts are tests/data/pages/*.txt. "spacewatch" is what a refresh keeps (trafilatura's main
text, cleaned, checked against the feed's teaser, the teaser when the check fails);
"trafilatura" is trafilatura.extract with its defaults.

The refresh: FEEDS teaser feeds x ITEMS new items, each item's page served on loopback by a
subprocess (latency 50-300 ms per request, seeded), one host, concurrency 20. Wall time of
refresh_all (worker pool, fresh database) against the time bare httpx takes to download the
same feeds and pages with the same concurrency; peak memory of the largest process.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

FEEDS, ITEMS, CONCURRENCY = 100, 20, 20

# --- F1 ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(gold: str, got: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(got)
    tp = sum(min(g[k], p[k]) for k in g.keys() | p.keys())
    fp = sum(max(0, p[k] - g[k]) for k in p)
    fn = sum(max(0, g[k] - p[k]) for k in g)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def f1(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    tp = fp = fn = 0.0
    for gold, got in pairs:
        a, b, c = tp_fp_fn(gold, got)
        tp, fp, fn = tp + a, fp + b, fn + c
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall)


def f1_table() -> None:
    import trafilatura
    from page_site import ITEMS as SITE_ITEMS

    from feeds.ingest.main_text import decode_page, extract_page, feed_text_kept

    teasers = {i.path.rsplit("/", 1)[-1]: i for i in SITE_ITEMS}
    names = {"leak-repair": "leak-repair", "budget-hearing": "budget-hearing", "launch-delay": "launch-delay",
             "gateway-contract": "gateway-contract", "baikonur-cp1251": "baikonur"}
    ours, alone, per_page = [], [], []
    for stem, item_key in names.items():
        html = (ROOT / "tests/data/pages" / f"{stem}.html").read_bytes()
        gold = (ROOT / "tests/data/pages" / f"{stem}.txt").read_text(encoding="utf-8")
        item = teasers[item_key]
        page = extract_page(html)
        kept = page.text if feed_text_kept(page, item.teaser, item.title) is None else item.teaser
        plain = trafilatura.extract(decode_page(html)) or ""
        ours.append((gold, kept))
        alone.append((gold, plain))
        per_page.append((stem, tp_fp_fn(gold, kept), tp_fp_fn(gold, plain)))
    print(f"main-text F1 on {len(names)} fixture pages (word 4-gram shingles, Zyte benchmark's scoring)")
    print(f"{'extractor':<26}{'precision':>10}{'recall':>8}{'F1':>7}")
    for label, pairs in (("spacewatch", ours), ("trafilatura 2 defaults", alone)):
        p, r, f = f1(pairs)
        print(f"{label:<26}{p:>10.3f}{r:>8.3f}{f:>7.3f}")
    for stem, a, b in per_page:
        fa = 2 * a[0] / (2 * a[0] + a[1] + a[2]) if a[0] else 0.0
        fb = 2 * b[0] / (2 * b[0] + b[1] + b[2]) if b[0] else 0.0
        print(f"  {stem:<24}spacewatch {fa:.3f}   trafilatura {fb:.3f}")


# --- a synthetic site ----------------------------------------------------------------------------

WORDS = ("station crew module launch orbit engineers agency budget schedule mission rocket pad payload "
         "contract review program segment tunnel hatch sensor test flight weather delay report council").split()
SPEAKERS = ("Dmitry Bakanov, head of Roscosmos", "Janet Petro, NASA's acting administrator",
            "Josef Aschbacher, ESA's director general", "Dmitry Peskov, the Kremlin spokesman")


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def article(feed: int, item: int) -> tuple[str, list[str]]:
    rng = random.Random(feed * 1000 + item)
    title = f"Story {item} of outlet {feed}: " + sentence(rng, 6)[:-1]
    paras = []
    for k in range(rng.randint(8, 14)):
        if k % 3 == 1:
            paras.append(f"“{sentence(rng, rng.randint(8, 16))[:-1]},” said {rng.choice(SPEAKERS)}. "
                         f"“{sentence(rng, rng.randint(6, 12))}”")
        else:
            paras.append(" ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 4))))
    return title, paras


def page_html(feed: int, item: int) -> bytes:
    title, paras = article(feed, item)
    body = "".join(f"<p>{p}</p>" for p in paras)
    nav = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(8))
    related = "".join(f'<li><a href="/p/{feed}/{(item + i) % ITEMS}">Related story {i}</a></li>' for i in range(5))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            "<script>var x = 1;</script></head><body><div class='cookie'>We use cookies. <button>Accept</button>"
            f"</div><header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>"
            f"<p class='byline'>By Staff Writer</p><div class='share'><a>Share</a><a>Tweet</a></div>"
            f"<div class='content'>{body}</div></article><section class='related'><h2>Related</h2><ul>{related}"
            "</ul></section><section class='comments'><p>Great story!</p></section></main>"
            "<footer>© Outlet. Synthetic page for spacewatch's benchmark.</footer></body></html>").encode()


def feed_xml(port: int, feed: int) -> bytes:
    items = []
    for item in range(ITEMS):
        title, paras = article(feed, item)
        teaser = paras[0].split(". ")[0] + "… Read more"
        items.append(f"<item><title>{title}</title><link>http://127.0.0.1:{port}/p/{feed}/{item}</link>"
                     f"<guid isPermaLink='false'>f{feed}-{item}</guid>"
                     f"<pubDate>Mon, 02 Jun 2025 {item % 24:02d}:00:00 +0000</pubDate>"
                     f"<description>{teaser}</description></item>")
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Outlet {feed}</title>"
            f"<link>http://127.0.0.1:{port}/</link>{''.join(items)}</channel></rss>").encode()


def latency(path: str) -> float:
    h = int.from_bytes(hashlib.sha256(path.encode()).digest()[:4], "big")
    return 0.05 + 0.25 * h / 0xFFFFFFFF


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        time.sleep(latency(path))
        port = self.server.server_address[1]
        if path == "/robots.txt":
            body, ctype = b"User-agent: *\nDisallow: /private/\n", "text/plain"
        elif m := re.fullmatch(r"/f/(\d+)\.xml", path):
            body, ctype = feed_xml(port, int(m.group(1))), "application/rss+xml"
        elif m := re.fullmatch(r"/p/(\d+)/(\d+)", path):
            body, ctype = page_html(int(m.group(1)), int(m.group(2))), "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve() -> None:
    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    import os
    import threading

    httpd = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    threading.Timer(900, os._exit, (1,)).start()  # never outlives a forgotten run
    print(httpd.server_address[1], flush=True)
    sys.stdin.read()  # the parent closes stdin to stop the server
    httpd.shutdown()
    os._exit(0)


# --- the refresh ----------------------------------------------------------------------------------

async def floor(port: int) -> float:
    import httpx

    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def get(url: str) -> bytes:
            async with gate:
                return (await client.get(url)).content

        async def one(feed: int) -> None:
            body = await get(f"http://127.0.0.1:{port}/f/{feed}.xml")
            links = re.findall(rb"<link>(http://127\.0\.0\.1:\d+/p/[^<]+)</link>", body)
            await asyncio.gather(*(get(link.decode()) for link in links))

        t0 = time.perf_counter()
        await get(f"http://127.0.0.1:{port}/robots.txt")
        await asyncio.gather(*(one(f) for f in range(FEEDS)))
        return time.perf_counter() - t0


REFRESH = """
import asyncio, os, resource, sys, threading, time
sys.path.insert(0, {root!r})
from feeds.models import Config, FeedSpec, FetchSettings
from feeds.refresh import refresh_all
from feeds.store import Store
port, db = int(sys.argv[1]), sys.argv[2]
peak_kb = [0]
def sample():  # the pool's workers are the forkserver's children, not ours: their VmHWM from /proc
    me, sid = os.getpid(), os.getsid(0)
    while True:
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            try:
                if os.getsid(int(entry)) != sid:
                    continue
                for line in open(f"/proc/{{entry}}/status"):
                    if line.startswith("VmHWM:"):
                        peak_kb[0] = max(peak_kb[0], int(line.split()[1]))
            except OSError:
                pass
        time.sleep(0.2)
threading.Thread(target=sample, daemon=True).start()
feeds = tuple(FeedSpec(url=f"http://127.0.0.1:{{port}}/f/{{i}}.xml") for i in range({feeds}))
config = Config(feeds=feeds, actors=(), fetch=FetchSettings(concurrency={c}, per_host={c}, pages_per_feed={items}))
store = Store.open(db)
t0 = time.perf_counter()
results = asyncio.run(refresh_all(store, config))
wall = time.perf_counter() - t0
read = sum(r.pages_read for r in results)
other = sum(r.pages_kept + r.pages_failed + r.pages_refused for r in results)
mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = max(peak_kb[0], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(wall, read, other, sum(len(r.new_statement_ids) for r in results), mine, kids)
"""


def refresh_once(port: int) -> tuple[float, int, int, int, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        code = REFRESH.format(root=str(ROOT), feeds=FEEDS, c=CONCURRENCY, items=ITEMS)
        out = subprocess.run([sys.executable, "-c", code, str(port), f"{tmp}/sw.db"], capture_output=True,
                             text=True, check=True, start_new_session=True).stdout.split()
    wall, read, other, statements, mine, kids = out
    return float(wall), int(read), int(other), int(statements), int(mine), int(kids)


def extraction_speed() -> float:
    """Pages per CPU-second (one core) for process_page: trafilatura, the check, statement extraction."""
    from feeds.models import ExtractedArticle, ParsedArticle
    from feeds.records import article_record
    from feeds.refresh.workers import init_worker, process_page

    init_worker(None)
    pages = []
    for item in range(100):
        title, paras = article(7, item)
        record = article_record(ExtractedArticle(ParsedArticle(
            guid=f"g{item}", link=f"http://127.0.0.1/p/7/{item}", title=title, text=paras[0].split(". ")[0] + "…")))
        pages.append((page_html(7, item), record))
    process_page(pages[0][0], None, "http://127.0.0.1/", pages[0][1], None)  # warm-up: imports
    t0 = time.process_time()
    for body, record in pages:
        assert process_page(body, None, record.link or "", record, None).status == "read"
    return len(pages) / (time.process_time() - t0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--f1-only", action="store_true")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.serve:
        serve()
        return 0
    f1_table()
    if args.f1_only:
        return 0
    print(f"\nextraction (process_page: trafilatura + check + statements): {extraction_speed():.0f} pages/s per core")
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        floors, walls = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine
            floors.append(asyncio.run(floor(port)))
            wall, read, other, statements, mine, kids = refresh_once(port)
            walls.append(wall)
        f, w = statistics.median(floors), statistics.median(walls)
        print(f"\nrefresh of {FEEDS} teaser feeds x {ITEMS} new items with their pages "
              f"(loopback, latency 50-300 ms, concurrency {CONCURRENCY}; median of {args.runs})")
        print(f"  download only (bare httpx, feeds then pages): {f:.2f} s")
        print(f"  spacewatch refresh_all (pages read: {read}, others: {other}, statements: {statements}): "
              f"{w:.2f} s = {w / f:.2f}x the download (target <= 1.5x)")
        print(f"  peak memory: refresh process {mine / 1024:.0f} MB, largest worker {kids / 1024:.0f} MB "
              "(target < 300 MB)")
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
