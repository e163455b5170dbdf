"""``today`` over a real store: one snapshot of the morning screen, as of the clock, that
writes nothing. Monday 23 Nov 2026 in Paris runs from 2026-11-22T23:00Z to 23:00Z on the
23rd; the clock stands at 10:00 (``T0``) unless a test moves it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from microtask.config import Config
from microtask.domain.clock import FixedClock
from microtask.domain.model import Priority
from microtask.domain.timeofday import TimeOfDay
from microtask.domain.views.today import TodayView
from microtask.services import App, complete_tasks, drop_tasks, next_task
from microtask.services.blocks import add_block
from microtask.services.delegation import add_provider, delegate, handback
from microtask.services.today import today
from microtask.services.tracking import start_tracking
from tests.factories import MONDAY, T0, add, make_app, paris, session, stored_rows


def ids_of(view: TodayView) -> tuple[list[int], list[int]]:
    return [t.id for t in view.overdue], [t.id for t in view.due_today]


# -- a fresh store --------------------------------------------------------------------------


def test_a_fresh_store_has_every_list_empty_and_the_rest_of_the_day_free(app: App) -> None:
    view = today(app)

    assert (view.day, view.now, view.running, view.next) == (MONDAY, T0, None, None)
    assert (view.overdue, view.overdue_count, view.due_today, view.due_today_count) == (
        [],
        0,
        [],
        0,
    )
    assert (view.blocks, view.check_ins, view.has_tasks) == ([], [], False)
    assert view.plan is not None
    assert (view.plan.rows, view.plan.free_seconds) == ([], 7 * 3600)  # 10:00 to 17:00
    assert (view.pomodoros.completed, view.pomodoros.interrupted) == TimeOfDay(0, 0)
    assert (view.pomodoros.goal, view.pomodoros.focus_seconds) == TimeOfDay(8, 0)
    assert view.is_empty


def test_a_store_with_only_closed_tasks_has_tasks_but_nothing_to_show(app: App) -> None:
    complete_tasks(app, [add(app, "Old chore")])

    view = today(app)

    assert view.has_tasks
    assert view.next is None
    assert view.is_empty


# -- overdue and due today ------------------------------------------------------------------


def test_overdue_and_due_today_split_at_local_midnight(app: App) -> None:
    last_night = add(app, "Due last night", due=paris("2026-11-22T23:59"))
    midnight = add(app, "Due at midnight", due=paris("2026-11-23T00:00"))
    this_morning = add(app, "Due this morning", due=paris("2026-11-23T08:00"))
    tonight = add(app, "Due tonight", due=paris("2026-11-23T23:59"))
    add(app, "Due tomorrow", due=paris("2026-11-24T00:00"))
    add(app, "No due date")

    overdue, due_today = ids_of(today(app))

    assert overdue == [last_night]
    assert sorted(due_today) == [midnight, this_morning, tonight]


def test_only_open_tasks_are_overdue_most_urgent_first(app: App, clock: FixedClock) -> None:
    yesterday = paris("2026-11-22T12:00")
    low = add(app, "Low", due=yesterday, priority=Priority.LOW)
    urgent = add(app, "Urgent", due=yesterday, priority=Priority.URGENT)
    medium = add(app, "Medium", due=yesterday)
    done, dropped, handed = (add(app, t, due=yesterday) for t in ("Done", "Dropped", "Handed"))
    complete_tasks(app, [done])
    drop_tasks(app, [dropped])
    add_provider(app, "Ana", "freelancer", None, None)
    delegate(app, handed, "Ana")

    view = today(app)

    assert ids_of(view) == ([urgent, medium, low], [])
    assert view.overdue_count == 3


def test_the_lists_are_capped_and_carry_their_full_counts(app: App) -> None:
    overdue = [add(app, f"Late {n}", due=paris(f"2026-11-{10 + n}T09:00")) for n in range(5)]
    due_today = [add(app, f"Today {n}", due=paris(f"2026-11-23T1{n}:00")) for n in range(3)]

    capped = today(app, limit=3)
    exact = today(app, limit=5)

    assert (len(capped.overdue), capped.overdue_count) == TimeOfDay(3, 5)
    assert (len(capped.due_today), capped.due_today_count) == TimeOfDay(3, 3)
    assert {t.id for t in capped.overdue} < set(overdue)
    assert {t.id for t in capped.due_today} == set(due_today)
    assert (len(exact.overdue), exact.overdue_count) == TimeOfDay(5, 5)
    assert capped.overdue == exact.overdue[:3]  # the most urgent ones


# -- blocks, the plan, next -----------------------------------------------------------------


def test_the_days_blocks_and_a_plan_around_them_are_shown_and_nothing_is_booked(
    app: App,
) -> None:
    task_id = add(app, "Write", estimate_seconds=3600)
    meeting = add_block(app, MONDAY, TimeOfDay(11, 0), TimeOfDay(12, 0), "Meeting", None)
    add_block(app, MONDAY + timedelta(days=1), TimeOfDay(9, 0), TimeOfDay(10, 0), "Tomorrow", None)
    before = stored_rows(app, journal=True)

    view = today(app)

    assert view.blocks == [meeting]
    assert view.plan is not None
    assert view.plan.busy == [meeting]
    assert view.plan.free_seconds == 6 * 3600
    assert {row.task_id for row in view.plan.rows if row.kind == "work"} == {task_id}
    assert view.plan.applied_block_ids == []
    assert stored_rows(app, journal=True) == before


def test_after_the_working_day_there_is_no_plan_and_the_rest_still_shows(
    app: App, clock: FixedClock
) -> None:
    task_id = add(app, "Write", due=paris("2026-11-23T20:00"))
    clock.set(paris("2026-11-23T17:30"))

    view = today(app)

    assert view.plan is None
    assert [t.id for t in view.due_today] == [task_id]
    assert view.next is not None


def test_the_next_task_is_the_one_next_names(app: App) -> None:
    parent = add(app, "Big", priority=Priority.URGENT)
    add(app, "Step", parent_id=parent)
    add(app, "Other")

    view = today(app)

    assert view.next is not None
    assert view.next == next_task(app)


# -- what runs, pomodoros, check-ins --------------------------------------------------------


def test_what_runs_now_is_shown_and_its_focus_counts_as_of_now(app: App, clock: FixedClock) -> None:
    task_id = add(app, "Write report")
    clock.set(paris("2026-11-23T09:30"))
    start_tracking(app, task_id)
    clock.set(paris("2026-11-23T10:00"))

    view = today(app)

    assert view.running is not None
    assert view.running.activity is not None
    assert view.running.activity.task_id == task_id
    assert view.running.focus_seconds == 30 * 60
    assert view.pomodoros.focus_seconds == pytest.approx(30 * 60)
    assert not view.is_empty


@pytest.fixture
def goal_of_three(location: str, clock: FixedClock) -> Iterator[App]:
    instance = make_app(location, clock, Config(daily_goal=3))
    yield instance
    instance.close()


def test_pomodoros_count_by_the_day_they_started_and_focus_by_the_part_in_today(
    goal_of_three: App,
) -> None:
    app = goal_of_three
    task_id = add(app, "Write")
    for start, end, minutes, outcome, kind in [
        ("2026-11-23T08:00", "2026-11-23T08:25", 25, "completed", "pomodoro"),
        ("2026-11-23T08:30", "2026-11-23T08:55", 25, "completed", "pomodoro"),
        ("2026-11-23T09:00", "2026-11-23T09:10", 10, "interrupted", "pomodoro"),
        ("2026-11-23T09:15", "2026-11-23T09:35", 20, "completed", "tracked"),
        # yesterday's last ones: they count yesterday, but 10 minutes of focus fall today
        ("2026-11-22T23:50", "2026-11-23T00:10", 20, "completed", "pomodoro"),
        ("2026-11-22T23:55", "2026-11-23T00:05", 10, "interrupted", "pomodoro"),
        ("2026-11-22T22:00", "2026-11-22T22:25", 25, "completed", "pomodoro"),
    ]:
        session(app, task_id, paris(start), paris(end), minutes, outcome, kind)

    pomodoros = today(app).pomodoros

    assert (pomodoros.completed, pomodoros.interrupted, pomodoros.goal) == (2, 1, 3)
    assert pomodoros.focus_seconds == pytest.approx((25 + 25 + 10 + 20 + 10 + 5) * 60)


def test_check_ins_show_once_due_and_only_for_tasks_still_handed_off(
    app: App, clock: FixedClock
) -> None:
    add_provider(app, "Ana", "freelancer", None, None)
    out, back, by_hand = add(app, "Still out"), add(app, "Handed back"), add(app, "Done by hand")
    for task_id in (out, back, by_hand):
        delegate(app, task_id, "Ana")
    handback(app, back, True, True, None)
    complete_tasks(app, [by_hand])

    assert today(app).check_ins == []
    clock.advance(2 * 3600)
    view = today(app)

    assert [d.task_id for d in view.check_ins] == [out]
    assert not view.is_empty


def test_today_writes_nothing(app: App) -> None:
    add(app, "Overdue", due=paris("2026-11-20T09:00"))
    add_block(app, MONDAY, TimeOfDay(14, 0), TimeOfDay(15, 0), "Meeting", None)
    session(app, None, paris("2026-11-23T08:00"), paris("2026-11-23T08:25"), 25)
    before = stored_rows(app, journal=True)

    today(app)

    assert stored_rows(app, journal=True) == before
