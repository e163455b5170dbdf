"""The undo journal's history rows: one for each task a change touched, and one for the
parent of each step it made, whether the tasks it made run unbroken or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from microtask.db.engine import connect
from microtask.db.journal import Journal


def history_after(tmp_path: Path, made: list[int], edited: list[int]) -> set[tuple[int, str]]:
    """Tasks 1-3 are parents, 4-9 steps of task 1 or 2; one change made ``made`` and
    edited ``edited``: the (task, label) history rows it left."""
    database = connect(str(tmp_path / "microtask.db"))
    try:
        with database.write() as conn:
            for task_id in range(1, 10):
                parent = None if task_id <= 3 else 1 + task_id % 2
                conn.run(
                    "INSERT INTO tasks (id, title, parent_id, created_ts, updated_ts)"
                    " VALUES (:id, :title, :parent, 0, 0)",
                    {"id": task_id, "title": f"Task {task_id}", "parent": parent},
                )
            journal = Journal(conn)
            journal.remember_tasks(edited)
            journal.created_tasks(made)
            journal.save("the change", 1_000, "ana")
            rows = conn.all("SELECT task_id, label, user_name, at_ts FROM task_history")
    finally:
        database.close()
    assert {(user, at) for _, _, user, at in rows} == {("ana", 1_000)}
    assert len(rows) == len({r[0] for r in rows}), "a task has one row a change"
    return {(int(task_id), str(label)) for task_id, label, _, _ in rows}


@pytest.mark.parametrize(
    ("made", "edited", "expected"),
    [
        ([4, 5, 6], [], {1, 2, 4, 5, 6}),  # one run of ids, steps of 1 and 2
        ([4, 6, 8], [], {1, 4, 6, 8}),  # scattered ids, all steps of 1
        ([4, 5], [2, 3], {1, 2, 3, 4, 5}),  # made and edited: 2 once
        ([], [3, 7], {3, 7}),  # nothing made: no parents added
        ([1, 2, 3], [], {1, 2, 3}),  # a run without steps
    ],
)
def test_a_change_records_each_task_it_touched_and_the_parent_of_each_step_it_made(
    tmp_path: Path, made: list[int], edited: list[int], expected: set[int]
) -> None:
    rows = history_after(tmp_path, made, edited)
    assert rows == {(task_id, "the change") for task_id in expected}
