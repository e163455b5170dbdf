"""Focus end to end: start/stop/status tracking, the focus record on tasks, and pomodoro runs.

Pomodoro runs are real time: they use 1 s phases, and the ones whose lengths come from the
config file run as a subprocess with a timeout, so a config that is not read fails the test
instead of running a 25-minute pomodoro.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.conftest import Run
from tests.factories import cli_store, store_sql, table_rows

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
Snapshot = dict[str, list[tuple[Any, ...]]]

DAY = "2026-11-23"  # the pinned Monday of tests/cli/conftest.py

STATUS_KEYS = {
    "running", "kind", "task_id", "task_title", "block_id", "phase", "paused", "cycle",
    "cycles", "started", "elapsed_seconds", "remaining_seconds", "focus_seconds", "pid",
    "heartbeat",
}  # fmt: skip
SESSION_KEYS = {"kind", "start", "end", "focus_seconds", "pause_seconds", "outcome"}
SUMMARY_KEYS = {
    "kind", "task_id", "task_title", "started", "ended", "focus_seconds", "focus_minutes",
    "pause_seconds", "pomodoros_completed", "pomodoros_interrupted", "stopped_early",
    "estimate_minutes", "estimate_left_minutes", "sessions",
}  # fmt: skip


@pytest.fixture(autouse=True)
def quiet_config(isolated_home: Path) -> Path:
    """No desktop notifications or bells from the pomodoros run here."""
    isolated_home.mkdir(parents=True, exist_ok=True)
    config = isolated_home / "config.toml"
    config.write_text("[pomodoro]\nnotify = false\nbell = false\n")
    return config


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Move the pinned wall clock to another time (``HH:MM[:SS]``) of the test's Monday."""

    def move(clock: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{DAY}T{clock}+01:00")

    return move


def store_contents(home: Path) -> Snapshot:
    """Every row the focus commands can write, read straight from the file."""
    return table_rows(cli_store(home), ("tasks", "blocks", "sessions", "activity", "undo_log"))


def session_rows(home: Path) -> list[tuple[Any, ...]]:
    return store_sql(
        cli_store(home), "SELECT kind, task_id, focus_seconds, outcome FROM sessions ORDER BY id"
    )


def assert_one_line_error(result: Result) -> str:
    """A refused command: one 'Error: ...' line on stderr, nothing on stdout, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}"
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def microtask(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The real program, stdin and stdout not terminals; the environment is the test's."""
    return subprocess.run(
        [sys.executable, "-m", "microtask", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
        check=False,
    )


# -- start, status, stop -----------------------------------------------------------------


def test_start_status_and_stop_track_time_on_a_task(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Write report")
    started = run_json("start", "1")
    assert set(started) == STATUS_KEYS
    assert started["running"] is True
    assert (started["kind"], started["task_id"], started["task_title"]) == (
        "tracked",
        1,
        "Write report",
    )
    assert started["started"] == f"{DAY}T10:00:00+01:00"
    assert started["phase"] is None
    assert started["paused"] is False
    at("10:01:30")
    status = run_json("status")
    assert set(status) == STATUS_KEYS
    assert status["elapsed_seconds"] == 90
    assert status["focus_seconds"] == 90
    assert status["remaining_seconds"] is None  # a tracking has no timer
    assert run("status").stdout == "Tracking task 1 'Write report' for 01:30 (since 10:00).\n"
    assert run("status", "--short").stdout == "tracking 01:30 Write report\n"
    stopped = run_json("stop")
    assert (stopped["stopped"], stopped["task_id"]) == ("tracked", 1)
    session = stopped["session"]
    assert set(session) >= SESSION_KEYS
    assert (session["start"], session["end"]) == (
        f"{DAY}T10:00:00+01:00",
        f"{DAY}T10:01:30+01:00",
    )
    assert (session["focus_seconds"], session["pause_seconds"], session["outcome"]) == (
        90,
        0,
        "completed",
    )
    assert run_json("status") == {"running": False}
    assert run("status").stdout == "Nothing running.\n"
    assert run("status", "--short").stdout == ""


def test_start_and_stop_print_one_line_each(run: Run, at: Callable[[str], None]) -> None:
    run("add", "Write report")
    assert run("start", "1").stdout == (
        "Tracking task 1 'Write report' since 10:00. Stop with: microtask stop\n"
    )
    at("10:25")
    assert run("stop").stdout == "Stopped tracking task 1 'Write report': 25m (10:00-10:25)\n"


def test_starting_while_something_runs_is_refused_with_exit_4_naming_it(
    run: Run, isolated_home: Path
) -> None:
    run("add", "Write report")
    run("add", "Email")
    run("start", "1")
    before = store_contents(isolated_home)
    for args in (("start", "2"), ("start", "1"), ("pomodoro", "2", "--work", "1s")):
        message = assert_one_line_error(run(*args, code=4))
        assert "tracking on task 1 'Write report'" in message
        assert "microtask stop" in message
    assert store_contents(isolated_home) == before
    assert [row[1] for row in session_rows(isolated_home)] == [1]


def test_stop_with_nothing_running_exits_4_and_writes_nothing(
    run: Run, isolated_home: Path
) -> None:
    run("add", "Write report")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("stop", code=4))
    assert "nothing is running" in message
    assert store_contents(isolated_home) == before
    assert session_rows(isolated_home) == []


def test_stop_twice_is_refused_the_second_time(run: Run, at: Callable[[str], None]) -> None:
    run("add", "Write report")
    run("start", "1")
    at("10:10")
    run("stop")
    assert "nothing is running" in run("stop", code=4).stderr


@pytest.mark.parametrize(
    ("prepare", "task", "code", "mention"),
    [
        ((), "99", 3, "no task with id 99"),
        (("done", "1"), "1", 4, "task 1 is done"),
        (("drop", "1"), "1", 4, "task 1 is dropped"),
        ((), "abc", 1, "'abc'"),
    ],
)
def test_start_on_an_unknown_closed_or_bad_id_is_refused_and_writes_nothing(
    run: Run,
    isolated_home: Path,
    prepare: tuple[str, ...],
    task: str,
    code: int,
    mention: str,
) -> None:
    run("add", "Write report")
    if prepare:
        run(*prepare)
    before = store_contents(isolated_home)
    assert mention in assert_one_line_error(run("start", task, code=code))
    assert store_contents(isolated_home) == before
    assert run("status", "--short").stdout == ""


# -- the focus record on tasks -----------------------------------------------------------


@pytest.fixture
def tracked_90_seconds(run: Run, at: Callable[[str], None]) -> None:
    run("add", "Write report", "-e", "1h")
    run("start", "1")
    at("10:01:30")
    run("stop")


@pytest.mark.usefixtures("tracked_90_seconds")
def test_focus_minutes_are_a_float_in_list_and_show_json(run_json: JsonRun) -> None:
    listed = run_json("list")[0]
    assert listed["focus_minutes"] == 1.5
    assert isinstance(listed["focus_minutes"], float)
    detail = run_json("show", "1")
    assert detail["focus_minutes"] == 1.5
    assert isinstance(detail["focus_minutes"], float)


def test_focus_minutes_keep_seconds_not_whole_minutes(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Write report")
    assert run_json("list")[0]["focus_minutes"] == 0
    run("start", "1")
    at("10:00:20")
    run("stop")
    assert run_json("show", "1")["focus_minutes"] == 0.33  # 20 s: minutes to 2 decimals


@pytest.mark.usefixtures("tracked_90_seconds")
def test_show_json_lists_the_sessions_with_the_contract_keys(run_json: JsonRun) -> None:
    sessions = run_json("show", "1")["sessions"]
    assert len(sessions) == 1
    session = sessions[0]
    assert set(session) >= SESSION_KEYS
    assert session["kind"] == "tracked"
    assert session["start"] == f"{DAY}T10:00:00+01:00"
    assert session["end"] == f"{DAY}T10:01:30+01:00"
    assert session["focus_seconds"] == 90
    assert session["pause_seconds"] == 0
    assert session["outcome"] == "completed"


@pytest.mark.usefixtures("tracked_90_seconds")
def test_show_text_has_the_focus_and_the_sessions(run: Run) -> None:
    out = run("show", "1").stdout
    focus = [line for line in out.splitlines() if line.startswith("Focus")]
    assert len(focus) == 1
    assert "1m30s" in focus[0]
    assert "1 session" in focus[0]
    assert "tracked" in out
    assert "completed" in out


@pytest.mark.usefixtures("tracked_90_seconds")
def test_rm_then_undo_brings_the_task_back_with_its_sessions(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    before = run_json("show", "1")
    run("rm", "1", "--yes")
    assert run_json("list", "--all") == []
    assert "rm 1 'Write report'" in run("undo").stdout
    after = run_json("show", "1")
    assert after["focus_minutes"] == 1.5
    assert after["sessions"] == before["sessions"]
    assert run_json("list")[0]["focus_minutes"] == 1.5
    assert [row[:2] for row in session_rows(isolated_home)] == [("tracked", 1)]


# -- pomodoro ----------------------------------------------------------------------------


@pytest.mark.slow  # three seconds of real pomodoro phases
def test_pomodoro_in_plain_mode_prints_a_line_per_phase_and_a_summary(
    run: Run, isolated_home: Path
) -> None:
    result = run("pomodoro", "--work", "1s", "--short-break", "1s", "--cycles", "2", "--free")
    lines = result.stdout.splitlines()
    phases = [line.split("  ", 1)[1] for line in lines[:-1]]
    assert [p.split(" \u00b7 ")[0] for p in phases] == [
        "work 1/2 started",
        "work 1/2 completed",
        "short break started",
        "short break ended",
        "work 2/2 started",
        "work 2/2 completed",
    ]
    assert all(line[:8].count(":") == 2 for line in lines[:-1])  # each stamped HH:MM:SS
    assert "free focus" in phases[0]
    assert lines[-1] == "Pomodoros: 2 completed \u00b7 focus 2s"
    assert result.stderr == ""
    rows = session_rows(isolated_home)
    assert [(kind, task, outcome) for kind, task, _, outcome in rows] == [
        ("pomodoro", None, "completed"),
        ("pomodoro", None, "completed"),
    ]
    assert [focus for _, _, focus, _ in rows] == [pytest.approx(1.0, abs=0.2)] * 2


def test_pomodoro_json_prints_the_summary_on_stdout_and_the_phases_on_stderr(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Write report", "-e", "1h")
    result = run("pomodoro", "1", "--work", "1s", "--cycles", "1", "--json")
    summary = json.loads(result.stdout)
    assert set(summary) >= SUMMARY_KEYS
    assert (summary["kind"], summary["task_id"], summary["task_title"]) == (
        "pomodoro",
        1,
        "Write report",
    )
    assert summary["started"] == f"{DAY}T10:00:00+01:00"
    assert summary["focus_seconds"] == pytest.approx(1.0, abs=0.2)
    assert summary["focus_minutes"] == pytest.approx(1 / 60, abs=0.005)
    assert (summary["pomodoros_completed"], summary["pomodoros_interrupted"]) == (1, 0)
    assert summary["stopped_early"] is False
    assert summary["pause_seconds"] == 0
    assert summary["estimate_minutes"] == 60
    assert summary["estimate_left_minutes"] == pytest.approx(60 - 1 / 60, abs=0.005)
    assert len(summary["sessions"]) == 1
    assert set(summary["sessions"][0]) >= SESSION_KEYS
    assert summary["sessions"][0]["outcome"] == "completed"
    phases = result.stderr.splitlines()
    assert len(phases) == 2
    assert "work 1/1 started" in phases[0]
    assert "task 1 Write report" in phases[0]
    assert "work 1/1 completed" in phases[1]
    detail = run_json("show", "1")
    assert detail["focus_minutes"] == summary["focus_minutes"]
    assert [s["kind"] for s in detail["sessions"]] == ["pomodoro"]


def test_pomodoro_without_an_id_off_a_terminal_asks_for_yes_and_writes_nothing(
    run: Run, isolated_home: Path
) -> None:
    run("add", "Write report", "-p", "high")
    run("add", "Email")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("pomodoro", "--work", "1s", "--cycles", "1", code=1))
    assert "the next task is task 1 'Write report'" in message
    assert "--yes" in message
    assert store_contents(isolated_home) == before


@pytest.mark.slow  # a second of real pomodoro
def test_pomodoro_yes_takes_the_next_task_and_ends_with_what_is_left_of_its_estimate(
    run: Run,
) -> None:
    run("add", "Email")
    run("add", "Write report", "-p", "high", "-e", "1h")
    lines = run("pomodoro", "--yes", "--work", "1s", "--cycles", "1").stdout.splitlines()
    assert "work 1/1 started \u00b7 00:01 \u00b7 task 2 Write report" in lines[0]
    assert lines[-2] == "Pomodoros: 1 completed \u00b7 focus 1s"
    assert lines[-1] == "Task 2 'Write report': 59m59s left of its 1h estimate"


def test_pomodoro_yes_with_no_open_task_says_what_to_do(run: Run) -> None:
    message = assert_one_line_error(run("pomodoro", "--yes", "--work", "1s", code=1))
    assert "no open task" in message
    assert "--free" in message


@pytest.mark.parametrize(
    ("flags", "code", "mention"),
    [
        (("--work", "0"), 1, "--work"),
        (("--work", "-5m"), 1, "'-5m'"),
        (("--work=-5m",), 1, "'-5m'"),
        (("--work", "25h"), 1, "'25h'"),
        (("--work", "soon"), 1, "'soon'"),
        (("--short-break", "0"), 1, "--short-break"),
        (("--long-break", "-1m"), 1, "--long-break"),
        (("--cycles", "0"), 1, "--cycles"),
        (("--cycles", "-1"), 1, "--cycles"),
        (("--cycles", "101"), 1, "--cycles"),
        (("--long-every", "0"), 1, "--long-every"),
        (("--long-every", "-2"), 1, "--long-every"),
    ],
)
def test_pomodoro_bad_flags_are_refused_before_anything_is_written(
    run: Run, isolated_home: Path, flags: tuple[str, ...], code: int, mention: str
) -> None:
    run("add", "Write report")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("pomodoro", "1", *flags, code=code))
    assert mention in message
    assert store_contents(isolated_home) == before


def test_pomodoro_a_non_number_count_is_a_usage_error(run: Run, isolated_home: Path) -> None:
    run("add", "Write report")
    before = store_contents(isolated_home)
    result = run("pomodoro", "1", "--cycles", "two", code=2)
    assert "--cycles" in result.stderr
    assert "Traceback" not in result.stderr
    assert store_contents(isolated_home) == before


@pytest.mark.parametrize(
    ("prepare", "args", "code", "mention"),
    [
        ((), ("99",), 3, "no task with id 99"),
        (("done", "1"), ("1",), 4, "task 1 is done"),
        ((), ("1", "--free"), 1, "not both"),
    ],
)
def test_pomodoro_on_an_unknown_or_done_task_or_with_id_and_free_is_refused(
    run: Run,
    isolated_home: Path,
    prepare: tuple[str, ...],
    args: tuple[str, ...],
    code: int,
    mention: str,
) -> None:
    run("add", "Write report")
    if prepare:
        run(*prepare)
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("pomodoro", *args, "--work", "1s", code=code))
    assert mention in message
    assert store_contents(isolated_home) == before


@pytest.mark.slow  # a real pomodoro process
def test_pomodoro_lengths_come_from_the_config_file_without_flags(
    run: Run, quiet_config: Path
) -> None:
    quiet_config.write_text('[pomodoro]\nwork = "1s"\ncycles = 1\nnotify = false\nbell = false\n')
    done = microtask("pomodoro", "--free", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["focus_seconds"] == pytest.approx(1.0, abs=0.3)
    assert summary["pomodoros_completed"] == 1
    assert "00:01" in done.stderr.splitlines()[0]  # the work phase is announced as 1 s


@pytest.mark.slow  # a real pomodoro process
def test_a_flag_overrides_the_config_file(run: Run, quiet_config: Path) -> None:
    quiet_config.write_text('[pomodoro]\nwork = "3s"\ncycles = 1\nnotify = false\nbell = false\n')
    done = microtask("pomodoro", "--free", "--work", "1s", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["focus_seconds"] == pytest.approx(1.0, abs=0.3)  # not 3 s
    assert summary["pomodoros_completed"] == 1  # cycles still from the file


def test_a_bad_config_value_is_one_error_line(run: Run, quiet_config: Path) -> None:
    quiet_config.write_text('[pomodoro]\nwork = "0"\n')
    message = assert_one_line_error(run("status", code=1))
    assert "[pomodoro] work" in message
