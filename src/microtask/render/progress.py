"""A progress bar on stderr for work that turned out long (the first command on a large
upgraded store recomputes every task's urgency): Rich's, transient, gone when done."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn


class Bar:
    """One bar, drawn on ``stream`` from the moment it is made."""

    def __init__(self, label: str, stream: IO[str], total: int) -> None:
        console = Console(file=stream, highlight=False, markup=False, emoji=False)
        self._progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task(label, total=total)
        self._progress.start()

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()
