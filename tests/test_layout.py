"""The house by stage (ARCHITECTURE.md): no import circles, no Textual in the engine, no forbidden edge.

Imports are read from the source (ast), TYPE_CHECKING blocks and imports inside functions
included: a circle hidden behind a lazy import is still a circle.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOTTOM = {"feeds", "feeds.models", "feeds.records", "feeds.urls", "feeds.dedupe", "feeds.config"}
# What each stage may import from the project besides itself and the bottom.
ALLOWED = {
    "bottom": set(),
    "ingest": set(),
    "statements": set(),
    "store": set(),
    "demo": {"ingest"},
    "refresh": {"ingest", "statements", "store", "demo"},  # the one stage that wires the others
    "newsroom": {"ingest", "statements", "store", "demo", "refresh"},
    "tui": {"ingest", "statements", "store", "demo", "refresh", "newsroom", "tui"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for top in ("feeds", "tui") for p in (REPO / top).rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports (resolved to modules, not names inside them)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        for target in targets:
            while target and target not in known and "." in target:
                target = target.rpartition(".")[0]
            if target in known or target.split(".")[0] in ("textual", "rich"):
                found.add(target)
    found.discard(name)
    return found


def stage(name: str) -> str:
    if name in BOTTOM:
        return "bottom"
    if name.startswith("tui"):
        return "tui"
    return name.split(".")[1]


@functools.cache
def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def test_every_module_is_in_a_stage() -> None:
    assert {stage(n) for n in modules()} <= set(ALLOWED)


def test_the_engine_never_imports_textual_or_rich() -> None:
    leaks = {n: sorted(i for i in deps if i.split(".")[0] in ("textual", "rich"))
             for n, deps in graph().items() if n.startswith("feeds")}
    assert {n: d for n, d in leaks.items() if d} == {}


def test_no_stage_imports_what_it_must_not() -> None:
    wrong = []
    for name, deps in graph().items():
        own = stage(name)
        for dep in deps:
            if dep.split(".")[0] in ("textual", "rich"):
                continue
            other = stage(dep)
            if other not in ("bottom", own) and other not in ALLOWED[own]:
                wrong.append(f"{name} ({own}) imports {dep} ({other})")
            if own == "bottom" and other != "bottom":
                wrong.append(f"{name} (bottom) imports {dep} ({other})")
    assert wrong == []


def test_screens_never_import_the_app() -> None:
    wrong = [n for n, deps in graph().items() if n != "tui.app" and n.startswith("tui.")
             and not n.startswith("tui.commands") and "tui.app" in deps]
    assert wrong == []


def test_no_import_circles() -> None:
    whole = graph()
    g = {n: {d for d in deps if d in whole} for n, deps in whole.items()}
    # Tarjan's strongly connected components: any with two modules or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(g):
        if v not in index:
            visit(v)
    assert circles == []
