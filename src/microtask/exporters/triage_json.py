"""``triage --list --json``: the queue with each task's reasons, and its full length."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microtask.domain.triage import TriageItem
from microtask.exporters.task_json import task_object


def queue_object(items: Sequence[TriageItem], total: int) -> dict[str, Any]:
    return {
        "total": total,
        "tasks": [
            {**task_object(item.task), "reasons": [r.value for r in item.reasons]} for item in items
        ],
    }
