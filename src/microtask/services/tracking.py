"""What runs now: ``status``, and open-ended tracking (``start``/``stop``).

Only one thing runs at a time: one ``activity`` row names it. A tracking has no process and
runs until ``stop``; a pomodoro or block run belongs to a process (``services/recording``),
which ``stop`` asks to end.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import TYPE_CHECKING

from microtask.domain.errors import ConflictError
from microtask.domain.model import Status, Task
from microtask.domain.sessions import (
    Activity,
    FocusStatus,
    SessionKind,
    SessionOutcome,
    describe_activity,
    status_of,
)
from microtask.services.app import App, require_task
from microtask.services.liveness import this_process

if TYPE_CHECKING:
    from microtask.db.focus_repo import FocusRepo
    from microtask.db.repo import TaskRepo
    from microtask.domain.views.runs import Stopped


def current_status(app: App) -> FocusStatus:
    with app.reading() as repos:
        activity = repos.focus.activity()
    return status_of(activity, app.now())


def open_task(tasks: TaskRepo, task_id: int) -> Task:
    """The task to work on: it must exist and be open (or, for the assistant it is
    delegated to, delegated: their tracked time counts against its cap)."""
    task = require_task(tasks, task_id)
    workable = task.status is Status.OPEN or (
        task.status is Status.DELEGATED and tasks.scope_provider is not None
    )
    if not workable:
        raise ConflictError(
            f"task {task_id} is {task.status.value}: reopen it (`microtask reopen {task_id}`) "
            "to work on it"
        )
    return task


def refuse_if_running(focus: FocusRepo) -> None:
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
    from microtask.domain.focus_edits import ActivityClaim

    now = app.now()
    with app.changing(f"start task {task_id}") as change:
        open_task(change.tasks, task_id)
        focus = change.focus
        refuse_if_running(focus)
        session_id = focus.insert_session(SessionKind.TRACKED, task_id, None, now.timestamp())
        focus.claim_activity(
            ActivityClaim(SessionKind.TRACKED, now, task_id=task_id, session_id=session_id)
        )
        activity = focus.activity()
    assert activity is not None
    return activity


def stop_running(app: App, wait_seconds: float = 5.0) -> Stopped:
    """Stop what runs: close a tracking here, or ask a pomodoro/block process to stop."""
    from microtask.domain.views.runs import Stopped

    now_ts = app.now().timestamp()
    with app.changing("stop") as change:
        focus = change.focus
        activity = focus.activity()
        if activity is None:
            raise ConflictError(
                "nothing is running: start with `microtask start ID` or `microtask pomodoro`"
            )
        if activity.kind is SessionKind.TRACKED:
            session = (
                None if activity.session_id is None else focus.get_session(activity.session_id)
            )
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

    from microtask.domain.views.runs import Stopped
    from microtask.services.recovery import recover_stale

    me = this_process()
    if activity.pid is None or activity.host != me.host:
        raise ConflictError(
            f"the {describe_activity(activity)} runs on {activity.host}: stop it there"
        )
    with contextlib.suppress(ProcessLookupError):  # it just ended: recovery closes it
        os.kill(activity.pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        current = current_status(app).activity
        if current is None or current.started != activity.started:
            return Stopped(activity, None)
        time.sleep(0.05)
    recover_stale(app)
    current = current_status(app).activity
    if current is not None and current.started == activity.started:
        raise ConflictError(
            f"the {describe_activity(activity)} did not stop within {wait_seconds:g} s: "
            "press q in its window"
        )
    return Stopped(activity, None)
