"""Time blocks, the day plan and the agenda: block add/list/rm/run, plan, agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from microtask.cli import completion
from microtask.cli.common import get_app, ids_from, say_lines
from microtask.cli.options import DayArg, JsonOpt
from microtask.cli.output import output
from microtask.domain.model import parse_task_id

if TYPE_CHECKING:
    from datetime import date, datetime

    from microtask.domain.sessions import Block
    from microtask.domain.timeofday import TimeOfDay
    from microtask.services import App


block_app = typer.Typer(
    name="block",
    help="Time blocks: time set aside for a task or a kind of work.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _day(app: App, text: str | None) -> date:
    from microtask.domain.dates import parse_day

    now = app.now()
    if text is None:
        return now.astimezone().date()
    return parse_day(text, now, order=app.config.date_order)


@block_app.command("add")
def block_add(
    ctx: typer.Context,
    span: Annotated[str, typer.Argument(metavar="START-END", help="e.g. 09:00-10:30, 2-3pm.")],
    title: Annotated[
        str | None,
        typer.Argument(metavar="[TITLE]", help="What the time is for (default: the task's title)."),
    ] = None,
    task: Annotated[
        str | None,
        typer.Option(
            "--task",
            metavar="ID",
            help="The task this block is for.",
            autocompletion=completion.task_ids,
        ),
    ] = None,
    day: Annotated[
        str | None, typer.Option("--day", metavar="DAY", help="today (default), tomorrow, fri ...")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Add a block of time, for a task or a kind of work.

    A block that overlaps another one is refused (exit 4).
    """
    from microtask.domain.model import clean_title
    from microtask.domain.timeofday import parse_time_range
    from microtask.services.blocks import add_block

    app = get_app(ctx)
    start, end = parse_time_range(span)
    clean = None if title is None else clean_title(title)
    task_id = None if task is None else parse_task_id(task)
    block = add_block(app, _day(app, day), start, end, clean, task_id)
    output(json).block_added(block, app.now())


@block_app.command("list")
def block_list(ctx: typer.Context, day: DayArg = None, json: JsonOpt = False) -> None:
    """The blocks of a day."""
    from microtask.services.blocks import list_blocks

    app = get_app(ctx)
    output(json).blocks(list_blocks(app, _day(app, day)), app.now())


@block_app.command("rm")
def block_rm(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Blocks to remove.")],
) -> None:
    """Remove blocks (`microtask undo` brings them back)."""
    from microtask.render.messages import block_removed
    from microtask.services.blocks import remove_blocks

    app = get_app(ctx)
    say_lines([block_removed(block, app.now()) for block in remove_blocks(app, ids_from(ids))])


ForceOpt = Annotated[bool, typer.Option("--force", help="Allow an overlap with another block.")]


def _start(app: App, text: str) -> datetime | TimeOfDay:
    """A time of day (on the block's own day), else a moment: 'tomorrow 10:00'."""
    from microtask.domain.dates import parse_when
    from microtask.domain.errors import InvalidInputError
    from microtask.domain.timeofday import parse_clock_time

    try:
        return parse_clock_time(text)
    except InvalidInputError:
        return parse_when(text, app.now())


