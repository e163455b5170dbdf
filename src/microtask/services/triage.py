"""Triage use cases: the queue of tasks that need a decision, and decisions on them.

A decision is the matching command's own use case (``edit_task``, ``split_task``,
``drop_tasks``, ``delegate``) run so that the same transaction also marks the task
triaged: one decision, one write, one ``undo``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from microtask.domain.model import Task
from microtask.domain.record import record
from microtask.domain.triage import (
    QueueEntry,
    Reason,
    TriageItem,
    facts_of_task,
    reasons_for,
)
from microtask.services.app import App, Change, founder_only, require_task, short

if TYPE_CHECKING:
    from microtask.db.triage_repo import TriageRepo

Result = TypeVar("Result")
_BATCH = 500


@record
class TriageQueue:
    entries: list[QueueEntry]
    """In walking order, at most ``limit`` of them."""
    total: int
    """How many tasks need a decision in all (``limit`` aside)."""


def _counted(triage: TriageRepo, found: int, limit: int | None, now_ts: int) -> int:
    """The queue's full length: counted apart only when ``limit`` may have cut it."""
    return triage.count(now_ts) if limit is not None and found == limit else found


def triage_queue(app: App, limit: int | None = None) -> TriageQueue:
    """The tasks that need a decision, in walking order, with their reasons."""
    now_ts = app.now_ts()
    with app.reading() as repos:
        founder_only(repos, "triage")
        entries = repos.triage.queue(app.config.urgency, now_ts, limit)
        return TriageQueue(entries, _counted(repos.triage, len(entries), limit, now_ts))


def walk_queue(app: App, limit: int | None = None) -> tuple[list[int], int]:
    """The ids of the tasks to walk, in order, and how many need a decision in all."""
    now_ts = app.now_ts()
    with app.reading() as repos:
        founder_only(repos, "triage")
        ids = repos.triage.queue_ids(app.config.urgency, now_ts, limit)
        return ids, _counted(repos.triage, len(ids), limit, now_ts)


def triage_stream(app: App, limit: int | None = None) -> tuple[TriageStream, int]:
    """``--list`` and ``--json``: the tasks of the queue with their reasons, and the
    queue's full length. The queue's order, reasons and length are read
    first (small), its tasks then loaded a batch at a time as they are written (a queue of
    80,000 tasks is never all in memory). A task changed in between is shown as it is
    now; one removed in between is left out."""
    now_ts = app.now_ts()
    with app.reading() as repos:
        founder_only(repos, "triage")
        entries = repos.triage.queue(app.config.urgency, now_ts, limit)
        total = _counted(repos.triage, len(entries), limit, now_ts)
    return TriageStream(app, entries), total


class TriageStream:
    """The queue's tasks with their reasons, a batch at a time: iterated, as items; for
    JSON (:meth:`json_texts`), mostly as the task's text the store wrote, with its reasons."""

    def __init__(self, app: App, entries: Sequence[QueueEntry]) -> None:
        self.app = app
        self.reasons = {e.task_id: e.reasons for e in entries}
        self.ids = [e.task_id for e in entries]

    def __iter__(self) -> Iterator[TriageItem]:
        with self.app.reading() as repos:
            for start in range(0, len(self.ids), _BATCH):
                for task in repos.tasks.get_many(self.ids[start : start + _BATCH]):
                    yield TriageItem(task, self.reasons[task.id])

    def json_texts(self) -> Iterator[tuple[str, tuple[Reason, ...]] | TriageItem]:
        """In the same order: (the task's compact JSON text, its reasons), or the item
        where the store cannot write the text (``TaskRepo.json_texts``)."""
        from microtask.services.tasks import texts_or_tasks

        with self.app.reading() as repos:
            for task_id, item in texts_or_tasks(repos.tasks, self.ids, _BATCH):
                reasons = self.reasons[task_id]
                yield (item, reasons) if isinstance(item, str) else TriageItem(item, reasons)


def current_item(app: App, task_id: int) -> TriageItem | None:
    """The task as it is now (another command may have changed it); None when it is gone."""
    with app.reading() as repos:
        task = repos.tasks.get(task_id)
        if task is None:
            return None
        triaged = task_id in repos.triage.triaged_ids([task_id])
    return TriageItem(task, reasons_for(facts_of_task(task, triaged), app.now_ts()))


def decide(app: App, task_id: int, use_case: Callable[[], Result]) -> Result:
    """Run ``use_case`` (one change on ``task_id``) and mark the task triaged in the same
    transaction; ``undo`` reverts both. If the use case fails, nothing is written."""
    now_ts = app.now_ts()

    def mark(change: Change) -> None:
        change.touch([task_id])  # no-op when the use case did: its before-image stands
        change.triage.mark_triaged(task_id, now_ts)
        change.label = "triage: " + change.label

    with app.each_change_also(mark):
        return use_case()


def keep(app: App, task_id: int) -> Task:
    """The task is fine as it is: only mark it triaged (an undoable change of its own)."""
    with app.changing(f"triage: keep task {task_id}") as change:
        task = require_task(change.tasks, task_id)
        change.touch([task_id])
        change.triage.mark_triaged(task_id, app.now_ts())
        change.label = f"triage: keep task {task_id} {short(task.title)!r}"
        return task
