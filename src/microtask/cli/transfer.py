"""`import taskwarrior|todotxt` and `export tasks`: tasks in from other tools, and out."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Generic, TypeVar

import typer

from microtask.cli.common import deliver, deliver_pieces, get_app, say
from microtask.cli.options import ForceOpt, JsonOpt, OutputOpt, choices, parse_choice
from microtask.cli.output import output
from microtask.domain.errors import InvalidInputError, StoppedError

T = TypeVar("T")

import_app = typer.Typer(
    name="import",
    help="Tasks from Taskwarrior, todo.txt; time from Watson, Timewarrior.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

SourceArg = Annotated[
    str, typer.Argument(metavar="[FILE|-]", help="The file to read; - (default) for stdin.")
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Say what would be imported; write nothing.")
]
SkipBadOpt = Annotated[
    bool,
    typer.Option("--skip-bad", help="Import the records that are fine; list the others."),
]


@import_app.callback()
def import_group() -> None:
    """Tasks from Taskwarrior, todo.txt; time from Watson, Timewarrior.

    Every import is one transaction: all of it, or (on a bad record, an error or Ctrl-C)
    nothing. Tasks keep their UUIDs, so importing the same file again updates them.
    """


def _read(source: str) -> str:
    try:
        if source == "-":
            return sys.stdin.buffer.read().decode("utf-8")
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise InvalidInputError(f"cannot read {source!r}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"cannot read {source!r}: not UTF-8 text (byte {error.start})"
        ) from None


def _import(
    ctx: typer.Context, kind: str, source: str, dry_run: bool, skip_bad: bool, json: bool
) -> None:
    from microtask.services.transfer import import_text

    app = get_app(ctx)
    try:
        summary = import_text(app, kind, _read(source), dry_run=dry_run, skip_bad=skip_bad)
    except KeyboardInterrupt:
        raise StoppedError("Interrupted; nothing imported") from None
    output(json).imported(summary)


@import_app.command("taskwarrior")
def import_taskwarrior(
    ctx: typer.Context,
    source: SourceArg = "-",
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    json: JsonOpt = False,
) -> None:
    """Tasks from Taskwarrior's `task export` (2.6 or 3.x).

    Description, status, entry, modified, end, due, priority, tags, project and
    annotations are mapped; every other field (wait, depends, UDAs ...) is kept with the
    task and written back by `export tasks --format taskwarrior`.
    """
    _import(ctx, "taskwarrior", source, dry_run, skip_bad, json)


@import_app.command("todotxt")
def import_todotxt(
    ctx: typer.Context,
    source: SourceArg = "-",
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    json: JsonOpt = False,
) -> None:
    """Tasks from a todo.txt file: done marks, priorities, dates, +project, @context, due:.

    Other key:value pairs are kept with the task and written back by
    `export tasks --format todotxt`.
    """
    _import(ctx, "todotxt", source, dry_run, skip_bad, json)


@import_app.command("watson")
def import_watson(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE|-]", help="Watson's frames file (default: Watson's own, or -)."
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    json: JsonOpt = False,
) -> None:
    """Tracked time from Watson's frames, as sessions.

    Each frame goes to the task titled as its project (made, done, under the project
    "imported" when there is none). Time that overlaps a session already recorded is
    counted and left out, so importing the same file again adds nothing.
    """
    from microtask.importers.watson import default_path

    _import(ctx, "watson", source or str(default_path()), dry_run, skip_bad, json)


@import_app.command("timewarrior")
def import_timewarrior(
    ctx: typer.Context,
    source: SourceArg = "-",
    dry_run: DryRunOpt = False,
    skip_bad: SkipBadOpt = False,
    json: JsonOpt = False,
) -> None:
    """Tracked time from `timew export`, as sessions.

    Each interval goes to the task titled as its tags (made, done, under the project
    "imported" when there is none); its annotation becomes the session's note. Time that
    overlaps a session already recorded is counted and left out.
    """
    _import(ctx, "timewarrior", source, dry_run, skip_bad, json)


class TaskFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    TODOTXT = "todotxt"
    TASKWARRIOR = "taskwarrior"
    ICS = "ics"


def tasks(
    ctx: typer.Context,
    format_: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help=f"{choices(TaskFormat)}.")
    ] = "json",
    status: Annotated[
        str | None,
        typer.Option(metavar="STATUS", help="Only this status (default: every status)."),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only tasks with this tag.")
    ] = None,
    project: Annotated[
        str | None, typer.Option("--project", "-P", metavar="NAME", help="Only this project.")
    ] = None,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Tasks as JSON, CSV, todo.txt, Taskwarrior JSON or iCalendar.

    Every task, or those the filters pick. json has every field (the `list --json`
    objects); taskwarrior is what `task import` reads; todo.txt leaves dropped tasks out;
    ics gives each task a VTODO (steps RELATED-TO their parent).
    """
    from microtask.domain.model import TaskFilter, clean_project, clean_tag, parse_status
    from microtask.exporters import tasks as formats
    from microtask.services.transfer import tasks_to_export

    kind = parse_choice(format_, TaskFormat, "--format")
    app = get_app(ctx)
    filters = TaskFilter(
        statuses=None if status is None else (parse_status(status),),
        tag=None if tag is None else clean_tag(tag),
        project=None if project is None else clean_project(project),
        waiting=None,  # an export has every task, those --wait hides for now too
    )
    if kind is TaskFormat.JSON:  # streamed: 100,000 tasks are never all in memory
        from microtask.services.tasks import each_task

        counted_tasks = _Counting(each_task(app, filters).json_chunks())
        if deliver_pieces(formats.json_pieces(counted_tasks), output_file, force):
            from microtask.format import counted

            say(f"Wrote {counted(counted_tasks.count, 'task')} to {output_file}")
        return
    found = tasks_to_export(app, filters)
    if kind is TaskFormat.ICS:
        from microtask.domain.zones import local_zone_name
        from microtask.exporters.calendar import tasks_to_ics

        text = tasks_to_ics(found, local_zone_name(), app.now())
    else:
        write = {
            TaskFormat.CSV: formats.to_csv,
            TaskFormat.TODOTXT: formats.to_todotxt,
            TaskFormat.TASKWARRIOR: formats.to_taskwarrior,
        }[kind]
        text = write(found)
    if deliver(text, output_file, force):
        from microtask.format import counted

        say(f"Wrote {counted(len(found), 'task')} to {output_file}")


