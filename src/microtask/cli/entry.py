"""The process entry point: ``microtask`` on the PATH and ``python -m microtask``.

``microtask.cli.app.main`` runs the app the way any Click program runs, ending in
``SystemExit``; tests and other callers use it. :func:`run` is for a process of its own,
and saves the two costs a short command pays that are not its work:

- the cycle collector, which runs dozens of times while Typer and our modules load and
  finds nothing to free: it is paused while they load, and what they made is then frozen,
  so later collections do not walk it again;
- the interpreter's teardown, which frees every module and object one by one just before
  the process ends (about as long as a whole ``microtask status`` takes to do its work):
  when the command has finished, the output is flushed and the exit handlers are run, the
  process ends at once with the command's exit code.

It ends the ordinary way, teardown and all, when anything else may still need it: a thread
still running. Every write has been committed, and every file closed, by the time a command
returns: nothing is left for teardown to save.
"""

from __future__ import annotations

import gc
import sys
from typing import NoReturn


def run() -> NoReturn:
    """Run the ``microtask`` command line in this process, then end the process."""
    gc.disable()
    try:
        from microtask.cli.app import main
    finally:
        gc.enable()
    gc.freeze()
    try:
        main()
    except SystemExit as stop:
        end(stop.code)
    end(0)


def end(code: str | int | None) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without the interpreter's teardown
    when nothing needs it."""
    import atexit
    import os
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # as sys.exit("message") does: the message on stderr, status 1
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away (or the stream was closed)
            status = status or 1
    os._exit(status & 0xFF)
