"""The stable JSON shape of a task (keys are a contract with users' scripts)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from microtask.domain.model import Task
from microtask.format import json_minutes

if TYPE_CHECKING:
    from microtask.domain.views.series import ProcedureView, SeriesList
    from microtask.domain.views.tasks import TaskDetail


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the user's local offset, to the second."""
    if value is None:
        return None
    local = value.astimezone()
    # Whole seconds (every stored time) print so already, twice as fast as with timespec.
    return local.isoformat() if not local.microsecond else local.isoformat(timespec="seconds")


def task_object(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "status": task.status._value_,  # not .value: a property, slow at 100,000 rows
        "priority": task.priority._value_,
        "due": iso(task.due),
        "estimate_minutes": json_minutes(task.estimate_seconds),
        "tags": list(task.tags),
        "project": task.project,
        "parent_id": task.parent_id,
        "subtask_ids": list(task.subtask_ids),
        "notes": task.notes,
        "created_at": iso(task.created_at),
        "updated_at": iso(task.updated_at),
        "done_at": iso(task.done_at),
        "urgency": task.urgency,
        "focus_minutes": json_minutes(task.focus_seconds),
        "criteria": {
            "repetitive": task.criteria.repetitive,
            "time_sensitive": task.criteria.time_sensitive,
            "critical": task.criteria.critical,
            "directions": task.criteria.directions,
            "know_how": task.criteria.know_how,
            "hours_per_week": task.criteria.hours_per_week,
            "category": task.criteria.category,
        },
        "uuid": task.uuid,
        "series": series_object(task),
        "after": list(task.after_ids),
        "wait": iso(task.wait),
        "scheduled": iso(task.scheduled),
    }


def series_object(task: Task) -> dict[str, Any] | None:
    """``{id, every, until, next_due}``: the series a task is an instance of; ``next_due``
    is when the instance after this one falls (null once the series ends)."""
    series = task.series
    if series is None:
        return None
    from microtask.domain.recurrence import next_due_of

    return {
        "id": series.id,
        "every": series.rule,
        "until": iso(series.until),
        "next_due": iso(next_due_of(task)),
    }


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def dumps_lines(value: Any, batch: int = 1000) -> Iterator[str]:
    """``value`` as compact JSON ending in a newline, in pieces: a list (or any iterable
    but a dict or a string: a generator is read as it goes, never held whole) is written
    one element a line, ``[`` and ``]`` on lines of their own, ``batch`` elements a piece."""
    if isinstance(value, (dict, str, int, float, bool)) or value is None:
        yield json.dumps(value, ensure_ascii=False) + "\n"
        return
    yield from framed_lines(map(ENCODE, value), batch)


ENCODE = json.JSONEncoder(ensure_ascii=False).encode
"""Compact JSON, as every listing writes its elements to a pipe."""


def framed_lines(texts: Iterable[str], batch: int = 1000) -> Iterator[str]:
    """Elements already encoded, as :func:`dumps_lines` writes a list of them."""
    items = iter(texts)
    return framed_chunks(iter(lambda: list(islice(items, batch)), []))


def framed_chunks(chunks: Iterable[Sequence[str]]) -> Iterator[str]:
    """:func:`framed_lines` of elements that come a list at a time, a piece each list."""
    text = None
    for chunk in chunks:
        if not chunk:
            continue
        if text is None:
            text = "[\n" + ",\n".join(chunk)
            continue
        yield text + ",\n"
        text = ",\n".join(chunk)
    yield "[]\n" if text is None else text + "\n]\n"


def task_chunks(chunks: Iterable[Sequence[str | Task]]) -> Iterator[list[str]]:
    """Tasks as compact JSON text, a list at a time: a text the store already wrote passes
    as it is."""
    for chunk in chunks:
        yield [item if isinstance(item, str) else ENCODE(task_object(item)) for item in chunk]


def detail_object(detail: TaskDetail) -> dict[str, Any]:
    """``show --json``: the task object plus its subtree, progress, sessions and urgency."""
    from microtask.exporters.assist_json import handoff_object
    from microtask.exporters.focus_json import session_object

    done, total = detail.descendants_done
    estimate_done, estimate_total = detail.estimate_progress
    return {
        **task_object(detail.task),
        "subtasks": [task_object(t) for t in detail.subtree],
        "progress": {
            "subtasks_done": done,
            "subtasks_total": total,
            "estimate_done_minutes": json_minutes(estimate_done),
            "estimate_total_minutes": json_minutes(estimate_total),
        },
        "sessions": [session_object(s) for s in detail.sessions],
        "history": [
            {"at": iso(entry.at), "user": entry.user, "change": entry.change}
            for entry in detail.history
        ],
        "handoff": None if detail.handoff is None else handoff_object(detail.handoff),
        "urgency_terms": [
            {
                "name": t.name,
                "factor": round(t.factor, 4),
                "coefficient": t.coefficient,
                "value": round(t.value, 4),
                "detail": t.detail,
            }
            for t in detail.terms
        ],
    }


def series_list_object(listing: SeriesList) -> list[dict[str, Any]]:
    """``list --series --json``: one object a series."""
    return [
        {
            "id": summary.series.id,
            "title": summary.title,
            "every": summary.series.rule,
            "until": iso(summary.series.until),
            "active": summary.series.active,
            "current_id": summary.current_id,
            "next_due": iso(summary.next_due),
            "instances": summary.instances,
            "done": summary.done,
            "on_time": summary.on_time,
            "median_focus_minutes": json_minutes(summary.median_focus_seconds),
        }
        for summary in listing.series
    ]


def procedure_object(view: ProcedureView) -> dict[str, Any]:
    """``procedure --json``: the series and its steps, in order."""
    return {
        "series_id": view.series.id,
        "task_id": view.task_id,
        "every": view.series.rule,
        "steps": [
            {"title": step.title, "estimate_minutes": json_minutes(step.estimate_seconds)}
            for step in view.steps
        ],
    }
