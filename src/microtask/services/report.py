"""`report`: the figures of one period, summed by the database, judged by the domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from microtask.domain.record import record
from microtask.domain.report import (
    DayFocus,
    EstimateRow,
    Estimates,
    FocusGroup,
    GroupBy,
    HandOff,
    HandOffLine,
    Period,
    Report,
    biggest_misses,
    longest_streak,
)

if TYPE_CHECKING:
    from microtask.db.report_repo import GroupRow
    from microtask.db.store import Repos
    from microtask.services.app import App

HAND_OFF_VERDICTS = ("outsource", "automate", "batch")
SCORED_TASKS = 50
"""The tasks with the most focus in the period that the hand-off figures score: scoring
takes about half a millisecond a task, and the rest hold the least time."""

_NO_KEY = {GroupBy.TASK: "(no task)", GroupBy.TAG: "(no tag)", GroupBy.PROJECT: "(no project)"}


@record
class ReportRequest:
    period: str | None = None
    """``day``, ``week`` or ``month``; None: a week, or what --from names."""
    from_text: str | None = None
    to_text: str | None = None
    by: GroupBy = GroupBy.TASK


def report_period(app: App, request: ReportRequest) -> Period:
    from microtask.domain.periods import resolve_period

    return resolve_period(
        request.period,
        request.from_text,
        request.to_text,
        app.now(),
        week_start=app.config.week_start,
    )


def build_report(app: App, request: ReportRequest) -> Report:
    """Everything `report` shows for the period the request names, from one snapshot."""
    from microtask.domain.zones import day_bounds

    period = report_period(app, request)
    now = app.now()
    bounds = [
        day_bounds(period.first_day + timedelta(days=n), period.zone) for n in range(period.days)
    ]
    with app.reading() as repos:
        from microtask.services.app import founder_only

        founder_only(repos, "report")
        sums = repos.report(period.start, period.end, now)
        by_day = {row.index: row for row in sums.days(bounds)}
        by_task = sums.groups(GroupBy.TASK.value)
        groups = by_task if request.by is GroupBy.TASK else sums.groups(request.by.value)
        finished = sums.finished()
        flow = sums.flow()
        hand_off = _hand_off(app, repos, by_task)
    days = []
    for index, (start, end) in enumerate(bounds):
        row = by_day.get(index)
        days.append(
            DayFocus(
                day=period.first_day + timedelta(days=index),
                length_seconds=round((end - start).total_seconds()),
                focus_seconds=row.focus_seconds if row else 0.0,
                pomodoros_completed=row.completed if row else 0,
                pomodoros_interrupted=row.interrupted if row else 0,
            )
        )
    compared = [
        EstimateRow(r.task_id, r.title, r.estimate_seconds, r.actual_seconds)
        for r in finished
        if r.estimate_seconds and r.actual_seconds > 0
    ]
    return Report(
        period=period,
        generated_at=now,
        by=request.by,
        groups=_focus_groups(groups, request.by),
        days=tuple(days),
        estimates=Estimates(
            rows=biggest_misses(compared),
            finished=len(finished),
            without_estimate=sum(1 for r in finished if not r.estimate_seconds),
            without_focus=sum(1 for r in finished if r.estimate_seconds and r.actual_seconds <= 0),
        ),
        flow=flow,
        hand_off=hand_off,
        sessions=sum(row.sessions for row in by_task),
        streak=longest_streak((day.day, day.pomodoros_completed > 0) for day in days),
    )


def _focus_groups(rows: Sequence[GroupRow], by: GroupBy) -> tuple[FocusGroup, ...]:
    groups = [
        FocusGroup(
            key=row.key,
            label=row.label if row.label is not None else _NO_KEY[by],
            focus_seconds=row.focus_seconds,
            sessions=row.sessions,
            pomodoros_completed=row.completed,
            task_id=int(row.key) if by is GroupBy.TASK and row.key is not None else None,
        )
        for row in rows
    ]
    return tuple(sorted(groups, key=lambda g: (-g.focus_seconds, g.key is None, g.label)))


def _hand_off(app: App, repos: Repos, by_task: Sequence[GroupRow]) -> HandOff:
    """Score the tasks worked on in the period (most focus first, up to SCORED_TASKS) and
    keep those whose verdict says someone else could do them."""
    from microtask.services.outsourcing import Advisor

    worked = sorted(
        (row for row in by_task if row.key is not None and row.focus_seconds > 0),
        key=lambda row: (-row.focus_seconds, int(str(row.key))),
    )
    chosen, rest = worked[:SCORED_TASKS], worked[SCORED_TASKS:]
    settings = app.config.outsourcing
    focus = {int(str(row.key)): row.focus_seconds for row in chosen}
    tasks = repos.tasks.get_many(list(focus)) if focus else []
    lines = []
    if tasks:
        advisor = Advisor(app, repos, app.now())
        for scored in advisor.score(tasks):
            verdict = scored.assessment.verdict.value
            if verdict in HAND_OFF_VERDICTS:
                seconds = focus[scored.task.id]
                lines.append(
                    HandOffLine(
                        scored.task.id,
                        scored.task.title,
                        verdict,
                        seconds,
                        advisor.rates.saving(seconds),
                    )
                )
    lines.sort(key=lambda line: (-line.focus_seconds, line.task_id))
    return HandOff(
        lines=tuple(lines),
        founder_hourly=settings.founder_hourly,
        provider_rate=settings.provider_rate,
        tasks_scored=len(tasks),
        tasks_unscored=len(rest),
        unscored_seconds=sum(row.focus_seconds for row in rest),
    )
