"""The calendar forms people and other tools write, beside :mod:`microtask.domain.dates`'
own: ``dec 15``, ``15 dec``, ``december 15 2027``, ``12/05`` (day/month or month/day),
``in 2 months``, ISO basic ``20261204T170000Z`` (Taskwarrior's and iCalendar's), and a
"did you mean" for a word the parser almost knows.

Pure functions of their arguments, stdlib only. Each ``*_day`` function returns a local
date, None when the text is not its form, or raises InvalidInputError when it is its form
but cannot be a date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from microtask.domain.errors import InvalidInputError
from microtask.domain.text import quote_typed

__all__ = [
    "DATE_ORDERS",
    "AmbiguousDate",
    "DateProblem",
    "add_months",
    "iso_basic",
    "month_name_day",
    "months_ahead_day",
    "numeric_day",
    "suggestion",
]

DATE_ORDERS = ("dmy", "mdy")
"""What ``[dates] order`` may say a numeric date ``12/05`` means."""

MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    MONTH_NUMBERS[_name] = MONTH_NUMBERS[_name[:3]] = _number
MONTH_NUMBERS["sept"] = 9
_MONTH_TITLES = [name for name in MONTH_NUMBERS if len(name) > 4 or name in ("may", "june")]

_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH_FIRST = r"(?P<mon>[a-z]{3,9})\.? (?P<d>[0-9]{1,2})" + _ORDINAL + r"(?:,? (?P<y>[0-9]{4}))?"
_DAY_FIRST = r"(?P<d>[0-9]{1,2})" + _ORDINAL + r" (?P<mon>[a-z]{3,9})\.?(?:,? (?P<y>[0-9]{4}))?"
_NUMERIC = r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})(?:/(?P<y>[0-9]{4}))?"
_IN_MONTHS = r"in (?P<n>[0-9]{1,4}) ?(?:months|month|mo)"
_ISO_BASIC = (
    r"(?P<y>[0-9]{4})(?P<mo>[0-9]{2})(?P<d>[0-9]{2})"
    r"(?:t(?P<h>[0-9]{2})(?P<mi>[0-9]{2})(?P<s>[0-9]{2})?(?P<off>z|[+-][0-9]{4})?)?"
)


class AmbiguousDate(InvalidInputError):
    """``12/05`` could be 12 May or 5 December, and no ``[dates] order`` says which."""


class DateProblem(Exception):
    """The text has one of these forms but names no date: what is wrong with it."""


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_occurrence(month: int, day: int, today: date) -> date | None:
    """That day and month this year, or next year if it is already past (None: never)."""
    this_year = _date(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    for year in range(today.year + 1, today.year + 9):  # 29 Feb: the next leap year
        found = _date(year, month, day)
        if found is not None:
            return found
    return None


def _calendar_day(month: int, day: int, year: str | None, today: date) -> date:
    found = _reading(month, day, year, today)
    if found is None:
        raise DateProblem("does not exist")
    return found


def _reading(month: int, day: int, year: str | None, today: date) -> date | None:
    return _next_occurrence(month, day, today) if year is None else _date(int(year), month, day)


def month_name_day(part: str, today: date) -> date | None:
    """``dec 15``, ``15 dec``, ``december 15 2027``, ``15th of``-less forms, ``dec 15, 2027``:
    without a year, the next such day from today on (today included)."""
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = re.fullmatch(pattern, part)
        if match and match["mon"] in MONTH_NUMBERS:
            return _calendar_day(MONTH_NUMBERS[match["mon"]], int(match["d"]), match["y"], today)
    return None


def numeric_day(text: str, part: str, today: date, order: str | None) -> date | None:
    """``25/12``, ``12/25``, ``05/12/2027``: day/month or month/day, whichever the numbers
    allow; when both could be (``12/05``), ``order`` (``dmy``/``mdy``) decides, else
    :class:`AmbiguousDate` says how to write it."""
    match = re.fullmatch(_NUMERIC, part)
    if not match:
        return None
    first, second = int(match["a"]), int(match["b"])
    if order is None:
        if first > 12 >= second:
            order = "dmy"
        elif second > 12 >= first or first == second:
            order = "mdy"
        elif first <= 12 and second <= 12:
            readings = [
                _reading(month, day, match["y"], today)
                for month, day in ((second, first), (first, second))
            ]
            shown = " or ".join(d.isoformat() for d in readings if d is not None)
            raise AmbiguousDate(
                f"date {quote_typed(text)} could be day/month or month/day: write {shown}, or set"
                ' [dates] order = "dmy" or "mdy" in the config'
            )
        else:
            raise DateProblem("does not exist")
    day, month = (first, second) if order == "dmy" else (second, first)
    return _calendar_day(month, day, match["y"], today)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month (31 Jan + 1: 28 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        found = _date(year, month + 1, min(day.day, last))
        if found is not None:
            return found
    raise OverflowError(day)  # pragma: no cover - 28 exists in every month


def months_ahead_day(part: str, today: date) -> date | None:
    """``in 2 months``, ``in 1 month``, ``in 3mo``: that day so many months on."""
    match = re.fullmatch(_IN_MONTHS, part)
    return None if match is None else add_months(today, int(match["n"]))


def iso_basic(part: str) -> tuple[date, time | None, timezone | None] | None:
    """``20261204`` (a day), ``20261204T1700``, ``20261204T170000`` (a local wall time),
    ``20261204T170000Z`` / ``...+0100`` (an instant): the date, the time and the offset."""
    match = re.fullmatch(_ISO_BASIC, part)
    if not match:
        return None
    day = _date(int(match["y"]), int(match["mo"]), int(match["d"]))
    if day is None:
        raise DateProblem("does not exist")
    if match["h"] is None:
        return day, None, None
    hour, minute = int(match["h"]), int(match["mi"])
    second = int(match["s"]) if match["s"] else 0
    if hour > 23 or minute > 59 or second > 59:
        raise DateProblem("has an impossible time")
    offset_text = match["off"]
    offset = None
    if offset_text == "z":
        offset = UTC
    elif offset_text:
        hours, minutes = int(offset_text[1:3]), int(offset_text[3:])
        if hours > 23 or minutes > 59:
            raise DateProblem("has an impossible offset")
        delta = timedelta(hours=hours, minutes=minutes)
        offset = timezone(-delta if offset_text[0] == "-" else delta)
    return day, time(hour, minute, second), offset


def instant(day: date, at: time, offset: timezone) -> datetime:
    return datetime.combine(day, at, tzinfo=offset).astimezone(UTC)


DATE_WORDS = (
    "now",
    "today",
    "tomorrow",
    "yesterday",
    "next",
    "week",
    "month",
    "months",
    "days",
    "weeks",
    "hours",
    "minutes",
    "in",
    "at",
    "eod",
    "eow",
    "eom",
    "eoy",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    *_MONTH_TITLES,
)
"""The words a date may hold, for "did you mean" (short forms left out: ``tomorow`` is
closer to ``tomorrow`` than to anything)."""


def suggestion(clean: str, words: tuple[str, ...] = DATE_WORDS) -> str | None:
    """``tomorow 9am`` -> ``tomorrow 9am``: each unknown word replaced by the closest known
    one; None when no word is close or nothing changed."""
    import difflib

    known = set(words) | set(MONTH_NUMBERS) | {w[:3] for w in words}
    fixed = []
    for word in clean.split(" "):
        if word.isalpha() and word not in known and len(word) >= 3:
            close = difflib.get_close_matches(word, words, n=1, cutoff=0.75)
            if close:
                fixed.append(close[0])
                continue
        fixed.append(word)
    corrected = " ".join(fixed)
    return corrected if corrected != clean else None
