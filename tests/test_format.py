"""Behaviour of the shared shown forms in ``microtask.format``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from microtask.format import relative_time

FRIDAY = datetime(2026, 3, 27, 15, 30, tzinfo=UTC)

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
