"""Which tasks need a decision in `triage`, why, and the order of the walk."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from microtask.domain.model import Priority, Status, Task
from microtask.domain.triage import (
    LARGE_SECONDS,
    Reason,
    TriageFacts,
    build_queue,
    facts_of_task,
    reasons_for,
)

NOW_TS = int(datetime(2026, 11, 23, 9, 0, tzinfo=UTC).timestamp())
SETTLED = TriageFacts(
    task_id=1,
    open=True,
    triaged=True,
    due_ts=NOW_TS + 3600,
    estimate_seconds=1800,
    has_subtasks=False,
    has_open_subtasks=False,
)


def test_a_triaged_estimated_task_due_later_needs_no_decision() -> None:
    assert reasons_for(SETTLED, NOW_TS) == ()


def test_a_task_never_triaged_is_new() -> None:
    assert reasons_for(replace(SETTLED, triaged=False), NOW_TS) == (Reason.NEW,)


def test_a_task_due_before_now_is_overdue_and_due_now_is_not() -> None:
    assert reasons_for(replace(SETTLED, due_ts=NOW_TS - 1), NOW_TS) == (Reason.OVERDUE,)
    assert reasons_for(replace(SETTLED, due_ts=NOW_TS), NOW_TS) == ()


def test_a_task_without_estimate_needs_one_unless_its_open_steps_carry_the_work() -> None:
    unestimated = replace(SETTLED, estimate_seconds=None)
    assert reasons_for(unestimated, NOW_TS) == (Reason.NO_ESTIMATE,)
    split = replace(unestimated, has_subtasks=True, has_open_subtasks=True)
    assert reasons_for(split, NOW_TS) == ()
    steps_all_closed = replace(unestimated, has_subtasks=True, has_open_subtasks=False)
    assert reasons_for(steps_all_closed, NOW_TS) == (Reason.NO_ESTIMATE,)


def test_a_task_over_two_hours_is_large_until_it_has_subtasks() -> None:
    assert reasons_for(replace(SETTLED, estimate_seconds=LARGE_SECONDS), NOW_TS) == ()
    large = replace(SETTLED, estimate_seconds=LARGE_SECONDS + 60)
    assert reasons_for(large, NOW_TS) == (Reason.LARGE,)
    assert reasons_for(replace(large, has_subtasks=True), NOW_TS) == ()


def test_reasons_come_in_a_fixed_order_overdue_first() -> None:
    everything = replace(SETTLED, triaged=False, due_ts=NOW_TS - 60, estimate_seconds=None)
    assert reasons_for(everything, NOW_TS) == (Reason.OVERDUE, Reason.NEW, Reason.NO_ESTIMATE)


def test_tasks_that_are_not_open_never_need_a_decision() -> None:
    closed = replace(SETTLED, open=False, triaged=False, due_ts=NOW_TS - 60)
    assert reasons_for(closed, NOW_TS) == ()


def test_the_queue_walks_overdue_tasks_first_then_the_most_urgent() -> None:
    candidates = [
        replace(SETTLED, task_id=1, triaged=False, urgency=9.0),
        replace(SETTLED, task_id=2, due_ts=NOW_TS - 60, urgency=1.0),
        replace(SETTLED, task_id=3, estimate_seconds=None, urgency=5.0),
        replace(SETTLED, task_id=4, due_ts=NOW_TS - 7200, urgency=3.0),
        replace(SETTLED, task_id=5, urgency=20.0),  # needs nothing: not in the queue
    ]

    queue = build_queue(candidates, NOW_TS)

    assert [e.task_id for e in queue] == [4, 2, 1, 3]
    assert queue[0].reasons == (Reason.OVERDUE,)
    assert queue[2].reasons == (Reason.NEW,)


def test_equal_urgency_goes_to_the_earlier_due_date_then_the_lower_id() -> None:
    candidates = [
        replace(SETTLED, task_id=7, triaged=False, due_ts=None),
        replace(SETTLED, task_id=3, triaged=False, due_ts=None),
        replace(SETTLED, task_id=9, triaged=False, due_ts=NOW_TS + 99),
        replace(SETTLED, task_id=8, triaged=False, due_ts=NOW_TS + 10),
    ]

    assert [e.task_id for e in build_queue(candidates, NOW_TS)] == [8, 9, 3, 7]


def test_an_empty_store_gives_an_empty_queue() -> None:
    assert build_queue([], NOW_TS) == []


def _task(**changes: object) -> Task:
    at = datetime(2026, 11, 20, tzinfo=UTC)
    base = Task(
        id=5,
        title="Launch",
        status=Status.OPEN,
        priority=Priority.MEDIUM,
        due=None,
        estimate_seconds=4 * 3600,
        tags=(),
        project=None,
        parent_id=None,
        position=0,
        notes=None,
        created_at=at,
        updated_at=at,
        done_at=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_facts_of_a_task_give_the_same_reasons_as_the_store() -> None:
    overdue = datetime(2026, 11, 22, tzinfo=UTC)
    assert reasons_for(facts_of_task(_task(due=overdue), triaged=False), NOW_TS) == (
        Reason.OVERDUE,
        Reason.NEW,
        Reason.LARGE,
    )
    split = _task(subtask_ids=(6, 7), open_subtask_ids=(7,))
    assert reasons_for(facts_of_task(split, triaged=True), NOW_TS) == ()
    dropped = _task(status=Status.DROPPED)
    assert reasons_for(facts_of_task(dropped, triaged=False), NOW_TS) == ()
    delegated = _task(status=Status.DELEGATED)
    assert reasons_for(facts_of_task(delegated, triaged=False), NOW_TS) == ()
