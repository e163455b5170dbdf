"""Times of day as the user types them for blocks and the working day: ``9:30``, ``2pm``,
``09:00-10:30``. A time of day is a wall-clock reading with no date and no zone; turning
one into an instant is :mod:`microtask.domain.zones`' job.

Stdlib only, patterns compiled on first use (the ``re`` module caches them).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from microtask.domain.errors import InvalidInputError
from microtask.domain.text import MAX_TYPED_CHARS, normalise_typed, quote_typed

__all__ = [
    "END_OF_DAY",
    "EN_DASH",
    "RANGE_FORMS",
    "TIME_OF_DAY_FORMS",
    "TimeOfDay",
    "parse_clock_time",
    "parse_time_range",
    "to_24_hour",
]

TIME_OF_DAY_FORMS = "use 9, 09:00, 9:30, 0930, 9am or 2:30pm (24-hour 00:00 to 23:59)"
RANGE_FORMS = "use START-END, such as 09:00-10:30, 9-10:30, 2-3pm or 22:00-24:00"

EN_DASH = "\u2013"
"""The dash shown between two times; :func:`parse_time_range` reads it back."""

_TIME_OF_DAY_PATTERN = r"(?P<h>[0-9]{1,2})(?::?(?P<mi>[0-9]{2}))?(?: ?(?P<ampm>am|pm))?"
# The dash between two times: a hyphen, an en dash or an em dash (U+2014).
_DASHES = "-" + EN_DASH + "\u2014"
_RANGE_PATTERN = f"(?P<start>[^{_DASHES}]+?) ?[{_DASHES}] ?(?P<end>[^{_DASHES}]+)"


class TimeOfDay(NamedTuple):
    """A wall-clock time of day on the 24-hour clock; ``TimeOfDay(24, 0)`` is the end of
    the day. A tuple, so times of one day compare in the order the clock shows them."""

    hour: int
    minute: int

    def __str__(self) -> str:
        """``HH:MM``, as :func:`parse_clock_time` reads it back (``24:00`` for the end of a day)."""
        return f"{self.hour:02d}:{self.minute:02d}"


END_OF_DAY = TimeOfDay(24, 0)
"""Midnight at the end of a day: the end of a range, never a start."""


def to_24_hour(hour: int, ampm: str | None) -> int | None:
    """``hour`` on the 24-hour clock (``12am`` is 0, ``12pm`` is 12); None for ``13pm``, ``0am``."""
    if ampm is None:
        return hour
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if ampm == "pm" else 0)


def parse_clock_time(text: str, *, end_of_day: bool = False) -> TimeOfDay:
    """Parse a time of day typed by the user, as shown on the 24-hour clock.

    Accepted (case and surrounding spaces do not matter): ``9`` and ``09`` (whole hours),
    ``9:30``, ``09:00``, ``930`` and ``0930`` (three or four digits: the last two are the
    minutes), and any of them with ``am``/``pm`` (``9am``, ``2:30pm``, ``12am`` = 00:00,
    ``12pm`` = noon). ``24:00`` (``24``, ``2400``) is the end of the day, :data:`END_OF_DAY`,
    and only accepted when ``end_of_day`` is true. Seconds are not accepted: blocks and the
    working day are planned to the minute.
    """
    clean = normalise_typed(text)
    match = re.fullmatch(_TIME_OF_DAY_PATTERN, clean) if len(clean) <= MAX_TYPED_CHARS else None
    if match is None:
        raise InvalidInputError(f"invalid time {quote_typed(text)}: {TIME_OF_DAY_FORMS}")
    hour = to_24_hour(int(match["h"]), match["ampm"])
    minute = int(match["mi"] or 0)
    if hour == 24 and minute == 0 and match["ampm"] is None:
        if end_of_day:
            return END_OF_DAY
        raise InvalidInputError(
            f"time {quote_typed(text)} is only accepted as the end of a range: {TIME_OF_DAY_FORMS}"
        )
    if hour is None or hour > 23 or minute > 59:
        raise InvalidInputError(f"time {quote_typed(text)} does not exist: {TIME_OF_DAY_FORMS}")
    return TimeOfDay(hour, minute)


def parse_time_range(text: str) -> tuple[TimeOfDay, TimeOfDay]:
    """Parse ``START-END`` times of one day, such as ``09:00-10:30``; return both times.

    Each side is a :func:`parse_clock_time` form; the dash may be a hyphen, an en dash or an
    em dash, with or without spaces around it. Two readings make common input mean what it says:

    * An end of ``24:00`` or ``00:00`` (``12am``, ``0``) is midnight at the end of the day,
      returned as :data:`END_OF_DAY`: a range cannot cross midnight, so an end at the start
      of the day would never make sense. ``24:00`` is not accepted as a start.
    * When only the end says ``am``/``pm`` and the start is a bare 1 to 12 o'clock
      (``2-3pm``, ``10:30-11:45am``), the start takes the same suffix if it then comes
      before the end, else it is read on the 24-hour clock (``11-1pm`` is 11:00-13:00).

    The end must be after the start, else InvalidInputError.
    """
    clean = normalise_typed(text)
    match = re.fullmatch(_RANGE_PATTERN, clean) if len(clean) <= MAX_TYPED_CHARS else None
    if match is None:
        raise InvalidInputError(f"invalid time range {quote_typed(text)}: {RANGE_FORMS}")
    start_text, end_text = match["start"], match["end"]
    end = parse_clock_time(end_text, end_of_day=True)
    if end == (0, 0):
        end = END_OF_DAY
    start = parse_clock_time(start_text)
    suffix = re.search(r"(am|pm)\Z", end_text)
    if suffix and not re.search(r"(am|pm)\Z", start_text) and 1 <= start.hour <= 12:
        with_suffix = parse_clock_time(start_text + suffix[1])
        if with_suffix < end:
            start = with_suffix
    if end == start:
        raise InvalidInputError(
            f"the block starts and ends at {start}: it must end after it starts"
        )
    if end < start:
        raise InvalidInputError(
            f"the block ends ({end}) before it starts ({start}): "
            "a block cannot cross midnight; end it at 24:00 and add the rest on the next day"
        )
    return start, end
