"""Task commands: add, list, show, next, edit, split, done, reopen, drop, rm, undo."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from microtask.cli import completion
from microtask.cli.common import get_app, ids_from, say, say_lines
from microtask.cli.options import MAX_ROWS, JsonOpt, TaskIdArg, TaskIdsArg
from microtask.cli.output import output
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import (
    PRIORITY_NAMES,
    STATUS_NAMES,
    clean_note,
    clean_project,
    clean_tags,
    clean_title,
    parse_priority,
    parse_status,
    parse_task_id,
)

if TYPE_CHECKING:
    from datetime import datetime

    from microtask.domain.delegation import Delegation
    from microtask.domain.edits import CriteriaChanges
    from microtask.services import App, TaskFields
    from microtask.services.series import Recurrence

PriorityOpt = Annotated[
    str | None,
    typer.Option(
        "--priority",
        "-p",
        metavar="PRIORITY",
        help=f"One of {PRIORITY_NAMES} (default medium).",
        autocompletion=completion.priorities,
    ),
]
EditPriorityOpt = Annotated[
    str | None,
    typer.Option(
        "--priority",
        "-p",
        metavar="PRIORITY",
        help=f"New priority: {PRIORITY_NAMES}.",
        autocompletion=completion.priorities,
    ),
]
DueOpt = Annotated[
    str | None,
    typer.Option(
        "--due",
        "-d",
        metavar="WHEN",
        help="When it is due: tomorrow, fri 17:00, in 3 days, 2026-12-01 ...",
    ),
]
EstimateOpt = Annotated[
    str | None,
    typer.Option(
        "--estimate", "-e", metavar="DURATION", help="Expected effort: 25m, 1h30m, 1.5h, 90s."
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", metavar="TAG", help="A tag; repeat for more.", autocompletion=completion.tags
    ),
]
ProjectOpt = Annotated[
    str | None,
    typer.Option(
        "--project", "-P", metavar="NAME", help="Project name.", autocompletion=completion.projects
    ),
]
ParentOpt = Annotated[
    str | None,
    typer.Option(
        "--parent",
        metavar="ID",
        help="Make it a subtask of this task id.",
        autocompletion=completion.task_ids,
    ),
]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        "--note", metavar="TEXT", help="Notes: context, acceptance criteria (- reads stdin)."
    ),
]
RepetitiveOpt = Annotated[
    bool | None,
    typer.Option(
        "--repetitive/--not-repetitive",
        help="Outsourcing: the same work comes back (unset: unknown, or inferred).",
        show_default=False,
    ),
]
TimeSensitiveOpt = Annotated[
    bool | None,
    typer.Option(
        "--time-sensitive/--not-time-sensitive",
        help="Outsourcing: it must happen at a precise time.",
        show_default=False,
    ),
]
CriticalOpt = Annotated[
    bool | None,
    typer.Option(
        "--critical/--not-critical",
        help="Outsourcing: a mistake would hurt the business.",
        show_default=False,
    ),
]
KnowHowOpt = Annotated[
    bool | None,
    typer.Option(
        "--know-how/--no-know-how",
        help="Outsourcing: it needs knowledge only you have.",
        show_default=False,
    ),
]
DirectionsOpt = Annotated[
    str | None,
    typer.Option(
        "--directions",
        metavar="LEVEL",
        help="Outsourcing: how hard it is to write down: simple, moderate or complex.",
        autocompletion=completion.directions,
    ),
]
HoursOpt = Annotated[
    str | None,
    typer.Option(
        "--hours-per-week", metavar="H", help="Outsourcing: hours of this work each week."
    ),
]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category",
        metavar="CAT",
        help="Outsourcing category: BPO, KPO, TSO or VA.",
        autocompletion=completion.categories,
    ),
]
TABLE_ROWS = 100

# -- recurring work (issue 13): series options -------------------------------------------
EveryOpt = Annotated[
    str | None,
    typer.Option(
        "--every",
        metavar="SPEC",
        help="Repeat: day, weekday, week, 2 weeks, monday, mon,thu, month, month on 15, "
        "month on last fri, quarter, year.",
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="No instance of the series after DATE."),
]
NoEveryOpt = Annotated[
    bool,
    typer.Option("--no-every", help="Stop the series: this instance stays, no more follow."),
]


def _recurrence(
    app: App, every: str | None, until: str | None, stop: bool = False
) -> Recurrence | None:
    """``--every``/``--until``/``--no-every``, parsed before anything is written (None:
    none given, and nothing of recurring work is loaded)."""
    if every is None and until is None and not stop:
        return None
    from microtask.domain.recurrence import parse_rule
    from microtask.services.series import Recurrence

    if stop and (every is not None or until is not None):
        raise InvalidInputError("--no-every contradicts --every and --until: give one of them")
    recurrence = Recurrence(stop=stop)
    if every is not None:
        recurrence.rule = parse_rule(every)
    if until is not None:
        from microtask.domain.dates import parse_when

        recurrence.until = parse_when(until, app.now())
    return recurrence


AfterOpt = Annotated[
    str | None,
    typer.Option(
        "--after",
        metavar="ID[,ID]",
        help="It waits until these tasks are done (not in next or plan).",
    ),
]
WaitOpt = Annotated[
    str | None,
    typer.Option(
        "--wait", metavar="DATE", help="Hide it from list, next, plan, triage until then."
    ),
]
ScheduledOpt = Annotated[
    str | None,
    typer.Option("--scheduled", metavar="DATE", help="Do not plan it before that day."),
]


def _waits(
    app: App,
    fields: TaskFields,
    after: str | None,
    wait: str | None,
    scheduled: str | None,
) -> None:
    """``--after``, ``--wait`` and ``--scheduled``, parsed into ``fields``."""
    if wait is None and scheduled is None and after is None:
        return
    from microtask.domain.dates import parse_when

    if after is not None:
        fields.after = tuple(parse_task_id(part) for part in after.split(",") if part.strip())
        if not fields.after:
            raise InvalidInputError("--after needs task ids, e.g. --after 12 or --after 12,14")
    if wait is not None:
        fields.wait = parse_when(wait, app.now())
    if scheduled is not None:
        fields.scheduled = parse_when(scheduled, app.now())


# -- end of the series options ------------------------------------------------------------


def _fields(
    app: App,
    title: str | None,
    priority: str | None,
    due: str | None,
    estimate: str | None,
    tags: list[str] | None,
    project: str | None,
    parent: str | None,
    note: str | None,
) -> TaskFields:
    """Parse and validate every option before anything is written."""
    from microtask.services import TaskFields

    fields = TaskFields()
    if title is not None:
        fields.title = clean_title(title)
    if priority is not None:
        fields.priority = parse_priority(priority)
    if due is not None:
        from microtask.domain.dates import parse_when

        fields.due = parse_when(due, app.now(), order=app.config.date_order)
    if estimate is not None:
        from microtask.domain.durations import parse_duration

        fields.estimate_seconds = parse_duration(estimate)
    if tags:
        fields.tags = clean_tags(tags)
    if project is not None:
        fields.project = clean_project(project)
    if parent is not None:
        fields.parent_id = parse_task_id(parent)
    if note is not None:
        fields.note = clean_note(sys.stdin.read().rstrip("\n") if note == "-" else note)
    return fields


def _criteria(
    repetitive: bool | None,
    time_sensitive: bool | None,
    critical: bool | None,
    know_how: bool | None,
    directions: str | None,
    hours_per_week: str | None,
    category: str | None,
    unset: list[str] | None = None,
) -> CriteriaChanges:
    """The outsourcing answers given on this command line (``--unset``: made unknown)."""
    from microtask.domain.edits import KEEP, CriteriaChanges
    from microtask.domain.model import (
        parse_category,
        parse_criterion,
        parse_directions,
        parse_hours_per_week,
    )

    changes = CriteriaChanges(
        repetitive=KEEP if repetitive is None else repetitive,
        time_sensitive=KEEP if time_sensitive is None else time_sensitive,
        critical=KEEP if critical is None else critical,
        know_how=KEEP if know_how is None else know_how,
        directions=KEEP if directions is None else parse_directions(directions),
        hours_per_week=KEEP if hours_per_week is None else parse_hours_per_week(hours_per_week),
        category=KEEP if category is None else parse_category(category),
    )
    for name in unset or []:
        criterion = parse_criterion(name)
        if changes.given(criterion):
            raise InvalidInputError(f"--unset {name} contradicts the value given for it")
        changes = changes.unset(criterion)
    return changes


def add(
    ctx: typer.Context,
    title: Annotated[
        str,
        typer.Argument(metavar="TITLE", help="What to do, in a few words; - reads it from stdin."),
    ],
    priority: PriorityOpt = None,
    due: DueOpt = None,
    estimate: EstimateOpt = None,
    tag: TagOpt = None,
    project: ProjectOpt = None,
    parent: ParentOpt = None,
    note: NoteOpt = None,
    repetitive: RepetitiveOpt = None,
    time_sensitive: TimeSensitiveOpt = None,
    critical: CriticalOpt = None,
    know_how: KnowHowOpt = None,
    directions: DirectionsOpt = None,
    hours_per_week: HoursOpt = None,
    category: CategoryOpt = None,
    every: EveryOpt = None,
    until: UntilOpt = None,
    after: AfterOpt = None,
    wait: WaitOpt = None,
    scheduled: ScheduledOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a task.

    With --every it is the first instance of a series: when it is done or dropped, the next
    one is created, due at the rule's next occurrence (without --due, the first is due at
    the end of the rule's first day from today).
    """
    from microtask.services import add_task

    app = get_app(ctx)
    if title == "-":  # issue 14: the title (and notes, after the first line) from stdin
        from microtask.domain.notes import from_input

        if note == "-":
            raise InvalidInputError("stdin can give the title or the notes, not both")
        title, piped_note = from_input(sys.stdin.read())
        if piped_note is not None and note is not None:
            raise InvalidInputError("notes came on stdin and with --note: give one of them")
        note = piped_note if note is None else note
    fields = _fields(app, title, priority, due, estimate, tag, project, parent, note)
    fields.criteria = _criteria(
        repetitive, time_sensitive, critical, know_how, directions, hours_per_week, category
    )
    fields.recurrence = _recurrence(app, every, until)
    _waits(app, fields, after, wait, scheduled)
    output(json).added(add_task(app, fields))


