"""Due dates and durations: parse what the user types, format what we show.

Everything here is a pure function of its arguments: the current instant is passed in
as ``now`` (never read from the system clock) and the zone in which wall times are
meant is passed as ``tz`` (by default :func:`local_zone_name`).

Module-level imports are stdlib only. ``pendulum`` is imported inside the functions
that resolve wall-clock times, so that commands which only *show* dates
(:func:`format_relative` is on the ``list`` path) never pay for it.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from microtask.domain.errors import InvalidInputError

__all__ = [
    "at_local_time",
    "day_bounds",
    "day_label",
    "format_clock",
    "format_duration",
    "format_relative",
    "load_zone",
    "local_date",
    "local_time_range",
    "local_zone_name",
    "parse_clock_time",
    "parse_day",
    "parse_duration",
    "parse_time_range",
    "parse_when",
]

DATE_FORMS = (
    "use today, tomorrow, mon..sun, next week, in 3 days, in 2h, eod, eow, eom, "
    "2026-12-01, 2026-12-01 14:00, 17:00, fri 17:00, tomorrow 9am"
)
DURATION_FORMS = (
    "use 25m, 1h, 1h30m, 90s, 1.5h or a number of minutes (more than 0, at most a week)"
)

DAY_FORMS = (
    "use today, tomorrow, yesterday, mon..sun, next week, next month, in 3 days, in 2 weeks, "
    "eow, eom, eoy or 2026-11-24"
)
CLOCK_FORMS = "use 9, 09:00, 9:30, 0930, 9am or 2:30pm (24-hour 00:00 to 23:59)"
RANGE_FORMS = "use START-END, such as 09:00-10:30, 9-10:30, 2-3pm or 22:00-24:00"

MAX_DURATION_SECONDS = 7 * 24 * 3600

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Short names in English whatever the locale: what we show is read and pasted as it is."""

# Inputs longer than this are rejected outright: no real date or duration is this long,
# and it keeps every regular expression below linear in practice.
_MAX_INPUT_CHARS = 100

_END_OF_DAY = time(23, 59, 59)

_WEEKDAYS: dict[str, int] = {
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

# Patterns are kept as strings and compiled on first use (the re module caches them):
# importing this module for format_relative() on the `list` path stays cheap.
# [0-9] rather than \d: only ASCII digits are numbers here.
_INT = r"[0-9]{1,6}"
_DEC = r"(?:[0-9]{1,6}(?:\.[0-9]{1,6})?|\.[0-9]{1,6})"
_HOUR_UNIT = r"(?:hours|hour|hrs|hr|h)"
_MINUTE_UNIT = r"(?:minutes|minute|mins|min|m)"

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
    r"in (?:(?P<h>" + _DEC + r") ?" + _HOUR_UNIT + r")?"
    r" ?(?:(?P<m>" + _DEC + r") ?" + _MINUTE_UNIT + r")?\Z"
)
_TIME = r"(?P<h>[0-9]{1,2})(?::(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))?)?(?: ?(?P<ampm>am|pm))?"
_TIME_ALONE_PATTERN = r"(?:at )?" + _TIME + r"\Z"
_DAY_AND_TIME_PATTERN = r"(?P<day>.+?) (?:at )?" + _TIME + r"\Z"


class _Unrecognised(Exception):
    """Internal: the text matched no accepted form."""


def _quote(text: str) -> str:
    """The user's input, quoted for a one-line message (control characters escaped)."""
    shown = text.strip()
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return repr(shown)


def _clean(text: str) -> str:
    """Lower case, runs of whitespace as one space, no surrounding whitespace."""
    return " ".join(text.lower().split())


def _date_error(text: str, problem: str | None = None) -> InvalidInputError:
    if problem is None:
        return InvalidInputError(f"invalid date {_quote(text)}: {DATE_FORMS}")
    return InvalidInputError(f"date {_quote(text)} {problem}: {DATE_FORMS}")


# --------------------------------------------------------------------------- zones


