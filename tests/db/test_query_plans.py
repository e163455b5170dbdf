"""The query plan of every query the everyday commands run (issue 11): none may read a
large table from end to end, and none may pass an id list that grows with the store.

Each command runs in-process on a copy of a bench store of 2,500 tasks; every statement it
sends is recorded and explained (``EXPLAIN QUERY PLAN``) on the same file afterwards.
A full scan of ``tasks``, ``sessions``, ``task_tags``, ``blocks`` or ``undo_log`` fails
the test (through an index, even a whole-index walk, is a scan too: ``SCAN t USING INDEX``),
and so does an id list of more than ``MAX_IDS`` values (2,000 tasks are open: a list of
every open task would show).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from microtask.cli.app import app as cli
from microtask.db.engine import SqliteConn
from microtask.domain.clock import FixedClock
from tests.factories import T0, make_app, session

NOW = T0.isoformat()
LARGE = frozenset({"tasks", "sessions", "task_tags", "blocks", "undo_log"})
MAX_IDS = 1000
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("list", "--limit", "25"),
    ("list", "--limit", "25", "--json"),
    ("list", "invoice", "--limit", "25"),
    ("next",),
    ("show", "7"),
    ("status",),
    ("today",),
    ("triage", "--list", "--limit", "25"),
    ("plan",),
    ("agenda",),
    ("report", "week"),
    ("score", "7"),
    ("outsource",),
    ("tags",),
    ("list", "--json"),
    ("list", "--series"),
    ("triage", "--json"),
    ("report", "month"),
    ("export", "outsource"),
    ("export", "calendar"),
    ("add", "Call the bank", "-p", "high", "-t", "call"),
    ("done", "{leaf}"),
    ("edit", "7", "--note", "edited"),
    ("undo",),
)
Statement = tuple[str, dict[str, Any]]


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generate import generate, write_microtask

    path = tmp_path_factory.mktemp("plans") / "m.db"
    write_microtask(generate(2_500, anchor_ts=int(T0.timestamp())), path)
    app = make_app(str(path), FixedClock(T0))
    try:
        for n in range(40):
            start = T0 - timedelta(days=n % 9, hours=n % 5 + 1)
            session(app, 7 + n, start, start + timedelta(minutes=25), 25)
    finally:
        app.close()
    return path


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[Statement]:
    """Every statement sent through the store's connection while the test runs."""
    found: list[Statement] = []
    for name in ("all", "one", "run"):
        original = getattr(SqliteConn, name)

        def spy(self: SqliteConn, sql: str, params: Any = None, _original: Any = original) -> Any:
            found.append((sql, dict(params or {})))
            return _original(self, sql, params)

        monkeypatch.setattr(SqliteConn, name, spy)
    return found


def tables_by_alias(sql: str) -> dict[str, str]:
    """``FROM tasks t JOIN sessions s`` -> {t: tasks, tasks: tasks, s: sessions, ...}."""
    found: dict[str, str] = {}
    keywords = {"WHERE", "JOIN", "ON", "LEFT", "INNER", "GROUP", "ORDER", "LIMIT", "SET", "AS"}
    pattern = r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?"
    for table, alias in re.findall(pattern, sql, flags=re.IGNORECASE):
        found[table] = table
        if alias and alias.upper() not in keywords:
            found[alias] = table
    return found


def plan_of(path: Path, sql: str, params: dict[str, Any]) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def problems(path: Path, statements: list[Statement]) -> list[str]:
    found = []
    for sql, params in statements:
        head = sql.lstrip().split(None, 1)[0].upper()
        if head not in ("SELECT", "WITH", "UPDATE", "DELETE", "INSERT"):
            continue  # BEGIN, PRAGMA, SAVEPOINT ...
        aliases = tables_by_alias(sql)
        # The newest rows by id, nothing filtered: the scan stops after LIMIT rows.
        from_the_end = "WHERE" not in sql and re.search(r"ORDER BY (\w+\.)?id DESC LIMIT", sql)
        for line in plan_of(path, sql, params):
            match = re.match(r"SCAN (\w+)", line)
            if match and aliases.get(match[1], match[1]) in LARGE and not from_the_end:
                found.append(f"{line!r} in: {sql[:300]}")
        for name, value in params.items():
            if isinstance(value, str) and value.startswith("["):
                try:
                    ids = json.loads(value)
                except ValueError:
                    continue
                if isinstance(ids, list) and len(ids) > MAX_IDS:
                    found.append(f"{len(ids)} values in :{name} of: {sql[:300]}")
    return found


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_command_scans_no_large_table_and_sends_no_unbounded_id_list(
    args: tuple[str, ...],
    bench_store: Path,
    tmp_path: Path,
    recorded: list[Statement],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = tmp_path / "m.db"
    shutil.copyfile(bench_store, store)
    monkeypatch.setenv("MICROTASK_DB", str(store))
    monkeypatch.setenv("MICROTASK_NOW", NOW)
    runner = CliRunner()
    if args == ("undo",):
        assert runner.invoke(cli, ["edit", "7", "--note", "before undo"]).exit_code == 0
        recorded.clear()
    if "{leaf}" in args:  # a task without open steps: done refuses the others
        shown = json.loads(runner.invoke(cli, ["list", "--flat", "--json", "-n", "50"]).stdout)
        leaf = next(t["id"] for t in shown if not t["subtask_ids"])
        args = tuple(a.format(leaf=leaf) for a in args)
        recorded.clear()
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    assert recorded  # the spy saw the command's queries
    assert problems(store, recorded) == []


def test_a_full_scan_and_a_long_id_list_are_caught(bench_store: Path) -> None:
    """The checks themselves: a statement reading every task, one passing every id."""
    ids = json.dumps(list(range(1, 2_001)))
    found = problems(
        bench_store,
        [
            ("SELECT t.title FROM tasks t WHERE t.title LIKE :p", {"p": "%bank%"}),
            ("SELECT id FROM tasks WHERE id IN (SELECT value FROM json_each(:i))", {"i": ids}),
        ],
    )
    assert (
        problems(bench_store, [("SELECT id, label FROM undo_log ORDER BY id DESC LIMIT 1", {})])
        == []
    )  # the newest row: read from the end
    assert len(found) == 2
    assert found[0].startswith("'SCAN t")
    assert found[1].startswith("2000 values in :i")
