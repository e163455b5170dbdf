"""Closing runs whose process died: the next command, whichever it is, finds them.

A run's open session becomes ``interrupted`` with the focus it had at its last heartbeat,
and the user is told once, on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from microtask.domain.durations import format_duration
from microtask.domain.sessions import Session, SessionOutcome
from microtask.services.app import App
from microtask.services.liveness import ThisProcess, is_stale, this_process

if TYPE_CHECKING:
    from microtask.db.focus_repo import FocusRepo


def close_session(focus: FocusRepo, session: Session, end_ts: float, outcome: str) -> None:
    """End ``session`` at ``end_ts`` with the focus and pauses it has recorded."""
    focus.update_session(
        session.id,
        focus_seconds=session.focus_seconds,
        pause_seconds=session.pause_seconds,
        end_ts=end_ts,
        outcome=SessionOutcome(outcome),
    )
    focus.note_session_length(end_ts - session.start.timestamp())


def _last_beat(session: Session) -> float:
    return session.start.timestamp() + session.focus_seconds + session.pause_seconds


def recover_stale(app: App, me: ThisProcess | None = None) -> list[str]:
    """Close runs whose process died; one sentence for each, to tell the user once."""
    from microtask.domain.sessions import describe_activity

    with app.reading() as repos:
        activity = repos.focus.activity()
        running = repos.focus.running_session_ids()
    if activity is None and not running:
        return []  # the usual case: nothing runs, nothing to check
    me = me or this_process()
    now_ts = app.now().timestamp()
    stale = activity is not None and is_stale(activity, me, now_ts)
    orphans = [s for s in running if activity is None or s != activity.session_id]
    if not stale and not orphans:
        return []
    notices: list[str] = []
    with app.changing("recover") as change:  # re-read: another command may have recovered
        focus = change.focus
        activity = focus.activity()
        if activity is not None and is_stale(activity, me, now_ts):
            session = (
                None if activity.session_id is None else focus.get_session(activity.session_id)
            )
            ended = "its process ended"
            if session is not None and session.outcome is SessionOutcome.RUNNING:
                close_session(focus, session, _last_beat(session), "interrupted")
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
            orphan = focus.get_session(session_id)
            assert orphan is not None
            close_session(focus, orphan, _last_beat(orphan), "interrupted")
            notices.append(
                f"session {session_id} ({orphan.kind.value}) was left running: recorded as "
                f"interrupted with {format_duration(int(orphan.focus_seconds))} of focus"
            )
    return notices
