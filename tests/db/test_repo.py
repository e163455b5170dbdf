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


def test_refreshing_every_tasks_urgency_goes_in_id_ranges_and_tells_how_far_it_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microtask.db import repo as repo_module
    from microtask.domain.urgency import UrgencyCoefficients

    app = make_app(str(tmp_path / "m.db"))
    tasks = [
        NewTask(title=f"T{n}", created_at=T0, tags=("a",) * (n % 2), project="p" * (n % 3 > 0))
        for n in range(23)
    ]
    with app.changing("seed") as change:
        ids = change.tasks.insert_many(tasks)
        change.tasks.refresh_static(ids)
    with app.reading() as repos:
        expected = {t.id: t.urgency for t in repos.tasks.find(TaskFilter())}
    monkeypatch.setattr(repo_module, "REFRESH_CHUNK", 5)
    told: list[tuple[int, int]] = []
    with app.changing("zero") as change:  # spoil them, then recompute them all
        change.tasks.coefficients = UrgencyCoefficients(project=0.0, tags=0.0)
        change.tasks.refresh_all_static()
        change.tasks.coefficients = app.config.urgency
        change.tasks.refresh_all_static(lambda done, total: told.append((done, total)))
    with app.reading() as repos:
        assert {t.id: t.urgency for t in repos.tasks.find(TaskFilter())} == expected
    app.close()
    assert told == [(5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]


def _schema(path: Path) -> tuple[object, list[tuple[str, str, str, str]]]:
    """The store's shape as SQLAlchemy inspects it, and every CREATE text it keeps."""
    import sqlite3
    from contextlib import closing

    from tests.db.test_schema import shape

    with closing(sqlite3.connect(path)) as conn:
        texts = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    return shape(f"sqlite:///{path}"), texts


def test_a_bulk_insert_into_a_smaller_store_builds_its_indexes_again_exactly_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3
    from contextlib import closing

    from microtask.db import repo as repo_module

    monkeypatch.setattr(repo_module, "BULK_ROWS", 2)  # drop-and-rebuild from 3 tasks up
    path = tmp_path / "bulk.db"
    app = make_app(str(path))
    with app.changing("one") as change:
        change.tasks.insert_many([NewTask(title="before", created_at=T0, tags=("x",))])
    before = _schema(path)
    tasks = [
        NewTask(title=f"T{n}", created_at=T0, tags=("a", f"t{n}"), uuid=f"u-{n}") for n in range(9)
    ]
    with app.changing("bulk") as change:
        ids = change.tasks.insert_many(tasks)
    with app.reading() as repos:
        found = repos.tasks.by_uuid(["u-3"])
        tagged = repos.tasks.find(TaskFilter(tag="t4"))
    app.close()
    assert _schema(path) == before
    assert found["u-3"].id == ids[3]
    assert [t.id for t in tagged] == [ids[4]]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE uuid = 'u-3'").fetchall()
    assert "ix_tasks_uuid" in str(plan)


def test_a_bulk_insert_that_fails_leaves_the_store_and_its_indexes_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microtask.db import repo as repo_module
    from microtask.domain.errors import StorageError

    monkeypatch.setattr(repo_module, "BULK_ROWS", 2)
    path = tmp_path / "bulk.db"
    app = make_app(str(path))
    with app.reading():
        pass
    before = _schema(path)
    # The same tag twice on one task: its second row breaks the tag table's key, after
    # the indexes were dropped and the task rows written.
    tasks = [
        NewTask(title=f"T{n}", created_at=T0, tags=("a", "a") if n == 5 else ()) for n in range(9)
    ]
    with pytest.raises(StorageError), app.changing("bulk") as change:
        change.tasks.insert_many(tasks)
    with app.reading() as repos:
        assert repos.tasks.find(TaskFilter(statuses=None)) == []
    app.close()
    assert _schema(path) == before


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 7, 9])
def test_rows_inserted_many_a_statement_go_in_whole_and_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    from microtask.db import repo as repo_module

    monkeypatch.setattr(repo_module, "MAX_PARAMETERS", 7)  # three rows of two a statement
    app = make_app(str(tmp_path / "rows.db"))
    with app.changing("one") as change:
        (task_id,) = change.tasks.insert_many([NewTask(title="t", created_at=T0)])
        tags = [(task_id, f"tag{n:02}") for n in range(count)]
        repo_module.insert_rows(change.tasks.conn, "task_tags", ("task_id", "tag"), tags)
        stored = change.tasks.conn.all("SELECT task_id, tag FROM task_tags ORDER BY rowid")
    app.close()
    assert [tuple(row) for row in stored] == tags
