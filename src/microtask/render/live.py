"""The live view of a focus run: Rich ``Live`` redrawn when the shown second changes.

Phase start and end lines are printed above the panel, so the scrollback keeps the day's
history; the panel itself disappears when the run ends (the summary follows).
"""

from __future__ import annotations

from typing import IO

from rich.live import Live
from rich.text import Text

from microtask.domain.timer import Interval
from microtask.domain.views.runs import FocusScreen
from microtask.render.console import make_console
from microtask.render.focus import focus_view
from microtask.terminal import ended_line, started_line

MAX_REFRESHES_PER_SECOND = 4


class LiveDisplay:
    def __init__(self, to_stderr: bool = False, out: IO[str] | None = None) -> None:
        console = make_console(stderr=to_stderr)
        if out is not None:
            console.file = out
        self.console = console
        self._live: Live | None = None

    def _ensure(self, screen: FocusScreen) -> Live:
        if self._live is None:
            self._live = Live(
                focus_view(screen),
                console=self.console,
                auto_refresh=False,
                transient=True,
                refresh_per_second=MAX_REFRESHES_PER_SECOND,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()
        return self._live

    def frame(self, screen: FocusScreen) -> None:
        self._ensure(screen).update(focus_view(screen), refresh=True)

    def phase_started(self, screen: FocusScreen, at_wall: float) -> None:
        self._ensure(screen).console.print(Text(started_line(screen, at_wall), style="dim"))
        self.frame(screen)

    def phase_ended(self, interval: Interval, screen: FocusScreen, at_wall: float) -> None:
        line = ended_line(interval, screen, at_wall)
        self._ensure(screen).console.print(Text(line, style="dim"))

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
