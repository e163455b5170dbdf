"""A real pomodoro process killed, terminated or hung up: what it records itself, what the
next command recovers, and that nothing is left blocking the next run.

These run ``python -m microtask`` in subprocesses with real time flowing (no MICROTASK_NOW):
the run's heartbeats, ``status`` and recovery all compare wall-clock times, and a pinned
clock would freeze them. Output is piped, so the pomodoro prints plain phase lines; stdin is
/dev/null, so it reads no keys (and never touches the terminal running the tests).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # real pomodoro processes, killed or signalled, in real time

WAIT_SECONDS = 60.0
"""Generous: a loaded machine may take seconds to start Python."""


def microtask(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-m", "microtask", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )


def ok(*args: str) -> subprocess.CompletedProcess[str]:
    done = microtask(*args)
    assert done.returncode == 0, f"microtask {' '.join(args)}: {done.stderr}"
    return done


def start_pomodoro(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-W", "error", "-m", "microtask", "pomodoro", "--free", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def status() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(ok("status", "--json").stdout)
    return loaded


def wait_until_running(process: subprocess.Popen[str]) -> dict[str, Any]:
    """Poll ``status --json`` until the pomodoro's process is what runs."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the pomodoro exited {process.returncode} early: {out}\n{err}")
        current = status()
        if current["running"] and current["pid"] == process.pid:
            return current
        if time.monotonic() > deadline:
            pytest.fail(f"the pomodoro never showed as running: {current}")
        time.sleep(0.05)


def sessions(home: Path) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(f"file:{home / 'microtask.db'}?mode=rw", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT id, kind, outcome, start_ts, end_ts, focus_seconds, pause_seconds"
            " FROM sessions ORDER BY id"
        ).fetchall()
    return [dict(row) for row in rows]


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Note: ")]


