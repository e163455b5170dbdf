"""The hand-off use cases over a real store: providers, delegate (with the six-month trial
for critical work), handback done or redo (and what happens to the steps), check-ins that
fall due, and undo of each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from microtask.domain.clock import FixedClock
from microtask.domain.delegation import TRIAL, ProviderRecord
from microtask.domain.edits import CriteriaChanges
from microtask.domain.errors import ConflictError, NotFoundError
from microtask.domain.model import Status
from microtask.domain.steps import Step
from microtask.services import App, complete_tasks, drop_tasks, undo
from microtask.services.check_ins import check_ins_due
from microtask.services.delegation import (
    add_provider,
    delegate,
    handback,
    provider_records,
)
from tests.factories import T0, add, split_steps, statuses, stored_rows, task_of

HOUR = 3600


def record(app: App, name: str) -> ProviderRecord:
    return next(r for r in provider_records(app) if r.provider.name == name)


@pytest.fixture
def ana(app: App) -> str:
    """Ana, who started today: on trial for six months."""
    add_provider(app, "Ana", "freelancer", None, None)
    return "Ana"


@pytest.fixture
def bob(app: App) -> str:
    """Bob, who has worked with us for a year: past his trial."""
    add_provider(app, "Bob", "agency", 40.0, T0 - timedelta(days=365))
    return "Bob"


def parent_with_steps(app: App) -> tuple[int, int, int, int]:
    """A parent with three steps, the first of them done already."""
    parent = add(app, "Bookkeeping")
    made = split_steps(
        app, parent, [Step("Receipts", None), Step("Enter", None), Step("Send", None)]
    )
    complete_tasks(app, [made[0].id])
    return parent, made[0].id, made[1].id, made[2].id


# -- providers ------------------------------------------------------------------------------


def test_a_provider_starts_now_unless_backdated(app: App) -> None:
    fresh = add_provider(app, "Ana", "va", 12.5, None)
    backdated = add_provider(app, "Bob", "agency", None, T0 - timedelta(days=400))

    assert (fresh.name, fresh.kind, fresh.rate, fresh.started) == ("Ana", "va", 12.5, T0)
    assert backdated.started == T0 - timedelta(days=400)
    assert [r.provider for r in provider_records(app)] == [backdated, fresh]  # longest first
    assert record(app, "Ana").on_trial(T0)
    assert not record(app, "Bob").on_trial(T0)


def test_a_second_provider_of_the_same_name_in_any_case_is_refused_and_writes_nothing(
    app: App, ana: str
) -> None:
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError) as refused:
        add_provider(app, "ANA", "agency", None, None)

    assert str(refused.value) == "a provider named 'Ana' exists already"
    assert stored_rows(app, journal=True) == before


def test_adding_a_provider_is_not_an_undoable_change(app: App) -> None:
    add(app, "Task")
    add_provider(app, "Ana", "freelancer", None, None)

    assert undo(app) == "add task 1 'Task'"
    assert [r.provider.name for r in provider_records(app)] == ["Ana"]


# -- delegate -------------------------------------------------------------------------------


def test_delegate_hands_the_task_and_its_open_steps_off_with_a_two_hour_check_in(
    app: App, ana: str
) -> None:
    parent, done_step, enter, send = parent_with_steps(app)

    handed = delegate(app, parent, ana, cap_seconds=3 * HOUR)

    delegation = handed.delegation
    assert handed.warnings == ()
    assert (delegation.task_id, delegation.task_title, delegation.provider.name) == (
        parent,
        "Bookkeeping",
        "Ana",
    )
    assert (delegation.delegated, delegation.check_in) == (T0, T0 + timedelta(hours=2))
    assert (delegation.cap_seconds, delegation.returned, delegation.outcome) == (
        3 * HOUR,
        None,
        None,
    )
    assert statuses(app) == {
        parent: Status.DELEGATED,
        done_step: Status.DONE,
        enter: Status.DELEGATED,
        send: Status.DELEGATED,
    }
    assert (record(app, "Ana").handed_off, record(app, "Ana").open) == (1, 1)


def test_delegate_is_refused_for_an_unknown_task_or_provider_or_a_task_not_open(
    app: App, ana: str
) -> None:
    done = add(app, "Finished")
    complete_tasks(app, [done])
    dropped = add(app, "Dropped")
    drop_tasks(app, [dropped])
    handed = add(app, "Handed off")
    delegate(app, handed, ana)
    open_one = add(app, "Open")
    before = stored_rows(app, journal=True)

    with pytest.raises(NotFoundError, match="no task with id 99"):
        delegate(app, 99, ana)
    with pytest.raises(NotFoundError) as unknown:
        delegate(app, open_one, "Zed")
    assert str(unknown.value) == (
        "no provider named 'Zed': add one with `microtask provider add NAME`"
    )
    for task_id, status in [(done, "done"), (dropped, "dropped"), (handed, "delegated")]:
        with pytest.raises(ConflictError) as refused:
            delegate(app, task_id, ana)
        assert str(refused.value) == (
            f"task {task_id} is {status}: only an open task can be handed off"
        )

    assert stored_rows(app, journal=True) == before


def test_critical_work_is_refused_to_a_provider_in_the_six_month_trial_unless_forced(
    app: App, ana: str
) -> None:
    critical = add(app, "Payroll", criteria=CriteriaChanges(critical=True))
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError) as refused:
        delegate(app, critical, ana)

    assert str(refused.value) == (
        f"task {critical} is critical and Ana is on trial until 2027-05-24 (under six months "
        "of track record): keep it, give it to a proven provider, or pass --force"
    )
    assert stored_rows(app, journal=True) == before
    assert delegate(app, critical, ana, force=True).warnings == ()
    assert task_of(app, critical).status is Status.DELEGATED


def test_critical_work_goes_to_a_provider_whose_trial_is_over(app: App, clock: FixedClock) -> None:
    add_provider(app, "Cleo", "freelancer", None, T0 - TRIAL + timedelta(seconds=1))
    critical = add(app, "Payroll", criteria=CriteriaChanges(critical=True))
    not_critical = add(app, "Filing", criteria=CriteriaChanges(critical=False))

    with pytest.raises(ConflictError, match="on trial"):
        delegate(app, critical, "Cleo")  # one second short of six months
    delegate(app, not_critical, "Cleo")
    clock.advance(1)
    delegate(app, critical, "Cleo")

    assert task_of(app, critical).status is Status.DELEGATED


def test_time_sensitive_work_to_a_provider_on_trial_comes_with_a_warning(
    app: App, ana: str, bob: str
) -> None:
    urgent = add(app, "Reply to the bank", criteria=CriteriaChanges(time_sensitive=True))
    also_urgent = add(app, "Reply to the landlord", criteria=CriteriaChanges(time_sensitive=True))

    warned = delegate(app, urgent, ana)
    not_warned = delegate(app, also_urgent, bob)

    assert warned.warnings == (
        f"task {urgent} is time-sensitive and Ana has not proven punctual yet: check in early",
    )
    assert not_warned.warnings == ()


# -- handback -------------------------------------------------------------------------------


def test_handback_done_completes_the_task_and_the_open_steps_handed_off_with_it(
    app: App, ana: str, clock: FixedClock
) -> None:
    parent, done_step, enter, send = parent_with_steps(app)
    delegate(app, parent, ana)
    clock.advance(5 * HOUR)

    closed = handback(app, parent, True, True, "all filed")

    assert (closed.returned, closed.outcome, closed.on_time, closed.note) == (
        T0 + timedelta(hours=5),
        "done",
        True,
        "all filed",
    )
    assert set(statuses(app).values()) == {Status.DONE}
    assert task_of(app, done_step).done_at == T0  # done before: keeps its own time
    assert {task_of(app, i).done_at for i in (parent, enter, send)} == {clock.now()}
    ana_now = record(app, "Ana")
    assert (ana_now.open, ana_now.done, ana_now.redo, ana_now.on_time, ana_now.late) == (
        0,
        1,
        0,
        1,
        0,
    )


def test_handback_redo_brings_back_the_steps_handed_off_with_the_task_only(
    app: App, ana: str, bob: str
) -> None:
    parent, done_step, enter, send = parent_with_steps(app)
    own = delegate(app, send, bob).delegation  # Bob has this step on his own
    delegate(app, parent, ana)

    closed = handback(app, parent, False, False, "wrong totals")

    assert (closed.outcome, closed.on_time) == ("redo", False)
    assert statuses(app) == {
        parent: Status.OPEN,
        done_step: Status.DONE,
        enter: Status.OPEN,
        send: Status.DELEGATED,
    }
    assert task_of(app, parent).done_at is None
    with app.reading() as repos:
        assert repos.outsourcing.open_delegation(send) == own
    assert (record(app, "Ana").redo, record(app, "Ana").late) == (1, 1)
    again = delegate(app, parent, ana)  # it can be handed off again
    assert again.delegation.id != closed.id


def test_handback_done_closes_the_delegation_of_a_step_handed_off_on_its_own(
    app: App, ana: str, bob: str
) -> None:
    parent, _, _, send = parent_with_steps(app)
    delegate(app, send, bob)
    delegate(app, parent, ana)
    before = stored_rows(app)

    handback(app, parent, True, True, None)

    assert task_of(app, send).status is Status.DONE
    with app.reading() as repos:
        assert repos.outsourcing.open_delegation(send) is None
    bobs = record(app, "Bob")
    assert (bobs.open, bobs.done, bobs.on_time, bobs.late) == (0, 1, 0, 0)  # not judged
    undo(app)
    assert stored_rows(app) == before


def test_handback_is_refused_for_a_task_not_handed_off_and_writes_nothing(
    app: App, ana: str
) -> None:
    never = add(app, "Never handed off")
    returned = add(app, "Handed back")
    delegate(app, returned, ana)
    handback(app, returned, True, None, None)
    before = stored_rows(app, journal=True)

    for task_id in (never, returned):
        with pytest.raises(ConflictError) as refused:
            handback(app, task_id, True, None, None)
        assert str(refused.value) == (
            f"task {task_id} is not handed off: `microtask delegate {task_id} --to NAME` first"
        )
    with pytest.raises(NotFoundError, match="no task with id 99"):
        handback(app, 99, False, None, None)

    assert stored_rows(app, journal=True) == before


def test_a_task_finished_by_hand_can_no_longer_be_handed_back(app: App, ana: str) -> None:
    task_id = add(app, "Handed off")
    delegate(app, task_id, ana)
    complete_tasks(app, [task_id])

    with pytest.raises(ConflictError, match="is not handed off"):
        handback(app, task_id, True, None, None)


# -- undo -----------------------------------------------------------------------------------


def test_undo_of_delegate_gives_the_task_and_its_steps_back_and_forgets_the_hand_off(
    app: App, ana: str, clock: FixedClock
) -> None:
    parent, *_ = parent_with_steps(app)
    before = stored_rows(app)
    clock.advance(60)
    delegate(app, parent, ana)

    assert undo(app) == f"delegate task {parent} 'Bookkeeping' to Ana"

    assert stored_rows(app) == before
    assert record(app, "Ana").handed_off == 0


def test_undo_of_handback_puts_the_work_back_in_the_providers_hands(
    app: App, ana: str, clock: FixedClock
) -> None:
    parent, *_ = parent_with_steps(app)
    delegate(app, parent, ana)
    before = stored_rows(app)
    clock.advance(HOUR)
    handback(app, parent, True, True, "done")

    assert undo(app) == f"handback task {parent} 'Bookkeeping' (done)"

    assert stored_rows(app) == before
    assert record(app, "Ana").open == 1


# -- check-ins ------------------------------------------------------------------------------


def test_a_check_in_falls_due_when_its_time_comes_earliest_first(
    app: App, ana: str, clock: FixedClock
) -> None:
    later = add(app, "Later")
    sooner = add(app, "Sooner")
    delegate(app, later, ana)
    delegate(app, sooner, ana, check_in_seconds=HOUR)

    clock.advance(HOUR - 1)
    assert check_ins_due(app) == []
    clock.advance(1)
    assert [d.task_id for d in check_ins_due(app)] == [sooner]
    clock.advance(HOUR)
    assert [d.task_id for d in check_ins_due(app)] == [sooner, later]


def test_check_ins_fall_due_only_for_tasks_still_handed_off(
    app: App, ana: str, clock: FixedClock
) -> None:
    handed_back, finished, dropped, still_out = (
        add(app, title) for title in ("Handed back", "Finished by hand", "Dropped", "Still out")
    )
    for task_id in (handed_back, finished, dropped, still_out):
        delegate(app, task_id, ana)
    handback(app, handed_back, False, None, None)
    complete_tasks(app, [finished])
    drop_tasks(app, [dropped])

    clock.advance(3 * HOUR)

    assert [d.task_id for d in check_ins_due(app)] == [still_out]
