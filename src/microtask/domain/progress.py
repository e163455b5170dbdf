"""Telling someone how far a long piece of work has got, without knowing who listens."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

Progress = Callable[[int, int], None]
"""Called as work goes: (done, total), in the work's own units (tasks, rows)."""

LongWork = Callable[[str], AbstractContextManager[Progress]]
"""Opens a :data:`Progress` for a piece of work named by its label (``with long_work("...")
as progress``); what it shows, if anything, is the caller's choice (a bar on a terminal
once the work has taken a second, nothing elsewhere)."""
