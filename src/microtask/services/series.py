"""Recurring work: starting, changing and ending a series, and the instance that follows
a finished one, created in the same transaction as the ``done`` or ``drop`` that finished
it (so an instance is never made by reading, and never twice)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.errors import ConflictError, InvalidInputError
from microtask.domain.model import Status, Task
from microtask.domain.record import mutable_record
from microtask.services.app import App, Change, require_task

if TYPE_CHECKING:
    from microtask.domain.model import Series
    from microtask.domain.recurrence import Rule
    from microtask.domain.steps import Step
    from microtask.domain.views.series import ProcedureView, SeriesList

MAX_PROCEDURE_STEPS = 200
"""Steps a procedure may have: each new instance is created with all of them."""


@mutable_record
class Recurrence:
    """``--every``/``--until``/``--no-every`` as given on a command line, already parsed."""

    rule: Rule | None = None
    until: datetime | None = None
    stop: bool = False

    @property
    def given(self) -> bool:
        return self.rule is not None or self.until is not None or self.stop


def first_due(rule: Rule, now: datetime) -> datetime:
    """The first instance's due when no --due is given: the rule's first day from today
    on, at the end of that day."""
    from microtask.domain.recurrence import first_due as first
    from microtask.domain.zones import local_date

    return first(rule, local_date(now))


def _check_until(until: datetime | None, due: datetime) -> None:
    if until is not None and until < due:
        raise InvalidInputError(
            f"--until {until.astimezone():%Y-%m-%d} is before the first instance's due "
            f"({due.astimezone():%Y-%m-%d}): give a later date"
        )


def start_series(change: Change, task: Task, recurrence: Recurrence, now: datetime) -> None:
    """Make ``task`` (stored, with a due) the first instance of a new series."""
    from microtask.domain.edits import TaskChanges
    from microtask.domain.series_edits import NewSeries

    assert recurrence.rule is not None
    assert task.due is not None
    _check_until(recurrence.until, task.due)
    series_id = change.series.insert(
        NewSeries(
            rule=recurrence.rule.text, anchor=task.due, until=recurrence.until, created_at=now
        )
    )
    change.journal.created_series(series_id)
    change.touch([task.id])
    change.tasks.update(task.id, TaskChanges(series_id=series_id, occurrence=task.due))


def change_recurrence(change: Change, task: Task, recurrence: Recurrence, now: datetime) -> bool:
    """Apply ``--every``/``--until``/``--no-every`` to a stored task; whether anything
    changed. A one-off task with a due (or given one by the rule) starts a series."""
    from microtask.domain.edits import KEEP, TaskChanges
    from microtask.domain.series_edits import SeriesChanges

    series = task.series
    if series is None or not series.active:
        if recurrence.stop:
            raise ConflictError(f"task {task.id} does not repeat: nothing to stop")
        if recurrence.rule is None:
            raise InvalidInputError("--until needs --every: say how often it repeats")
        if task.status != Status.OPEN:
            raise ConflictError(
                f"task {task.id} is {task.status.value}: only an open task can start a series"
            )
        if task.series is not None:  # an ended series: this task starts a new one
            change.touch([task.id])
            change.tasks.update(task.id, TaskChanges(series_id=None, occurrence=None))
        current = require_task(change.tasks, task.id)
        if current.due is None:
            change.touch([task.id])
            change.tasks.update(task.id, TaskChanges(due=first_due(recurrence.rule, now)))
            current = require_task(change.tasks, task.id)
        start_series(change, current, recurrence, now)
        return True
    if recurrence.stop:
        change.journal.remember_series([series.id])
        change.series.update(series.id, SeriesChanges(ended_at=now))
        return True
    changes = SeriesChanges(
        rule=KEEP if recurrence.rule is None else recurrence.rule.text,
        # the new rule counts from this instance, so the next one follows it
        anchor=KEEP if recurrence.rule is None else (task.occurrence or task.due or series.anchor),
        until=KEEP if recurrence.until is None else recurrence.until,
    )
    if recurrence.until is not None:
        _check_until(recurrence.until, task.occurrence or task.due or series.anchor)
    change.journal.remember_series([series.id])
    change.series.update(series.id, changes)
    return True


def spawn_successors(change: Change, finished_ids: Sequence[int], now: datetime) -> list[Task]:
    """After ``finished_ids`` were done or dropped: the next instance of each series whose
    last open instance that was, due at the next occurrence after the finished one's due
    (or the first one after ``now`` when that is past, counting the ones skipped). A series
    past its ``--until``, or stopped, ends quietly."""
    if not finished_ids:
        return []
    instances = change.tasks.series_instance_ids(finished_ids)
    return spawn_after(change, change.tasks.get_many(instances), now)


def spawn_after(change: Change, finished: Sequence[Task], now: datetime) -> list[Task]:
    """:func:`spawn_successors` for tasks as they were read (``rm`` reads them, then
    deletes them: gone from the store, each series still follows on from its instance)."""
    finished = [t for t in finished if t.series is not None]
    if not finished:
        return []
    from microtask.db.series_repo import SeriesState
    from microtask.db.sql import moment
    from microtask.domain.edits import NewTask
    from microtask.domain.recurrence import parse_rule, successor

    repo = change.tasks
    states = change.series.states(sorted({t.series.id for t in finished if t.series}))
    created: list[int] = []
    for task in finished:
        series = task.series
        assert series is not None
        state = states[series.id]
        if not series.active or state.open_ids:
            continue
        # after its due (moved or not) and after every occurrence the series already has
        known = [m for m in (task.due, task.occurrence) if m is not None]
        if state.latest_occurrence_ts is not None:
            known.append(moment(state.latest_occurrence_ts))
        base = max(known) if known else series.anchor
        following = successor(parse_rule(series.rule), series.anchor, base, now, series.until)
        if following is None:
            continue
        parent_id = task.parent_id if task.parent_open else None
        new_id = repo.insert(
            NewTask(
                title=task.title,
                created_at=now,
                priority=task.priority,
                due=following.due,
                estimate_seconds=task.estimate_seconds,
                project=task.project,
                parent_id=parent_id,
                position=repo.next_position(parent_id) if parent_id is not None else 0,
                tags=task.tags,
                criteria=task.criteria,
                triaged_at=now,  # the series decided it already: not new to triage
                series_id=series.id,
                occurrence=following.due,
                skipped=following.skipped,
            )
        )
        change.created(new_id)
        created.append(new_id)
        if series.procedure:
            add_procedure_steps(change, require_task(repo, new_id), now)
        states[series.id] = SeriesState((new_id,), int(following.due.timestamp()))
    change.settle()
    return repo.get_many(created)


def check_reopen(change: Change, task: Task) -> None:
    """Reopening an earlier instance while a later one is open would leave two open."""
    if task.series is None or task.status == Status.OPEN:
        return
    others = [i for i in change.series.states([task.series.id])[task.series.id].open_ids]
    others = [i for i in others if i != task.id]
    if others:
        raise ConflictError(
            f"task {task.id} is an earlier instance of a series whose task {others[0]} is open: "
            f"a series has one open instance (`microtask undo` takes back the done, "
            f"or drop task {others[0]} first)"
        )


def list_series(app: App) -> SeriesList:
    """Every series with its rule, next due, on-time count and median focus."""
    from microtask.db.series_repo import InstanceFacts
    from microtask.db.sql import moment
    from microtask.domain.report import median
    from microtask.domain.views.series import SeriesList, SeriesSummary

    with app.reading() as repos:
        by_series: dict[int, list[InstanceFacts]] = {}
        for fact in repos.series.instances():
            by_series.setdefault(fact.series_id, []).append(fact)
        summaries: list[SeriesSummary] = []
        for series in repos.series.all_series():
            facts = by_series.get(series.id, [])
            if not facts:
                continue
            current = next((f for f in reversed(facts) if f.status == "open"), None)
            done = [f for f in facts if f.status == Status.DONE.value]
            on_time = sum(
                1
                for f in done
                if f.due_ts is None or (f.done_ts is not None and f.done_ts <= f.due_ts)
            )
            focus = median([f.focus_seconds for f in done])
            summaries.append(
                SeriesSummary(
                    series=series,
                    title=facts[-1].title,
                    current_id=None if current is None else current.task_id,
                    next_due=None
                    if current is None or current.due_ts is None
                    else moment(current.due_ts),
                    instances=len(facts),
                    done=len(done),
                    on_time=on_time,
                    median_focus_seconds=focus,
                )
            )
        return SeriesList(summaries)


# -- procedures --------------------------------------------------------------------------


def _series_of(task: Task) -> Series:
    if task.series is None:
        raise ConflictError(
            f"task {task.id} does not repeat: a procedure belongs to a series "
            f"(start one with `microtask edit {task.id} --every week`)"
        )
    return task.series


def procedure_steps(series: Series) -> list[Step]:
    from microtask.domain.steps import parse_steps

    return parse_steps(series.procedure or "")


def procedure_of(app: App, task_id: int) -> ProcedureView:
    """The procedure of the series ``task_id`` is an instance of."""
    from microtask.domain.views.series import ProcedureView

    with app.reading() as repos:
        task = require_task(repos.tasks, task_id)
        series = _series_of(task)
        return ProcedureView(series, task.id, task.title, tuple(procedure_steps(series)))


def set_procedure(app: App, task_id: int, text: str) -> ProcedureView:
    """Write the procedure of ``task_id``'s series from a Markdown checklist (empty text:
    no procedure); stored as open steps, one a line. Undoable."""
    from dataclasses import replace

    from microtask.domain.series_edits import SeriesChanges
    from microtask.domain.steps import checklist, parse_steps
    from microtask.domain.views.series import ProcedureView

    steps = [replace(step, done=False) for step in parse_steps(text)]
    if len(steps) > MAX_PROCEDURE_STEPS:
        raise InvalidInputError(
            f"the procedure has {len(steps)} steps: at most {MAX_PROCEDURE_STEPS} are accepted"
        )
    with app.changing(f"procedure of task {task_id}") as change:
        task = require_task(change.tasks, task_id)
        series = _series_of(task)
        written = checklist(steps, ticked=False) if steps else None
        if written != series.procedure:
            change.journal.remember_series([series.id])
            change.series.update(series.id, SeriesChanges(procedure=written))
        change.label = f"procedure of series {series.id} ({len(steps)} steps)"
        stored = change.series.get(series.id)
        assert stored is not None
        return ProcedureView(stored, task.id, task.title, tuple(steps), changed=True)


def add_procedure_steps(change: Change, instance: Task, now: datetime) -> None:
    """A new instance starts with its procedure's steps as subtasks, with their estimates
    (steps without one share what the instance's estimate leaves)."""
    from microtask.domain.steps import step_estimates
    from microtask.services.tasks import step_task

    assert instance.series is not None
    steps = procedure_steps(instance.series)
    if not steps:
        return
    estimates = step_estimates(instance.estimate_seconds, steps)
    created = change.tasks.insert_many(
        [
            step_task(instance, step, estimate, position, now)
            for position, (step, estimate) in enumerate(zip(steps, estimates, strict=True))
        ]
    )
    for step_id in created:
        change.created(step_id)
