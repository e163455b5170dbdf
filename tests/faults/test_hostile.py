"""The real binary against hostile stores, files, text and settings: each case ends with
the exact exit code, one line on stderr, no traceback, and the store byte for byte as it
was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NOW = "2026-11-23T10:00:00+01:00"


def run(
    home: Path, *args: str | bytes, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "microtask", *args],
        capture_output=True,
        timeout=120,
        env={**os.environ, "MICROTASK_HOME": str(home), "MICROTASK_NOW": NOW, **(env or {})},
        check=False,
    )


def digest(home: Path) -> str:
    found = hashlib.sha256()
    for path in sorted(home.glob("microtask.db*")):
        found.update(path.name.encode() + path.read_bytes())
    return found.hexdigest()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A store holding two tasks, its write-ahead log folded in."""
    home = tmp_path / "home"
    assert run(home, "add", "Keep me").returncode == 0
    assert run(home, "add", "Keep me too").returncode == 0
    with closing(sqlite3.connect(home / "microtask.db")) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return home


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str | bytes, ...]
    code: int
    says: str
    settings: str | None = None
    env: tuple[tuple[str, str], ...] = ()


CASES = [
    Case("not UTF-8", ("add", b"bad\xfftitle"), 1, "is not valid UTF-8 text"),
    Case("not UTF-8 tag", ("add", "Fine", "-t", b"\xfe"), 1, "is not valid UTF-8 text"),
    Case("huge limit", ("list", "--limit", "9" * 30), 2, "is not in the range"),
    Case("huge id", ("show", "9" * 30), 1, "invalid task id"),
    Case(
        "end of time",
        ("report",),
        1,
        "is out of range",
        env=(("MICROTASK_NOW", "9999-12-31T23:59:59"),),
    ),
    Case(
        "start of time",
        ("add", "x"),
        1,
        "is out of range",
        env=(("MICROTASK_NOW", "0001-01-01T00:00:00"),),
    ),
    Case(
        "misspelt table",
        ("list",),
        1,
        "did you mean pomodoro?",
        settings="[pomodro]\nwork = '25m'\n",
    ),
    Case(
        "NaN coefficient",
        ("next",),
        1,
        "must be a number from -1000 to 1000",
        settings="[urgency]\ndue = nan\n",
    ),
    Case(
        "zero ramp",
        ("today",),
        1,
        "age_max_days must be a number more than 0",
        settings="[urgency]\nage_max_days = 0\n",
    ),
    Case(
        "wrong type",
        ("today",),
        1,
        "[pomodoro] work must be a duration of more than 0 and at most a day",
        settings="[pomodoro]\nwork = true\n",
    ),
    Case(
        "table as a value",
        ("list",),
        1,
        "[pomodoro] must be a table",
        settings="pomodoro = 3\n",
    ),
    Case(
        "broken TOML",
        ("list",),
        1,
        "is not valid TOML: Expected ']' at the end of a table declaration (at line 1",
        settings="[pomodoro\nwork = '25m'\n",
    ),
    Case(
        "infinite coefficient",
        ("next",),
        1,
        "[urgency] due must be a number from -1000 to 1000, not inf",
        settings="[urgency]\ndue = 1e400\n",
    ),
    Case(
        "device output",
        ("report", "-o", "/dev/full", "--force"),
        4,
        "is a device, not a regular file",
    ),
    Case(
        "folder output", ("report", "-o", "/tmp", "--force"), 4, "is a folder, not a regular file"
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_one_line_and_leaves_the_store_as_it_was(home: Path, case: Case) -> None:
    env = dict(case.env)
    if case.settings is not None:
        (home / "config.toml").write_text(case.settings)
    before = digest(home)

    result = run(home, *case.args, env=env)

    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == case.code, stderr
    assert "Traceback" not in stderr
    assert case.says in stderr
    if case.code != 2:  # usage errors print click's usage lines above the error
        assert len(stderr.splitlines()) == 1, stderr
    assert digest(home) == before


@pytest.mark.parametrize(
    ("poison", "says"),
    [
        (b"", "is an empty file, not a microtask store"),
        (os.urandom(4096), "file is not a database: this is not a microtask store"),
        (b"SQLite format 3\x00" + os.urandom(4080), "database"),
    ],
    ids=["zero bytes", "random bytes", "broken header"],
)
def test_a_store_that_is_not_one_is_refused_in_one_line_and_left_alone(
    tmp_path: Path, poison: bytes, says: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "microtask.db").write_bytes(poison)

    result = run(home, "list")

    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert says in stderr
    assert (home / "microtask.db").read_bytes() == poison


def test_a_planted_trigger_never_runs(home: Path) -> None:
    with closing(sqlite3.connect(home / "microtask.db")) as conn:
        conn.execute(
            "CREATE TRIGGER wipe AFTER UPDATE OF status ON tasks"
            " BEGIN DELETE FROM tasks WHERE id <> NEW.id; DELETE FROM undo_log; END"
        )
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(home)

    result = run(home, "done", "1")

    assert result.returncode == 1
    assert b"holds a trigger microtask did not create: 'wipe'" in result.stderr
    assert digest(home) == before


def test_a_planted_view_is_refused_before_anything_reads_it(home: Path) -> None:
    with closing(sqlite3.connect(home / "microtask.db")) as conn:
        conn.execute("CREATE VIEW open_tasks AS SELECT * FROM tasks WHERE status = 'open'")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(home)

    result = run(home, "list")

    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert "holds a view microtask did not create: 'open_tasks'" in stderr
    assert digest(home) == before


def test_a_truncated_store_is_called_damaged_and_left_alone(home: Path) -> None:
    steps = [f"Step {n}" for n in range(300)]
    assert run(home, "split", "1", *steps).returncode == 0
    with closing(sqlite3.connect(home / "microtask.db")) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store = home / "microtask.db"
    os.truncate(store, store.stat().st_size // 2)
    before = digest(home)

    for args in (("list",), ("add", "More"), ("show", "1")):
        result = run(home, *args)

        stderr = result.stderr.decode()
        assert result.returncode == 1, stderr
        assert len(stderr.splitlines()) == 1, stderr
        assert "database disk image is malformed: this is not a microtask store, or a " in stderr
        assert "restore it from a backup (see docs/storage.md)" in stderr
        assert digest(home) == before


@pytest.mark.parametrize("kind", ["FIFO", "socket"])
def test_a_fifo_or_socket_as_output_is_refused_without_opening_it(
    home: Path, tmp_path: Path, kind: str
) -> None:
    import socket

    target = tmp_path / "special"
    if kind == "FIFO":
        os.mkfifo(target)  # opening it to write would wait for a reader for ever
        listener = None
    else:
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(str(target))
    try:
        result = run(home, "report", "-o", str(target), "--force")
    finally:
        if listener is not None:
            listener.close()

    stderr = result.stderr.decode()
    assert result.returncode == 4, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert f"is a {'named pipe' if kind == 'FIFO' else 'socket'}, not a regular file" in stderr
    assert not stat.S_ISREG(target.lstat().st_mode)
