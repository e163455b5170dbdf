"""Focus runs as they are shown: a frame of the live view, what `stop` stopped, a run's
summary and what a run is about to work on."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.model import Task
from microtask.domain.record import mutable_record, record
from microtask.domain.sessions import Activity, Block, Session, SessionKind

if TYPE_CHECKING:
    pass


@record
class FocusScreen:
    """One frame of the live pomodoro / block view (and of the plain phase lines)."""

    kind: str
    """``pomodoro`` or ``block``."""
    task_id: int | None
    task_title: str | None
    parent_title: str | None
    block_title: str | None
    phase: str
    """``work``, ``short_break`` or ``long_break``."""
    remaining_seconds: float
    phase_seconds: float
    cycle: int
    cycles: int
    paused: bool
    pomodoros_today: int
    """Completed pomodoros today, this run's included."""
    focus_seconds: float
    """Focus in this run so far."""
    interactive: bool = True
    """Keys work (stdin is a terminal): show the key hints."""


@record
class Stopped:
    """What ``stop`` stopped."""

    activity: Activity
    session: Session | None
    """The closed tracking session; ``None`` when another process's run was asked to stop."""


@mutable_record
class RunSummary:
    """A pomodoro or block run, summed up when it ends."""

    kind: SessionKind
    task: Task | None
    started: datetime
    ended: datetime
    focus_seconds: float
    pause_seconds: float
    completed: int
    interrupted: int
    sessions: list[Session]
    stopped_early: bool
    estimate_left_seconds: float | None
    """The task's estimate minus all its recorded focus (None without an estimate)."""


@record
class RunTarget:
    """What a pomodoro or block run is about to work on."""

    task: Task | None
    parent_title: str | None
    block: Block | None
    pomodoros_today: int
