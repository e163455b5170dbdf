"""The SQL form of the urgency formula sorts exactly as the domain formula computes, on a
SQLite file and on a PostgreSQL server. The query plans checked below are SQLite's own
(``EXPLAIN QUERY PLAN``), so those tests are SQLite-only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microtask.db.engine import SqliteDatabase, connect
from microtask.db.repo import TaskRepo
from microtask.domain.edits import NewTask
from microtask.domain.model import Priority, Status, TaskFilter
from microtask.domain.urgency import DAY, UrgencyCoefficients, urgency
from microtask.services import facts_of

NOW = 1_800_000_000


def moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


task_rows = st.lists(
    st.fixed_dictionaries(
        {
            "priority": st.sampled_from(list(Priority)),
            "status": st.sampled_from([Status.OPEN] * 3 + [Status.DONE]),
            "due": st.none() | st.integers(NOW - 60 * 86400, NOW + 60 * 86400).map(moment),
            "created": st.integers(NOW - 800 * 86400, NOW).map(moment),
            "project": st.none() | st.sampled_from(["site", "ops"]),
            "tags": st.lists(st.sampled_from(["a", "b", "next", "c"]), unique=True),
            "parent": st.none() | st.integers(0, 10),
        }
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=task_rows, offset=st.floats(-30 * DAY, 30 * DAY))
def test_sql_urgency_equals_the_domain_formula(
    tmp_path: Path,
    backend: str,
    request: pytest.FixtureRequest,
    rows: list[dict[str, Any]],
    offset: float,
) -> None:
    coefficients = UrgencyCoefficients(project_bonus={"site": 2.5})
    if backend == "sqlite":
        path = tmp_path / f"u{abs(hash(str(rows)))}.db"
        path.unlink(missing_ok=True)
        database = connect(str(path))
    else:  # one server database for every example, emptied before each
        database = connect(str(request.getfixturevalue("postgres_store")))
        with database.write() as conn:
            conn.run("TRUNCATE tasks, task_tags RESTART IDENTITY CASCADE")
    now = int(NOW + offset)
    try:
        with database.write() as conn:
            repo = TaskRepo(conn, coefficients, now)
            made: list[int] = []
            for row in rows:
                parent = row["parent"]
                parent_id = made[parent] if isinstance(parent, int) and parent < len(made) else None
                new = NewTask(
                    title="t",
                    created_at=row["created"],
                    priority=row["priority"],
                    status=row["status"],
                    due=row["due"],
                    project=row["project"],
                    parent_id=parent_id,
                    tags=tuple(row["tags"]),
                )
                made.append(repo.insert(new))
            repo.refresh_all_static()
        with database.read() as conn:
            repo = TaskRepo(conn, coefficients, now)
            tasks = repo.find(TaskFilter(statuses=None))
            for task in tasks:
                assert abs(task.urgency - urgency(facts_of(task), now, coefficients)) <= 0.011
            listed = [t.urgency for t in tasks]
            assert listed == sorted(listed, reverse=True)
            for limit in (1, 3, 5):
                # The index-pruned top N is exactly the head of the full ranking.
                assert repo.find(TaskFilter(statuses=None), limit) == tasks[:limit]
    finally:
        database.close()


def _plan(database: SqliteDatabase, sql: str, params: dict[str, object]) -> str:
    rows = database.raw().execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def test_open_subtasks_are_looked_up_by_parent_not_by_status(tmp_path: Path) -> None:
    """By status, SQLite would scan every open task for each row: refreshing the stored
    urgency took over 25 s at 100,000 tasks when a (status, ...) index looked better."""
    from microtask.db.urgency_sql import static_sql

    database = connect(str(tmp_path / "m.db"))
    assert isinstance(database, SqliteDatabase)
    expression, params = static_sql(UrgencyCoefficients())
    plan = _plan(database, f"UPDATE tasks AS t SET urgency_static = {expression}", params)
    assert "SEARCH uc USING INDEX ix_tasks_parent (parent_id=?)" in plan
    from microtask.db.repo import _where

    where, where_params = _where(TaskFilter(leaves_only=True))
    leaves = _plan(database, f"SELECT t.id FROM tasks t{where}", where_params)
    assert "SEARCH fc USING INDEX ix_tasks_parent (parent_id=?)" in leaves
    database.close()


def test_a_status_filter_ranges_over_the_status_index_a_long_id_list_goes_as_one_array() -> None:
    """Short lists are written out so the planner sees them (the (status, urgency_static)
    index serves `list --limit`); long ones are one JSON parameter (no quadratic lookup)."""
    from microtask.db.sql import SHORT_LIST, in_list

    short_sql, short_params = in_list(["open", "done"], "st")
    assert short_sql == ":st0, :st1"
    assert short_params == {"st0": "open", "st1": "done"}
    long_sql, long_params = in_list(list(range(SHORT_LIST + 1)))
    assert long_sql == "SELECT value FROM json_each(:i)"
    assert list(long_params) == ["i"]
    # PostgreSQL: one array, unnested (a statement takes at most 65,535 parameters there)
    assert in_list(list(range(SHORT_LIST + 1)), dialect="postgresql") == (
        "SELECT unnest(:i)",
        {"i": list(range(SHORT_LIST + 1))},
    )
    assert in_list([1, 2], dialect="postgresql") == (":i0, :i1", {"i0": 1, "i1": 2})


def test_dependencies_are_looked_up_by_their_link_and_waiting_never_by_an_index_scan(
    tmp_path: Path,
) -> None:
    """Issue 13: by status, `next` scanned every open task for each candidate (0.6 s at
    10,000 tasks); an indexable `wait_ts` test made the planner leave the status index."""
    from microtask.db.repo import _where
    from microtask.db.urgency_sql import static_sql

    database = connect(str(tmp_path / "m.db"))
    assert isinstance(database, SqliteDatabase)
    expression, params = static_sql(UrgencyCoefficients())
    plan = _plan(database, f"UPDATE tasks AS t SET urgency_static = {expression}", params)
    assert "SEARCH ub USING COVERING INDEX sqlite_autoindex_task_deps_1 (task_id=?)" in plan
    assert "SEARCH ud USING COVERING INDEX ix_task_deps_after (after_id=?)" in plan
    assert "SCAN ua" not in plan
    assert "SCAN uw" not in plan
    where, where_params = _where(TaskFilter(leaves_only=True, ready_only=True), now_ts=0)
    ready = _plan(database, f"SELECT t.id FROM tasks t{where}", where_params)
    assert "SEARCH t USING COVERING INDEX ix_tasks_status_static (status=?)" in ready
    assert "SEARCH fd USING COVERING INDEX sqlite_autoindex_task_deps_1 (task_id=?)" in ready
    assert "USING INTEGER PRIMARY KEY (rowid=?)" in ready  # then the prerequisite by id
    assert "ix_tasks_wait" not in ready
    database.close()


def test_which_tasks_can_still_rank_and_their_urgency_are_read_from_the_index_alone(
    tmp_path: Path,
) -> None:
    """Migration 13: `list --limit` and `next` keep the tasks that can reach the Nth best
    urgency; with the due and created times in the status index, that test and the urgency
    of every task kept read no task row (at 1,000,000 tasks: 108 ms -> 16 ms)."""
    from microtask.db.urgency_sql import reaching, urgency_sql

    database = connect(str(tmp_path / "m.db"))
    assert isinstance(database, SqliteDatabase)
    coefficients = UrgencyCoefficients()
    terms, params = reaching(coefficients, 1_796_288_400, nth_best=20.0)
    expression, urgency_params = urgency_sql(coefficients, 1_796_288_400)
    plan = _plan(
        database,
        f"SELECT t.id, {expression} AS urgency FROM tasks t"
        f" WHERE t.status = 'open' AND {terms} ORDER BY urgency DESC LIMIT 25",
        {**params, **urgency_params},
    )
    assert "SEARCH t USING COVERING INDEX ix_tasks_status_static" in plan
    assert "(status=? AND urgency_static>?)" in plan
    database.close()


coefficient = st.floats(-20, 20, allow_nan=False) | st.integers(-20, 20)


@settings(max_examples=60, deadline=None)
@given(
    rows=task_rows,
    tags=coefficient,
    project=coefficient,
    medium=coefficient,
    bonus=st.dictionaries(st.sampled_from(["a", "next", "c"]), coefficient, max_size=3),
    project_bonus=st.dictionaries(st.sampled_from(["site", "ops"]), coefficient, max_size=2),
)
def test_a_bulk_insert_stores_the_urgency_the_sql_computes_to_the_last_bit(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[dict[str, Any]],
    tags: float,
    project: float,
    medium: float,
    bonus: dict[str, float],
    project_bonus: dict[str, float],
) -> None:
    coefficients = UrgencyCoefficients(
        tags=tags, project=project, priority_medium=medium, tag=bonus, project_bonus=project_bonus
    )
    database = connect(str(tmp_path_factory.mktemp("bulk") / "u.db"))
    try:
        with database.write() as conn:
            repo = TaskRepo(conn, coefficients, NOW)
            (parent,) = repo.insert_many([NewTask(title="p", created_at=moment(NOW))])
            new = [
                NewTask(
                    title="t",
                    created_at=row["created"],
                    priority=row["priority"],
                    status=row["status"],
                    project=row["project"],
                    parent_id=parent if row["parent"] == 0 else None,
                    tags=tuple(row["tags"]),
                )
                for row in rows
            ]
            ids = repo.insert_many(new)
            repo.refresh_static([parent, *ids])  # what a change's commit does
            stored = conn.all("SELECT id, urgency_static FROM tasks ORDER BY id")
            repo.refresh_all_static()
            assert conn.all("SELECT id, urgency_static FROM tasks ORDER BY id") == stored
    finally:
        database.close()
