"""The live pomodoro view in a real terminal: a pty runs ``microtask pomodoro`` with keys.

The pty is the process's controlling terminal, so Ctrl-C typed into it raises SIGINT in the
process, exactly as in a terminal window. A reader thread drains the pty all along (the
view redraws every second; an undrained pty would block the process), and ``status`` and
the store are checked from outside, the way a user's other shell would see them.

Work and break phases are longer than the tests take, on purpose: the keys end them, so a
slow start on a loaded machine cannot let a phase run out before its key is sent.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # a real pomodoro process in a pty, in real time

ROWS, COLUMNS = 30, 80
WAIT_SECONDS = 30.0
"""Generous: a loaded machine may take seconds to start Python and draw the view."""
COUNTDOWN = re.compile(r"\b\d\d:\d\d\b")
HIDE_CURSOR, SHOW_CURSOR = "\x1b[?25l", "\x1b[?25h"


class Terminal:
    """A pty with ``microtask`` running in it, and everything it has drawn so far."""

    def __init__(self, *args: str) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.cooked = termios.tcgetattr(self.slave)
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(ROWS),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-W", "error", "-m", "microtask", *args],
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=env,
            start_new_session=True,
            # A session leader takes the pty as its controlling terminal: Ctrl-C -> SIGINT.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        self._output = bytearray()
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while not self._done.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: no one has the slave open any more
                return
            if not data:
                return
            with self._lock:
                self._output.extend(data)

    @property
    def text(self) -> str:
        with self._lock:
            return self._output.decode("utf-8", "replace")

    def wait_for(self, what: str, predicate: Callable[[str], bool]) -> str:
        """The output so far, once ``predicate`` holds for it."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            text = self.text
            if predicate(text):
                return text
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the reader catch the last output
                pytest.fail(f"microtask exited {self.process.returncode} before {what}:\n{text}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}:\n{text[-3000:]}")
            time.sleep(0.02)

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def wait_exit(self) -> int:
        code = self.process.wait(timeout=WAIT_SECONDS)
        time.sleep(0.2)  # the reader drains what was written just before the exit
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._done.set()
        self._reader.join(timeout=5)
        os.close(self.slave)
        os.close(self.master)


@pytest.fixture
def terminals() -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def open_terminal(*args: str) -> Terminal:
        terminal = Terminal(*args)
        opened.append(terminal)
        return terminal

    yield open_terminal
    for terminal in opened:
        terminal.close()


