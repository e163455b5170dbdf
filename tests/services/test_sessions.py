"""Manual sessions as use cases: one transaction each, refused ones write nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.sessions import SessionKind, SessionOutcome
from microtask.services import App, undo
from microtask.services.sessions import (
    NewSession,
    SessionEdit,
    SessionQuery,
    add_session,
    edit_session,
    list_sessions,
    remove_sessions,
)
from tests.factories import MONDAY, T0, add, paris, stored_rows


def test_a_manual_session_is_completed_with_its_span_as_focus(app: App) -> None:
    task = add(app, "Call")

    added = add_session(app, NewSession(task, paris("2026-11-23T08:00"), T0, "note"))

    assert (added.kind, added.outcome, added.note) == (
        SessionKind.MANUAL,
        SessionOutcome.COMPLETED,
        "note",
    )
    assert added.focus_seconds == 2 * 3600  # 08:00 to 10:00 in Paris
    assert list_sessions(app, SessionQuery()) == [added]


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        (T0, T0 + timedelta(minutes=1), InvalidInputError),  # ends in the future
        (T0, T0 - timedelta(minutes=1), InvalidInputError),  # ends before it starts
    ],
)
def test_a_bad_span_writes_nothing(
    app: App, start: datetime, end: datetime, error: type[Exception]
) -> None:
    task = add(app, "Call")
    before = stored_rows(app, journal=True)

    with pytest.raises(error):
        add_session(app, NewSession(task, start, end))

    assert stored_rows(app, journal=True) == before


def test_an_overlap_writes_nothing_unless_forced(app: App) -> None:
    task = add(app, "Call")
    add_session(app, NewSession(task, paris("2026-11-23T08:00"), paris("2026-11-23T09:00")))
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError, match="overlaps session 1"):
        add_session(app, NewSession(task, paris("2026-11-23T08:30"), T0))
    assert stored_rows(app, journal=True) == before
    add_session(app, NewSession(task, paris("2026-11-23T08:30"), T0, force=True))
    assert len(list_sessions(app, SessionQuery(start_day=MONDAY))) == 2


def test_edit_moves_a_session_to_another_task_and_undo_puts_it_back(app: App) -> None:
    first, second = add(app, "Call"), add(app, "Other")
    added = add_session(app, NewSession(first, paris("2026-11-23T08:00"), T0))

    changed = edit_session(
        app, added.id, SessionEdit(start=paris("2026-11-23T08:30"), task_id=second)
    )

    assert (changed.task_id, changed.focus_seconds) == (second, 1.5 * 3600)
    undo(app)
    assert list_sessions(app, SessionQuery()) == [added]


def test_rm_and_its_undo(app: App) -> None:
    task = add(app, "Call")
    added = add_session(app, NewSession(task, paris("2026-11-23T08:00"), T0))

    assert remove_sessions(app, [added.id]) == [added]
    assert list_sessions(app, SessionQuery()) == []
    undo(app)
    assert list_sessions(app, SessionQuery()) == [added]
    with pytest.raises(NotFoundError):
        remove_sessions(app, [99])


def test_a_span_of_days_must_not_end_before_it_starts(app: App) -> None:
    with pytest.raises(InvalidInputError, match="before --from"):
        list_sessions(app, SessionQuery(start_day=MONDAY, end_day=MONDAY - timedelta(days=1)))
