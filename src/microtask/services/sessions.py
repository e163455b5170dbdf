"""Manual sessions: work recorded after the fact (``session add/list/edit/rm``).

Like ``timew track`` or ``watson add``: a session with a start and an end, counted by
``agenda``, ``report`` and the outsourcing hours as any other. Adding, changing and removing
one are undoable changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.record import record
from microtask.domain.sessions import Session, SessionKind, SessionOutcome
from microtask.services.app import App, Change, require_task, short, unique

SHOWN_CLASHES = 3


def _describe(session: Session, now: datetime) -> str:
    start, end = session.start.astimezone(), (session.end or now).astimezone()
    day = "" if start.date() == now.astimezone().date() else f"{start:%a %d %b} "
    what = f"session {session.id} {day}{start:%H:%M}-{end:%H:%M} {session.kind.value}"
    if session.task_id is not None:
        what += f" on task {session.task_id}"
    return what


def _check_span(start: datetime, end: datetime, now: datetime) -> None:
    if end <= start:
        raise InvalidInputError(
            f"the session ends ({end.astimezone():%H:%M}) before it starts "
            f"({start.astimezone():%H:%M}): give --to after --from, or --for a duration"
        )
    if end > now:
        raise InvalidInputError(
            f"the session ends in the future ({end.astimezone():%a %d %b %H:%M}): record work "
            "once it is done, or run it now with `microtask start ID`"
        )


def _check_no_overlap(
    change: Change, start: datetime, end: datetime, now: datetime, exclude: int | None = None
) -> None:
    clashes = [
        s
        for s in change.focus.sessions_overlapping(start.timestamp(), end.timestamp())
        if s.id != exclude and (s.end or now) > start and s.start < end
    ]
    if clashes:
        names = "; ".join(_describe(s, now) for s in clashes[:SHOWN_CLASHES])
        more = f" and {len(clashes) - SHOWN_CLASHES} more" if len(clashes) > SHOWN_CLASHES else ""
        raise ConflictError(
            f"{start.astimezone():%H:%M}-{end.astimezone():%H:%M} overlaps {names}{more}: "
            "change the times, or pass --force to record it anyway"
        )


@record
class NewSession:
    task_id: int
    start: datetime
    end: datetime
    note: str | None = None
    force: bool = False


def add_session(app: App, new: NewSession) -> Session:
    """Record work done away from the keyboard (undoable)."""
    now = app.now()
    _check_span(new.start, new.end, now)
    with app.changing("session add") as change:
        task = require_task(change.tasks, new.task_id)
        if not new.force:
            _check_no_overlap(change, new.start, new.end, now)
        focus = change.focus
        session_id = focus.insert_manual_session(
            task.id, new.start.timestamp(), new.end.timestamp(), new.note
        )
        change.journal.created_session(session_id)
        focus.note_session_length(new.end.timestamp() - new.start.timestamp())
        session = focus.get_session(session_id)
        assert session is not None
        change.label = f"session add {session_id} on {task.id} {short(task.title)!r}"
        return session


@record
class SessionEdit:
    start: datetime | None = None
    end: datetime | None = None
    task_id: int | None = None
    force: bool = False


def _closed_session(change: Change, session_id: int) -> Session:
    session = change.focus.get_session(session_id)
    if session is None:
        raise NotFoundError(f"no session with id {session_id}: see `microtask session list`")
    if session.outcome is SessionOutcome.RUNNING or session.end is None:
        raise ConflictError(
            f"session {session_id} is still running: stop it first (`microtask stop`)"
        )
    return session


def edit_session(app: App, session_id: int, edit: SessionEdit) -> Session:
    """Change a session's times or task (undoable). A manual session's focus is its span;
    another's is kept, up to its new span."""
    now = app.now()
    with app.changing("session edit") as change:
        session = _closed_session(change, session_id)
        assert session.end is not None
        start = edit.start or session.start
        end = edit.end or session.end
        _check_span(start, end, now)
        task_id = session.task_id
        if edit.task_id is not None:
            task_id = require_task(change.tasks, edit.task_id).id
        if not edit.force:
            _check_no_overlap(change, start, end, now, exclude=session.id)
        span = end.timestamp() - start.timestamp()
        focus = span if session.kind is SessionKind.MANUAL else min(session.focus_seconds, span)
        change.journal.remember_sessions([session.id])
        change.focus.rewrite_session(session.id, task_id, start.timestamp(), end.timestamp(), focus)
        change.focus.note_session_length(span)
        changed = change.focus.get_session(session.id)
        assert changed is not None
        change.label = f"session edit {session.id}"
        return changed


def remove_sessions(app: App, ids: Sequence[int]) -> list[Session]:
    with app.changing("session rm") as change:
        gone = [_closed_session(change, session_id) for session_id in unique(ids)]
        change.journal.remember_sessions([s.id for s in gone])
        change.focus.delete_sessions([s.id for s in gone])
        change.label = "session rm " + ", ".join(str(s.id) for s in gone)
        return gone


@record
class SessionQuery:
    start_day: date | None = None
    end_day: date | None = None
    task_id: int | None = None


LISTED_LIMIT = 1000
"""At most this many sessions are listed (the latest ones)."""


def list_sessions(app: App, query: SessionQuery) -> list[Session]:
    """Sessions of the days asked (default: today; with --task alone: all of that task's)."""
    from microtask.domain.zones import day_bounds

    today = app.now().astimezone().date()
    with app.reading() as repos:
        if query.task_id is not None and query.start_day is None and query.end_day is None:
            require_task(repos.tasks, query.task_id)
            return repos.focus.sessions_of_task(query.task_id)[-LISTED_LIMIT:]
        first = query.start_day or query.end_day or today
        last = query.end_day or (today if query.start_day is not None else first)
        if last < first:
            raise InvalidInputError(f"--to ({last:%a %d %b}) is before --from ({first:%a %d %b})")
        start, end = day_bounds(first)[0], day_bounds(last)[1]
        from microtask.services.assist import visible_only

        found = visible_only(
            repos, repos.focus.sessions_overlapping(start.timestamp(), end.timestamp())
        )
    if query.task_id is not None:
        found = [s for s in found if s.task_id == query.task_id]
    return found[-LISTED_LIMIT:]
