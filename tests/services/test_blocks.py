"""The block, plan and agenda use cases over a real store: blocks stored on the local day and
refused on overlap, the plan around existing blocks (proposed, or applied as undoable
blocks), and the agenda of a day with a run still going.

The clock stands at Monday 23 Nov 2026, 10:00 in Paris (``T0``); the default working day
runs 09:00-17:00.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from microtask.domain.clock import FixedClock
from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.model import Priority, TaskFilter
from microtask.domain.sessions import BlockSource
from microtask.domain.timeofday import TimeOfDay
from microtask.domain.views.plan import PlanView
from microtask.services import App, complete_tasks, list_tasks, undo
from microtask.services import blocks as block_service
from microtask.services.blocks import (
    PlanRequest,
    add_block,
    day_agenda,
    list_blocks,
    make_plan,
    propose_plan,
    remove_blocks,
)
from microtask.services.delegation import add_provider, delegate
from microtask.services.tracking import start_tracking
from tests.factories import MONDAY, T0, add, paris, session, stored_rows

TUESDAY = MONDAY + timedelta(days=1)


def work_minutes(plan: PlanView, task_id: int) -> float:
    """Minutes the plan gives ``task_id``."""
    return sum(
        (row.end - row.start).total_seconds() / 60
        for row in plan.rows
        if row.kind == "work" and row.task_id == task_id
    )


def planned_order(plan: PlanView) -> list[int]:
    """Task ids in the order the plan first works on them."""
    return list(dict.fromkeys(r.task_id for r in plan.rows if r.task_id is not None))


# -- block add ------------------------------------------------------------------------------


def test_a_block_is_stored_on_the_local_day_as_a_manual_block(app: App) -> None:
    block = add_block(app, MONDAY, TimeOfDay(11, 0), TimeOfDay(12, 30), "Meeting", None)

    assert (block.start, block.end) == (paris("2026-11-23T11:00"), paris("2026-11-23T12:30"))
    assert (block.title, block.task_id, block.source) == ("Meeting", None, BlockSource.MANUAL)
    assert block.seconds == 90 * 60
    assert list_blocks(app, MONDAY) == [block]


def test_a_block_for_a_task_takes_its_title_unless_given_one(app: App) -> None:
    task_id = add(app, "Write report")

    named_by_task = add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), None, task_id)
    named = add_block(app, MONDAY, TimeOfDay(10, 0), TimeOfDay(11, 0), "Deep work", task_id)

    assert (named_by_task.title, named_by_task.task_title) == ("Write report", "Write report")
    assert (named.title, named.task_id) == ("Deep work", task_id)


def test_a_block_without_a_title_or_a_task_is_refused_and_writes_nothing(app: App) -> None:
    add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), "Existing", None)
    before = stored_rows(app, journal=True)

    for title in (None, ""):
        with pytest.raises(InvalidInputError, match="the block needs a title, or a task"):
            add_block(app, MONDAY, TimeOfDay(11, 0), TimeOfDay(12, 0), title, None)

    assert stored_rows(app, journal=True) == before


def test_blocks_are_refused_on_any_overlap_naming_the_clash_and_writing_nothing(
    app: App,
) -> None:
    add_block(app, MONDAY, TimeOfDay(11, 0), TimeOfDay(12, 0), "Meeting", None)
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError) as refused:
        add_block(app, MONDAY, TimeOfDay(11, 30), TimeOfDay(12, 30), "Lunch", None)
    assert str(refused.value) == (
        "11:30-12:30 overlaps block 1 11:00-12:00 'Meeting': "
        "pick a free time or remove it (`microtask block rm ID`)"
    )
    for start, end in [
        (TimeOfDay(10, 0), TimeOfDay(11, 30)),
        (TimeOfDay(11, 15), TimeOfDay(11, 45)),
        (TimeOfDay(10, 59), TimeOfDay(11, 1)),
    ]:
        with pytest.raises(ConflictError, match="overlaps block 1"):
            add_block(app, MONDAY, start, end, "Other", None)

    assert stored_rows(app, journal=True) == before


def test_blocks_that_only_touch_are_allowed(app: App) -> None:
    add_block(app, MONDAY, TimeOfDay(11, 0), TimeOfDay(12, 0), "Meeting", None)
    add_block(app, MONDAY, TimeOfDay(12, 0), TimeOfDay(13, 0), "Lunch", None)
    add_block(app, MONDAY, TimeOfDay(10, 0), TimeOfDay(11, 0), "Before", None)

    assert [b.title for b in list_blocks(app, MONDAY)] == ["Before", "Meeting", "Lunch"]


def test_an_overlap_with_many_blocks_names_three_and_counts_the_rest(app: App) -> None:
    for hour in range(9, 14):
        add_block(app, MONDAY, TimeOfDay(hour, 0), TimeOfDay(hour + 1, 0), f"Slot {hour}", None)

    with pytest.raises(ConflictError) as refused:
        add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(14, 0), "All morning", None)

    message = str(refused.value)
    assert "'Slot 9'; block 2 10:00-11:00 'Slot 10'; block 3 11:00-12:00 'Slot 11'" in message
    assert "and 2 more:" in message
    assert "Slot 12" not in message


def test_a_clash_on_another_day_names_the_blocks_date(app: App) -> None:
    add_block(app, TUESDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), "Tomorrow", None)

    with pytest.raises(ConflictError, match="overlaps block 1 Tue 24 Nov 09:00-10:00 'Tomorrow'"):
        add_block(app, TUESDAY, TimeOfDay(9, 30), TimeOfDay(10, 30), "Clash", None)


def test_a_block_for_an_unknown_or_closed_task_is_refused_and_writes_nothing(app: App) -> None:
    done = add(app, "Finished")
    complete_tasks(app, [done])
    handed = add(app, "Handed off")
    add_provider(app, "Ana", "freelancer", None, None)
    delegate(app, handed, "Ana")
    before = stored_rows(app, journal=True)

    with pytest.raises(NotFoundError, match="no task with id 99"):
        add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), None, 99)
    with pytest.raises(ConflictError) as refused:
        add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), "Named anyway", done)
    assert str(refused.value) == (
        f"task {done} is done: reopen it (`microtask reopen {done}`) to give it time"
    )
    with pytest.raises(ConflictError, match=f"task {handed} is delegated"):
        add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), None, handed)

    assert stored_rows(app, journal=True) == before


# -- block list, rm and undo ----------------------------------------------------------------


def test_list_blocks_gives_the_blocks_with_time_in_that_day_by_start(app: App) -> None:
    late = add_block(app, MONDAY, TimeOfDay(23, 0), TimeOfDay(24, 0), "Until midnight", None)
    morning = add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), "Morning", None)
    tomorrow = add_block(
        app, TUESDAY, TimeOfDay(0, 0), TimeOfDay(1, 0), "Just after midnight", None
    )

    assert late.end == paris("2026-11-24T00:00")
    assert list_blocks(app, MONDAY) == [morning, late]
    assert list_blocks(app, TUESDAY) == [tomorrow]
    assert list_blocks(app, MONDAY + timedelta(days=4)) == []


def test_removed_blocks_come_back_exactly_with_undo(app: App) -> None:
    task_id = add(app, "Write")
    first = add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), None, task_id)
    second = add_block(app, MONDAY, TimeOfDay(10, 0), TimeOfDay(11, 0), "Keep", None)
    before = stored_rows(app)

    gone = remove_blocks(app, [first.id, second.id, first.id])

    assert gone == [first, second]
    assert list_blocks(app, MONDAY) == []
    assert undo(app) == "block rm 1 'Write', 2 'Keep'"
    assert stored_rows(app) == before
    assert list_blocks(app, MONDAY) == [first, second]


def test_rm_with_one_unknown_block_removes_nothing(app: App) -> None:
    add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), "Keep", None)
    before = stored_rows(app, journal=True)

    with pytest.raises(NotFoundError) as refused:
        remove_blocks(app, [1, 99])

    assert str(refused.value) == "no block with id 99: see `microtask block list`"
    assert stored_rows(app, journal=True) == before


def test_undo_of_block_add_takes_the_block_away(app: App) -> None:
    add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), "Keep", None)
    before = stored_rows(app)
    add_block(app, MONDAY, TimeOfDay(10, 0), TimeOfDay(11, 0), "Oops", None)

    assert undo(app) == "block add 2 'Oops'"
    assert stored_rows(app) == before


def test_undo_of_block_rm_gives_the_sessions_run_in_the_block_their_link_back(
    app: App,
) -> None:
    task_id = add(app, "Write")
    block = add_block(app, MONDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), None, task_id)
    session(
        app,
        task_id,
        paris("2026-11-23T09:00"),
        paris("2026-11-23T09:25"),
        25,
        kind="block",
        block_id=block.id,
    )
    before = stored_rows(app)
    remove_blocks(app, [block.id])

    undo(app)

    assert stored_rows(app) == before


# -- the plan -------------------------------------------------------------------------------


def test_the_plan_of_today_starts_now_rounded_up_to_five_minutes(
    app: App, clock: FixedClock
) -> None:
    task_id = add(app, "Write", estimate_seconds=25 * 60)
    clock.set(paris("2026-11-23T10:02"))

    plan = make_plan(app, PlanRequest(day=MONDAY))

    assert (plan.day_start, plan.day_end) == (
        paris("2026-11-23T10:05"),
        paris("2026-11-23T17:00"),
    )
    assert [(r.start, r.end, r.kind, r.task_id, r.title) for r in plan.rows] == [
        (paris("2026-11-23T10:05"), paris("2026-11-23T10:30"), "work", task_id, "Write")
    ]
    assert (plan.free_seconds, plan.planned_seconds) == (415 * 60, 25 * 60)


def test_the_plan_of_another_day_uses_the_whole_configured_day(app: App) -> None:
    add(app, "Write", estimate_seconds=25 * 60)

    plan = make_plan(app, PlanRequest(day=TUESDAY))

    assert (plan.day_start, plan.day_end) == (
        paris("2026-11-24T09:00"),
        paris("2026-11-24T17:00"),
    )
    assert plan.rows[0].start == paris("2026-11-24T09:00")


def test_the_plan_works_around_existing_blocks_and_counts_only_the_free_time(app: App) -> None:
    task_id = add(app, "Long job", estimate_seconds=3 * 3600)
    meeting = add_block(app, MONDAY, TimeOfDay(10, 30), TimeOfDay(11, 30), "Meeting", None)
    lunch = add_block(app, MONDAY, TimeOfDay(12, 0), TimeOfDay(13, 0), "Lunch", None)
    add_block(app, TUESDAY, TimeOfDay(10, 0), TimeOfDay(17, 0), "Tomorrow's offsite", None)

    plan = make_plan(app, PlanRequest(day=MONDAY))

    assert plan.busy == [meeting, lunch]
    for row in plan.rows:
        for busy in plan.busy:
            assert row.end <= busy.start or row.start >= busy.end, (row, busy)
    assert plan.free_seconds == (7 - 2) * 3600
    assert work_minutes(plan, task_id) == 180


def test_a_proposed_plan_writes_nothing(app: App) -> None:
    add(app, "Write", estimate_seconds=3600)
    add_block(app, MONDAY, TimeOfDay(14, 0), TimeOfDay(15, 0), "Meeting", None)
    before = stored_rows(app, journal=True)

    plan = make_plan(app, PlanRequest(day=MONDAY))
    with app.reading() as repos:
        read_inside = propose_plan(app, repos, PlanRequest(day=MONDAY, apply=True))

    assert plan.rows
    assert read_inside == plan  # apply is ignored: nothing is saved
    assert plan.applied_block_ids == []
    assert stored_rows(app, journal=True) == before


def test_an_applied_plan_saves_its_work_as_plan_blocks_and_undo_takes_them_away(
    app: App,
) -> None:
    write = add(app, "Write", estimate_seconds=50 * 60, priority=Priority.HIGH)
    read = add(app, "Read")
    add_block(app, MONDAY, TimeOfDay(11, 0), TimeOfDay(12, 0), "Meeting", None)
    before = stored_rows(app)

    plan = make_plan(app, PlanRequest(day=MONDAY, apply=True))

    work = [row for row in plan.rows if row.kind == "work"]
    saved = [b for b in list_blocks(app, MONDAY) if b.source is BlockSource.PLAN]
    assert [b.id for b in saved] == plan.applied_block_ids
    assert len(saved) == len(work) == 3
    assert [(b.start, b.end, b.task_id, b.title) for b in saved] == [
        (row.start, row.end, row.task_id, row.title) for row in work
    ]
    assert {b.task_id for b in saved} == {write, read}
    assert undo(app) == "plan --apply 2026-11-23 (3 blocks)"
    assert stored_rows(app) == before


def test_a_second_plan_apply_keeps_the_same_blocks_and_records_no_change(app: App) -> None:
    add(app, "Write", estimate_seconds=50 * 60)
    first = make_plan(app, PlanRequest(day=MONDAY, apply=True))
    booked = stored_rows(app, journal=True)

    again = make_plan(app, PlanRequest(day=MONDAY, apply=True))

    assert (again.rows, again.does_not_fit) == (first.rows, [])
    assert again.applied_block_ids == first.applied_block_ids
    assert again.replaces == []
    assert stored_rows(app, journal=True) == booked  # the same blocks: no change recorded


def test_the_plan_takes_recorded_focus_and_booked_blocks_off_the_estimates(app: App) -> None:
    worked = add(app, "Worked on", estimate_seconds=3600)
    booked = add(app, "Booked", estimate_seconds=3600)
    session(app, worked, paris("2026-11-23T08:00"), paris("2026-11-23T08:20"), 20)
    add_block(app, MONDAY, TimeOfDay(15, 0), TimeOfDay(15, 40), None, booked)
    add_block(
        app, TUESDAY, TimeOfDay(9, 0), TimeOfDay(10, 0), None, booked
    )  # another day: does not count

    plan = make_plan(app, PlanRequest(day=MONDAY))

    assert work_minutes(plan, worked) == 40
    assert work_minutes(plan, booked) == 20


def test_tasks_due_today_are_planned_first_even_beyond_the_candidates_considered(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(block_service, "PLAN_CANDIDATES", 2)
    tomorrow = paris("2026-11-24T09:00")
    urgent = [add(app, f"Urgent {n}", priority=Priority.URGENT, due=tomorrow) for n in range(3)]
    tonight = add(app, "Low, due tonight", priority=Priority.LOW, due=paris("2026-11-23T20:00"))
    most_urgent = list_tasks(app, TaskFilter(leaves_only=True), limit=2, tree=False).tasks
    assert tonight not in [t.id for t in most_urgent]

    order = planned_order(make_plan(app, PlanRequest(day=MONDAY)))

    assert order == [tonight, *urgent[:2]]  # and the two most urgent, all it may consider


def test_what_does_not_fit_is_listed_with_what_it_needed_and_got(app: App) -> None:
    big = add(app, "Big", estimate_seconds=3 * 3600, priority=Priority.HIGH)
    also = add(app, "Also big", estimate_seconds=2 * 3600)

    plan = make_plan(app, PlanRequest(day=MONDAY, end=TimeOfDay(11, 0)))

    assert plan.free_seconds == 3600
    assert plan.planned_seconds <= plan.free_seconds
    assert [(u.task_id, u.needed_seconds, u.planned_seconds) for u in plan.does_not_fit] == [
        (big, 3 * 3600, 50 * 60),
        (also, 2 * 3600, 0),
    ]


def test_planning_today_after_its_window_is_refused_and_writes_nothing(
    app: App, clock: FixedClock
) -> None:
    add(app, "Write")
    clock.set(paris("2026-11-23T17:30"))
    before = stored_rows(app, journal=True)

    with pytest.raises(InvalidInputError) as refused:
        make_plan(app, PlanRequest(day=MONDAY, apply=True))

    assert str(refused.value) == (
        "nothing left to plan on Mon 23 Nov: its window ended at 17:00; "
        "plan another day (`microtask plan tomorrow`) or pass --to"
    )
    assert stored_rows(app, journal=True) == before
    assert make_plan(app, PlanRequest(day=MONDAY, end=TimeOfDay(24, 0))).day_start == clock.now()


def test_a_window_that_ends_before_it_starts_is_refused(app: App) -> None:
    with pytest.raises(InvalidInputError) as refused:
        make_plan(app, PlanRequest(day=TUESDAY, start=TimeOfDay(15, 0), end=TimeOfDay(14, 0)))

    assert str(refused.value) == "--to (14:00) must be after --from (15:00)"


# -- the agenda -----------------------------------------------------------------------------


def test_the_agenda_sets_the_days_sessions_beside_its_blocks(app: App) -> None:
    task_id = add(app, "Write report")
    block = add_block(app, MONDAY, TimeOfDay(8, 0), TimeOfDay(9, 0), None, task_id)
    add_block(app, TUESDAY, TimeOfDay(8, 0), TimeOfDay(9, 0), "Tomorrow", None)
    worked = session(app, task_id, paris("2026-11-23T08:00"), paris("2026-11-23T08:50"), 50)
    session(app, task_id, paris("2026-11-22T08:00"), paris("2026-11-22T08:25"), 25)  # Sunday

    agenda = day_agenda(app, MONDAY)

    assert [(b.block.id, b.status) for b in agenda.blocks] == [(block.id, "done")]
    assert [s.session.id for s in agenda.sessions] == [worked]
    assert agenda.sessions[0].in_block_ids == (block.id,)
    assert agenda.focus_seconds == agenda.on_plan_seconds == 50 * 60
    assert agenda.planned_seconds == 3600


def test_the_agenda_counts_a_running_tracking_as_of_now(app: App, clock: FixedClock) -> None:
    task_id = add(app, "Write report")
    start_tracking(app, task_id)
    clock.advance(20 * 60)

    agenda = day_agenda(app, MONDAY)

    (running,) = agenda.sessions
    assert running.session.start == T0
    assert running.session.focus_seconds == 20 * 60
    assert agenda.focus_seconds == pytest.approx(20 * 60)
    assert agenda.unplanned_seconds == pytest.approx(20 * 60)
