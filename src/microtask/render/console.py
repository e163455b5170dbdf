"""Consoles that respect NO_COLOR and plain (non-TTY) output."""

from __future__ import annotations

import os
import sys

from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    is_tty = stream.isatty()
    width = None if is_tty or os.environ.get("COLUMNS") else 160
    return Console(
        file=stream,
        highlight=False,
        emoji=False,
        markup=False,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
    )
