"""Sessions written many at a time, on a SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from microtask.db.engine import Database, connect
from microtask.db.focus_repo import FocusRepo
from tests.conftest import store_location


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    opened = connect(store_location(backend, tmp_path, request))
    with opened.write() as conn:
        conn.run("INSERT INTO tasks (title, created_ts, updated_ts) VALUES ('Work', 1, 1)")
    yield opened
    opened.close()


def sessions_by_id(database: Database) -> dict[int, tuple[float, float, str | None]]:
    with database.read() as conn:
        rows = conn.all("SELECT id, start_ts, end_ts, note FROM sessions WHERE kind = 'manual'")
    return {int(r[0]): (float(r[1]), float(r[2]), r[3]) for r in rows}


def test_many_sessions_get_their_own_ids_in_order(database: Database) -> None:
    """300 sessions: more than one statement's worth of parameters, and a remainder."""
    wanted = [(1, 1000.0 * n, 1000.0 * n + 600, f"note {n}" if n % 2 else None) for n in range(300)]
    with database.write() as conn:
        ids = FocusRepo(conn).insert_manual_sessions(wanted)
    assert len(ids) == len(set(ids)) == 300
    stored = sessions_by_id(database)
    assert [stored[i] for i in ids] == [(s, e, note) for _, s, e, note in wanted]
    with database.read() as conn:
        row = conn.one(
            "SELECT min(focus_seconds), max(focus_seconds), max(pause_seconds) FROM sessions"
        )
    assert row is not None
    assert tuple(float(v) for v in row) == (600.0, 600.0, 0.0)


def test_ids_past_deleted_sessions_are_still_the_ones_returned(database: Database) -> None:
    """An id once used is not given again (AUTOINCREMENT): the new run starts past it."""
    with database.write() as conn:
        first = FocusRepo(conn).insert_manual_sessions([(1, 10.0, 20.0, None)] * 5)
        FocusRepo(conn).delete_sessions(first[2:])
    with database.write() as conn:
        ids = FocusRepo(conn).insert_manual_sessions([(1, 30.0, 40.0, "a"), (1, 50.0, 60.0, "b")])
    assert min(ids) > max(first)
    stored = sessions_by_id(database)
    assert [stored[i] for i in ids] == [(30.0, 40.0, "a"), (50.0, 60.0, "b")]
    assert sorted(stored) == [*first[:2], *ids]


def test_no_sessions_write_nothing(database: Database) -> None:
    with database.write() as conn:
        assert FocusRepo(conn).insert_manual_sessions([]) == []
    assert sessions_by_id(database) == {}
