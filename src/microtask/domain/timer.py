"""The pomodoro timer as a pure state machine: work, short break and long break cycles.

Nothing here reads a clock, sleeps or does I/O. Every transition takes ``now``: seconds, as a
float, from a *monotonic* clock owned by the caller. States are immutable; each function
returns a new state (or the same one when the operation is a no-op).

Clock notes:

* The wall clock is not used at all, so a wall-clock jump (NTP, DST, the user changing the
  time) cannot lengthen or shorten a phase. The caller records wall-clock start and end
  times separately if it wants them for display or storage.
* ``now`` should never go backwards, but a caller bug or a misbehaving clock could make it
  do so. Every state remembers the latest time it has seen (``last_seen_at``) and each
  function treats an earlier (or non-finite) ``now`` as that latest time: elapsed time never
  goes backwards, never goes negative, and recorded intervals stay ordered.
* Operations first "catch up" like :func:`advance`: a phase whose time ran out before the
  operation is completed at the exact moment it ran out, then the operation applies to the
  phase that is current at ``now``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from enum import StrEnum

from microtask.domain.record import record
from microtask.domain.timer_config import Phase, TimerConfig


class Outcome(StrEnum):
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    SKIPPED = "skipped"


@record
class Interval:
    """A finished phase, for the record. ``active_seconds + paused_seconds`` spans it."""

    phase: Phase
    cycle: int
    started_at: float
    ended_at: float
    active_seconds: float
    paused_seconds: float
    outcome: Outcome


@record
class TimerState:
    config: TimerConfig
    phase: Phase
    cycle: int
    """1-based index of the current (or last) work interval; a break shares its work's cycle."""
    phase_started_at: float
    active_before_pause: float
    """Active seconds accumulated before the current running segment (or the current pause)."""
    segment_started_at: float | None
    """When the current running segment began; ``None`` while paused or finished."""
    paused_seconds: float
    """Paused seconds in the current phase, not counting the pause in progress."""
    pause_started_at: float | None
    finished: bool
    history: tuple[Interval, ...]
    last_seen_at: float = -math.inf
    """The latest ``now`` any transition has seen: earlier times are clamped up to it."""

    @property
    def paused(self) -> bool:
        return not self.finished and self.segment_started_at is None


# -- queries ------------------------------------------------------------------------------


def _latest(state: TimerState) -> float:
    latest = max(state.last_seen_at, state.phase_started_at)
    if state.segment_started_at is not None:
        latest = max(latest, state.segment_started_at)
    if state.pause_started_at is not None:
        latest = max(latest, state.pause_started_at)
    return latest


def _clamp(state: TimerState, now: float) -> float:
    """``now``, but never earlier than anything the state has already seen."""
    latest = _latest(state)
    if not math.isfinite(now) or now < latest:
        return latest
    return now


def phase_length(state: TimerState) -> float:
    return state.config.length_of(state.phase)


def _raw_elapsed(state: TimerState, t: float) -> float:
    if state.finished:
        return 0.0
    active = state.active_before_pause
    if state.segment_started_at is not None:
        active += t - state.segment_started_at
    return active


def elapsed(state: TimerState, now: float) -> float:
    """Active seconds in the current phase: pauses excluded, within ``[0, phase length]``."""
    active = _raw_elapsed(state, _clamp(state, now))
    return min(max(active, 0.0), phase_length(state))


def remaining(state: TimerState, now: float) -> float:
    """Seconds left in the current phase; 0 once the run is finished."""
    if state.finished:
        return 0.0
    return max(phase_length(state) - elapsed(state, now), 0.0)


def next_phase(config: TimerConfig, phase: Phase, cycle: int) -> tuple[Phase, int] | None:
    """The phase after ``phase`` in ``cycle``, or ``None`` when the run ends there."""
    if phase is Phase.WORK:
        if cycle >= config.cycles:
            return None
        if cycle % config.long_every == 0:
            return Phase.LONG_BREAK, cycle
        return Phase.SHORT_BREAK, cycle
    return Phase.WORK, cycle + 1


def pomodoros_completed(state: TimerState) -> int:
    return sum(
        1
        for interval in state.history
        if interval.phase is Phase.WORK and interval.outcome is Outcome.COMPLETED
    )


def focus_seconds(state: TimerState, now: float) -> float:
    """Active work seconds: finished work intervals plus the current work phase so far."""
    total = sum(i.active_seconds for i in state.history if i.phase is Phase.WORK)
    if not state.finished and state.phase is Phase.WORK:
        total += elapsed(state, now)
    return total


# -- transitions --------------------------------------------------------------------------


def start(config: TimerConfig, now: float) -> TimerState:
    if not math.isfinite(now):
        raise ValueError(f"the timer needs a finite start time, got {now!r}")
    return _begin(config, Phase.WORK, 1, now, ())


