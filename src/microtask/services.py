"""Use cases: one function a user action, one transaction each (repo + domain + clock).

Every write records the before-image of each task it touches, so ``undo`` can put the
store back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from microtask.config import Config, load_config
from microtask.domain.clock import Clock, default_clock
from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.model import Priority, Status, Task
from microtask.domain.urgency import UrgencyFacts, urgency_terms
from microtask.domain.views import TaskDetail, TaskList

if TYPE_CHECKING:
    from microtask.db.engine import SqlAlchemyDatabase, SqliteDatabase
    from microtask.db.repo import TaskFilter, TaskRepo
    from microtask.domain.steps import Step


class App:
    """What every use case needs: where the store is, the clock, the settings."""

    def __init__(
        self, location: str | None = None, clock: Clock | None = None, config: Config | None = None
    ) -> None:
        from microtask.paths import config_path, database_location

        self.location = database_location(location)
        self.clock = clock or default_clock()
        self.config = config if config is not None else load_config(config_path())
        self._database: SqliteDatabase | SqlAlchemyDatabase | None = None
        self._urgency_checked = False

    @property
    def database(self) -> SqliteDatabase | SqlAlchemyDatabase:
        if self._database is None:
            from microtask.db.engine import connect

            self._database = connect(self.location)
        return self._database

    def now(self) -> datetime:
        return self.clock.now()

    def now_ts(self) -> int:
        return int(self.clock.now().timestamp())

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None

    def _stored_urgency_is_current(self) -> None:
        """Once per process: stored static urgency must match the current settings."""
        if self._urgency_checked:
            return
        from microtask.db.repo import TaskRepo

        with self.database.read() as conn:
            current = TaskRepo(conn, self.config.urgency, self.now_ts()).static_is_current()
        if not current:
            with self.database.write() as conn:
                repo = TaskRepo(conn, self.config.urgency, self.now_ts())
                if not repo.static_is_current():
                    repo.refresh_all_static()
        self._urgency_checked = True

    @contextmanager
    def reading(self) -> Iterator[TaskRepo]:
        from microtask.db.repo import TaskRepo

        self._stored_urgency_is_current()
        with self.database.read() as conn:
            yield TaskRepo(conn, self.config.urgency, self.now_ts())

    @contextmanager
    def changing(self, label: str) -> Iterator[Change]:
        """One atomic write that ``undo`` can revert."""
        from microtask.db.repo import TaskRepo

        self._stored_urgency_is_current()
        with self.database.write() as conn:
            change = Change(TaskRepo(conn, self.config.urgency, self.now_ts()), label)
            yield change
            if change.before:
                change.settle()
                change.repo.save_change(change.label, change.before)


def touched_and_former_parents(before: dict[int, dict[str, Any] | None]) -> list[int]:
    """Tasks a change touched, and the parents they had before it (a deleted or moved
    task changes its former parent's urgency)."""
    former = [image["parent_id"] for image in before.values() if image and image["parent_id"]]
    return [*before, *former]


class Change:
    def __init__(self, repo: TaskRepo, label: str) -> None:
        self.repo = repo
        self.label = label
        self.before: dict[int, dict[str, Any] | None] = {}

    def touch(self, ids: Sequence[int]) -> None:
        """Remember these tasks as they are now, before they change."""
        for task_id in ids:
            if task_id not in self.before:
                self.before[task_id] = self.repo.snapshot(task_id)

    def created(self, task_id: int) -> None:
        self.before.setdefault(task_id, None)

    def settle(self) -> None:
        """Bring the stored urgency of everything touched so far up to date: call it
        before reading back tasks to show (it runs again, cheaply, at commit)."""
        self.repo.refresh_static(touched_and_former_parents(self.before))


def _require(repo: TaskRepo, task_id: int) -> Task:
    task = repo.get(task_id)
    if task is None:
        raise NotFoundError(f"no task with id {task_id}: see `microtask list --all`")
    return task


def _short(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def _describe(tasks: Sequence[Task]) -> str:
    return ", ".join(f"{t.id} {_short(t.title, 30)!r}" for t in tasks)


# -- capture ---------------------------------------------------------------------------


@dataclass
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
    if child_id is not None and child_id in repo.ancestor_ids(parent_id):
        raise ConflictError(
            f"task {parent_id} is a subtask of task {child_id}: "
            "a task cannot be placed under its own subtask"
        )
    return parent


def add_task(app: App, fields: TaskFields) -> Task:
    if fields.title is None:
        raise InvalidInputError("the title is empty: give the task a few words")
    now_ts = app.now_ts()
    with app.changing(f"add {_short(fields.title)!r}") as change:
        repo = change.repo
        values: dict[str, Any] = {
            "title": fields.title,
            "status": Status.OPEN.value,
            "priority": (fields.priority or Priority.MEDIUM).value,
            "due_ts": None if fields.due is None else int(fields.due.timestamp()),
            "estimate_seconds": fields.estimate_seconds,
            "project": fields.project,
            "notes": fields.note,
            "created_ts": now_ts,
            "updated_ts": now_ts,
            "position": 0,
        }
        if fields.parent_id is not None:
            parent = _check_parent(repo, fields.parent_id, None)
            values["parent_id"] = parent.id
            values["position"] = repo.next_position(parent.id)
            if values["project"] is None:
                values["project"] = parent.project
        task_id = repo.insert(values, fields.tags)
        change.created(task_id)
        change.label = f"add task {task_id} {_short(fields.title)!r}"
        change.settle()
        return _require(repo, task_id)


def edit_task(app: App, task_id: int, fields: TaskFields) -> Task:
    with app.changing(f"edit task {task_id}") as change:
        repo = change.repo
        task = _require(repo, task_id)
        values: dict[str, Any] = {}
        if fields.title is not None:
            values["title"] = fields.title
        if fields.priority is not None:
            values["priority"] = fields.priority.value
        if fields.clear_due:
            values["due_ts"] = None
        elif fields.due is not None:
            values["due_ts"] = int(fields.due.timestamp())
        if fields.clear_estimate:
            values["estimate_seconds"] = None
        elif fields.estimate_seconds is not None:
            values["estimate_seconds"] = fields.estimate_seconds
        if fields.clear_project:
            values["project"] = None
        elif fields.project is not None:
            values["project"] = fields.project
        if fields.note is not None:
            values["notes"] = fields.note
        if fields.clear_parent:
            values["parent_id"] = None
        elif fields.parent_id is not None and fields.parent_id != task.parent_id:
            _check_parent(repo, fields.parent_id, task_id)
            values["parent_id"] = fields.parent_id
            values["position"] = repo.next_position(fields.parent_id)
        missing = [t for t in fields.untag if t not in task.tags]
        if missing:
            raise InvalidInputError(
                f"task {task_id} has no tag {missing[0]!r}; "
                f"its tags: {', '.join(task.tags) or 'none'}"
            )
        tags = tuple(t for t in (*task.tags, *fields.tags) if t not in fields.untag)
        tags = tuple(dict.fromkeys(tags))
        if not values and tags == task.tags:
            raise InvalidInputError(
                "nothing to change: give at least one option, e.g. --title, --due, --priority"
            )
        change.touch([task_id])
        values["updated_ts"] = app.now_ts()
        repo.update(task_id, values)
        if tags != task.tags:
            repo.set_tags(task_id, tags)
        change.label = f"edit task {task_id} {_short(task.title)!r}"
        change.settle()
        return _require(repo, task_id)


def split_task(app: App, task_id: int, steps: Sequence[Step]) -> tuple[Task, list[Task]]:
    """Ordered subtasks under ``task_id``; steps without an estimate share the parent's."""
    from microtask.domain.steps import share_estimate

    if not steps:
        raise InvalidInputError("no steps given: name at least one, e.g. split 3 'Draft' 'Review'")
    now_ts = app.now_ts()
    with app.changing(f"split task {task_id}") as change:
        repo = change.repo
        parent = _check_parent(repo, task_id, None)
        estimates = [s.estimate_seconds for s in steps]
        unestimated = [i for i, e in enumerate(estimates) if e is None]
        if parent.estimate_seconds and unestimated:
            left = parent.estimate_seconds - sum(e for e in estimates if e is not None)
            if left >= len(unestimated):
                for index, share in zip(
                    unestimated, share_estimate(left, len(unestimated)), strict=True
                ):
                    estimates[index] = share
        position = repo.next_position(task_id)
        created = []
        for offset, (step, estimate) in enumerate(zip(steps, estimates, strict=True)):
            new_id = repo.insert(
                {
                    "title": step.title,
                    "status": Status.OPEN.value,
                    "priority": parent.priority.value,
                    "due_ts": None if parent.due is None else int(parent.due.timestamp()),
                    "estimate_seconds": estimate,
                    "project": parent.project,
                    "parent_id": task_id,
                    "position": position + offset,
                    "created_ts": now_ts,
                    "updated_ts": now_ts,
                }
            )
            change.created(new_id)
            created.append(new_id)
        change.label = f"split task {task_id} {_short(parent.title)!r} into {len(steps)} steps"
        change.settle()
        return _require(repo, task_id), repo.get_many(created)


# -- status changes --------------------------------------------------------------------


@dataclass
class DoneResult:
    done: list[Task] = field(default_factory=list)
    already: list[Task] = field(default_factory=list)
    parents_ready: list[Task] = field(default_factory=list)


def _unique(ids: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def complete_tasks(app: App, ids: Sequence[int], cascade: bool = False) -> DoneResult:
    now_ts = app.now_ts()
    result = DoneResult()
    with app.changing("done") as change:
        repo = change.repo
        targets: list[int] = []
        for task_id in _unique(ids):
            task = _require(repo, task_id)
            if task.status == Status.DONE:
                result.already.append(task)
                continue
            if task.open_subtask_ids and not cascade:
                if all(s in ids for s in task.open_subtask_ids):
                    targets.append(task_id)
                    continue
                open_ones = repo.get_many(task.open_subtask_ids)
                raise ConflictError(
                    f"task {task_id} has {len(open_ones)} open subtask(s): {_describe(open_ones)}; "
                    f"finish them first or use --cascade"
                )
            subtree = repo.subtree_ids(task_id) if cascade else [task_id]
            targets.extend(subtree)
        targets = [t.id for t in repo.get_many(_unique(targets)) if t.status != Status.DONE]
        change.touch(targets)
        for task_id in targets:
            repo.update(task_id, {"status": "done", "done_ts": now_ts, "updated_ts": now_ts})
        change.settle()
        result.done = repo.get_many(targets)
        parent_ids = _unique([t.parent_id for t in result.done if t.parent_id is not None])
        for parent in repo.get_many(parent_ids):
            if parent.id not in targets and parent.status == Status.OPEN and parent.is_leaf:
                result.parents_ready.append(parent)
        change.label = "done " + _describe(result.done)
        return result


def reopen_task(app: App, task_id: int) -> tuple[Task, list[Task]]:
    """Reopen a task; done ancestors are reopened too (an open step needs an open parent)."""
    now_ts = app.now_ts()
    with app.changing(f"reopen task {task_id}") as change:
        repo = change.repo
        task = _require(repo, task_id)
        if task.status == Status.OPEN:
            raise ConflictError(f"task {task_id} is already open")
        ancestors = [
            a for a in repo.get_many(repo.ancestor_ids(task_id)) if a.status != Status.OPEN
        ]
        ids = [task_id, *(a.id for a in ancestors)]
        change.touch(ids)
        for reopened in ids:
            repo.update(reopened, {"status": "open", "done_ts": None, "updated_ts": now_ts})
        change.label = f"reopen task {task_id} {_short(task.title)!r}"
        change.settle()
        return _require(repo, task_id), repo.get_many([a.id for a in ancestors])


def drop_tasks(app: App, ids: Sequence[int]) -> list[Task]:
    """Mark tasks 'dropped' (will not do), with their open subtasks."""
    now_ts = app.now_ts()
    with app.changing("drop") as change:
        repo = change.repo
        targets: list[int] = []
        for task_id in _unique(ids):
            task = _require(repo, task_id)
            if task.status == Status.DROPPED:
                continue
            targets.append(task_id)
            targets.extend(
                t.id
                for t in repo.get_many(repo.subtree_ids(task_id)[1:])
                if t.status == Status.OPEN
            )
        targets = _unique(targets)
        change.touch(targets)
        for task_id in targets:
            repo.update(task_id, {"status": "dropped", "done_ts": None, "updated_ts": now_ts})
        change.settle()
        dropped = repo.get_many(targets)
        change.label = "drop " + _describe(dropped)
        return dropped


def subtree_sizes(app: App, ids: Sequence[int]) -> list[tuple[Task, int]]:
    """Each task with how many subtasks (all levels) removing it would remove too."""
    with app.reading() as repo:
        return [(_require(repo, i), len(repo.subtree_ids(i)) - 1) for i in _unique(ids)]


def remove_tasks(app: App, ids: Sequence[int]) -> int:
    """Delete tasks and their subtasks; returns how many rows went. ``undo`` restores them."""
    with app.changing("rm") as change:
        repo = change.repo
        doomed: list[int] = []
        roots = []
        for task_id in _unique(ids):
            roots.append(_require(repo, task_id))
            doomed.extend(repo.subtree_ids(task_id))
        doomed = _unique(doomed)
        change.touch(doomed)
        repo.delete(doomed)
        change.label = "rm " + _describe(roots)
        return len(doomed)


def undo(app: App) -> str:
    from microtask.db.repo import TaskRepo

    with app.database.write() as conn:
        repo = TaskRepo(conn, app.config.urgency, app.now_ts())
        popped = repo.pop_change()
        if popped is None:
            raise ConflictError("nothing to undo")
        label, before = popped
        parents_now = [t.parent_id for t in repo.get_many(list(before)) if t.parent_id]
        repo.restore(before)
        repo.refresh_static([*touched_and_former_parents(before), *parents_now])
        return label


# -- reading ---------------------------------------------------------------------------


def list_tasks(app: App, filters: TaskFilter, limit: int | None, tree: bool) -> TaskList:
    """The most urgent matching tasks; in tree mode their missing ancestors come as context."""
    with app.reading() as repo:
        tasks = repo.find(filters, limit)
        total = len(tasks) if limit is None or len(tasks) < limit else repo.count(filters)
        context: list[Task] = []
        if tree:
            shown = {t.id for t in tasks}
            wanted: list[int] = []
            for task in tasks:
                if task.parent_id is not None and task.parent_id not in shown:
                    wanted.extend(a for a in repo.ancestor_ids(task.id) if a not in shown)
            context = repo.get_many(_unique(wanted))
        return TaskList(tasks, context, total)


def facts_of(task: Task) -> UrgencyFacts:
    return UrgencyFacts(
        priority=task.priority,
        due_ts=None if task.due is None else task.due.timestamp(),
        created_ts=task.created_at.timestamp(),
        tags=task.tags,
        project=task.project,
        has_open_subtasks=bool(task.open_subtask_ids),
        has_open_parent=task.parent_open,
    )


def show_task(app: App, task_id: int) -> TaskDetail:
    with app.reading() as repo:
        task = _require(repo, task_id)
        subtree = repo.get_many(repo.subtree_ids(task_id)[1:])
        ancestors = repo.get_many(repo.ancestor_ids(task_id))
        terms = urgency_terms(facts_of(task), app.now_ts(), app.config.urgency)
        return TaskDetail(task, subtree, ancestors, terms)


def next_task(app: App) -> TaskDetail | None:
    """The most urgent open leaf: something that can be acted on now."""
    from microtask.db.repo import TaskFilter

    with app.reading() as repo:
        found = repo.find(TaskFilter(leaves_only=True), limit=1)
        if not found:
            return None
        task = found[0]
        ancestors = repo.get_many(repo.ancestor_ids(task.id))
        terms = urgency_terms(facts_of(task), app.now_ts(), app.config.urgency)
        return TaskDetail(task, [], ancestors, terms)
