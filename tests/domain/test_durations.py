"""Behaviour of duration parsing and of the compact form that reads back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.durations import approx_duration, format_duration, parse_duration
from microtask.domain.errors import InvalidInputError

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


# -------------------------------------------------------------------- approx_duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (45.0, "45s"),
        (59.4, "59s"),
        (60.0, "1m"),
        (89.0, "1m"),  # to the nearest minute from a minute up
        (91.0, "2m"),
        (5700.4, "1h35m"),
        (0.4, "0m"),
        (0.0, "0m"),
        (-30.0, "0m"),
    ],
)
def test_approx_duration_is_to_the_minute_from_a_minute_up_else_in_seconds(
    seconds: float, text: str
) -> None:
    assert approx_duration(seconds) == text


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), float("-inf")])
def test_approx_duration_of_something_not_a_number_is_a_question_mark(seconds: float) -> None:
    assert approx_duration(seconds) == "?"


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


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("25 mintues", "25 minutes"), ("1 huor", "1 hour"), ("25mintues", "25 minutes")],
)
def test_a_misspelt_unit_gets_did_you_mean(typed: str, meant: str) -> None:
    with pytest.raises(InvalidInputError, match=f"did you mean {meant}\\?"):
        parse_duration(typed)


@pytest.mark.parametrize("typed", ["blah", "2 weeks", "soon"])
def test_no_suggestion_for_what_no_unit_is_close_to(typed: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_duration(typed)
    assert "did you mean" not in str(caught.value)
