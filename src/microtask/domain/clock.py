"""Time comes from an injected clock so that domain code never calls ``now()`` itself."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: for tests."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self._at = self._at + timedelta(seconds=seconds)


EARLIEST = datetime(1971, 1, 1)
LATEST = datetime(9000, 12, 31)
"""Pinned instants outside these make no sense for a task list, and near the ends of
``datetime`` every "in 3 days" or week bound would overflow."""


def default_clock() -> Clock:
    """The system clock, or the instant in ``MICROTASK_NOW`` (ISO 8601, for scripted tests)."""
    pinned = os.environ.get("MICROTASK_NOW")
    if pinned:
        try:
            at = datetime.fromisoformat(pinned)
        except ValueError:
            from microtask.domain.errors import InvalidInputError

            raise InvalidInputError(
                f"MICROTASK_NOW={pinned!r} is not an ISO 8601 date-time, "
                "e.g. 2026-11-23T10:00:00+01:00"
            ) from None
        if not EARLIEST <= at.replace(tzinfo=None) <= LATEST:
            from microtask.domain.errors import InvalidInputError

            raise InvalidInputError(
                f"MICROTASK_NOW={pinned!r} is out of range: use an instant from "
                f"{EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}"
            )
        if at.tzinfo is None:
            at = at.astimezone()
        return FixedClock(at)
    return SystemClock()
