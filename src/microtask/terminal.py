"""Terminal I/O for focus runs: keys in cbreak mode, plain phase lines, bell and notifications.

Nothing here imports Rich (the live view is ``render/live.py``): a run whose output is piped
prints one plain line per phase start and end, and costs nothing to draw.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import sys
import time
from datetime import datetime
from typing import IO, Any

from microtask.domain.text import visible
from microtask.domain.timer import Interval, Outcome, TimerState
from microtask.domain.views import FocusScreen
from microtask.format import countdown

PHASE_NAMES = {"work": "work", "short_break": "short break", "long_break": "long break"}


def _stamp(at_wall: float) -> str:
    return datetime.fromtimestamp(at_wall).astimezone().strftime("%H:%M:%S")


def _phase_name(phase: str, cycle: int, cycles: int) -> str:
    name = PHASE_NAMES.get(phase, phase)
    return f"{name} {cycle}/{cycles}" if phase == "work" else name


def _what(screen: FocusScreen) -> str:
    parts = []
    if screen.block_title is not None:
        parts.append(f"block {visible(screen.block_title)!r}")
    if screen.task_id is not None:
        parts.append(f"task {screen.task_id} {visible(screen.task_title or '')}")
    return " · ".join(parts) or "free focus"


def started_line(screen: FocusScreen, at_wall: float) -> str:
    name = _phase_name(screen.phase, screen.cycle, screen.cycles)
    line = f"{_stamp(at_wall)}  {name} started · {countdown(screen.phase_seconds)}"
    return line + (f" · {_what(screen)}" if screen.phase == "work" else "")


def ended_line(interval: Interval, screen: FocusScreen, at_wall: float) -> str:
    name = _phase_name(interval.phase.value, interval.cycle, screen.cycles)
    if interval.phase.value == "work":
        verb = "completed" if interval.outcome is Outcome.COMPLETED else "interrupted"
        return (
            f"{_stamp(at_wall)}  {name} {verb} · {countdown(round(interval.active_seconds))} focus"
        )
    verb = "ended" if interval.outcome is Outcome.COMPLETED else "skipped"
    return f"{_stamp(at_wall)}  {name} {verb}"


class PlainDisplay:
    """One line per phase start and end, flushed at once (pipes, CI, logs)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def frame(self, screen: FocusScreen) -> None:
        pass

    def phase_started(self, screen: FocusScreen, at_wall: float) -> None:
        self._line(started_line(screen, at_wall))

    def phase_ended(self, interval: Interval, screen: FocusScreen, at_wall: float) -> None:
        self._line(ended_line(interval, screen, at_wall))

    def _line(self, text: str) -> None:
        try:
            self.out.write(text + "\n")
            self.out.flush()
        except (OSError, ValueError):
            pass  # the reader went away: the run and its record go on

    def close(self) -> None:
        pass


class TerminalKeys:
    """Single keys without Enter (cbreak mode: Ctrl-C still interrupts); restored on close."""

    def __init__(self, stream: IO[str]) -> None:
        import termios
        import tty

        self.fd = stream.fileno()
        self._saved: list[Any] | None = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        self._open = True

    def wait(self, timeout: float) -> str:
        if not self._open:
            time.sleep(timeout)
            return ""
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
        except InterruptedError:
            return ""
        if not ready:
            return ""
        data = os.read(self.fd, 64)
        if not data:  # end of input: no more keys, keep timing
            self._open = False
            return ""
        return data.decode("utf-8", "replace")

    def close(self) -> None:
        import termios

        if self._saved is not None:
            saved, self._saved = self._saved, None
            # The terminal may be gone (closed window): then there is nothing to restore.
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)


class NoKeys:
    """No terminal on stdin: just wait."""

    def wait(self, timeout: float) -> str:
        if timeout > 0:
            time.sleep(timeout)
        return ""

    def close(self) -> None:
        pass


class Alerts:
    """At each phase end: the terminal bell and, where ``notify-send`` exists, a notification."""

    def __init__(self, bell: bool, notify: bool, out: IO[str]) -> None:
        self.bell = bell and out.isatty()
        self.out = out
        self.notify_send = shutil.which("notify-send") if notify else None

    def __call__(self, interval: Interval, state: TimerState) -> None:
        if self.bell:
            try:
                self.out.write("\a")
                self.out.flush()
            except (OSError, ValueError):
                pass
        if self.notify_send is None:
            return
        done = PHASE_NAMES.get(interval.phase.value, interval.phase.value).capitalize()
        if state.finished:
            body = "All cycles done."
        else:
            following = PHASE_NAMES.get(state.phase.value, state.phase.value)
            length = countdown(state.config.length_of(state.phase))
            body = f"Next: {following} ({length})."
        try:
            subprocess.Popen(
                [self.notify_send, "--app-name=microtask", f"{done} done", body],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            self.notify_send = None  # broken notifier: do not try again this run


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
