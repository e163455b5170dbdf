"""`microtask triage`: walk the tasks that need a decision, one keypress each; or ``--list``
them. The walk itself is ``cli/triage_walk.py``; here are the command and the terminal."""

from __future__ import annotations

import os
import select
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from microtask.cli.common import get_app, print_json, render, say
from microtask.domain.errors import InvalidInputError

if TYPE_CHECKING:
    from microtask.services import App

LIST_ROWS = 100
"""Rows of the ``--list`` table when no --limit is given (JSON lists them all)."""
ESCAPE_WAIT = 0.03
"""After Esc, how long the rest of an escape sequence (an arrow key ...) may take to come."""


def triage(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            metavar="N",
            help="Walk (or list) only the first N tasks of the queue.",
        ),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="Print the queue and why each task is in it; no keys.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="The --list queue as JSON.")] = False,
) -> None:
    """Walk the tasks that need a decision, one keypress each.

    New, overdue and unestimated tasks, and those over 2h and not split. q quits and keeps
    every decision made; --list prints the queue and reads no keys.
    """
    from microtask.services.triage import walk_queue
    from microtask.terminal import stdin_is_terminal

    app = get_app(ctx)
    if list_ or json:
        _print_queue(app, limit if limit is not None or json else LIST_ROWS, json)
        return
    task_ids, total = walk_queue(app, limit)
    if not task_ids:
        from microtask.render.triage import empty_state

        render(empty_state())
        return
    if not stdin_is_terminal():
        raise InvalidInputError(
            "triage reads single keys from a terminal and stdin is not one: "
            "see the queue with `microtask triage --list` (--json for scripts)"
        )
    _walk(app, task_ids, total)


def _print_queue(app: App, limit: int | None, as_json: bool) -> None:
    from microtask.services.triage import triage_list

    items, total = triage_list(app, limit)
    if as_json:
        from microtask.exporters.triage_json import queue_object

        print_json(queue_object(items, total))
        return
    from microtask.render.triage import queue_table

    render(queue_table(items, total, app.now()))


def _walk(app: App, task_ids: list[int], total: int) -> None:
    import sys

    from microtask.cli.triage_walk import Walk

    terminal = TerminalIO(sys.stdin)
    try:
        tally = Walk(app, task_ids, total, terminal).run()
    finally:
        terminal.close()
    if tally.interrupted:
        say("")  # Ctrl-C may come in the middle of a line
    say(tally.line())
    if tally.interrupted:
        raise typer.Exit(130)


class TerminalIO:
    """Keys one at a time in cbreak mode (no Enter needed; Ctrl-C still interrupts), lines
    in the terminal's normal mode; the mode it found is put back on close."""

    def __init__(self, stdin: IO[str]) -> None:
        import termios
        import tty

        from microtask.render.console import make_console

        self.fd = stdin.fileno()
        self._saved: list[Any] | None = termios.tcgetattr(self.fd)
        self.console = make_console()
        tty.setcbreak(self.fd, termios.TCSANOW)

    def key(self) -> str | None:
        """One key: a character (UTF-8 read whole) or an escape sequence; None at the end.
        Bytes are read one key at a time, so what is typed ahead stays for a line prompt."""
        data = os.read(self.fd, 1)
        if not data:
            return None
        lead = data[0]
        if data == b"\x1b":  # Esc alone, or an arrow key's sequence: one key either way
            while select.select([self.fd], [], [], ESCAPE_WAIT)[0]:
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

    def line(self, prompt: str) -> str | None:
        import termios
        import tty

        from microtask.render.triage import ask_line

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSANOW, self._saved)
        try:
            return ask_line(self.console, prompt)
        except EOFError:
            self.console.print()
            return None
        finally:
            tty.setcbreak(self.fd, termios.TCSANOW)

    def show(self, renderable: Any) -> None:
        self.console.print(renderable)

    def close(self) -> None:
        import contextlib
        import termios

        if self._saved is not None:
            saved, self._saved = self._saved, None
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
