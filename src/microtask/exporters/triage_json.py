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


def item_chunks(
    chunks: Iterable[Iterable[tuple[str, tuple[Reason, ...]] | TriageItem]],
) -> Iterator[list[str]]:
    """Items as compact JSON text, a list at a time; a task's text the store wrote gets
    its reasons added."""
    for chunk in chunks:
        yield [
            ENCODE(item_object(item))
            if isinstance(item, TriageItem)
            else f"{item[0][:-1]}{_reasons_member(item[1])}"
            for item in chunk
        ]


def _reasons_member(reasons: tuple[Reason, ...]) -> str:
    """``, "reasons": [...]}``: what closes a task's text in the queue; one text for each
    of the few sets of reasons."""
    text = _MEMBERS.get(reasons)
    if text is None:
        listed = ", ".join(f'"{r.value}"' for r in reasons)  # plain words: no escaping
        text = _MEMBERS[reasons] = f', "reasons": [{listed}]}}'
    return text


_MEMBERS: dict[tuple[Reason, ...], str] = {}


def item_object(item: TriageItem) -> dict[str, Any]:
    """One task of the queue: the task object and why it is in the queue."""
    return {**task_object(item.task), "reasons": [r.value for r in item.reasons]}
