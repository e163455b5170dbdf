"""FocusRun: the loop that drives the timer, driven here by a fake clock and scripted keys.

Nothing sleeps: ``FakeKeys.wait(timeout)`` moves the fake monotonic clock forward by
``timeout``, or only up to the next scripted key press (or Ctrl-C / stop signal) when one
falls inside the wait. Every phase time below is exact, because the loop is supposed to
wake exactly when a phase runs out.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from microtask.domain import timer
from microtask.domain.errors import ConflictError
from microtask.domain.timer import Interval, Outcome, TimerState
from microtask.domain.timer_config import Phase, TimerConfig
from microtask.domain.views.runs import FocusScreen
from microtask.runner import FocusRun, RunContext, RunResult, Stop

T0 = 1000.0
"""The fake monotonic clock's reading when the run starts."""
WALL0 = 1_795_000_000.0
"""The wall-clock time the fake recorder maps T0 to."""
W, S, L = Phase.WORK, Phase.SHORT_BREAK, Phase.LONG_BREAK
DONE, CUT, SKIPPED = Outcome.COMPLETED, Outcome.INTERRUPTED, Outcome.SKIPPED

Press = tuple[float, str | BaseException]
"""Seconds after T0, and the keys pressed then (or the exception ``wait`` raises then)."""


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


class FakeKeys:
    """Keys whose ``wait`` advances the fake clock instead of sleeping."""

    MAX_WAITS = 50_000

    def __init__(self, clock: FakeClock, script: Sequence[Press] = ()) -> None:
        self.clock = clock
        self.script = sorted(script, key=lambda press: press[0])
        self.timeouts: list[float] = []

    def wait(self, timeout: float) -> str:
        assert math.isfinite(timeout), timeout
        assert timeout >= 0, timeout
        self.timeouts.append(timeout)
        assert len(self.timeouts) < self.MAX_WAITS, "the loop keeps waiting: it never ends"
        if self.script and T0 + self.script[0][0] <= self.clock.now + timeout:
            at, what = self.script.pop(0)
            self.clock.now = max(self.clock.now, T0 + at)
            if isinstance(what, BaseException):
                raise what
            return what
        self.clock.now += timeout
        return ""


class Hold:
    """A stand-in for ``signals_held`` that blocks nothing but knows when it is held.

    ``land_at=k``: a signal held during the k-th outermost hold lands when it is released,
    as a real held signal does when the signal mask is restored.
    """

    def __init__(self, land_at: int | None = None, signal: type[BaseException] = Stop) -> None:
        self.depth = 0
        self.releases = 0
        self.land_at = land_at
        self.signal = signal

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if self.depth == 0:
            self.releases += 1
            if self.releases == self.land_at:
                raise self.signal()


@dataclass
class FakeRecorder:
    hold: Hold
    calls: list[tuple[str, object]] = field(default_factory=list)

    def _note(self, name: str, payload: object) -> None:
        assert self.hold.depth > 0, f"{name} was recorded without holding stop signals"
        self.calls.append((name, payload))

    def wall(self, mono: float) -> float:
        return WALL0 + (mono - T0)

    def begin(self, cycles: int) -> None:
        self._note("begin", cycles)

    def phase_started(self, state: TimerState, mono: float) -> None:
        self._note("started", (state.phase, state.cycle, state.phase_started_at, mono))

    def heartbeat(self, state: TimerState, mono: float) -> None:
        self._note("heartbeat", (mono, state.paused))

    def phase_ended(self, interval: Interval) -> None:
        self._note("ended", interval)

    def named(self, name: str) -> list[object]:
        return [payload for call, payload in self.calls if call == name]

    @property
    def started(self) -> list[object]:
        return self.named("started")

    @property
    def ended(self) -> list[Interval]:
        return [i for i in self.named("ended") if isinstance(i, Interval)]

    @property
    def beats(self) -> list[float]:
        return [beat[0] for beat in self.heartbeats]

    @property
    def heartbeats(self) -> list[tuple[float, bool]]:
        return [b for b in self.named("heartbeat") if isinstance(b, tuple)]


