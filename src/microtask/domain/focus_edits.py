"""What use cases ask the storage layer to write about focus: a new block, and the running
activity's claim and progress."""

from __future__ import annotations

from datetime import datetime

from microtask.domain.record import record
from microtask.domain.sessions import BlockSource, SessionKind


@record
class NewBlock:
    """A block to store: everything but its id."""

    title: str
    start: datetime
    end: datetime
    task_id: int | None
    source: BlockSource
    created_at: datetime


@record
class ActivityOwner:
    """The run that holds the activity row: its process and when it started. A run only
    ever updates or releases the row while it is still its own."""

    pid: int
    started: datetime


@record
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


@record
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
