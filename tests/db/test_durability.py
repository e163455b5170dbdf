"""The store survives real processes: concurrent writers, SIGKILL, permissions, versions.
SQLite-only by nature (WAL, fsync, file modes, locks on a file); on PostgreSQL the server
keeps the data durable, and concurrent writers are tested in tests/cli/test_series.py.

Most tests here start real Python processes. Drivers that make many changes call the
CLI's click command in-process, once per change: each call builds its own App, opens
its own connection and commits its own transaction, exactly like one ``microtask`` run,
without paying interpreter start-up hundreds of times.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from microtask.db import migrations
from microtask.db.engine import connect
from microtask.db.journal import UNDO_HISTORY
from microtask.domain.errors import StorageError

POLL_SECONDS = 0.005
START_TIMEOUT_SECONDS = 60.0


def microtask(*args: str) -> subprocess.CompletedProcess[str]:
    """One real ``microtask`` run, warnings as errors like pytest; MICROTASK_HOME, TZ inherited."""
    return subprocess.run(
        [sys.executable, "-W", "error", "-m", "microtask", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )


def ok(*args: str) -> subprocess.CompletedProcess[str]:
    done = microtask(*args)
    assert done.returncode == 0, f"microtask {' '.join(args)}: {done.stderr}"
    assert done.stderr == ""
    return done


@contextmanager
def sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """An existing database file, opened read-write (never created by a check)."""
    with closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True)) as conn:
        yield conn


def wait_for(path: Path, processes: Sequence[subprocess.Popen[Any]]) -> None:
    """Poll until ``path`` exists; fail early if a process died before creating it."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not path.exists():
        for process in processes:
            if process.poll() is not None:
                _, err = process.communicate()
                pytest.fail(f"driver exited {process.returncode} before {path.name}: {err}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {path}")
        time.sleep(POLL_SECONDS)


# -- two writers at once -----------------------------------------------------------------

ADD_DRIVER = """
import sys, time
from pathlib import Path
from typer.main import get_command
from microtask.cli.app import app

name, count, ready, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
command = get_command(app)
ready.touch()
deadline = time.monotonic() + 60
while not go.exists():
    if time.monotonic() > deadline:
        sys.exit("never released")
    time.sleep(0.001)
for i in range(count):
    code = command.main(["add", f"{name}-{i}"], prog_name="microtask", standalone_mode=False)
    if code not in (None, 0):
        sys.exit(f"add {name}-{i} exited {code}")
"""

ADDS_EACH = 300


@pytest.mark.slow
def test_two_processes_adding_300_tasks_each_end_with_600(
    tmp_path: Path, isolated_home: Path
) -> None:
    go = tmp_path / "go"
    names = ("p0", "p1")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", ADD_DRIVER, name, str(ADDS_EACH), str(tmp_path / name), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for name in names
    ]
    try:
        for name in names:
            wait_for(tmp_path / name, processes)
        go.touch()  # both start writing now, on a store that does not exist yet
        outputs = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert err == ""
        assert len(out.splitlines()) == ADDS_EACH
    with sqlite(isolated_home / "microtask.db") as conn:
        rows = conn.execute("SELECT id, title FROM tasks").fetchall()
        undo_rows = conn.execute("SELECT count(*) FROM undo_log").fetchone()[0]
    titles = [title for _, title in rows]
    assert len(rows) == 2 * ADDS_EACH
    assert sorted(titles) == sorted(f"{n}-{i}" for n in names for i in range(ADDS_EACH))
    assert sorted(task_id for task_id, _ in rows) == list(range(1, 2 * ADDS_EACH + 1))
    assert undo_rows == 2 * ADDS_EACH
    # The two writers really overlapped: their ids interleave.
    ids = {n: [task_id for task_id, title in rows if title.startswith(n + "-")] for n in names}
    assert min(ids["p0"]) < max(ids["p1"])
    assert min(ids["p1"]) < max(ids["p0"])


# -- SIGKILL in the middle of multi-row changes ---------------------------------------------

STEPS = 50  # every split makes exactly this many subtasks
KILL_ROUNDS = 20
# More than a process gets through in 300 ms, yet every round together stays inside the
# undo journal's history, which is what counts the committed changes.
OPS_PER_ROUND = (UNDO_HISTORY - 1) // KILL_ROUNDS

KILL_DRIVER = """
import json, sys
from pathlib import Path
from typer.main import get_command
from microtask.cli.app import app

ops = json.loads(Path(sys.argv[1]).read_text())
progress = open(sys.argv[2], "a")
command = get_command(app)
Path(sys.argv[3]).touch()
for index, args in ops:
    code = command.main(args, prog_name="microtask", standalone_mode=False)
    if code not in (None, 0):
        sys.exit(f"op {index} {args} exited {code}")
    progress.write(f"{index}\\n")
    progress.flush()
"""