def _begin(
    config: TimerConfig, phase: Phase, cycle: int, at: float, history: tuple[Interval, ...]
) -> TimerState:
    return TimerState(
        config=config,
        phase=phase,
        cycle=cycle,
        phase_started_at=at,
        active_before_pause=0.0,
        segment_started_at=at,
        paused_seconds=0.0,
        pause_started_at=None,
        finished=False,
        history=history,
        last_seen_at=at,
    )


def _close(state: TimerState, at: float, outcome: Outcome, active: float) -> Interval:
    paused = state.paused_seconds
    if state.pause_started_at is not None:
        paused += at - state.pause_started_at
    return Interval(
        phase=state.phase,
        cycle=state.cycle,
        started_at=state.phase_started_at,
        ended_at=at,
        active_seconds=active,
        paused_seconds=paused,
        outcome=outcome,
    )


def _move_on(state: TimerState, interval: Interval, last_seen: float) -> TimerState:
    """Record ``interval`` and start the phase after it at its end (or finish the run)."""
    history = (*state.history, interval)
    following = next_phase(state.config, state.phase, state.cycle)
    at = interval.ended_at
    following_state = (
        _finished(state, at, history)
        if following is None
        else _begin(state.config, *following, at, history)
    )
    return replace(following_state, last_seen_at=max(last_seen, at))


def _finished(state: TimerState, at: float, history: tuple[Interval, ...]) -> TimerState:
    """The run is over: the last phase stays as it was, with no time counting."""
    begun = _begin(state.config, state.phase, state.cycle, at, history)
    return replace(begun, segment_started_at=None, finished=True)


def _catch_up(state: TimerState, t: float) -> tuple[TimerState, list[Interval]]:
    """Complete every running phase whose time ran out at or before ``t`` (already clamped)."""
    ended: list[Interval] = []
    while not state.finished and state.segment_started_at is not None:
        length = phase_length(state)
        runs_out_at = state.segment_started_at + (length - state.active_before_pause)
        if runs_out_at > t:
            break
        interval = _close(state, runs_out_at, Outcome.COMPLETED, length)
        ended.append(interval)
        state = _move_on(state, interval, t)
    if not state.finished and state.last_seen_at < t:
        state = replace(state, last_seen_at=t)
    return state, ended


def advance(state: TimerState, now: float) -> tuple[TimerState, list[Interval]]:
    """The tick: complete every phase whose time is up, each at the exact moment it ran out.

    Returns the new state and the intervals that ended during this call (possibly several
    when ``now`` jumped far ahead). A paused phase never runs out.
    """
    if state.finished:
        return state, []
    return _catch_up(state, _clamp(state, now))


def pause(state: TimerState, now: float) -> TimerState:
    """Pause the current phase; a no-op when already paused or finished."""
    if state.finished or state.segment_started_at is None:
        return state
    t = _clamp(state, now)
    state, _ = _catch_up(state, t)
    if state.finished:
        return state
    assert state.segment_started_at is not None  # _catch_up leaves a new phase running
    return replace(
        state,
        active_before_pause=state.active_before_pause + (t - state.segment_started_at),
        segment_started_at=None,
        pause_started_at=t,
        last_seen_at=t,
    )


def resume(state: TimerState, now: float) -> TimerState:
    """Resume a paused phase; a no-op when running or finished."""
    if state.finished or state.pause_started_at is None:
        return state
    t = _clamp(state, now)
    return replace(
        state,
        segment_started_at=t,
        paused_seconds=state.paused_seconds + (t - state.pause_started_at),
        pause_started_at=None,
        last_seen_at=t,
    )


def toggle(state: TimerState, now: float) -> TimerState:
    """Pause when running, resume when paused (the space key)."""
    if state.paused:
        return resume(state, now)
    return pause(state, now)


def _end_now(state: TimerState, now: float, *, stopping: bool) -> TimerState:
    if state.finished:
        return state
    t = _clamp(state, now)
    state, _ = _catch_up(state, t)
    if state.finished:
        return state
    active = elapsed(state, t)
    work_cut_short = stopping and state.phase is Phase.WORK
    outcome = Outcome.INTERRUPTED if work_cut_short else Outcome.SKIPPED
    interval = _close(state, t, outcome, active)
    if stopping:
        return _finished(state, t, (*state.history, interval))
    return _move_on(state, interval, t)


def skip(state: TimerState, now: float) -> TimerState:
    """End the current phase now as SKIPPED and start the next one (running)."""
    return _end_now(state, now, stopping=False)


def stop(state: TimerState, now: float) -> TimerState:
    """End the run now: work cut short is INTERRUPTED, a break cut short is SKIPPED."""
    return _end_now(state, now, stopping=True)
