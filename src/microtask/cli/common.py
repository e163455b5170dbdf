"""Helpers every command shares: the App for this invocation, output, parsing of ids."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from microtask.domain.model import parse_task_id

if TYPE_CHECKING:
    from microtask.services import App


def get_app(ctx: typer.Context) -> App:
    """The App for this command line, opened once and closed when the command ends."""
    from microtask.services import App

    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {}
    if "app" not in root.obj:
        from microtask.cli.progress import terminal_progress

        instance = App(root.obj.get("db"), user=root.obj.get("user"))
        instance.long_work = terminal_progress
        root.obj["app"] = instance
        root.call_on_close(lambda: _finish(instance))
    app: App = root.obj["app"]
    return app


def _finish(app: App) -> None:
    """At the end of the command: say what recovery did, then close the store."""
    from microtask.domain.text import visible

    for notice in app.notices:
        print("Note: " + visible(notice), file=sys.stderr)
    app.notices.clear()
    app.close()


def print_json(value: Any) -> None:
    """JSON on stdout, indented; but a list (or an iterator, read as it goes) going to a
    pipe or a file is written one compact element a line, as it is encoded (Python's
    indenting encoder is pure Python, several times slower than the compact one: seconds
    on a list of 100,000 tasks)."""
    from microtask.exporters.task_json import dumps, dumps_lines

    out = sys.stdout
    if isinstance(value, Iterator) and out.isatty():
        value = list(value)
    if not isinstance(value, (list, Iterator)) or out.isatty():
        out.write(dumps(value) + "\n")
        return
    for chunk in dumps_lines(value):
        out.write(chunk)


def render(renderable: Any) -> None:
    from microtask.render.console import make_console

    make_console().print(renderable)


def say(text: str) -> None:
    """A plain line for people; user text in it must already be made visible."""
    print(text)


def deliver(text: str, path: Path | None, force: bool) -> bool:
    """``--output``: write ``text`` to ``path`` atomically (refused when it exists, unless
    ``force``), or to stdout without one or with ``-``; True when it went to a file."""
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        return False
    from microtask.exporters.files import write_atomically

    write_atomically(path, text, force)
    return True


def say_lines(lines: list[str]) -> None:
    for line in lines:
        say(line)


def ids_from(values: list[str]) -> list[int]:
    """The ids given on the command line (``12``, ``#12``)."""
    return [parse_task_id(v) for v in values]
