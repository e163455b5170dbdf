"""The triage queue cut to ``--limit`` inside the database is the head of the whole queue:
the overdue tasks first, through the due index, then the others pruned to those whose
urgency can still make the cut."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microtask.db.engine import connect
from microtask.db.repo import TaskRepo
from microtask.db.triage_repo import TriageRepo
from microtask.domain.edits import NewTask
from microtask.domain.model import Priority, Status
from microtask.domain.urgency import UrgencyCoefficients

NOW = 1_800_000_000
DAY = 86_400


def moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


rows = st.lists(
    st.fixed_dictionaries(
        {
            "priority": st.sampled_from(list(Priority)),
            "status": st.sampled_from([Status.OPEN] * 4 + [Status.DONE]),
            "due": st.none() | st.integers(NOW - 40 * DAY, NOW + 40 * DAY),
            "created": st.integers(NOW - 400 * DAY, NOW),
            "estimate": st.none() | st.sampled_from([600, 3600, 4 * 3600]),
            "triaged": st.booleans(),
            "wait": st.none() | st.integers(NOW - DAY, NOW + DAY),
            "parent": st.none() | st.integers(0, 10),
            "tags": st.lists(st.sampled_from(["next", "a"]), unique=True),
        }
    ),
    min_size=1,
    max_size=15,
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tasks=rows)
def test_the_limited_queue_is_the_head_of_the_whole_queue(
    tmp_path: Path, tasks: list[dict[str, Any]]
) -> None:
    path = tmp_path / f"q{abs(hash(str(tasks)))}.db"
    path.unlink(missing_ok=True)
    database = connect(str(path))
    coefficients = UrgencyCoefficients()
    try:
        with database.write() as conn:
            repo = TaskRepo(conn, coefficients, NOW)
            made: list[int] = []
            for row in tasks:
                parent = row["parent"]
                parent_id = made[parent] if parent is not None and parent < len(made) else None
                made.append(
                    repo.insert(
                        NewTask(
                            title="t",
                            created_at=moment(row["created"]),
                            priority=row["priority"],
                            status=row["status"],
                            due=None if row["due"] is None else moment(row["due"]),
                            estimate_seconds=row["estimate"],
                            parent_id=parent_id,
                            tags=tuple(row["tags"]),
                            wait=None if row["wait"] is None else moment(row["wait"]),
                        )
                    )
                )
                if row["triaged"]:
                    TriageRepo(conn).mark_triaged(made[-1], NOW - DAY)
            repo.refresh_all_static()
        with database.read() as conn:
            triage = TriageRepo(conn)
            whole = triage.queue(coefficients, NOW)
            assert triage.queue_reasons(coefficients, NOW) == (
                [e.task_id for e in whole],
                [e.urgency for e in whole],
                [e.reasons for e in whole],
            )
            for limit in (1, 2, 3, 5, 8):
                assert triage.queue(coefficients, NOW, limit) == whole[:limit], limit
                assert triage.queue_ids(coefficients, NOW, limit) == [
                    e.task_id for e in whole[:limit]
                ]
    finally:
        database.close()


def test_the_whole_queue_and_its_length_are_read_from_one_index_alone(tmp_path: Path) -> None:
    """Migration 14: the (status, static urgency) index holds every column the queue asks
    of a task (the reasons' subqueries read its steps, by the parent index)."""
    import sqlite3
    from contextlib import closing

    from microtask.db.engine import SqliteConn

    path = tmp_path / "t.db"
    database = connect(str(path))
    database.close()
    sent: list[tuple[str, dict[str, Any]]] = []
    with closing(sqlite3.connect(path)) as raw:
        conn = SqliteConn(raw)
        recorded = conn.all

        def recording(sql: str, params: dict[str, Any] | None = None) -> list[Any]:
            sent.append((sql, params or {}))
            return recorded(sql, params)

        conn.all = recording  # type: ignore[method-assign]
        conn.one = lambda sql, params=None: (recording(sql, params) or [None])[0]  # type: ignore[method-assign]
        triage = TriageRepo(conn)
        triage.queue_reasons(UrgencyCoefficients(), NOW)
        triage.count(NOW)
        for sql, params in sent:
            plan = [row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
            assert "SEARCH t USING COVERING INDEX ix_tasks_status_static (status=?)" in plan
    assert len(sent) == 2
