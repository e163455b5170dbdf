"""Manual sessions: session add/list/edit/rm (work recorded after the fact)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from microtask.cli.common import get_app, ids_from, say_lines
from microtask.cli.options import JsonOpt
from microtask.cli.output import output
from microtask.domain.model import parse_task_id

if TYPE_CHECKING:
    from datetime import date, datetime

    from microtask.services import App


session_app = typer.Typer(
    name="session",
    help="Record work done away from the keyboard; list and fix sessions.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ForceOpt = Annotated[
    bool, typer.Option("--force", help="Record it even if it overlaps another session.")
]


def _moment(app: App, text: str) -> datetime:
    """A time of day is today's ('14:00'); else any moment: 'yesterday 16:00'."""
    from microtask.domain.dates import parse_when
    from microtask.domain.errors import InvalidInputError
    from microtask.domain.timeofday import parse_clock_time
    from microtask.domain.zones import at_local_time

    try:
        clock = parse_clock_time(text)
    except InvalidInputError:
        return parse_when(text, app.now())
    return at_local_time(app.now().astimezone().date(), clock)


def _day(app: App, text: str) -> date:
    from microtask.domain.dates import parse_day

    return parse_day(text, app.now())


@session_app.command("add")
def session_add(
    ctx: typer.Context,
    task: Annotated[str, typer.Argument(metavar="TASK", help="The task worked on.")],
    from_: Annotated[
        str, typer.Option("--from", metavar="TIME", help="When it started: 14:00, 'yesterday 9am'.")
    ],
    to: Annotated[str | None, typer.Option("--to", metavar="TIME", help="When it ended.")] = None,
    for_: Annotated[
        str | None, typer.Option("--for", metavar="DUR", help="How long (instead of --to).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note.")] = None,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Record work done away from the keyboard: a call, a meeting, a walk.

    Give --to or --for. One that overlaps another session is refused (exit 4) unless
    --force; one that ends in the future is refused. `microtask undo` removes it.
    """
    from datetime import timedelta

    from microtask.domain.durations import parse_duration
    from microtask.domain.errors import InvalidInputError
    from microtask.services.sessions import NewSession, add_session

    app = get_app(ctx)
    start = _moment(app, from_)
    if (to is None) == (for_ is None):
        raise InvalidInputError("give when it ended (--to TIME) or how long it was (--for DUR)")
    end = (
        _moment(app, to)
        if to is not None
        else start + timedelta(seconds=parse_duration(for_ or ""))
    )
    clean = None if note is None or not note.strip() else note.strip()
    added = add_session(app, NewSession(parse_task_id(task), start, end, clean, force))
    output(json).session_recorded(added, "Recorded", app.now())


@session_app.command("list")
def session_list(
    ctx: typer.Context,
    from_: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="First day (default: today).")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Last day (default: today).")
    ] = None,
    task: Annotated[
        str | None, typer.Option("--task", metavar="ID", help="Only this task's sessions.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Sessions of a day or a span of days, of every kind (default: today).

    With --task alone: every session of that task.
    """
    from microtask.services.sessions import SessionQuery, list_sessions

    app = get_app(ctx)
    query = SessionQuery(
        start_day=None if from_ is None else _day(app, from_),
        end_day=None if to is None else _day(app, to),
        task_id=None if task is None else parse_task_id(task),
    )
    output(json).session_list(list_sessions(app, query), app.now())


@session_app.command("edit")
def session_edit(
    ctx: typer.Context,
    session: Annotated[str, typer.Argument(metavar="ID", help="The session to change.")],
    from_: Annotated[
        str | None, typer.Option("--from", metavar="TIME", help="A new start.")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", metavar="TIME", help="A new end.")] = None,
    task: Annotated[
        str | None, typer.Option("--task", metavar="ID", help="The task it was for.")
    ] = None,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Fix a session's times or task (`microtask undo` puts it back)."""
    from microtask.services.sessions import SessionEdit, edit_session

    app = get_app(ctx)
    change = SessionEdit(
        start=None if from_ is None else _moment(app, from_),
        end=None if to is None else _moment(app, to),
        task_id=None if task is None else parse_task_id(task),
        force=force,
    )
    changed = edit_session(app, parse_task_id(session), change)
    output(json).session_recorded(changed, "Changed", app.now())


@session_app.command("rm")
def session_rm(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Sessions to remove.")],
) -> None:
    """Remove sessions (`microtask undo` brings them back)."""
    from microtask.render.messages import session_line
    from microtask.services.sessions import remove_sessions

    app = get_app(ctx)
    gone = remove_sessions(app, ids_from(ids))
    say_lines([session_line(s, "Removed", app.now()) for s in gone])