def list_(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TEXT]...",
            help="Only tasks whose title or notes hold every word (any case); @NAME: a view.",
            show_default=False,
            autocompletion=completion.list_words,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Every status, not only open.")] = False,
    status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS",
            help=f"Only this status: {STATUS_NAMES} (default open).",
            autocompletion=completion.statuses,
        ),
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag",
            "-t",
            metavar="TAG",
            help="Only tasks with this tag.",
            autocompletion=completion.tags,
        ),
    ] = None,
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            "-P",
            metavar="NAME",
            help="Only this project.",
            autocompletion=completion.projects,
        ),
    ] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", metavar="WHEN", help="Only tasks due before WHEN.")
    ] = None,
    # -- finding (issue 14) --------------------------------------------------------------
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", metavar="TEXT", help="Same as TEXT...: words in title or notes."
        ),
    ] = None,
    due_after: Annotated[
        str | None,
        typer.Option("--due-after", metavar="WHEN", help="Only tasks due at or after WHEN."),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only tasks whose due time has passed.")
    ] = False,
    # ------------------------------------------------------------------------------------
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            max=MAX_ROWS,
            metavar="N",
            help=f"At most N tasks, most urgent first (default: {TABLE_ROWS} in the table, "
            "all with --json).",
        ),
    ] = None,
    flat: Annotated[bool, typer.Option("--flat", help="One row per task, no tree.")] = False,
    # -- recurring work (issue 13) --
    series: Annotated[
        bool,
        typer.Option(
            "--series", help="List the series: rule, next due, done on time, median focus."
        ),
    ] = False,
    waiting: Annotated[
        bool, typer.Option("--waiting", help="Only the tasks --wait hides for now.")
    ] = False,
    # -- end of recurring work --
    json: JsonOpt = False,
) -> None:
    """List tasks, most urgent first, subtasks under their parent."""
    from microtask.domain.model import TaskFilter, clean_tag
    from microtask.services import list_tasks

    app = get_app(ctx)
    if series:
        from microtask.services.series import list_series

        output(json).series_list(list_series(app), app.now())
        return
    if all_ and status:
        raise InvalidInputError("--all and --status contradict each other: give one of them")
    statuses = None if all_ else (parse_status(status or "open"),)
    found = finding(app, words or [], search, due_before, due_after, overdue)
    filters = TaskFilter(
        statuses=statuses,
        tag=None if tag is None else clean_tag(tag),
        project=None if project is None else clean_project(project),
        due_before=found.due_before,
        due_from=found.due_from,
        search=found.words,
        waiting=waiting,
    )
    out = output(json)
    # A table of 80,000 rows helps nobody and takes minutes to draw; scripts get them all.
    tree = out.shows_trees and not flat
    rows = out.rows(limit, TABLE_ROWS)
    if rows is None and not tree:  # every matching task: streamed, never all in memory
        from microtask.services.tasks import each_task

        out.task_stream(each_task(app, filters), app.now())
    else:
        out.task_list(list_tasks(app, filters, rows, tree=tree), app.now(), tree=tree)
    out.check_ins(lambda: _check_ins_due(app), app.now())


