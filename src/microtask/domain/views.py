"""What the read use cases hand to the render and export layers: tasks with their context."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.model import Status, Task
from microtask.domain.sessions import Block, Session
from microtask.domain.urgency import Term

if TYPE_CHECKING:
    from microtask.domain.outsourcing import Assessment


@dataclass
class TaskList:
    tasks: list[Task]
    context: list[Task]
    total: int


@dataclass
class TaskDetail:
    task: Task
    subtree: list[Task]  # descendants, parents before children
    ancestors: list[Task]
    terms: list[Term]
    sessions: list[Session] = field(default_factory=list)
    """The task's own sessions, oldest first."""

    @property
    def descendants_done(self) -> tuple[int, int]:
        return sum(1 for t in self.subtree if t.status == Status.DONE), len(self.subtree)

    @property
    def estimate_progress(self) -> tuple[int, int]:
        """Seconds estimated for done leaf steps, and for all leaf steps."""
        leaves = [t for t in self.subtree if not t.subtask_ids and t.status != Status.DROPPED]
        total = sum(t.estimate_seconds or 0 for t in leaves)
        done = sum(t.estimate_seconds or 0 for t in leaves if t.status == Status.DONE)
        return done, total


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PlanRow:
    start: datetime
    end: datetime
    kind: str
    """``work`` or ``break``."""
    task_id: int | None
    title: str | None
    """The task's title for work rows; ``None`` for breaks."""


@dataclass(frozen=True)
class Unplanned:
    task_id: int
    title: str
    needed_seconds: int
    """Work the task still needs (its remaining estimate, or one pomodoro)."""
    planned_seconds: int
    """How much of it the plan could place (0 when none)."""


@dataclass
class PlanView:
    day_start: datetime
    """The planned window, in the user's zone."""
    day_end: datetime
    rows: list[PlanRow]
    does_not_fit: list[Unplanned]
    free_seconds: int
    planned_seconds: int
    applied_block_ids: list[int]
    """Blocks saved by ``--apply`` (empty when only proposed)."""
    busy: list[Block]
    """The existing blocks the plan works around."""


@dataclass(frozen=True)
class CandidateRow:
    """One outsourcing candidate as the exports show it (``export outsource``)."""

    id: int
    title: str
    verdict: str
    """``outsource``, ``automate``, ``delegate-later``, ``batch`` or ``keep``."""
    score: int
    """0 to 100."""
    category: str
    """``BPO``, ``KPO``, ``TSO`` or ``VA``."""
    hours_per_week: float | None
    weekly_savings: float | None
    monthly_savings: float | None
    time_cap_hours: float | None
    """Pay for no more than this per week (expected hours plus a margin)."""
    steps: tuple[str, ...]
    """The task's subtasks' titles, in order (empty when it has none)."""
    reasons: tuple[str, ...]
    """Why it is a candidate, one sentence each."""
    acceptance: str | None
    """Acceptance criteria: the task's notes."""
    confidence: float
    """0 to 1: how many of the criteria are known."""
    project: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateWeek:
    """The weekly candidate list: ISO week and the candidates, best first."""

    year: int
    week: int
    start: datetime
    end: datetime
    candidates: tuple[CandidateRow, ...]
    generated: datetime


@dataclass(frozen=True)
class Scored:
    """A task with its outsourcing assessment (``score``, ``outsource``)."""

    task: Task
    assessment: Assessment
    category_reason: str
    """Why the category: the words that matched, or 'you said so'."""
