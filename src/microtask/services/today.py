"""`microtask today`: the morning screen, read in one transaction (one consistent snapshot).

It writes nothing: the plan for the rest of the day is a proposal (``plan --apply`` books
it). Every list is capped, with its full count beside it, so a store with thousands of
overdue tasks renders as fast as an empty one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import TaskFilter
from microtask.domain.sessions import SessionKind, SessionOutcome
from microtask.domain.views.today import Pomodoros, TodayView
from microtask.services.app import App

if TYPE_CHECKING:
    from datetime import datetime

    from microtask.db.repo import TaskRepo
    from microtask.domain.model import Task
    from microtask.domain.sessions import Session
    from microtask.domain.views.plan import PlanView

LIST_CAP = 50
"""The most tasks a list (overdue, due today) carries; the JSON shows them all, the screen
fewer (see ``render.today``)."""


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
    from microtask.domain.agenda import build_agenda
    from microtask.domain.sessions import status_of
    from microtask.domain.zones import day_bounds, local_date
    from microtask.services.blocks import PlanRequest, propose_plan
    from microtask.services.tasks import next_in

    now = app.now()
    day = local_date(now)
    day_start, day_end = day_bounds(day)
    with app.reading() as repos:
        repo, focus = repos.tasks, repos.focus
        status = status_of(focus.activity(), now)
        overdue, overdue_count = _capped(repo, TaskFilter(due_before=day_start), limit)
        due_today, due_today_count = _capped(
            repo, TaskFilter(due_from=day_start, due_before=day_end), limit
        )
        from microtask.services.assist import visible_only

        blocks = visible_only(
            repos, focus.blocks_overlapping(day_start.timestamp(), day_end.timestamp())
        )
        try:
            plan: PlanView | None = propose_plan(app, repos, PlanRequest(day=day))
        except InvalidInputError:
            plan = None  # the planning window of today is over
        next_detail = next_in(app, repos)
        sessions = visible_only(
            repos, focus.sessions_overlapping(day_start.timestamp(), day_end.timestamp())
        )
        completed = focus.pomodoros_completed(day_start.timestamp(), day_end.timestamp())
        from microtask.services.assist import CHECK_INS_LISTED, open_handoffs, recent_check_ins

        handoffs = open_handoffs(repos, now)  # one read for the three sections below
        late = sorted(
            (h for h in handoffs if h.check_in_overdue(now)),
            key=lambda h: (h.check_in_due or now, h.delegation.id),
        )
        check_ins = [h.delegation for h in late[:CHECK_INS_LISTED]]
        over_cap = [h for h in handoffs if h.over_cap]
        reports = recent_check_ins(handoffs, now)
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
        over_cap=over_cap,
        reports=reports,
    )
