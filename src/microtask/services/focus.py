"""Focus-session use cases: what runs now, open-ended tracking, the recorder behind a pomodoro
or block run, and closing runs whose process died.

Only one thing runs at a time: one ``activity`` row names it. A pomodoro or block run belongs
to a process, which refreshes the row and its open session every ``HEARTBEAT_SECONDS``; a
tracking (``start``/``stop``) has no process and runs until ``stop``. A run whose process is
gone is closed by the next command (``recover_stale``): its open session becomes
``interrupted`` with the focus it had at its last heartbeat.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microtask.domain.durations import format_duration
from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.model import Status, Task
from microtask.domain.sessions import HEARTBEAT_SECONDS as HEARTBEAT_SECONDS
from microtask.domain.sessions import Activity, Session, SessionKind, SessionOutcome
from microtask.domain.text import visible
from microtask.services.app import App, require_task, short

if TYPE_CHECKING:
    from microtask.db.engine import Conn
    from microtask.db.focus_repo import FocusRepo
    from microtask.domain.sessions import Block
    from microtask.domain.timer import Interval, TimerState

OTHER_HOST_STALE_SECONDS = 120.0
"""A run on another machine (shared store) is presumed dead after this long without a beat."""


@dataclass(frozen=True)
class ThisProcess:
    pid: int
    host: str
    boot_id: str | None


def this_process() -> ThisProcess:
    import socket

    try:
        boot_id: str | None = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        boot_id = None
    return ThisProcess(os.getpid(), socket.gethostname(), boot_id)


def _process_alive(pid: int) -> bool:
    """Is ``pid`` a live microtask process on this machine? (Zombies and reused pids are not.)"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no /proc (macOS): trust kill(0)
    except OSError:
        return True
    return b"microtask" in command


def is_stale(activity: Activity, me: ThisProcess, now_ts: float) -> bool:
    if activity.pid is None:
        return False  # a tracking runs until `stop`
    if activity.host == me.host:
        if activity.boot_id and me.boot_id and activity.boot_id != me.boot_id:
            return True  # the machine restarted since
        if activity.pid == me.pid:
            return False
        return not _process_alive(activity.pid)
    return now_ts - activity.heartbeat.timestamp() > OTHER_HOST_STALE_SECONDS


def _focus_repo(conn: Conn) -> FocusRepo:
    from microtask.db.focus_repo import FocusRepo

    return FocusRepo(conn)


def kind_label(kind: SessionKind) -> str:
    return {"pomodoro": "pomodoro", "block": "block run", "tracked": "tracking"}[kind.value]


def describe_activity(activity: Activity) -> str:
    """'a pomodoro on task 12 "Write intro" (work, since 10:00)' for messages."""
    what = kind_label(activity.kind)
    if activity.task_id is not None:
        title = visible(short(activity.task_title or "", 40))
        what += f" on task {activity.task_id} {title!r}"
    elif activity.kind is not SessionKind.TRACKED:
        what = f"free {what}"
    since = activity.started.astimezone().strftime("%H:%M")
    where = f", in process {activity.pid}" if activity.pid is not None else ""
    return f"{what} (since {since}{where})"


def _open_session(focus: FocusRepo, activity: Activity) -> Session | None:
    return None if activity.session_id is None else focus.get_session(activity.session_id)


def _close_session(focus: FocusRepo, session: Session, end_ts: float, outcome: str) -> None:
    focus.update_session(
        session.id,
        focus_seconds=session.focus_seconds,
        pause_seconds=session.pause_seconds,
        end_ts=end_ts,
        outcome=SessionOutcome(outcome),
    )
    focus.note_session_length(end_ts - session.start.timestamp())


