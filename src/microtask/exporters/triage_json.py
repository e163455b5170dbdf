"""``triage --list --json``: the queue with each task's reasons, and its full length."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microtask.domain.triage import TriageItem
from microtask.exporters.task_json import task_object

QUEUE_TASKS = "tasks"
"""The key of the queue object's list of tasks (what ``--json`` streams)."""


def queue_object(items: Sequence[TriageItem], total: int) -> dict[str, Any]:
    return {**queue_head(total), QUEUE_TASKS: [item_object(item) for item in items]}


def queue_head(total: int) -> dict[str, Any]:
    """The queue object without its list of tasks."""
    return {"total": total}


def item_object(item: TriageItem) -> dict[str, Any]:
    """One task of the queue: the task object and why it is in the queue."""
    return {**task_object(item.task), "reasons": [r.value for r in item.reasons]}
