"""The pomodoro timer's settings and its phases: what the settings file configures, apart
from the state machine (``timer``), which only a running pomodoro needs."""

from __future__ import annotations

from enum import StrEnum

from microtask.domain.errors import InvalidInputError
from microtask.domain.record import record

MAX_PHASE_SECONDS = 86_400.0
MAX_CYCLES = 100


class Phase(StrEnum):
    WORK = "work"
    SHORT_BREAK = "short_break"
    LONG_BREAK = "long_break"


PHASE_NAMES: dict[str, str] = {
    Phase.WORK: "work",
    Phase.SHORT_BREAK: "short break",
    Phase.LONG_BREAK: "long break",
}
"""What each phase is called in a sentence, by its stored value (``short_break``)."""


def _check_duration(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"{name} must be a number of seconds, got {value!r}")
    if not 0 < value <= MAX_PHASE_SECONDS:  # also rejects NaN
        raise InvalidInputError(
            f"{name} must be more than 0 and at most {MAX_PHASE_SECONDS:g} seconds (a day), "
            f"got {value!r}"
        )


def _check_int(name: str, value: int, low: int, high: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"{name} must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"at least {low}" if high is None else f"between {low} and {high}"
        raise InvalidInputError(f"{name} must be {bound}, got {value}")


@record
class TimerConfig:
    work_seconds: float = 1500
    short_break_seconds: float = 300
    long_break_seconds: float = 900
    long_every: int = 4
    """A long break follows every ``long_every``-th work interval."""
    cycles: int = 4
    """How many work intervals to run; the run ends after the last one (no break after it)."""

    def __post_init__(self) -> None:
        _check_duration("work_seconds", self.work_seconds)
        _check_duration("short_break_seconds", self.short_break_seconds)
        _check_duration("long_break_seconds", self.long_break_seconds)
        _check_int("long_every", self.long_every, 1, None)
        _check_int("cycles", self.cycles, 1, MAX_CYCLES)

    def length_of(self, phase: Phase) -> float:
        if phase is Phase.WORK:
            return float(self.work_seconds)
        if phase is Phase.SHORT_BREAK:
            return float(self.short_break_seconds)
        return float(self.long_break_seconds)
