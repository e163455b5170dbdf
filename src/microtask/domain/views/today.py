"""The morning screen (`microtask today`)."""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from typing import TYPE_CHECKING

from microtask.domain.model import Task
from microtask.domain.record import record
from microtask.domain.sessions import Block, FocusStatus

if TYPE_CHECKING:
    from microtask.domain.assist import Handoff
    from microtask.domain.delegation import Delegation
    from microtask.domain.views.plan import PlanView
    from microtask.domain.views.tasks import TaskDetail


@record
class Pomodoros:
    """Today's pomodoros (counted on the local day they started) and focus."""

    completed: int
    interrupted: int
    goal: int
    """Completed pomodoros a day to aim for (``[pomodoro] daily_goal``); 0: no goal."""
    focus_seconds: float
    """Focus of every kind of session inside today (a session that crosses midnight counts
    the part of it in today), a running one as of now."""


@record
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
    over_cap: list[Handoff] = field(default_factory=list)
    """Open hand-offs whose tracked time is past their cap (issue 16)."""
    reports: list[Handoff] = field(default_factory=list)
    """Open hand-offs with a check-in in the last day: the latest progress report each."""

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
            and not self.over_cap
            and not self.reports
        )
