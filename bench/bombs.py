#!/usr/bin/env python3
"""Compression-bomb benchmark: peak memory of `spacewatch fetch` on feeds that inflate to gigabytes.

    .venv/bin/python bench/bombs.py [--feeds 5] [--gigabytes 10]

Serves, on 127.0.0.1 only, `--feeds` feeds whose body is a `Content-Encoding: gzip, gzip` bomb
(1.8 KB inflating to --gib GiB of zeros, built once and kept in bench/out/), the last one a
`deflate, gzip` bomb (15 KB inflating to --gigabytes GB), and runs a real `spacewatch fetch` on them in a
subprocess (default [fetch] max_bytes, 10 MiB). Prints each feed's line and the subprocess's peak
RSS (ru_maxrss of the child: the largest process of its tree); the same run on as many ordinary
feeds is the control. Issue 11 asks for < 200 MB.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def single_member_bomb(gib: int) -> bytes:
    """gzip(gzip(`gib` GiB of zeros)): the issue's 1.9 KB bomb. Built once (CPU only, ~8 s per
    GiB) and kept in bench/out/."""
    cache = REPO / "bench" / "out" / f"bomb-{gib}gib.gz.gz"
    if cache.exists():
        return cache.read_bytes()
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    inner = b"".join([*(c.compress(chunk) for _ in range(gib << 10)), c.flush()])
    bomb = gzip.compress(inner, compresslevel=9, mtime=0)
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(bomb)
    return bomb


def make_bombs(gigabytes: float, gib: int) -> dict[str, bytes]:
    """The bodies served: the single-member bomb, and `gigabytes` of zeros as 10 MB zlib streams
    one after another under gzip (the decoder takes them in turn, like gzip members)."""
    d = zlib.compressobj(9)
    stream = d.compress(b"\0" * 10_000_000) + d.flush()
    return {"gzip, gzip": single_member_bomb(gib),
            "deflate, gzip": gzip.compress(stream * max(1, int(gigabytes * 100)), compresslevel=9, mtime=0)}


def plain_feed(n: int) -> bytes:
    items = "".join(f"<item><title>Story {n}.{i}</title><link>https://outlet.example/{n}/{i}</link>"
                    f"<description>Paragraph {i} of feed {n}.</description></item>" for i in range(50))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>{items}</channel></rss>'.encode()


def serve(routes: dict[str, tuple[bytes, str | None]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
            pass

        def do_GET(self) -> None:
            body, encoding = routes.get(self.path, (b"", None))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_fetch(urls: list[str], tmp: Path, name: str) -> tuple[float, float, str]:
    config = tmp / f"{name}.toml"
    config.write_text("".join(f'[[feeds]]\nurl = "{u}"\n\n' for u in urls), encoding="utf-8")
    cmd = [sys.executable, "-m", "tui.cli", "fetch", "--config", str(config), "--db", str(tmp / f"{name}.db")]
    # A fresh interpreter per measure: ru_maxrss of RUSAGE_CHILDREN is the largest child so far,
    # so each run is made from its own short-lived parent.
    probe = ("import resource, subprocess, sys, time; t = time.monotonic(); "
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - t); "
             "print(p.stdout + p.stderr, end='')")
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's spacewatch, whatever is installed
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, cwd=REPO,
                         env=env).stdout
    head, _, rest = out.partition("\n")
    kib, seconds = head.split()
    return int(kib) / 1024, float(seconds), rest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=5)
    ap.add_argument("--gib", type=int, default=1, help="what each gzip, gzip bomb inflates to (GiB)")
    ap.add_argument("--gigabytes", type=float, default=10.0, help="what the deflate, gzip bomb inflates to (GB)")
    args = ap.parse_args()
    t0 = time.monotonic()
    bombs = make_bombs(args.gigabytes, args.gib)
    made = time.monotonic() - t0
    routes: dict[str, tuple[bytes, str | None]] = {}
    for i in range(args.feeds):
        encoding = "deflate, gzip" if i == args.feeds - 1 and args.feeds > 1 else "gzip, gzip"
        routes[f"/bomb{i}.xml"] = (bombs[encoding], encoding)
        routes[f"/plain{i}.xml"] = (plain_feed(i), None)
    server = serve(routes)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory(prefix="spacewatch-bombs-") as tmp:
            rows = []
            for name in ("plain", "bomb"):
                urls = [f"{base}/{name}{i}.xml" for i in range(args.feeds)]
                rows.append((name, *run_fetch(urls, Path(tmp), name)))
    finally:
        server.shutdown()
        server.server_close()
    gz, df = len(bombs["gzip, gzip"]), len(bombs["deflate, gzip"])
    print(f"bombs: {args.feeds} feeds: `gzip, gzip` {gz:,} bytes -> {args.gib} GiB"
          + (f", the last `deflate, gzip` {df:,} bytes -> {args.gigabytes:g} GB" if args.feeds > 1 else "")
          + f" (made in {made:.1f} s); this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    print(f"{'run':<8}{'peak RSS':>12}{'wall':>10}")
    for name, mib, seconds, _ in rows:
        print(f"{name:<8}{mib:>9.0f} MB{seconds:>9.2f}s")
    print("\n`spacewatch fetch` on the bombs said:")
    print(rows[1][3].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
