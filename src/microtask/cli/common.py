"""Helpers every command shares: the App for this invocation, output, parsing of ids."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from microtask.domain.model import parse_task_id

if TYPE_CHECKING:
    from microtask.render.lines import LinesView
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


def print_json_chunks(chunks: Iterator[list[str]]) -> None:
    """Elements already encoded as compact JSON, a list at a time, written as
    :func:`print_json` writes a list to a pipe or a file: one a line, as they come."""
    from microtask.exporters.task_json import framed_chunks

    for piece in framed_chunks(chunks):
        sys.stdout.write(piece)


def print_json_with_list(head: dict[str, Any], key: str, items: Iterator[Any]) -> None:
    """:func:`print_json` of ``{**head, key: [*items]}``: to a pipe or a file the list is
    written as it is read, one compact element a line, never held whole."""
    from microtask.exporters.task_json import ENCODE, dumps

    if sys.stdout.isatty():
        sys.stdout.write(dumps({**head, key: list(items)}) + "\n")
        return
    print_json_texts_with_list(head, key, map(ENCODE, items))


def print_json_texts_with_list(head: dict[str, Any], key: str, texts: Iterator[str]) -> None:
    """The same, to a pipe or a file, of elements already encoded as compact JSON."""
    from itertools import islice

    print_json_chunks_with_list(head, key, iter(lambda: list(islice(texts, 1000)), []))


def print_json_chunks_with_list(
    head: dict[str, Any], key: str, chunks: Iterator[list[str]]
) -> None:
    """The same, of elements already encoded that come a list at a time."""
    import json

    out = sys.stdout
    opening = json.dumps({**head, key: []}, ensure_ascii=False)  # ... "key": []}
    separator = opening.removesuffix("]}") + "\n"
    for chunk in chunks:
        if chunk:
            out.write(separator + ",\n".join(chunk))
            separator = ",\n"
    out.write(opening + "\n" if separator.endswith("[\n") else "\n]}\n")


def render(renderable: Any) -> None:
    from microtask.render.console import make_console

    make_console().print(renderable)


def render_lines(view: LinesView) -> None:
    """A view of styled lines: written as they are when they fit (on a pipe or a file,
    without loading Rich), through Rich's layout when they do not."""
    from microtask.render.console import make_console
    from microtask.render.lines import show

    show(view, make_console)


def say(text: str) -> None:
    """A plain line for people; user text in it must already be made visible."""
    print(text)


def deliver_pieces(pieces: Iterable[str], path: Path | None, force: bool) -> bool:
    """:func:`deliver` of text made as it is written (an export of 100,000 tasks is
    never one string)."""
    if path is None or str(path) == "-":
        for piece in pieces:
            sys.stdout.write(piece)
        return False
    from microtask.exporters.files import write_pieces_atomically

    write_pieces_atomically(path, pieces, force)
    return True


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
