"""Behaviour of due-date and duration parsing/formatting (fixed clocks, explicit zones)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain import when
from microtask.domain.errors import InvalidInputError
from microtask.domain.when import (
    at_local_time,
    day_bounds,
    format_clock,
    format_duration,
    format_relative,
    local_time_range,
    local_zone_name,
    parse_clock_time,
    parse_day,
    parse_duration,
    parse_time_range,
    parse_when,
)

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


# ------------------------------------------------------------------------ parse_when


def test_now_means_the_given_instant_in_utc() -> None:
    now = datetime(2026, 3, 27, 16, 30, 12, 345, tzinfo=ZoneInfo(PARIS))
    result = parse_when("now", now, PARIS)
    assert result == now
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", date(2026, 3, 27)),
        ("tomorrow", date(2026, 3, 28)),
        ("yesterday", date(2026, 3, 26)),
        ("eod", date(2026, 3, 27)),
    ],
)
def test_relative_day_words_mean_the_end_of_that_local_day(text: str, day: date) -> None:
    assert parse_when(text, FRIDAY, PARIS) == end_of_local_day(day, PARIS)


def test_input_is_case_insensitive_and_surrounding_whitespace_is_ignored() -> None:
    assert parse_when("  ToMoRRoW \t 9AM \n", FRIDAY, PARIS) == parse_when(
        "tomorrow 9am", FRIDAY, PARIS
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("sat", date(2026, 3, 28)),
        ("sunday", date(2026, 3, 29)),
        ("mon", date(2026, 3, 30)),
        ("tue", date(2026, 3, 31)),
        ("tues", date(2026, 3, 31)),
        ("wednesday", date(2026, 4, 1)),
        ("wed", date(2026, 4, 1)),
        ("thu", date(2026, 4, 2)),
        ("thur", date(2026, 4, 2)),
        ("thurs", date(2026, 4, 2)),
        ("thursday", date(2026, 4, 2)),
        ("fri", date(2026, 4, 3)),
        ("friday", date(2026, 4, 3)),
    ],
)
def test_weekday_name_means_next_such_day_strictly_after_today(text: str, day: date) -> None:
    assert parse_when(text, FRIDAY, PARIS) == end_of_local_day(day, PARIS)


def test_weekday_is_judged_in_the_target_zone_not_in_utc() -> None:
    # 23:30 UTC on Friday is already Saturday in Paris: "sat" is then a week later.
    late_friday = utc(2026, 3, 27, 23, 30)
    assert parse_when("sat", late_friday, PARIS) == end_of_local_day(date(2026, 4, 4), PARIS)
    assert parse_when("sat", late_friday, NEW_YORK) == end_of_local_day(date(2026, 3, 28), NEW_YORK)


def test_next_week_means_monday_of_the_next_iso_week() -> None:
    assert parse_when("next week", FRIDAY, PARIS) == end_of_local_day(date(2026, 3, 30), PARIS)
    monday = utc(2026, 3, 30, 8, 0)
    assert parse_when("next week", monday, PARIS) == end_of_local_day(date(2026, 4, 6), PARIS)


def test_next_month_means_the_first_of_next_month_and_wraps_the_year() -> None:
    assert parse_when("next month", FRIDAY, PARIS) == end_of_local_day(date(2026, 4, 1), PARIS)
    december = utc(2026, 12, 15, 12, 0)
    assert parse_when("next month", december, PARIS) == end_of_local_day(date(2027, 1, 1), PARIS)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("in 3 days", date(2026, 3, 30)),
        ("in 1 day", date(2026, 3, 28)),
        ("in 1d", date(2026, 3, 28)),
        ("in 0 days", date(2026, 3, 27)),
        ("in 2 weeks", date(2026, 4, 10)),
        ("in 1 week", date(2026, 4, 3)),
        ("in 3w", date(2026, 4, 17)),
    ],
)
def test_in_days_or_weeks_means_the_end_of_that_local_day(text: str, day: date) -> None:
    assert parse_when(text, FRIDAY, PARIS) == end_of_local_day(day, PARIS)


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("in 2h", timedelta(hours=2)),
        ("in 2 hours", timedelta(hours=2)),
        ("in 1 hour", timedelta(hours=1)),
        ("in 3 hrs", timedelta(hours=3)),
        ("in 1.5h", timedelta(minutes=90)),
        ("in 45m", timedelta(minutes=45)),
        ("in 45 min", timedelta(minutes=45)),
        ("in 10 mins", timedelta(minutes=10)),
        ("in 1 minute", timedelta(minutes=1)),
        ("in 2.5 minutes", timedelta(seconds=150)),
        ("in 2h30m", timedelta(hours=2, minutes=30)),
        ("in 2h 30m", timedelta(hours=2, minutes=30)),
    ],
)
def test_in_hours_or_minutes_means_exactly_that_long_after_now(text: str, delta: timedelta) -> None:
    assert parse_when(text, FRIDAY, PARIS) == FRIDAY + delta


def test_in_hours_counts_real_time_across_a_dst_change() -> None:
    # 01:30 CET on the spring-forward night: two real hours later the clock reads 04:30.
    night = utc(2026, 3, 29, 0, 30)
    assert local(parse_when("in 2h", night, PARIS), PARIS).hour == 4


def test_end_of_week_month_and_year() -> None:
    assert parse_when("eow", FRIDAY, PARIS) == end_of_local_day(date(2026, 3, 29), PARIS)
    assert parse_when("eom", FRIDAY, PARIS) == end_of_local_day(date(2026, 3, 31), PARIS)
    assert parse_when("eoy", FRIDAY, PARIS) == end_of_local_day(date(2026, 12, 31), PARIS)
    sunday = utc(2026, 3, 29, 12, 0)
    assert parse_when("eow", sunday, PARIS) == end_of_local_day(date(2026, 3, 29), PARIS)
    february = utc(2028, 2, 10, 12, 0)
    assert parse_when("eom", february, PARIS) == end_of_local_day(date(2028, 2, 29), PARIS)


def test_iso_date_means_the_end_of_that_day() -> None:
    assert parse_when("2026-12-01", FRIDAY, NEW_YORK) == utc(2026, 12, 2, 4, 59, 59)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01 14:00", utc(2026, 12, 1, 13, 0)),
        ("2026-12-01T14:00", utc(2026, 12, 1, 13, 0)),
        ("2026-12-01 14:00:30", utc(2026, 12, 1, 13, 0, 30)),
        ("2026-12-01t14:00:30", utc(2026, 12, 1, 13, 0, 30)),
        ("2026-12-01 9am", utc(2026, 12, 1, 8, 0)),
        ("2026-07-01 14:00", utc(2026, 7, 1, 12, 0)),
    ],
)
def test_iso_date_time_is_a_wall_time_in_the_zone(text: str, expected: datetime) -> None:
    assert parse_when(text, FRIDAY, PARIS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01T14:00+02:00", utc(2026, 12, 1, 12, 0)),
        ("2026-12-01 14:00-05:30", utc(2026, 12, 1, 19, 30)),
        ("2026-12-01T14:00:30+0000", utc(2026, 12, 1, 14, 0, 30)),
        ("2026-12-01T14:00Z", utc(2026, 12, 1, 14, 0)),
    ],
)
def test_explicit_offset_wins_over_the_zone(text: str, expected: datetime) -> None:
    assert parse_when(text, FRIDAY, NEW_YORK) == expected


@pytest.mark.parametrize(
    ("text", "expected_local"),
    [
        ("17:00", datetime(2026, 3, 27, 17, 0)),
        ("9:30pm", datetime(2026, 3, 27, 21, 30)),
        ("5pm", datetime(2026, 3, 27, 17, 0)),
        ("at 17:00", datetime(2026, 3, 27, 17, 0)),
        ("9:05", datetime(2026, 3, 28, 9, 5)),
        ("9am", datetime(2026, 3, 28, 9, 0)),
        ("9 am", datetime(2026, 3, 28, 9, 0)),
        ("12pm", datetime(2026, 3, 28, 12, 0)),
        ("12am", datetime(2026, 3, 28, 0, 0)),
        ("16:30", datetime(2026, 3, 28, 16, 30)),  # exactly now: already past
        ("16:30:01", datetime(2026, 3, 27, 16, 30, 1)),
    ],
)
def test_time_alone_means_today_or_tomorrow_if_already_past(
    text: str, expected_local: datetime
) -> None:
    result = parse_when(text, FRIDAY, PARIS)
    assert local(result, PARIS).replace(tzinfo=None) == expected_local


def test_twelve_am_is_midnight_and_twelve_pm_is_noon() -> None:
    early = utc(2026, 1, 5, 0, 0)  # 01:00 in Paris
    assert local(parse_when("12pm", early, PARIS), PARIS).hour == 12
    assert local(parse_when("12am", early, PARIS), PARIS) == datetime(
        2026, 1, 6, 0, 0, tzinfo=ZoneInfo(PARIS)
    )


@pytest.mark.parametrize(
    ("text", "expected_local"),
    [
        ("fri 17:00", datetime(2026, 4, 3, 17, 0)),
        ("tomorrow 9am", datetime(2026, 3, 28, 9, 0)),
        ("today 9:00", datetime(2026, 3, 27, 9, 0)),  # today even though it is past
        ("next week 10:00", datetime(2026, 3, 30, 10, 0)),
        ("in 3 days 9am", datetime(2026, 3, 30, 9, 0)),
        ("mon at 9am", datetime(2026, 3, 30, 9, 0)),
        ("tomorrow at 9 pm", datetime(2026, 3, 28, 21, 0)),
        ("2026-12-01 at 08:15", datetime(2026, 12, 1, 8, 15)),
    ],
)
def test_day_and_time_combine(text: str, expected_local: datetime) -> None:
    result = parse_when(text, FRIDAY, PARIS)
    assert local(result, PARIS).replace(tzinfo=None) == expected_local


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "blah",
        "9",
        "fri 9",
        "tomorrow blah",
        "in 1.5 days",
        "in days",
        "in 2h 9am",
        "now 9am",
        "next",
        "next fortnight",
        "2026-13-01",
        "2026-12-01 14",
        "friday the 13th",
    ],
)
def test_unrecognised_text_is_rejected_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_when(text, FRIDAY, PARIS)
    message = str(caught.value)
    assert f"'{text.strip()}'" in message
    assert "tomorrow 9am" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2026-02-29 10:00", "25:00", "fri 24:00", "10:60", "13pm", "0am", "9:61pm"],
)
def test_impossible_dates_and_times_are_rejected(text: str) -> None:
    with pytest.raises(InvalidInputError, match="use today, tomorrow"):
        parse_when(text, FRIDAY, PARIS)


def test_dates_beyond_the_calendar_are_rejected_not_crashing() -> None:
    with pytest.raises(InvalidInputError, match="out of range"):
        parse_when("9999-12-31", FRIDAY, NEW_YORK)
    with pytest.raises(InvalidInputError, match="out of range"):
        parse_when("in 999999 weeks", FRIDAY, PARIS)


def test_error_message_stays_on_one_line_for_control_characters() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_when("eod\nrm -rf", FRIDAY, PARIS)
    assert "\n" not in str(caught.value)


def test_unknown_zone_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="time zone"):
        parse_when("today", FRIDAY, "Mars/Olympus_Mons")


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("today", datetime(2026, 3, 27, 12, 0), PARIS)


def test_zone_defaults_to_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", NEW_YORK)
    assert parse_when("today", FRIDAY) == end_of_local_day(date(2026, 3, 27), NEW_YORK)


# --------------------------------------------------------------------- DST behaviour


def test_tomorrow_9am_the_day_before_spring_forward_is_9_summer_time() -> None:
    saturday = utc(2026, 3, 28, 12, 0)
    assert parse_when("tomorrow 9am", saturday, PARIS) == utc(2026, 3, 29, 7, 0)
    ny_saturday = utc(2026, 3, 7, 17, 0)
    assert parse_when("tomorrow 9am", ny_saturday, NEW_YORK) == utc(2026, 3, 8, 13, 0)


def test_tomorrow_9am_the_day_before_fall_back_is_9_winter_time() -> None:
    saturday = utc(2026, 10, 24, 12, 0)
    assert parse_when("tomorrow 9am", saturday, PARIS) == utc(2026, 10, 25, 8, 0)


def test_in_one_day_across_dst_lands_at_the_end_of_the_local_day() -> None:
    saturday_evening = utc(2026, 3, 28, 20, 0)  # 21:00 CET
    result = parse_when("in 1 day", saturday_evening, PARIS)
    assert result == utc(2026, 3, 29, 21, 59, 59)  # 23:59:59 CEST
    assert local(result, PARIS).replace(tzinfo=None) == datetime(2026, 3, 29, 23, 59, 59)


def test_eod_on_a_23_hour_day_is_2359_local_summer_time() -> None:
    early_sunday = utc(2026, 3, 29, 0, 30)  # 01:30 CET, before the change
    result = parse_when("eod", early_sunday, PARIS)
    assert result == utc(2026, 3, 29, 21, 59, 59)
    assert result - early_sunday == timedelta(hours=21, minutes=29, seconds=59)


def test_eod_on_a_25_hour_day_is_2359_local_winter_time() -> None:
    early_sunday = utc(2026, 10, 24, 23, 30)  # 01:30 CEST, before the change
    assert parse_when("eod", early_sunday, PARIS) == utc(2026, 10, 25, 22, 59, 59)


def test_wall_time_in_a_spring_forward_gap_moves_forward() -> None:
    assert parse_when("2026-03-29 02:30", FRIDAY, PARIS) == utc(2026, 3, 29, 1, 30)
    assert local(parse_when("2026-03-29 02:30", FRIDAY, PARIS), PARIS).hour == 3


def test_ambiguous_wall_time_in_a_fall_back_hour_takes_the_second_occurrence() -> None:
    # 02:30 happens twice in Paris on 25 October 2026: first CEST (00:30Z), then CET (01:30Z).
    assert parse_when("2026-10-25 02:30", FRIDAY, PARIS) == utc(2026, 10, 25, 1, 30)


def test_time_alone_already_shown_today_rolls_to_tomorrow_even_in_a_gap() -> None:
    # 03:10 CEST on the spring-forward day: "2:30" never showed today, but it is past.
    after_change = utc(2026, 3, 29, 1, 10)
    result = parse_when("2:30", after_change, PARIS)
    assert local(result, PARIS).replace(tzinfo=None) == datetime(2026, 3, 30, 2, 30)


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
    monkeypatch.setattr(when, "_zone_of_system", lambda: None)
    monkeypatch.setattr(pendulum.tz, "get_local_timezone", broken)
    assert local_zone_name() == "UTC"


def test_local_zone_name_reads_the_system_zone_link_without_tz(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(when.os.path, "realpath", lambda _: "/usr/share/zoneinfo/Asia/Tokyo")
    assert local_zone_name() == "Asia/Tokyo"


# --------------------------------------------------------------------- parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("25m", 1500),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1h 30m", 5400),
        ("90s", 90),
        ("1.5h", 5400),
        ("45", 2700),
        ("2.5", 150),
        ("1:30", 5400),
        ("0:05", 300),
        ("2 hours", 7200),
        ("1 hr 15 mins", 4500),
        ("10 minutes", 600),
        ("30 sec", 30),
        ("1 second", 1),
        ("1m30s", 90),
        ("1H30M", 5400),
        ("  20 MIN ", 1200),
        ("0.01m", 1),  # 0.6 s rounds half up to 1
        ("168h", 604800),
        ("10080", 604800),
    ],
)
def test_duration_forms(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0m", "0", "0:00", "-5m", "0.2s"])
def test_duration_must_be_more_than_zero(text: str) -> None:
    with pytest.raises(InvalidInputError, match="must be more than 0"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["169h", "604801s", "10081", "1000000000000h"])
def test_duration_over_a_week_is_rejected(text: str) -> None:
    with pytest.raises(InvalidInputError, match="is over a week"):
        parse_duration(text)


@pytest.mark.parametrize(
    "text", ["", "soon", "nan", "inf", "1e3", "2d", "30m1h", "1:75", "h", "1h30", "1..5h"]
)
def test_unparseable_duration_is_rejected_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_duration(text)
    assert str(caught.value) == (
        f"invalid duration '{text}': use 25m, 1h, 1h30m, 90s, 1.5h or a number of minutes "
        "(more than 0, at most a week)"
    )


# -------------------------------------------------------------------- format_duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1500, "25m"), (3600, "1h"), (5400, "1h30m"), (90, "1m30s"), (45, "45s"), (7510, "2h5m10s")],
)
def test_format_duration_is_compact(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


# -------------------------------------------------------------------- format_relative


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=0), "now"),
        (timedelta(seconds=59), "now"),
        (timedelta(seconds=-59), "now"),
        (timedelta(seconds=60), "in 1m"),
        (timedelta(minutes=25, seconds=40), "in 25m"),
        (timedelta(minutes=59, seconds=59), "in 59m"),
        (timedelta(hours=1), "in 1h"),
        (timedelta(hours=5, minutes=50), "in 5h"),
        (timedelta(hours=47, minutes=59), "in 47h"),
        (timedelta(hours=48), "in 2 days"),
        (timedelta(days=3, hours=5), "in 3 days"),
        (timedelta(days=13, hours=23), "in 13 days"),
        (timedelta(days=14), "in 2 weeks"),
        (timedelta(days=22), "in 3 weeks"),
        (timedelta(minutes=-25), "overdue 25m"),
        (timedelta(hours=-3, minutes=-10), "overdue 3h"),
        (timedelta(days=-2), "overdue 2 days"),
        (timedelta(days=-21), "overdue 3 weeks"),
    ],
)
def test_format_relative(delta: timedelta, text: str) -> None:
    assert format_relative(FRIDAY + delta, FRIDAY) == text


def test_format_relative_compares_instants_across_zones() -> None:
    due = datetime(2026, 3, 27, 18, 30, tzinfo=timezone(timedelta(hours=2)))  # 16:30Z
    assert format_relative(due, FRIDAY) == "in 1h"


# ------------------------------------------------------------------------ properties


@given(st.integers(min_value=1, max_value=604800))
def test_format_then_parse_duration_round_trips(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=1, max_value=10080))
def test_minutes_with_unit_parse_to_sixty_times_as_many_seconds(minutes: int) -> None:
    assert parse_duration(f"{minutes}m") == minutes * 60


@given(st.text(max_size=40))
def test_parse_duration_raises_only_invalid_input(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except InvalidInputError:
        return
    assert 1 <= seconds <= 604800


_NOWS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
_ZONES = st.sampled_from([PARIS, NEW_YORK, "UTC", "Asia/Tokyo", "Australia/Lord_Howe"])
_WORD_LIST = (
    "now today tomorrow fri next week month in at 3 1.5 days h m 2h30m eod eow eom eoy "
    "2026-12-01 2026-02-30 17:00 9am 12 pm 24:00 t +02:00 z - :"
)
_WORDS = st.sampled_from(_WORD_LIST.split())


@settings(deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(_WORDS, max_size=4).map(" ".join)), _NOWS, _ZONES)
def test_parse_when_raises_only_invalid_input_and_returns_aware_utc(
    text: str, now: datetime, tz: str
) -> None:
    try:
        result = parse_when(text, now, tz)
    except InvalidInputError as exc:
        message = str(exc)
        assert "\n" not in message
        return
    assert result.tzinfo is UTC


@settings(deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), _ZONES)
def test_iso_date_lands_on_that_local_date(day: date, tz: str) -> None:
    result = parse_when(day.isoformat(), FRIDAY, tz)
    assert result.astimezone(ZoneInfo(tz)).date() == day


@settings(deadline=None)
@given(
    _NOWS,
    st.sampled_from(["UTC", "Asia/Tokyo", PARIS, NEW_YORK]),
    st.times().map(lambda t: t.replace(microsecond=0)),
)
def test_time_alone_is_always_within_the_next_day(now: datetime, tz: str, at: time) -> None:
    result = parse_when(f"{at}", now, tz)
    assert result.tzinfo is UTC
    # Exactly one day at most where clocks never change; a fall-back night makes
    # "tomorrow at this time" one real hour further away.
    limit = timedelta(hours=24) if tz in {"UTC", "Asia/Tokyo"} else timedelta(hours=25)
    assert now < result <= now + limit


# ---------------------------------------------------------------- parse_clock_time


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("9", (9, 0)),
        ("09", (9, 0)),
        ("0", (0, 0)),
        ("23", (23, 0)),
        ("9:30", (9, 30)),
        ("09:00", (9, 0)),
        ("23:59", (23, 59)),
        ("930", (9, 30)),
        ("0930", (9, 30)),
        ("1745", (17, 45)),
        ("9am", (9, 0)),
        ("9 AM", (9, 0)),
        ("2:30pm", (14, 30)),
        ("230pm", (14, 30)),
        ("12am", (0, 0)),
        ("12:15am", (0, 15)),
        ("12pm", (12, 0)),
        ("  17:00 ", (17, 0)),
    ],
)
def test_clock_time_forms(text: str, clock: tuple[int, int]) -> None:
    assert parse_clock_time(text) == clock


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "does not exist"),
        ("9:60", "does not exist"),
        ("13pm", "does not exist"),
        ("0am", "does not exist"),
        ("24:01", "does not exist"),
        ("24:00", "only accepted as the end"),
        ("9:3", "invalid time"),
        ("9:30:00", "invalid time"),
        ("nine", "invalid time"),
        ("", "invalid time"),
        ("12345", "invalid time"),
        ("-9", "invalid time"),
        ("\u0669", "invalid time"),  # an Arabic-Indic digit is not a number here
    ],
)
def test_impossible_or_unknown_clock_times_are_rejected_saying_what_is_accepted(
    text: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        parse_clock_time(text)
    assert "use 9, 09:00, 9:30" in str(caught.value)


@pytest.mark.parametrize("text", ["24:00", "24", "2400"])
def test_midnight_at_the_end_of_the_day_is_accepted_only_when_asked_for(text: str) -> None:
    assert parse_clock_time(text, end_of_day=True) == (24, 0)


# ---------------------------------------------------------------- parse_time_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-10:30", ((9, 0), (10, 30))),
        ("9-10:30", ((9, 0), (10, 30))),
        ("09:00 - 10:30", ((9, 0), (10, 30))),
        ("09:00\u201310:30", ((9, 0), (10, 30))),  # en dash
        ("9 \u2013 10:30", ((9, 0), (10, 30))),
        ("9\u201410", ((9, 0), (10, 0))),  # em dash
        ("9am-10:30am", ((9, 0), (10, 30))),
        ("1:30pm-3pm", ((13, 30), (15, 0))),
        ("00:00-01:00", ((0, 0), (1, 0))),
        ("22:00-24:00", ((22, 0), (24, 0))),
        ("00:00-24:00", ((0, 0), (24, 0))),
    ],
)
def test_time_range_forms(text: str, expected: tuple[tuple[int, int], tuple[int, int]]) -> None:
    assert parse_time_range(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-3pm", ((14, 0), (15, 0))),
        ("10:30-11:45am", ((10, 30), (11, 45))),
        ("12-1pm", ((12, 0), (13, 0))),
        ("11-1pm", ((11, 0), (13, 0))),  # 11pm would come after 1pm: the 24-hour reading
        ("9:00-5pm", ((9, 0), (17, 0))),
        ("14-3pm", ((14, 0), (15, 0))),
    ],
)
def test_a_bare_start_takes_the_end_s_am_or_pm_when_that_keeps_it_first(
    text: str, expected: tuple[tuple[int, int], tuple[int, int]]
) -> None:
    assert parse_time_range(text) == expected


@pytest.mark.parametrize("text", ["23:00-00:00", "23:00-0", "11pm-12am", "22:30-2400"])
def test_an_end_at_midnight_means_the_end_of_the_day(text: str) -> None:
    assert parse_time_range(text)[1] == (24, 0)


def test_a_range_that_ends_before_it_starts_says_a_block_cannot_cross_midnight() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_time_range("11:00-10:00")
    message = str(caught.value)
    assert message.startswith("the block ends (10:00) before it starts (11:00): ")
    assert "cannot cross midnight" in message
    assert "24:00" in message


def test_an_empty_range_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="must end after it starts"):
        parse_time_range("10:00-10")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9", "invalid time range"),
        ("9-", "invalid time range"),
        ("-10", "invalid time range"),
        ("9-10-11", "invalid time range"),
        ("9--10", "invalid time range"),
        ("", "invalid time range"),
        ("9 to 10", "invalid time range"),
        ("24:00-24:00", "only accepted as the end"),
        ("9-25", "does not exist"),
        ("x-10", "invalid time"),
    ],
)
def test_bad_time_ranges_are_rejected(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        parse_time_range(text)
    assert "\n" not in str(caught.value)


_CLOCKS = st.tuples(st.integers(0, 23), st.integers(0, 59)) | st.just((24, 0))


@given(_CLOCKS, _CLOCKS)
def test_every_valid_range_round_trips(start: tuple[int, int], end: tuple[int, int]) -> None:
    text = f"{format_clock(start)}-{format_clock(end)}"
    meant_end = (24, 0) if end == (0, 0) else end  # an end at midnight is the day's end
    if start != (24, 0) and start < meant_end:
        assert parse_time_range(text) == (start, meant_end)
    else:
        with pytest.raises(InvalidInputError):
            parse_time_range(text)


@given(st.text(max_size=30))
def test_parse_time_range_raises_only_invalid_input(text: str) -> None:
    try:
        start, end = parse_time_range(text)
    except InvalidInputError as exc:
        message = str(exc)
        assert "\n" not in message
        return
    assert (0, 0) <= start < end <= (24, 0)


# ----------------------------------------------------------------------- parse_day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", date(2026, 3, 27)),
        ("Tomorrow", date(2026, 3, 28)),
        ("yesterday", date(2026, 3, 26)),
        ("eod", date(2026, 3, 27)),
        ("sat", date(2026, 3, 28)),
        ("monday", date(2026, 3, 30)),
        ("fri", date(2026, 4, 3)),  # strictly after today, as for due dates
        ("friday", date(2026, 4, 3)),
        ("next week", date(2026, 3, 30)),
        ("next month", date(2026, 4, 1)),
        ("in 3 days", date(2026, 3, 30)),
        ("in 2 weeks", date(2026, 4, 10)),
        ("eow", date(2026, 3, 29)),
        ("eom", date(2026, 3, 31)),
        ("2026-11-24", date(2026, 11, 24)),
    ],
)
def test_day_forms(text: str, day: date) -> None:
    assert parse_day(text, FRIDAY, PARIS) == day


def test_a_day_means_the_same_as_in_a_due_date() -> None:
    for text in ["today", "fri", "next week", "in 3 days", "eom"]:
        due = parse_when(text, FRIDAY, PARIS)
        assert parse_day(text, FRIDAY, PARIS) == local(due, PARIS).date()


def test_today_is_judged_in_the_zone_not_in_utc() -> None:
    late = datetime(2026, 3, 27, 23, 30, tzinfo=UTC)  # already Saturday in Tokyo
    assert parse_day("today", late, "UTC") == date(2026, 3, 27)
    assert parse_day("today", late, "Asia/Tokyo") == date(2026, 3, 28)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fri 14:00", "invalid day"),
        ("17:00", "invalid day"),
        ("in 2h", "invalid day"),
        ("now", "invalid day"),
        ("someday", "invalid day"),
        ("", "invalid day"),
        ("2026-02-30", "does not exist"),
        ("in 999999 weeks", "out of range"),
    ],
)
def test_bad_days_are_rejected_saying_what_is_accepted(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as caught:
        parse_day(text, FRIDAY, PARIS)
    assert "use today, tomorrow" in str(caught.value)


def test_parse_day_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_day("today", datetime(2026, 3, 27, 12, 0), PARIS)


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
    assert at_local_time(date(2026, 3, 27), 9, 0) == utc(2026, 3, 27, 0)


def test_at_local_time_is_that_wall_time_in_the_zone() -> None:
    result = at_local_time(date(2026, 3, 27), 9, 30, PARIS)
    assert result.tzinfo is UTC
    assert result == utc(2026, 3, 27, 8, 30)
    # the Monday after the clock change is on summer time
    assert at_local_time(date(2026, 3, 30), 9, 30, PARIS) == utc(2026, 3, 30, 7, 30)


def test_at_local_time_in_a_spring_forward_gap_moves_forward_by_the_gap() -> None:
    result = at_local_time(date(2026, 3, 29), 2, 30, PARIS)
    assert local(result, PARIS).time() == time(3, 30)
    assert result == parse_when("2026-03-29 02:30", FRIDAY, PARIS)


def test_at_local_time_in_a_repeated_hour_takes_the_second_occurrence() -> None:
    result = at_local_time(date(2026, 10, 25), 2, 30, PARIS)
    assert result == utc(2026, 10, 25, 1, 30)  # 02:30 CET, the second 02:30
    assert result == parse_when("2026-10-25 02:30", FRIDAY, PARIS)


def test_at_local_time_24_00_is_the_start_of_the_next_day() -> None:
    day = date(2026, 3, 29)
    assert at_local_time(day, 24, 0, PARIS) == day_bounds(day, PARIS)[1]


@pytest.mark.parametrize(("hour", "minute"), [(24, 1), (25, 0), (-1, 0), (9, 60)])
def test_at_local_time_needs_a_time_of_day(hour: int, minute: int) -> None:
    with pytest.raises(ValueError, match="time of day"):
        at_local_time(date(2026, 3, 27), hour, minute, PARIS)


def test_local_time_range_gives_both_instants() -> None:
    start, end = local_time_range(date(2026, 3, 29), (1, 30), (3, 30), PARIS)
    assert (start, end) == (utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30))  # one real hour


def test_a_range_the_clock_change_makes_empty_is_refused_not_inverted() -> None:
    # 02:30 does not exist and moves to 03:30, after 03:15
    with pytest.raises(InvalidInputError, match="clocks skip"):
        local_time_range(date(2026, 3, 29), (2, 30), (3, 15), PARIS)


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
    result = at_local_time(day, hour, minute, tz)
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
