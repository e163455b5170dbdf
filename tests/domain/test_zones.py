"""Behaviour of the user's zone and of the instants a local day or time of day maps to."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from microtask.domain import zones
from microtask.domain.dates import parse_when
from microtask.domain.errors import InvalidInputError
from microtask.domain.timeofday import END_OF_DAY, TimeOfDay
from microtask.domain.zones import at_local_time, day_bounds, local_time_range, local_zone_name
from tests.domain.instants import FRIDAY, NEW_YORK, PARIS, local, utc

# -------------------------------------------------------------------- local_zone_name


def test_local_zone_name_uses_tz_when_it_is_an_iana_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", PARIS)
    assert local_zone_name() == PARIS
    monkeypatch.setenv("TZ", ":America/New_York")
    assert local_zone_name() == NEW_YORK


@pytest.mark.parametrize("value", ["", "Nowhere/Special", "CET-1CEST", "../../etc/passwd"])
def test_local_zone_name_ignores_tz_that_is_not_an_iana_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("TZ", value)
    name = local_zone_name()
    assert name != value
    assert ZoneInfo(name) is not None


def test_local_zone_name_falls_back_to_utc_when_detection_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pendulum.tz

    def broken() -> object:
        raise RuntimeError("no zone here")

    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(zones, "_zone_of_system", lambda: None)
    monkeypatch.setattr(pendulum.tz, "get_local_timezone", broken)
    assert local_zone_name() == "UTC"


def test_local_zone_name_reads_the_system_zone_link_without_tz(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(zones.os.path, "realpath", lambda _: "/usr/share/zoneinfo/Asia/Tokyo")
    assert local_zone_name() == "Asia/Tokyo"


# ------------------------------------------------------- day_bounds and at_local_time


@pytest.mark.parametrize(
    ("day", "tz", "hours"),
    [
        (date(2026, 3, 27), PARIS, 24),
        (date(2026, 3, 29), PARIS, 23),  # spring forward
        (date(2026, 10, 25), PARIS, 25),  # fall back
        (date(2026, 3, 8), NEW_YORK, 23),
        (date(2026, 11, 1), NEW_YORK, 25),
        (date(2026, 3, 29), "UTC", 24),
    ],
)
def test_day_bounds_span_the_real_length_of_the_local_day(day: date, tz: str, hours: int) -> None:
    start, end = day_bounds(day, tz)
    assert start.tzinfo is UTC
    assert end.tzinfo is UTC
    assert local(start, tz) == datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))
    assert local(end, tz).date() == day + timedelta(days=1)
    assert local(end, tz).time() == time(0)
    assert end - start == timedelta(hours=hours)


def test_a_day_whose_midnight_is_skipped_starts_when_the_clocks_jump() -> None:
    # Santiago springs forward at midnight: 00:00 -04 becomes 01:00 -03.
    start, end = day_bounds(date(2024, 9, 8), "America/Santiago")
    assert start == utc(2024, 9, 8, 4)
    assert local(start, "America/Santiago").time() == time(1, 0)
    assert end - start == timedelta(hours=23)


def test_a_day_whose_midnight_happens_twice_starts_at_the_first_one() -> None:
    # Havana falls back at 01:00 to 00:00: midnight happens at 04:00 and at 05:00 UTC.
    start, end = day_bounds(date(2024, 11, 3), "America/Havana")
    assert start == utc(2024, 11, 3, 4)
    assert end - start == timedelta(hours=25)


def test_a_day_the_zone_skipped_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="does not exist in Pacific/Apia"):
        day_bounds(date(2011, 12, 30), "Pacific/Apia")


def test_day_bounds_and_at_local_time_default_to_the_local_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert day_bounds(date(2026, 3, 27))[0] == utc(2026, 3, 26, 15)
    assert at_local_time(date(2026, 3, 27), TimeOfDay(9, 0)) == utc(2026, 3, 27, 0)


def test_at_local_time_is_that_wall_time_in_the_zone() -> None:
    result = at_local_time(date(2026, 3, 27), TimeOfDay(9, 30), PARIS)
    assert result.tzinfo is UTC
    assert result == utc(2026, 3, 27, 8, 30)
    # the Monday after the clock change is on summer time
    assert at_local_time(date(2026, 3, 30), TimeOfDay(9, 30), PARIS) == utc(2026, 3, 30, 7, 30)


def test_at_local_time_in_a_spring_forward_gap_moves_forward_by_the_gap() -> None:
    result = at_local_time(date(2026, 3, 29), TimeOfDay(2, 30), PARIS)
    assert local(result, PARIS).time() == time(3, 30)
    assert result == parse_when("2026-03-29 02:30", FRIDAY, PARIS)


def test_at_local_time_in_a_repeated_hour_takes_the_second_occurrence() -> None:
    result = at_local_time(date(2026, 10, 25), TimeOfDay(2, 30), PARIS)
    assert result == utc(2026, 10, 25, 1, 30)  # 02:30 CET, the second 02:30
    assert result == parse_when("2026-10-25 02:30", FRIDAY, PARIS)


def test_at_local_time_24_00_is_the_start_of_the_next_day() -> None:
    day = date(2026, 3, 29)
    assert at_local_time(day, END_OF_DAY, PARIS) == day_bounds(day, PARIS)[1]


@pytest.mark.parametrize(("hour", "minute"), [(24, 1), (25, 0), (-1, 0), (9, 60)])
def test_at_local_time_needs_a_time_of_day(hour: int, minute: int) -> None:
    with pytest.raises(ValueError, match="time of day"):
        at_local_time(date(2026, 3, 27), TimeOfDay(hour, minute), PARIS)


def test_local_time_range_gives_both_instants() -> None:
    start, end = local_time_range(date(2026, 3, 29), TimeOfDay(1, 30), TimeOfDay(3, 30), PARIS)
    assert (start, end) == (utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30))  # one real hour


def test_a_range_the_clock_change_makes_empty_is_refused_not_inverted() -> None:
    # 02:30 does not exist and moves to 03:30, after 03:15
    with pytest.raises(InvalidInputError, match="clocks skip"):
        local_time_range(date(2026, 3, 29), TimeOfDay(2, 30), TimeOfDay(3, 15), PARIS)


@pytest.mark.parametrize(
    ("start", "end", "missing"),
    [(TimeOfDay(2, 0), TimeOfDay(3, 30), "02:00"), (TimeOfDay(1, 0), TimeOfDay(2, 30), "02:30")],
)
def test_a_range_starting_or_ending_in_the_gap_is_refused_not_shortened(
    start: TimeOfDay, end: TimeOfDay, missing: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        local_time_range(date(2026, 3, 29), start, end, PARIS)
    assert str(refused.value) == (
        f"{missing} does not exist on 2026-03-29 in {PARIS}: the clocks skip it "
        f"(they jump to {'03:00' if missing == '02:00' else '03:30'}); pick a time outside the gap"
    )


def test_a_range_in_the_repeated_hour_of_fall_back_is_kept() -> None:
    start, end = local_time_range(date(2026, 10, 25), TimeOfDay(2, 0), TimeOfDay(3, 0), PARIS)
    assert end - start == timedelta(hours=1)  # an ambiguous 02:00 is the second one


_BOUNDS_ZONES = st.sampled_from(
    [PARIS, NEW_YORK, "UTC", "Asia/Tokyo", "Australia/Lord_Howe", "America/Santiago"]
)
_DAYS = st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31))


@settings(deadline=None)
@given(_DAYS, _BOUNDS_ZONES)
def test_a_day_lasts_23_to_25_hours_and_its_bounds_are_local_midnights(day: date, tz: str) -> None:
    start, end = day_bounds(day, tz)
    assert start < end
    assert timedelta(hours=23) <= end - start <= timedelta(hours=25)
    if tz != "Australia/Lord_Howe":  # its clocks move by half an hour
        assert (end - start) % timedelta(hours=1) == timedelta(0)
    # nothing of the day falls outside its bounds, nothing of the next day inside
    zone = ZoneInfo(tz)
    assert local(start, tz).date() == day
    assert (start - timedelta(seconds=1)).astimezone(zone).date() < day
    assert local(end, tz).date() == day + timedelta(days=1)
    assert (end - timedelta(seconds=1)).astimezone(zone).date() == day
    assert day_bounds(day + timedelta(days=1), tz)[0] == end


@settings(deadline=None)
@given(_DAYS, st.integers(0, 23), st.integers(0, 59), _BOUNDS_ZONES)
def test_at_local_time_shows_the_requested_wall_time_except_in_a_gap(
    day: date, hour: int, minute: int, tz: str
) -> None:
    result = at_local_time(day, TimeOfDay(hour, minute), tz)
    assert result.tzinfo is UTC
    zone = ZoneInfo(tz)
    wall = datetime.combine(day, time(hour, minute))
    shown = result.astimezone(zone).replace(tzinfo=None)
    # the wall time exists when it survives a round trip through UTC
    exists = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall
    if exists:
        assert shown == wall
    else:  # in a gap: moved forward by the length of the gap
        assert shown > wall
        assert shown - wall <= timedelta(hours=1)
        assert result == wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    start, end = day_bounds(day, tz)
    assert start <= result < end


@settings(deadline=None, max_examples=300)
@given(_DAYS, st.integers(0, 23), st.integers(0, 59), st.integers(0, 59), _BOUNDS_ZONES)
@example(date(2068, 11, 4), 1, 0, 0, "America/New_York")  # a repeated hour (CI found it)
def test_a_wall_time_gives_the_instant_pendulum_gives(
    day: date, hour: int, minute: int, second: int, tz: str
) -> None:
    """Read by the standard library when it happens once, by pendulum in a gap or a
    repeated hour: either way pendulum's own answer."""
    import pendulum

    zone = ZoneInfo(tz)
    theirs = pendulum.datetime(day.year, day.month, day.day, hour, minute, second, tz=zone)
    ours = zones.wall_time_instant(day, time(hour, minute, second), zone)
    # As an instant: Python never finds a time in a repeated hour equal to one in another
    # zone (PEP 495), so pendulum's answer there is compared once turned to UTC.
    assert ours == theirs.astimezone(UTC)
    assert ours.tzinfo is UTC
