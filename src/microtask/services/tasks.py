"""Task use cases: one function a user action, one transaction each."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.model import (
    MAX_DEPTH,
    Priority,
    Status,
    Task,
    TaskCriteria,
    TaskFilter,
)
from microtask.domain.record import mutable_record, record
from microtask.domain.urgency import UrgencyFacts, urgency_terms
from microtask.domain.views.tasks import TaskDetail, TaskList
from microtask.services.app import (
    DESCRIBED,
    LISTED,
    App,
    Change,
    describe,
    require_task,
    short,
    unique,
)

if TYPE_CHECKING:
    from microtask.db.repo import TaskRepo
    from microtask.db.store import Repos
    from microtask.domain.edits import CriteriaChanges, NewTask, TaskChanges
    from microtask.domain.steps import Step
    from microtask.services.series import Recurrence


# -- capture ---------------------------------------------------------------------------


@mutable_record
class TaskFields:
    """Values for ``add``/``edit``; None means not given. Already parsed and validated."""

    title: str | None = None
    priority: Priority | None = None
    due: datetime | None = None
    estimate_seconds: int | None = None
    tags: tuple[str, ...] = ()
    project: str | None = None
    parent_id: int | None = None
    note: str | None = None
    clear_due: bool = False
    clear_estimate: bool = False
    clear_project: bool = False
    clear_parent: bool = False
    untag: tuple[str, ...] = ()
    criteria: CriteriaChanges | None = None
    """Outsourcing answers to store (an answer of ``None``: make it unknown again)."""
    recurrence: Recurrence | None = None
    """``--every``/``--until``/``--no-every`` (issue 13)."""
    # -- dependencies and start dates (issue 13) --
    after: tuple[int, ...] | None = None
    clear_after: bool = False
    wait: datetime | None = None
    clear_wait: bool = False
    scheduled: datetime | None = None
    clear_scheduled: bool = False


def _check_parent(repo: TaskRepo, parent_id: int, child_id: int | None) -> Task:
    parent = repo.get(parent_id)
    if parent is None:
        raise NotFoundError(f"no parent task with id {parent_id}: see `microtask list --all`")
    if parent.status != Status.OPEN:
        raise ConflictError(
            f"task {parent_id} is {parent.status.value}: reopen it (`microtask reopen "
            f"{parent_id}`) before adding subtasks"
        )
    if child_id == parent_id:
        raise ConflictError(f"task {child_id} cannot be its own parent")
    above = repo.ancestor_ids(parent_id)
    if child_id is not None and child_id in above:
        raise ConflictError(
            f"task {parent_id} is a subtask of task {child_id}: "
            "a task cannot be placed under its own subtask"
        )
    below = 0 if child_id is None else repo.height(child_id)
    if len(above) + 2 + below > MAX_DEPTH:
        raise ConflictError(
            f"task {parent_id} is {len(above) + 1} levels deep: steps go at most {MAX_DEPTH} "
            "levels deep (a task, its steps, their steps ...)"
        )
    return parent


def add_task(app: App, fields: TaskFields) -> Task:
    from microtask.domain.edits import NewTask

    if fields.title is None:
        raise InvalidInputError("the title is empty: give the task a few words")
    now = app.now()
    recurrence = fields.recurrence
    due = fields.due
    if recurrence is not None and recurrence.given:
        from microtask.services.series import first_due

        if recurrence.rule is None:
            raise InvalidInputError("--until needs --every: say how often it repeats")
        due = due or first_due(recurrence.rule, now)
    with app.changing(f"add {short(fields.title)!r}") as change:
        tasks = change.tasks
        parent_id, position, project = None, 0, fields.project
        if fields.parent_id is None and change.repos.assistant_of is not None:
            # she sees only what is delegated to her: a task of her own would vanish
            raise ConflictError(
                f"as {change.repos.user}, a provider's user, you see only what is delegated "
                "to you, so a task you added would not show: say what is needed in a check-in "
                "(microtask checkin ID TEXT), and the founder adds it"
            )
        if fields.parent_id is not None:
            parent = _check_parent(tasks, fields.parent_id, None)
            parent_id, position = parent.id, tasks.next_position(parent.id)
            if project is None:
                project = parent.project
        task_id = tasks.insert(
            NewTask(
                title=fields.title,
                created_at=now,
                priority=fields.priority or Priority.MEDIUM,
                due=due,
                estimate_seconds=fields.estimate_seconds,
                project=project,
                parent_id=parent_id,
                position=position,
                notes=fields.note,
                tags=fields.tags,
                criteria=TaskCriteria()
                if fields.criteria is None
                else fields.criteria.applied_to(TaskCriteria()),
                wait=fields.wait,
                scheduled=fields.scheduled,
            )
        )
        change.created(task_id)
        if fields.after:
            _set_after(change, require_task(tasks, task_id), fields.after)
        if recurrence is not None and recurrence.rule is not None:
            from microtask.services.series import start_series

            start_series(change, require_task(tasks, task_id), recurrence, now)
        change.label = f"add task {task_id} {short(fields.title)!r}"
        change.settle()
        return require_task(tasks, task_id)


def _edits(tasks: TaskRepo, task: Task, fields: TaskFields) -> TaskChanges:
    """What ``fields`` change on ``task`` (tags: the full new set, when it differs)."""
    from microtask.domain.edits import KEEP, CriteriaChanges, TaskChanges

    changes = TaskChanges(
        title=KEEP if fields.title is None else fields.title,
        priority=KEEP if fields.priority is None else fields.priority,
        due=None if fields.clear_due else (KEEP if fields.due is None else fields.due),
        estimate_seconds=None
        if fields.clear_estimate
        else (KEEP if fields.estimate_seconds is None else fields.estimate_seconds),
        project=None
        if fields.clear_project
        else (KEEP if fields.project is None else fields.project),
        notes=KEEP if fields.note is None else fields.note,
        criteria=fields.criteria or CriteriaChanges(),
        wait=None if fields.clear_wait else (KEEP if fields.wait is None else fields.wait),
        scheduled=None
        if fields.clear_scheduled
        else (KEEP if fields.scheduled is None else fields.scheduled),
    )
    if fields.clear_parent:
        changes = replace(changes, parent_id=None)
    elif fields.parent_id is not None and fields.parent_id != task.parent_id:
        _check_parent(tasks, fields.parent_id, task.id)
        changes = replace(
            changes, parent_id=fields.parent_id, position=tasks.next_position(fields.parent_id)
        )
    missing = [t for t in fields.untag if t not in task.tags]
    if missing:
        raise InvalidInputError(
            f"task {task.id} has no tag {missing[0]!r}; its tags: {', '.join(task.tags) or 'none'}"
        )
    tags = tuple(dict.fromkeys(t for t in (*task.tags, *fields.tags) if t not in fields.untag))
    if tags != task.tags:
        changes = replace(changes, tags=tags)
    return changes


def _set_after(change: Change, task: Task, after: Sequence[int]) -> None:
    """What ``task`` comes after (``--after``); a missing task is refused (exit 3), a
    cycle too (exit 4), naming it."""
    repo = change.tasks
    wanted = unique(list(after))
    if task.id in wanted:
        raise ConflictError(f"task {task.id} cannot come after itself")
    found = {t.id for t in repo.get_many(wanted)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFoundError(f"no task with id {missing[0]} to come after: see `microtask list`")
    cycle = repo.path_to(wanted, task.id) if wanted else None
    if cycle:
        chain = " -> ".join(str(i) for i in [task.id, *cycle])
        raise ConflictError(
            f"task {task.id} cannot come after task {cycle[0]}: that makes a cycle "
            f"({chain}, where each comes after the next); remove one link with "
            f"`microtask edit ID --no-after`"
        )
    change.touch([task.id, *task.after_ids, *wanted])  # their blocking terms change too
    repo.set_after(task.id, wanted)


def edit_task(app: App, task_id: int, fields: TaskFields) -> Task:
    from microtask.domain.edits import TaskChanges

    with app.changing(f"edit task {task_id}") as change:
        tasks = change.tasks
        task = require_task(tasks, task_id)
        changes = _edits(tasks, task, fields)
        recurrence = fields.recurrence
        repeats = recurrence is not None and recurrence.given
        deps = fields.after is not None or fields.clear_after
        if changes == TaskChanges() and not repeats and not deps:
            raise InvalidInputError(
                "nothing to change: give at least one option, e.g. --title, --due, --priority"
            )
        change.touch([task_id])
        tasks.update(task_id, replace(changes, updated_at=app.now()))
        if deps:
            _set_after(change, task, () if fields.clear_after else fields.after or ())
        if recurrence is not None and repeats:
            from microtask.services.series import change_recurrence

            change_recurrence(change, require_task(tasks, task_id), recurrence, app.now())
        change.label = f"edit task {task_id} {short(task.title)!r}"
        change.settle()
        return require_task(tasks, task_id)


@record
class SplitResult:
    """A task split into steps: the parent as it is now and its new steps' ids, in order
    (the steps themselves are read back only as far as they are shown: see
    :func:`tasks_by_id`)."""

    parent: Task
    step_ids: list[int]


def split_task(app: App, task_id: int, steps: Sequence[Step]) -> SplitResult:
    """Ordered subtasks under ``task_id``; steps without an estimate share the parent's."""
    from microtask.domain.steps import step_estimates

    if not steps:
        raise InvalidInputError("no steps given: name at least one, e.g. split 3 'Draft' 'Review'")
    now = app.now()
    with app.changing(f"split task {task_id}") as change:
        repo = change.tasks
        parent = _check_parent(repo, task_id, None)
        estimates = step_estimates(parent.estimate_seconds, steps)
        position = repo.next_position(task_id)
        created = repo.insert_many(
            [
                step_task(parent, step, estimate, position + offset, now)
                for offset, (step, estimate) in enumerate(zip(steps, estimates, strict=True))
            ]
        )
        for new_id in created:
            change.created(new_id)
        change.label = f"split task {task_id} {short(parent.title)!r} into {len(steps)} steps"
        change.settle()
        return SplitResult(require_task(repo, task_id), created)


