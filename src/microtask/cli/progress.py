"""Long work seen from the terminal: nothing at all unless, at the pace it goes, it will
take over a second, and stderr is a terminal; then a bar (Rich, imported only then: most
commands never pay for it)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from microtask.domain.progress import Progress

SHOW_AFTER_SECONDS = 1.0
"""Work that will end sooner shows nothing: a bar that flashes is noise."""


@contextmanager
def terminal_progress(
    label: str,
    stream: IO[str] | None = None,
    clock: Callable[[], float] = time.monotonic,
    bar: Callable[[str, IO[str], int], Any] | None = None,
) -> Iterator[Progress]:
    """A :data:`~microtask.domain.progress.Progress` that draws a bar on ``stream``
    (stderr) from the first report that says the whole will take over
    :data:`SHOW_AFTER_SECONDS`."""
    out = sys.stderr if stream is None else stream
    started = clock()
    shown: list[Any] = []

    def update(done: int, total: int) -> None:
        if not shown:
            elapsed = clock() - started
            # at this pace, will the whole take a second? (then show it now, not at 1 s)
            if done >= total or elapsed * total < SHOW_AFTER_SECONDS * max(done, 1):
                return
            if not out.isatty():
                return
            if bar is None:
                from microtask.render.progress import Bar

                shown.append(Bar(label, out, total))
            else:
                shown.append(bar(label, out, total))
        shown[0].update(done, total)

    try:
        yield update
    finally:
        if shown:
            shown[0].close()
