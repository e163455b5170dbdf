"""The morning screen's pieces: the goal bar, the pomodoro line, the plan in short."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from microtask.domain.views.plan import PlanRow, PlanView
from microtask.domain.views.today import Pomodoros, TodayView
from microtask.render.today import goal_bar, pomodoro_line, today_view
from tests.rendering import text_of

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Paris, where the suite runs
DASH = "\N{EN DASH}"
PARIS = ZoneInfo("Europe/Paris")


def utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=UTC)


def view(plan: PlanView | None = None, pomodoros: Pomodoros | None = None) -> TodayView:
    return TodayView(
        day=date(2026, 11, 23),
        now=NOW,
        running=None,
        overdue=[],
        overdue_count=0,
        due_today=[],
        due_today_count=0,
        blocks=[],
        plan=plan,
        next=None,
        pomodoros=pomodoros or Pomodoros(0, 0, 8, 0.0),
        check_ins=[],
        has_tasks=True,
    )


@pytest.mark.parametrize(
    ("completed", "goal", "bar"),
    [
        (0, 8, "░░░░░░░░"),
        (3, 8, "███░░░░░"),
        (8, 8, "████████"),
        (11, 8, "████████"),  # more than the goal: full, never longer
        (1, 1, "█"),
        (10, 40, "████░░░░░░░░░░░░"),  # a large goal is scaled to 16 cells: 10/40 of 16
        (39, 40, "███████████████░"),  # not full until the goal is met
    ],
)
def test_the_goal_bar_has_a_cell_a_pomodoro_up_to_sixteen(
    completed: int, goal: int, bar: str
) -> None:
    assert goal_bar(completed, goal) == bar


def test_the_pomodoro_line_says_progress_interruptions_and_focus() -> None:
    line = pomodoro_line(Pomodoros(completed=2, interrupted=1, goal=4, focus_seconds=3725.0))
    assert line.plain == "Pomodoros  2 of 4  ██░░ · 1 interrupted · focus today 1h2m"


def test_the_pomodoro_line_without_a_goal_and_without_focus() -> None:
    assert pomodoro_line(Pomodoros(0, 0, 0, 0.0)).plain == (
        "Pomodoros  0 completed today · focus today 0m"
    )


def test_the_plan_shows_work_only_joining_pomodoros_split_by_breaks_not_by_blocks() -> None:
    rows = [
        PlanRow(utc(9, 0), utc(9, 25), "work", 1, "Write intro"),
        PlanRow(utc(9, 25), utc(9, 30), "break", None, None),
        PlanRow(utc(9, 30), utc(9, 55), "work", 1, "Write intro"),
        # a block from 10:00 to 11:00 UTC sits here: not a break
        PlanRow(utc(11, 0), utc(11, 10), "work", 1, "Write intro"),
        PlanRow(utc(11, 10), utc(11, 15), "break", None, None),
        PlanRow(utc(11, 15), utc(11, 40), "work", 2, "Call [b]bank[/b]"),
    ]
    # as the service gives it: the window in the local zone
    plan = PlanView(
        utc(9).astimezone(PARIS), utc(16).astimezone(PARIS), rows, [], 6 * 3600, 85 * 60, [], []
    )
    out = text_of(today_view(view(plan=plan)))
    lines = [line.rstrip() for line in out.splitlines()]
    assert f"Proposed plan for the rest of today  10:00{DASH}17:00, 1h25m of 6h free" in out
    assert f"  10:00{DASH}10:55  1  Write intro" in lines
    assert f"  12:00{DASH}12:10  1  Write intro" in lines
    assert f"  12:15{DASH}12:40  2  Call [b]bank[/b]" in lines
    assert "break" not in out


def test_a_plan_without_work_is_left_out() -> None:
    plan = PlanView(
        utc(9).astimezone(PARIS), utc(16).astimezone(PARIS), [], [], 7 * 3600, 0, [], []
    )
    assert "Proposed plan" not in text_of(today_view(view(plan=plan)))
