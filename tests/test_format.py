"""Behaviour of the shared shown forms in ``microtask.format``."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.durations import MAX_DURATION_SECONDS, parse_duration
from microtask.format import (
    approx_duration,
    countdown,
    counted,
    exact_duration,
    json_minutes,
    json_money,
    minutes,
    money,
    plural,
    relative_time,
    time_span,
)

FRIDAY = datetime(2026, 3, 27, 15, 30, tzinfo=UTC)
NOT_A_NUMBER = [float("nan"), float("inf"), float("-inf")]

# --------------------------------------------------------------------------- plurals


@pytest.mark.parametrize(
    ("count", "word"), [(0, "tasks"), (1, "task"), (2, "tasks"), (-1, "tasks")]
)
def test_plural_takes_the_word_alone_only_for_exactly_one(count: int, word: str) -> None:
    assert plural(count, "task") == word


def test_plural_uses_the_given_plural_form_for_irregular_words() -> None:
    assert plural(1, "needs", "need") == "needs"
    assert plural(3, "needs", "need") == "need"
    assert plural(2, "entry", "entries") == "entries"


def test_counted_puts_the_count_before_the_word_that_agrees_with_it() -> None:
    assert counted(1, "task") == "1 task"
    assert counted(0, "open step") == "0 open steps"
    assert counted(12, "candidate") == "12 candidates"
    assert counted(2, "entry", "entries") == "2 entries"


# ------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (5400, "1h30m"),
        (7510, "2h5m10s"),
        (45, "45s"),
        (90.9, "1m30s"),  # a fraction of a second is dropped
        (0, "0s"),
        (0.7, "0s"),
        (-12.0, "0s"),
        (MAX_DURATION_SECONDS, "168h"),
    ],
)
def test_exact_duration_is_compact_and_to_the_second(seconds: float, text: str) -> None:
    assert exact_duration(seconds) == text


@given(st.integers(min_value=1, max_value=MAX_DURATION_SECONDS))
def test_an_exact_duration_reads_back_as_the_same_seconds(seconds: int) -> None:
    assert parse_duration(exact_duration(seconds)) == seconds


@given(st.floats(min_value=1, max_value=MAX_DURATION_SECONDS))
def test_an_exact_duration_of_a_measured_time_reads_back_as_its_whole_seconds(
    seconds: float,
) -> None:
    assert parse_duration(exact_duration(seconds)) == int(seconds)


@given(st.floats(min_value=60, max_value=MAX_DURATION_SECONDS))
def test_an_approximate_duration_from_a_minute_up_is_whole_minutes_within_half_a_minute(
    seconds: float,
) -> None:
    shown = approx_duration(seconds)
    assert not shown.endswith("s")
    assert abs(parse_duration(shown) - seconds) <= 30.5


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1499.2, "25:00"),  # rounded up: the face shows 00:00 only when time is up
        (1499.0, "24:59"),
        (1500.0000001, "25:00"),  # float noise is not a second more
        (0.4, "00:01"),
        (0.0, "00:00"),
        (-3.0, "00:00"),
        (3600.0, "1:00:00"),
        (3725.0, "1:02:05"),
    ],
)
def test_countdown_shows_minutes_and_seconds_and_hours_from_one_hour(
    seconds: float, text: str
) -> None:
    assert countdown(seconds) == text


# ------------------------------------------------------------------------ time spans


def test_time_span_shows_both_ends_in_the_zone_with_an_en_dash() -> None:
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    paris = ZoneInfo("Europe/Paris")
    assert time_span(start, start + timedelta(minutes=90), paris) == "09:00\u201310:30"


def test_time_span_says_how_many_days_later_it_ends() -> None:
    start = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)
    assert time_span(start, start + timedelta(hours=3), UTC) == "22:00\u201301:00 +1d"
    assert time_span(start, start + timedelta(hours=27), UTC) == "22:00\u201301:00 +2d"


# --------------------------------------------------------------------------- minutes


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (5400, 90),
        (150, 2.5),
        (2500.2, 41.67),
        (1500.0, 25),  # a whole number of minutes is an integer, measured or not
        (1500.2, 25),  # ... also once rounded to 2 decimals
        (20.0, 0.33),
        (100, 1.67),
        (0, 0),
        (0.0, 0),
        (-0.1, 0),  # never -0.0
        (-90.0, -1.5),  # an estimate overrun is negative
        (None, None),
    ],
)
def test_json_minutes_round_to_two_decimals_and_whole_minutes_are_integers(
    seconds: float | None, shown: float | None
) -> None:
    result = json_minutes(seconds)
    assert result == shown
    assert type(result) is type(shown)


@pytest.mark.parametrize("seconds", NOT_A_NUMBER)
def test_json_minutes_of_something_not_a_number_are_null(seconds: float) -> None:
    assert json_minutes(seconds) is None


@given(st.integers(min_value=0, max_value=10**9))
def test_json_minutes_of_whole_seconds_are_an_int_exactly_when_they_make_whole_minutes(
    seconds: int,
) -> None:
    shown = json_minutes(seconds)
    assert isinstance(shown, int) == (seconds % 60 == 0)


@given(st.floats(min_value=-(10**7), max_value=10**7))
def test_json_minutes_are_valid_json_within_half_a_hundredth_of_the_minutes(
    seconds: float,
) -> None:
    shown = json_minutes(seconds)
    assert shown is not None
    assert json.loads(json.dumps(shown)) == shown
    assert math.isclose(shown, seconds / 60, abs_tol=0.005 + 1e-9)
    assert isinstance(shown, int) or not shown.is_integer()


def test_minutes_are_unrounded_for_outputs_that_round_where_they_write() -> None:
    assert minutes(20) == pytest.approx(1 / 3)
    assert minutes(None) is None


# ----------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("value", "options", "text"),
    [
        (1234.5, {}, "1,234.50"),
        (-40.0, {}, "-40.00"),
        (1234.5, {"cents": False}, "1,234"),  # 1234.5 rounds half to even
        (1235.5, {"cents": False}, "1,236"),
        (1234.5, {"separators": False}, "1234.50"),
        (None, {}, "?"),
        (float("nan"), {}, "?"),
        (None, {"unknown": "\u2014"}, "\u2014"),
    ],
)
def test_money_for_people(value: float | None, options: dict[str, Any], text: str) -> None:
    assert money(value, **options) == text


@pytest.mark.parametrize(
    ("value", "shown"), [(12.345678, 12.35), (-3.0, -3.0), (None, None), (float("inf"), None)]
)
def test_json_money_is_to_the_cent_and_null_when_unknown(
    value: float | None, shown: float | None
) -> None:
    assert json_money(value) == shown


# ---------------------------------------------------------------------- relative_time


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
def test_relative_time_counts_in_the_largest_unit_that_fits(delta: timedelta, text: str) -> None:
    assert relative_time(FRIDAY + delta, FRIDAY) == text


def test_relative_time_compares_instants_across_zones() -> None:
    due = datetime(2026, 3, 27, 18, 30, tzinfo=timezone(timedelta(hours=2)))  # 16:30Z
    assert relative_time(due, FRIDAY) == "in 1h"
