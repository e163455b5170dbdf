"""`note ID TEXT` and `note ID --edit` (issue 14)."""

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
    from microtask.domain.model import Task
    from microtask.services import App


def note(
    ctx: typer.Context,
    task_id: TaskIdArg,
    text: Annotated[
        list[str] | None,
        typer.Argument(metavar="[TEXT]...", help="What to add; - reads it from stdin."),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the notes in $EDITOR (vi if unset).")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Add a timestamped line to a task's notes, or edit them.

    `note 12 Called Ana, she sends it Friday` appends '[2026-11-23 10:00] Called Ana, ...'.
    With --edit the notes open in $VISUAL or $EDITOR (else vi); `undo` reverts either.
    """
    from microtask.services.notes import append_note

    app = get_app(ctx)
    number = parse_task_id(task_id)
    if edit:
        if text:
            raise InvalidInputError("give TEXT or --edit, not both")
        output(json).updated(_edit_notes(app, number))
        return
    if not text:
        raise InvalidInputError("say what to note: note ID TEXT, or note ID --edit")
    words = sys.stdin.read() if text == ["-"] else " ".join(text)
    output(json).updated(append_note(app, number, words))


def _edit_notes(app: App, task_id: int) -> Task:
    """The task with the notes the editor left (unchanged notes write nothing)."""
    from microtask.domain.model import clean_note
    from microtask.editor import edit_text
    from microtask.services.notes import replace_notes, task_notes

    task = task_notes(app, task_id)
    before = task.notes or ""
    after = edit_text(before + "\n" if before else "", "note --edit", suffix=".md")
    if after.rstrip("\n") == before.rstrip("\n"):
        return task
    cleaned = clean_note(after.rstrip("\n"))
    return replace_notes(app, task_id, cleaned if cleaned.strip() else None)