@pytest.fixture
def pomodoros() -> Iterator[list[subprocess.Popen[str]]]:
    """Started pomodoro processes, killed at the end of the test if still running."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_a_killed_pomodoro_is_closed_by_the_next_command_with_one_note(
    isolated_home: Path, pomodoros: list[subprocess.Popen[str]]
) -> None:
    run = start_pomodoro("--work", "1m", "--cycles", "1")
    pomodoros.append(run)
    running = wait_until_running(run)
    assert running["kind"] == "pomodoro"
    assert running["phase"] == "work"

    run.kill()
    run.wait()
    assert run.returncode == -signal.SIGKILL

    listed = ok("list")
    (note,) = notes(listed.stderr)
    assert listed.stderr == note + "\n"  # the note is all there is on stderr
    assert note.startswith("Note: the free pomodoro (since ")
    assert f"in process {run.pid}) stopped when its process ended" in note
    assert "recorded as interrupted with" in note
    assert "(up to its last heartbeat)" in note

    again = ok("list")
    assert again.stderr == ""  # told once

    (session,) = sessions(isolated_home)
    assert session["kind"] == "pomodoro"
    assert session["outcome"] == "interrupted"
    assert session["end_ts"] == pytest.approx(
        session["start_ts"] + session["focus_seconds"] + session["pause_seconds"], abs=1e-6
    )
    assert status() == {"running": False}


def test_after_a_kill_the_next_pomodoro_starts_and_runs_to_its_end(
    isolated_home: Path, pomodoros: list[subprocess.Popen[str]]
) -> None:
    run = start_pomodoro("--work", "1m", "--cycles", "1")
    pomodoros.append(run)
    wait_until_running(run)
    run.kill()
    run.wait()

    following = microtask("pomodoro", "--free", "--work", "1s", "--cycles", "1")

    assert following.returncode == 0, following.stderr
    (note,) = notes(following.stderr)
    assert following.stderr == note + "\n"
    assert f"in process {run.pid})" in note
    assert "work 1/1 completed · 00:01 focus" in following.stdout
    assert "Pomodoros: 1 completed · focus 1s" in following.stdout
    killed, completed = sessions(isolated_home)
    assert killed["outcome"] == "interrupted"
    assert completed["outcome"] == "completed"
    assert completed["focus_seconds"] == 1.0
    assert completed["end_ts"] == pytest.approx(completed["start_ts"] + 1.0, abs=1e-6)
    assert status() == {"running": False}


def test_a_killed_pomodoro_keeps_the_focus_of_its_last_heartbeat(
    isolated_home: Path, pomodoros: list[subprocess.Popen[str]]
) -> None:
    run = start_pomodoro("--work", "1m", "--cycles", "1")
    pomodoros.append(run)
    wait_until_running(run)
    deadline = time.monotonic() + WAIT_SECONDS
    while not sessions(isolated_home)[0]["focus_seconds"]:  # the first heartbeat, at 10 s
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "no heartbeat reached the store"
        time.sleep(0.05)
    run.kill()
    run.wait()

    listed = ok("list")

    (session,) = sessions(isolated_home)
    assert session["outcome"] == "interrupted"
    assert 9.5 <= session["focus_seconds"] <= 12
    assert session["pause_seconds"] == 0
    assert session["end_ts"] == pytest.approx(session["start_ts"] + session["focus_seconds"])
    (note,) = notes(listed.stderr)
    assert f"interrupted with {int(session['focus_seconds'])}s of focus" in note


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGHUP], ids=["sigterm", "sighup"])
def test_sigterm_or_sighup_make_the_pomodoro_record_its_work_as_interrupted_itself(
    sent: signal.Signals, isolated_home: Path, pomodoros: list[subprocess.Popen[str]]
) -> None:
    run = start_pomodoro("--work", "1m", "--cycles", "2")
    pomodoros.append(run)
    wait_until_running(run)
    time.sleep(1.0)

    run.send_signal(sent)
    out, err = run.communicate(timeout=WAIT_SECONDS)

    assert run.returncode == 0  # a stop signal ends the run like q, not like Ctrl-C (130)
    assert err == ""
    lines = out.splitlines()
    assert "work 1/2 started · 01:00 · free focus" in lines[0]
    assert "work 1/2 interrupted · " in lines[1]
    assert lines[2].startswith("Pomodoros: 0 completed, 1 interrupted · focus ")
    assert len(lines) == 3
    (session,) = sessions(isolated_home)
    assert session["outcome"] == "interrupted"
    assert 0.5 < session["focus_seconds"] < 30
    assert session["end_ts"] == pytest.approx(
        session["start_ts"] + session["focus_seconds"] + session["pause_seconds"], abs=1e-3
    )
    # The process closed its own record: nothing is left for the next command to recover.
    after = ok("list")
    assert after.stderr == ""
    assert status() == {"running": False}


def test_microtask_stop_stops_a_pomodoro_running_in_another_process(
    isolated_home: Path, pomodoros: list[subprocess.Popen[str]]
) -> None:
    run = start_pomodoro("--work", "1m", "--cycles", "1")
    pomodoros.append(run)
    wait_until_running(run)
    refused = microtask("pomodoro", "--free", "--work", "1m")
    assert refused.returncode == 4
    assert refused.stderr.startswith("Error: a free pomodoro (since ")
    assert "is running: stop it first (q in its window, or `microtask stop`)" in refused.stderr
    time.sleep(1.0)

    stopped = ok("stop")

    assert stopped.stdout.startswith("Stopped the free pomodoro (since ")
    assert stopped.stdout.endswith(f", in process {run.pid}).\n")
    assert stopped.stderr == ""
    out, err = run.communicate(timeout=WAIT_SECONDS)
    assert run.returncode == 0
    assert err == ""
    assert "Pomodoros: 0 completed, 1 interrupted" in out
    (session,) = sessions(isolated_home)
    assert session["outcome"] == "interrupted"
    assert 0.5 < session["focus_seconds"] < 30
    assert status() == {"running": False}
    nothing = microtask("stop")
    assert nothing.returncode == 4
    assert "nothing is running" in nothing.stderr
