"""The task use cases over a real store: add, edit, split, done, reopen, drop, rm and undo,
what each stores, what each refuses (writing nothing), and that undo puts back exactly
what was there."""

from __future__ import annotations

from datetime import timedelta

import pytest

from microtask.domain.clock import FixedClock
from microtask.domain.edits import CriteriaChanges
from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.model import Priority, Status, TaskCriteria, TaskFilter
from microtask.domain.steps import Step
from microtask.domain.timeofday import TimeOfDay
from microtask.services import (
    App,
    TaskFields,
    add_task,
    complete_tasks,
    drop_tasks,
    edit_task,
    list_tasks,
    next_task,
    remove_tasks,
    reopen_task,
    show_task,
    split_task,
    subtree_sizes,
    undo,
)
from microtask.services.blocks import add_block
from microtask.services.delegation import add_provider, delegate, handback
from microtask.services.tasks import tasks_by_id
from tests.factories import (
    MONDAY,
    T0,
    add,
    all_tasks,
    make_app,
    paris,
    session,
    split_steps,
    statuses,
    stored_rows,
    task_of,
)


def steps(*titles: str) -> list[Step]:
    """Steps without estimates; ``"Title ~N"`` gives step N minutes."""
    made = []
    for text in titles:
        title, _, minutes = text.partition(" ~")
        made.append(Step(title, int(minutes) * 60 if minutes else None))
    return made


# -- add ------------------------------------------------------------------------------------


def test_add_stores_every_field_given_and_defaults_the_rest(app: App) -> None:
    due = paris("2026-12-01T14:00")
    task_id = add(
        app,
        "Write copy",
        priority=Priority.HIGH,
        due=due,
        estimate_seconds=5400,
        tags=("web", "copy"),
        project="launch",
        note="done when reviewed",
        criteria=CriteriaChanges(repetitive=True, critical=False),
    )

    task = task_of(app, task_id)
    assert (task.title, task.status, task.priority) == ("Write copy", Status.OPEN, Priority.HIGH)
    assert (task.due, task.estimate_seconds, task.project) == (due, 5400, "launch")
    assert task.tags == ("copy", "web")
    assert task.notes == "done when reviewed"
    assert task.criteria == TaskCriteria(repetitive=True, critical=False)
    assert task.created_at == task.updated_at == T0
    assert (task.done_at, task.parent_id) == (None, None)

    plain = task_of(app, add(app, "Plain"))
    assert (plain.priority, plain.due, plain.estimate_seconds, plain.tags) == (
        Priority.MEDIUM,
        None,
        None,
        (),
    )
    assert plain.criteria == TaskCriteria()


def test_add_without_a_title_is_refused_and_writes_nothing(app: App) -> None:
    add(app, "Existing")
    before = stored_rows(app, journal=True)

    with pytest.raises(InvalidInputError, match="the title is empty"):
        add(app, None)  # type: ignore[arg-type]

    assert stored_rows(app, journal=True) == before


def test_add_under_a_parent_goes_last_and_takes_its_project_unless_given_one(app: App) -> None:
    parent = add(app, "Launch", project="site")
    first = add(app, "Buy domain", parent_id=parent)
    second = add(app, "Press kit", parent_id=parent, project="pr")

    assert task_of(app, parent).subtask_ids == (first, second)
    assert task_of(app, parent).open_subtask_ids == (first, second)
    assert [task_of(app, i).project for i in (first, second)] == ["site", "pr"]
    assert task_of(app, first).position < task_of(app, second).position
    assert task_of(app, first).parent_open is True


def test_add_under_a_missing_or_closed_parent_is_refused_and_writes_nothing(app: App) -> None:
    closed = add(app, "Finished")
    complete_tasks(app, [closed])
    before = stored_rows(app, journal=True)

    with pytest.raises(NotFoundError, match="no parent task with id 99"):
        add(app, "Orphan", parent_id=99)
    with pytest.raises(ConflictError, match=rf"task {closed} is done: reopen it"):
        add(app, "Late step", parent_id=closed)

    assert stored_rows(app, journal=True) == before


# -- edit -----------------------------------------------------------------------------------


