"""A progress bar for long work on a terminal: plain text redrawn in place (no Rich: it
is drawn before any table, by commands that may never load Rich)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30
SHOW_AFTER_SECONDS = 1.0
"""Drawn only when the work looks to take longer than this (from its pace so far)."""


def urgency_progress(
    stream: TextIO, clock: Callable[[], float] = time.monotonic
) -> Callable[[int, int], None]:
    """A bar for recomputing every task's stored urgency: told (done, total) after each
    part, it draws itself once the whole looks to take more than a second, and ends its
    line when the work is done."""
    started = clock()
    shown = False

    def step(done: int, total: int) -> None:
        nonlocal shown
        if total <= 0:
            return
        elapsed = clock() - started
        if not shown:
            if done <= 0 or done >= total or elapsed / done * total <= SHOW_AFTER_SECONDS:
                return
            shown = True
        filled = min(WIDTH, WIDTH * done // total)
        bar = "#" * filled + "." * (WIDTH - filled)
        stream.write(f"\rUpdating the urgency of {total:,} tasks [{bar}] {100 * done // total:3d}%")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return step
