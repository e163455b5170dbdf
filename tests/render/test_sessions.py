"""session list for people: rows, escaped user text, a total, a friendly empty list."""

from __future__ import annotations

from datetime import UTC, datetime

from microtask.domain.sessions import Session, SessionKind, SessionOutcome
from microtask.render.sessions import session_list
from tests.rendering import text_of

NOW = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


def manual(session_id: int, hour: int, note: str | None) -> Session:
    return Session(
        session_id, SessionKind.MANUAL, 3,
        datetime(2026, 11, 23, hour, 0, tzinfo=UTC), datetime(2026, 11, 23, hour, 40, tzinfo=UTC),
        2400.0, 0.0, SessionOutcome.COMPLETED, "Call [bold]Ana[/bold]", note=note,
    )  # fmt: skip


def test_sessions_are_listed_with_kind_task_note_and_a_total() -> None:
    out = text_of(session_list([manual(1, 7, "card\x1b limit"), manual(2, 9, None)], NOW))

    assert "08:00" in out  # shown in local time (Paris)
    assert "manual" in out
    assert "3 Call [bold]Ana[/bold]" in out  # user text, not markup
    assert "\x1b" not in out
    assert "2 sessions, 1h20m" in out


def test_no_sessions_says_how_to_record_one() -> None:
    assert "microtask session add" in text_of(session_list([], NOW))