def tasks_by_id(app: App, ids: Sequence[int]) -> list[Task]:
    """The tasks ``ids``, in that order (those since deleted left out)."""
    with app.reading() as repos:
        return repos.tasks.get_many(ids)


def step_task(
    parent: Task, step: Step, estimate: int | None, position: int, now: datetime
) -> NewTask:
    """A step to store under ``parent``: its priority, due and project; a checked step
    (``- [x]``) is stored done."""
    from microtask.domain.edits import NewTask

    return NewTask(
        title=step.title,
        created_at=now,
        priority=parent.priority,
        due=parent.due,
        estimate_seconds=estimate,
        project=parent.project,
        parent_id=parent.id,
        position=position,
        triaged_at=now,  # a step is a decision already: not new to triage
        status=Status.DONE if step.done else Status.OPEN,
        done_at=now if step.done else None,
    )


# -- status changes --------------------------------------------------------------------


@mutable_record
class DoneResult:
    done: list[Task] = field(default_factory=list)
    """The first :data:`LISTED` tasks finished (``done_count`` in all)."""
    already: list[Task] = field(default_factory=list)
    parents_ready: list[Task] = field(default_factory=list)
    done_count: int = 0
    following: list[Task] = field(default_factory=list)
    """The next instances of the series whose instances were done (created with them)."""


