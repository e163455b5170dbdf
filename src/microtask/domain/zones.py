"""The user's time zone, and the instants at which its clock shows a given day or time.

Every instant returned is an aware datetime in UTC: Python subtracts and compares datetimes
that share a tzinfo on the wall clock, so a 23-hour day in local datetimes would come out as
24. Zones are loaded from the standard library's ``zoneinfo`` (the same tz data pendulum
reads); ``pendulum`` is imported only inside the functions that resolve wall times in a gap
or a repeated hour, and to detect the machine's zone when nothing else names it.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from microtask.domain.errors import InvalidInputError
from microtask.domain.text import quote_typed
from microtask.domain.timeofday import END_OF_DAY, TimeOfDay

__all__ = [
    "at_local_time",
    "day_bounds",
    "load_zone",
    "local_date",
    "local_time_range",
    "local_zone_name",
    "wall_time_instant",
]


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
            f"invalid time zone {quote_typed(name)}: use an IANA name such as Europe/Paris or UTC"
        )
    return _zone_info(name)


def wall_time_instant(day: date, at: time, zone: tzinfo) -> datetime:
    """The UTC instant at which the clock in ``zone`` shows ``day`` ``at``.

    Resolved by pendulum with its defaults: a wall time inside a spring-forward gap
    moves forward by the size of the gap (02:30 becomes 03:30), and an ambiguous wall
    time in a fall-back hour takes its second occurrence (``fold=1``). A wall time that
    happens once (all but an hour or two a year) is read with the standard library, which
    gives the same instant: ``today``, ``plan`` and the reports then never import pendulum.
    """
    first = datetime.combine(day, at, tzinfo=zone)
    if first.utcoffset() == first.replace(fold=1).utcoffset():
        return first.astimezone(UTC)
    import pendulum

    local = pendulum.datetime(day.year, day.month, day.day, at.hour, at.minute, at.second, tz=zone)
    offset = local.utcoffset()
    assert offset is not None  # pendulum always attaches the zone
    naive = datetime(local.year, local.month, local.day, local.hour, local.minute, local.second)
    return (naive - offset).replace(tzinfo=UTC)


def end_of_day_instant(day: date, zone: tzinfo) -> datetime:
    """The instant the clock in ``zone`` shows ``day`` 23:59:59: what a due date without a
    time means. Where a spring-forward gap swallows that second (Paris, 1918-03-09: 23:00
    jumped to 00:00), the last second before the next day starts, not a second of the next
    day, which is where :func:`wall_time_instant` would move it."""
    instant = wall_time_instant(day, time(23, 59, 59), zone)
    if instant.astimezone(zone).date() == day:
        return instant
    next_day = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return next_day - timedelta(seconds=1)


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


def at_local_time(day: date, at: TimeOfDay, zone: str | None = None) -> datetime:
    """The instant (aware, UTC) at which the clock in ``zone`` shows ``at`` on ``day``.

    :data:`~microtask.domain.timeofday.END_OF_DAY` is the start of the next day, as in
    :func:`day_bounds`. Other times are resolved as :func:`wall_time_instant` resolves them:
    a time inside a spring-forward gap moves forward by the length of the gap (02:30 becomes
    03:30), and a time that happens twice in a fall-back hour means its second occurrence.
    """
    if at == END_OF_DAY:
        return day_bounds(day, zone)[1]
    if not (0 <= at.hour <= 23 and 0 <= at.minute <= 59):
        raise ValueError(f"at_local_time needs a time of day, got {at.hour}:{at.minute:02d}")
    loaded = load_zone(zone if zone is not None else local_zone_name())
    return wall_time_instant(day, time(at.hour, at.minute), loaded)


def local_time_range(
    day: date, start: TimeOfDay, end: TimeOfDay, zone: str | None = None
) -> tuple[datetime, datetime]:
    """``start`` and ``end`` on the local ``day`` as instants (see :func:`at_local_time`).

    A range that parses fine can still come out empty on a spring-forward day, where the
    clocks skip part of it (``02:30-03:15`` when 02:00 jumps to 03:00): that is refused
    with InvalidInputError rather than returned inverted.
    """
    name = zone if zone is not None else local_zone_name()
    start_at = at_local_time(day, start, name)
    end_at = at_local_time(day, end, name)
    tz = load_zone(name)
    for asked, got in ((start, start_at), (end, end_at)):
        if asked == END_OF_DAY:
            continue
        shown = got.astimezone(tz)
        if (shown.hour, shown.minute) != (asked.hour, asked.minute):
            raise InvalidInputError(
                f"{asked} does not exist on {day.isoformat()} in {name}: the clocks skip it "
                f"(they jump to {shown:%H:%M}); pick a time outside the gap"
            )
    if end_at <= start_at:
        raise InvalidInputError(
            f"{start}-{end} on {day.isoformat()} is not a span of "
            f"time in {name}: the clocks skip that time that day"
        )
    return start_at, end_at
