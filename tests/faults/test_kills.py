"""SIGKILL at random moments of `undo`, an export, a bulk import and a schema upgrade,
with the real binary: each time, the store passes SQLite's integrity check and is exactly
as it was before the command or exactly as the command would have left it, never in
between; an export's target is the old file or the whole new one.

(`add`, `split`, `done` and `rm` are killed the same way in tests/db/test_durability.py.)
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pytest

from microtask.db import migrations
from tests.faults.test_hostile import NOW, run

pytestmark = pytest.mark.slow

ROUNDS = 12


def contents(database: Path) -> list[str]:
    """The store's rows and schema as SQL, after an integrity check."""
    with closing(sqlite3.connect(database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return list(conn.iterdump())


def timed(home: Path, args: Sequence[str]) -> float:
    """How long ``microtask ARGS`` takes on this machine now (run on a copy of ``home``)."""
    import time

    copy = home.with_name(home.name + "-timing")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(home, copy)
    started = time.monotonic()
    assert run(copy, *args).returncode == 0
    return time.monotonic() - started


def killed_somewhere(
    home: Path, args: Sequence[str], rng: random.Random, takes: float, earliest: float = 0.3
) -> bool:
    """Run ``microtask ARGS`` and SIGKILL it at a random moment of the ``takes`` seconds a
    whole run takes; True if it was killed (False: it finished first, and succeeded)."""
    env = {**os.environ, "MICROTASK_HOME": str(home), "MICROTASK_NOW": NOW}
    process = subprocess.Popen(
        [sys.executable, "-m", "microtask", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        process.wait(timeout=rng.uniform(earliest, 1.05) * takes)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    if process.returncode == -signal.SIGKILL:
        return True
    assert process.returncode == 0, err
    return False


def twin(home: Path, tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(home, copy)
    return copy


@pytest.fixture
def busy_home(tmp_path: Path) -> Path:
    """A store with a history worth undoing: big splits, a cascade, a deletion."""
    home = tmp_path / "home"
    for round_ in range(4):
        assert run(home, "add", f"Project {round_}", "-e", "10h").returncode == 0
        parent = str(round_ * 402 + 1)
        steps = "".join(f"Step {n}\n" for n in range(400))
        split = subprocess.run(
            [sys.executable, "-m", "microtask", "split", parent, "--from", "-"],
            input=steps.encode(),
            env={**os.environ, "MICROTASK_HOME": str(home), "MICROTASK_NOW": NOW},
            capture_output=True,
            check=False,
        )
        assert split.returncode == 0, split.stderr
        assert run(home, "done", parent, "--cascade").returncode == 0
        assert run(home, "add", f"Loose end {round_}").returncode == 0
    assert run(home, "rm", "1", "--yes").returncode == 0
    return home


def test_a_killed_undo_leaves_the_change_either_undone_or_not(
    busy_home: Path, tmp_path: Path
) -> None:
    rng = random.Random(17)
    database = busy_home / "microtask.db"
    kills = 0
    takes = timed(busy_home, ["undo"])
    for _ in range(ROUNDS):
        before = contents(database)
        finished = twin(busy_home, tmp_path, "finished")
        assert run(finished, "undo").returncode == 0
        after = contents(finished / "microtask.db")
        assert after != before

        kills += killed_somewhere(busy_home, ["undo"], rng, takes)

        assert contents(database) in (before, after)
    assert kills > 0, "no run was killed: the window is too late for this machine"


def test_a_killed_export_leaves_the_old_file_or_the_whole_new_one(
    busy_home: Path, tmp_path: Path
) -> None:
    rng = random.Random(18)
    target = tmp_path / "week.csv"
    old = "the previous export\n"
    finished = twin(busy_home, tmp_path, "finished")
    made = tmp_path / "made.csv"
    assert run(finished, "report", "--format", "csv", "-o", str(made)).returncode == 0
    new = made.read_text()
    args = ["report", "--format", "csv", "-o", str(target), "--force"]
    kills = 0
    takes = timed(busy_home, args)
    for _ in range(ROUNDS):
        target.write_text(old)

        kills += killed_somewhere(busy_home, args, rng, takes)

        assert target.read_text() in (old, new)
    assert kills > 0, "no run was killed: the window is too late for this machine"
    assert run(busy_home, *args).returncode == 0
    assert target.read_text() == new


def old_store(path: Path, tasks: int) -> None:
    """A version-1 store (the first schema) holding ``tasks`` tasks."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"CREATE TABLE {migrations.VERSION_TABLE} (version INTEGER PRIMARY KEY)")
        conn.executescript(migrations.MIGRATIONS[0])
        conn.execute(f"INSERT INTO {migrations.VERSION_TABLE} VALUES (1)")
        conn.executemany(
            "INSERT INTO tasks (title, created_ts, updated_ts) VALUES (?, ?, ?)",
            ((f"Old task {n}", 1_700_000_000 + n, 1_700_000_000 + n) for n in range(tasks)),
        )
        conn.commit()


def version_and_titles(database: Path) -> tuple[int, list[str]]:
    with closing(sqlite3.connect(database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        (version,) = conn.execute(f"SELECT max(version) FROM {migrations.VERSION_TABLE}").fetchone()
        titles = [t for (t,) in conn.execute("SELECT title FROM tasks ORDER BY id")]
    return int(version), titles


def test_a_killed_upgrade_leaves_the_old_version_or_the_new_one_and_the_next_run_finishes(
    tmp_path: Path,
) -> None:
    rng = random.Random(19)
    home = tmp_path / "home"
    home.mkdir()
    database = home / "microtask.db"
    pristine = tmp_path / "v1.db"
    old_store(pristine, 30_000)
    titles = [f"Old task {n}" for n in range(30_000)]
    outcomes = set()
    shutil.copy(pristine, database)
    takes = timed(home, ["list", "--limit", "1"])
    # The upgrade is one stretch of the run (start-up before it, the first urgency refresh
    # after it): go on past ROUNDS until some kill has landed inside it.
    for round_ in range(4 * ROUNDS):
        if round_ >= ROUNDS and (True, 1) in outcomes:
            break
        for leftover in home.iterdir():
            leftover.unlink()
        shutil.copy(pristine, database)

        killed = killed_somewhere(home, ["list", "--limit", "1"], rng, takes, earliest=0.1)

        version, found = version_and_titles(database)
        assert version in (1, migrations.LATEST_VERSION)
        assert found == titles
        outcomes.add((killed, version))
        assert run(home, "list", "--limit", "1").returncode == 0
        assert version_and_titles(database) == (migrations.LATEST_VERSION, titles)
        assert not [p.name for p in home.iterdir() if p.name.endswith((".tmp", "-journal"))]
    assert (True, 1) in outcomes, f"no run was killed mid-upgrade: {outcomes}"


def test_a_killed_bulk_import_leaves_nothing_imported_or_all_of_it_with_every_index(
    tmp_path: Path,
) -> None:
    """Into a store holding fewer tasks, a bulk import drops the indexes and makes them
    again in its transaction: killed anywhere, the store is as before (indexes and all)
    or holds the whole import."""
    import json

    from microtask.db.repo import BULK_ROWS

    home = tmp_path / "home"
    for title in ("One", "Two", "Three"):
        assert run(home, "add", title).returncode == 0
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps(
            [
                {
                    "uuid": f"{n:08x}-0000-4000-8000-{n:012x}",
                    "description": f"Imported {n}",
                    "status": "pending",
                    "entry": "20260101T090000Z",
                    "tags": ["next"] if n % 3 else [],
                    **({"project": "site"} if n % 2 else {}),
                }
                for n in range(BULK_ROWS + 1000)
            ]
        )
    )
    args = ["import", "taskwarrior", str(export)]
    database = home / "microtask.db"
    before = contents(database)
    finished = twin(home, tmp_path, "finished")
    assert run(finished, *args).returncode == 0
    after = contents(finished / "microtask.db")
    rng = random.Random(23)
    takes = timed(home, args)
    base = twin(home, tmp_path, "base")
    kills = 0
    for _ in range(ROUNDS):
        shutil.rmtree(home)
        shutil.copytree(base, home)

        kills += killed_somewhere(home, args, rng, takes, earliest=0.2)

        assert contents(database) in (before, after)
    assert kills > 0, "no run was killed: the window is too late for this machine"