def test_edit_changes_clears_and_untags_and_undo_puts_the_task_back(
    app: App, clock: FixedClock
) -> None:
    task_id = add(
        app,
        "Draft",
        due=paris("2026-11-24T17:00"),
        estimate_seconds=3600,
        tags=("a", "b"),
        project="x",
    )
    before = stored_rows(app)
    clock.advance(60)

    edited = edit_task(
        app,
        task_id,
        TaskFields(
            title="Final",
            priority=Priority.HIGH,
            tags=("c",),
            untag=("a",),
            clear_due=True,
            clear_estimate=True,
            clear_project=True,
        ),
    )

    assert edited == task_of(app, task_id)
    assert (edited.title, edited.priority, edited.tags) == ("Final", Priority.HIGH, ("b", "c"))
    assert (edited.due, edited.estimate_seconds, edited.project) == (None, None, None)
    assert edited.updated_at == T0 + timedelta(seconds=60)
    assert edited.created_at == T0
    assert undo(app) == f"edit task {task_id} 'Draft'"
    assert stored_rows(app) == before


def test_edit_with_nothing_to_change_is_refused_and_writes_nothing(app: App) -> None:
    task_id = add(app, "Draft", tags=("a",))
    before = stored_rows(app, journal=True)

    with pytest.raises(InvalidInputError, match="nothing to change"):
        edit_task(app, task_id, TaskFields())
    with pytest.raises(InvalidInputError, match="nothing to change"):
        edit_task(app, task_id, TaskFields(tags=("a",)))  # a tag it has already

    assert stored_rows(app, journal=True) == before


def test_edit_untag_of_a_tag_the_task_lacks_is_refused_naming_its_tags(app: App) -> None:
    task_id = add(app, "Draft", tags=("web", "copy"))
    before = stored_rows(app, journal=True)

    with pytest.raises(InvalidInputError, match=r"has no tag 'ops'; its tags: copy, web"):
        edit_task(app, task_id, TaskFields(title="Renamed", untag=("ops",)))

    assert stored_rows(app, journal=True) == before


def test_edit_of_an_unknown_task_is_refused(app: App) -> None:
    with pytest.raises(NotFoundError, match="no task with id 7"):
        edit_task(app, 7, TaskFields(title="Anything"))


def test_edit_refuses_to_put_a_task_under_itself_or_under_its_own_subtask(app: App) -> None:
    root = add(app, "Root")
    child = add(app, "Child", parent_id=root)
    grandchild = add(app, "Grandchild", parent_id=child)
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError, match=f"task {root} cannot be its own parent"):
        edit_task(app, root, TaskFields(parent_id=root))
    with pytest.raises(ConflictError, match=f"task {grandchild} is a subtask of task {root}"):
        edit_task(app, root, TaskFields(parent_id=grandchild))

    assert stored_rows(app, journal=True) == before


def test_edit_moves_a_task_last_under_its_new_parent_and_clear_parent_makes_it_a_root(
    app: App,
) -> None:
    old, new = add(app, "Old parent"), add(app, "New parent")
    stays = add(app, "Already there", parent_id=new)
    moved = add(app, "Moved", parent_id=old)

    edit_task(app, moved, TaskFields(parent_id=new))

    assert task_of(app, new).subtask_ids == (stays, moved)
    assert task_of(app, old).subtask_ids == ()
    assert task_of(app, old).is_leaf

    edit_task(app, moved, TaskFields(clear_parent=True))

    assert task_of(app, moved).parent_id is None
    assert task_of(app, new).subtask_ids == (stays,)


def test_edit_stores_outsourcing_answers_and_none_makes_one_unknown_again(app: App) -> None:
    task_id = add(app, "Invoices", criteria=CriteriaChanges(repetitive=True, know_how=False))

    edit_task(app, task_id, TaskFields(criteria=CriteriaChanges(repetitive=None, critical=True)))

    assert task_of(app, task_id).criteria == TaskCriteria(
        repetitive=None, know_how=False, critical=True
    )


# -- split ----------------------------------------------------------------------------------


def test_split_shares_what_the_estimated_steps_leave_among_the_others(app: App) -> None:
    parent = add(app, "Launch", estimate_seconds=3600 + 1)

    made = split_steps(app, parent, steps("A", "B ~20", "C"))

    assert [s.estimate_seconds for s in made] == [1201, 20 * 60, 1200]  # spare second first
    assert sum(s.estimate_seconds or 0 for s in made) == 3601


