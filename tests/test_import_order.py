"""Imports point one way (sti/__init__.py, IMPORT_ORDER): every `import` and `from … import`
of `sti`, `assets` and `pipelines`, lazy ones inside functions included, goes to a package of
the same or a lower rank, and no modules import each other in a circle."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

from sti import IMPORT_ORDER
from sti.paths import PROJECT_ROOT

PROJECT_PACKAGES = ("sti", "assets", "pipelines")


def module_files(root: Path = PROJECT_ROOT) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PROJECT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imported_modules(name: str, path: Path, known: Iterable[str]) -> set[str]:
    """The project modules `name` imports (a name imported from a package counts as its
    submodule when there is one), at any depth of the file."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in known else module)
    return {m for m in found if m.split(".")[0] in PROJECT_PACKAGES}


def rank(module: str, order: tuple[tuple[str, ...], ...] = IMPORT_ORDER) -> int:
    """The rank of the deepest entry of `order` that holds `module`; `sti` itself (the order)
    ranks lowest."""
    best, depth = -1, -1
    for position, names in enumerate(order):
        for entry in names:
            if (module == entry or module.startswith(entry + ".")) and entry.count(".") > depth:
                best, depth = position, entry.count(".")
    if best < 0 and module != "sti":
        raise AssertionError(f"{module} belongs to no entry of sti.IMPORT_ORDER")
    return best


def unit(module: str, order: tuple[tuple[str, ...], ...] = IMPORT_ORDER) -> str:
    """The entry of `order` a module belongs to (its package, or a top-level module)."""
    entries = [e for names in order for e in names if module == e or module.startswith(e + ".")]
    return max(entries, key=len) if entries else module


def wrong_way(
    graph: dict[str, set[str]], order: tuple[tuple[str, ...], ...] = IMPORT_ORDER
) -> list[str]:
    problems = []
    for importer, targets in sorted(graph.items()):
        for target in sorted(targets):
            same_unit = unit(importer, order) == unit(target, order)
            if not same_unit and rank(target, order) >= rank(importer, order):
                problems.append(f"{importer} imports {target}")
    return problems


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module importing
    itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def project_graph(root: Path = PROJECT_ROOT) -> dict[str, set[str]]:
    files = module_files(root)
    return {name: imported_modules(name, path, files) - {name} for name, path in files.items()}


def test_every_import_points_down_the_order() -> None:
    assert wrong_way(project_graph()) == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert circles(project_graph()) == []


def test_only_the_command_line_errors_and_paths_sit_directly_in_sti() -> None:
    loose = sorted(p.name for p in (PROJECT_ROOT / "sti").glob("*.py"))
    assert loose == ["__init__.py", "cli.py", "errors.py", "paths.py"]
    for package in (PROJECT_ROOT / "sti").iterdir():
        if package.is_dir() and package.name != "__pycache__":
            docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
            assert docstring and "Imports" in docstring, f"{package.name}/__init__.py: its job"


def test_every_project_module_has_a_place_in_the_order() -> None:
    for module in module_files():
        rank(module)  # raises for a module outside every entry


def test_an_import_up_the_order_is_found(tmp_path: Path) -> None:
    """The check itself: a lower package importing a higher one, lazily inside a function."""
    for package in ("sti/db", "sti/reports"):
        (tmp_path / package).mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
    for folder in ("assets", "pipelines"):
        (tmp_path / folder).mkdir()
    (tmp_path / "sti" / "__init__.py").write_text("")
    (tmp_path / "sti/reports/documents.py").write_text("from sti.db import sql_files\n")
    (tmp_path / "sti/db/sql_files.py").write_text(
        "def load():\n    from sti.reports.documents import Document\n"
    )
    graph = project_graph(tmp_path)
    assert wrong_way(graph) == ["sti.db.sql_files imports sti.reports.documents"]
    assert circles(graph) == [["sti.db.sql_files", "sti.reports.documents"]]


@pytest.mark.parametrize(
    ("module", "expected"),
    [("sti.cli", 12), ("sti.errors", 0), ("sti.ingest.readers.periods", 3), ("pipelines.jobs", 11)],
)
def test_rank_reads_the_deepest_entry(module: str, expected: int) -> None:
    assert rank(module) == expected
