"""`microtask today`: the morning screen, read in one transaction (one consistent snapshot).

It writes nothing: the plan for the rest of the day is a proposal (``plan --apply`` books
it). Every list is capped, with its full count beside it, so a store with thousands of
overdue tasks renders as fast as an empty one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from microtask.domain.errors import InvalidInputError
from microtask.domain.sessions import SessionKind, SessionOutcome
from microtask.services.app import App

if TYPE_CHECKING:
    from microtask.db.repo import TaskFilter, TaskRepo
    from microtask.domain.delegation import Delegation
    from microtask.domain.model import Task
    from microtask.domain.sessions import Block, Session
    from microtask.domain.views import PlanView, TaskDetail
    from microtask.services.focus import FocusStatus

LIST_CAP = 50
"""The most tasks a list (overdue, due today) carries; the JSON shows them all, the screen
fewer (see ``render.today``)."""


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


def _capped(repo: TaskRepo, filters: TaskFilter, limit: int) -> tuple[list[Task], int]:
    """The ``limit`` most urgent matching tasks, and how many match in all."""
    tasks = repo.find(filters, limit)
    count = len(tasks) if len(tasks) < limit else repo.count(filters)
    return tasks, count


def _pomodoros(
    sessions: list[Session], completed: int, focus_seconds: float, goal: int, day_start: datetime
) -> Pomodoros:
    interrupted = sum(
        1
        for s in sessions
        if s.kind is SessionKind.POMODORO
        and s.outcome is SessionOutcome.INTERRUPTED
        and s.start >= day_start  # as `pomodoros_completed` counts: by the day they started
    )
    return Pomodoros(completed, interrupted, goal, focus_seconds)


def today(app: App, limit: int = LIST_CAP) -> TodayView:
    """Everything the morning screen shows, as of ``app.now()``."""
    from microtask.db.focus_repo import FocusRepo
    from microtask.db.outsource_repo import OutsourceRepo
    from microtask.db.repo import TaskFilter
    from microtask.domain.agenda import build_agenda
    from microtask.domain.zones import day_bounds, local_date
    from microtask.services.blocks import PlanRequest, propose_plan
    from microtask.services.focus import status_of
    from microtask.services.tasks import next_in

    now = app.now()
    day = local_date(now)
    day_start, day_end = day_bounds(day)
    start_ts, end_ts = int(day_start.timestamp()), int(day_end.timestamp())
    with app.reading() as repo:
        focus = FocusRepo(repo.conn)
        status = status_of(focus.activity(), now)
        overdue, overdue_count = _capped(repo, TaskFilter(due_before_ts=start_ts), limit)
        due_today, due_today_count = _capped(
            repo, TaskFilter(due_from_ts=start_ts, due_before_ts=end_ts), limit
        )
        blocks = focus.blocks_overlapping(day_start.timestamp(), day_end.timestamp())
        try:
            plan: PlanView | None = propose_plan(app, repo, PlanRequest(day=day))
        except InvalidInputError:
            plan = None  # the planning window of today is over
        next_detail = next_in(app, repo)
        sessions = focus.sessions_overlapping(day_start.timestamp(), day_end.timestamp())
        completed = focus.pomodoros_completed(day_start.timestamp(), day_end.timestamp())
        check_ins = OutsourceRepo(repo.conn).check_ins_due(app.now_ts())
        has_tasks = (
            bool(overdue or due_today or next_detail) or repo.count(TaskFilter(statuses=None)) > 0
        )
    running_id = None if status.activity is None else status.activity.session_id
    sessions = [  # the open session's focus as of now, not as of its last heartbeat
        replace(s, focus_seconds=status.focus_seconds)
        if s.id == running_id and s.outcome is SessionOutcome.RUNNING
        else s
        for s in sessions
    ]
    focus_seconds = build_agenda(day_start, day_end, blocks, sessions, now).focus_seconds
    return TodayView(
        day=day,
        now=now,
        running=None if status.activity is None else status,
        overdue=overdue,
        overdue_count=overdue_count,
        due_today=due_today,
        due_today_count=due_today_count,
        blocks=blocks,
        plan=plan,
        next=next_detail,
        pomodoros=_pomodoros(sessions, completed, focus_seconds, app.config.daily_goal, day_start),
        check_ins=check_ins,
        has_tasks=has_tasks,
    )
