"""What runs, and what happens when a run's process dies: stale-run rules, recovery on the
next command, conflicts between runs, and trackings (which have no process to die)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from microtask.domain import timer
from microtask.domain.clock import FixedClock
from microtask.domain.errors import ConflictError, NotFoundError
from microtask.domain.sessions import Activity, Session, SessionKind, SessionOutcome
from microtask.domain.timer_config import TimerConfig
from microtask.services import App, TaskFields, add_task, complete_tasks, show_task
from microtask.services import recording as recording_service
from microtask.services.liveness import (
    OTHER_HOST_STALE_SECONDS,
    ThisProcess,
    is_stale,
    this_process,
)
from microtask.services.recording import RunRecorder, prepare_pomodoro
from microtask.services.recovery import recover_stale
from microtask.services.tracking import current_status, start_tracking, stop_running
from tests.factories import T0, make_app

MONO0 = 5_000.0
WORK = TimerConfig(work_seconds=1500, short_break_seconds=300, cycles=4)


@contextmanager
def next_command(location: str, at: datetime) -> Iterator[App]:
    """The next command, run at ``at``: a fresh App on the same store, opened the way every
    command opens it (which is when dead runs are recovered)."""
    app = make_app(location, FixedClock(at))
    try:
        app.open()
        yield app
    finally:
        app.close()


def task_sessions(app: App, task_id: int) -> list[Session]:
    return show_task(app, task_id).sessions


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def spawned(*argv: str) -> subprocess.Popen[bytes]:
    """A running process whose command line is already visible in /proc.

    Popen returns as the child execs; for a moment after that the kernel still shows an
    empty command line, which would make any process look like "not microtask".
    """
    process = subprocess.Popen(list(argv))
    cmdline = Path(f"/proc/{process.pid}/cmdline")
    deadline = time.monotonic() + 30
    while not cmdline.read_bytes():
        assert time.monotonic() < deadline, f"{argv} never showed its command line"
        time.sleep(0.005)
    return process


@pytest.fixture
def me() -> ThisProcess:
    return this_process()


def activity(
    *,
    pid: int | None,
    host: str | None,
    boot_id: str | None = None,
    heartbeat: datetime = T0,
) -> Activity:
    return Activity(
        kind=SessionKind.POMODORO if pid is not None else SessionKind.TRACKED,
        task_id=None,
        task_title=None,
        block_id=None,
        session_id=1,
        started=T0,
        heartbeat=heartbeat,
        pid=pid,
        host=host,
        boot_id=boot_id,
        phase="work",
        phase_started=T0,
        phase_ends=T0 + timedelta(minutes=25),
        paused=False,
        cycle=1,
        cycles=4,
        focus_seconds=0.0,
    )


def recorder_of(
    app: App,
    process: ThisProcess,
    monkeypatch: pytest.MonkeyPatch,
    task_id: int | None = None,
) -> RunRecorder:
    """A pomodoro recorder as the run in ``process`` (another, possibly dead, process) has it."""
    with monkeypatch.context() as patch:
        patch.setattr(recording_service, "this_process", lambda: process)
        return RunRecorder(app, SessionKind.POMODORO, task_id, None, MONO0)


# -- is_stale ----------------------------------------------------------------------------


def test_a_tracking_without_a_process_is_never_stale(me: ThisProcess) -> None:
    ancient = T0 - timedelta(days=30)
    for host in (me.host, "elsewhere", None):
        assert not is_stale(activity(pid=None, host=host, heartbeat=ancient), me, T0.timestamp())


def test_a_run_whose_process_ended_on_this_machine_is_stale(me: ThisProcess) -> None:
    run = activity(pid=dead_pid(), host=me.host, boot_id=me.boot_id)
    assert is_stale(run, me, T0.timestamp())


def test_a_run_whose_process_still_runs_microtask_is_not_stale(me: ThisProcess) -> None:
    live = spawned(sys.executable, "-c", "import time; time.sleep(60)", "microtask", "pomodoro")
    try:
        run = activity(pid=live.pid, host=me.host, boot_id=me.boot_id)
        # Heartbeats long ago do not matter on this machine: the process is asked directly.
        assert not is_stale(run, me, T0.timestamp() + 86_400)
    finally:
        live.kill()
        live.wait()


def test_a_run_whose_pid_now_belongs_to_another_program_is_stale(me: ThisProcess) -> None:
    sleep = shutil.which("sleep")
    assert sleep is not None
    stranger = spawned(sleep, "60")
    try:
        run = activity(pid=stranger.pid, host=me.host, boot_id=me.boot_id)
        assert is_stale(run, me, T0.timestamp())
    finally:
        stranger.kill()
        stranger.wait()


def test_our_own_process_is_never_stale(me: ThisProcess) -> None:
    run = activity(pid=me.pid, host=me.host, boot_id=me.boot_id, heartbeat=T0 - timedelta(days=1))
    assert not is_stale(run, me, T0.timestamp())
    without_boot_ids = ThisProcess(me.pid, me.host, None)
    assert not is_stale(activity(pid=me.pid, host=me.host), without_boot_ids, T0.timestamp())


def test_a_run_from_before_the_machine_restarted_is_stale_even_with_a_live_pid(
    me: ThisProcess,
) -> None:
    here = ThisProcess(me.pid, me.host, "boot-after-restart")
    run = activity(pid=me.pid, host=me.host, boot_id="boot-before-restart")
    assert is_stale(run, here, T0.timestamp())


def test_a_run_on_another_machine_is_stale_only_after_two_minutes_without_a_heartbeat(
    me: ThisProcess,
) -> None:
    assert OTHER_HOST_STALE_SECONDS == 120
    run = activity(pid=me.pid, host="elsewhere", boot_id="their-boot", heartbeat=T0)
    assert not is_stale(run, me, T0.timestamp())
    assert not is_stale(run, me, T0.timestamp() + OTHER_HOST_STALE_SECONDS)
    assert is_stale(run, me, T0.timestamp() + OTHER_HOST_STALE_SECONDS + 1)


# -- recovery on the next command ---------------------------------------------------------


def test_the_next_command_closes_a_dead_run_with_the_focus_of_its_last_heartbeat(
    app: App, clock: FixedClock, location: str, me: ThisProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = add_task(app, TaskFields(title="Write intro"))
    ghost = ThisProcess(dead_pid(), me.host, me.boot_id)
    recorder = recorder_of(app, ghost, monkeypatch, task.id)
    recorder.begin(WORK.cycles)
    state = timer.start(WORK, MONO0)
    recorder.phase_started(state, MONO0)
    clock.advance(100)
    state = timer.pause(state, MONO0 + 100)
    recorder.heartbeat(state, MONO0 + 100)
    clock.advance(60)
    state = timer.resume(state, MONO0 + 160)
    recorder.heartbeat(state, MONO0 + 160)
    clock.advance(40)
    recorder.heartbeat(state, MONO0 + 200)  # the last sign of life: 140 s focus, 60 s paused
    app.close()  # ... and then the process is killed, mid-work

    with next_command(location, T0 + timedelta(hours=2)) as following:
        (notice,) = following.notices
        assert "pomodoro on task 1 'Write intro'" in notice
        assert f"in process {ghost.pid}" in notice
        assert "recorded as interrupted with 2m20s of focus (up to its last heartbeat)" in notice
        (session,) = task_sessions(following, task.id)
        assert session.outcome is SessionOutcome.INTERRUPTED
        assert session.focus_seconds == 140
        assert session.pause_seconds == 60
        assert session.start == T0
        assert session.end == T0 + timedelta(seconds=140 + 60)
        assert current_status(following).activity is None
        assert recover_stale(following) == []

    with next_command(location, T0 + timedelta(hours=3)) as again:
        assert again.notices == []
        (session,) = task_sessions(again, task.id)
        assert session.outcome is SessionOutcome.INTERRUPTED


def test_a_run_that_died_in_a_break_keeps_its_completed_pomodoro(
    app: App, clock: FixedClock, location: str, me: ThisProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    ghost = ThisProcess(dead_pid(), me.host, me.boot_id)
    recorder = recorder_of(app, ghost, monkeypatch)
    recorder.begin(WORK.cycles)
    state = timer.start(WORK, MONO0)
    recorder.phase_started(state, MONO0)
    clock.advance(1500)
    state, ended = timer.advance(state, MONO0 + 1500)
    for interval in ended:
        recorder.phase_ended(interval)
    recorder.phase_started(state, MONO0 + 1500)
    assert state.phase is timer.Phase.SHORT_BREAK
    app.close()

    with next_command(location, T0 + timedelta(hours=1)) as following:
        (notice,) = following.notices
        assert notice.startswith("the free pomodoro")
        assert notice.endswith("stopped when its process ended")
        with following.reading() as repos:
            (session_id,) = recorder.session_ids
            session = repos.focus.get_session(session_id)
        assert session is not None
        assert session.outcome is SessionOutcome.COMPLETED
        assert session.focus_seconds == 1500
        assert current_status(following).activity is None


def test_a_session_left_running_without_an_activity_row_is_closed_too(
    app: App, location: str
) -> None:
    with app.changing("test") as change:
        focus = change.focus
        orphan = focus.insert_session(SessionKind.POMODORO, None, None, T0.timestamp())
        focus.update_session(orphan, focus_seconds=42, pause_seconds=8)
    app.close()

    with next_command(location, T0 + timedelta(hours=1)) as following:
        assert following.notices == [
            f"session {orphan} (pomodoro) was left running: recorded as interrupted with 42s "
            "of focus"
        ]
        with following.reading() as repos:
            session = repos.focus.get_session(orphan)
        assert session is not None
        assert session.outcome is SessionOutcome.INTERRUPTED
        assert session.end == T0 + timedelta(seconds=50)
        assert recover_stale(following) == []


def test_a_tracking_is_never_recovered_however_old(app: App, location: str) -> None:
    task = add_task(app, TaskFields(title="Invoices"))
    start_tracking(app, task.id)
    app.close()

    with next_command(location, T0 + timedelta(days=3)) as days_later:
        assert days_later.notices == []
        status = current_status(days_later)
        assert status.activity is not None
        assert status.activity.kind is SessionKind.TRACKED
        assert status.focus_seconds == 3 * 86_400
        (session,) = task_sessions(days_later, task.id)
        assert session.outcome is SessionOutcome.RUNNING


def test_an_orphan_session_is_closed_but_the_tracking_beside_it_runs_on(
    app: App, location: str
) -> None:
    task = add_task(app, TaskFields(title="Invoices"))
    tracking = start_tracking(app, task.id)
    with app.changing("test") as change:
        orphan = change.focus.insert_session(SessionKind.BLOCK, None, None, T0.timestamp())
    app.close()

    with next_command(location, T0 + timedelta(minutes=5)) as following:
        (notice,) = following.notices
        assert notice.startswith(f"session {orphan} (block) was left running")
        status = current_status(following)
        assert status.activity is not None
        assert status.activity.session_id == tracking.session_id
        (session,) = task_sessions(following, task.id)
        assert session.outcome is SessionOutcome.RUNNING


def test_a_run_of_this_very_process_is_left_alone(app: App) -> None:
    recorder = RunRecorder(app, SessionKind.POMODORO, None, None, MONO0)
    recorder.begin(WORK.cycles)
    recorder.phase_started(timer.start(WORK, MONO0), MONO0)

    assert recover_stale(app) == []
    assert current_status(app).activity is not None
    with app.reading() as repos:
        assert repos.focus.running_session_ids() == recorder.session_ids


def test_a_run_on_another_machine_is_recovered_only_after_two_minutes_of_silence(
    app: App, clock: FixedClock, location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert socket.gethostname() != "laptop-elsewhere"
    remote = ThisProcess(4242, "laptop-elsewhere", "their-boot")
    recorder = recorder_of(app, remote, monkeypatch)
    recorder.begin(WORK.cycles)
    state = timer.start(WORK, MONO0)
    recorder.phase_started(state, MONO0)
    clock.advance(30)
    recorder.heartbeat(state, MONO0 + 30)
    app.close()

    last_beat = T0 + timedelta(seconds=30)
    silence = timedelta(seconds=OTHER_HOST_STALE_SECONDS)
    with next_command(location, last_beat + silence) as quiet:
        assert quiet.notices == []
        with pytest.raises(ConflictError, match="runs on laptop-elsewhere: stop it there"):
            stop_running(quiet)

    with next_command(location, last_beat + silence + timedelta(seconds=1)) as silent:
        (notice,) = silent.notices
        assert "recorded as interrupted with 30s of focus" in notice
        assert current_status(silent).activity is None


def test_a_dead_run_does_not_block_the_next_start(
    app: App, location: str, me: ThisProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = add_task(app, TaskFields(title="Invoices"))
    recorder = recorder_of(app, ThisProcess(dead_pid(), me.host, me.boot_id), monkeypatch)
    recorder.begin(WORK.cycles)
    recorder.phase_started(timer.start(WORK, MONO0), MONO0)
    app.close()

    with next_command(location, T0 + timedelta(minutes=1)) as following:
        started = start_tracking(following, task.id)
        assert started.kind is SessionKind.TRACKED
        assert len(following.notices) == 1


# -- one thing at a time ------------------------------------------------------------------


def test_starting_while_a_tracking_runs_is_a_conflict(app: App) -> None:
    first = add_task(app, TaskFields(title="Invoices"))
    second = add_task(app, TaskFields(title="Taxes"))
    start_tracking(app, first.id)

    with pytest.raises(ConflictError, match="tracking on task 1 'Invoices'") as refused:
        start_tracking(app, second.id)
    assert refused.value.exit_code == 4
    with pytest.raises(ConflictError, match="stop it first"):
        prepare_pomodoro(app, None)


def test_starting_a_tracking_while_a_pomodoro_runs_is_a_conflict(app: App) -> None:
    task = add_task(app, TaskFields(title="Invoices"))
    recorder = RunRecorder(app, SessionKind.POMODORO, None, None, MONO0)
    recorder.begin(WORK.cycles)
    recorder.phase_started(timer.start(WORK, MONO0), MONO0)

    with pytest.raises(ConflictError, match=r"free pomodoro.*q in its window"):
        start_tracking(app, task.id)
    running = current_status(app).activity
    assert running is not None
    assert running.kind is SessionKind.POMODORO
    assert task_sessions(app, task.id) == []


def test_stopping_when_nothing_runs_is_a_conflict(app: App) -> None:
    with pytest.raises(ConflictError, match="nothing is running") as refused:
        stop_running(app)
    assert refused.value.exit_code == 4


def test_tracking_a_done_task_is_a_conflict_and_an_unknown_one_not_found(app: App) -> None:
    task = add_task(app, TaskFields(title="Invoices"))
    complete_tasks(app, [task.id])

    with pytest.raises(ConflictError, match="task 1 is done: reopen it") as done:
        start_tracking(app, task.id)
    assert done.value.exit_code == 4
    with pytest.raises(NotFoundError, match="no task with id 99") as missing:
        start_tracking(app, 99)
    assert missing.value.exit_code == 3
    assert current_status(app).activity is None


def test_stop_closes_a_tracking_with_the_time_since_it_started(
    app: App, clock: FixedClock, location: str
) -> None:
    task = add_task(app, TaskFields(title="Invoices"))
    start_tracking(app, task.id)
    app.close()

    with next_command(location, T0 + timedelta(minutes=25, seconds=30)) as stopper:
        stopped = stop_running(stopper)
        assert stopped.activity.task_id == task.id
        session = stopped.session
        assert session is not None
        assert session.outcome is SessionOutcome.COMPLETED
        assert session.focus_seconds == 25 * 60 + 30
        assert session.pause_seconds == 0
        assert session.start == T0
        assert session.end == T0 + timedelta(minutes=25, seconds=30)
        assert current_status(stopper).activity is None
        with pytest.raises(ConflictError, match="nothing is running"):
            stop_running(stopper)
