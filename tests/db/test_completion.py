"""Completion's read of the store: the task ids it offers are the ones `list` ranks first,
in the same order, whatever the clock and the urgency settings; it never writes. SQLite-only
by nature: completion reads a file read-only through the stdlib driver (a server store is
not read on TAB)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from microtask.db import completion
from microtask.db.engine import SqliteConn
from microtask.db.repo import TaskRepo
from microtask.domain.edits import NewTask
from microtask.domain.model import Priority, Status, TaskFilter
from microtask.domain.urgency import UrgencyCoefficients
from tests.factories import make_app

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "many.db"
    rng = random.Random(14)
    app = make_app(str(path))
    tasks = [
        NewTask(
            title=f"Task {n}",
            created_at=T0 - timedelta(days=rng.randint(0, 500)),
            priority=rng.choice(list(Priority)),
            status=rng.choice([Status.OPEN] * 4 + [Status.DONE]),
            due=None if rng.random() < 0.4 else T0 + timedelta(hours=rng.randint(-900, 2000)),
        )
        for n in range(600)
    ]
    with app.changing("seed") as change:
        change.tasks.refresh_static(change.tasks.insert_many(tasks))
    app.close()
    return path


@pytest.mark.parametrize("days", [-400, -20, 0, 3, 30, 900])
@pytest.mark.parametrize(
    "coefficients",
    [
        UrgencyCoefficients(),
        UrgencyCoefficients(due=40.0, overdue=-2.0, age=-3.0),
        UrgencyCoefficients(due=-5.0, age=9.0, due_ramp_days=2.0),
    ],
    ids=["default", "due-heavy", "odd"],
)
def test_offered_ids_are_the_ones_list_ranks_first_in_its_order(
    store: Path, days: int, coefficients: UrgencyCoefficients
) -> None:
    now_ts = int((T0 + timedelta(days=days)).timestamp())
    before = store.read_bytes()
    with completion.read_only(str(store)) as conn:
        assert conn is not None
        offered = completion.tasks(conn, "", coefficients, now_ts)
        ranked = TaskRepo(SqliteConn(conn), coefficients, now_ts).find(
            TaskFilter(), completion.SHOWN
        )
    assert offered == [(task.id, task.title) for task in ranked]
    assert store.read_bytes() == before
