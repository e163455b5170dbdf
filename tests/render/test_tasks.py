"""Rendering: user text stays text, trees nest, empty states help."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from microtask.domain.model import Status
from microtask.domain.sessions import Session, SessionKind, SessionOutcome
from microtask.domain.urgency import Term
from microtask.domain.views.tasks import TaskDetail, TaskList
from microtask.render.next import next_view
from microtask.render.task_list import task_table
from microtask.render.tasks import task_detail
from tests.rendering import task, text_of

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_markup_in_titles_is_printed_literally() -> None:
    listing = TaskList([task(1, "[bold red]boom[/] [link=file:///etc/passwd]x")], [], 1)
    out = text_of(task_table(listing, NOW, tree=True))
    assert "[bold red]boom[/] [link=file:///etc/passwd]x" in out


def test_control_characters_are_made_visible() -> None:
    listing = TaskList([task(1, "a\x1b[2Jb\rc")], [], 1)
    out = text_of(task_table(listing, NOW, tree=False))
    assert "a\\x1b[2Jb\\rc" in out
    assert "\x1b" not in out


def test_tree_orders_roots_by_their_most_urgent_step_and_steps_by_position() -> None:
    parent = task(1, "Parent", urgency=1.0)
    first = task(2, "First", parent_id=1, position=0, urgency=5.0)
    second = task(3, "Second", parent_id=1, position=1, urgency=20.0)
    other = task(4, "Other", urgency=10.0)
    out = text_of(task_table(TaskList([second, other, first, parent], [], 4), NOW, tree=True))
    rows = [line for line in out.splitlines() if line.strip()[:1].isdigit() and "tasks" not in line]
    order = [line.split()[0] for line in rows]
    assert order == ["1", "2", "3", "4"]


def test_context_parents_are_shown_and_the_footer_counts_matches() -> None:
    step = task(2, "Step", parent_id=1, urgency=3.0)
    out = text_of(task_table(TaskList([step], [task(1, "Parent")], 7), NOW, tree=True))
    assert "Parent" in out
    assert "1 of 7 tasks" in out


def test_due_dates_are_relative_and_overdue_is_said() -> None:
    listing = TaskList(
        [
            task(1, "Late", due=NOW - timedelta(hours=3)),
            task(2, "Soon", due=NOW + timedelta(days=2)),
        ],
        [],
        2,
    )
    out = text_of(task_table(listing, NOW, tree=False))
    assert "overdue 3h" in out
    assert "in 2 days" in out


def test_detail_shows_progress_and_every_urgency_term() -> None:
    parent = task(1, "Launch", estimate_seconds=7200, subtask_ids=(2, 3), urgency=4.5)
    done = task(2, "Draft", parent_id=1, status=Status.DONE, estimate_seconds=1800)
    todo = task(3, "Review", parent_id=1, estimate_seconds=5400)
    terms = [Term("priority", 1.0, 3.9, "medium"), Term("age", 0.3, 2.0, "110 days old")]
    out = text_of(task_detail(TaskDetail(parent, [done, todo], [], terms), NOW))
    assert "Subtasks: 1/2 done, estimate 30m/2h done" in out
    assert "[x] 2 Draft" in out
    assert "priority" in out
    assert "age" in out


def test_detail_draws_the_first_steps_of_a_huge_tree_and_counts_the_rest() -> None:
    from microtask.render.tasks import SHOWN_STEPS

    steps = [task(n, f"Step {n}", parent_id=1) for n in range(2, SHOWN_STEPS + 12)]
    parent = task(1, "Huge", subtask_ids=tuple(t.id for t in steps))
    out = text_of(task_detail(TaskDetail(parent, steps, [], []), NOW))
    assert f"Step {SHOWN_STEPS + 1}" in out
    assert f"Step {SHOWN_STEPS + 2}" not in out
    assert "... and 10 more steps: see `microtask list`" in out


def test_next_names_the_parent_of_a_step() -> None:
    step = task(2, "Draft", parent_id=1, urgency=12.0)
    out = text_of(next_view(TaskDetail(step, [], [task(1, "Launch")], []), NOW))
    assert "Next: 2 Draft" in out
    assert "step of: Launch" in out


def test_empty_list_says_how_to_add_a_task() -> None:
    assert "microtask add" in text_of(task_table(TaskList([], [], 0), NOW, tree=True))


def pomodoro(session_id: int, start: datetime) -> Session:
    return Session(
        id=session_id,
        kind=SessionKind.POMODORO,
        task_id=1,
        start=start,
        end=start + timedelta(minutes=25),
        focus_seconds=1500.0,
        pause_seconds=0.0,
        outcome=SessionOutcome.COMPLETED,
    )


def test_detail_shows_total_focus_and_the_sessions() -> None:
    sessions = [pomodoro(i, NOW + timedelta(hours=i)) for i in range(3)]
    detail = TaskDetail(task(1, "Write", focus_seconds=4500.0), [], [], [], sessions)
    out = text_of(task_detail(detail, NOW))
    assert "1h15m in 3 sessions" in out
    assert "Sessions" in out
    assert "2026-11-23 10:00" in out  # 09:00 UTC, shown in local time (Europe/Paris)
    assert "completed" in out
    assert "not shown" not in out


def test_detail_without_sessions_says_no_focus_yet_and_has_no_sessions_table() -> None:
    out = text_of(task_detail(TaskDetail(task(1, "Write"), [], [], []), NOW))
    assert "none yet" in out
    assert "Outcome" not in out


def test_detail_shows_the_last_twenty_sessions_and_counts_the_rest() -> None:
    first = NOW + timedelta(days=1)
    sessions = [pomodoro(i, first + timedelta(hours=i)) for i in range(23)]
    detail = TaskDetail(task(1, "Write", focus_seconds=23 * 1500.0), [], [], [], sessions)
    out = text_of(task_detail(detail, NOW))
    assert "in 23 sessions" in out
    assert "3 earlier sessions not shown" in out
    assert "2026-11-24 10:00" not in out  # the oldest is left out
    assert "2026-11-24 12:00" not in out
    assert "2026-11-24 13:00" in out  # the fourth is the first shown
    assert out.count("completed") == 20