@dataclass
class FakeDisplay:
    frames: list[FocusScreen] = field(default_factory=list)
    started: list[tuple[FocusScreen, float]] = field(default_factory=list)
    ended: list[tuple[Interval, FocusScreen, float]] = field(default_factory=list)
    closed: int = 0

    def frame(self, screen: FocusScreen) -> None:
        self.frames.append(screen)

    def phase_started(self, screen: FocusScreen, at_wall: float) -> None:
        self.started.append((screen, at_wall))

    def phase_ended(self, interval: Interval, screen: FocusScreen, at_wall: float) -> None:
        self.ended.append((interval, screen, at_wall))

    def close(self) -> None:
        self.closed += 1


@dataclass
class Harness:
    run: FocusRun
    clock: FakeClock
    keys: FakeKeys
    recorder: FakeRecorder
    display: FakeDisplay
    alerts: list[tuple[Interval, TimerState]]
    hold: Hold


def harness(
    config: TimerConfig,
    script: Sequence[Press] = (),
    *,
    live: bool = False,
    heartbeat_seconds: float = 10.0,
    hold: Hold | None = None,
    display: FakeDisplay | None = None,
) -> Harness:
    clock = FakeClock()
    keys = FakeKeys(clock, script)
    hold = hold or Hold()
    recorder = FakeRecorder(hold)
    display = display or FakeDisplay()
    alerts: list[tuple[Interval, TimerState]] = []
    context = RunContext(
        kind="pomodoro",
        task_id=None,
        task_title=None,
        parent_title=None,
        block_title=None,
        pomodoros_before=2,
        live=live,
        interactive=True,
    )
    run = FocusRun(
        config,
        context,
        recorder,
        display,
        keys,
        clock,
        alert=lambda interval, state: alerts.append((interval, state)),
        heartbeat_seconds=heartbeat_seconds,
        hold=hold,
    )
    return Harness(run, clock, keys, recorder, display, alerts, hold)


def shape(intervals: Sequence[Interval]) -> list[tuple[Phase, int, float, float, float, Outcome]]:
    """(phase, cycle, start, end, active seconds, outcome), times relative to T0."""
    return [
        (i.phase, i.cycle, i.started_at - T0, i.ended_at - T0, i.active_seconds, i.outcome)
        for i in intervals
    ]


FOUR_CYCLES = TimerConfig(
    work_seconds=1500, short_break_seconds=300, long_break_seconds=900, long_every=2, cycles=4
)
FOUR_CYCLE_PHASES = [
    (W, 1, 0, 1500, 1500, DONE),
    (S, 1, 1500, 1800, 300, DONE),
    (W, 2, 1800, 3300, 1500, DONE),
    (L, 2, 3300, 4200, 900, DONE),
    (W, 3, 4200, 5700, 1500, DONE),
    (S, 3, 5700, 6000, 300, DONE),
    (W, 4, 6000, 7500, 1500, DONE),
]


# -- whole runs and waking up -------------------------------------------------------------


@pytest.mark.parametrize("live", [False, True], ids=["plain", "live"])
def test_a_four_cycle_run_records_four_completed_work_intervals_at_exact_phase_ends(
    live: bool,
) -> None:
    h = harness(FOUR_CYCLES, live=live)

    result = h.run.run()

    assert result == RunResult(h.run.state, stopped_early=False, interrupted_by_signal=False)
    assert result.state.finished
    assert timer.pomodoros_completed(result.state) == 4
    assert h.recorder.calls[0] == ("begin", 4)
    assert shape(h.recorder.ended) == FOUR_CYCLE_PHASES
    work = [i for i in h.recorder.ended if i.phase is W]
    assert [i.outcome for i in work] == [DONE] * 4
    # Each phase was recorded as started when the loop woke, and it woke exactly at the
    # previous phase's end: never late, never early.
    assert h.recorder.started == [
        (phase, cycle, T0 + start, T0 + start) for phase, cycle, start, *_ in FOUR_CYCLE_PHASES
    ]
    assert h.clock.now == T0 + 7500
    assert timer.focus_seconds(result.state, h.clock.now) == 4 * 1500


