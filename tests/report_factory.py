"""Reports built by hand for the renderer and exporter tests: a quiet week by default,
each figure replaceable by keyword."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from microtask.domain.report import (
    DayFocus,
    EstimateRow,
    Estimates,
    Flow,
    FocusGroup,
    GroupBy,
    HandOff,
    HandOffLine,
    Period,
    PeriodKind,
    Report,
    Streak,
)

ZONE = "Europe/Paris"
WEEK_START = date(2026, 11, 23)
GENERATED = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)  # Wed 25 Nov, 09:30 in Paris


def midnight(day: date, zone: str = ZONE) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def period(
    first: date = WEEK_START,
    count: int = 7,
    kind: PeriodKind = PeriodKind.WEEK,
    label: str = "Week 48 (23-29 Nov 2026)",
    zone: str = ZONE,
) -> Period:
    last = first + timedelta(days=count - 1)
    start, end = midnight(first, zone), midnight(last + timedelta(days=1), zone)
    return Period(kind, first, last, start, end, zone, label)


def days_of(
    span: Period,
    minutes: Mapping[date, float] | None = None,
    completed: Mapping[date, int] | None = None,
    interrupted: Mapping[date, int] | None = None,
) -> tuple[DayFocus, ...]:
    """Every day of ``span`` with its real length in the zone (23 or 25 h on DST days)."""
    minutes, completed, interrupted = minutes or {}, completed or {}, interrupted or {}
    out = []
    for index in range(span.days):
        day = span.first_day + timedelta(days=index)
        length = midnight(day + timedelta(days=1), span.zone) - midnight(day, span.zone)
        out.append(
            DayFocus(
                day,
                int(length.total_seconds()),
                minutes.get(day, 0.0) * 60,
                completed.get(day, 0),
                interrupted.get(day, 0),
            )
        )
    return tuple(out)


def group(label: str, minutes: float, sessions: int = 1, task_id: int | None = None) -> FocusGroup:
    key = str(task_id) if task_id is not None else label
    return FocusGroup(key, label, minutes * 60, sessions, sessions, task_id)


def estimate(task_id: int, title: str, estimate_minutes: int, actual_minutes: float) -> EstimateRow:
    return EstimateRow(task_id, title, estimate_minutes * 60, actual_minutes * 60)


def hand_off_line(
    task_id: int, title: str, verdict: str, minutes: float, saving: float
) -> HandOffLine:
    return HandOffLine(task_id, title, verdict, minutes * 60, saving)


NO_ESTIMATES = Estimates((), 0, 0, 0)
NO_FLOW = Flow(0, 0, 0, None, 0, 0)
NO_HAND_OFF = HandOff((), 100.0, 25.0, 0)


def empty_report(span: Period | None = None, by: GroupBy = GroupBy.TASK) -> Report:
    span = span or period()
    return Report(span, GENERATED, by, (), days_of(span), NO_ESTIMATES, NO_FLOW, NO_HAND_OFF)


def sample_report(**changes: object) -> Report:
    """A worked week: three tasks, focus on four days, estimates, flow and hand-off."""
    span = period()
    d = [WEEK_START + timedelta(days=i) for i in range(7)]
    report = Report(
        period=span,
        generated_at=GENERATED,
        by=GroupBy.TASK,
        groups=(
            group("Write the report", 120, 5, task_id=12),
            group("Invoices", 60, 2, task_id=7),
            group("Inbox", 30, 1, task_id=3),
        ),
        days=days_of(span, {d[0]: 90, d[1]: 75, d[2]: 45}, {d[0]: 3, d[1]: 2, d[2]: 1}),
        estimates=Estimates(
            (estimate(12, "Write the report", 60, 96), estimate(7, "Invoices", 60, 54)),
            finished=4,
            without_estimate=1,
            without_focus=1,
        ),
        flow=Flow(5, 4, 1, 2 * 86_400 + 12 * 3600, 2, 1),
        hand_off=HandOff(
            (hand_off_line(7, "Invoices", "outsource", 60, 75.0),),
            founder_hourly=100.0,
            provider_rate=25.0,
            tasks_scored=3,
        ),
        sessions=8,
        streak=Streak(3, d[0], d[2]),
    )
    return replace(report, **changes)  # type: ignore[arg-type]
