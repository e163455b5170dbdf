"""Due dates and days as the user types them (``tomorrow 17:00``, ``fri``, ``in 3 days``),
and the short English names we show them with.

Everything here is a pure function of its arguments: the current instant is passed in
as ``now`` (never read from the system clock) and the zone in which wall times are
meant is passed as ``tz`` (by default :func:`~microtask.domain.zones.local_zone_name`).
Module-level imports are stdlib only; wall times are resolved by
:func:`~microtask.domain.zones.wall_time_instant`, which imports pendulum when it runs.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from microtask.domain.date_forms import AmbiguousDate
from microtask.domain.durations import HOUR_UNIT_PATTERN, MINUTE_UNIT_PATTERN
from microtask.domain.errors import InvalidInputError
from microtask.domain.text import MAX_TYPED_CHARS, normalise_typed, quote_typed
from microtask.domain.timeofday import to_24_hour
from microtask.domain.zones import (
    end_of_day_instant,
    load_zone,
    local_zone_name,
    wall_time_instant,
)

__all__ = [
    "DATE_FORMS",
    "DAY_FORMS",
    "MONTHS",
    "WEEKDAYS",
    "day_label",
    "parse_day",
    "parse_when",
]

DATE_FORMS = (
    "use today, tomorrow, mon..sun, next week, in 3 days, in 2h, eod, eow, eom, dec 15, "
    "2026-12-01, 2026-12-01 14:00, 17:00, fri 17:00, tomorrow 9am"
)
DAY_FORMS = (
    "use today, tomorrow, yesterday, mon..sun, next week, next month, in 3 days, in 2 weeks, "
    "eow, eom, eoy or 2026-11-24"
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Short names in English whatever the locale: what we show is read and pasted as it is."""


_WEEKDAY_NUMBERS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

# Patterns are kept as strings and compiled on first use (the re module caches them).
# [0-9] rather than \d: only ASCII digits are numbers here.
_INT = r"[0-9]{1,6}"
_DEC = r"(?:[0-9]{1,6}(?:\.[0-9]{1,6})?|\.[0-9]{1,6})"

_ISO_DATE = r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
_ISO_DATE_PATTERN = _ISO_DATE + r"\Z"
_ISO_T_PATTERN = r"\A([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?=[0-9])"
_ISO_OFFSET_PATTERN = (
    _ISO_DATE
    + r"[ t](?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))? ?"
    + r"(?P<off>z|[+-][0-9]{2}(?::?[0-9]{2})?)\Z"
)
_IN_DAYS_PATTERN = r"in (?P<n>" + _INT + r") ?(?P<unit>days|day|d|weeks|week|w)\Z"
_IN_EXACT_PATTERN = (
    r"in (?:(?P<h>" + _DEC + r") ?" + HOUR_UNIT_PATTERN + r")?"
    r" ?(?:(?P<m>" + _DEC + r") ?" + MINUTE_UNIT_PATTERN + r")?\Z"
)
_TIME = r"(?P<h>[0-9]{1,2})(?::(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))?)?(?: ?(?P<ampm>am|pm))?"
_TIME_ALONE_PATTERN = r"(?:at )?" + _TIME + r"\Z"
_DAY_AND_TIME_PATTERN = r"(?P<day>.+?) (?:at )?" + _TIME + r"\Z"


class _Unrecognised(Exception):
    """Internal: the text matched no accepted form."""


def _date_error(
    text: str, problem: str | None = None, suggested: str | None = None
) -> InvalidInputError:
    if suggested is not None:
        return InvalidInputError(
            f"invalid date {quote_typed(text)}: did you mean {suggested}? {DATE_FORMS}"
        )
    if problem is None:
        return InvalidInputError(f"invalid date {quote_typed(text)}: {DATE_FORMS}")
    return InvalidInputError(f"date {quote_typed(text)} {problem}: {DATE_FORMS}")