def test_without_a_live_view_or_heartbeats_the_loop_waits_once_per_phase() -> None:
    h = harness(FOUR_CYCLES, heartbeat_seconds=1e9)

    h.run.run()

    assert h.keys.timeouts == [1500, 300, 1500, 900, 1500, 300, 1500]
    assert shape(h.recorder.ended) == FOUR_CYCLE_PHASES


def test_a_plain_run_wakes_at_the_phase_end_not_on_a_polling_tick() -> None:
    work = 1503  # not a multiple of the heartbeat: the last wait is the 3 s to the end
    h = harness(TimerConfig(work_seconds=work, cycles=1))

    h.run.run()

    assert len(h.keys.timeouts) <= work / 10 + 3
    assert h.keys.timeouts[-1] == 3
    assert shape(h.recorder.ended) == [(W, 1, 0, work, work, DONE)]
    assert h.clock.now == T0 + work  # the clock never ran past the phase end


def test_heartbeats_are_sent_every_ten_seconds_across_phases() -> None:
    h = harness(TimerConfig(work_seconds=95, short_break_seconds=17, cycles=2))

    h.run.run()

    assert h.recorder.beats == [T0 + 10 * k for k in range(1, 21)]
    assert h.clock.now == T0 + 95 + 17 + 95
    marks = [T0, *h.recorder.beats, h.clock.now]
    assert max(later - earlier for earlier, later in itertools.pairwise(marks)) <= 10


def test_heartbeats_go_on_every_ten_seconds_while_paused() -> None:
    h = harness(TimerConfig(work_seconds=60, cycles=1), [(5, " "), (47, " ")])

    h.run.run()

    assert h.recorder.named("heartbeat") == [
        (T0 + 5, True),  # the pause itself is recorded at once
        (T0 + 10, True),
        (T0 + 20, True),
        (T0 + 30, True),
        (T0 + 40, True),
        (T0 + 47, False),  # and so is the resume
        (T0 + 50, False),
        (T0 + 60, False),
        (T0 + 70, False),
        (T0 + 80, False),
        (T0 + 90, False),
        (T0 + 100, False),
    ]
    assert shape(h.recorder.ended) == [(W, 1, 0, 102, 60, DONE)]


# -- keys ---------------------------------------------------------------------------------


def test_space_pauses_and_resumes_and_paused_time_is_not_focus() -> None:
    h = harness(TimerConfig(work_seconds=100, short_break_seconds=10, cycles=1), [(30, " ")])
    h.keys.script.append((50, "p"))  # p toggles too

    result = h.run.run()

    (interval,) = h.recorder.ended
    assert shape([interval]) == [(W, 1, 0, 120, 100, DONE)]
    assert interval.paused_seconds == 20
    assert timer.focus_seconds(result.state, h.clock.now) == 100
    assert (T0 + 30, True) in h.recorder.named("heartbeat")
    assert (T0 + 50, False) in h.recorder.named("heartbeat")
    assert not result.stopped_early


def test_s_skips_the_current_phase_and_only_completed_phases_alert() -> None:
    config = TimerConfig(work_seconds=100, short_break_seconds=50, cycles=2)
    h = harness(config, [(30, "s"), (40, "S")])

    result = h.run.run()

    assert shape(h.recorder.ended) == [
        (W, 1, 0, 30, 30, SKIPPED),
        (S, 1, 30, 40, 10, SKIPPED),
        (W, 2, 40, 140, 100, DONE),
    ]
    assert [(i.phase, i.cycle) for i, _ in h.alerts] == [(W, 2)]
    assert h.alerts[0][1].finished
    assert not result.stopped_early
    assert timer.pomodoros_completed(result.state) == 1