class Finding(NamedTuple):
    words: tuple[str, ...]
    due_before: datetime | None
    due_from: datetime | None


def finding(
    app: App,
    words: list[str],
    search: str | None,
    due_before: str | None,
    due_after: str | None,
    overdue: bool,
) -> Finding:
    """The words and due window ``list`` was given (``--overdue``: due before now)."""
    from microtask.domain.search import search_words

    before = after = None
    if due_before is not None or due_after is not None:  # the date parser loads only then
        from microtask.domain.dates import parse_when

        order = app.config.date_order
        before = None if due_before is None else parse_when(due_before, app.now(), order=order)
        after = None if due_after is None else parse_when(due_after, app.now(), order=order)
    if overdue:
        before = app.now() if before is None else min(before, app.now())
    if before is not None and after is not None and after >= before:
        raise InvalidInputError("--due-after must come before --due-before: no task fits both")
    return Finding(search_words([*words, *([search] if search is not None else [])]), before, after)


def show(
    ctx: typer.Context,
    task_id: TaskIdArg,
    json: JsonOpt = False,
) -> None:
    """Show a task: its fields, subtask tree with progress, and urgency.

    Progress counts the steps done out of all steps below the task; the urgency is shown
    term by term, each with its factor and coefficient.
    """
    from microtask.services import show_task

    app = get_app(ctx)
    output(json).task_detail(show_task(app, parse_task_id(task_id)), app.now())


