"""Pomodoro and block runs: what to run, and the recorder that writes its sessions.

A run belongs to a process, which refreshes the activity row and its open session every
``HEARTBEAT_SECONDS``; if the process dies, the next command closes the run
(``services/recovery``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.focus_edits import ActivityClaim, ActivityOwner, RunProgress
from microtask.domain.model import Status
from microtask.domain.sessions import SessionKind, SessionOutcome
from microtask.domain.views.runs import RunSummary, RunTarget
from microtask.services.app import App
from microtask.services.liveness import system_sleep_seconds, this_process
from microtask.services.tracking import open_task, refuse_if_running

if TYPE_CHECKING:
    from microtask.db.focus_repo import FocusRepo
    from microtask.db.store import Repos
    from microtask.domain.timer import Interval, TimerState


def _moment(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


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
        self.owner = ActivityOwner(self.me.pid, _moment(self.wall_start))

    def wall(self, mono: float) -> float:
        """The wall-clock time of ``mono``, which must be about now (all callers pass the
        latest times: a phase end is seen within moments of happening)."""
        slept = self.sleep_seconds() - self.slept_before
        if slept < 1.0:  # the two clocks are read a moment apart: noise, not sleep
            slept = 0.0
        return self.wall_start + (mono - self.mono_start) + slept

    def _claim(self, cycles: int, progress: RunProgress | None = None) -> ActivityClaim:
        return ActivityClaim(
            kind=self.kind,
            started=self.owner.started,
            task_id=self.task_id,
            block_id=self.block_id,
            pid=self.me.pid,
            host=self.me.host,
            boot_id=self.me.boot_id,
            cycles=cycles,
            progress=progress,
        )

    def begin(self, cycles: int) -> None:
        """Claim the activity row (refused if something runs) before the first phase."""
        with self.app.changing(f"{self.kind.value} run") as change:
            refuse_if_running(change.focus)
            change.focus.claim_activity(self._claim(cycles))

    def _progress(self, state: TimerState, mono: float) -> RunProgress:
        from microtask.domain.timer import elapsed, remaining

        now_ts = self.app.now().timestamp()
        return RunProgress(
            heartbeat=_moment(now_ts),
            phase=state.phase.value,
            phase_started=_moment(self.wall(state.phase_started_at)),
            phase_ends=_moment(now_ts + remaining(state, mono)),
            paused=state.paused,
            cycle=state.cycle,
            focus_seconds=elapsed(state, mono) if state.phase.value == "work" else 0.0,
            session_id=self.session_id,
        )

    def phase_started(self, state: TimerState, mono: float) -> None:
        """A phase began: a work phase opens its session row."""
        with self.app.changing(f"{self.kind.value} run") as change:
            focus = change.focus
            if state.phase.value == "work":
                self.session_id = focus.insert_session(
                    self.kind, self.task_id, self.block_id, self.wall(state.phase_started_at)
                )
                self.session_ids.append(self.session_id)
            if not focus.update_activity(self._progress(state, mono), self.owner):
                self._reclaim(focus, state, mono)

    def heartbeat(self, state: TimerState, mono: float) -> None:
        """Refresh the record: the open session's focus so far, the phase for `status`."""
        from microtask.domain.timer import elapsed

        with self.app.changing(f"{self.kind.value} run") as change:
            focus = change.focus
            if self.session_id is not None and state.phase.value == "work":
                paused = state.paused_seconds
                if state.pause_started_at is not None:
                    paused += mono - state.pause_started_at
                focus.update_session(
                    self.session_id, focus_seconds=elapsed(state, mono), pause_seconds=paused
                )
            if not focus.update_activity(self._progress(state, mono), self.owner):
                self._reclaim(focus, state, mono)

    def _reclaim(self, focus: FocusRepo, state: TimerState, mono: float) -> None:
        """Our row was taken away (closed by a command while this process was suspended and
        another machine presumed it dead): take it back if free, else carry on unlisted."""
        if focus.activity() is None:
            focus.claim_activity(self._claim(state.config.cycles, self._progress(state, mono)))
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
        with self.app.changing(f"{self.kind.value} run") as change:
            change.focus.update_session(
                self.session_id,
                focus_seconds=interval.active_seconds,
                pause_seconds=interval.paused_seconds,
                end_ts=self.wall(interval.ended_at),
                outcome=outcome,
            )
            change.focus.note_session_length(interval.ended_at - interval.started_at)
        self.session_id = None

    def finish(self, state: TimerState, stopped_early: bool) -> RunSummary:
        """Release the activity row and sum the run up."""
        from microtask.domain.timer_config import Phase

        with self.app.changing(f"{self.kind.value} run") as change:
            focus = change.focus
            focus.clear_activity(self.owner)
            sessions = [s for i in self.session_ids if (s := focus.get_session(i)) is not None]
            task = None if self.task_id is None else change.tasks.get(self.task_id)
        work = [i for i in state.history if i.phase is Phase.WORK]
        left = None
        if task is not None and task.estimate_seconds is not None:
            left = task.estimate_seconds - task.focus_seconds
        end_mono = state.history[-1].ended_at if state.history else self.mono_start
        return RunSummary(
            kind=self.kind,
            task=task,
            started=_moment(self.wall_start),
            ended=_moment(self.wall(end_mono)),
            focus_seconds=sum(i.active_seconds for i in work),
            pause_seconds=sum(i.paused_seconds for i in work),
            completed=sum(1 for i in work if i.outcome.value == "completed"),
            interrupted=sum(1 for i in work if i.outcome.value != "completed"),
            sessions=sessions,
            stopped_early=stopped_early,
            estimate_left_seconds=left,
        )


# -- choosing what to run -------------------------------------------------------------


def _pomodoros_today(app: App, repos: Repos) -> int:
    from microtask.domain.zones import day_bounds

    start, end = day_bounds(app.now().astimezone().date())
    return repos.focus.pomodoros_completed(start.timestamp(), end.timestamp())


def prepare_pomodoro(app: App, task_id: int | None) -> RunTarget:
    """Check the task (open, exists) and what runs; count today's pomodoros."""
    with app.reading() as repos:
        refuse_if_running(repos.focus)
        task = parent = None
        if task_id is not None:
            task = open_task(repos.tasks, task_id)
            if task.parent_id is not None:
                parent = repos.tasks.get(task.parent_id)
        done_today = _pomodoros_today(app, repos)
    return RunTarget(task, None if parent is None else parent.title, None, done_today)


def prepare_block_run(app: App, block_id: int | None) -> tuple[RunTarget, float]:
    """The block to run (the given one, or the one on now) and the seconds left in it."""
    now_ts = app.now().timestamp()
    with app.reading() as repos:
        focus = repos.focus
        refuse_if_running(focus)
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
            task = repos.tasks.get(block.task_id)
            if task is not None and task.status is not Status.OPEN:
                raise ConflictError(
                    f"block {block.id} is for task {task.id}, which is {task.status.value}: "
                    f"reopen it (`microtask reopen {task.id}`) or remove the block"
                )
            if task is not None and task.parent_id is not None:
                parent = repos.tasks.get(task.parent_id)
        done_today = _pomodoros_today(app, repos)
    # A block on now runs to its end; one that has not begun yet is started early and
    # runs for its planned length.
    left = block.end.timestamp() - max(now_ts, block.start.timestamp())
    if left > 86_400:
        raise InvalidInputError(f"block {block.id} is longer than a day: it cannot run as one")
    return RunTarget(task, None if parent is None else parent.title, block, done_today), left