def test_each_completed_phase_alerts_once_with_the_state_after_it() -> None:
    h = harness(TimerConfig(work_seconds=20, short_break_seconds=5, cycles=2))

    h.run.run()

    assert [(i.phase, i.cycle, i.outcome) for i, _ in h.alerts] == [
        (W, 1, DONE),
        (S, 1, DONE),
        (W, 2, DONE),
    ]
    assert [state.phase for _, state in h.alerts[:2]] == [S, W]
    assert h.alerts[-1][1].finished


def test_q_stops_the_run_recording_the_cut_work_interval_with_the_focus_spent() -> None:
    h = harness(TimerConfig(work_seconds=100, cycles=2), [(15, " "), (25, " "), (40, "q")])

    result = h.run.run()

    assert result.stopped_early
    assert not result.interrupted_by_signal
    assert result.state.finished
    (interval,) = h.recorder.ended
    assert shape([interval]) == [(W, 1, 0, 40, 30, CUT)]
    assert interval.paused_seconds == 10
    assert len(h.recorder.started) == 1  # no break began
    assert h.alerts == []
    assert h.display.closed == 1


def test_q_in_a_break_skips_the_break_and_leaves_no_work_cut_short() -> None:
    h = harness(TimerConfig(work_seconds=20, short_break_seconds=10, cycles=3), [(24, "q")])

    result = h.run.run()

    assert result.stopped_early
    assert shape(h.recorder.ended) == [(W, 1, 0, 20, 20, DONE), (S, 1, 20, 24, 4, SKIPPED)]
    assert timer.pomodoros_completed(result.state) == 1


def test_keys_after_q_in_the_same_read_are_ignored() -> None:
    h = harness(TimerConfig(work_seconds=100, cycles=1), [(40, "q s")])

    result = h.run.run()

    assert shape(h.recorder.ended) == [(W, 1, 0, 40, 40, CUT)]
    assert result.state.finished


def test_unknown_keys_and_escape_sequences_change_nothing() -> None:
    h = harness(TimerConfig(work_seconds=100, cycles=1), [(10, "\x1b[A"), (20, "xyz\n")])

    h.run.run()

    assert shape(h.recorder.ended) == [(W, 1, 0, 100, 100, DONE)]


@pytest.mark.parametrize(
    ("raised", "by_signal"),
    [(KeyboardInterrupt(), True), (Stop("SIGTERM"), False), (Stop("SIGHUP"), False)],
    ids=["ctrl-c", "sigterm", "sighup"],
)
def test_ctrl_c_or_a_stop_signal_while_waiting_stops_the_run_as_interrupted(
    raised: BaseException, by_signal: bool
) -> None:
    h = harness(TimerConfig(work_seconds=100, cycles=2), [(40, raised)])

    result = h.run.run()

    assert result.stopped_early
    assert result.interrupted_by_signal is by_signal
    assert result.state.finished
    assert shape(h.recorder.ended) == [(W, 1, 0, 40, 40, CUT)]
    assert timer.focus_seconds(result.state, h.clock.now) == 40
    assert h.alerts == []
    assert h.display.closed == 1


def test_ctrl_c_while_paused_records_the_pause_and_the_focus_before_it() -> None:
    h = harness(TimerConfig(work_seconds=100, cycles=1), [(20, " "), (50, KeyboardInterrupt())])

    result = h.run.run()

    assert result.interrupted_by_signal
    (interval,) = h.recorder.ended
    assert shape([interval]) == [(W, 1, 0, 50, 20, CUT)]
    assert interval.paused_seconds == 30