@dataclass(frozen=True)
class Op:
    """One CLI change: ``ids`` are the tasks an add or split creates; ``target`` is the
    task split, or the root of the subtree that done --cascade or rm changes."""

    kind: str  # add | split | done | rm
    target: int | None
    ids: tuple[int, ...]

    def args(self) -> list[str]:
        if self.kind == "add":
            return ["add", f"Root {self.ids[0]}"]
        if self.kind == "split":
            return ["split", str(self.target), *(f"Step {i} of {self.target}" for i in self.ids)]
        if self.kind == "done":
            return ["done", str(self.target), "--cascade"]
        return ["rm", str(self.target), "--yes"]


def workload(count: int) -> list[Op]:
    """A repeating pattern of multi-row changes; ids are known in advance (AUTOINCREMENT).

    Group 0: add, split into 50, done --cascade (51 rows updated).
    Group 1: add, split into 50, split the first step into 50, rm the root (101 rows).
    Group 2: add, split into 50, left open.
    """
    ops: list[Op] = []
    next_id = 1

    def new_ids(n: int) -> tuple[int, ...]:
        nonlocal next_id
        ids = tuple(range(next_id, next_id + n))
        next_id += n
        return ids

    group = 0
    while len(ops) < count:
        root = new_ids(1)
        ops.append(Op("add", None, root))
        steps = new_ids(STEPS)
        ops.append(Op("split", root[0], steps))
        if group % 3 == 0:
            ops.append(Op("done", root[0], ()))
        elif group % 3 == 1:
            ops.append(Op("split", steps[0], new_ids(STEPS)))
            ops.append(Op("rm", root[0], ()))
        group += 1
    return ops[:count]


@dataclass
class Model:
    """What the store must hold after some prefix of the workload: id -> (title, status, parent)."""

    rows: dict[int, tuple[str, str, int | None]] = field(default_factory=dict)

    def subtree(self, root: int) -> set[int]:
        found = {root}
        grew = True
        while grew:
            more = {i for i, (_, _, parent) in self.rows.items() if parent in found} - found
            found |= more
            grew = bool(more)
        return found

    def apply(self, op: Op) -> None:
        if op.kind == "add":
            self.rows[op.ids[0]] = (f"Root {op.ids[0]}", "open", None)
        elif op.kind == "split":
            for i in op.ids:
                self.rows[i] = (f"Step {i} of {op.target}", "open", op.target)
        elif op.kind == "done":
            assert op.target is not None
            for i in self.subtree(op.target):
                title, _, parent = self.rows[i]
                self.rows[i] = (title, "done", parent)
        else:
            assert op.target is not None
            for i in self.subtree(op.target):
                del self.rows[i]


def expected_after(ops: Sequence[Op]) -> Model:
    model = Model()
    for op in ops:
        model.apply(op)
    return model