def complete_tasks(app: App, ids: Sequence[int], cascade: bool = False) -> DoneResult:
    from microtask.domain.edits import TaskChanges

    now = app.now()
    result = DoneResult()
    with app.changing("done") as change:
        repo = change.tasks
        targets: list[int] = []
        for task_id in unique(ids):
            task = require_task(repo, task_id)
            if task.status == Status.DONE:
                result.already.append(task)
                continue
            if task.open_subtask_ids and not cascade:
                if all(s in ids for s in task.open_subtask_ids):
                    targets.append(task_id)
                    continue
                count = len(task.open_subtask_ids)
                named = describe(repo.get_many(task.open_subtask_ids[:DESCRIBED]), total=count)
                raise ConflictError(
                    f"task {task_id} has {count} open subtask(s): {named}; "
                    "finish them first or use --cascade"
                )
            subtree = repo.subtree_ids(task_id) if cascade else [task_id]
            targets.extend(subtree)
        statuses = repo.statuses(unique(targets))
        targets = [i for i, status in statuses.items() if status is not Status.DONE]
        change.touch(targets)
        repo.update_many(targets, TaskChanges(status=Status.DONE, done_at=now, updated_at=now))
        result.following = _follow(change, targets, now)
        change.settle()
        result.done = repo.get_many(targets[:LISTED])
        result.done_count = len(targets)
        finished = set(targets)
        outside = [i for i in repo.parent_ids(targets) if i not in finished]
        for parent in repo.get_many(outside):
            if parent.status == Status.OPEN and parent.is_leaf:
                result.parents_ready.append(parent)
        change.label = "done " + describe(result.done, total=len(targets))
        return result


