"""Bad input: the right exit code, one line on stderr, no traceback, and nothing written."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.conftest import Run

Snapshot = dict[str, list[tuple[Any, ...]]]


def store_contents(database: Path) -> Snapshot:
    """Every row the CLI can write, read straight from the file."""
    with closing(sqlite3.connect(database)) as conn:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("tasks", "task_tags", "undo_log", "microtask_schema")
        }


@pytest.fixture
def database(run: Run, isolated_home: Path) -> Path:
    """1 Parent > (2 Child A > 5 Grandchild, 3 Child B); 4 Loose, tagged and estimated."""
    run("add", "Parent")
    run("split", "1", "Child A", "Child B")
    run("add", "Loose", "-t", "home", "-e", "25m")
    run("split", "2", "Grandchild")
    path = isolated_home / "microtask.db"
    assert path.exists()
    return path


def assert_one_line_error(result: Result) -> str:
    """The message of a refused command: a single 'Error: ...' line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}"
    )
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert lines[0].removeprefix("Error: ").strip()
    return lines[0]


REFUSED: list[tuple[str, tuple[str, ...], int, tuple[str, ...]]] = [
    # (test id, arguments, exit code, texts the message must contain)
    ("empty-title", ("add", ""), 1, ("title is empty",)),
    ("whitespace-title", ("add", "  \t "), 1, ("title is empty",)),
    ("edit-to-whitespace-title", ("edit", "4", "--title", "   "), 1, ("title is empty",)),
    ("show-unknown-id", ("show", "999"), 3, ("999",)),
    ("done-unknown-id", ("done", "999"), 3, ("999",)),
    ("done-known-and-unknown-id", ("done", "4", "999"), 3, ("999",)),
    ("edit-unknown-id", ("edit", "999", "--title", "x"), 3, ("999",)),
    ("rm-unknown-id", ("rm", "999", "--yes"), 3, ("999",)),
    ("rm-known-and-unknown-id", ("rm", "4", "999", "--yes"), 3, ("999",)),
    ("add-under-unknown-parent", ("add", "x", "--parent", "999"), 3, ("999",)),
    ("edit-known-id-to-unknown-parent", ("edit", "4", "--title", "New", "--parent", "999"), 3,
     ("999",)),
    ("show-non-numeric-id", ("show", "abc"), 1, ("'abc'", "task number")),
    ("done-non-numeric-id", ("done", "4", "abc"), 1, ("'abc'", "task number")),
    ("bad-due", ("add", "x", "--due", "blorp"), 1,
     ("'blorp'", "tomorrow", "in 3 days", "2026-12-01", "fri 17:00")),
    ("edit-bad-due", ("edit", "4", "--due", "blorp"), 1, ("'blorp'", "tomorrow")),
    ("zero-estimate", ("add", "x", "--estimate", "0"), 1, ("'0'", "25m")),
    ("negative-estimate", ("add", "x", "--estimate", "-5m"), 1, ("'-5m'", "25m")),
    ("negative-estimate-joined", ("add", "x", "--estimate=-5m"), 1, ("'-5m'",)),
    ("estimate-over-a-week", ("add", "x", "--estimate", "9999h"), 1, ("'9999h'", "week")),
    ("non-duration-estimate", ("add", "x", "-e", "abc"), 1, ("'abc'", "25m")),
    ("edit-bad-estimate", ("edit", "4", "-e", "abc"), 1, ("'abc'",)),
    ("unknown-priority", ("add", "x", "-p", "extreme"), 1,
     ("'extreme'", "low", "medium", "high", "urgent")),
    ("parent-is-own-subtask", ("edit", "1", "--parent", "2"), 4,
     ("task 2 is a subtask of task 1", "own subtask")),
    ("parent-is-own-grandchild", ("edit", "1", "--parent", "5"), 4,
     ("task 5 is a subtask of task 1", "own subtask")),
    ("parent-is-itself", ("edit", "1", "--parent", "1"), 4, ("own parent",)),
    ("done-with-open-subtasks", ("done", "1"), 4,
     ("2 'Child A'", "3 'Child B'", "--cascade")),
    ("unknown-status", ("list", "--status", "weird"), 1, ("'weird'", "open", "done", "dropped")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "mentions"),
    [pytest.param(args, code, mentions, id=name) for name, args, code, mentions in REFUSED],
)
def test_bad_input_exits_with_its_code_one_error_line_and_changes_nothing(
    run: Run, database: Path, args: tuple[str, ...], code: int, mentions: tuple[str, ...]
) -> None:
    before = store_contents(database)
    result = run(*args, code=code)
    message = assert_one_line_error(result)
    for text in mentions:
        assert text in message
    assert store_contents(database) == before


def test_a_refused_change_leaves_the_undo_journal_as_it_was(run: Run, database: Path) -> None:
    run("done", "4", "999", code=3)
    run("edit", "1", "--parent", "2", code=4)
    # The last change is still the last split: undo removes the grandchild, not anything else.
    assert run("undo").stdout.startswith("Undid: split task 2")
    with closing(sqlite3.connect(database)) as conn:
        rows = conn.execute("SELECT id, status FROM tasks ORDER BY id").fetchall()
    assert rows == [(1, "open"), (2, "open"), (3, "open"), (4, "open")]


def test_undo_with_nothing_to_undo_exits_4_and_writes_nothing(
    run: Run, isolated_home: Path
) -> None:
    run("list")  # creates the empty store
    database = isolated_home / "microtask.db"
    before = store_contents(database)
    message = assert_one_line_error(run("undo", code=4))
    assert "nothing to undo" in message
    assert store_contents(database) == before
    assert before["tasks"] == []
    assert before["undo_log"] == []


