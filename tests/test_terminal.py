"""The one terminal key reader, on a real pty: whole keys, waits with a timeout, a line
prompt in the terminal's own mode, and the mode put back on close."""

from __future__ import annotations

import os
import termios
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from microtask.terminal import TerminalKeys


@dataclass
class Pty:
    master: int
    slave: int

    def fileno(self) -> int:
        """The terminal end the program reads: TerminalKeys only needs its descriptor."""
        return self.slave

    def type(self, data: bytes) -> None:
        os.write(self.master, data)
        time.sleep(0.05)  # let the line discipline deliver it


@pytest.fixture
def pty() -> Iterator[Pty]:
    master, slave = os.openpty()
    yield Pty(master, slave)
    os.close(master)
    os.close(slave)


def is_cbreak(fd: int) -> bool:
    lflag = termios.tcgetattr(fd)[3]
    return not lflag & termios.ICANON and not lflag & termios.ECHO


def test_keys_come_whole_arrow_sequences_and_utf_8_included(pty: Pty) -> None:
    keys = TerminalKeys(pty, keep_typed_ahead=True)
    try:
        pty.type("qé€".encode())
        assert [keys.key() for _ in range(3)] == ["q", "é", "€"]
        pty.type(b"\x1b[A")  # an arrow key: what comes with the Esc is part of it
        assert keys.key() == "\x1b[A"
        pty.type(b"\x1b")
        assert keys.key() == "\x1b"
    finally:
        keys.close()


def test_wait_returns_the_keys_pressed_or_nothing_after_the_timeout(pty: Pty) -> None:
    keys = TerminalKeys(pty)
    try:
        started = time.monotonic()
        assert keys.wait(0.1) == ""
        assert time.monotonic() - started >= 0.09
        pty.type(b" s")
        assert keys.wait(1.0) == " s"
    finally:
        keys.close()


def test_keys_typed_before_it_starts_are_dropped_unless_kept(pty: Pty) -> None:
    pty.type(b"q")
    dropping = TerminalKeys(pty)
    assert dropping.wait(0.05) == ""
    dropping.close()
    pty.type(b"k")
    keeping = TerminalKeys(pty, keep_typed_ahead=True)
    try:
        assert keeping.key() == "k"
    finally:
        keeping.close()


def test_a_line_is_read_in_the_terminal_s_own_mode_then_single_keys_again(pty: Pty) -> None:
    cooked = termios.tcgetattr(pty.slave)
    keys = TerminalKeys(pty, keep_typed_ahead=True)
    try:
        assert is_cbreak(pty.slave)
        with keys.line_mode():
            assert termios.tcgetattr(pty.slave) == cooked
            pty.type(b"20m\n")
            assert os.read(pty.slave, 64) == b"20m\n"
        assert is_cbreak(pty.slave)
    finally:
        keys.close()
    assert termios.tcgetattr(pty.slave) == cooked


def test_close_puts_the_mode_back_once_and_is_safe_to_repeat(pty: Pty) -> None:
    cooked = termios.tcgetattr(pty.slave)
    keys = TerminalKeys(pty)
    keys.close()
    keys.close()
    assert termios.tcgetattr(pty.slave) == cooked