def reopen_task(app: App, task_id: int) -> tuple[Task, list[Task]]:
    """Reopen a task; done ancestors are reopened too (an open step needs an open parent)."""
    from microtask.domain.edits import TaskChanges

    now = app.now()
    with app.changing(f"reopen task {task_id}") as change:
        repo = change.tasks
        task = require_task(repo, task_id)
        if task.status == Status.OPEN:
            raise ConflictError(f"task {task_id} is already open")
        if task.series is not None:
            from microtask.services.series import check_reopen

            check_reopen(change, task)
        ancestors = [
            a for a in repo.get_many(repo.ancestor_ids(task_id)) if a.status != Status.OPEN
        ]
        ids = [task_id, *(a.id for a in ancestors)]
        change.touch(ids)
        repo.update_many(ids, TaskChanges(status=Status.OPEN, done_at=None, updated_at=now))
        change.label = f"reopen task {task_id} {short(task.title)!r}"
        change.settle()
        return require_task(repo, task_id), repo.get_many([a.id for a in ancestors])


def _follow(change: Change, finished: Sequence[int], now: datetime) -> list[Task]:
    """The next instances of the series among ``finished``, in the same transaction."""
    from microtask.services.series import spawn_successors

    return spawn_successors(change, finished, now)


def drop_tasks(app: App, ids: Sequence[int]) -> tuple[list[Task], int]:
    """Mark tasks 'dropped' (will not do), with their open subtasks: the first
    :data:`LISTED` tasks dropped, and how many in all."""
    shown, count, _ = drop_and_follow(app, ids)
    return shown, count


def drop_and_follow(app: App, ids: Sequence[int]) -> tuple[list[Task], int, list[Task]]:
    """:func:`drop_tasks`, and the next instances of the series whose instances went."""
    from microtask.domain.edits import TaskChanges

    now = app.now()
    with app.changing("drop") as change:
        repo = change.tasks
        targets: list[int] = []
        for task_id in unique(ids):
            task = require_task(repo, task_id)
            if task.status == Status.DROPPED:
                continue
            targets.append(task_id)
            below = repo.statuses(repo.subtree_ids(task_id)[1:])
            targets.extend(i for i, status in below.items() if status is Status.OPEN)
        targets = unique(targets)
        change.touch(targets)
        repo.update_many(targets, TaskChanges(status=Status.DROPPED, done_at=None, updated_at=now))
        following = _follow(change, targets, now)
        change.settle()
        dropped = repo.get_many(targets[:LISTED])
        change.label = "drop " + describe(dropped, total=len(targets))
        return dropped, len(targets), following


