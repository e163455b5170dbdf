"""Consoles that respect NO_COLOR and plain (non-TTY) output."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from microtask.render.lines import fixed_width

if TYPE_CHECKING:
    from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = fixed_width(stream)
    return Console(
        file=stream,
        highlight=False,
        emoji=False,
        markup=False,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
    )
