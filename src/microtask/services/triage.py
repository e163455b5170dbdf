"""Triage use cases: the queue of tasks that need a decision, and decisions on them.

A decision is the matching command's own use case (``edit_task``, ``split_task``,
``drop_tasks``, ``delegate``) run so that the same transaction also marks the task
triaged: one decision, one write, one ``undo``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    from microtask.db.store import Repos
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


def triage_stream(app: App, limit: int | None = None) -> TriageStream:
    """``--list`` and ``--json``: the tasks of the queue with their reasons (see
    :class:`TriageStream`)."""
    return TriageStream(app, limit)


class TriageStream:
    """The queue's tasks with their reasons: iterated, as items; for JSON
    (:meth:`json_chunks`), mostly as the task's text the store wrote, with its reasons.

    Once consumed, the queue (its order, reasons and full length, :attr:`total`) and then
    its tasks, a batch at a time as they are written, are read in one snapshot: a queue of
    80,000 tasks is never all in memory, and each task's urgency is the one that placed it."""

    def __init__(self, app: App, limit: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.total = 0
        """How many tasks need a decision in all (``limit`` aside), once reading began."""

    def _queue(self, repos: Repos) -> tuple[list[int], list[float], list[tuple[Reason, ...]]]:
        now_ts = self.app.now_ts()
        founder_only(repos, "triage")
        ids, urgencies, reasons = repos.triage.queue_reasons(
            self.app.config.urgency, now_ts, self.limit
        )
        self.total = _counted(repos.triage, len(ids), self.limit, now_ts)
        return ids, urgencies, reasons

    def __iter__(self) -> Iterator[TriageItem]:
        with self.app.reading() as repos:
            ids, _, reasons = self._queue(repos)
            for start in range(0, len(ids), _BATCH):
                part = ids[start : start + _BATCH]
                by_id = {task.id: task for task in repos.tasks.get_many(part)}
                for task_id, why in zip(part, reasons[start : start + _BATCH], strict=True):
                    if task_id in by_id:
                        yield TriageItem(by_id[task_id], why)

    def json_chunks(self) -> Iterator[list[tuple[str, tuple[Reason, ...]] | TriageItem]]:
        """In the same order, a chunk at a time: (the task's compact JSON text, its
        reasons), or the item where the store cannot write the text (``db.task_json``)."""
        from microtask.services.tasks import STREAM_CHUNK, chunk_items

        with self.app.reading(helper=True) as repos:
            ids, urgencies, reasons = self._queue(repos)
            chunks = enumerate(chunk_items(repos.tasks, ids, urgencies))
            for n, items in chunks:
                whys = reasons[n * STREAM_CHUNK : (n + 1) * STREAM_CHUNK]
                yield [
                    (item, why) if isinstance(item, str) else TriageItem(item, why)
                    for item, why in zip(items, whys, strict=True)
                    if item is not None
                ]


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