def microtask_json(*args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-W", "error", "-m", "microtask", *args, "--json"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def wait_for_status(what: str, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        current: dict[str, Any] = microtask_json("status")
        if predicate(current):
            return current
        if time.monotonic() > deadline:
            pytest.fail(f"status never showed {what}: {current}")
        time.sleep(0.05)


def sessions(home: Path) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(f"file:{home / 'microtask.db'}?mode=rw", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT kind, outcome, focus_seconds, pause_seconds FROM sessions ORDER BY id"
        ).fetchall()
    return [dict(row) for row in rows]


def view_is_up(text: str) -> bool:
    """The panel is drawn: big digits, the plain MM:SS countdown and the cycle count."""
    return "█" in text and COUNTDOWN.search(text) is not None and "Cycle 1 of " in text


def test_keys_pause_resume_skip_and_quit_a_live_pomodoro(
    terminals: Callable[..., Terminal], isolated_home: Path
) -> None:
    terminal = terminals(
        "pomodoro", "--free", "--work", "50s", "--short-break", "40s", "--cycles", "2"
    )
    shown = terminal.wait_for("the live view", view_is_up)
    assert "Cycle 1 of 2" in shown
    assert "Free focus" in shown
    assert "space pause/resume · s skip · q stop" in shown
    assert HIDE_CURSOR in shown

    terminal.press(b" ")
    paused = wait_for_status("the pause", lambda s: s.get("paused") is True)
    assert paused["phase"] == "work"
    terminal.wait_for("the paused view", lambda text: "paused" in text)
    time.sleep(1.0)
    still = microtask_json("status")
    assert still["paused"] is True
    assert still["remaining_seconds"] == pytest.approx(paused["remaining_seconds"], abs=1e-3)

    terminal.press(b" ")
    resumed = wait_for_status("the resume", lambda s: s.get("paused") is False)
    assert resumed["phase"] == "work"

    terminal.press(b"s")
    in_break = wait_for_status("the break", lambda s: s.get("phase") == "short_break")
    assert in_break["paused"] is False
    assert in_break["cycle"] == 1
    terminal.wait_for("the break view", lambda text: "Short break" in text)

    terminal.press(b"q")
    code = terminal.wait_exit()

    output = terminal.text
    assert code == 0, output
    assert "work 1/2 interrupted" in output
    assert "short break skipped" in output
    assert "Pomodoros: 0 completed, 1 interrupted · focus " in output
    summary = output[output.index("Pomodoros:") :]
    assert "(paused " in summary.splitlines()[0]
    assert output.rindex(SHOW_CURSOR) > output.rindex(HIDE_CURSOR)  # the cursor is back
    assert termios.tcgetattr(terminal.slave) == terminal.cooked  # cbreak mode undone
    assert microtask_json("status") == {"running": False}
    (work,) = sessions(isolated_home)
    assert work["kind"] == "pomodoro"
    assert work["outcome"] == "interrupted"
    assert 0 < work["focus_seconds"] < 50
    assert work["pause_seconds"] >= 1.0


def test_a_live_phase_that_runs_out_completes_and_moves_on(
    terminals: Callable[..., Terminal], isolated_home: Path
) -> None:
    terminal = terminals(
        "pomodoro", "--free", "--work", "2s", "--short-break", "1s", "--cycles", "1"
    )

    code = terminal.wait_exit()

    output = terminal.text
    assert code == 0, output
    assert "Cycle 1 of 1" in output
    assert "work 1/1 completed · 00:02 focus" in output
    assert "Pomodoros: 1 completed · focus 2s" in output
    assert "\a" in output  # the bell rang at the phase end
    assert termios.tcgetattr(terminal.slave) == terminal.cooked
    (work,) = sessions(isolated_home)
    assert work["outcome"] == "completed"
    assert work["focus_seconds"] == 2.0


def test_ctrl_c_in_the_live_view_records_the_work_as_interrupted_and_exits_130(
    terminals: Callable[..., Terminal], isolated_home: Path
) -> None:
    terminal = terminals(
        "pomodoro", "--free", "--work", "50s", "--short-break", "40s", "--cycles", "2"
    )
    terminal.wait_for("the live view", view_is_up)
    wait_for_status("the run", lambda s: s.get("running") is True)
    time.sleep(0.5)

    terminal.press(b"\x03")
    code = terminal.wait_exit()

    output = terminal.text
    assert code == 130, output
    assert "work 1/2 interrupted" in output
    assert "Pomodoros: 0 completed, 1 interrupted · focus " in output
    assert "Traceback" not in output
    assert "Aborted" not in output
    assert termios.tcgetattr(terminal.slave) == terminal.cooked
    assert microtask_json("status") == {"running": False}
    (work,) = sessions(isolated_home)
    assert work["outcome"] == "interrupted"
    assert 0.4 < work["focus_seconds"] < 50


def test_a_stop_signal_ends_a_live_run_and_gives_the_terminal_back(
    terminals: Callable[..., Terminal], isolated_home: Path
) -> None:
    terminal = terminals("pomodoro", "--free", "--work", "50s", "--cycles", "1")
    terminal.wait_for("the live view", view_is_up)
    # What the Ctrl-C test relies on: the run is the pty's foreground process group.
    assert os.tcgetpgrp(terminal.master) == terminal.process.pid

    terminal.process.send_signal(signal.SIGTERM)  # what `microtask stop` sends
    code = terminal.wait_exit()

    output = terminal.text
    assert code == 0, output
    assert "Pomodoros: 0 completed, 1 interrupted" in output
    assert output.rindex(SHOW_CURSOR) > output.rindex(HIDE_CURSOR)
    assert termios.tcgetattr(terminal.slave) == terminal.cooked
    (work,) = sessions(isolated_home)
    assert work["outcome"] == "interrupted"
