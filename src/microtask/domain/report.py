"""What `report` shows, as plain data: the figures of one period, and the pure arithmetic
on them (streaks, medians, ratios). No I/O: the sums come from SQL in ``db/report_repo``.

Every duration is in seconds here; JSON and the renderers turn them into minutes or hours.
All instants are aware UTC datetimes; days are local calendar dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import date, datetime
from enum import StrEnum

from microtask.domain.record import record


class GroupBy(StrEnum):
    TASK = "task"
    TAG = "tag"
    PROJECT = "project"


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    RANGE = "range"
    """Days chosen with --from/--to."""


@record
class Period:
    kind: PeriodKind
    first_day: date
    last_day: date
    """Inclusive."""
    start: datetime
    """The first instant of ``first_day`` in ``zone`` (UTC)."""
    end: datetime
    """The first instant after ``last_day`` (UTC); exclusive."""
    zone: str
    label: str
    """For people: "Week 48 (23-29 Nov 2026)", "November 2026", "Mon 23 Nov 2026"."""

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@record
class DayFocus:
    """One local calendar day of the period. A session that crosses midnight counts on
    each day in proportion to the time it spent there."""

    day: date
    length_seconds: int
    """86,400; 82,800 or 90,000 on a DST change day."""
    focus_seconds: float
    pomodoros_completed: int
    """Completed pomodoros that started on this day (as ``today`` and ``status`` count)."""
    pomodoros_interrupted: int


@record
class FocusGroup:
    """Focus in the period on one task, tag or project (``key`` None: no task / no tag /
    no project). By tag, a session of a task with two tags counts under both."""

    key: str | None
    label: str
    focus_seconds: float
    sessions: int
    pomodoros_completed: int
    task_id: int | None = None
    """Set when grouping by task."""


@record
class EstimateRow:
    """A task finished in the period that had an estimate and recorded focus."""

    task_id: int
    title: str
    estimate_seconds: int
    actual_seconds: float
    """All focus ever recorded on the task itself, not only in the period."""

    @property
    def ratio(self) -> float | None:
        """Actual over estimate: 1.5 means it took half as long again as planned; None for
        an estimate of zero."""
        return self.actual_seconds / self.estimate_seconds if self.estimate_seconds > 0 else None


@record
class Estimates:
    rows: tuple[EstimateRow, ...]
    """Biggest misses first (furthest from a ratio of 1, either way)."""
    finished: int
    """Tasks finished (done) in the period."""
    without_estimate: int
    without_focus: int
    """Finished with an estimate but no focus recorded: left out of the ratios."""

    @property
    def compared(self) -> tuple[EstimateRow, ...]:
        """The rows that give a ratio (an estimate above zero): what the totals cover."""
        return tuple(row for row in self.rows if row.estimate_seconds > 0)

    @property
    def estimate_seconds(self) -> int:
        return sum(row.estimate_seconds for row in self.compared)

    @property
    def actual_seconds(self) -> float:
        return sum(row.actual_seconds for row in self.compared)

    @property
    def overall_ratio(self) -> float | None:
        """Total actual over total estimate; None when nothing was compared."""
        total = self.estimate_seconds
        return self.actual_seconds / total if total else None

    @property
    def median_ratio(self) -> float | None:
        return median([row.actual_seconds / row.estimate_seconds for row in self.compared])


@record
class Flow:
    created: int
    done: int
    dropped: int
    average_age_seconds: float | None
    """From creation to done, over the tasks done in the period; None when none were."""
    overdue: int
    """Open tasks whose due time had passed at the end of the period (or now, if sooner)."""
    done_late: int
    """Tasks done in the period after their due time."""


@record
class HandOffLine:
    task_id: int
    title: str
    verdict: str
    focus_seconds: float
    """Focus on the task within the period."""
    saving: float
    """What handing this period's hours off would have saved (can be negative)."""


@record
class HandOff:
    """Time spent in the period on tasks whose verdict today is outsource, automate or
    batch, and what handing it off at the provider rate would have saved."""

    lines: tuple[HandOffLine, ...]
    founder_hourly: float
    provider_rate: float
    tasks_scored: int
    """Tasks with focus in the period that were scored."""
    tasks_unscored: int = 0
    """Tasks with less focus in the period, beyond the scoring limit, left out."""
    unscored_seconds: float = 0.0
    """Their focus in the period."""

    @property
    def focus_seconds(self) -> float:
        return sum(line.focus_seconds for line in self.lines)

    @property
    def saving(self) -> float:
        return sum(line.saving for line in self.lines)

    def seconds_by_verdict(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for line in self.lines:
            totals[line.verdict] = totals.get(line.verdict, 0.0) + line.focus_seconds
        return totals


@record
class Streak:
    days: int
    first_day: date | None
    last_day: date | None


@record
class Report:
    period: Period
    generated_at: datetime
    by: GroupBy
    groups: tuple[FocusGroup, ...]
    """Most focus first."""
    days: tuple[DayFocus, ...]
    estimates: Estimates
    flow: Flow
    hand_off: HandOff
    sessions: int = 0
    """Sessions that overlap the period."""
    streak: Streak = field(default_factory=lambda: Streak(0, None, None))

    @property
    def focus_seconds(self) -> float:
        return sum(day.focus_seconds for day in self.days)

    @property
    def pomodoros_completed(self) -> int:
        return sum(day.pomodoros_completed for day in self.days)

    @property
    def pomodoros_interrupted(self) -> int:
        return sum(day.pomodoros_interrupted for day in self.days)

    @property
    def is_empty(self) -> bool:
        """Nothing recorded and nothing moved: the renderers say so instead of zeros."""
        flow = self.flow
        return not (
            self.sessions or flow.created or flow.done or flow.dropped or self.estimates.finished
        )


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def longest_streak(days: Iterable[tuple[date, bool]]) -> Streak:
    """The longest run of consecutive calendar days that are marked, the earliest on a tie.

    ``days`` may come in any order and may skip dates: a skipped date breaks a run.
    """
    marked = sorted(day for day, on in days if on)
    best = Streak(0, None, None)
    run_start: date | None = None
    previous: date | None = None
    for day in marked:
        if previous is not None and (day - previous).days == 1:
            pass
        elif previous is None or day != previous:
            run_start = day
        previous = day
        assert run_start is not None
        length = (day - run_start).days + 1
        if length > best.days:
            best = Streak(length, run_start, day)
    return best


def biggest_misses(rows: Iterable[EstimateRow]) -> tuple[EstimateRow, ...]:
    """Furthest from the estimate first, in either direction (2x over and 2x under weigh
    the same), then by task id; rows without a ratio (or of zero) last."""
    from math import log

    def key(row: EstimateRow) -> tuple[int, float, int]:
        ratio = row.ratio
        if not ratio:
            return (1, 0.0, row.task_id)
        return (0, -abs(log(ratio)), row.task_id)

    return tuple(sorted(rows, key=key))
