"""The task repository's bulk insert (what an import uses): many tasks in one call, bound by
position, with their tags and their search entries, on a file and behind a URL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from microtask.db.repo import BULK_ROWS
from microtask.domain.edits import NewTask
from microtask.domain.model import TaskFilter
from tests.factories import make_app

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("where", ["file", "sqlite-url"])
@pytest.mark.parametrize("count", [3, BULK_ROWS + 7])
def test_insert_many_stores_every_task_with_its_tags_and_search_words_in_order(
    tmp_path: Path, where: str, count: int
) -> None:
    path = tmp_path / "bulk.db"
    app = make_app(str(path) if where == "file" else f"sqlite:///{path}")
    tasks = [
        NewTask(
            title=f"Task {n} {'kumquat' if n % 1000 == 0 else 'plain'}",
            created_at=T0,
            tags=("ops", f"t{n % 3}") if n % 2 else (),
            notes="the lychee one" if n == count - 1 else None,
        )
        for n in range(count)
    ]
    with app.changing("seed") as change:
        ids = change.tasks.insert_many(tasks)
        change.tasks.refresh_static(ids)

    with app.reading() as repos:
        stored = {task.id: task for task in repos.tasks.find(TaskFilter())}
        kumquats = repos.tasks.find(TaskFilter(search=("kumquat",)))
        lychee = repos.tasks.find(TaskFilter(search=("lychee",)))
    app.close()
    assert ids == sorted(ids)
    assert len(set(ids)) == count
    assert [stored[i].title for i in ids] == [t.title for t in tasks]
    assert [tuple(sorted(stored[i].tags)) for i in ids] == [tuple(sorted(t.tags)) for t in tasks]
    assert sorted(t.id for t in kumquats) == [ids[n] for n in range(0, count, 1000)]
    assert [t.id for t in lychee] == [ids[-1]]
