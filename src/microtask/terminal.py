"""Terminal I/O: keys in cbreak mode (focus runs and the triage walk), and for focus runs
plain phase lines, the bell and notifications.

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
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any, Protocol

from microtask.domain.text import visible
from microtask.domain.timer import Interval, Outcome, TimerState
from microtask.domain.timer_config import PHASE_NAMES
from microtask.domain.views.runs import FocusScreen
from microtask.format import countdown

ESCAPE_WAIT = 0.03
"""After Esc, how long the rest of an escape sequence (an arrow key ...) may take to come."""
KEYS_PER_WAIT = 64
"""The most keys one :meth:`TerminalKeys.wait` returns; the rest wait for the next call."""


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


class HasFileno(Protocol):
    """A stream with a file descriptor (``sys.stdin``): all the key reader needs of it."""

    def fileno(self) -> int: ...


class TerminalKeys:
    """Single keys without Enter, from a terminal in cbreak mode (Ctrl-C still interrupts);
    :meth:`line_mode` hands the terminal back for a typed line; the mode it found is put
    back on close. Focus runs :meth:`wait` for keys with a timeout; the triage walk reads
    one :meth:`key` at a time.

    Keys typed before it starts are dropped (the terminal's input is flushed) unless
    ``keep_typed_ahead``.
    """

    def __init__(self, stream: HasFileno, *, keep_typed_ahead: bool = False) -> None:
        import termios
        import tty

        self.fd = stream.fileno()
        self._saved: list[Any] | None = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd, termios.TCSANOW if keep_typed_ahead else termios.TCSAFLUSH)
        self._open = True

    def key(self) -> str | None:
        """One key, waited for: a character (UTF-8 read whole) or an escape sequence (Esc, an
        arrow key ...); None at the end of input. Bytes are read one key at a time, so what
        is typed ahead stays for the next key or a line prompt."""
        data = os.read(self.fd, 1)
        if not data:  # end of input: no more keys
            self._open = False
            return None
        lead = data[0]
        if data == b"\x1b":  # Esc alone, or an arrow key's sequence: one key either way
            while self._ready(ESCAPE_WAIT):
                more = os.read(self.fd, 16)
                if not more:
                    break
                data += more
        elif lead >= 0xC0:
            expected = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            while len(data) < expected:
                more = os.read(self.fd, expected - len(data))
                if not more:
                    break
                data += more
        return data.decode("utf-8", "replace")

    def wait(self, timeout: float) -> str:
        """Wait up to ``timeout`` seconds for keys; return those pressed ('' when none).
        After the end of input it just waits, so a run keeps timing."""
        if not self._open:
            time.sleep(timeout)
            return ""
        keys: list[str] = []
        while len(keys) < KEYS_PER_WAIT and self._ready(0.0 if keys else timeout):
            key = self.key()
            if key is None:
                break
            keys.append(key)
        return "".join(keys)

    def _ready(self, timeout: float) -> bool:
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
        except InterruptedError:
            return False
        return bool(ready)

    @contextlib.contextmanager
    def line_mode(self) -> Iterator[None]:
        """The terminal's own mode (echo, line editing) while a line is typed; single keys
        again after it."""
        import termios
        import tty

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSANOW, self._saved)
        try:
            yield
        finally:
            if self._saved is not None:
                tty.setcbreak(self.fd, termios.TCSANOW)

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
