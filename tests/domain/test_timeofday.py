"""Behaviour of times of day and time ranges as the user types them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.timeofday import (
    END_OF_DAY,
    TimeOfDay,
    parse_clock_time,
    parse_time_range,
)

# ---------------------------------------------------------------------- TimeOfDay


def test_a_time_of_day_shows_as_hh_mm_on_the_24_hour_clock() -> None:
    assert str(TimeOfDay(9, 5)) == "09:05"
    assert f"{TimeOfDay(17, 30)}" == "17:30"
    assert str(END_OF_DAY) == "24:00"


def test_times_of_day_compare_in_clock_order() -> None:
    assert TimeOfDay(9, 59) < TimeOfDay(10, 0) < END_OF_DAY
    assert TimeOfDay(9, 30) == (9, 30)


@given(st.integers(0, 23), st.integers(0, 59))
def test_a_shown_time_of_day_reads_back_as_the_same_time(hour: int, minute: int) -> None:
    time_of_day = TimeOfDay(hour, minute)
    assert parse_clock_time(str(time_of_day)) == time_of_day


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
    parsed = parse_clock_time(text)
    assert parsed == clock
    assert (parsed.hour, parsed.minute) == clock


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
    assert parse_clock_time(text, end_of_day=True) == END_OF_DAY


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
    text = f"{TimeOfDay(*start)}-{TimeOfDay(*end)}"
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
