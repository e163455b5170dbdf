"""A new task or a task's changes as the columns they write (tags aside: they live in
``task_tags``). Loaded only by writes: the read paths never build these types."""

from __future__ import annotations

import os
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, countOf, is_not
from typing import Any

from microtask.db.columns import TASK_CRITERIA
from microtask.db.sql import stored_flag, to_seconds
from microtask.domain.edits import KEEP, CriteriaChanges, NewTask, TaskChanges
from microtask.domain.model import NOTHING_SAID, TaskCriteria

_NO_CRITERIA = (None,) * len(TASK_CRITERIA)


def _criteria_row(criteria: TaskCriteria) -> tuple[Any, ...]:
    """The criteria columns' values, in :data:`TASK_CRITERIA` order."""
    if criteria == NOTHING_SAID:
        return _NO_CRITERIA
    return (
        stored_flag(criteria.repetitive),
        stored_flag(criteria.time_sensitive),
        stored_flag(criteria.critical),
        criteria.directions,
        stored_flag(criteria.know_how),
        criteria.hours_per_week,
        criteria.category,
    )


def _criteria_changes(changes: CriteriaChanges) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, value in (
        ("repetitive", changes.repetitive),
        ("time_sensitive", changes.time_sensitive),
        ("critical", changes.critical),
        ("know_how", changes.know_how),
    ):
        if value is not KEEP:
            values[column] = stored_flag(value)
    if changes.directions is not KEEP:
        values["directions"] = changes.directions
    if changes.hours_per_week is not KEEP:
        values["hours_per_week"] = changes.hours_per_week
    if changes.category is not KEEP:
        values["category"] = changes.category
    return values


_last_uuid_ms = 0
_uuid_counter = 0
_random_pool = b""
_random_at = 0


def _random_bits(count: int) -> int:
    """``count`` random bits (at most 64), from the system's random source read 4 KiB at
    a time: one read for hundreds of UUIDs, and no ``random`` module to import (2 ms of a
    command's start) for the one UUID an ``add`` needs."""
    global _random_pool, _random_at
    if _random_at + 8 > len(_random_pool):
        _random_pool, _random_at = os.urandom(4096), 0
    start, _random_at = _random_at, _random_at + 8
    return int.from_bytes(_random_pool[start:_random_at]) >> (64 - count)


def new_uuid() -> str:
    """A fresh UUID of version 7 (RFC 9562): the time in milliseconds, then a counter and
    random bits. Ids made one after another sort one after another, so inserting thousands
    at once (a split, an import) appends to the UUID index instead of scattering into it
    (100,000 of them: 0.46 s -> 0.16 s). A UUID names a task, it guards no secret."""
    import time

    global _last_uuid_ms, _uuid_counter
    now_ms = time.time_ns() // 1_000_000
    if now_ms > _last_uuid_ms:
        _last_uuid_ms, _uuid_counter = now_ms, _random_bits(8)
    else:  # the same millisecond (or the clock went back): count on from the last one
        _uuid_counter += 1
        if _uuid_counter > 0xFFF:
            _last_uuid_ms, _uuid_counter = _last_uuid_ms + 1, 0
    value = (_last_uuid_ms << 80) | (0x7 << 76) | (_uuid_counter << 64) | (0b10 << 62)
    digits = f"{value | _random_bits(62):032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


NEW_TASK_COLUMNS = (
    "uuid",
    "extra",
    "done_ts",
    "title",
    "status",
    "priority",
    "due_ts",
    "estimate_seconds",
    "project",
    "parent_id",
    "position",
    "notes",
    "created_ts",
    "updated_ts",
    "triaged_ts",
    "series_id",
    "occurrence_ts",
    "skipped",
    "wait_ts",
    "scheduled_ts",
    *TASK_CRITERIA,
)
"""The columns of :func:`new_task_row`, in its order (every task column but ``id``)."""


