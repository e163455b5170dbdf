"""The SQLite engine's bulk writes: into a small store through a rollback journal, back in
WAL mode after; in WAL mode whenever another connection has the store open or it is large."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from microtask.db import engine
from microtask.db.engine import SqliteDatabase, connect


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteDatabase]:
    database = connect(str(tmp_path / "microtask.db"))
    assert isinstance(database, SqliteDatabase)
    yield database
    database.close()


def mode_on_disk(path: Path) -> str:
    """The journal mode a new connection finds (WAL is kept in the file's header)."""
    with closing(sqlite3.connect(path)) as other:
        return str(other.execute("PRAGMA journal_mode").fetchone()[0])


def add_tasks(database: SqliteDatabase, count: int, *, bulk: bool) -> str:
    """Insert ``count`` tasks in one write; the journal mode the write ran in."""
    with database.write(bulk=bulk) as conn:
        mode = conn.one("PRAGMA journal_mode")
        conn.run_many_rows(
            "INSERT INTO tasks (title, created_ts, updated_ts) VALUES (?, 0, 0)",
            [(f"Task {n}",) for n in range(count)],
        )
    assert mode is not None
    return str(mode[0])


def task_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as other:
        return int(other.execute("SELECT count(*) FROM tasks").fetchone()[0])


def test_a_bulk_write_into_a_small_store_uses_a_rollback_journal_then_wal_again(
    store: SqliteDatabase,
) -> None:
    assert add_tasks(store, 2000, bulk=True) == "delete"
    assert mode_on_disk(store.path) == "wal"
    assert task_count(store.path) == 2000
    assert not Path(f"{store.path}-journal").exists()
    assert add_tasks(store, 1, bulk=False) == "wal"  # later writes: WAL, as ever


def test_a_write_that_is_not_bulk_stays_in_wal_mode(store: SqliteDatabase) -> None:
    assert add_tasks(store, 10, bulk=False) == "wal"


def test_a_bulk_write_stays_in_wal_mode_while_another_connection_has_the_store_open(
    store: SqliteDatabase,
) -> None:
    with closing(sqlite3.connect(store.path)) as other:
        other.execute("SELECT count(*) FROM tasks").fetchone()  # open, between two reads
        assert add_tasks(store, 100, bulk=True) == "wal"
        assert other.execute("SELECT count(*) FROM tasks").fetchone() == (100,)
    assert mode_on_disk(store.path) == "wal"


def test_a_bulk_write_into_a_large_store_stays_in_wal_mode(
    store: SqliteDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "SMALL_STORE_BYTES", 4096)  # every store is "large"
    assert add_tasks(store, 100, bulk=True) == "wal"


def test_a_failed_bulk_write_leaves_nothing_and_the_store_in_wal_mode(
    store: SqliteDatabase,
) -> None:
    def interrupted() -> None:
        with store.write(bulk=True) as conn:
            conn.run("INSERT INTO tasks (title, created_ts, updated_ts) VALUES ('Lost', 0, 0)")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        interrupted()
    assert task_count(store.path) == 0
    assert mode_on_disk(store.path) == "wal"
    assert not Path(f"{store.path}-journal").exists()


def test_a_reading_generator_finished_after_the_store_closed_raises_nothing(
    tmp_path: Path,
) -> None:
    database = connect(str(tmp_path / "microtask.db"))
    assert isinstance(database, SqliteDatabase)
    add_tasks(database, 3, bulk=False)

    def titles() -> Iterator[str]:
        with database.read() as conn:
            for row in conn.all("SELECT title FROM tasks ORDER BY id"):
                yield str(row[0])

    reading = titles()
    assert next(reading) == "Task 0"
    database.close()  # as the command does after stdout broke mid-list
    reading.close()  # the GeneratorExit that collecting it would throw in