def test_list_limit_zero_is_a_usage_error_with_exit_2(run: Run, database: Path) -> None:
    before = store_contents(database)
    result = run("list", "--limit", "0", code=2)
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "--limit" in result.stderr
    assert store_contents(database) == before


BAD_BYTES = b"bad\xfftitle".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    "args",
    [
        ["add", BAD_BYTES],
        ["add", "Fine", "-t", BAD_BYTES],
        ["add", "Fine", "-P", BAD_BYTES],
        ["add", "Fine", "--note", BAD_BYTES],
        ["edit", "4", "--title", BAD_BYTES],
        ["split", "4", BAD_BYTES],
        ["list", "--tag", BAD_BYTES],
        ["list", "--project", BAD_BYTES],
        ["provider", "add", BAD_BYTES],
        ["block", "add", "09:00-10:00", BAD_BYTES],
    ],
)
def test_text_that_is_not_utf8_is_refused_in_one_line_and_nothing_is_written(
    run: Run, database: Path, args: list[str]
) -> None:
    before = store_contents(database)
    result = run(*args, code=1)
    message = assert_one_line_error(result)
    assert "is not valid UTF-8 text: 'bad\\xfftitle'" in message
    assert store_contents(database) == before


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--limit", "99999999999999999999"],
        ["triage", "--list", "--limit", "99999999999999999999"],
        ["outsource", "--limit", "99999999999999999999"],
        ["pomodoro", "--free", "--yes", "--long-every", "99999999999999999999"],
        ["show", "99999999999999999999"],
    ],
)
def test_integers_past_what_the_store_holds_are_refused_without_a_traceback(
    run: Run, database: Path, args: list[str]
) -> None:
    before = store_contents(database)
    result = run(*args, code=2 if args[0] in ("list", "triage") else 1)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert store_contents(database) == before


def test_a_step_over_the_title_limit_is_refused_however_it_comes_in(
    run: Run, database: Path, tmp_path: Path
) -> None:
    before = store_contents(database)
    long = "x" * 600
    message = assert_one_line_error(run("split", "4", "Fine", long, code=1))
    assert "the title is 600 characters long: at most 500 are accepted" in message
    steps = tmp_path / "steps.md"
    steps.write_text("- [ ] fine\n- [ ] " + "y" * 1_000_000 + "\n")
    message = assert_one_line_error(run("split", "4", "--from", str(steps), code=1))
    assert message.startswith("Error: line 2: step '- [ ] yyyy")
    assert "at most 500 are accepted" in message
    steps.write_text("fine\nnul\x00inside\n")
    message = assert_one_line_error(run("split", "4", "--from", str(steps), code=1))
    assert "line 2:" in message
    assert "NUL character" in message
    assert store_contents(database) == before


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59", "0001-01-01T00:00:00"])
@pytest.mark.parametrize("args", [["add", "Fine"], ["list"], ["report"]])
def test_a_pinned_clock_at_the_ends_of_time_is_refused_in_one_line(
    run: Run, database: Path, monkeypatch: pytest.MonkeyPatch, now: str, args: list[str]
) -> None:
    before = store_contents(database)
    monkeypatch.setenv("MICROTASK_NOW", now)
    message = assert_one_line_error(run(*args, code=1))
    assert f"MICROTASK_NOW={now!r} is out of range" in message
    assert store_contents(database) == before


@pytest.mark.parametrize("args", [["list", "--all", "--json"], ["list", "--all"]])
def test_a_list_cut_short_by_the_reader_ends_quietly(args: list[str], on_each_backend: str) -> None:
    """``microtask list --json | head -1``: the pipe breaks mid-list, and no traceback or
    "Exception ignored" follows the lines the reader took."""
    import os
    import subprocess
    import sys

    from microtask.db.engine import connect

    database = connect(on_each_backend)
    with database.write() as conn:
        conn.run_many_rows(
            "INSERT INTO tasks (title, created_ts, updated_ts) VALUES (?, 0, 0)",
            [
                (f"A task with a long enough title to fill the pipe, number {n}",)
                for n in range(3000)
            ],
        )
    database.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "microtask", "--db", on_each_backend, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MICROTASK_NOW": "2026-11-23T10:00:00+01:00"},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    process.wait(timeout=60)
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert errors == ""


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["show", "1"]])
def test_an_output_encoding_that_cannot_write_the_text_is_refused_in_one_line(
    args: list[str], run: Run, isolated_home: Path
) -> None:
    """PYTHONIOENCODING=ascii (or a legacy locale): one line naming the encoding, the
    character and what to set instead, exit 1; the same text prints under UTF-8."""
    import os
    import subprocess
    import sys

    run("add", "Café plan")
    env = {**os.environ, "MICROTASK_NOW": "2026-11-23T10:00:00+01:00"}
    command = [sys.executable, "-m", "microtask", *args]
    refused = subprocess.run(
        command, capture_output=True, env={**env, "PYTHONIOENCODING": "ascii"}, timeout=60
    )
    assert refused.returncode == 1
    assert b"Traceback" not in refused.stderr
    lines = refused.stderr.decode("ascii").splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: the output's encoding (ascii) cannot write '\\")
    assert lines[0].endswith("set PYTHONIOENCODING=utf-8 or a UTF-8 locale (LANG=C.UTF-8)")
    shown = subprocess.run(
        command, capture_output=True, env={**env, "PYTHONIOENCODING": "utf-8"}, timeout=60
    )
    assert shown.returncode == 0
    assert "Café plan" in shown.stdout.decode("utf-8")