def subtree_sizes(app: App, ids: Sequence[int]) -> list[tuple[Task, int]]:
    """Each task with how many subtasks (all levels) removing it would remove too."""
    with app.reading() as repos:
        tasks = repos.tasks
        return [(require_task(tasks, i), len(tasks.subtree_ids(i)) - 1) for i in unique(ids)]


def remove_tasks(app: App, ids: Sequence[int]) -> int:
    """Delete tasks and their subtasks; returns how many rows went. ``undo`` restores them."""
    count, _ = remove_and_follow(app, ids)
    return count


def remove_and_follow(app: App, ids: Sequence[int]) -> tuple[int, list[Task]]:
    """:func:`remove_tasks`, and the next instance of each series whose open instance
    went (a series stops with ``edit --no-every``, not by deleting what it made)."""
    from microtask.services.series import spawn_after

    now = app.now()
    with app.changing("rm") as change:
        repo = change.tasks
        doomed: list[int] = []
        roots = []
        for task_id in unique(ids):
            roots.append(require_task(repo, task_id))
            doomed.extend(repo.subtree_ids(task_id))
        doomed = unique(doomed)
        change.touch(doomed)
        change.touch(repo.dependents(doomed))  # they stop waiting: their urgency changes
        # their delegations go with them (ON DELETE CASCADE): undo must bring them back too
        change.journal.remember_delegations(change.journal.delegations_of(doomed))
        instances = change.tasks.series_instance_ids(doomed)
        open_instances = [t for t in repo.get_many(instances) if t.status is Status.OPEN]
        repo.delete(doomed)
        following = spawn_after(change, open_instances, now)
        change.label = "rm " + describe(roots)
        return len(doomed), following


def undo(app: App) -> str:
    """Revert this user's most recent change; its label. Refused when someone else has
    changed one of its tasks since: that work is theirs to keep."""
    with app.changing("undo") as change:
        since = change.repos.changed_since_by_others()
        if since is not None:
            who, task_id, what = since
            raise ConflictError(
                f"undo refused: {who} changed task {task_id} since ({short(what, 60)!r}); "
                "ask them to undo that first, or change it back by hand"
            )
        touched = change.repos.instances_touched_since()
        if touched:
            raise ConflictError(
                f"undo would remove task {touched[0]}, the next instance of its series, which "
                "has focus recorded since: finish or drop it instead"
            )
        label = change.repos.undo_latest()
        if label is None:
            raise ConflictError("nothing to undo")
        return label


# -- reading ---------------------------------------------------------------------------


def list_tasks(app: App, filters: TaskFilter, limit: int | None, tree: bool) -> TaskList:
    """The most urgent matching tasks; in tree mode their missing ancestors come as context."""
    with app.reading() as repos:
        repo = repos.tasks
        tasks = repo.find(filters, limit)
        total = len(tasks) if limit is None or len(tasks) < limit else repo.count(filters)
        context: list[Task] = []
        if tree:
            shown = {t.id for t in tasks}
            wanted: list[int] = []
            for task in tasks:
                if task.parent_id is not None and task.parent_id not in shown:
                    wanted.extend(a for a in repo.ancestor_ids(task.id) if a not in shown)
            context = repo.get_many(unique(wanted))
        return TaskList(tasks, context, total)


STREAM_CHUNK = 1000
"""Tasks loaded at once when every matching one is written out (bounded id lists)."""