def _make_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _date_error(text, "does not exist") from None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def _day_part(text: str, part: str, today: date, order: str | None = None) -> date:
    """Resolve a day expression (``tomorrow``, ``fri``, ``in 3 days``, ...) to a local date."""
    simple = {
        "today": 0,
        "eod": 0,
        "tomorrow": 1,
        "yesterday": -1,
    }
    if part in simple:
        return today + timedelta(days=simple[part])
    if part in _WEEKDAY_NUMBERS:
        # Strictly after today: on a Friday, "fri" is a week later.
        ahead = (_WEEKDAY_NUMBERS[part] - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    if part == "next week":
        return today + timedelta(days=7 - today.weekday())
    if part == "next month":
        return _add_months(today, 1)
    if part == "eow":
        return today + timedelta(days=6 - today.weekday())
    if part == "eom":
        return _add_months(today, 1) - timedelta(days=1)
    if part == "eoy":
        return date(today.year, 12, 31)
    match = re.match(_IN_DAYS_PATTERN, part)
    if match:
        days = int(match["n"]) * (7 if match["unit"].startswith("w") else 1)
        return today + timedelta(days=days)
    match = re.match(_ISO_DATE_PATTERN, part)
    if match:
        return _make_date(text, int(match["y"]), int(match["mo"]), int(match["d"]))
    return _calendar_part(text, part, today, order)


def _calendar_part(text: str, part: str, today: date, order: str | None) -> date:
    """The forms of :mod:`microtask.domain.date_forms`: ``dec 15``, ``12/05``, ``in 2 months``,
    ``20261204``, and ``next fri`` (the same day as ``fri``)."""
    from microtask.domain import date_forms

    if part.startswith("next ") and part[5:] in _WEEKDAY_NUMBERS:
        return _day_part(text, part[5:], today)
    try:
        for found in (
            date_forms.months_ahead_day(part, today),
            date_forms.month_name_day(part, today),
            date_forms.numeric_day(text, part, today, order),
        ):
            if found is not None:
                return found
        basic = date_forms.iso_basic(part)
    except date_forms.DateProblem as problem:
        raise _date_error(text, str(problem)) from None
    if basic is not None and basic[1] is None:
        return basic[0]
    raise _Unrecognised


def _time_part(text: str, match: re.Match[str]) -> time | None:
    """The wall time in a match of ``_TIME``; None when it is only a bare number."""
    minute_text, ampm = match["mi"], match["ampm"]
    if minute_text is None and ampm is None:
        return None  # "9" alone is not a time
    hour = to_24_hour(int(match["h"]), ampm)
    minute = int(minute_text) if minute_text is not None else 0
    second = int(match["s"]) if match["s"] is not None else 0
    if hour is None or hour > 23 or minute > 59 or second > 59:
        raise _date_error(text, "has an impossible time")
    return time(hour, minute, second)


def _explicit_offset(text: str, match: re.Match[str]) -> datetime:
    day = _make_date(text, int(match["y"]), int(match["mo"]), int(match["d"]))
    hour, minute = int(match["h"]), int(match["mi"])
    second = int(match["s"]) if match["s"] is not None else 0
    if hour > 23 or minute > 59 or second > 59:
        raise _date_error(text, "has an impossible time")
    offset_text = match["off"]
    if offset_text == "z":
        offset = timedelta(0)
    else:
        digits = offset_text[1:].replace(":", "")
        off_h, off_m = int(digits[:2]), int(digits[2:] or "0")
        if off_h > 23 or off_m > 59:
            raise _date_error(text, "has an impossible offset")
        offset = timedelta(hours=off_h, minutes=off_m)
        if offset_text[0] == "-":
            offset = -offset
    local = datetime.combine(day, time(hour, minute, second), tzinfo=timezone(offset))
    return local.astimezone(UTC)


def _iso_basic(text: str, clean: str, zone: tzinfo) -> datetime | None:
    """``20261204T170000Z`` (an instant) or ``20261204T1700`` (a wall time in ``zone``)."""
    if not clean[:1].isdigit() or "t" not in clean:
        return None
    from microtask.domain import date_forms

    try:
        basic = date_forms.iso_basic(clean)
    except date_forms.DateProblem as problem:
        raise _date_error(text, str(problem)) from None
    if basic is None:
        return None
    day, at, offset = basic
    if at is None:
        return None
    if offset is not None:
        return date_forms.instant(day, at, offset)
    return wall_time_instant(day, at, zone)


def _resolve(
    text: str, clean: str, now: datetime, zone: tzinfo, order: str | None = None
) -> datetime:
    now_utc = now.astimezone(UTC)
    if clean == "now":
        return now_utc

    match = re.match(_ISO_OFFSET_PATTERN, clean)
    if match:
        return _explicit_offset(text, match)
    basic = _iso_basic(text, clean, zone)
    if basic is not None:
        return basic
    clean = re.sub(_ISO_T_PATTERN, r"\1 ", clean, count=1)

    match = re.match(_IN_EXACT_PATTERN, clean)
    if match and (match["h"] is not None or match["m"] is not None):
        hours = float(match["h"]) if match["h"] is not None else 0.0
        minutes = float(match["m"]) if match["m"] is not None else 0.0
        return now_utc + timedelta(hours=hours, minutes=minutes)

    local_now = now.astimezone(zone)
    today = local_now.date()

    match = re.match(_TIME_ALONE_PATTERN, clean)
    if match:
        at = _time_part(text, match)
        if at is not None:
            # Today, unless the clock has already shown that time today (or the
            # resolved instant is not in the future): then tomorrow.
            candidate = wall_time_instant(today, at, zone)
            if at <= local_now.time() or candidate <= now_utc:
                candidate = wall_time_instant(today + timedelta(days=1), at, zone)
            return candidate

    try:
        return end_of_day_instant(_day_part(text, clean, today, order), zone)
    except _Unrecognised:
        pass

    match = re.match(_DAY_AND_TIME_PATTERN, clean)
    if match:
        at = _time_part(text, match)
        if at is not None:
            return wall_time_instant(_day_part(text, match["day"], today, order), at, zone)
    raise _Unrecognised


def parse_when(
    text: str, now: datetime, tz: str | None = None, order: str | None = None
) -> datetime:
    """Parse a due date typed by the user; return an aware datetime in UTC.

    ``now`` is the current instant (aware, any zone). ``tz`` is the IANA zone in which
    the text is meant (default :func:`~microtask.domain.zones.local_zone_name`). Case and
    surrounding whitespace do not matter. Accepted forms:

    * ``now``: ``now`` itself.
    * ``today``, ``tomorrow``, ``yesterday``; weekday names ``monday``..``sunday`` and
      ``mon``..``sun`` (also ``tues``, ``thur``, ``thurs``), meaning the next such day
      strictly after today; ``next week`` (Monday of the next ISO week); ``next month``
      (its 1st); ``in N days`` / ``in N weeks`` (also ``d``, ``w``); ``eod``, ``eow``
      (Sunday of this ISO week), ``eom``, ``eoy``; an ISO date ``2026-12-01``. A day
      alone means the end of that local day, 23:59:59.
    * ``in N hours`` / ``in N minutes`` (also ``h``, ``hrs``, ``min``, ``m``; decimals and
      ``in 2h30m`` allowed): exactly that long after ``now``.
    * A time alone (``17:00``, ``9:05``, ``9am``, ``9 am``, ``12pm`` = noon, ``12am`` =
      midnight, ``9:30pm``, optionally after ``at``): today at that local time, or
      tomorrow if the clock has already shown that time today (or the resolved instant
      is not after ``now``).
    * A day and a time, optionally joined by ``at``: ``fri 17:00``, ``tomorrow 9am``,
      ``today 17:00`` (today even if that is past), ``2026-12-01 14:00``,
      ``2026-12-01T14:00:30``, ``in 3 days 9am``, ``mon at 9am``.
    * An ISO date-time with an explicit offset (``2026-12-01T14:00+02:00``, ``...Z``):
      the offset wins over ``tz``.

    Wall times are resolved in ``tz`` by pendulum with its defaults: a time that falls
    in a spring-forward gap moves forward by the length of the gap (02:30 becomes
    03:30), and an ambiguous time in a fall-back hour means its second occurrence.
    Day arithmetic (``tomorrow``, ``in 3 days``) counts calendar days, so it lands on
    the intended local day across a DST change.

    Raises InvalidInputError for anything else, including impossible dates and times.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_when needs an aware 'now'")
    zone = load_zone(tz if tz is not None else local_zone_name())
    clean = normalise_typed(text)
    if not clean or len(clean) > MAX_TYPED_CHARS:
        raise _date_error(text)
    try:
        return _resolve(text, clean, now, zone, order)
    except _Unrecognised:
        raise _date_error(text, suggested=_suggested(clean, now, zone, order)) from None
    except OverflowError:
        raise _date_error(text, "is out of range") from None


def _suggested(clean: str, now: datetime, zone: tzinfo, order: str | None) -> str | None:
    """A near miss (``tomorow``) corrected, if the corrected text is a date."""
    from microtask.domain.date_forms import suggestion

    corrected = suggestion(clean)
    if corrected is None:
        return None
    try:
        _resolve(corrected, corrected, now, zone, order)
    except (_Unrecognised, InvalidInputError, OverflowError):
        return None
    return corrected


def parse_day(text: str, now: datetime, tz: str | None = None, order: str | None = None) -> date:
    """Parse a DAY argument (``--day fri``); return that local date.

    Accepted: the day forms of :func:`parse_when`, with the same meaning: ``today``,
    ``tomorrow``, ``yesterday``, ``eod`` (today); weekday names ``mon``..``sun`` and
    ``monday``..``sunday``, meaning the next such day strictly after today (on a Friday,
    ``fri`` is a week later, as in due dates; ``today`` names today); ``next week``
    (its Monday), ``next month`` (its 1st), ``in N days``, ``in N weeks``, ``eow``, ``eom``,
    ``eoy``; an ISO date ``2026-11-24``. Forms with a time of day are refused: a day
    argument that quietly dropped ``fri 14:00``'s time would hide a mistake.

    ``now`` is the current instant (aware); "today" is its date in ``tz`` (default
    :func:`~microtask.domain.zones.local_zone_name`).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_day needs an aware 'now'")
    zone = load_zone(tz if tz is not None else local_zone_name())
    clean = normalise_typed(text)
    if clean and len(clean) <= MAX_TYPED_CHARS:
        today = now.astimezone(zone).date()
        try:
            return _day_part(text, clean, today, order)
        except _Unrecognised:
            pass
        except AmbiguousDate:
            raise
        except InvalidInputError:  # an ISO date that does not exist
            raise InvalidInputError(
                f"day {quote_typed(text)} does not exist: {DAY_FORMS}"
            ) from None
        except OverflowError:
            raise InvalidInputError(
                f"day {quote_typed(text)} is out of range: {DAY_FORMS}"
            ) from None
    raise InvalidInputError(f"invalid day {quote_typed(text)}: {DAY_FORMS}")


def day_label(day: date, with_year: bool = False) -> str:
    """``Mon 23 Nov`` (``Mon 23 Nov 2026``)."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text
