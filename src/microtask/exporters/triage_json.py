"""``triage --list --json``: the queue with each task's reasons, and its full length."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from microtask.domain.triage import Reason, TriageItem
from microtask.exporters.task_json import ENCODE, task_object

QUEUE_TASKS = "tasks"
"""The key of the queue object's list of tasks (what ``--json`` streams)."""


def queue_object(items: Sequence[TriageItem], total: int) -> dict[str, Any]:
    return {**queue_head(total), QUEUE_TASKS: [item_object(item) for item in items]}


def queue_head(total: int) -> dict[str, Any]:
    """The queue object without its list of tasks."""
    return {"total": total}


def item_texts(items: Iterable[tuple[str, tuple[Reason, ...]] | TriageItem]) -> Iterator[str]:
    """Items as compact JSON text; a task's text the store wrote gets its reasons added."""
    for item in items:
        if isinstance(item, TriageItem):
            yield ENCODE(item_object(item))
        else:
            text, reasons = item
            listed = ", ".join(f'"{r.value}"' for r in reasons)  # plain words: no escaping
            yield f'{text[:-1]}, "reasons": [{listed}]}}'


def item_object(item: TriageItem) -> dict[str, Any]:
    """One task of the queue: the task object and why it is in the queue."""
    return {**task_object(item.task), "reasons": [r.value for r in item.reasons]}
