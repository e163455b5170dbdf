"""What every use case shares: the App (store, clock, settings) and the undoable Change.

Every write records the before-image of each task and block it touches, so ``undo`` can
put the store back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from microtask.config import Config, load_config
from microtask.domain.clock import Clock, default_clock
from microtask.domain.errors import NotFoundError
from microtask.domain.model import Task

if TYPE_CHECKING:
    from microtask.db.engine import SqlAlchemyDatabase, SqliteDatabase
    from microtask.db.repo import TaskRepo


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
        self.notices: list[str] = []
        """Things to tell the user once (e.g. a crashed run was closed), on stderr."""
        self._riders: list[Callable[[Change], None]] = []

    @property
    def database(self) -> SqliteDatabase | SqlAlchemyDatabase:
        if self._database is None:
            from microtask.db.engine import connect

            self._database = connect(self.location)
            self._recover_stale_runs()
        return self._database

    def _recover_stale_runs(self) -> None:
        """Whatever command runs first after a run's process died closes its record."""
        from microtask.services.focus import recover_stale

        self.notices.extend(recover_stale(self))

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
            for rider in self._riders:
                rider(change)
            if change.before or any(change.rows_before.values()):
                change.settle()
                change.repo.save_change(change.label, change.before, change.rows_before)

    @contextmanager
    def each_change_also(self, rider: Callable[[Change], None]) -> Iterator[None]:
        """Inside this block, every change also runs ``rider`` last, in its transaction
        (``triage`` marks the task it decided on in the same write as the decision)."""
        self._riders.append(rider)
        try:
            yield
        finally:
            self._riders.remove(rider)


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
        self.rows_before: dict[str, dict[int, dict[str, Any] | None]] = {}
        """Before-images of blocks and delegations, by table."""

    def touch(self, ids: Sequence[int]) -> None:
        """Remember these tasks as they are now, before they change."""
        for task_id in ids:
            if task_id not in self.before:
                self.before[task_id] = self.repo.snapshot(task_id)

    def created(self, task_id: int) -> None:
        self.before.setdefault(task_id, None)

    def touch_rows(self, table: str, ids: Sequence[int]) -> None:
        """Remember these blocks or delegations as they are now, before they change or go."""
        from microtask.db.rows import row_image

        images = self.rows_before.setdefault(table, {})
        for row_id in ids:
            if row_id not in images:
                images[row_id] = row_image(self.repo.conn, table, row_id)

    def created_row(self, table: str, row_id: int) -> None:
        self.rows_before.setdefault(table, {}).setdefault(row_id, None)

    def settle(self) -> None:
        """Bring the stored urgency of everything touched so far up to date: call it
        before reading back tasks to show (it runs again, cheaply, at commit)."""
        self.repo.refresh_static(touched_and_former_parents(self.before))


def require_task(repo: TaskRepo, task_id: int) -> Task:
    task = repo.get(task_id)
    if task is None:
        raise NotFoundError(f"no task with id {task_id}: see `microtask list --all`")
    return task


def short(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def describe(tasks: Sequence[Task]) -> str:
    return ", ".join(f"{t.id} {short(t.title, 30)!r}" for t in tasks)


def unique(ids: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(ids))
