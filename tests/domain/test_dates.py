"""Behaviour of due-date and day parsing (fixed clocks, explicit zones)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.dates import day_label, parse_day, parse_when
from microtask.domain.errors import InvalidInputError
from tests.domain.instants import FRIDAY, NEW_YORK, PARIS, end_of_local_day, local, utc

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


# ------------------------------------------------------------------------ properties


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


# ----------------------------------------------------------------------- day_label


def test_day_label_is_the_short_english_weekday_day_and_month() -> None:
    assert day_label(date(2026, 11, 23)) == "Mon 23 Nov"
    assert day_label(date(2026, 11, 23), with_year=True) == "Mon 23 Nov 2026"


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


def test_a_day_whose_last_hour_the_clocks_skipped_ends_before_the_gap() -> None:
    # Paris, 1918-03-09: at 23:00 the clocks jumped to 00:00, so 23:59:59 never came.
    result = parse_when("1918-03-09", FRIDAY, PARIS)
    local = result.astimezone(ZoneInfo(PARIS))
    assert (local.date(), local.hour, local.minute, local.second) == (date(1918, 3, 9), 22, 59, 59)
