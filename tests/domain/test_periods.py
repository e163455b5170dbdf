"""Report periods: which local days a command line names, and their DST-correct bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.periods import (
    make_period,
    parse_report_day,
    resolve_period,
    week_first_day,
)
from microtask.domain.report import PeriodKind

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 23 Nov 2026, 10:00 in Paris
TODAY = date(2026, 11, 23)


def resolve(period: str | None, first: str | None = None, last: str | None = None, **kw: int):  # type: ignore[no-untyped-def]
    return resolve_period(period, first, last, NOW, "Europe/Paris", **kw)


@pytest.mark.parametrize(
    ("period", "first", "last", "kind", "days", "label"),
    [
        ("day", None, None, "day", ("2026-11-23", "2026-11-23"), "Mon 23 Nov 2026"),
        (None, None, None, "week", ("2026-11-23", "2026-11-29"), "Week 48 (23-29 Nov 2026)"),
        ("week", None, None, "week", ("2026-11-23", "2026-11-29"), "Week 48 (23-29 Nov 2026)"),
        ("month", None, None, "month", ("2026-11-01", "2026-11-30"), "November 2026"),
        ("month", "2026-10-15", None, "month", ("2026-10-01", "2026-10-31"), "October 2026"),
        ("week", None, "2026-11-04", "week", ("2026-11-02", "2026-11-08"), None),
        ("day", "yesterday", None, "day", ("2026-11-22", "2026-11-22"), "Sun 22 Nov 2026"),
        (None, "last week", None, "week", ("2026-11-16", "2026-11-22"), None),
        (None, "last month", None, "month", ("2026-10-01", "2026-10-31"), None),
        (None, "2026-W01", None, "week", ("2025-12-29", "2026-01-04"), None),
        (None, "2026-11-02", None, "range", ("2026-11-02", "2026-11-23"), "2-23 Nov 2026"),
        (None, "2026-10-30", "2026-11-02", "range", ("2026-10-30", "2026-11-02"), None),
        (None, "2026-W44", "2026-W45", "range", ("2026-10-26", "2026-11-08"), None),
        (None, "2026-10", "2026-10", "month", ("2026-10-01", "2026-10-31"), None),
        (None, "fri", "today", "range", ("2026-11-20", "2026-11-23"), None),
        (None, "3 days ago", None, "range", ("2026-11-20", "2026-11-23"), None),
        (None, "2 weeks ago", "1 week ago", "range", ("2026-11-09", "2026-11-16"), None),
        (None, "2025-12-30", "2026-01-02", "range", ("2025-12-30", "2026-01-02"), None),
    ],
)
def test_the_period_a_command_line_names(
    period: str | None,
    first: str | None,
    last: str | None,
    kind: str,
    days: tuple[str, str],
    label: str | None,
) -> None:
    result = resolve(period, first, last)
    assert result.kind is PeriodKind(kind)
    assert (result.first_day.isoformat(), result.last_day.isoformat()) == days
    if label is not None:
        assert result.label == label


def test_a_weekday_name_looks_back_and_today_counts() -> None:
    assert parse_report_day("mon", TODAY)[0] == TODAY
    assert parse_report_day("sunday", TODAY)[0] == date(2026, 11, 22)
    assert parse_report_day("tue", TODAY)[0] == date(2026, 11, 17)


def test_weeks_can_start_on_sunday() -> None:
    result = resolve("week", week_start=6)
    assert (result.first_day, result.last_day) == (date(2026, 11, 22), date(2026, 11, 28))
    assert result.label == "Week of 22-28 Nov 2026"
    assert resolve(None, "last week", week_start=6).first_day == date(2026, 11, 15)


def test_a_week_across_the_year_end_names_both_years() -> None:
    result = resolve("week", "2026-12-30")
    assert result.label == "Week 53 (28 Dec 2026 - 3 Jan 2027)"


@pytest.mark.parametrize(
    ("first", "hours"),
    [("2026-03-23", 167), ("2026-10-19", 169), ("2026-11-16", 168)],
)
def test_week_lengths_follow_the_clock_changes(first: str, hours: int) -> None:
    result = resolve("week", first)
    assert result.end - result.start == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("period", "first", "last", "message"),
    [
        ("year", None, None, "invalid period 'year': use day, week or month"),
        (None, "someday", None, "invalid day 'someday': use today, yesterday"),
        (None, "2026-13", None, "month '2026-13' does not exist"),
        (None, "2026-W60", None, "week '2026-W60' does not exist"),
        (None, "2026-11-20", "2026-11-10", r"--to \(2026-11-10\) is before --from"),
        (None, "2000-01-01", "2026-01-01", "more than 3660 days"),
        (None, "fri 14:00", None, "invalid day 'fri 14:00'"),
    ],
)
def test_bad_periods_are_refused_saying_what_is_accepted(
    period: str | None, first: str | None, last: str | None, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        resolve(period, first, last)


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 6))
def test_a_week_holds_its_day_and_starts_on_the_chosen_weekday(day: date, start: int) -> None:
    first = week_first_day(day, start)
    assert first.weekday() == start
    assert first <= day < first + timedelta(days=7)


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 40))
def test_period_bounds_cover_each_day_once(first: date, extra: int) -> None:
    period = make_period(PeriodKind.RANGE, first, first + timedelta(days=extra), "Europe/Paris")
    hours = (period.end - period.start).total_seconds() / 3600
    assert period.days == extra + 1
    assert abs(hours - 24 * period.days) <= 1
