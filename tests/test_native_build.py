"""The modules hatch_build.py compiles are the ones imported, and they match their sources.

An editable install compiles the engine next to its sources; Python then imports the compiled
module before the .py. After an edit, the compiled one would still run: these tests say so
(rerun `pip install -e .`) rather than let the old code pass for the new.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "feeds" / "native_build.json"


def _record() -> dict:
    if not RECORD.exists():
        pytest.skip("not installed from this checkout (no feeds/native_build.json)")
    return json.loads(RECORD.read_text(encoding="utf-8"))


def _hook_modules() -> list[str]:
    """hatch_build.NATIVE_MODULES, read without importing hatchling (a build-time package)."""
    tree = ast.parse((ROOT / "hatch_build.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "NATIVE_MODULES" for t in node.targets):
            return [m[:-3].replace("/", ".") for m in ast.literal_eval(node.value)]
    raise AssertionError("hatch_build.py has no NATIVE_MODULES")


def test_every_module_the_build_hook_names_is_recorded() -> None:
    record = _record()
    assert sorted(record["modules"]) == sorted(_hook_modules())


def test_the_engine_type_checks_for_the_compiler() -> None:
    """Plain Python is the fallback for a machine without a C compiler, not for code mypyc rejects."""
    note = _record()["note"]
    assert not note.startswith("mypyc type errors"), f"{note} (run `pip install -v -e .` for all of them)"


def test_compiled_modules_are_built_from_the_current_sources() -> None:
    record = _record()
    if not record["compiled"]:
        pytest.skip(f"plain Python ({record['note']}): every edit runs as it is")
    stale = [name for name, digest in record["modules"].items()
             if hashlib.sha256((ROOT / (name.replace(".", "/") + ".py")).read_bytes()).hexdigest() != digest]
    assert not stale, f"edited since the last install, rerun `pip install -e .`: {', '.join(stale)}"


def test_the_recorded_build_is_the_one_imported() -> None:
    record = _record()
    for name in record["modules"]:
        module = importlib.import_module(name)
        compiled = not module.__file__.endswith(".py")
        assert compiled == record["compiled"], f"{name} from {module.__file__}, record says {record['note']}"
