"""What tests over a real store build with: an App at a pinned instant, tasks, sessions, and
the store's rows read straight from the file (to check that undo, or a refused change, left
everything exactly as it was).

The fixtures ``clock``, ``location`` and ``app`` (tests/conftest.py) are built from these.
Reports built by hand for the render and export tests are in tests/report_factory.py.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from microtask.config import Config
from microtask.domain.clock import Clock, FixedClock
from microtask.domain.model import Status, Task, TaskFilter
from microtask.domain.sessions import SessionKind, SessionOutcome
from microtask.domain.steps import Step
from microtask.services import App, TaskFields, add_task

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""Monday 23 Nov 2026 (ISO week 48), 10:00 in Paris: the instant tests/cli/conftest.py pins."""
MONDAY = date(2026, 11, 23)
"""The local day of ``T0``."""
ZONE = "Europe/Paris"
"""The time zone tests/conftest.py gives every test."""

Rows = dict[str, list[tuple[Any, ...]]]

STORED = ("tasks", "task_tags", "blocks", "sessions", "activity", "providers", "delegations")
"""Every table a use case writes, the undo journal aside."""


def paris(text: str) -> datetime:
    """A Paris wall time as a UTC instant: ``paris("2026-11-23T09:00")`` is 08:00Z."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


def make_app(location: str, clock: Clock | None = None, config: Config | None = None) -> App:
    """An App on the store at ``location``, at ``T0`` unless given a clock, with the default
    settings unless given others (no config file is read)."""
    return App(
        location,
        clock=clock if clock is not None else FixedClock(T0),
        config=config if config is not None else Config(),
    )


def add(app: App, title: str, **fields: Any) -> int:
    """Add a task (any field of ``TaskFields`` by keyword); its id."""
    return add_task(app, TaskFields(title=title, **fields)).id


def split_steps(app: App, task_id: int, steps: Sequence[Step]) -> list[Task]:
    """Split ``task_id`` into ``steps``; the new steps, in order."""
    from microtask.services import split_task
    from microtask.services.tasks import tasks_by_id

    return tasks_by_id(app, split_task(app, task_id, steps).step_ids)


def task_of(app: App, task_id: int) -> Task:
    """The stored task, read back in a snapshot of its own."""
    with app.reading() as repos:
        task = repos.tasks.get(task_id)
    assert task is not None, f"no task {task_id}"
    return task


def all_tasks(app: App) -> dict[int, Task]:
    """Every stored task, in any status, by id."""
    with app.reading() as repos:
        every = repos.tasks.find(TaskFilter(statuses=None))
    return {t.id: t for t in sorted(every, key=lambda t: t.id)}


def statuses(app: App) -> dict[int, Status]:
    """Every stored task's status, by id."""
    return {task_id: task.status for task_id, task in all_tasks(app).items()}


def session(
    app: App,
    task_id: int | None,
    start: datetime,
    end: datetime | None,
    focus_minutes: float,
    outcome: str = "completed",
    kind: str = "pomodoro",
    block_id: int | None = None,
) -> int:
    """Record a session as the recorder leaves one (``end`` None: still running); its id."""
    with app.changing("test") as change:
        session_id = change.focus.insert_session(
            SessionKind(kind), task_id, block_id, start.timestamp()
        )
        change.focus.update_session(
            session_id,
            focus_seconds=focus_minutes * 60,
            pause_seconds=0.0,
            end_ts=None if end is None else end.timestamp(),
            outcome=SessionOutcome(outcome),
        )
    return session_id


def stored_rows(app: App, *, journal: bool = False) -> Rows:
    """Every row of every table a use case writes, read straight from the store, a SQLite
    file or a PostgreSQL database (with ``journal``, the undo journal too: a refused change
    must not leave an entry)."""
    tables = (*STORED, "undo_log") if journal else STORED
    app.open()  # a store nothing has used yet is created first, as any use case would
    return table_rows(app.location, tables)


def cli_store(home: Path) -> str:
    """The store the CLI uses in this test: ``MICROTASK_DB`` (set by the ``on_each_backend`` fixture
    on PostgreSQL), else the default file under ``home``."""
    return os.environ.get("MICROTASK_DB") or str(home / "microtask.db")


def table_rows(location: str, tables: Sequence[str]) -> Rows:
    """Every row of ``tables``, sorted, read straight from the store at ``location``."""
    return {table: sorted(store_sql(location, f"SELECT * FROM {table}")) for table in tables}


def store_sql(location: str, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
    """Run one statement (``:name`` parameters) straight on the store at ``location``, a
    SQLite file or a PostgreSQL URL, through the bare driver (no migrations, no checks), in
    a transaction of its own; the rows it returns, as tuples."""
    if "://" not in location:
        with closing(sqlite3.connect(location)) as conn, conn:
            return [tuple(row) for row in conn.execute(sql, params or {}).fetchall()]
    import psycopg

    from microtask.db.postgres import conninfo, to_psycopg

    with psycopg.connect(conninfo(location)) as conn:  # one transaction, committed on exit
        cursor = conn.execute(to_psycopg(sql), params or {})
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