def next_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """The most urgent task you can act on now, and why.

    An open task with no open subtasks; the reasons are its largest urgency terms.
    """
    from microtask.services import next_task

    app = get_app(ctx)
    out = output(json)
    out.next_task(next_task(app), app.now())
    out.check_ins(lambda: _check_ins_due(app), app.now())


def _check_ins_due(app: App) -> list[Delegation]:
    from microtask.services.check_ins import check_ins_due

    return check_ins_due(app)


def edit(
    ctx: typer.Context,
    task_id: TaskIdArg,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="New title.")
    ] = None,
    priority: EditPriorityOpt = None,
    due: DueOpt = None,
    estimate: EstimateOpt = None,
    tag: TagOpt = None,
    project: ProjectOpt = None,
    parent: ParentOpt = None,
    note: NoteOpt = None,
    clear_due: Annotated[bool, typer.Option("--clear-due", help="Remove the due date.")] = False,
    clear_estimate: Annotated[
        bool, typer.Option("--clear-estimate", help="Remove the estimate.")
    ] = False,
    clear_project: Annotated[
        bool, typer.Option("--clear-project", help="Remove the project.")
    ] = False,
    clear_parent: Annotated[
        bool, typer.Option("--clear-parent", help="Make it a top-level task.")
    ] = False,
    untag: Annotated[
        list[str] | None,
        typer.Option(
            "--untag", metavar="TAG", help="Remove a tag.", autocompletion=completion.tags
        ),
    ] = None,
    repetitive: RepetitiveOpt = None,
    time_sensitive: TimeSensitiveOpt = None,
    critical: CriticalOpt = None,
    know_how: KnowHowOpt = None,
    directions: DirectionsOpt = None,
    hours_per_week: HoursOpt = None,
    category: CategoryOpt = None,
    unset: Annotated[
        list[str] | None,
        typer.Option(
            "--unset",
            metavar="CRITERION",
            autocompletion=completion.criteria,
            help="Make an outsourcing answer unknown again (repetitive, time-sensitive, "
            "critical, directions, know-how, hours-per-week, category).",
        ),
    ] = None,
    every: EveryOpt = None,
    until: UntilOpt = None,
    no_every: NoEveryOpt = False,
    after: AfterOpt = None,
    no_after: Annotated[
        bool, typer.Option("--no-after", help="It no longer waits on other tasks.")
    ] = False,
    wait: WaitOpt = None,
    no_wait: Annotated[bool, typer.Option("--no-wait", help="Show it again now.")] = False,
    scheduled: ScheduledOpt = None,
    no_scheduled: Annotated[
        bool, typer.Option("--no-scheduled", help="Plan it on any day.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Change a task.

    Any option of add, plus --clear-*, --untag and --unset; tags given with -t are added.
    --every on a one-off task starts a series from it; on an instance it changes the rule,
    counted from this instance.
    """
    from microtask.services import edit_task

    app = get_app(ctx)
    for flag, value, clear in (
        ("--due", due, clear_due),
        ("--estimate", estimate, clear_estimate),
        ("--project", project, clear_project),
        ("--parent", parent, clear_parent),
    ):
        if value is not None and clear:
            raise InvalidInputError(f"{flag} and --clear-{flag[2:]} contradict each other")
    fields = _fields(app, title, priority, due, estimate, tag, project, parent, note)
    fields.clear_due, fields.clear_estimate = clear_due, clear_estimate
    fields.clear_project, fields.clear_parent = clear_project, clear_parent
    fields.untag = clean_tags(untag) if untag else ()
    fields.criteria = _criteria(
        repetitive, time_sensitive, critical, know_how, directions, hours_per_week, category, unset
    )
    fields.recurrence = _recurrence(app, every, until, no_every)
    for flag, value, clear in (
        ("--after", after, no_after),
        ("--wait", wait, no_wait),
        ("--scheduled", scheduled, no_scheduled),
    ):
        if value is not None and clear:
            raise InvalidInputError(f"{flag} and --no-{flag[2:]} contradict each other")
    _waits(app, fields, after, wait, scheduled)
    fields.clear_after, fields.clear_wait, fields.clear_scheduled = no_after, no_wait, no_scheduled
    output(json).updated(edit_task(app, parse_task_id(task_id), fields))


def split(
    ctx: typer.Context,
    task_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The task to split.", autocompletion=completion.task_ids),
    ],
    steps: Annotated[
        list[str] | None, typer.Argument(metavar="[STEP]...", help="Steps, in order.")
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="FILE", help="Read steps from FILE, or - for stdin: one a line."
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Split a task into ordered subtasks.

    A step may end with its own estimate ('Draft outline ~20m'); the steps without one share
    what is left of the task's estimate.
    """
    from microtask.domain.steps import parse_step, parse_steps
    from microtask.services import split_task
    from microtask.services.tasks import tasks_by_id

    app = get_app(ctx)
    parent_id = parse_task_id(task_id)
    if steps and from_ is not None:
        raise InvalidInputError("give steps as arguments or with --from, not both")
    if from_ is not None:
        parsed = parse_steps(_read_source(from_))
    else:
        parsed = [s for s in (parse_step(text) for text in steps or []) if s is not None]
    result = split_task(app, parent_id, parsed)
    output(json).split(result.parent, result.step_ids, lambda ids: tasks_by_id(app, ids))


def _read_source(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise InvalidInputError(f"cannot read steps from {source!r}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInputError(f"cannot read steps from {source!r}: not UTF-8 text") from None


def done(
    ctx: typer.Context,
    task_ids: TaskIdsArg,
    cascade: Annotated[
        bool, typer.Option("--cascade", help="Also complete every open subtask.")
    ] = False,
) -> None:
    """Mark tasks done.

    A task with open subtasks is refused unless you list them too or pass --cascade.
    """
    from microtask.render.messages import completed, following
    from microtask.services import complete_tasks

    result = complete_tasks(get_app(ctx), ids_from(task_ids), cascade)
    say_lines(completed(result.done, result.already, result.parents_ready, result.done_count))
    say_lines(following(result.following))


def reopen(ctx: typer.Context, task_id: TaskIdArg) -> None:
    """Reopen a done or dropped task.

    Reopening a step of a closed parent reopens the parent too.
    """
    from microtask.render.messages import reopened
    from microtask.services import reopen_task

    say_lines(reopened(*reopen_task(get_app(ctx), parse_task_id(task_id))))


def drop(ctx: typer.Context, task_ids: TaskIdsArg) -> None:
    """Drop tasks you will not do.

    Their open subtasks are dropped too.
    """
    from microtask.render.messages import dropped, following
    from microtask.services import drop_and_follow

    gone, count, next_ones = drop_and_follow(get_app(ctx), ids_from(task_ids))
    say_lines(dropped(gone, count))
    say_lines(following(next_ones))


def rm(
    ctx: typer.Context,
    task_ids: TaskIdsArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete tasks and their subtasks.

    It shows what will go and asks first (--yes does not ask); `microtask undo` brings them
    back. Deleting the open instance of a series brings the next one, as drop does (stop a
    series with `edit ID --no-every`).
    """
    from microtask.render.messages import deleted, following, to_delete
    from microtask.services import remove_and_follow, subtree_sizes

    app = get_app(ctx)
    ids = ids_from(task_ids)
    if not yes:
        say_lines([to_delete(task, below) for task, below in subtree_sizes(app, ids)])
        if not typer.confirm("Delete these tasks?", default=False):
            say("Nothing deleted.")
            raise typer.Exit(1)
    count, next_ones = remove_and_follow(app, ids)
    say(deleted(count))
    say_lines(following(next_ones))


def undo(ctx: typer.Context) -> None:
    """Revert the most recent change.

    Run it again to go further back.
    """
    from microtask.render.messages import undid
    from microtask.services import undo as undo_change

    say(undid(undo_change(get_app(ctx))))
