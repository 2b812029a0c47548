"""The engine never imports Textual: every feeds module is imported in a fresh interpreter to prove it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, pkgutil, sys
import feeds
names = ["feeds"] + [m.name for m in pkgutil.walk_packages(feeds.__path__, "feeds.")]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(names), "modules;", "textual leaked:" if leaked else "clean", *leaked[:5])
sys.exit(1 if leaked else 0)
"""


def test_feeds_never_imports_textual() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "clean" in done.stdout


def test_fetch_command_stays_lean() -> None:
    # `spacewatch fetch` from cron must not pay for the dashboard.
    probe = ("import sys; from tui.cli import build_parser; build_parser(); "
             "from tui.commands import fetch, feeds; "
             "sys.exit(1 if 'textual' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
