"""The calendar forms people and other tools write: month names, numeric day/month,
``in N months``, ISO basic, ``next fri``, and "did you mean" for near misses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.date_forms import add_months
from microtask.domain.dates import MONTHS, WEEKDAYS, parse_day, parse_when
from microtask.domain.errors import InvalidInputError
from tests.domain.instants import NEW_YORK, PARIS

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(PARIS))
FULL_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_ZONES = st.sampled_from([PARIS, NEW_YORK, "UTC", "Asia/Tokyo", "Australia/Lord_Howe"])
_DAYS = st.dates(min_value=date(1971, 1, 1), max_value=date(2200, 12, 31))


def local_day(text: str, now: datetime = MONDAY, tz: str = PARIS, **kw: str | None) -> date:
    return parse_when(text, now, tz, **kw).astimezone(ZoneInfo(tz)).date()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("dec 15", date(2026, 12, 15)),
        ("15 dec", date(2026, 12, 15)),
        ("December 15", date(2026, 12, 15)),
        ("15th december", date(2026, 12, 15)),
        ("dec. 15", date(2026, 12, 15)),
        ("sept 3", date(2027, 9, 3)),
        ("december 15 2027", date(2027, 12, 15)),
        ("dec 15, 2027", date(2027, 12, 15)),
        ("15 dec 2027", date(2027, 12, 15)),
        ("nov 23", date(2026, 11, 23)),  # today counts
        ("nov 22", date(2027, 11, 22)),  # past this year: next year's
        ("feb 29", date(2028, 2, 29)),  # the next one there is
    ],
)
def test_month_name_dates_mean_the_next_such_day_or_that_year(text: str, day: date) -> None:
    result = parse_when(text, MONDAY, PARIS).astimezone(ZoneInfo(PARIS))
    assert result.date() == day
    assert result.time() == time(23, 59, 59)


def test_month_name_dates_take_a_time() -> None:
    assert parse_when("dec 15 17:00", MONDAY, PARIS) == datetime(2026, 12, 15, 16, 0, tzinfo=UTC)
    assert parse_when("15 dec 2027 at 9am", MONDAY, PARIS) == datetime(
        2027, 12, 15, 8, 0, tzinfo=UTC
    )


def test_next_weekday_is_the_same_day_as_the_weekday() -> None:
    for name in ("fri", "friday", "mon", "sunday"):
        assert parse_when(f"next {name}", MONDAY, PARIS) == parse_when(name, MONDAY, PARIS)
    assert local_day("next friday 9am") == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("in 2 months", date(2027, 1, 23)),
        ("in 1 month", date(2026, 12, 23)),
        ("in 3mo", date(2027, 2, 23)),
        ("in 0 months", date(2026, 11, 23)),
    ],
)
def test_in_months_keeps_the_day_of_the_month(text: str, day: date) -> None:
    assert local_day(text) == day


def test_in_months_clamps_to_the_end_of_a_shorter_month() -> None:
    jan_31 = datetime(2027, 1, 31, 12, 0, tzinfo=UTC)
    assert local_day("in 1 month", jan_31, "UTC") == date(2027, 2, 28)
    assert local_day("in 13 months", jan_31, "UTC") == date(2028, 2, 29)


def test_iso_basic_forms() -> None:
    assert parse_when("20261204T170000Z", MONDAY, PARIS) == datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    assert parse_when("20261204T170000+0100", MONDAY, PARIS) == datetime(
        2026, 12, 4, 16, 0, tzinfo=UTC
    )
    assert parse_when("20261204T1700", MONDAY, PARIS) == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert local_day("20261204") == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("20261304", "does not exist"),
        ("20261204T250000Z", "impossible time"),
        ("20261204T1700+2500", "impossible offset"),
        ("31/02", "does not exist"),
        ("feb 30", "does not exist"),
        ("13/13", "does not exist"),
    ],
)
def test_impossible_new_forms_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(InvalidInputError, match=problem):
        parse_when(text, MONDAY, PARIS)


def test_a_numeric_date_read_the_only_way_it_can_be() -> None:
    assert local_day("25/12") == date(2026, 12, 25)
    assert local_day("12/25") == date(2026, 12, 25)
    assert local_day("12/12") == date(2026, 12, 12)
    assert local_day("25/12/2027") == date(2027, 12, 25)


def test_an_ambiguous_numeric_date_is_refused_with_both_readings() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_when("12/05", MONDAY, PARIS)
    message = str(caught.value)
    assert "2026-12-05" in message
    assert "2027-05-12" in message
    assert '[dates] order = "dmy" or "mdy"' in message
    with pytest.raises(InvalidInputError, match="2026-12-05"):
        parse_day("12/05", MONDAY, PARIS)


def test_the_configured_order_reads_an_ambiguous_numeric_date() -> None:
    assert local_day("12/05", order="dmy") == date(2027, 5, 12)
    assert local_day("12/05", order="mdy") == date(2026, 12, 5)
    assert local_day("05/12/2027 14:00", order="dmy") == date(2027, 12, 5)
    assert parse_day("12/05", MONDAY, PARIS, order="mdy") == date(2026, 12, 5)


def test_the_configured_order_is_strict() -> None:
    with pytest.raises(InvalidInputError, match="does not exist"):
        parse_when("25/12", MONDAY, PARIS, order="mdy")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tomorow", "tomorrow"),
        ("tommorow 9am", "tomorrow 9am"),
        ("fridy", "friday"),
        ("decmber 15", "december 15"),
        ("in 3 dayz", "in 3 days"),
    ],
)
def test_a_near_miss_gets_did_you_mean(typed: str, meant: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_when(typed, MONDAY, PARIS)
    assert f"did you mean {meant}?" in str(caught.value)
    assert "use today, tomorrow" in str(caught.value)


@pytest.mark.parametrize("typed", ["blah", "next fortnight", "friday the 13th", "zzzzzz 9am"])
def test_no_suggestion_when_nothing_close_is_a_date(typed: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_when(typed, MONDAY, PARIS)
    assert "did you mean" not in str(caught.value)


# -- round trips -----------------------------------------------------------------------


@settings(deadline=None)
@given(_DAYS, _ZONES, st.integers(0, 3))
def test_month_name_forms_round_trip(day: date, tz: str, style: int) -> None:
    short, full = MONTHS[day.month - 1], FULL_MONTHS[day.month - 1]
    text = (
        f"{short} {day.day} {day.year}",
        f"{day.day} {full} {day.year}",
        f"{full.title()} {day.day}, {day.year}",
        f"{day.day}th {short.upper()} {day.year}",
    )[style]
    assert local_day(text, tz=tz) == day


@settings(deadline=None)
@given(_DAYS, st.sampled_from(["dmy", "mdy"]))
def test_numeric_forms_round_trip_in_the_configured_order(day: date, order: str) -> None:
    text = (
        f"{day.day}/{day.month}/{day.year}"
        if order == "dmy"
        else f"{day.month:02d}/{day.day:02d}/{day.year}"
    )
    assert local_day(text, tz="UTC", order=order) == day


@settings(deadline=None)
@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)).map(
        lambda naive: naive.replace(microsecond=0, tzinfo=UTC)
    ),
    _ZONES,
)
def test_iso_basic_instants_round_trip(moment: datetime, tz: str) -> None:
    assert parse_when(moment.strftime("%Y%m%dT%H%M%SZ"), MONDAY, tz) == moment
    assert local_day(moment.strftime("%Y%m%d"), tz=tz) == moment.date()


@settings(deadline=None)
@given(_DAYS, st.integers(0, 240))
def test_in_months_lands_on_add_months(day: date, months: int) -> None:
    now = datetime.combine(day, time(12, 0), tzinfo=UTC)
    result = local_day(f"in {months} months", now, "UTC")
    assert result == add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    # the same day of the month, or the last day of a shorter month
    assert result.day == day.day or (result.day < day.day and (result + timedelta(days=1)).day == 1)


@settings(deadline=None)
@given(_DAYS, st.sampled_from(WEEKDAYS))
def test_next_weekday_round_trips_to_the_weekday(day: date, weekday: str) -> None:
    now = datetime.combine(day, time(12, 0), tzinfo=UTC)
    assert local_day(f"next {weekday}", now, "UTC") == local_day(weekday, now, "UTC")
