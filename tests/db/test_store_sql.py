"""The connection layer on each backend, a SQLite file and a real PostgreSQL server: long
id lists, many rows in one call, literal ``%`` and ``::`` casts next to parameters, and a
failed statement undoing its whole transaction.

SQLite-only by nature, and tested in their own modules: WAL and fsync (test_durability),
file permissions and backups through SQLite's backup API (test_backups), and
``trusted_schema`` with refused foreign objects (test_trust).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from microtask.db.engine import Database, connect
from microtask.db.sql import in_list
from microtask.domain.errors import StorageError
from tests.conftest import store_location


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    opened = connect(store_location(backend, tmp_path, request))
    yield opened
    opened.close()


def insert_tasks(database: Database, count: int) -> None:
    with database.write() as conn:
        conn.run_many(
            "INSERT INTO tasks (title, created_ts, updated_ts) VALUES (:title, 1, 1)",
            [{"title": f"Task {n}"} for n in range(count)],
        )


@pytest.mark.parametrize("count", [3, 70_000])
def test_an_id_list_of_any_length_finds_exactly_its_rows(database: Database, count: int) -> None:
    """70,000 ids: more than a PostgreSQL statement takes as separate parameters."""
    insert_tasks(database, count + 10)
    wanted = list(range(2, count + 2))
    names, params = in_list(wanted, dialect=database.dialect)
    with database.read() as conn:
        row = conn.one(
            f"SELECT count(*), min(id), max(id) FROM tasks WHERE id IN ({names})", params
        )
    assert row is not None
    assert tuple(row) == (count, 2, count + 1)


def test_percent_signs_and_casts_sit_beside_named_parameters(database: Database) -> None:
    insert_tasks(database, 1)
    with database.read() as conn:
        row = conn.one(
            "SELECT '100%' || :word, CAST(id AS TEXT), title LIKE '%' || :part || '%'"
            " FROM tasks WHERE title = :title",
            {"word": "x", "part": "ask", "title": "Task 0"},
        )
    assert row is not None
    assert (row[0], row[1], bool(row[2])) == ("100%x", "1", True)


def test_a_failing_statement_undoes_its_whole_transaction(database: Database) -> None:
    def two_inserts_the_second_refused() -> None:
        with database.write() as conn:
            conn.run("INSERT INTO tasks (title, created_ts, updated_ts) VALUES ('kept?', 1, 1)")
            conn.run("INSERT INTO tasks (id, title, created_ts, updated_ts) VALUES (1, 'x', 1, 1)")

    with pytest.raises(StorageError):
        two_inserts_the_second_refused()
    with database.read() as conn:
        assert conn.all("SELECT title FROM tasks") == []
