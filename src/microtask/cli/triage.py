"""`microtask triage`: walk the tasks that need a decision, one keypress each; or ``--list``
them. The walk itself is ``cli/triage_walk.py``; here are the command and the terminal."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from microtask.cli.common import get_app, render, say
from microtask.cli.options import MAX_ROWS
from microtask.cli.output import output
from microtask.domain.errors import InvalidInputError

if TYPE_CHECKING:
    from microtask.services import App

LIST_ROWS = 100
"""Rows of the ``--list`` table when no --limit is given (JSON lists them all)."""


def triage(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            max=MAX_ROWS,
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
    if list_ or json:  # --json is the --list queue for scripts
        _print_queue(app, limit, json)
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
    from microtask.services.triage import triage_stream

    out = output(as_json)
    out.triage_queue(triage_stream(app, out.rows(limit, LIST_ROWS)), app.now())


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
    """The walk on a real terminal: single keys from :class:`~microtask.terminal.TerminalKeys`
    (no Enter needed; Ctrl-C still interrupts, keys typed ahead are kept), lines in the
    terminal's normal mode, output through the Rich console."""

    def __init__(self, stdin: IO[str]) -> None:
        from microtask.render.console import make_console
        from microtask.terminal import TerminalKeys

        self.console = make_console()
        self.keys = TerminalKeys(stdin, keep_typed_ahead=True)

    def key(self) -> str | None:
        return self.keys.key()

    def line(self, prompt: str) -> str | None:
        from microtask.render.triage import ask_line

        with self.keys.line_mode():
            try:
                return ask_line(self.console, prompt)
            except EOFError:
                self.console.print()
                return None

    def show(self, renderable: Any) -> None:
        self.console.print(renderable)

    def close(self) -> None:
        self.keys.close()
