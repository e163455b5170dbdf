"""The layer rules of ARCHITECTURE.md, checked on the source: the domain imports nothing of
ours outside it; render and exporters never reach into services or storage; only the data
layer knows SQLAlchemy, SQLModel, tables and columns; Rich lives in render/."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from microtask.db import columns

SOURCE = Path(__file__).resolve().parents[1] / "src" / "microtask"


def modules(under: str = "") -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((SOURCE / under).rglob("*.py")):
        yield str(path.relative_to(SOURCE)), ast.parse(path.read_text(encoding="utf-8"))


def imported(tree: ast.Module) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def offending(under: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{name} imports {module}"
        for name, tree in modules(under)
        for module in sorted(imported(tree))
        if any(module == f or module.startswith(f + ".") for f in forbidden)
    ]


def test_the_domain_imports_nothing_of_ours_outside_the_domain() -> None:
    ours = tuple(
        f"microtask.{part.name.removesuffix('.py')}"
        for part in SOURCE.iterdir()
        if part.name not in ("domain", "__init__.py", "py.typed", "__pycache__")
    )
    assert offending("domain", ours) == []


@pytest.mark.parametrize("layer", ["render", "exporters"])
def test_render_and_exporters_never_reach_services_or_storage(layer: str) -> None:
    assert offending(layer, ("microtask.services", "microtask.db", "microtask.cli")) == []


def test_only_the_data_layer_imports_sqlalchemy_or_sqlmodel() -> None:
    outside = [
        problem
        for problem in offending("", ("sqlalchemy", "sqlmodel"))
        if not problem.startswith("db/")
    ]
    assert outside == []


def test_only_render_and_the_live_view_import_rich() -> None:
    outside = [problem for problem in offending("", ("rich",)) if not problem.startswith("render/")]
    assert outside == []


def test_services_and_commands_reach_the_store_only_through_the_app() -> None:
    """Repositories come from ``App.reading()``/``App.changing()``: nobody builds one."""
    repositories = ("TaskRepo", "FocusRepo", "OutsourceRepo", "TriageRepo", "ReportRepo")
    built = [
        f"{name}:{node.lineno} calls {node.func.id}"
        for name, tree in modules()
        if not name.startswith("db/")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in repositories
    ]
    assert built == []
    opened = [
        f"{name}:{node.lineno}"
        for name, tree in modules()
        if not name.startswith("db/") and name != "services/app.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("database", "_store", "_database")
    ]
    assert opened == []


_SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))\b",
    re.IGNORECASE | re.DOTALL,
)
_COLUMNS = {name for names in columns.TABLES.values() for name in names}
_SPECIFIC = {name for name in _COLUMNS if "_" in name}
"""Column names no command or English word shares (``status`` is also a command)."""
_STORAGE_ONLY = {name for name in _COLUMNS if name.endswith("_ts")} | set(columns.TASK_DERIVED)
"""Columns whose names are storage encodings (seconds since the epoch, derived values): no
domain field, JSON key or word shares them."""


def literals(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def schema_words(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Table or column names where a row is being described: dict keys, and arguments of
    calls (``{"due_ts": ...}``, ``touch_rows("blocks", ...)``)."""
    for node in ast.walk(tree):
        candidates: list[ast.expr | None] = []
        if isinstance(node, ast.Dict):
            candidates = list(node.keys)
        elif isinstance(node, ast.Call):
            candidates = [*node.args, *(k.value for k in node.keywords)]
        for candidate in candidates:
            if (
                isinstance(candidate, ast.Constant)
                and isinstance(candidate.value, str)
                and (candidate.value in _SPECIFIC or candidate.value in columns.TABLES)
            ):
                yield candidate.lineno, candidate.value


def outside_db() -> Iterator[tuple[str, ast.Module]]:
    return ((name, tree) for name, tree in modules() if not name.startswith("db/"))


def test_no_sql_is_written_outside_the_data_layer() -> None:
    found = [
        f"{name}:{line}"
        for name, tree in outside_db()
        for line, text in literals(tree)
        if _SQL.search(text)
    ]
    assert found == []


def test_no_storage_column_is_named_outside_the_data_layer() -> None:
    found = [
        f"{name}:{line} {text!r}"
        for name, tree in outside_db()
        for line, text in literals(tree)
        if text in _STORAGE_ONLY
    ]
    assert found == []


@pytest.mark.parametrize("layer", ["services", "cli"])
def test_use_cases_and_commands_describe_no_rows_by_table_or_column(layer: str) -> None:
    """They speak domain types (``NewTask``, ``TaskChanges``, ...) to the repositories; JSON
    shapes are built in exporters/, whose keys are a contract of their own."""
    found = [
        f"{name}:{line} {text!r}"
        for name, tree in modules(layer)
        for line, text in schema_words(tree)
    ]
    assert found == []


def test_commands_never_branch_on_json_they_hand_results_to_one_output() -> None:
    """``cli/output.py`` picks table or JSON once; a command calls it, and never tests
    ``--json`` itself nor prints JSON or tables on its own."""
    found = []
    for name, tree in modules("cli"):
        if name in ("cli/output.py", "cli/common.py", "cli/reference.py"):
            continue
        for node in ast.walk(tree):
            tests = []
            if isinstance(node, ast.If | ast.IfExp):
                tests = [node.test]
            for test in tests:
                names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
                if names & {"json", "as_json"}:
                    found.append(f"{name} branches on --json (line {node.lineno})")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("print_json", "render")
                and name not in ("cli/report.py", "cli/triage.py")  # formats; the walk screen
            ):
                found.append(f"{name}:{node.lineno} calls {node.func.id}")
    assert [problem.split(" (line")[0] for problem in found] == [
        "cli/report.py branches on --json",  # --json is --format json: a format, not a view
        "cli/triage.py branches on --json",  # --json prints the queue instead of walking it
    ], found