class _Counting(Generic[T]):
    """The lists an iterator gives, their items counted as they go by."""

    def __init__(self, chunks: Iterator[list[T]]) -> None:
        self.chunks = chunks
        self.count = 0

    def __iter__(self) -> Iterator[list[T]]:
        for chunk in self.chunks:
            self.count += len(chunk)
            yield chunk


def calendar(
    ctx: typer.Context,
    first: Annotated[
        str, typer.Option("--from", metavar="DAY", help="The first day (default: today).")
    ] = "today",
    last: Annotated[
        str | None,
        typer.Option("--to", metavar="DAY", help="The last day (default: a week from --from)."),
    ] = None,
    sessions: Annotated[
        bool, typer.Option("--sessions", help="Also the focus sessions recorded.")
    ] = False,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Blocks (and sessions) as iCalendar events, due tasks as to-dos.

    For a calendar app or khal: times in your zone with its VTIMEZONE, and UIDs that stay
    the same, so importing the file again updates the events instead of doubling them.
    """
    from datetime import timedelta

    from microtask.domain.dates import parse_day
    from microtask.exporters.calendar import to_ics
    from microtask.services.transfer import calendar_span

    app = get_app(ctx)
    start_day = parse_day(first, app.now())
    end_day = parse_day(last, app.now()) if last is not None else start_day + timedelta(days=6)
    span = calendar_span(app, start_day, end_day, sessions)
    if deliver(to_ics(span, app.now()), output_file, force):
        events = len(span.blocks) + len(span.sessions)
        say(f"Wrote {events} events and {len(span.due)} to-dos to {output_file}")