def test_split_gives_no_share_when_the_estimated_steps_use_up_the_estimate(app: App) -> None:
    over = add(app, "Quick", estimate_seconds=30 * 60)
    unsized = add(app, "Unsized")

    from_over = split_steps(app, over, steps("A ~45", "B"))
    from_unsized = split_steps(app, unsized, steps("A", "B ~10"))

    assert [s.estimate_seconds for s in from_over] == [45 * 60, None]
    assert [s.estimate_seconds for s in from_unsized] == [None, 10 * 60]


def test_split_steps_come_after_existing_ones_and_take_the_parents_priority_due_and_project(
    app: App,
) -> None:
    due = paris("2026-11-27T12:00")
    parent = add(app, "Launch", priority=Priority.URGENT, due=due, project="site", tags=("web",))
    existing = add(app, "Existing step", parent_id=parent)

    result = split_task(app, parent, steps("Outline", "Review"))
    updated, made = result.parent, tasks_by_id(app, result.step_ids)

    assert updated.subtask_ids == (existing, *(s.id for s in made))
    assert [s.title for s in made] == ["Outline", "Review"]
    for step in made:
        assert (step.priority, step.due, step.project, step.parent_id) == (
            Priority.URGENT,
            due,
            "site",
            parent,
        )
        assert step.tags == ()  # tags stay with the parent
        assert step == task_of(app, step.id)


def test_split_is_refused_without_steps_or_on_a_closed_or_unknown_task_writing_nothing(
    app: App,
) -> None:
    closed = add(app, "Finished")
    complete_tasks(app, [closed])
    open_one = add(app, "Open")
    before = stored_rows(app, journal=True)

    with pytest.raises(InvalidInputError, match="no steps given"):
        split_task(app, open_one, [])
    with pytest.raises(ConflictError, match=f"task {closed} is done"):
        split_task(app, closed, steps("A"))
    with pytest.raises(NotFoundError, match="no parent task with id 42"):
        split_task(app, 42, steps("A"))

    assert stored_rows(app, journal=True) == before


def test_undo_of_split_removes_every_step_it_made(app: App) -> None:
    parent = add(app, "Launch", estimate_seconds=3600)
    before = stored_rows(app)
    split_task(app, parent, steps("A", "B", "C"))

    assert undo(app) == f"split task {parent} 'Launch' into 3 steps"

    assert stored_rows(app) == before
    assert task_of(app, parent).is_leaf


# -- done -----------------------------------------------------------------------------------


def test_done_refuses_a_task_with_open_steps_unless_cascade(app: App, clock: FixedClock) -> None:
    parent = add(app, "Launch")
    (outline, review) = split_steps(app, parent, steps("Outline", "Review"))
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError) as refused:
        complete_tasks(app, [parent])
    assert str(refused.value) == (
        f"task {parent} has 2 open subtask(s): {outline.id} 'Outline', {review.id} 'Review'; "
        "finish them first or use --cascade"
    )
    assert stored_rows(app, journal=True) == before

    clock.advance(90)
    result = complete_tasks(app, [parent], cascade=True)

    assert [t.id for t in result.done] == [parent, outline.id, review.id]
    assert statuses(app) == dict.fromkeys((parent, outline.id, review.id), Status.DONE)
    assert {t.done_at for t in all_tasks(app).values()} == {T0 + timedelta(seconds=90)}


def test_done_cascade_reaches_every_level_and_keeps_the_time_steps_were_already_done(
    app: App, clock: FixedClock
) -> None:
    root = add(app, "Root")
    (child, finished) = split_steps(app, root, steps("Child", "Finished early"))
    (grandchild,) = split_steps(app, child.id, steps("Grandchild"))
    complete_tasks(app, [finished.id])
    clock.advance(3600)

    result = complete_tasks(app, [root], cascade=True)

    assert {t.id for t in result.done} == {root, child.id, grandchild.id}
    assert set(statuses(app).values()) == {Status.DONE}
    assert task_of(app, finished.id).done_at == T0
    assert task_of(app, grandchild.id).done_at == T0 + timedelta(hours=1)


def test_done_of_a_parent_with_all_its_open_steps_named_needs_no_cascade(app: App) -> None:
    parent = add(app, "Launch")
    (outline,) = split_steps(app, parent, steps("Outline"))

    result = complete_tasks(app, [parent, outline.id])

    assert {t.id for t in result.done} == {parent, outline.id}
    assert statuses(app) == {parent: Status.DONE, outline.id: Status.DONE}


