"""Report periods: which local days a report covers, and the instants that bound them.

A period is a run of whole local calendar days in the user's zone. Its bounds are
instants (UTC), so a week with a DST change is 167 or 169 hours long, as it was lived.
Weeks start on Monday (ISO) unless the settings say otherwise.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from microtask.domain.dates import MONTHS, day_label, parse_day
from microtask.domain.errors import InvalidInputError
from microtask.domain.report import Period, PeriodKind
from microtask.domain.zones import day_bounds, local_date, local_zone_name

REPORT_DAY_FORMS = (
    "use today, yesterday, mon..sun (the last one), this week, last week, this month, "
    "last month, N days ago, N weeks ago, 2026-W47, 2026-11 or 2026-11-02"
)
PERIODS = ("day", "week", "month")
MAX_DAYS = 366 * 10
"""The longest range a report covers (ten years)."""

_WEEKDAY_NUMBERS = {
    name: number
    for number, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
    for name in (full, full[:3])
} | {"tues": 1, "thur": 3, "thurs": 3}
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def week_first_day(day: date, week_start: int) -> date:
    """The first day of the week holding ``day``; ``week_start`` 0 is Monday, 6 Sunday."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def month_first_day(day: date) -> date:
    return day.replace(day=1)


def _month_last_day(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _span_of(kind: PeriodKind, day: date, week_start: int) -> tuple[date, date]:
    if kind is PeriodKind.DAY:
        return day, day
    if kind is PeriodKind.WEEK:
        first = week_first_day(day, week_start)
        return first, first + timedelta(days=6)
    first = month_first_day(day)
    return first, _month_last_day(first)


def parse_report_day(
    text: str, today: date, week_start: int = 0, *, last: bool = False
) -> tuple[date, PeriodKind | None]:
    """A WHEN of ``--from``/``--to`` as a local date, and the kind of span it named.

    Reports look back, so a weekday name is the most recent such day (today included),
    unlike due dates. A week or month form (``last week``, ``2026-W47``, ``2026-11``)
    means its first day, or its last with ``last=True``; the kind returned says which
    span was named (``None`` for a single day).
    """
    clean = " ".join(text.strip().lower().split())
    span: tuple[PeriodKind, date] | None = None
    if clean in ("this week", "last week"):
        span = (PeriodKind.WEEK, today - timedelta(weeks=clean.startswith("last")))
    elif clean in ("this month", "last month"):
        first = month_first_day(today)
        span = (PeriodKind.MONTH, first - timedelta(days=1) if clean.startswith("last") else first)
    elif match := re.fullmatch(r"([0-9]{4})-?w([0-9]{1,2})", clean):
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise InvalidInputError(f"week {text.strip()!r} does not exist") from None
        # An ISO week is Monday to Sunday whatever the configured first day.
        return (monday + timedelta(days=6) if last else monday), PeriodKind.WEEK
    elif match := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", clean):
        if not 1 <= int(match[2]) <= 12:
            raise InvalidInputError(f"month {text.strip()!r} does not exist: {REPORT_DAY_FORMS}")
        span = (PeriodKind.MONTH, date(int(match[1]), int(match[2]), 1))
    if span is not None:
        first, final = _span_of(span[0], span[1], week_start)
        return (final if last else first), span[0]
    if match := re.fullmatch(r"([0-9]{1,4}) ?(days?|weeks?) ago", clean):
        unit = 7 if match[2].startswith("week") else 1
        return today - timedelta(days=int(match[1]) * unit), None
    if clean in _WEEKDAY_NUMBERS:
        back = (today.weekday() - _WEEKDAY_NUMBERS[clean]) % 7
        return today - timedelta(days=back), None
    try:
        return _plain_day(text, today), None
    except InvalidInputError:
        raise InvalidInputError(f"invalid day {text.strip()!r}: {REPORT_DAY_FORMS}") from None


def _plain_day(text: str, today: date) -> date:
    """The day forms every command knows (ISO dates, today, yesterday, in 3 days...)."""
    from datetime import UTC

    noon = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    return parse_day(text, noon, tz="UTC")


def _label(kind: PeriodKind, first: date, last: date, week_start: int) -> str:
    def short(day: date, year: bool = True) -> str:
        text = f"{day.day} {MONTHS[day.month - 1]}"
        return f"{text} {day.year}" if year else text

    def span() -> str:
        if first.year != last.year:
            return f"{short(first)} - {short(last)}"
        if first.month != last.month:
            return f"{short(first, False)} - {short(last)}"
        return f"{first.day}-{short(last)}"

    if kind is PeriodKind.DAY:
        return day_label(first, with_year=True)
    if kind is PeriodKind.MONTH:
        return f"{_MONTH_NAMES[first.month - 1]} {first.year}"
    if kind is PeriodKind.WEEK:
        if week_start == 0:
            return f"Week {first.isocalendar()[1]} ({span()})"
        return f"Week of {span()}"
    return span() if first != last else short(first)


def make_period(
    kind: PeriodKind, first: date, last: date, zone: str | None = None, week_start: int = 0
) -> Period:
    """The period of local days ``first``..``last`` (inclusive) in ``zone``."""
    name = zone if zone is not None else local_zone_name()
    if last < first:
        raise InvalidInputError(
            f"--to ({last.isoformat()}) is before --from ({first.isoformat()}): "
            "a report runs forward in time"
        )
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInputError(
            f"{first.isoformat()} to {last.isoformat()} is more than {MAX_DAYS} days: "
            "report on ten years at most"
        )
    start = day_bounds(first, name)[0]
    end = day_bounds(last, name)[1]
    return Period(kind, first, last, start, end, name, _label(kind, first, last, week_start))


def resolve_period(
    period: str | None,
    from_text: str | None,
    to_text: str | None,
    now: datetime,
    zone: str | None = None,
    week_start: int = 0,
) -> Period:
    """The period a report command line asks for.

    - ``day``/``week``/``month`` alone (default ``week``): the one holding today.
    - With ``--from`` or ``--to`` alone and a period named: the period holding that day
      (``report month --from 2026-10-02`` is October).
    - ``--from`` alone and no period named: from that day to today.
    - Both: the days from one to the other, inclusive.
    """
    name = zone if zone is not None else local_zone_name()
    if period is not None and period.strip().lower() not in PERIODS:
        raise InvalidInputError(f"invalid period {period!r}: use day, week or month")
    kind = PeriodKind((period or "week").strip().lower())
    today = local_date(now, name)
    first_parsed = None if from_text is None else parse_report_day(from_text, today, week_start)
    last_parsed = (
        None if to_text is None else parse_report_day(to_text, today, week_start, last=True)
    )
    if first_parsed and last_parsed:
        first, last = first_parsed[0], last_parsed[0]
        named = first_parsed[1] if first_parsed[1] == last_parsed[1] else None
        if named is not None and (first, last) == _span_of(named, first, week_start):
            return make_period(named, first, last, name, week_start)
        return make_period(PeriodKind.RANGE, first, last, name, week_start)
    if first_parsed is None and last_parsed is None:
        first, last = _span_of(kind, today, week_start)
        return make_period(kind, first, last, name, week_start)
    single = first_parsed or last_parsed
    assert single is not None
    if period is None and first_parsed is not None:
        if first_parsed[1] is not None:  # `--from "last week"`: that week
            first, last = _span_of(first_parsed[1], first_parsed[0], week_start)
            return make_period(first_parsed[1], first, last, name, week_start)
        return make_period(PeriodKind.RANGE, first_parsed[0], max(today, first_parsed[0]), name)
    chosen = kind if period is not None or single[1] is None else single[1]
    first, last = _span_of(chosen, single[0], week_start)
    return make_period(chosen, first, last, name, week_start)