def recover_stale(app: App, me: ThisProcess | None = None) -> list[str]:
    """Close runs whose process died; one sentence for each, to tell the user once."""
    database = app.database
    with database.read() as conn:
        focus = _focus_repo(conn)
        activity = focus.activity()
        running = focus.running_session_ids()
    if activity is None and not running:
        return []  # the usual case: nothing runs, nothing to check
    me = me or this_process()
    now_ts = app.now().timestamp()
    stale = activity is not None and is_stale(activity, me, now_ts)
    orphans = [s for s in running if activity is None or s != activity.session_id]
    if not stale and not orphans:
        return []
    notices: list[str] = []
    with database.write() as conn:  # re-read: another command may have recovered first
        focus = _focus_repo(conn)
        activity = focus.activity()
        if activity is not None and is_stale(activity, me, now_ts):
            session = _open_session(focus, activity)
            ended = "its process ended"
            if session is not None and session.outcome is SessionOutcome.RUNNING:
                end_ts = session.start.timestamp() + session.focus_seconds + session.pause_seconds
                _close_session(focus, session, end_ts, "interrupted")
                notices.append(
                    f"the {describe_activity(activity)} stopped when {ended}: recorded as "
                    f"interrupted with {format_duration(int(session.focus_seconds))} of focus "
                    "(up to its last heartbeat)"
                )
            else:
                notices.append(f"the {describe_activity(activity)} stopped when {ended}")
            focus.clear_activity()
            activity = None
        for session_id in focus.running_session_ids():
            if activity is not None and session_id == activity.session_id:
                continue
            session = focus.get_session(session_id)
            assert session is not None
            end_ts = session.start.timestamp() + session.focus_seconds + session.pause_seconds
            _close_session(focus, session, end_ts, "interrupted")
            notices.append(
                f"session {session_id} ({session.kind.value}) was left running: recorded as "
                f"interrupted with {format_duration(int(session.focus_seconds))} of focus"
            )
    return notices


# -- what runs now --------------------------------------------------------------------


@dataclass(frozen=True)
class FocusStatus:
    """``microtask status``: what runs now, as of ``now``."""

    activity: Activity | None
    now: datetime
    elapsed_seconds: float
    """Since the run started (wall clock)."""
    remaining_seconds: float | None
    """Left in the current phase (pomodoros and blocks)."""
    focus_seconds: float
    """Focus in the open session (a tracking: since it started)."""


def current_status(app: App) -> FocusStatus:
    with app.database.read() as conn:
        activity = _focus_repo(conn).activity()
    return status_of(activity, app.now())


def status_of(activity: Activity | None, now: datetime) -> FocusStatus:
    """What ``activity`` (read by the caller, in its transaction) looks like at ``now``."""
    if activity is None:
        return FocusStatus(None, now, 0.0, None, 0.0)
    now_ts = now.timestamp()
    elapsed = max(now_ts - activity.started.timestamp(), 0.0)
    remaining = None
    focus = activity.focus_seconds
    if activity.kind is SessionKind.TRACKED:
        focus = elapsed
    elif activity.phase_ends is not None:
        reference = activity.heartbeat.timestamp() if activity.paused else now_ts
        remaining = max(activity.phase_ends.timestamp() - reference, 0.0)
        if activity.phase == "work" and not activity.paused:
            focus += max(now_ts - activity.heartbeat.timestamp(), 0.0)
    return FocusStatus(activity, now, elapsed, remaining, focus)


def _open_task(tasks: Any, task_id: int) -> Task:
    task = require_task(tasks, task_id)
    if task.status is not Status.OPEN:
        raise ConflictError(
            f"task {task_id} is {task.status.value}: reopen it (`microtask reopen {task_id}`) "
            "to work on it"
        )
    return task


def _refuse_if_running(focus: FocusRepo) -> None:
    running = focus.activity()
    if running is not None:
        stop_hint = (
            "`microtask stop`"
            if running.kind is SessionKind.TRACKED
            else "q in its window, or `microtask stop`"
        )
        raise ConflictError(
            f"a {describe_activity(running)} is running: stop it first ({stop_hint})"
        )


def start_tracking(app: App, task_id: int) -> Activity:
    from microtask.db.repo import TaskRepo

    now_ts = app.now().timestamp()
    with app.database.write() as conn:
        _open_task(TaskRepo(conn, app.config.urgency, int(now_ts)), task_id)
        focus = _focus_repo(conn)
        _refuse_if_running(focus)
        session_id = focus.insert_session(SessionKind.TRACKED, task_id, None, now_ts)
        focus.claim_activity(
            {
                "kind": SessionKind.TRACKED.value,
                "task_id": task_id,
                "session_id": session_id,
                "started_ts": now_ts,
                "heartbeat_ts": now_ts,
            }
        )
        activity = focus.activity()
    assert activity is not None
    return activity


@dataclass(frozen=True)
class Stopped:
    activity: Activity
    session: Session | None
    """The closed tracking session; ``None`` when another process's run was asked to stop."""


