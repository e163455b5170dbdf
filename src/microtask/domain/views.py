"""What the use cases hand to the render and export layers: one home for the view models
(tasks with their context, a run's summary, the plan, today, candidates, hand-offs).

One exception: ``FocusStatus`` (what runs now) lives beside ``Activity`` in
``domain/sessions.py``, so that ``status``, run by shell prompts, builds nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from microtask.domain.model import Status, Task
from microtask.domain.sessions import Activity, Block, FocusStatus, Session, SessionKind

if TYPE_CHECKING:
    from microtask.domain.delegation import Delegation
    from microtask.domain.outsourcing import Assessment
    from microtask.domain.urgency import Term


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


# -- focus ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stopped:
    """What ``stop`` stopped."""

    activity: Activity
    session: Session | None
    """The closed tracking session; ``None`` when another process's run was asked to stop."""


@dataclass
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


@dataclass(frozen=True)
class RunTarget:
    """What a pomodoro or block run is about to work on."""

    task: Task | None
    parent_title: str | None
    block: Block | None
    pomodoros_today: int


# -- today ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pomodoros:
    """Today's pomodoros (counted on the local day they started) and focus."""

    completed: int
    interrupted: int
    goal: int
    """Completed pomodoros a day to aim for (``[pomodoro] daily_goal``); 0: no goal."""
    focus_seconds: float
    """Focus of every kind of session inside today (a session that crosses midnight counts
    the part of it in today), a running one as of now."""


@dataclass(frozen=True)
class TodayView:
    """The morning screen (``microtask today``)."""

    day: date
    """Today: the local date of ``now``."""
    now: datetime
    running: FocusStatus | None
    """What runs now; ``None`` when nothing does."""
    overdue: list[Task]
    """Open tasks due before today (before local midnight), most urgent first, capped."""
    overdue_count: int
    due_today: list[Task]
    """Open tasks due today (whether or not their time has passed), most urgent first."""
    due_today_count: int
    blocks: list[Block]
    """Blocks with time in today, by start."""
    plan: PlanView | None
    """The proposal for the free time left today; ``None`` once today's window is over."""
    next: TaskDetail | None
    pomodoros: Pomodoros
    check_ins: list[Delegation]
    has_tasks: bool
    """Any task at all, in any status: a fresh store gets a hint instead of empty sections."""

    @property
    def plan_has_work(self) -> bool:
        return self.plan is not None and any(row.kind == "work" for row in self.plan.rows)

    @property
    def is_empty(self) -> bool:
        """Nothing to show at all: a fresh store (or an idle one with no open task)."""
        return (
            self.running is None
            and not self.overdue_count
            and not self.due_today_count
            and not self.blocks
            and not self.plan_has_work
            and self.next is None
            and not self.pomodoros.completed
            and not self.pomodoros.interrupted
            and self.pomodoros.focus_seconds < 1
            and not self.check_ins
        )


# -- delegation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Delegated:
    """A task handed off, and what to watch for."""

    delegation: Delegation
    warnings: tuple[str, ...]