class TaskStream:
    """Every matching task, most urgent first, read in one snapshot and loaded a chunk at
    a time as it is consumed: 100,000 tasks are never all in memory.

    Iterated, it gives the tasks. For JSON, :meth:`json_chunks` gives most of them as
    their text already (made by the store, several times faster than through ``Task``)."""

    def __init__(self, app: App, filters: TaskFilter) -> None:
        self.app = app
        self.filters = filters

    def __iter__(self) -> Iterator[Task]:
        with self.app.reading() as repos:
            ids = repos.tasks.find_ids(self.filters)
            for start in range(0, len(ids), STREAM_CHUNK):
                yield from repos.tasks.get_many(ids[start : start + STREAM_CHUNK])

    def json_chunks(self) -> Iterator[list[str | Task]]:
        """In the same order, a chunk at a time: each task's compact JSON text, or the task
        itself where the store cannot write its text (``db.task_json``): the caller encodes
        those. A chunk, not a task, at a time: 100,000 tasks pass no generator one by one."""
        with self.app.reading(helper=True) as repos:
            ids, urgencies = repos.tasks.find_ranked(self.filters)
            for items in chunk_items(repos.tasks, ids, urgencies):
                yield [item for item in items if item is not None]


def chunk_items(
    repo: TaskRepo, ids: Sequence[int], urgencies: Sequence[float]
) -> Iterator[list[str | Task | None]]:
    """For each :data:`STREAM_CHUNK` of ``ids`` in turn, each task's JSON text
    (``TaskRepo.json_texts_of``: a helper process may write every other chunk), or the
    task where the store could not write the text, or None for one not there."""
    parts = [
        (ids[start : start + STREAM_CHUNK], urgencies[start : start + STREAM_CHUNK])
        for start in range(0, len(ids), STREAM_CHUNK)
    ]
    for (part, _), texts in zip(parts, repo.json_texts_of(parts), strict=True):
        items: list[str | Task | None] = list(texts)
        if None in items:
            pairs = list(zip(part, items, strict=True))
            built = {t.id: t for t in repo.get_many([i for i, x in pairs if x is None])}
            items = [x if x is not None else built.get(i) for i, x in pairs]
        yield items


def each_task(app: App, filters: TaskFilter) -> TaskStream:
    """Every matching task (see :class:`TaskStream`)."""
    return TaskStream(app, filters)


def facts_of(task: Task) -> UrgencyFacts:
    return UrgencyFacts(
        priority=task.priority,
        due_ts=None if task.due is None else task.due.timestamp(),
        created_ts=task.created_at.timestamp(),
        tags=task.tags,
        project=task.project,
        has_open_subtasks=bool(task.open_subtask_ids),
        has_open_parent=task.parent_open,
        waits_on_open=bool(task.waiting_on),
        holds_up_open=task.holds_up,
    )


def show_task(app: App, task_id: int) -> TaskDetail:
    with app.reading() as repos:
        repo = repos.tasks
        task = require_task(repo, task_id)
        subtree = repo.get_many(repo.subtree_ids(task_id)[1:])
        ancestors = repo.get_many(repo.ancestor_ids(task_id))
        terms = urgency_terms(facts_of(task), app.now_ts(), app.config.urgency)
        sessions = repos.focus.sessions_of_task(task_id)
        from microtask.services.assist import task_handoff, task_history

        return TaskDetail(
            task,
            subtree,
            ancestors,
            terms,
            sessions,
            history=task_history(repos, task_id),
            handoff=task_handoff(repos, task_id, app.now_ts()),
        )


def next_task(app: App) -> TaskDetail | None:
    """The most urgent open leaf: something that can be acted on now."""
    with app.reading() as repos:
        return next_in(app, repos)


def next_in(app: App, repos: Repos) -> TaskDetail | None:
    """:func:`next_task` inside the caller's transaction (``today`` reads one snapshot)."""
    repo = repos.tasks
    found = repo.find(TaskFilter(leaves_only=True, ready_only=True), limit=1)
    if not found:
        return None
    task = found[0]
    ancestors = repo.get_many(repo.ancestor_ids(task.id))
    terms = urgency_terms(facts_of(task), app.now_ts(), app.config.urgency)
    return TaskDetail(task, [], ancestors, terms)