def stop_running(app: App, wait_seconds: float = 5.0) -> Stopped:
    """Stop what runs: close a tracking here, or ask a pomodoro/block process to stop."""
    now_ts = app.now().timestamp()
    with app.database.write() as conn:
        focus = _focus_repo(conn)
        activity = focus.activity()
        if activity is None:
            raise ConflictError(
                "nothing is running: start with `microtask start ID` or `microtask pomodoro`"
            )
        if activity.kind is SessionKind.TRACKED:
            session = _open_session(focus, activity)
            closed = None
            if session is not None:
                start_ts = session.start.timestamp()
                end_ts = max(now_ts, start_ts)
                focus.update_session(
                    session.id,
                    focus_seconds=end_ts - start_ts,
                    pause_seconds=0.0,
                    end_ts=end_ts,
                    outcome=SessionOutcome.COMPLETED,
                )
                focus.note_session_length(end_ts - start_ts)
                closed = focus.get_session(session.id)
            focus.clear_activity()
            return Stopped(activity, closed)
    return _stop_other_process(app, activity, wait_seconds)


def _stop_other_process(app: App, activity: Activity, wait_seconds: float) -> Stopped:
    import signal

    me = this_process()
    if activity.pid is None or activity.host != me.host:
        raise ConflictError(
            f"the {describe_activity(activity)} runs on {activity.host}: stop it there"
        )
    with contextlib.suppress(ProcessLookupError):  # it just ended: recovery closes it
        os.kill(activity.pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        with app.database.read() as conn:
            current = _focus_repo(conn).activity()
        if current is None or current.started != activity.started:
            return Stopped(activity, None)
        time.sleep(0.05)
    recover_stale(app)
    with app.database.read() as conn:
        current = _focus_repo(conn).activity()
    if current is not None and current.started == activity.started:
        raise ConflictError(
            f"the {describe_activity(activity)} did not stop within {wait_seconds:g} s: "
            "press q in its window"
        )
    return Stopped(activity, None)


# -- recording a pomodoro or block run -----------------------------------------------


@dataclass
class RunSummary:
    kind: SessionKind
    task: Task | None
    started: datetime
    ended: datetime
    focus_seconds: float
    pause_seconds: float
    completed: int
    interrupted: int
    sessions: list[Session]
    stopped_early: bool
    estimate_left_seconds: float | None
    """The task's estimate minus all its recorded focus (None without an estimate)."""


def system_sleep_seconds() -> float:
    """Seconds the machine has been asleep (suspended) since boot, as far as we can tell:
    Linux's boot-time clock counts suspend, the monotonic clock does not. 0 elsewhere."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        return 0.0
    return time.clock_gettime(boottime) - time.monotonic()


class RunRecorder:
    """Writes a run's sessions as the timer moves; times come from the run's monotonic clock.

    Wall-clock times are the run's start (wall) plus monotonic time since, plus the time the
    machine slept since: a wall-clock jump during the run neither stretches nor shrinks what
    is recorded, and a laptop put to sleep mid-pomodoro resumes it on waking (the monotonic
    clock stands still while asleep) with the session's end at the real time. Each call is
    one transaction; the caller keeps signals out while one is open.
    """

    def __init__(
        self,
        app: App,
        kind: SessionKind,
        task_id: int | None,
        block_id: int | None,
        mono_start: float,
        sleep_seconds: Callable[[], float] = system_sleep_seconds,
    ) -> None:
        self.app = app
        self.sleep_seconds = sleep_seconds
        self.slept_before = sleep_seconds()
        self.kind = kind
        self.task_id = task_id
        self.block_id = block_id
        self.mono_start = mono_start
        self.wall_start = app.now().timestamp()
        self.me = this_process()
        self.session_id: int | None = None
        self.session_ids: list[int] = []
        self.owner: tuple[int | None, float] = (self.me.pid, self.wall_start)

    def wall(self, mono: float) -> float:
        """The wall-clock time of ``mono``, which must be about now (all callers pass the
        latest times: a phase end is seen within moments of happening)."""
        slept = self.sleep_seconds() - self.slept_before
        if slept < 1.0:  # the two clocks are read a moment apart: noise, not sleep
            slept = 0.0
        return self.wall_start + (mono - self.mono_start) + slept

    def begin(self, cycles: int) -> None:
        """Claim the activity row (refused if something runs) before the first phase."""
        with self.app.database.write() as conn:
            focus = _focus_repo(conn)
            _refuse_if_running(focus)
            focus.claim_activity(
                {
                    "kind": self.kind.value,
                    "task_id": self.task_id,
                    "block_id": self.block_id,
                    "started_ts": self.wall_start,
                    "heartbeat_ts": self.wall_start,
                    "pid": self.me.pid,
                    "host": self.me.host,
                    "boot_id": self.me.boot_id,
                    "cycles": cycles,
                }
            )

    def _activity_values(self, state: TimerState, mono: float) -> dict[str, Any]:
        from microtask.domain.timer import elapsed, remaining

        now_ts = self.app.now().timestamp()
        left = remaining(state, mono)
        return {
            "heartbeat_ts": now_ts,
            "phase": state.phase.value,
            "phase_started_ts": self.wall(state.phase_started_at),
            "phase_ends_ts": now_ts + left,
            "paused": 1 if state.paused else 0,
            "cycle": state.cycle,
            "focus_seconds": elapsed(state, mono) if state.phase.value == "work" else 0.0,
            "session_id": self.session_id,
        }

    def phase_started(self, state: TimerState, mono: float) -> None:
        """A phase began: a work phase opens its session row."""
        with self.app.database.write() as conn:
            focus = _focus_repo(conn)
            if state.phase.value == "work":
                self.session_id = focus.insert_session(
                    self.kind, self.task_id, self.block_id, self.wall(state.phase_started_at)
                )
                self.session_ids.append(self.session_id)
            if not focus.update_activity(self._activity_values(state, mono), self.owner):
                self._reclaim(focus, state, mono)

    def heartbeat(self, state: TimerState, mono: float) -> None:
        """Refresh the record: the open session's focus so far, the phase for `status`."""
        from microtask.domain.timer import elapsed

        with self.app.database.write() as conn:
            focus = _focus_repo(conn)
            if self.session_id is not None and state.phase.value == "work":
                paused = state.paused_seconds
                if state.pause_started_at is not None:
                    paused += mono - state.pause_started_at
                focus.update_session(
                    self.session_id, focus_seconds=elapsed(state, mono), pause_seconds=paused
                )
            if not focus.update_activity(self._activity_values(state, mono), self.owner):
                self._reclaim(focus, state, mono)

    def _reclaim(self, focus: FocusRepo, state: TimerState, mono: float) -> None:
        """Our row was taken away (closed by a command while this process was suspended and
        another machine presumed it dead): take it back if free, else carry on unlisted."""
        if focus.activity() is None:
            focus.claim_activity(
                {
                    "kind": self.kind.value,
                    "task_id": self.task_id,
                    "block_id": self.block_id,
                    "started_ts": self.wall_start,
                    "pid": self.me.pid,
                    "host": self.me.host,
                    "boot_id": self.me.boot_id,
                    "cycles": state.config.cycles,
                    **self._activity_values(state, mono),
                }
            )
        if self.session_id is not None:
            session = focus.get_session(self.session_id)
            if session is not None and session.outcome is not SessionOutcome.RUNNING:
                focus.update_session(
                    self.session_id,
                    focus_seconds=session.focus_seconds,
                    pause_seconds=session.pause_seconds,
                    outcome=SessionOutcome.RUNNING,
                )

    def phase_ended(self, interval: Interval) -> None:
        """A work interval ended: close its session (completed, or interrupted when cut)."""
        if interval.phase.value != "work" or self.session_id is None:
            return
        outcome = (
            SessionOutcome.COMPLETED
            if interval.outcome.value == "completed"
            else SessionOutcome.INTERRUPTED
        )
        with self.app.database.write() as conn:
            focus = _focus_repo(conn)
            focus.update_session(
                self.session_id,
                focus_seconds=interval.active_seconds,
                pause_seconds=interval.paused_seconds,
                end_ts=self.wall(interval.ended_at),
                outcome=outcome,
            )
            focus.note_session_length(interval.ended_at - interval.started_at)
        self.session_id = None

    def finish(self, state: TimerState, stopped_early: bool) -> RunSummary:
        """Release the activity row and sum the run up."""
        from microtask.db.repo import TaskRepo
        from microtask.domain.timer import Phase

        with self.app.database.write() as conn:
            focus = _focus_repo(conn)
            focus.clear_activity(self.owner)
            sessions = [s for i in self.session_ids if (s := focus.get_session(i)) is not None]
            task = None
            if self.task_id is not None:
                task = TaskRepo(conn, self.app.config.urgency, self.app.now_ts()).get(self.task_id)
        work = [i for i in state.history if i.phase is Phase.WORK]
        left = None
        if task is not None and task.estimate_seconds is not None:
            left = task.estimate_seconds - task.focus_seconds
        end_mono = state.history[-1].ended_at if state.history else self.mono_start
        return RunSummary(
            kind=self.kind,
            task=task,
            started=datetime.fromtimestamp(self.wall_start, UTC),
            ended=datetime.fromtimestamp(self.wall(end_mono), UTC),
            focus_seconds=sum(i.active_seconds for i in work),
            pause_seconds=sum(i.paused_seconds for i in work),
            completed=sum(1 for i in work if i.outcome.value == "completed"),
            interrupted=sum(1 for i in work if i.outcome.value != "completed"),
            sessions=sessions,
            stopped_early=stopped_early,
            estimate_left_seconds=left,
        )


# -- choosing what to run -------------------------------------------------------------


@dataclass(frozen=True)
class RunTarget:
    task: Task | None
    parent_title: str | None
    block: Block | None
    pomodoros_today: int


def _today_bounds(app: App) -> tuple[float, float]:
    from microtask.domain.zones import day_bounds

    start, end = day_bounds(app.now().astimezone().date())
    return start.timestamp(), end.timestamp()


def prepare_pomodoro(app: App, task_id: int | None) -> RunTarget:
    """Check the task (open, exists) and what runs; count today's pomodoros."""
    from microtask.db.repo import TaskRepo

    with app.database.read() as conn:
        focus = _focus_repo(conn)
        _refuse_if_running(focus)
        task = parent = None
        if task_id is not None:
            tasks = TaskRepo(conn, app.config.urgency, app.now_ts())
            task = _open_task(tasks, task_id)
            if task.parent_id is not None:
                parent = tasks.get(task.parent_id)
        start, end = _today_bounds(app)
        done_today = focus.pomodoros_completed(start, end)
    return RunTarget(task, None if parent is None else parent.title, None, done_today)


def prepare_block_run(app: App, block_id: int | None) -> tuple[RunTarget, float]:
    """The block to run (the given one, or the one on now) and the seconds left in it."""
    from microtask.db.repo import TaskRepo

    now_ts = app.now().timestamp()
    with app.database.read() as conn:
        focus = _focus_repo(conn)
        _refuse_if_running(focus)
        if block_id is None:
            block = focus.block_at(now_ts)
            if block is None:
                upcoming = focus.next_block(now_ts)
                hint = (
                    f"; the next one is {upcoming.id} at "
                    f"{upcoming.start.astimezone():%a %H:%M}: `microtask block run {upcoming.id}`"
                    if upcoming is not None
                    else ": add one with `microtask block add 09:00-10:30 TITLE`"
                )
                raise NotFoundError(f"no block is on now{hint}")
        else:
            block = focus.get_block(block_id)
            if block is None:
                raise NotFoundError(f"no block with id {block_id}: see `microtask block list`")
        if block.end.timestamp() <= now_ts:
            raise ConflictError(
                f"block {block.id} ended at {block.end.astimezone():%a %H:%M}: "
                "a block can only be run before its end"
            )
        task = parent = None
        if block.task_id is not None:
            tasks = TaskRepo(conn, app.config.urgency, app.now_ts())
            task = tasks.get(block.task_id)
            if task is not None and task.status is not Status.OPEN:
                raise ConflictError(
                    f"block {block.id} is for task {task.id}, which is {task.status.value}: "
                    f"reopen it (`microtask reopen {task.id}`) or remove the block"
                )
            if task is not None and task.parent_id is not None:
                parent = tasks.get(task.parent_id)
        start, end = _today_bounds(app)
        done_today = focus.pomodoros_completed(start, end)
    # A block on now runs to its end; one that has not begun yet is started early and
    # runs for its planned length.
    left = block.end.timestamp() - max(now_ts, block.start.timestamp())
    if left > 86_400:
        raise InvalidInputError(f"block {block.id} is longer than a day: it cannot run as one")
    return RunTarget(task, None if parent is None else parent.title, block, done_today), left


def task_sessions(app: App, task_id: int) -> list[Session]:
    with app.database.read() as conn:
        return _focus_repo(conn).sessions_of_task(task_id)
