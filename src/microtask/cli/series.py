"""Recurring work's own command: ``procedure`` (print or write a series' procedure)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from microtask.cli.common import get_app
from microtask.cli.options import JsonOpt, TaskIdArg
from microtask.cli.output import output
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import parse_task_id

if TYPE_CHECKING:
    from microtask.domain.views.series import ProcedureView

TEMPLATE_HINT = (
    "<!-- The procedure: one step a line, e.g. '- [ ] Export the bank statement ~10m'.\n"
    "     Each new instance of the series starts with these steps. Lines like this one are\n"
    "     left out; save an empty file to remove the procedure. -->\n"
)


def procedure(
    ctx: typer.Context,
    task_id: TaskIdArg,
    edit: Annotated[
        bool, typer.Option("--edit", help="Write it in $EDITOR (needs a terminal).")
    ] = False,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="FILE", help="Read it from FILE, or - for stdin: a checklist."
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """A recurring task's procedure: print it, --edit or --from.

    ID is any instance of the series. The procedure is a Markdown checklist, one step a
    line ('- [ ] Export the statement ~10m'), as `split --from` reads it; each new
    instance of the series starts with its steps as subtasks.
    """
    from microtask.services.series import procedure_of, set_procedure

    app = get_app(ctx)
    series_task = parse_task_id(task_id)
    if edit and from_ is not None:
        raise InvalidInputError("give --edit or --from, not both")
    if from_ is not None:
        from microtask.cli.tasks import _read_source

        view = set_procedure(app, series_task, _read_source(from_))
    elif edit:
        view = set_procedure(app, series_task, _edited(procedure_of(app, series_task)))
    else:
        view = procedure_of(app, series_task)
    output(json).procedure(view)


def _edited(current: ProcedureView) -> str:
    """The procedure as the user leaves it in $EDITOR; refused without a terminal."""
    from microtask.domain.steps import checklist

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InvalidInputError(
            "procedure --edit needs a terminal for $EDITOR: use --from FILE or --from -"
        )
    import re

    text = run_editor(TEMPLATE_HINT + checklist(list(current.steps)))
    return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)


def run_editor(text: str) -> str:
    """``text`` as the user leaves it in ``$VISUAL``/``$EDITOR`` (else ``vi``), through a
    private temporary file that is removed afterwards."""
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, name = tempfile.mkstemp(prefix="microtask-procedure-", suffix=".md")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            done = subprocess.run([*shlex.split(editor), name], check=False)
        except (OSError, ValueError) as error:
            raise InvalidInputError(
                f"cannot run the editor {editor!r}: {error}; set $EDITOR, or use --from FILE"
            ) from None
        if done.returncode != 0:
            raise InvalidInputError(
                f"the editor {editor!r} exited with {done.returncode}: nothing was saved"
            )
        with open(name, encoding="utf-8") as file:
            return file.read()
    except UnicodeDecodeError:
        raise InvalidInputError("the procedure is not UTF-8 text: nothing was saved") from None
    finally:
        os.unlink(name)