def test_done_says_which_were_done_already_and_which_parents_have_nothing_left(
    app: App,
) -> None:
    parent = add(app, "Launch")
    (outline, review) = split_steps(app, parent, steps("Outline", "Review"))
    assert complete_tasks(app, [outline.id]).parents_ready == []  # Review is still open

    result = complete_tasks(app, [outline.id, review.id])

    assert [t.id for t in result.already] == [outline.id]
    assert [t.id for t in result.done] == [review.id]
    assert [t.id for t in result.parents_ready] == [parent]
    assert task_of(app, parent).status is Status.OPEN  # offered, not closed


def test_done_with_one_unknown_id_closes_none_of_them(app: App) -> None:
    known = add(app, "Known")
    before = stored_rows(app, journal=True)

    with pytest.raises(NotFoundError, match="no task with id 99"):
        complete_tasks(app, [known, 99])

    assert stored_rows(app, journal=True) == before
    assert task_of(app, known).status is Status.OPEN


def test_undo_of_done_puts_back_status_done_time_and_urgency(app: App, clock: FixedClock) -> None:
    parent = add(app, "Launch", priority=Priority.HIGH)
    split_task(app, parent, steps("Outline", "Review"))
    before = stored_rows(app)
    clock.advance(600)
    complete_tasks(app, [parent], cascade=True)

    assert undo(app).startswith(f"done {parent} 'Launch'")

    assert stored_rows(app) == before
    assert {t.done_at for t in all_tasks(app).values()} == {None}


# -- reopen ---------------------------------------------------------------------------------


def test_reopen_of_a_step_reopens_its_done_ancestors(app: App) -> None:
    root = add(app, "Root")
    (child,) = split_steps(app, root, steps("Child"))
    (grandchild,) = split_steps(app, child.id, steps("Grandchild"))
    complete_tasks(app, [root], cascade=True)

    reopened, ancestors = reopen_task(app, grandchild.id)

    assert reopened.status is Status.OPEN
    assert [a.id for a in ancestors] == [child.id, root]
    assert statuses(app) == dict.fromkeys((root, child.id, grandchild.id), Status.OPEN)
    assert {t.done_at for t in all_tasks(app).values()} == {None}


def test_reopen_leaves_open_ancestors_and_done_siblings_as_they_are(app: App) -> None:
    parent = add(app, "Launch")
    (outline, review) = split_steps(app, parent, steps("Outline", "Review"))
    complete_tasks(app, [outline.id, review.id])

    _, ancestors = reopen_task(app, outline.id)

    assert ancestors == []
    assert statuses(app) == {parent: Status.OPEN, outline.id: Status.OPEN, review.id: Status.DONE}


def test_reopen_brings_back_a_dropped_task_and_refuses_an_open_one(app: App) -> None:
    dropped = add(app, "Dropped")
    drop_tasks(app, [dropped])
    still_open = add(app, "Open")
    reopen_task(app, dropped)
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError, match=f"task {still_open} is already open"):
        reopen_task(app, still_open)

    assert task_of(app, dropped).status is Status.OPEN
    assert stored_rows(app, journal=True) == before


# -- drop -----------------------------------------------------------------------------------


def test_drop_takes_the_open_steps_with_it_and_leaves_done_ones_done(app: App) -> None:
    parent = add(app, "Launch")
    (outline, review) = split_steps(app, parent, steps("Outline", "Review"))
    (notes,) = split_steps(app, review.id, steps("Notes"))
    complete_tasks(app, [outline.id])

    dropped, count = drop_tasks(app, [parent])

    assert {t.id for t in dropped} == {parent, review.id, notes.id}
    assert count == 3
    assert statuses(app) == {
        parent: Status.DROPPED,
        outline.id: Status.DONE,
        review.id: Status.DROPPED,
        notes.id: Status.DROPPED,
    }
    assert task_of(app, outline.id).done_at == T0


def test_drop_of_a_dropped_task_changes_nothing_and_undo_of_drop_restores_it(app: App) -> None:
    parent = add(app, "Launch")
    split_task(app, parent, steps("Outline"))
    before = stored_rows(app)
    drop_tasks(app, [parent])
    dropped_once = stored_rows(app, journal=True)

    assert drop_tasks(app, [parent]) == ([], 0)
    assert stored_rows(app, journal=True) == dropped_once

    undo(app)
    assert stored_rows(app) == before


# -- rm and undo ----------------------------------------------------------------------------


