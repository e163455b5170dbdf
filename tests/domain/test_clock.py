"""Clocks: the fixed clock for tests, and MICROTASK_NOW for scripted runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from microtask.domain.clock import FixedClock, SystemClock, default_clock


def test_fixed_clock_moves_only_when_told_and_stays_in_utc() -> None:
    clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=1))))
    assert clock.now() == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    clock.advance(90)
    assert clock.now() == datetime(2026, 11, 23, 9, 1, 30, tzinfo=UTC)


def test_fixed_clock_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2026, 11, 23))


def test_microtask_now_pins_the_default_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROTASK_NOW", "2026-11-23T10:00:00+01:00")
    assert default_clock().now() == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    monkeypatch.delenv("MICROTASK_NOW")
    assert isinstance(default_clock(), SystemClock)


def test_a_bad_microtask_now_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from microtask.domain.errors import InvalidInputError

    monkeypatch.setenv("MICROTASK_NOW", "yesterday-ish")
    with pytest.raises(InvalidInputError, match="MICROTASK_NOW"):
        default_clock()
