"""Which open tasks need a decision, why, and in which order `triage` walks them.

Pure: the facts come from the store (``db/triage_repo.py``) or from a domain ``Task``; the
time is given, never read.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from microtask.domain.model import Status, Task
from microtask.domain.record import record

LARGE_SECONDS = 2 * 3600
"""An estimate over this, on a task with no subtasks, asks to be split."""


class Reason(StrEnum):
    """Why a task needs a decision; the values are the ``--json`` contract."""

    OVERDUE = "overdue"
    NEW = "new"
    NO_ESTIMATE = "no_estimate"
    LARGE = "large"


REASON_ORDER = (Reason.OVERDUE, Reason.NEW, Reason.NO_ESTIMATE, Reason.LARGE)


@record
class TriageFacts:
    """What the queue rules look at for one task."""

    task_id: int
    open: bool
    triaged: bool
    due_ts: int | None
    estimate_seconds: int | None
    has_subtasks: bool
    has_open_subtasks: bool
    urgency: float = 0.0


@record
class QueueEntry:
    """A task in the queue and why it is there (reasons in ``REASON_ORDER``)."""

    task_id: int
    reasons: tuple[Reason, ...]
    urgency: float
    due_ts: int | None


@record
class TriageItem:
    """A task as it is now, and why it needs a decision (empty: it no longer does)."""

    task: Task
    reasons: tuple[Reason, ...]


def reasons_for(facts: TriageFacts, now_ts: int) -> tuple[Reason, ...]:
    """Why this task needs a decision now; empty when it does not.

    Only open tasks (not done, dropped or delegated) need one. ``new``: never triaged.
    ``overdue``: due before now. ``no_estimate``: no estimate and no open subtasks (a task
    split into open steps is estimated by its steps). ``large``: estimated over 2 h and
    never split (no subtasks at all).
    """
    if not facts.open:
        return ()
    found: list[Reason] = []
    if facts.due_ts is not None and facts.due_ts < now_ts:
        found.append(Reason.OVERDUE)
    if not facts.triaged:
        found.append(Reason.NEW)
    if facts.estimate_seconds is None and not facts.has_open_subtasks:
        found.append(Reason.NO_ESTIMATE)
    if (
        facts.estimate_seconds is not None
        and facts.estimate_seconds > LARGE_SECONDS
        and not facts.has_subtasks
    ):
        found.append(Reason.LARGE)
    return tuple(found)


def facts_of_task(task: Task, triaged: bool) -> TriageFacts:
    return TriageFacts(
        task_id=task.id,
        open=task.status is Status.OPEN,
        triaged=triaged,
        due_ts=None if task.due is None else int(task.due.timestamp()),
        estimate_seconds=task.estimate_seconds,
        has_subtasks=bool(task.subtask_ids),
        has_open_subtasks=bool(task.open_subtask_ids),
        urgency=task.urgency,
    )


def _walk_key(entry: QueueEntry) -> tuple[bool, float, bool, int, int]:
    overdue = Reason.OVERDUE in entry.reasons
    no_due = entry.due_ts is None
    return (not overdue, -entry.urgency, no_due, entry.due_ts or 0, entry.task_id)


def build_queue(candidates: Iterable[TriageFacts], now_ts: int) -> list[QueueEntry]:
    """The tasks that need a decision, in walking order: overdue first, then the most
    urgent; ties go to the earlier due date, then the lower id."""
    entries = []
    for facts in candidates:
        reasons = reasons_for(facts, now_ts)
        if reasons:
            entries.append(QueueEntry(facts.task_id, reasons, facts.urgency, facts.due_ts))
    entries.sort(key=_walk_key)
    return entries
