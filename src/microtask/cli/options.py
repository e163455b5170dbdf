"""Options and arguments several commands share, defined once (sqlite-utils' shared option
bundles are the model): the same flag reads the same everywhere, and choices come from the
domain's enums so help, validation and the domain never disagree."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from microtask.cli import completion
from microtask.domain.errors import InvalidInputError

MAX_ROWS = 1_000_000
"""The most rows a --limit may ask for (more than any store holds; a bigger number would
overflow the database's integers)."""
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write here; - or none: stdout."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")]
TaskIdArg = Annotated[
    str, typer.Argument(metavar="ID", help="Task id.", autocompletion=completion.task_ids)
]
TaskIdsArg = Annotated[
    list[str],
    typer.Argument(metavar="ID...", help="Task ids.", autocompletion=completion.task_ids),
]
DayArg = Annotated[
    str | None,
    typer.Argument(metavar="[DAY]", help="today (default), tomorrow, fri, 2026-11-24 ..."),
]

Choice = TypeVar("Choice", bound=StrEnum)


def choices(enum: type[StrEnum], last: str = "or") -> str:
    """``task, tag or project``: an enum's values, for help text."""
    values = [member.value for member in enum]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} {last} {values[-1]}"


def parse_choice(text: str, enum: type[Choice], option: str) -> Choice:
    """The member of ``enum`` that ``text`` names (any case); else a one-line error that
    lists what ``option`` accepts."""
    try:
        return enum(text.strip().lower())
    except ValueError:
        accepted = ", ".join(member.value for member in enum)
        raise InvalidInputError(f"invalid {option} {text!r}: use one of {accepted}") from None