def test_rm_of_a_subtree_takes_its_delegations_and_undo_brings_back_every_row_and_link(
    app: App, clock: FixedClock
) -> None:
    root = add(app, "Launch", tags=("web",), due=paris("2026-11-27T12:00"), note="n")
    (outline, review) = split_steps(app, root, steps("Outline", "Review ~30"))
    keep = add(app, "Keep")
    edit_task(app, review.id, TaskFields(tags=("copy",)))
    add_provider(app, "Ana", "freelancer", 25.0, None)
    delegate(app, outline.id, "Ana")
    handback(app, outline.id, True, True, "fine")
    delegate(app, review.id, "Ana")
    add_block(app, MONDAY, TimeOfDay(14, 0), TimeOfDay(15, 0), None, root)
    worked = session(app, outline.id, paris("2026-11-23T09:00"), paris("2026-11-23T09:25"), 25)
    elsewhere = session(app, keep, paris("2026-11-23T09:30"), paris("2026-11-23T09:55"), 25)
    before = stored_rows(app)
    clock.advance(60)

    assert subtree_sizes(app, [root, keep]) == [(task_of(app, root), 2), (task_of(app, keep), 0)]
    assert remove_tasks(app, [root]) == 3

    gone = stored_rows(app)
    assert [row[0] for row in gone["tasks"]] == [keep]
    assert gone["delegations"] == []
    assert {row[0]: row[2] for row in gone["sessions"]} == {worked: None, elsewhere: keep}
    assert [row[2] for row in gone["blocks"]] == [None]  # the block stays, without its task
    assert gone["providers"] == before["providers"]

    assert undo(app) == f"rm {root} 'Launch'"

    assert stored_rows(app) == before
    assert show_task(app, outline.id).sessions[0].id == worked


def test_rm_with_one_unknown_id_removes_nothing(app: App) -> None:
    known = add(app, "Known")
    before = stored_rows(app, journal=True)

    with pytest.raises(NotFoundError, match="no task with id 99"):
        remove_tasks(app, [known, 99])
    with pytest.raises(NotFoundError, match="no task with id 99"):
        subtree_sizes(app, [99])

    assert stored_rows(app, journal=True) == before


def test_undo_walks_back_one_change_at_a_time_and_then_refuses(app: App) -> None:
    empty = stored_rows(app)
    task_id = add(app, "Launch")
    added = stored_rows(app)
    split_task(app, task_id, steps("Outline"))
    split = stored_rows(app)
    edit_task(app, task_id, TaskFields(title="Renamed", tags=("x",)))

    assert undo(app) == f"edit task {task_id} 'Launch'"
    assert stored_rows(app) == split
    assert undo(app) == f"split task {task_id} 'Launch' into 1 steps"
    assert stored_rows(app) == added
    assert undo(app) == f"add task {task_id} 'Launch'"
    assert stored_rows(app) == empty

    with pytest.raises(ConflictError, match="nothing to undo"):
        undo(app)
    assert stored_rows(app, journal=True) == {**empty, "undo_log": []}


# -- reading --------------------------------------------------------------------------------


def test_list_with_a_limit_keeps_the_most_urgent_and_counts_every_match(app: App) -> None:
    for n in range(5):
        add(app, f"Task {n}", priority=Priority.URGENT if n == 3 else Priority.LOW)

    listing = list_tasks(app, TaskFilter(), limit=2, tree=False)

    assert listing.tasks[0].title == "Task 3"
    assert (len(listing.tasks), listing.total) == TimeOfDay(2, 5)
    assert list_tasks(app, TaskFilter(), limit=None, tree=False).total == 5


def test_list_in_tree_mode_brings_the_missing_ancestors_as_context(app: App) -> None:
    root = add(app, "Root")
    child = add(app, "Child", parent_id=root)
    leaf = add(app, "Leaf", parent_id=child, tags=("web",))
    add(app, "Other", tags=("ops",))

    tree = list_tasks(app, TaskFilter(tag="web"), limit=None, tree=True)
    flat = list_tasks(app, TaskFilter(tag="web"), limit=None, tree=False)

    assert [t.id for t in tree.tasks] == [leaf]
    assert [t.id for t in tree.context] == [child, root]
    assert flat.context == []


def test_next_is_the_most_urgent_open_leaf_never_a_parent_waiting_on_steps(app: App) -> None:
    assert next_task(app) is None
    parent = add(app, "Big urgent thing", priority=Priority.URGENT, due=T0)
    step = add(app, "Small step", parent_id=parent)
    add(app, "Medium thing")

    found = next_task(app)

    assert found is not None
    assert found.task.id == step
    assert [a.id for a in found.ancestors] == [parent]
    assert sum(term.value for term in found.terms) == pytest.approx(found.task.urgency, abs=0.01)