@pytest.mark.parametrize("signal", [KeyboardInterrupt, Stop], ids=["ctrl-c", "stop"])
def test_a_signal_held_during_any_record_lands_after_it_and_the_record_matches_the_timer(
    signal: type[BaseException],
) -> None:
    """Signals are held while a record is written and land when it is done: wherever that
    is, the run ends as stopped, and the recorder heard of every interval the timer has."""
    config = TimerConfig(work_seconds=25, short_break_seconds=5, cycles=2)
    script: list[Press] = [(3, " "), (6, " "), (9, "s")]
    dry = harness(config, script)
    dry.run.run()
    releases = dry.hold.releases
    assert releases > 10

    for land_at in range(1, releases + 1):
        h = harness(config, script, hold=Hold(land_at, signal))
        result = h.run.run()

        assert result.stopped_early, land_at
        assert result.interrupted_by_signal is (signal is KeyboardInterrupt), land_at
        assert result.state.finished, land_at
        assert h.recorder.ended == list(result.state.history), land_at
        assert len(h.recorder.started) == len(result.state.history), land_at
        assert h.display.closed == 1, land_at


# -- the view -----------------------------------------------------------------------------


def test_a_live_view_gets_a_frame_each_second_with_the_time_left() -> None:
    h = harness(TimerConfig(work_seconds=5, short_break_seconds=3, cycles=2), live=True)

    h.run.run()

    frames = [(f.phase, f.remaining_seconds) for f in h.display.frames]
    assert frames == [
        ("work", 5),
        ("work", 4),
        ("work", 3),
        ("work", 2),
        ("work", 1),
        ("short_break", 3),
        ("short_break", 2),
        ("short_break", 1),
        ("work", 5),
        ("work", 4),
        ("work", 3),
        ("work", 2),
        ("work", 1),
    ]
    assert h.display.frames[0].pomodoros_today == 2
    assert h.display.frames[-1].pomodoros_today == 3  # the first of this run counts
    assert [(s.phase, s.cycle) for s, _ in h.display.started] == [
        ("work", 1),
        ("short_break", 1),
        ("work", 2),
    ]
    assert [at for _, at in h.display.started] == [WALL0, WALL0 + 5, WALL0 + 8]
    assert [(i.phase, at) for i, _, at in h.display.ended] == [
        (W, WALL0 + 5),
        (S, WALL0 + 8),
        (W, WALL0 + 13),
    ]
    assert h.display.closed == 1


def test_a_live_view_shows_a_pause_and_keeps_the_time_left_still() -> None:
    h = harness(TimerConfig(work_seconds=5, cycles=1), [(2, " "), (5, " ")], live=True)

    h.run.run()

    paused = [f.remaining_seconds for f in h.display.frames if f.paused]
    assert paused
    assert set(paused) == {3}


def test_a_plain_run_draws_no_frames_but_still_prints_phase_lines() -> None:
    h = harness(TimerConfig(work_seconds=5, short_break_seconds=3, cycles=2))

    h.run.run()

    assert h.display.frames == []
    assert len(h.display.started) == 3
    assert len(h.display.ended) == 3
    assert h.display.closed == 1


class VanishingDisplay(FakeDisplay):
    """A terminal that goes away (closed window) after the first frame."""

    def frame(self, screen: FocusScreen) -> None:
        super().frame(screen)
        raise OSError(5, "Input/output error")


def test_a_vanished_terminal_stops_the_drawing_but_not_the_run_or_its_record() -> None:
    display = VanishingDisplay()
    h = harness(
        TimerConfig(work_seconds=5, short_break_seconds=3, cycles=2), live=True, display=display
    )

    result = h.run.run()

    assert len(display.frames) == 1
    assert len(display.started) == 1
    assert display.ended == []
    assert display.closed == 0
    assert not result.stopped_early
    assert timer.pomodoros_completed(result.state) == 2
    assert len(h.recorder.ended) == 3


class RefusingRecorder(FakeRecorder):
    def begin(self, cycles: int) -> None:
        raise ConflictError("a tracking on task 1 'Invoices' is running: stop it first")


def test_a_run_refused_at_its_start_raises_and_records_nothing() -> None:
    h = harness(TimerConfig(work_seconds=100, cycles=1))
    recorder = RefusingRecorder(h.hold)
    h.run.recorder = recorder

    with pytest.raises(ConflictError, match="tracking on task 1"):
        h.run.run()

    assert recorder.calls == []
    assert h.keys.timeouts == []
    assert h.display.started == []