def _is_zone_name(name: str) -> bool:
    """True when ``name`` loads as an IANA zone (not a file such as ``localtime``)."""
    if not name or name in {"localtime", "posixrules"}:
        return False
    if not re.fullmatch(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*", name):
        return False
    try:
        _zone_info(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _zone_info(name: str) -> tzinfo:
    """The IANA zone ``name`` from the standard library (cached by it): the same tz data
    pendulum reads, without pendulum's 50 ms import on every command that needs a zone."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _zone_of_system() -> str | None:
    """The IANA name ``/etc/localtime`` points at (Linux, macOS), without pendulum."""
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return None
    _, marker, name = target.rpartition("zoneinfo/")
    return name if marker and _is_zone_name(name) else None


def local_zone_name() -> str:
    """The IANA name of the user's zone.

    ``$TZ`` wins when it names an IANA zone (a leading ``:``, as glibc allows, is
    ignored); otherwise the zone pendulum detects for the machine; ``UTC`` when
    neither yields an IANA name (for example a bare fixed offset).
    """
    env = os.environ.get("TZ", "").strip().removeprefix(":")
    if _is_zone_name(env):
        return env
    if not env:
        system = _zone_of_system()
        if system:
            return system
    from pendulum.tz import get_local_timezone

    try:
        detected = get_local_timezone().name
    except Exception:  # detection reads system files: any failure means "unknown"
        return "UTC"
    if detected and _is_zone_name(detected):
        return detected
    return "UTC"


def load_zone(name: str) -> tzinfo:
    """The zone named ``name`` (an IANA name); InvalidInputError, saying what is accepted,
    for anything else."""
    if not _is_zone_name(name):
        raise InvalidInputError(
            f"invalid time zone {_quote(name)}: use an IANA name such as Europe/Paris or UTC"
        )
    return _zone_info(name)


# ----------------------------------------------------------------- date resolution


def _make_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _date_error(text, "does not exist") from None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def _day_part(text: str, part: str, today: date) -> date:
    """Resolve a day expression (``tomorrow``, ``fri``, ``in 3 days``, ...) to a local date."""
    simple = {
        "today": 0,
        "eod": 0,
        "tomorrow": 1,
        "yesterday": -1,
    }
    if part in simple:
        return today + timedelta(days=simple[part])
    if part in _WEEKDAYS:
        # Strictly after today: on a Friday, "fri" is a week later.
        ahead = (_WEEKDAYS[part] - today.weekday() - 1) % 7 + 1
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
    raise _Unrecognised


def _24_hour(hour: int, ampm: str | None) -> int | None:
    """``hour`` on the 24-hour clock (``12am`` is 0, ``12pm`` is 12); None for ``13pm``, ``0am``."""
    if ampm is None:
        return hour
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if ampm == "pm" else 0)


def _time_part(text: str, match: re.Match[str]) -> time | None:
    """The wall time in a match of ``_TIME``; None when it is only a bare number."""
    minute_text, ampm = match["mi"], match["ampm"]
    if minute_text is None and ampm is None:
        return None  # "9" alone is not a time
    hour = _24_hour(int(match["h"]), ampm)
    minute = int(minute_text) if minute_text is not None else 0
    second = int(match["s"]) if match["s"] is not None else 0
    if hour is None or hour > 23 or minute > 59 or second > 59:
        raise _date_error(text, "has an impossible time")
    return time(hour, minute, second)


def _wall(day: date, at: time, zone: tzinfo) -> datetime:
    """The UTC instant at which the clock in ``zone`` shows ``day`` ``at``.

    Resolved by pendulum with its defaults: a wall time inside a spring-forward gap
    moves forward by the size of the gap (02:30 becomes 03:30), and an ambiguous wall
    time in a fall-back hour takes its second occurrence (``fold=1``).
    """
    import pendulum

    local = pendulum.datetime(day.year, day.month, day.day, at.hour, at.minute, at.second, tz=zone)
    offset = local.utcoffset()
    assert offset is not None  # pendulum always attaches the zone
    naive = datetime(local.year, local.month, local.day, local.hour, local.minute, local.second)
    return (naive - offset).replace(tzinfo=UTC)


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


def _resolve(text: str, clean: str, now: datetime, zone: tzinfo) -> datetime:
    now_utc = now.astimezone(UTC)
    if clean == "now":
        return now_utc

    match = re.match(_ISO_OFFSET_PATTERN, clean)
    if match:
        return _explicit_offset(text, match)
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
            candidate = _wall(today, at, zone)
            if at <= local_now.time() or candidate <= now_utc:
                candidate = _wall(today + timedelta(days=1), at, zone)
            return candidate

    try:
        return _wall(_day_part(text, clean, today), _END_OF_DAY, zone)
    except _Unrecognised:
        pass

    match = re.match(_DAY_AND_TIME_PATTERN, clean)
    if match:
        at = _time_part(text, match)
        if at is not None:
            return _wall(_day_part(text, match["day"], today), at, zone)
    raise _Unrecognised


def parse_when(text: str, now: datetime, tz: str | None = None) -> datetime:
    """Parse a due date typed by the user; return an aware datetime in UTC.

    ``now`` is the current instant (aware, any zone). ``tz`` is the IANA zone in which
    the text is meant (default :func:`local_zone_name`). Case and surrounding
    whitespace do not matter. Accepted forms:

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
    clean = _clean(text)
    if not clean or len(clean) > _MAX_INPUT_CHARS:
        raise _date_error(text)
    try:
        return _resolve(text, clean, now, zone)
    except _Unrecognised:
        raise _date_error(text) from None
    except OverflowError:
        raise _date_error(text, "is out of range") from None


# ------------------------------------------------------------- days and times of day

_CLOCK_PATTERN = r"(?P<h>[0-9]{1,2})(?::?(?P<mi>[0-9]{2}))?(?: ?(?P<ampm>am|pm))?"
# The dash between two times: a hyphen, an en dash (U+2013) or an em dash (U+2014).
_DASHES = "-\u2013\u2014"
_RANGE_PATTERN = f"(?P<start>[^{_DASHES}]+?) ?[{_DASHES}] ?(?P<end>[^{_DASHES}]+)"

Clock = tuple[int, int]
"""A wall-clock time of day as ``(hour, minute)``; ``(24, 0)`` is the end of the day."""

END_OF_DAY: Clock = (24, 0)


def parse_clock_time(text: str, *, end_of_day: bool = False) -> Clock:
    """Parse a time of day typed by the user; return ``(hour, minute)`` on the 24-hour clock.

    Accepted (case and surrounding spaces do not matter): ``9`` and ``09`` (whole hours),
    ``9:30``, ``09:00``, ``930`` and ``0930`` (three or four digits: the last two are the
    minutes), and any of them with ``am``/``pm`` (``9am``, ``2:30pm``, ``12am`` = 00:00,
    ``12pm`` = noon). ``24:00`` (``24``, ``2400``) is the end of the day, ``(24, 0)``, and
    only accepted when ``end_of_day`` is true. Seconds are not accepted: blocks and the
    working day are planned to the minute.
    """
    clean = _clean(text)
    match = re.fullmatch(_CLOCK_PATTERN, clean) if len(clean) <= _MAX_INPUT_CHARS else None
    if match is None:
        raise InvalidInputError(f"invalid time {_quote(text)}: {CLOCK_FORMS}")
    hour = _24_hour(int(match["h"]), match["ampm"])
    minute = int(match["mi"] or 0)
    if hour == 24 and minute == 0 and match["ampm"] is None:
        if end_of_day:
            return END_OF_DAY
        raise InvalidInputError(
            f"time {_quote(text)} is only accepted as the end of a range: {CLOCK_FORMS}"
        )
    if hour is None or hour > 23 or minute > 59:
        raise InvalidInputError(f"time {_quote(text)} does not exist: {CLOCK_FORMS}")
    return hour, minute


def format_clock(clock: Clock) -> str:
    """``HH:MM``, as :func:`parse_clock_time` reads it back (``24:00`` for the end of a day)."""
    return f"{clock[0]:02d}:{clock[1]:02d}"


def parse_time_range(text: str) -> tuple[Clock, Clock]:
    """Parse ``START-END`` times of one day, such as ``09:00-10:30``; return both clocks.

    Each side is a :func:`parse_clock_time` form; the dash may be a hyphen, an en dash or an
    em dash, with or without spaces around it. Two readings make common input mean what it says:

    * An end of ``24:00`` or ``00:00`` (``12am``, ``0``) is midnight at the end of the day,
      returned as ``(24, 0)``: a range cannot cross midnight, so an end at the start of
      the day would never make sense. ``24:00`` is not accepted as a start.
    * When only the end says ``am``/``pm`` and the start is a bare 1 to 12 o'clock
      (``2-3pm``, ``10:30-11:45am``), the start takes the same suffix if it then comes
      before the end, else it is read on the 24-hour clock (``11-1pm`` is 11:00-13:00).

    The end must be after the start, else InvalidInputError.
    """
    clean = _clean(text)
    match = re.fullmatch(_RANGE_PATTERN, clean) if len(clean) <= _MAX_INPUT_CHARS else None
    if match is None:
        raise InvalidInputError(f"invalid time range {_quote(text)}: {RANGE_FORMS}")
    start_text, end_text = match["start"], match["end"]
    end = parse_clock_time(end_text, end_of_day=True)
    if end == (0, 0):
        end = END_OF_DAY
    start = parse_clock_time(start_text)
    suffix = re.search(r"(am|pm)\Z", end_text)
    if suffix and not re.search(r"(am|pm)\Z", start_text) and 1 <= start[0] <= 12:
        with_suffix = parse_clock_time(start_text + suffix[1])
        if with_suffix < end:
            start = with_suffix
    if end == start:
        raise InvalidInputError(
            f"the block starts and ends at {format_clock(start)}: it must end after it starts"
        )
    if end < start:
        raise InvalidInputError(
            f"the block ends ({format_clock(end)}) before it starts ({format_clock(start)}): "
            "a block cannot cross midnight; end it at 24:00 and add the rest on the next day"
        )
    return start, end


def parse_day(text: str, now: datetime, tz: str | None = None) -> date:
    """Parse a DAY argument (``--day fri``); return that local date.

    Accepted: the day forms of :func:`parse_when`, with the same meaning: ``today``,
    ``tomorrow``, ``yesterday``, ``eod`` (today); weekday names ``mon``..``sun`` and
    ``monday``..``sunday``, meaning the next such day strictly after today (on a Friday,
    ``fri`` is a week later, as in due dates; ``today`` names today); ``next week``
    (its Monday), ``next month`` (its 1st), ``in N days``, ``in N weeks``, ``eow``, ``eom``,
    ``eoy``; an ISO date ``2026-11-24``. Forms with a time of day are refused: a day
    argument that quietly dropped ``fri 14:00``'s time would hide a mistake.

    ``now`` is the current instant (aware); "today" is its date in ``tz`` (default
    :func:`local_zone_name`).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_day needs an aware 'now'")
    zone = load_zone(tz if tz is not None else local_zone_name())
    clean = _clean(text)
    if clean and len(clean) <= _MAX_INPUT_CHARS:
        today = now.astimezone(zone).date()
        try:
            return _day_part(text, clean, today)
        except _Unrecognised:
            pass
        except InvalidInputError:  # an ISO date that does not exist
            raise InvalidInputError(f"day {_quote(text)} does not exist: {DAY_FORMS}") from None
        except OverflowError:
            raise InvalidInputError(f"day {_quote(text)} is out of range: {DAY_FORMS}") from None
    raise InvalidInputError(f"invalid day {_quote(text)}: {DAY_FORMS}")


def day_label(day: date, with_year: bool = False) -> str:
    """``Mon 23 Nov`` (``Mon 23 Nov 2026``)."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def local_date(now: datetime, zone: str | None = None) -> date:
    """The calendar date the clock in ``zone`` (default :func:`local_zone_name`) shows at
    the aware instant ``now``."""
    return now.astimezone(load_zone(zone if zone is not None else local_zone_name())).date()


def day_bounds(day: date, zone: str | None = None) -> tuple[datetime, datetime]:
    """The first instant of the local ``day`` and of the day after, as aware UTC datetimes.

    DST-correct: the span is 23 or 25 hours long on a clock-change day (23.5 or 24.5 on
    Lord Howe Island). Where midnight falls in a spring-forward gap the day starts when the
    clocks jump (01:00); where midnight happens twice the day starts at the first one. A
    day the zone skipped entirely (Samoa, 2011-12-30) is refused with InvalidInputError.

    UTC rather than local datetimes, as everywhere here: Python subtracts and compares
    datetimes that share a tzinfo on the wall clock (a 23-hour day would come out as 24).
    """
    name = zone if zone is not None else local_zone_name()
    loaded = load_zone(name)
    start, end = (
        datetime.combine(d, time(0), tzinfo=loaded).astimezone(UTC)  # fold=0: first midnight
        for d in (day, day + timedelta(days=1))
    )
    if end <= start:
        raise InvalidInputError(f"the day {day.isoformat()} does not exist in {name}")
    return start, end


def at_local_time(day: date, hour: int, minute: int, zone: str | None = None) -> datetime:
    """The instant (aware, UTC) at which the clock in ``zone`` shows ``hour:minute`` on ``day``.

    ``(24, 0)`` means the end of the day: the start of the next day, as in
    :func:`day_bounds`. Resolved as :func:`parse_when` resolves wall times: a time inside a
    spring-forward gap moves forward by the length of the gap (02:30 becomes 03:30), and a
    time that happens twice in a fall-back hour means its second occurrence.
    """
    if (hour, minute) == END_OF_DAY:
        return day_bounds(day, zone)[1]
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"at_local_time needs a time of day, got {hour}:{minute:02d}")
    loaded = load_zone(zone if zone is not None else local_zone_name())
    return _wall(day, time(hour, minute), loaded)


def local_time_range(
    day: date, start: Clock, end: Clock, zone: str | None = None
) -> tuple[datetime, datetime]:
    """``start`` and ``end`` on the local ``day`` as instants (see :func:`at_local_time`).

    A range that parses fine can still come out empty on a spring-forward day, where the
    clocks skip part of it (``02:30-03:15`` when 02:00 jumps to 03:00): that is refused
    with InvalidInputError rather than returned inverted.
    """
    name = zone if zone is not None else local_zone_name()
    start_at = at_local_time(day, *start, name)
    end_at = at_local_time(day, *end, name)
    if end_at <= start_at:
        raise InvalidInputError(
            f"{format_clock(start)}-{format_clock(end)} on {day.isoformat()} is not a span of "
            f"time in {name}: the clocks skip that time that day"
        )
    return start_at, end_at


# ---------------------------------------------------------------------- durations

_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_DURATION_PATTERN = (
    r"(?:(?P<h>" + _NUMBER + r") ?" + _HOUR_UNIT + r")?"
    r" ?(?:(?P<m>" + _NUMBER + r") ?" + _MINUTE_UNIT + r")?"
    r" ?(?:(?P<s>" + _NUMBER + r") ?(?:seconds|second|secs|sec|s))?"
)
_BARE_NUMBER_PATTERN = _NUMBER
_CLOCK_DURATION_PATTERN = r"(?P<h>[0-9]{1,3}):(?P<m>[0-5][0-9])"


def parse_duration(text: str) -> int:
    """Parse a duration typed by the user; return whole seconds (rounded half up).

    Accepted: ``25m``, ``1h``, ``1h30m``, ``1h 30m``, ``90s``, ``1.5h``, the unit words
    ``s/sec/secs/second/seconds``, ``m/min/mins/minute/minutes``,
    ``h/hr/hrs/hour/hours`` (in that order, each at most once), ``H:MM`` (``1:30``),
    and a bare number, which means minutes (``45``, ``2.5``). Case-insensitive.
    The result must be more than 0 and at most a week, else InvalidInputError.
    """
    from decimal import ROUND_HALF_UP, Decimal

    clean = _clean(text)
    negative = clean.startswith("-")
    body = clean[1:].lstrip() if negative else clean
    total: Decimal | None = None
    if body and len(body) <= _MAX_INPUT_CHARS:
        if re.fullmatch(_BARE_NUMBER_PATTERN, body):
            total = Decimal(body) * 60
        elif match := re.fullmatch(_CLOCK_DURATION_PATTERN, body):
            total = Decimal(int(match["h"]) * 3600 + int(match["m"]) * 60)
        elif (match := re.fullmatch(_DURATION_PATTERN, body)) and any(match.groupdict().values()):
            total = Decimal(0)
            for group, factor in (("h", 3600), ("m", 60), ("s", 1)):
                if match[group] is not None:
                    total += Decimal(match[group]) * factor
    if total is None:
        raise InvalidInputError(f"invalid duration {_quote(text)}: {DURATION_FORMS}")
    if total > MAX_DURATION_SECONDS + 1:  # also keeps huge numbers away from quantize()
        raise InvalidInputError(f"duration {_quote(text)} is over a week: {DURATION_FORMS}")
    seconds = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if negative or seconds <= 0:
        raise InvalidInputError(f"duration {_quote(text)} must be more than 0: {DURATION_FORMS}")
    if seconds > MAX_DURATION_SECONDS:
        raise InvalidInputError(f"duration {_quote(text)} is over a week: {DURATION_FORMS}")
    return seconds


def format_duration(seconds: int) -> str:
    """Compact form that :func:`parse_duration` reads back exactly: ``1h30m``, ``45s``.

    Hours are not folded into days (a week is ``168h``); zero is ``0s``.
    """
    if seconds < 0:
        raise ValueError("format_duration needs a non-negative number of seconds")
    if seconds == 0:
        return "0s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(
        f"{value}{unit}" for value, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if value
    )


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def format_relative(due: datetime, now: datetime) -> str:
    """How far ``due`` is from ``now``: ``in 25m``, ``in 5h``, ``in 3 days``, ``overdue 2 days``.

    Units: minutes under an hour, hours under 48 hours, days under 14 days, weeks
    beyond. Counts are floored, so never ``in 0m``; under a minute either way is
    ``now``. Stdlib only: this runs for every row of ``list``.
    """
    delta = (due - now).total_seconds()
    distance = abs(delta)
    if distance < 60:
        return "now"
    if distance < 3600:
        amount = f"{int(distance // 60)}m"
    elif distance < 48 * 3600:
        amount = f"{int(distance // 3600)}h"
    elif distance < 14 * 86400:
        amount = _plural(int(distance // 86400), "day")
    else:
        amount = _plural(int(distance // (7 * 86400)), "week")
    return f"in {amount}" if delta > 0 else f"overdue {amount}"