def test_show_gives_the_subtree_ancestors_urgency_terms_and_sessions(app: App) -> None:
    root = add(app, "Root", estimate_seconds=7200)
    (outline, write) = split_steps(app, root, steps("Outline ~30", "Write"))
    complete_tasks(app, [outline.id])
    worked = session(app, root, paris("2026-11-23T08:00"), paris("2026-11-23T08:25"), 25)

    detail = show_task(app, root)

    assert [t.id for t in detail.subtree] == [outline.id, write.id]
    assert detail.ancestors == []
    assert detail.descendants_done == TimeOfDay(1, 2)
    assert detail.estimate_progress == (30 * 60, 7200)
    assert [s.id for s in detail.sessions] == [worked]
    assert detail.task.focus_seconds == 25 * 60
    assert sum(t.value for t in detail.terms) == pytest.approx(detail.task.urgency, abs=0.01)
    assert [a.id for a in show_task(app, write.id).ancestors] == [root]
    with pytest.raises(NotFoundError, match="no task with id 99"):
        show_task(app, 99)


@pytest.mark.parametrize("first", ["read", "write"])
def test_changed_urgency_settings_rerank_stored_tasks_on_the_next_read_or_write(
    location: str, clock: FixedClock, first: str
) -> None:
    """The stored static part of urgency follows the settings: the first read or write after
    they change recomputes it, once, and every ranking then uses the new coefficients."""
    from microtask.config import Config
    from microtask.domain.model import TaskFilter
    from microtask.domain.urgency import UrgencyCoefficients
    from microtask.services import list_tasks

    before = make_app(location, clock)
    plain = add(before, "Plain")
    tagged = add(before, "Tagged", tags=("waiting",))
    before.close()
    demoted = Config(urgency=UrgencyCoefficients(tag={"waiting": -20.0}))
    after = make_app(location, clock, config=demoted)
    try:
        if first == "write":
            add(after, "Another")
        top = [t.id for t in list_tasks(after, TaskFilter(), 1, tree=False).tasks]
        assert top != [tagged]  # the --limit path ranks by the stored static part
        ranked = [t.id for t in list_tasks(after, TaskFilter(), None, tree=False).tasks]
        assert ranked[-1] == tagged
        assert plain in ranked
    finally:
        after.close()


def test_steps_go_at_most_the_stated_depth_whichever_way_they_are_placed(app: App) -> None:
    from microtask.domain.model import MAX_DEPTH

    chain = [add(app, "Level 1")]
    for level in range(2, MAX_DEPTH + 1):
        (step,) = split_steps(app, chain[-1], [Step(f"Level {level}", None)])
        chain.append(step.id)
    subtree = add(app, "Has a step")
    split_task(app, subtree, [Step("Its step", None)])
    before = stored_rows(app)

    with pytest.raises(ConflictError) as refused:
        split_task(app, chain[-1], [Step("Too deep", None)])
    assert str(refused.value) == (
        f"task {chain[-1]} is {MAX_DEPTH} levels deep: steps go at most {MAX_DEPTH} levels "
        "deep (a task, its steps, their steps ...)"
    )
    with pytest.raises(ConflictError):
        add_task(app, TaskFields(title="Too deep", parent_id=chain[-1]))
    with pytest.raises(ConflictError):  # its step would be level MAX_DEPTH + 1
        edit_task(app, subtree, TaskFields(parent_id=chain[-2]))
    assert stored_rows(app) == before
    edit_task(app, subtree, TaskFields(parent_id=chain[-3]))  # exactly at the limit: fine
    remove_tasks(app, [chain[0]])  # a tree at the limit is deleted whole
    assert [t for t in all_tasks(app) if t in chain] == []


def test_a_refusal_about_many_steps_names_ten_and_counts_the_rest(app: App) -> None:
    parent = add(app, "Big")
    split_task(app, parent, steps(*(f"Step {n}" for n in range(15))))
    with pytest.raises(ConflictError) as refused:
        complete_tasks(app, [parent])
    message = str(refused.value)
    assert message.startswith(f"task {parent} has 15 open subtask(s): ")
    assert message.count("'Step ") == 10
    assert "'Step 9' ... and 5 more; finish them first or use --cascade" in message
