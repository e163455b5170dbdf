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
    from datetime import date

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


@block_app.command("run")
def block_run(
    ctx: typer.Context,
    block: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="The block to run (default: the one on now)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Run a block as one focus session, to the block's end.

    The keys, the summary and --json are those of pomodoro.
    """
    from microtask.cli.focus import run_focus
    from microtask.domain.timer import TimerConfig
    from microtask.services.recording import prepare_block_run

    app = get_app(ctx)
    target, seconds = prepare_block_run(app, None if block is None else parse_task_id(block))
    config = TimerConfig(work_seconds=seconds, cycles=1)
    run_focus(app, "block", config, target, json)


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
