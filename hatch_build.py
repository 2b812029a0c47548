"""Build hook: compile the engine's hot modules with mypyc, or ship them as plain Python.

Statement extraction, HTML-to-text and quote fingerprints run for every article of a refresh,
on two cores that also fetch and write. Compiled by mypyc (the compiler mypy and black ship
with), the same typed source runs about 1.4x faster; nothing in it changes. Without a C
compiler, or with SPACEWATCH_PURE=1, the build keeps the .py files and says why: the
package then works as before, only slower.

The compiled modules are built next to their sources (hatchling's editable installs import
from the checkout); feeds/native_build.json records which modules were compiled and from
which source, and tests/test_native_build.py fails if a source changed since, so that an
edited module is never shadowed by a stale compiled one: rerun `pip install -e .`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# What each refresh spends its CPU on (extraction, parsing, per-article rows, fingerprints).
# models.py stays Python (make_statement writes slots directly); actors.py too (its resolver is
# pickled to the parser processes by __dict__).
NATIVE_MODULES = (
    "feeds/dedupe.py",
    "feeds/records.py",
    "feeds/urls.py",
    "feeds/ingest/feed_dates.py",
    "feeds/ingest/feed_xml.py",
    "feeds/ingest/html_text.py",
    "feeds/ingest/parse.py",
    "feeds/ingest/xml_repair.py",
    "feeds/statements/attribution.py",
    "feeds/statements/context.py",
    "feeds/statements/coreference.py",
    "feeds/statements/discourse.py",
    "feeds/statements/entities.py",
    "feeds/statements/extractor.py",
    "feeds/statements/keyquotes.py",
    "feeds/statements/lang.py",
    "feeds/statements/lexicon.py",
    "feeds/statements/mentions.py",
    "feeds/statements/quotes.py",
    "feeds/statements/roles.py",
    "feeds/statements/titles.py",
    "feeds/statements/transcripts.py",
    "feeds/statements/translit.py",
)
GROUP = "spacewatch_native"  # the shared library every compiled module loads: GROUP__mypyc.<suffix>
RECORD = "feeds/native_build.json"

_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
modules, group, target = sys.argv[1].split(","), sys.argv[2], sys.argv[3]
sys.argv[1:4] = []
setup(name="spacewatch-native", py_modules=[], ext_modules=mypycify(
    [*modules, "--ignore-missing-imports", "--follow-imports=silent"],
    opt_level="3", group_name=group, target_dir=target))
"""


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class NativeBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def _artifacts(self, root: Path) -> list[Path]:
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        return [root / (m[:-3] + suffix) for m in NATIVE_MODULES] + [root / f"{GROUP}__mypyc{suffix}"]

    def _clean(self, root: Path) -> None:
        for pattern in ("feeds/**/*.so", "feeds/**/*.pyd", f"{GROUP}__mypyc*"):
            for path in root.glob(pattern):
                path.unlink()

    def _record(self, root: Path, compiled: bool, note: str) -> None:
        record = {"compiled": compiled, "note": note,
                  "modules": {m[:-3].replace("/", "."): source_digest(root / m) for m in NATIVE_MODULES}}
        (root / RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")

    def clean(self, versions: list[str]) -> None:
        self._clean(Path(self.root))

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        self._clean(root)
        build_data["artifacts"].append(RECORD)
        if os.environ.get("SPACEWATCH_PURE", "") not in ("", "0"):
            self._record(root, False, "SPACEWATCH_PURE is set: plain Python")
            return
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run(
                [sys.executable, "-c", _SETUP, ",".join(NATIVE_MODULES), GROUP, os.path.join(tmp, "c"),
                 "build_ext", "--inplace", "--build-temp", os.path.join(tmp, "obj")],
                cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        artifacts = self._artifacts(root)
        if proc.returncode or not all(a.exists() for a in artifacts):
            self._clean(root)
            tail = "\n".join(proc.stdout.strip().splitlines()[-15:])
            print(f"spacewatch: could not compile the engine with mypyc; installing it as plain "
                  f"Python (slower).\n{tail}", file=sys.stderr)
            # A type error is the code's fault, not the machine's: recorded apart, so that
            # tests/test_native_build.py fails instead of the suite passing on plain Python.
            errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
            self._record(root, False, f"mypyc type errors: {errors[0]}" if errors else "mypyc failed: plain Python")
            return
        self._record(root, True, "compiled by mypyc")
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for path in artifacts:
            rel = path.relative_to(root).as_posix()
            build_data["artifacts"].append(rel)
            if "/" not in rel:  # the shared library sits at the top of the wheel, beside the packages
                build_data["force_include"][str(path)] = rel
