"""Zones, a fixed Friday and small helpers shared by the date, zone and time-of-day tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = "Europe/Paris"
NEW_YORK = "America/New_York"

# Friday 27 March 2026, 16:30 in Paris (CET, +01:00); Paris springs forward on Sunday 29th.
FRIDAY = datetime(2026, 3, 27, 15, 30, tzinfo=UTC)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def end_of_local_day(day: date, tz: str) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=ZoneInfo(tz)).astimezone(UTC)
