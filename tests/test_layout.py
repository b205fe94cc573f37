"""The shape of the package (docs/architecture.md): no import cycles, imports go down the layers, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 450
SHELLS = ("newsclean.cli", "newsclean.contrib", "newsclean.dask")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.glob("newsclean/**/*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> set[str]:
    """Every newsclean module a module imports, lazy imports in functions included (``TYPE_CHECKING`` aside).

    ``from package import name`` runs the package's ``__init__`` and, when ``name`` is a
    submodule, that module too: both count.
    """
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return {name for name in found if name in MODULES}


GRAPH = {name: _imports(ast.parse(path.read_text(encoding="utf-8"))) - {name} for name, path in MODULES.items()}


def _cycle_from(start: str) -> list[str] | None:
    path: list[str] = []
    on_path: set[str] = set()
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for nxt in sorted(GRAPH[node]):
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done and (cycle := visit(nxt)):
                return cycle
        on_path.discard(path.pop())
        done.add(node)
        return None

    return visit(start)


def test_there_are_no_import_cycles() -> None:
    for name in MODULES:
        assert _cycle_from(name) is None, " -> ".join(_cycle_from(name) or [])


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name: str) -> None:
    imported = GRAPH[name]
    if _under(name, "newsclean.cleaning") or _under(name, "newsclean.dedup"):
        assert not [m for m in imported if any(_under(m, shell) for shell in SHELLS)], "a side imports a shell"
    if _under(name, "newsclean.cleaning"):
        assert not [m for m in imported if _under(m, "newsclean.dedup")], "cleaning must not import dedup"
    if _under(name, "newsclean.dedup.index"):
        above = [m for m in imported if _under(m, "newsclean.dedup") and not _under(m, "newsclean.dedup.index")]
        assert not above, f"the index layer imports {above}"
    if name in ("newsclean.config", "newsclean.errors", "newsclean.results", "newsclean.io"):
        assert not [m for m in imported if _under(m, "newsclean.cleaning") or _under(m, "newsclean.dedup")]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"


def test_the_checker_sees_a_cycle() -> None:
    saved = dict(GRAPH)
    try:
        GRAPH["newsclean.dedup.verify"] = {*GRAPH["newsclean.dedup.verify"], "newsclean.dedup.fingerprint"}
        assert _cycle_from("newsclean.dedup.fingerprint") is not None
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def test_old_import_paths_give_the_same_modules() -> None:
    import newsclean.index.sqlite
    import newsclean.rules.captions

    import newsclean.cleaning.rules.captions as captions
    import newsclean.dedup.index.sqlite as sqlite

    assert newsclean.rules.captions is captions and newsclean.index.sqlite is sqlite
    from newsclean.index import open_index
    from newsclean.rules import REGISTRY, Rule

    assert open_index.__module__ == "newsclean.dedup.index" and isinstance(next(iter(REGISTRY.values())), Rule)


def test_old_import_paths_work_in_a_fresh_interpreter() -> None:
    import subprocess
    import sys

    code = (
        "import importlib, newsclean.rules.captions as old, newsclean.index.sqlite as sq\n"
        "import newsclean.cleaning.rules.captions as new, newsclean.dedup.index.sqlite as sq2\n"
        "assert old is new and sq is sq2\n"
        "assert new.__spec__.name == 'newsclean.cleaning.rules.captions', new.__spec__\n"
        "importlib.reload(sq2)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
