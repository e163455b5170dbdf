"""The loop behind `microtask pomodoro` and `microtask block run`.

It drives the pure timer (``domain/timer.py``) with a monotonic clock, reads keys, refreshes
the view, and tells the recorder about every phase start and end. Everything it touches is
injected (clock, keys, display, recorder, alerts), so tests run whole sequences without
sleeping.

Waiting is done by the key source with a timeout computed from the timer: the loop wakes at
the exact moment a phase runs out (not on a polling tick), at the next heartbeat, and, with a
live view, when the displayed second changes. That keeps phase ends exact and the CPU idle.
"""

from __future__ import annotations

import math
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from microtask.domain import timer
from microtask.domain.record import mutable_record, record
from microtask.domain.sessions import HEARTBEAT_SECONDS
from microtask.domain.timer import Interval, TimerState
from microtask.domain.timer_config import Phase, TimerConfig
from microtask.domain.views.runs import FocusScreen


class Keys(Protocol):
    def wait(self, timeout: float) -> str:
        """Wait up to ``timeout`` seconds; return the keys pressed ('' when none)."""
        ...


class Display(Protocol):
    def frame(self, screen: FocusScreen) -> None: ...
    def phase_started(self, screen: FocusScreen, at_wall: float) -> None: ...
    def phase_ended(self, interval: Interval, screen: FocusScreen, at_wall: float) -> None: ...
    def close(self) -> None: ...


class Recorder(Protocol):
    def wall(self, mono: float) -> float: ...
    def begin(self, cycles: int) -> None: ...
    def phase_started(self, state: TimerState, mono: float) -> None: ...
    def heartbeat(self, state: TimerState, mono: float) -> None: ...
    def phase_ended(self, interval: Interval) -> None: ...


@record
class RunContext:
    """What the view shows besides the timer."""

    kind: str
    task_id: int | None
    task_title: str | None
    parent_title: str | None
    block_title: str | None
    pomodoros_before: int
    """Pomodoros completed today before this run."""
    live: bool
    """A live view that redraws as the seconds pass (else only phase lines)."""
    interactive: bool


