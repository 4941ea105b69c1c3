"""The layer rules of docs/architecture.md, checked on the source (issue 10).

Every import in ``tracker/``, ``feeds/`` and ``streamlit_app.py`` is read with ``ast`` (function-local and
``TYPE_CHECKING`` imports too). A module may import its own layer or a lower one, never a higher one; nothing
outside the dashboard imports Streamlit; the dashboard never opens a database session; there are no import
cycles, neither between modules nor between the parts of the layer map below.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Top to bottom. A module belongs to the longest prefix that names it; every module must have one.
LAYERS: dict[str, tuple[str, ...]] = {
    "adapters": ("streamlit_app", "tracker.ui", "tracker.cli", "tracker.__main__"),
    "services": ("tracker.services",),
    "engines": (
        "tracker.norms",
        "feeds",
        "tracker.importing",
        "tracker.registry",
        "tracker.setup",
        "tracker.demo",
        "tracker.backup",
        "tracker.migrations",
    ),
    "core": (
        "tracker",  # the package itself: a docstring and the version
        "tracker.models",
        "tracker.db",
        "tracker.settings",
        "tracker.errors",
        "tracker.i18n",
        "tracker.validation",
        "tracker.auth",
        "tracker.audit",
        "tracker.previews",  # pure: evidence previews and the pixel limit, over bytes (issue 9)
    ),
}
RANK = {layer: rank for rank, layer in enumerate(reversed(list(LAYERS)))}  # core 0 … adapters 3

# Only the dashboard draws; only the services (and below) touch the database.
STREAMLIT_ALLOWED = ("streamlit_app", "tracker.ui")
NO_DATABASE_IN = ("streamlit_app", "tracker.ui")
DATABASE_MODULES = ("sqlmodel", "sqlalchemy", "tracker.db")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    files = [*(ROOT / "tracker").rglob("*.py"), *(ROOT / "feeds").rglob("*.py"), ROOT / "streamlit_app.py"]
    return {_module_name(p): p for p in files}


SOURCES = _sources()


def _imports(module: str, path: Path) -> set[str]:
    """Every module ``module`` imports, resolved to full dotted names (``from a import b`` gives a.b if a.b
    is a module of ours, else a)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            ours = [name for name in names if name in SOURCES]
            found.update(ours)
            if len(ours) < len(names):
                found.add(target)
    found.discard(module)
    return found


IMPORTS = {module: _imports(module, path) for module, path in SOURCES.items()}


def _part(module: str) -> str | None:
    """The entry of LAYERS that ``module`` belongs to (the longest matching prefix)."""
    best = None
    for prefixes in LAYERS.values():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best or ""):
                best = prefix
    return best


def _layer(module: str) -> str:
    part = _part(module)
    return next(layer for layer, prefixes in LAYERS.items() if part in prefixes)


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_every_module_has_a_layer():
    assert sorted(m for m in SOURCES if _part(m) is None) == []


def test_no_module_imports_a_higher_layer():
    breaches = [
        f"{module} ({_layer(module)}) imports {target} ({_layer(target)})"
        for module, targets in IMPORTS.items()
        for target in targets
        if target in SOURCES or _part(target) and target.split(".")[0] in ("tracker", "feeds")
        if RANK[_layer(target)] > RANK[_layer(module)]
    ]
    assert sorted(breaches) == []


def test_only_the_dashboard_imports_streamlit():
    breaches = [
        f"{module} imports {target}"
        for module, targets in IMPORTS.items()
        for target in targets
        if _within(target, ("streamlit",)) and not _within(module, STREAMLIT_ALLOWED)
    ]
    assert sorted(breaches) == []


def test_the_dashboard_never_opens_a_database_session():
    breaches = [
        f"{module} imports {target}"
        for module, targets in IMPORTS.items()
        for target in targets
        if _within(module, NO_DATABASE_IN) and _within(target, DATABASE_MODULES)
    ]
    assert sorted(breaches) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_between_modules():
    graph = {m: {t for t in targets if t in SOURCES} for m, targets in IMPORTS.items()}
    assert _cycles(graph) == []


def test_no_import_cycles_between_parts():
    graph: dict[str, set[str]] = defaultdict(set)
    for module, targets in IMPORTS.items():
        graph[_part(module)]  # noqa: B018 - every part is a node
        for target in targets:
            if target in SOURCES and _part(target) != _part(module):
                graph[_part(module)].add(_part(target))
    assert _cycles(dict(graph)) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected


def test_the_import_reader_sees_function_local_and_relative_imports(tmp_path):
    source = tmp_path / "tracker" / "norms" / "x.py"
    source.parent.mkdir(parents=True)
    source.write_text(
        "def f():\n    from tracker.ui import widgets\n    from . import engine\n    import streamlit\n"
    )
    found = _imports("tracker.norms.x", source)
    assert {"tracker.ui.widgets", "tracker.norms.engine", "streamlit"} <= found