def check_store(database: Path, ops: Sequence[Op]) -> int:
    """Check every invariant after a kill; return how many changes are committed."""
    if not database.exists():  # killed before the first change opened the store
        return 0
    with sqlite(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = conn.execute("SELECT name FROM sqlite_master").fetchall()
        if ("undo_log",) not in tables:  # killed while creating the schema: all or nothing
            assert tables == []
            return 0
        children = conn.execute(
            "SELECT parent_id, count(*) FROM tasks WHERE parent_id IS NOT NULL GROUP BY parent_id"
        ).fetchall()
        assert all(n % STEPS == 0 for _, n in children), children
        committed = int(conn.execute("SELECT count(*) FROM undo_log").fetchone()[0])
        assert committed < UNDO_HISTORY  # else the journal is trimmed and cannot count
        rows = {
            int(r[0]): (r[1], r[2], r[3])
            for r in conn.execute("SELECT id, title, status, parent_id FROM tasks")
        }
        last = conn.execute("SELECT payload FROM undo_log ORDER BY id DESC LIMIT 1").fetchone()
    # Exactly the first `committed` changes are in the store, each whole.
    before_last = expected_after(ops[: committed - 1]) if committed else Model()
    after = expected_after(ops[:committed])
    assert rows == after.rows
    if committed:
        op = ops[committed - 1]
        images = {int(i): image for i, image in json.loads(last[0])["tasks"]}
        if op.kind in ("add", "split"):  # created: no before-image, all exist now
            assert images == dict.fromkeys(op.ids)
            assert set(op.ids) <= set(rows)
        else:
            assert op.target is not None
            subtree = before_last.subtree(op.target)
            assert set(images) == subtree
            assert all(image is not None and image["status"] == "open" for image in images.values())
            if op.kind == "done":
                assert {rows[i][1] for i in subtree} == {"done"}
            else:
                assert not subtree & set(rows)
    return committed


@pytest.mark.slow
def test_sigkill_mid_write_never_leaves_a_half_applied_change(
    tmp_path: Path, isolated_home: Path
) -> None:
    database = isolated_home / "microtask.db"
    ops = workload(KILL_ROUNDS * OPS_PER_ROUND)
    rng = random.Random(20261123)
    committed = 0
    killed = 0
    for round_ in range(KILL_ROUNDS):
        batch = ops[committed : committed + OPS_PER_ROUND]
        plan = tmp_path / f"plan-{round_}.json"
        plan.write_text(json.dumps([[committed + n, op.args()] for n, op in enumerate(batch)]))
        progress = tmp_path / f"progress-{round_}"
        ready = tmp_path / f"ready-{round_}"
        process = subprocess.Popen(
            [sys.executable, "-c", KILL_DRIVER, str(plan), str(progress), str(ready)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        try:
            wait_for(ready, [process])
            try:
                process.wait(timeout=rng.uniform(0.0, 0.3))
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode == -signal.SIGKILL:
            killed += 1
        else:
            assert process.returncode == 0, err
        returned = len(progress.read_text().split()) if progress.exists() else 0

        now_committed = check_store(database, ops)
        # Each change that returned was committed; at most the one in flight also was.
        assert committed + returned <= now_committed <= committed + returned + 1
        committed = now_committed

    assert killed >= KILL_ROUNDS // 2  # the kills did land while the driver was writing
    assert committed > 0
    listing = ok("list")
    assert listing.stdout.strip()
    every = json.loads(ok("list", "--all", "--json").stdout)
    assert {t["id"] for t in every} == set(expected_after(ops[:committed]).rows)


# -- permissions, journal mode -------------------------------------------------------------


def test_a_fresh_store_is_private_and_in_wal_mode(isolated_home: Path) -> None:
    assert not isolated_home.exists()
    ok("add", "x")
    database = isolated_home / "microtask.db"
    assert stat.S_IMODE(os.stat(isolated_home).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(database).st_mode) == 0o600
    with sqlite(database) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


# -- schema versions -------------------------------------------------------------------------


def file_state(database: Path) -> tuple[bytes, int, bool, bool]:
    return (
        database.read_bytes(),
        os.stat(database).st_mtime_ns,
        Path(f"{database}-wal").exists(),
        Path(f"{database}-shm").exists(),
    )


def test_a_store_from_a_newer_version_is_refused_and_left_untouched(isolated_home: Path) -> None:
    ok("add", "x")
    database = isolated_home / "microtask.db"
    with sqlite(database) as conn:
        conn.execute("UPDATE microtask_schema SET version = 999")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = file_state(database)

    refused = microtask("list")

    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    lines = refused.stderr.splitlines()
    assert len(lines) == 1
    assert "999" in lines[0]
    assert "version" in lines[0]
    assert refused.stdout == ""
    assert file_state(database) == before


def schema_of(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def version_of(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT version FROM microtask_schema").fetchall()


CURRENT = migrations.LATEST_VERSION


@pytest.fixture
def current_store(tmp_path: Path) -> Path:
    """A store at this program's schema version, holding one task."""
    from microtask.services import App, TaskFields, add_task

    path = tmp_path / "microtask.db"
    app = App(str(path))
    try:
        add_task(app, TaskFields(title="old task"))
    finally:
        app.close()
    with sqlite(path) as conn:
        assert version_of(conn) == [(CURRENT,)]
    return path


def with_migration(monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Pretend this program knows one more schema version, made by ``script``."""
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, script))
    monkeypatch.setattr(migrations, "LATEST_VERSION", CURRENT + 1)


def test_migrating_an_older_store_keeps_a_backup_and_applies_the_new_version(
    current_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_migration(monkeypatch, "ALTER TABLE tasks ADD COLUMN x INTEGER")

    connect(str(current_store)).close()

    backups = sorted(current_store.parent.glob(f"microtask.db.v{CURRENT}-*.bak"))
    assert len(backups) == 1
    assert stat.S_IMODE(os.stat(backups[0]).st_mode) == 0o600
    with sqlite(backups[0]) as old:
        assert old.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert version_of(old) == [(CURRENT,)]
        assert old.execute("SELECT title FROM tasks").fetchall() == [("old task",)]
        assert "x" not in columns(old, "tasks")
    with sqlite(current_store) as new:
        assert version_of(new) == [(CURRENT + 1,)]
        assert "x" in columns(new, "tasks")
        assert new.execute("SELECT title, x FROM tasks").fetchall() == [("old task", None)]


BROKEN_MIGRATION = (
    "ALTER TABLE tasks ADD COLUMN y INTEGER;\nALTER TABLE no_such_table ADD COLUMN z INTEGER;\n"
)


def test_a_migration_failing_halfway_leaves_the_store_at_its_old_version_unchanged(
    current_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite(current_store) as conn:
        before = (schema_of(conn), conn.execute("SELECT * FROM tasks").fetchall())
    with_migration(monkeypatch, BROKEN_MIGRATION)

    with pytest.raises((StorageError, sqlite3.Error), match="no_such_table"):
        connect(str(current_store))

    with sqlite(current_store) as conn:
        assert version_of(conn) == [(CURRENT,)]
        assert "y" not in columns(conn, "tasks")
        assert (schema_of(conn), conn.execute("SELECT * FROM tasks").fetchall()) == before


def test_a_failed_migration_is_reported_on_one_line_with_exit_1(
    current_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from microtask.cli.app import app

    with_migration(monkeypatch, BROKEN_MIGRATION)
    result = CliRunner().invoke(app, ["--db", str(current_store), "list"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "no_such_table" in lines[0]


# -- where the store is ------------------------------------------------------------------------


def titles_in(database: Path) -> list[str]:
    with sqlite(database) as conn:
        return [row[0] for row in conn.execute("SELECT title FROM tasks ORDER BY id")]


@pytest.mark.slow
def test_db_option_and_microtask_db_variable_choose_the_store(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_option = tmp_path / "option.db"
    by_variable = tmp_path / "variable.db"
    ok("--db", str(by_option), "add", "via option")
    monkeypatch.setenv("MICROTASK_DB", str(by_variable))
    ok("add", "via variable")
    ok("--db", str(by_option), "add", "option beats variable")

    assert titles_in(by_option) == ["via option", "option beats variable"]
    assert titles_in(by_variable) == ["via variable"]
    assert not (isolated_home / "microtask.db").exists()


def affinity(declared: str) -> str:
    """SQLite's column affinity for a declared type: VARCHAR and TEXT are the same thing."""
    name = declared.upper()
    if "INT" in name:
        return "INTEGER"
    if any(word in name for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not name or "BLOB" in name:
        return "BLOB"
    if any(word in name for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def table_shape(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    keys = [row for row in info if row[5]]
    shape_columns = []
    for _, name, declared, notnull, default, pk in info:
        # A lone INTEGER PRIMARY KEY is the rowid: never NULL, whether declared so or not.
        rowid = pk and len(keys) == 1 and declared.upper() == "INTEGER"
        # The default as a value: '0' (SQLAlchemy quotes it) and 0 are the same for a number.
        value = None if default is None else str(default).strip("'")
        shape_columns.append((name, affinity(declared), bool(notnull or rowid), pk, value))
    foreign = sorted(
        (row[2], row[3], row[4], row[6].upper())
        for row in conn.execute(f"PRAGMA foreign_key_list({table})")
    )
    return {"columns": shape_columns, "foreign_keys": foreign}


def statuses(location: str) -> dict[int, str]:
    listing = json.loads(ok("--db", location, "list", "--all", "--json").stdout)
    return {int(t["id"]): str(t["status"]) for t in listing}


@pytest.mark.slow
def test_a_sqlalchemy_url_store_works_end_to_end_with_the_same_tables(tmp_path: Path) -> None:
    url_file = tmp_path / "via-url.db"
    url = f"sqlite:///{url_file}"
    ok("--db", url, "add", "first")
    ok("--db", url, "add", "second", "-t", "web")
    listed = json.loads(ok("--db", url, "list", "--json").stdout)
    assert sorted((t["id"], t["title"], t["tags"]) for t in listed) == [
        (1, "first", []),
        (2, "second", ["web"]),
    ]
    ok("--db", url, "done", "1")
    assert statuses(url) == {1: "done", 2: "open"}
    assert ok("--db", url, "undo").stdout.startswith("Undid: done")
    assert statuses(url) == {1: "open", 2: "open"}
    ok("--db", url, "start", "2")  # a session row takes its focus and pause from defaults
    ok("--db", url, "stop")
    report = json.loads(ok("--db", url, "report", "--by", "tag", "--json").stdout)
    assert report["sessions"] == 1
    assert [group["label"] for group in report["groups"]] == ["web"]

    path_file = tmp_path / "via-path.db"
    ok("--db", str(path_file), "list")
    assert url_file.exists()
    with sqlite(url_file) as by_url, sqlite(path_file) as by_path:
        assert version_of(by_url) == version_of(by_path) == [(migrations.LATEST_VERSION,)]
        for table in (
            "tasks",
            "task_tags",
            "undo_log",
            "microtask_schema",
            "blocks",
            "sessions",
            "activity",
            "providers",
            "delegations",
        ):
            assert table_shape(by_url, table) == table_shape(by_path, table), table
