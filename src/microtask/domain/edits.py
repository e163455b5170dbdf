"""What use cases ask the storage layer to write, as domain types: a new task, the changes
to one, a new block, and the running activity's claim and progress.

``KEEP`` marks a field a change leaves as it is (``None`` clears a field). Kept apart from
``model`` and ``sessions`` so the read paths (``status``, completion) don't build them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Final

from microtask.domain.model import NOTHING_SAID, Criterion, Priority, Status, TaskCriteria
from microtask.domain.sessions import BlockSource, SessionKind


class Keep(Enum):
    """The value of a field a change leaves as it is (``None`` would clear it)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class NewSeries:
    """A series to store: its rule (canonical text), anchor and optional end."""

    rule: str
    anchor: datetime
    created_at: datetime
    until: datetime | None = None
    procedure: str | None = None


@dataclass(frozen=True)
class SeriesChanges:
    """Fields to change on a series: ``KEEP`` leaves one as it is, ``None`` clears it."""

    rule: str | Keep = KEEP
    anchor: datetime | Keep = KEEP
    until: datetime | Keep | None = KEEP
    ended_at: datetime | Keep | None = KEEP
    procedure: str | Keep | None = KEEP


@dataclass(frozen=True)
class NewBlock:
    """A block to store: everything but its id."""

    title: str
    start: datetime
    end: datetime
    task_id: int | None
    source: BlockSource
    created_at: datetime


@dataclass(frozen=True)
class ActivityOwner:
    """The run that holds the activity row: its process and when it started. A run only
    ever updates or releases the row while it is still its own."""

    pid: int
    started: datetime


@dataclass(frozen=True)
class RunProgress:
    """Where a pomodoro or block run stands, written at each phase change and heartbeat."""

    heartbeat: datetime
    phase: str
    phase_started: datetime
    phase_ends: datetime
    paused: bool
    cycle: int
    focus_seconds: float
    """Focus in the current work phase so far (0 in a break)."""
    session_id: int | None
    """The open session (``None`` in a break)."""


@dataclass(frozen=True)
class ActivityClaim:
    """What starts running: the one activity row, taken only when no other run holds it."""

    kind: SessionKind
    started: datetime
    task_id: int | None = None
    block_id: int | None = None
    session_id: int | None = None
    """The tracking's session (a run names its session in its progress)."""
    pid: int | None = None
    """The run's process; ``None`` for a tracking, which has none and runs until ``stop``."""
    host: str | None = None
    boot_id: str | None = None
    cycles: int | None = None
    progress: RunProgress | None = None
    """Where a run taken back after losing its row already stands."""