@block_app.command("move")
def block_move(
    ctx: typer.Context,
    block: Annotated[str, typer.Argument(metavar="ID", help="The block to move.")],
    time: Annotated[
        str, typer.Argument(metavar="TIME", help="Its new start: 14:00, or 'tomorrow 10:00'.")
    ],
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Move a block to a new start, keeping its length.

    An overlap with another block is refused (exit 4) unless --force; `microtask undo`
    moves it back.
    """
    from microtask.services.block_edits import BlockEdit, edit_block

    app = get_app(ctx)
    change = BlockEdit(start=_start(app, time), force=force)
    output(json).block_changed(
        edit_block(app, parse_task_id(block), change, "block move"), app.now()
    )


@block_app.command("edit")
def block_edit(
    ctx: typer.Context,
    block: Annotated[str, typer.Argument(metavar="ID", help="The block to change.")],
    start: Annotated[
        str | None, typer.Option("--start", metavar="TIME", help="A new start (keeps the length).")
    ] = None,
    length: Annotated[
        str | None, typer.Option("--length", metavar="DUR", help="A new length: 25m, 1h30m.")
    ] = None,
    task: Annotated[
        str | None, typer.Option("--task", metavar="ID", help="The task it is for.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="A new title.")
    ] = None,
    force: ForceOpt = False,
    json: JsonOpt = False,
) -> None:
    """Change a block's start, length, task or title.

    An overlap with another block is refused (exit 4) unless --force; `microtask undo`
    puts it back.
    """
    from microtask.domain.durations import parse_duration
    from microtask.domain.model import clean_title
    from microtask.services.block_edits import BlockEdit, edit_block

    app = get_app(ctx)
    change = BlockEdit(
        start=None if start is None else _start(app, start),
        seconds=None if length is None else parse_duration(length),
        task_id=None if task is None else parse_task_id(task),
        title=None if title is None else clean_title(title),
        force=force,
    )
    output(json).block_changed(edit_block(app, parse_task_id(block), change), app.now())


@block_app.command("run")
def block_run(
    ctx: typer.Context,
    block: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="The block to run (default: the one on now)."),
    ] = None,
    now: Annotated[
        bool, typer.Option("--now", help="Start a block that has not begun yet without asking.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Run a block as one focus session, to the block's end.

    A block that has not begun yet is run early, for its length, after asking (--now does
    not ask); the session counts for that block. The keys, the summary and --json are
    those of pomodoro.
    """
    from microtask.cli.focus import run_focus
    from microtask.domain.timer_config import TimerConfig
    from microtask.services.recording import prepare_block_run

    app = get_app(ctx)
    target, seconds = prepare_block_run(app, None if block is None else parse_task_id(block))
    if target.block is not None and target.block.start > app.now() and not now:
        _confirm_early(app, target.block)
    config = TimerConfig(work_seconds=seconds, cycles=1)
    run_focus(app, "block", config, target, json)


def _confirm_early(app: App, block: Block) -> None:
    """Running a block before it begins is asked first; without a terminal, refused."""
    from microtask.domain.errors import InvalidInputError
    from microtask.domain.sessions import describe_block
    from microtask.terminal import stdin_is_terminal

    what = describe_block(block, app.now())
    if not stdin_is_terminal():
        raise InvalidInputError(
            f"{what} has not begun yet: pass --now to run it now, or run it at "
            f"{block.start.astimezone():%H:%M}"
        )
    if not typer.confirm(f"{what[0].upper()}{what[1:]} has not begun yet. Run it now?", err=True):
        raise typer.Exit(1)


def plan(
    ctx: typer.Context,
    day: DayArg = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", metavar="TIME", help="Start of the day to plan (config: 09:00)."),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", metavar="TIME", help="End of the day to plan (config: 17:00)."),
    ] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Save the plan as blocks.")] = False,
    json: JsonOpt = False,
) -> None:
    """Propose a plan for a day's free time; --apply saves it as blocks.

    The free time between blocks is filled with the most urgent open tasks, in
    pomodoro-sized chunks.
    """
    from microtask.domain.timeofday import parse_clock_time
    from microtask.services.blocks import PlanRequest, make_plan

    app = get_app(ctx)
    request = PlanRequest(
        day=_day(app, day),
        start=None if from_ is None else parse_clock_time(from_),
        end=None if to is None else parse_clock_time(to, end_of_day=True),
        apply=apply,
    )
    output(json).plan(make_plan(app, request), app.now())


def agenda(ctx: typer.Context, day: DayArg = None, json: JsonOpt = False) -> None:
    """The day's timeline: blocks, sessions, and where they differ.

    Each block with the focus worked in it, each session, and where the day went otherwise
    than planned.
    """
    from microtask.services.blocks import day_agenda

    app = get_app(ctx)
    output(json).agenda(day_agenda(app, _day(app, day)), app.now())