class Stop(Exception):
    """SIGTERM / SIGHUP (``microtask stop``, a closed terminal): stop like q."""


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP while a record is written: they land right after."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    def _raise(signum: int, _frame: object) -> None:
        raise Stop(signal.Signals(signum).name)

    previous = {s: signal.signal(s, _raise) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@mutable_record
class RunResult:
    state: TimerState
    stopped_early: bool
    interrupted_by_signal: bool
    """Ctrl-C (exit 130) rather than q or the natural end."""


class FocusRun:
    state: TimerState
    """The timer as of the last operation (set by ``run``)."""

    def __init__(
        self,
        config: TimerConfig,
        context: RunContext,
        recorder: Recorder,
        display: Display,
        keys: Keys,
        clock: Callable[[], float],
        alert: Callable[[Interval, TimerState], None] = lambda _i, _s: None,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        hold: Callable[[], AbstractContextManager[None]] | None = None,
    ) -> None:
        self.config = config
        self.context = context
        self.recorder = recorder
        self.display = display
        self.keys = keys
        self.clock = clock
        self.alert = alert
        self.heartbeat_seconds = heartbeat_seconds
        self.hold = hold or signals_held
        self._view_lost = False

    # -- the view ----------------------------------------------------------------------

    def screen(self, state: TimerState, now: float) -> FocusScreen:
        ctx = self.context
        return FocusScreen(
            kind=ctx.kind,
            task_id=ctx.task_id,
            task_title=ctx.task_title,
            parent_title=ctx.parent_title,
            block_title=ctx.block_title,
            phase=state.phase.value,
            remaining_seconds=timer.remaining(state, now),
            phase_seconds=timer.phase_length(state),
            cycle=state.cycle,
            cycles=state.config.cycles,
            paused=state.paused,
            pomodoros_today=ctx.pomodoros_before + timer.pomodoros_completed(state),
            focus_seconds=timer.focus_seconds(state, now),
            interactive=ctx.interactive,
        )

    # -- transitions -------------------------------------------------------------------

    def _apply(self, before: TimerState, after: TimerState, now: float) -> TimerState:
        """Record and show what changed between two states: ended phases, a new phase."""
        for interval in after.history[len(before.history) :]:
            with self.hold():
                self.recorder.phase_ended(interval)
            self._show(
                self.display.phase_ended,
                interval,
                self.screen(after, now),
                self.recorder.wall(interval.ended_at),
            )
            if interval.outcome is timer.Outcome.COMPLETED:
                self.alert(interval, after)
        if not after.finished and after.phase_started_at != before.phase_started_at:
            with self.hold():
                self.recorder.phase_started(after, now)
            self._show(
                self.display.phase_started,
                self.screen(after, now),
                self.recorder.wall(after.phase_started_at),
            )
        elif after.paused != before.paused and not after.finished:
            with self.hold():
                self.recorder.heartbeat(after, now)
        return after

    def _wait_for(self, state: TimerState, now: float, next_beat: float) -> float:
        """Seconds to sleep: until the phase runs out, the heartbeat, or the next second."""
        wake = next_beat
        if not state.paused:
            wake = min(wake, now + timer.remaining(state, now))
        if self.context.live:
            left = timer.remaining(state, now)
            fraction = left - math.floor(left)
            step = fraction if fraction > 0.02 else fraction + 1.0
            wake = min(wake, now + max(step, 0.25))
        return max(wake - now, 0.0)

    def _show(self, method: Callable[..., None], *args: object) -> None:
        """Draw, unless the terminal is gone (closed window, broken pipe): the timer and its
        record go on without a view."""
        if self._view_lost:
            return
        try:
            method(*args)
        except OSError:
            self._view_lost = True

    def _step(self, operation: Callable[[TimerState, float], TimerState]) -> None:
        """Apply one timer operation and record it, with stop signals held throughout, so the
        state and the record never disagree when Ctrl-C lands."""
        with self.hold():
            now = self.clock()
            self.state = self._apply(self.state, operation(self.state, now), now)

    def run(self) -> RunResult:
        """Run to the end, a stop key, Ctrl-C or a stop signal; the record is always closed."""
        stopped_early = False
        by_signal = False
        try:
            # Inside the try: a Ctrl-C or stop signal held while the start is recorded
            # lands as this block ends, and must stop the run like any other.
            with self.hold():
                start_at = self.clock()
                self.recorder.begin(self.config.cycles)
                self.state = timer.start(self.config, start_at)
                self.recorder.phase_started(self.state, start_at)
            self._show(
                self.display.phase_started,
                self.screen(self.state, start_at),
                self.recorder.wall(start_at),
            )
            next_beat = start_at + self.heartbeat_seconds
            while not self.state.finished:
                self._step(lambda state, now: timer.advance(state, now)[0])
                if self.state.finished:
                    break
                now = self.clock()
                if now >= next_beat:
                    with self.hold():
                        self.recorder.heartbeat(self.state, now)
                    next_beat = now + self.heartbeat_seconds
                if self.context.live:
                    self._show(self.display.frame, self.screen(self.state, now))
                for key in self.keys.wait(self._wait_for(self.state, now, next_beat)):
                    if key == " " or key in "pP":
                        self._step(timer.toggle)
                    elif key in "sS":
                        self._step(timer.skip)
                    elif key in "qQ":
                        stopped_early = True
                        self._step(timer.stop)
                    if self.state.finished:
                        break
        except (KeyboardInterrupt, Stop) as error:
            by_signal = isinstance(error, KeyboardInterrupt)
            stopped_early = True
            self._step(timer.stop)
        finally:
            self._show(self.display.close)
        return RunResult(self.state, stopped_early, by_signal)


__all__ = ["FocusRun", "Phase", "RunContext", "RunResult", "Stop", "stop_on_signals"]
