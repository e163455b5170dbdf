"""What use cases ask the storage layer to write about tasks, as domain types: a new task
and the changes to one (a series' in ``series_edits``, focus's in ``focus_edits``).

``KEEP`` marks a field a change leaves as it is (``None`` clears a field). Kept apart from
``model`` and ``sessions`` so the read paths (``status``, completion) don't build them, and
apart from the others so ``add`` and ``done`` build only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Final

from microtask.domain.model import NOTHING_SAID, Criterion, Priority, Status, TaskCriteria
from microtask.domain.record import record


class Keep(Enum):
    """The value of a field a change leaves as it is (``None`` would clear it)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


@record
class CriteriaChanges:
    """Outsourcing answers to store: ``KEEP`` leaves one as it is, ``None`` makes it unknown."""

    repetitive: bool | Keep | None = KEEP
    time_sensitive: bool | Keep | None = KEEP
    critical: bool | Keep | None = KEEP
    directions: str | Keep | None = KEEP
    know_how: bool | Keep | None = KEEP
    hours_per_week: float | Keep | None = KEEP
    category: str | Keep | None = KEEP

    def given(self, criterion: Criterion) -> bool:
        return getattr(self, criterion.attribute) is not KEEP

    def unset(self, criterion: Criterion) -> CriteriaChanges:
        """The same changes, with ``criterion`` made unknown."""
        return replace(self, **{criterion.attribute: None})

    @property
    def is_empty(self) -> bool:
        return all(not self.given(c) for c in Criterion)

    def applied_to(self, criteria: TaskCriteria) -> TaskCriteria:
        """``criteria`` with these changes made."""
        kept = {c.attribute: getattr(self, c.attribute) for c in Criterion if self.given(c)}
        return replace(criteria, **kept)


@dataclass(slots=True)
class NewTask:
    """A task to insert: everything but its id, which the store gives it. A value: nothing
    changes one once made (not frozen only because an import makes 100,000 of them, and a
    frozen dataclass is six times as slow to make)."""

    title: str
    created_at: datetime
    priority: Priority = Priority.MEDIUM
    status: Status = Status.OPEN
    due: datetime | None = None
    estimate_seconds: int | None = None
    project: str | None = None
    parent_id: int | None = None
    position: int = 0
    notes: str | None = None
    tags: tuple[str, ...] = ()
    criteria: TaskCriteria = NOTHING_SAID
    triaged_at: datetime | None = None
    """When ``triage`` last decided on it; ``None``: never (a new task)."""
    uuid: str | None = None
    """Kept from an import; ``None``: a new random one."""
    extra: str | None = None
    """See :attr:`Task.extra`."""
    updated_at: datetime | None = None
    """When it last changed (an import keeps the source's); ``None``: ``created_at``."""
    done_at: datetime | None = None
    """For a task stored done already (a checked step of ``split --from``, an import)."""
    series_id: int | None = None
    occurrence: datetime | None = None
    skipped: int = 0
    wait: datetime | None = None
    scheduled: datetime | None = None


@record
class TaskChanges:
    """Fields to change on a stored task: ``KEEP`` leaves a field as it is, ``None`` clears it."""

    title: str | Keep = KEEP
    status: Status | Keep = KEEP
    priority: Priority | Keep = KEEP
    due: datetime | Keep | None = KEEP
    estimate_seconds: int | Keep | None = KEEP
    project: str | Keep | None = KEEP
    parent_id: int | Keep | None = KEEP
    position: int | Keep = KEEP
    notes: str | Keep | None = KEEP
    done_at: datetime | Keep | None = KEEP
    updated_at: datetime | Keep = KEEP
    tags: tuple[str, ...] | Keep = KEEP
    criteria: CriteriaChanges = field(default_factory=CriteriaChanges)
    triaged_at: datetime | Keep | None = KEEP
    extra: str | Keep | None = KEEP
    series_id: int | Keep | None = KEEP
    occurrence: datetime | Keep | None = KEEP
    wait: datetime | Keep | None = KEEP
    scheduled: datetime | Keep | None = KEEP
