"""The one-line messages commands print for people: plain strings (no Rich), user text made
visible. ``cli/output.py`` prints them; JSON output never uses them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.durations import format_duration
from microtask.domain.text import short as shortened
from microtask.domain.text import visible
from microtask.format import countdown, counted, plural

if TYPE_CHECKING:
    from microtask.domain.delegation import Delegation, Provider
    from microtask.domain.model import Task
    from microtask.domain.sessions import Activity, Block, FocusStatus, Session
    from microtask.domain.transfer import ImportSummary
    from microtask.domain.views.outsourcing import Delegated
    from microtask.domain.views.runs import RunSummary, Stopped
    from microtask.domain.views.series import ProcedureView


def task_label(task: Task) -> str:
    """``12: Send invoices``."""
    return f"{task.id}: {visible(task.title)}"


# -- tasks --------------------------------------------------------------------------------


def added(task: Task) -> str:
    return f"Added task {task_label(task)}"


def updated(task: Task) -> str:
    return f"Updated task {task_label(task)}"


def split(parent: Task, shown: Sequence[Task], count: int) -> list[str]:
    """What a split made: ``count`` steps, of which ``shown`` are the first."""
    lines = [f"Split task {task_label(parent)} into {counted(count, 'step')}:"]
    for step in shown:
        estimate = f"  ~{format_duration(step.estimate_seconds)}" if step.estimate_seconds else ""
        done = "  (done)" if step.status.value == "done" else ""
        lines.append(f"  {task_label(step)}{estimate}{done}")
    if count > len(shown):
        lines.append(f"  ... and {count - len(shown)} more: see `microtask show {parent.id}`")
    return lines


NOTHING_TO_DO = 'Nothing to do: no open task. Add one with: microtask add "..."'


def _more(shown: Sequence[Task], count: int) -> list[str]:
    return [f"... and {count - len(shown)} more"] if count > len(shown) else []


def completed(
    done: Sequence[Task], already: Sequence[Task], ready: Sequence[Task], count: int
) -> list[str]:
    """``count`` tasks finished, of which ``done`` are the first."""
    return [
        *(f"Task {task_label(task)} was already done" for task in already),
        *(f"Completed task {task_label(task)}" for task in done),
        *_more(done, count),
        *(
            f"All subtasks of task {task_label(parent)} are done: "
            f"close it with `microtask done {parent.id}`"
            for parent in ready
        ),
    ]


def following(tasks: Sequence[Task]) -> list[str]:
    """The next instances a done or drop created: ``Next: task 5: Invoice, due Mon ...``."""
    lines = []
    for task in tasks:
        due = "" if task.due is None else f", due {task.due.astimezone():%a %Y-%m-%d %H:%M}"
        skipped = f" ({counted(task.skipped, 'occurrence')} missed)" if task.skipped else ""
        lines.append(f"Next in the series: task {task_label(task)}{due}{skipped}")
    return lines


def procedure_lines(view: ProcedureView) -> list[str]:
    """The procedure as the checklist it is written in; after a write, what was saved."""
    from microtask.domain.steps import checklist

    series = view.series
    named = f"series {series.id} ({visible(view.title)!r}, every {series.rule})"
    if view.changed:
        if not view.steps:
            return [f"Removed the procedure of {named}."]
        return [
            f"Saved the procedure of {named}: {counted(len(view.steps), 'step')}; "
            "each new instance starts with them."
        ]
    if not view.steps:
        return [
            f"No procedure for {named} yet: write one with "
            f"`microtask procedure {view.task_id} --edit` or `--from FILE`."
        ]
    return [visible(line) for line in checklist(list(view.steps)).splitlines()]


def reopened(task: Task, ancestors: Sequence[Task]) -> list[str]:
    return [
        f"Reopened task {task_label(task)}",
        *(f"Reopened its parent task {task_label(ancestor)}" for ancestor in ancestors),
    ]


def dropped(shown: Sequence[Task], count: int) -> list[str]:
    """``count`` tasks dropped, of which ``shown`` are the first."""
    return [*(f"Dropped task {task_label(task)}" for task in shown), *_more(shown, count)]


def to_delete(task: Task, subtasks: int) -> str:
    extra = f" and its {subtasks} subtask(s)" if subtasks else ""
    return f"  {task_label(task)}{extra}"


def deleted(count: int) -> str:
    return f"Deleted {counted(count, 'task')}."


def undid(label: str) -> str:
    return f"Undid: {visible(label)}"


# -- focus --------------------------------------------------------------------------------


def tracking_started(activity: Activity) -> str:
    since = activity.started.astimezone().strftime("%H:%M")
    title = visible(activity.task_title or "")
    return f"Tracking task {activity.task_id} {title!r} since {since}. Stop with: microtask stop"


def stopped(what: Stopped) -> str:
    from microtask.domain.sessions import describe_activity

    session = what.session
    if session is None:
        return f"Stopped the {describe_activity(what.activity)}."
    end = session.end or session.start
    span = f"{session.start.astimezone():%H:%M}-{end.astimezone():%H:%M}"
    return (
        f"Stopped tracking task {what.activity.task_id} "
        f"{visible(what.activity.task_title or '')!r}: "
        f"{format_duration(round(session.focus_seconds))} ({span})"
    )


def status_line(current: FocusStatus, short: bool) -> str:
    """``status``: what runs and the time left; with ``short``, a compact line for a shell
    prompt (empty when nothing runs)."""
    from microtask.domain.sessions import describe_activity
    from microtask.domain.timer_config import PHASE_NAMES

    activity = current.activity
    if activity is None:
        return "" if short else "Nothing running."
    title = visible(activity.task_title or "") if activity.task_id is not None else "free"
    if activity.kind.value == "tracked":
        spent = countdown(current.focus_seconds)
        if short:
            return f"tracking {spent} {title}"
        since = activity.started.astimezone().strftime("%H:%M")
        return f"Tracking task {activity.task_id} {title!r} for {spent} (since {since})."
    phase = PHASE_NAMES.get(activity.phase or "", activity.phase or "")
    left = countdown(current.remaining_seconds or 0.0)
    paused = " paused" if activity.paused else ""
    if short:
        return f"{phase}{paused} {left} {title}"
    cycle = (
        f" {activity.cycle}/{activity.cycles}"
        if activity.cycle and activity.cycles and activity.kind.value == "pomodoro"
        else ""
    )
    return f"{phase.capitalize()}{cycle}{paused}: {left} left · {describe_activity(activity)}."


def run_summary(summary: RunSummary) -> list[str]:
    """The end of a pomodoro or block run: what was done, and where the task stands."""
    focus = format_duration(round(summary.focus_seconds))
    counts = f"{summary.completed} completed"
    if summary.interrupted:
        counts += f", {summary.interrupted} interrupted"
    noun = "Pomodoros" if summary.kind.value == "pomodoro" else "Block"
    line = f"{noun}: {counts} · focus {focus}"
    if summary.pause_seconds >= 1:
        line += f" (paused {format_duration(round(summary.pause_seconds))})"
    lines = [line]
    task = summary.task
    if task is not None:
        label = f"Task {task.id} {visible(task.title)!r}"
        total = format_duration(round(task.focus_seconds))
        left = summary.estimate_left_seconds
        if left is None or task.estimate_seconds is None:
            lines.append(f"{label}: {total} of focus in all, no estimate")
        elif left >= 0:
            estimate = format_duration(task.estimate_seconds)
            lines.append(f"{label}: {format_duration(round(left))} left of its {estimate} estimate")
        else:
            estimate = format_duration(task.estimate_seconds)
            lines.append(f"{label}: {format_duration(round(-left))} over its {estimate} estimate")
    return lines


# -- blocks -------------------------------------------------------------------------------


def block_added(block: Block, now: datetime) -> str:
    from microtask.domain.sessions import describe_block

    return f"Added {describe_block(block, now)}"


def block_changed(block: Block, now: datetime) -> str:
    from microtask.domain.sessions import describe_block

    return f"Changed {describe_block(block, now)}"


def session_line(session: Session, verb: str, now: datetime) -> str:
    """'Recorded session 12 14:00-14:40 (40m) on task 3 'Call Ana'' for messages."""
    from microtask.domain.durations import approx_duration

    start = session.start.astimezone()
    end = (session.end or now).astimezone()
    day = "" if start.date() == now.astimezone().date() else f"{start:%a %d %b} "
    span = (end - start).total_seconds()
    text = f"{verb} session {session.id} {day}{start:%H:%M}-{end:%H:%M} ({approx_duration(span)})"
    if session.task_id is not None:
        text += f" on task {session.task_id} {visible(shortened(session.task_title or '', 40))!r}"
    return text


def block_removed(block: Block, now: datetime) -> str:
    from microtask.domain.sessions import describe_block

    return f"Removed {describe_block(block, now)}"


# -- handing off --------------------------------------------------------------------------


def provider_added(provider: Provider) -> str:
    return f"Added provider {visible(provider.name)!r} ({provider.kind})"


def delegated(result: Delegated) -> list[str]:
    delegation = result.delegation
    when = delegation.check_in.astimezone().strftime("%a %H:%M") if delegation.check_in else "-"
    return [
        f"Delegated task {delegation.task_id} {visible(delegation.task_title)!r} to "
        f"{visible(delegation.provider.name)}; check in at {when}",
        *(f"Warning: {visible(warning)}" for warning in result.warnings),
    ]


def handed_back(delegation: Delegation) -> str:
    state = "done" if delegation.outcome == "done" else "open again, to redo"
    return (
        f"Task {delegation.task_id} {visible(delegation.task_title)!r} is {state} "
        f"({visible(delegation.provider.name)})"
    )


# -- files --------------------------------------------------------------------------------


def wrote_candidates(count: int, week: str, path: object) -> str:
    return f"Wrote {count} {plural(count, 'candidate')} for {week} to {path}"


def wrote_report(period: str, kind: str, path: object) -> str:
    return f"Wrote the report for {period} ({kind}) to {path}"


def imported(summary: ImportSummary) -> list[str]:
    """What an import did (or, with --dry-run, would do)."""
    from microtask.domain.transfer import SESSIONS

    verb = "Would import" if summary.dry_run else "Imported"
    if summary.kind == SESSIONS:
        made = summary.tasks_created
        also = f", {counted(made, 'task')} made for them" if made else ""
        lines = [f"{verb} from {summary.source}: {counted(summary.added, 'session')}{also}"]
    else:
        lines = [
            f"{verb} from {summary.source}: {summary.added} added, {summary.updated} updated, "
            f"{summary.unchanged} unchanged"
        ]
    lines += [f"  left out: {count} {reason}" for reason, count in summary.skipped.items()]
    if summary.unmapped:
        named = ", ".join(f"{visible(n)} ({count})" for n, count in summary.unmapped.items())
        lines.append(f"  kept but not mapped (written back on export): {named}")
    lines += [f"  skipped: {visible(problem)}" for problem in summary.problems]
    return lines
