"""The pomodoro state machine: phases, exact boundaries, pauses, skip/stop, clock robustness."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.timer import (
    Interval,
    Outcome,
    TimerState,
    advance,
    elapsed,
    focus_seconds,
    next_phase,
    pause,
    phase_length,
    pomodoros_completed,
    remaining,
    resume,
    skip,
    start,
    stop,
    toggle,
)
from microtask.domain.timer_config import PHASE_NAMES, Phase, TimerConfig

W, S, L = Phase.WORK, Phase.SHORT_BREAK, Phase.LONG_BREAK
T0 = 1000.0  # an arbitrary monotonic reading


def run_with_ticks(config: TimerConfig, tick: float, until: float) -> TimerState:
    """Drive a whole run from T0 with advance() every ``tick`` seconds."""
    state = start(config, T0)
    t = T0
    while not state.finished and t < T0 + until:
        t += tick
        state, _ = advance(state, t)
    return state


def assert_contiguous(history: tuple[Interval, ...], begin: float) -> None:
    previous_end = begin
    for interval in history:
        assert interval.started_at == pytest.approx(previous_end, abs=1e-6)
        assert interval.ended_at >= interval.started_at
        span = interval.ended_at - interval.started_at
        assert interval.active_seconds + interval.paused_seconds == pytest.approx(span, abs=1e-6)
        previous_end = interval.ended_at


# -- whole runs ---------------------------------------------------------------------------


def test_four_cycles_alternate_work_and_short_breaks_and_end_after_the_last_work() -> None:
    config = TimerConfig(work_seconds=25, short_break_seconds=5, long_break_seconds=15)
    state = run_with_ticks(config, 1.0, until=10_000)
    assert state.finished
    assert [i.phase for i in state.history] == [W, S, W, S, W, S, W]
    assert [i.cycle for i in state.history] == [1, 1, 2, 2, 3, 3, 4]
    assert all(i.outcome is Outcome.COMPLETED for i in state.history)
    assert pomodoros_completed(state) == 4
    assert focus_seconds(state, T0 + 10_000) == 100
    assert state.history[-1].ended_at == T0 + 4 * 25 + 3 * 5
    assert_contiguous(state.history, T0)


def test_eight_cycles_take_a_long_break_after_the_fourth_work_interval() -> None:
    config = TimerConfig(
        work_seconds=25, short_break_seconds=5, long_break_seconds=15, long_every=4, cycles=8
    )
    state = run_with_ticks(config, 1.0, until=10_000)
    assert [i.phase for i in state.history] == [W, S, W, S, W, S, W, L, W, S, W, S, W, S, W]
    assert pomodoros_completed(state) == 8


def test_next_phase_follows_the_cycle_rules() -> None:
    config = TimerConfig(long_every=2, cycles=5)
    assert next_phase(config, W, 1) == (S, 1)
    assert next_phase(config, W, 2) == (L, 2)
    assert next_phase(config, W, 4) == (L, 4)
    assert next_phase(config, S, 1) == (W, 2)
    assert next_phase(config, L, 4) == (W, 5)
    assert next_phase(config, W, 5) is None


def test_a_single_cycle_run_ends_after_its_work_interval() -> None:
    state, ended = advance(start(TimerConfig(work_seconds=10, cycles=1), T0), T0 + 10)
    assert state.finished
    assert [(i.phase, i.outcome, i.ended_at) for i in ended] == [(W, Outcome.COMPLETED, T0 + 10)]


# -- exact boundaries ---------------------------------------------------------------------


def test_coarse_ticks_still_record_the_exact_moment_each_phase_ran_out() -> None:
    config = TimerConfig(work_seconds=25, short_break_seconds=5, long_break_seconds=15)
    state = run_with_ticks(config, 7.0, until=10_000)
    ends = [i.ended_at - T0 for i in state.history]
    assert ends == [25, 30, 55, 60, 85, 90, 115]
    assert_contiguous(state.history, T0)


def test_a_coarse_tick_starts_the_next_phase_at_the_boundary_not_at_the_tick() -> None:
    config = TimerConfig(work_seconds=25, short_break_seconds=5)
    state, ended = advance(start(config, T0), T0 + 28)
    assert [i.ended_at for i in ended] == [T0 + 25]
    assert state.phase is S
    assert state.phase_started_at == T0 + 25
    assert elapsed(state, T0 + 28) == 3
    assert remaining(state, T0 + 28) == 2


def test_one_advance_an_hour_ahead_completes_several_phases_at_their_exact_ends() -> None:
    state, ended = advance(start(TimerConfig(), T0), T0 + 3500)
    # 1500 work, 300 break, 1500 work (ends at 3300), then a break running since 3300.
    assert [(i.phase, i.ended_at - T0) for i in ended] == [(W, 1500), (S, 1800), (W, 3300)]
    assert all(i.outcome is Outcome.COMPLETED for i in ended)
    assert ended == list(state.history)
    assert state.phase is S
    assert state.cycle == 2
    assert elapsed(state, T0 + 3500) == 200
    assert remaining(state, T0 + 3500) == 100
    later, more = advance(state, T0 + 3600)
    assert [i.ended_at - T0 for i in more] == [3600]
    assert later.phase is W
    assert later.cycle == 3


def test_advance_before_the_end_changes_nothing_but_returns_no_intervals() -> None:
    state = start(TimerConfig(), T0)
    after, ended = advance(state, T0 + 1499.5)
    assert ended == []
    assert after.phase is W
    assert remaining(after, T0 + 1499.5) == pytest.approx(0.5)


# -- pause and resume ---------------------------------------------------------------------


def test_a_pause_in_the_middle_pushes_the_end_back_by_its_length() -> None:
    state = pause(start(TimerConfig(), T0), T0 + 700)
    state, ended = advance(state, T0 + 750)
    assert ended == []
    assert elapsed(state, T0 + 750) == 700
    state = resume(state, T0 + 800)
    assert remaining(state, T0 + 800) == 800
    state, ended = advance(state, T0 + 1599)
    assert ended == []
    state, ended = advance(state, T0 + 1650)
    assert len(ended) == 1
    assert ended[0].ended_at == T0 + 1600
    assert ended[0].active_seconds == 1500
    assert ended[0].paused_seconds == 100
    assert ended[0].outcome is Outcome.COMPLETED


def test_a_paused_phase_never_runs_out() -> None:
    state = pause(start(TimerConfig(), T0), T0 + 700)
    state, ended = advance(state, T0 + 50_000)
    assert ended == []
    assert state.paused
    assert elapsed(state, T0 + 50_000) == 700


def test_pause_and_resume_are_no_ops_in_the_wrong_state() -> None:
    running = start(TimerConfig(), T0)
    assert resume(running, T0 + 10) is running
    paused = pause(running, T0 + 10)
    assert pause(paused, T0 + 20) is paused


def test_toggling_twice_leaves_the_remaining_time_unchanged() -> None:
    state = start(TimerConfig(), T0)
    before = remaining(state, T0 + 300)
    state = toggle(toggle(state, T0 + 300), T0 + 300)
    assert remaining(state, T0 + 300) == before
    paused = toggle(state, T0 + 400)
    assert paused.paused
    assert remaining(paused, T0 + 999) == 1100
    assert not toggle(paused, T0 + 999).paused


def test_pausing_after_a_missed_tick_completes_the_expired_phase_first() -> None:
    state = pause(start(TimerConfig(), T0), T0 + 1510)
    assert [(i.phase, i.ended_at - T0) for i in state.history] == [(W, 1500)]
    assert state.phase is S
    assert state.paused
    assert elapsed(state, T0 + 9999) == 10


# -- skip and stop ------------------------------------------------------------------------


def test_skipping_work_records_it_as_skipped_and_does_not_count_a_pomodoro() -> None:
    state = skip(start(TimerConfig(), T0), T0 + 600)
    assert [(i.phase, i.outcome, i.active_seconds) for i in state.history] == [
        (W, Outcome.SKIPPED, 600)
    ]
    assert pomodoros_completed(state) == 0
    assert state.phase is S
    assert state.phase_started_at == T0 + 600
    assert focus_seconds(state, T0 + 600) == 600


def test_skipping_the_last_work_interval_finishes_the_run() -> None:
    state = skip(start(TimerConfig(cycles=1), T0), T0 + 5)
    assert state.finished
    assert state.history[-1].outcome is Outcome.SKIPPED


def test_stopping_work_after_600_active_seconds_and_a_pause_is_an_interruption() -> None:
    state = start(TimerConfig(), T0)
    state = pause(state, T0 + 400)
    state = resume(state, T0 + 460)
    state = stop(state, T0 + 660)
    assert state.finished
    (interval,) = state.history
    assert interval.outcome is Outcome.INTERRUPTED
    assert interval.active_seconds == 600
    assert interval.paused_seconds == 60
    assert interval.ended_at == T0 + 660
    assert pomodoros_completed(state) == 0
    assert focus_seconds(state, T0 + 9999) == 600


def test_stopping_while_paused_counts_the_pause_so_far() -> None:
    state = stop(pause(start(TimerConfig(), T0), T0 + 100), T0 + 130)
    (interval,) = state.history
    assert (interval.active_seconds, interval.paused_seconds) == (100, 30)


def test_stopping_during_a_break_records_the_break_as_skipped() -> None:
    state, _ = advance(start(TimerConfig(), T0), T0 + 1600)
    state = stop(state, T0 + 1600)
    assert state.finished
    assert [(i.phase, i.outcome) for i in state.history] == [
        (W, Outcome.COMPLETED),
        (S, Outcome.SKIPPED),
    ]
    assert state.history[-1].active_seconds == 100
    assert pomodoros_completed(state) == 1


Operation = Callable[[TimerState, float], TimerState]


@pytest.mark.parametrize("operation", [pause, resume, toggle, skip, stop])
def test_operations_after_the_run_finished_are_no_ops(operation: Operation) -> None:
    done = stop(start(TimerConfig(), T0), T0 + 60)
    assert operation(done, T0 + 120) is done
    assert advance(done, T0 + 99_999) == (done, [])
    assert elapsed(done, T0 + 120) == 0
    assert remaining(done, T0 + 120) == 0
    assert focus_seconds(done, T0 + 120) == 60


# -- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"work_seconds": 0},
        {"work_seconds": -5},
        {"short_break_seconds": 0},
        {"long_break_seconds": -1},
        {"work_seconds": 86_401},
        {"short_break_seconds": math.nan},
        {"long_every": 0},
        {"cycles": 0},
        {"cycles": 101},
    ],
)
def test_a_bad_configuration_is_a_user_error(overrides: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError) as raised:
        TimerConfig(**overrides)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)
    assert next(iter(overrides)) in str(raised.value)


def test_the_configuration_limits_themselves_are_allowed() -> None:
    config = TimerConfig(work_seconds=86_400, short_break_seconds=0.5, long_every=1, cycles=100)
    assert phase_length(start(config, T0)) == 86_400


# -- clock robustness ---------------------------------------------------------------------


def test_a_clock_going_backwards_never_makes_elapsed_negative_or_shrink() -> None:
    state = start(TimerConfig(), T0)
    assert elapsed(state, T0 - 50) == 0
    assert remaining(state, T0 - 50) == 1500
    state, _ = advance(state, T0 + 100)
    assert elapsed(state, T0 + 40) == 100
    assert elapsed(state, T0 - 1e9) == 100
    state = pause(state, T0 + 10)  # clamped: the pause starts at T0 + 100
    assert elapsed(state, T0) == 100
    state = resume(state, T0 + 5)
    assert state.paused_seconds == 0
    assert elapsed(state, T0 + 150) == 150
    state = stop(state, T0 + 90)  # before the last time seen: ends at T0 + 100
    assert state.history[-1].ended_at == T0 + 100
    assert state.history[-1].active_seconds == 100


def test_a_non_finite_now_is_treated_as_no_time_passing() -> None:
    state = start(TimerConfig(), T0)
    assert elapsed(state, math.nan) == 0
    state, ended = advance(state, math.inf)
    assert ended == []
    assert not state.finished
    with pytest.raises(ValueError, match="finite"):
        start(TimerConfig(), math.nan)


# -- properties ---------------------------------------------------------------------------

OPERATIONS: dict[str, Operation] = {
    "advance": lambda s, t: advance(s, t)[0],
    "pause": pause,
    "resume": resume,
    "toggle": toggle,
    "skip": skip,
    "stop": stop,
}

small_config = st.builds(
    TimerConfig,
    work_seconds=st.integers(1, 60).map(float),
    short_break_seconds=st.floats(0.5, 20),
    long_break_seconds=st.floats(0.5, 40),
    long_every=st.integers(1, 4),
    cycles=st.integers(1, 6),
)


def check_invariants(state: TimerState, now: float) -> None:
    assert 0 <= elapsed(state, now) <= phase_length(state)
    assert 0 <= remaining(state, now) <= phase_length(state)
    assert_contiguous(state.history, T0)
    assert pomodoros_completed(state) <= state.config.cycles
    assert len([i for i in state.history if i.phase is Phase.WORK]) <= state.config.cycles


@settings(max_examples=150, deadline=None)
@given(
    config=small_config,
    steps=st.lists(st.tuples(st.sampled_from(sorted(OPERATIONS)), st.floats(0, 50)), max_size=40),
)
def test_random_operations_keep_the_timer_consistent(
    config: TimerConfig, steps: list[tuple[str, float]]
) -> None:
    state = start(config, T0)
    now = T0
    focus = 0.0
    for name, step in steps:
        now += step
        state = OPERATIONS[name](state, now)
        check_invariants(state, now)
        current_focus = focus_seconds(state, now)
        assert current_focus >= focus - 1e-9
        focus = current_focus
    if state.finished:
        assert state.history
        assert state.history[-1].phase is Phase.WORK or state.history[-1].outcome in (
            Outcome.SKIPPED,
            Outcome.INTERRUPTED,
        )


@settings(max_examples=100, deadline=None)
@given(
    config=small_config,
    steps=st.lists(
        st.tuples(st.sampled_from(sorted(OPERATIONS)), st.floats(-100, 50)), max_size=40
    ),
)
def test_a_clock_jumping_backwards_never_breaks_the_timer(
    config: TimerConfig, steps: list[tuple[str, float]]
) -> None:
    state = start(config, T0)
    now = T0
    last_elapsed = 0.0
    focus = 0.0
    for name, step in steps:
        now += step
        before = state
        # The live view ticks after every key press: that is when the state sees `now`.
        state, _ = advance(OPERATIONS[name](state, now), now)
        check_invariants(state, now)
        if state.phase is before.phase and state.cycle == before.cycle and not state.finished:
            assert elapsed(state, now) >= last_elapsed - 1e-9
        last_elapsed = elapsed(state, now)
        current_focus = focus_seconds(state, now)
        assert current_focus >= focus - 1e-9
        focus = current_focus


def test_every_phase_has_a_name_for_sentences_looked_up_by_its_stored_value() -> None:
    assert set(PHASE_NAMES) == {phase.value for phase in Phase}
    assert PHASE_NAMES["short_break"] == "short break"