def new_task_row(task: NewTask) -> tuple[Any, ...]:
    """The values of a new task's row, in :data:`NEW_TASK_COLUMNS` order: a tuple, not a
    dict, as an import of 100,000 tasks binds them (built a dict a row, then read back
    column by column, they were a tenth of its time)."""
    created = int(task.created_at.timestamp())
    updated = task.updated_at
    done, due, wait, scheduled = task.done_at, task.due, task.wait, task.scheduled
    triaged, occurrence = task.triaged_at, task.occurrence
    criteria = task.criteria
    return (
        task.uuid or new_uuid(),
        task.extra,
        None if done is None else int(done.timestamp()),
        task.title,
        task.status._value_,  # an enum's value, without the descriptor .value goes through
        task.priority._value_,
        None if due is None else int(due.timestamp()),
        task.estimate_seconds,
        task.project,
        task.parent_id,
        task.position,
        task.notes,
        created,
        created if updated is None else int(updated.timestamp()),
        None if triaged is None else int(triaged.timestamp()),
        task.series_id,
        None if occurrence is None else int(occurrence.timestamp()),
        task.skipped or None,
        None if wait is None else int(wait.timestamp()),
        None if scheduled is None else int(scheduled.timestamp()),
        *(_NO_CRITERIA if criteria is NOTHING_SAID else _criteria_row(criteria)),
    )


_OPTIONAL = {
    "extra": "extra",
    "done_ts": "done_at",
    "due_ts": "due",
    "estimate_seconds": "estimate_seconds",
    "project": "project",
    "parent_id": "parent_id",
    "notes": "notes",
    "triaged_ts": "triaged_at",
    "series_id": "series_id",
    "occurrence_ts": "occurrence",
    "wait_ts": "wait",
    "scheduled_ts": "scheduled",
}
"""The columns a new task leaves NULL when its field (named here) is None."""


def columns_set(tasks: Sequence[NewTask]) -> list[int]:
    """The places in :func:`new_task_row` of the columns any of these tasks sets: the others
    are NULL in every row, and an insert may leave them out (asked field by field, in C)."""
    # Any value that is not None, in C, stopping at the first: the columns set at all are
    # set early on (a full count over 100,000 tasks took 0.1 s for the thirteen).
    unset: set[str] = {
        column
        for column, name in _OPTIONAL.items()
        if not any(map(is_not, map(attrgetter(name), tasks), repeat(None)))
    }
    if not any(map(attrgetter("skipped"), tasks)):
        unset.add("skipped")
    if countOf(map(attrgetter("criteria"), tasks), NOTHING_SAID) == len(tasks):
        unset.update(TASK_CRITERIA)
    return [n for n, column in enumerate(NEW_TASK_COLUMNS) if column not in unset]


def new_task_values(task: NewTask) -> dict[str, Any]:
    """The columns of a new task's row."""
    return dict(zip(NEW_TASK_COLUMNS, new_task_row(task), strict=True))


def change_values(changes: TaskChanges) -> dict[str, Any]:
    """The columns a change writes (tags aside: they live in ``task_tags``)."""
    values: dict[str, Any] = {}
    if changes.title is not KEEP:
        values["title"] = changes.title
    if changes.status is not KEEP:
        values["status"] = changes.status.value
    if changes.priority is not KEEP:
        values["priority"] = changes.priority.value
    if changes.due is not KEEP:
        values["due_ts"] = to_seconds(changes.due)
    if changes.estimate_seconds is not KEEP:
        values["estimate_seconds"] = changes.estimate_seconds
    if changes.project is not KEEP:
        values["project"] = changes.project
    if changes.parent_id is not KEEP:
        values["parent_id"] = changes.parent_id
    if changes.position is not KEEP:
        values["position"] = changes.position
    if changes.notes is not KEEP:
        values["notes"] = changes.notes
    if changes.done_at is not KEEP:
        values["done_ts"] = to_seconds(changes.done_at)
    if changes.updated_at is not KEEP:
        values["updated_ts"] = to_seconds(changes.updated_at)
    if changes.triaged_at is not KEEP:
        values["triaged_ts"] = to_seconds(changes.triaged_at)
    if changes.extra is not KEEP:
        values["extra"] = changes.extra
    if changes.series_id is not KEEP:
        values["series_id"] = changes.series_id
    if changes.occurrence is not KEEP:
        values["occurrence_ts"] = to_seconds(changes.occurrence)
    if changes.wait is not KEEP:
        values["wait_ts"] = to_seconds(changes.wait)
    if changes.scheduled is not KEEP:
        values["scheduled_ts"] = to_seconds(changes.scheduled)
    values.update(_criteria_changes(changes.criteria))
    return values
