"""RunRecorder: what a pomodoro or block run writes, phase by phase, and what wall-clock
jumps do (nothing: recorded lengths come from the monotonic clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from microtask.domain import timer
from microtask.domain.clock import FixedClock
from microtask.domain.errors import ConflictError
from microtask.domain.sessions import SessionKind, SessionOutcome
from microtask.domain.timer_config import TimerConfig
from microtask.services import App, TaskFields, add_task
from microtask.services.recording import RunRecorder
from microtask.services.tracking import current_status, start_tracking
from tests.factories import T0

MONO0 = 5_000.0


def test_a_wall_clock_jump_mid_run_changes_neither_the_recorded_length_nor_the_start(
    app: App, clock: FixedClock
) -> None:
    config = TimerConfig(work_seconds=1500, short_break_seconds=300, cycles=2)
    recorder = RunRecorder(app, SessionKind.POMODORO, None, None, MONO0)
    recorder.begin(config.cycles)
    state = timer.start(config, MONO0)
    recorder.phase_started(state, MONO0)

    clock.set(T0 - timedelta(hours=3))  # NTP or the user moves the clock back
    recorder.heartbeat(state, MONO0 + 600)
    clock.set(T0 + timedelta(days=1))  # ... then far forward
    state, ended = timer.advance(state, MONO0 + 1500)
    for interval in ended:
        recorder.phase_ended(interval)
    recorder.phase_started(state, MONO0 + 1500)
    state = timer.stop(state, MONO0 + 1600)
    recorder.phase_ended(state.history[-1])
    summary = recorder.finish(state, stopped_early=True)

    (session,) = summary.sessions
    assert session.start == T0
    assert session.end == T0 + timedelta(seconds=1500)
    assert session.focus_seconds == 1500
    assert session.outcome is SessionOutcome.COMPLETED
    assert summary.completed == 1
    assert summary.interrupted == 0


def test_each_work_interval_is_one_row_written_at_its_start_and_closed_at_its_end(
    app: App,
) -> None:
    task = add_task(app, TaskFields(title="Write intro", estimate_seconds=3600))
    config = TimerConfig(work_seconds=100, short_break_seconds=10, cycles=2)
    recorder = RunRecorder(app, SessionKind.POMODORO, task.id, None, MONO0)
    recorder.begin(config.cycles)
    state = timer.start(config, MONO0)
    recorder.phase_started(state, MONO0)

    running = current_status(app)
    assert running.activity is not None
    assert running.activity.session_id is not None
    open_row = recorder.session_id

    state = timer.pause(state, MONO0 + 40)
    recorder.heartbeat(state, MONO0 + 40)
    state = timer.resume(state, MONO0 + 55)
    state, ended = timer.advance(state, MONO0 + 200)
    for interval in ended:
        recorder.phase_ended(interval)
    state = timer.stop(state, MONO0 + 200)
    summary = recorder.finish(state, stopped_early=True)

    first = summary.sessions[0]
    assert first.id == open_row
    assert first.focus_seconds == 100
    assert first.pause_seconds == 15
    assert first.end == T0 + timedelta(seconds=115)
    assert summary.task is not None
    assert summary.task.focus_seconds == pytest.approx(
        sum(s.focus_seconds for s in summary.sessions)
    )
    assert summary.estimate_left_seconds == pytest.approx(3600 - summary.task.focus_seconds)
    assert current_status(app).activity is None


def test_a_run_cannot_begin_while_a_tracking_runs(app: App) -> None:
    task = add_task(app, TaskFields(title="Invoices"))
    start_tracking(app, task.id)
    recorder = RunRecorder(app, SessionKind.POMODORO, None, None, MONO0)
    with pytest.raises(ConflictError, match="tracking on task 1 'Invoices'"):
        recorder.begin(4)


def test_a_laptop_asleep_mid_pomodoro_resumes_it_and_records_real_wall_times(
    app: App,
) -> None:
    """The monotonic clock stands still while the machine sleeps: the work interval goes on
    after waking, its focus excludes the sleep, and its end is the real time."""
    slept = [100.0]  # the machine's sleep counter before the run
    config = TimerConfig(work_seconds=1500, cycles=1)
    recorder = RunRecorder(app, SessionKind.POMODORO, None, None, MONO0, lambda: slept[0])
    recorder.begin(config.cycles)
    state = timer.start(config, MONO0)
    recorder.phase_started(state, MONO0)

    slept[0] += 3600  # lid closed for an hour, 600 s into the pomodoro
    state, ended = timer.advance(state, MONO0 + 1500)
    for interval in ended:
        recorder.phase_ended(interval)
    summary = recorder.finish(state, stopped_early=False)

    (session,) = summary.sessions
    assert session.start == T0
    assert session.end == T0 + timedelta(seconds=1500 + 3600)
    assert session.focus_seconds == 1500
    assert session.outcome is SessionOutcome.COMPLETED
