"""The report's sums read only the period's rows: each query goes through an index on
time, so a five-year history costs a week's report nothing. SQLite-only: the plans are
SQLite's ``EXPLAIN QUERY PLAN`` (the report's sums run on PostgreSQL in tests/services)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.db.engine import Conn, Row, connect
from microtask.db.report_repo import ReportRepo

MONDAY = datetime(2026, 11, 23, tzinfo=UTC)


class PlanSpy:
    """A connection that records the query plan of every statement it runs."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn
        self.plans: list[tuple[str, list[str]]] = []

    def _plan(self, sql: str, params: Any) -> None:
        steps = [str(row[-1]) for row in self.conn.all("EXPLAIN QUERY PLAN " + sql, params)]
        self.plans.append((sql, steps))

    def all(self, sql: str, params: Any = None) -> list[Row]:
        self._plan(sql, params)
        return self.conn.all(sql, params)

    def one(self, sql: str, params: Any = None) -> Row | None:
        self._plan(sql, params)
        return self.conn.one(sql, params)

    def run(self, sql: str, params: Any = None) -> int:
        return self.conn.run(sql, params)


def test_every_report_query_searches_by_time_and_never_scans_a_table(tmp_path: Path) -> None:
    database = connect(str(tmp_path / "m.db"))
    with database.read() as conn:
        spy = PlanSpy(conn)
        sums = ReportRepo(spy, MONDAY, MONDAY + timedelta(days=7), MONDAY)
        sums.days([(MONDAY + timedelta(days=n), MONDAY + timedelta(days=n + 1)) for n in range(7)])
        for by in ("task", "tag", "project"):
            sums.groups(by)
        sums.finished()
        sums.flow()
    database.close()
    for sql, steps in spy.plans:
        assert not any(
            step.startswith("SCAN") and "CONSTANT ROW" not in step and step != "SCAN d"
            for step in steps
        ), (sql, steps)
        if sql.startswith(("WITH days", "SELECT s.", "SELECT tt.", "SELECT t.project")):
            assert any("ix_sessions_start" in step for step in steps), (sql, steps)
        if "done_ts >= :lo" in sql:
            assert any("ix_tasks_done" in step for step in steps), (sql, steps)
        if "created_ts >= :lo" in sql:
            assert any("ix_tasks_created" in step for step in steps), (sql, steps)


OVERDUE_AS_DEFINED = (
    "SELECT COUNT(*) FROM tasks WHERE due_ts < :cutoff AND created_ts < :cutoff"
    " AND ((status IN ('open', 'delegated'))"
    "  OR (status = 'done' AND done_ts >= :cutoff)"
    "  OR (status = 'dropped' AND updated_ts >= :cutoff))"
)
"""Overdue at the cutoff, as the report defines it: one pass over the rows."""


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["open", "delegated", "done", "dropped"]),
            st.integers(-10, 10),  # created, due, done, updated: days from the cutoff
            st.none() | st.integers(-10, 10),
            st.none() | st.integers(-10, 10),
            st.integers(-10, 10),
        ),
        max_size=25,
    ),
    cutoff_day=st.integers(-3, 3),
)
def test_overdue_at_the_cutoff_counts_as_the_definition_from_either_side(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, int, int | None, int | None, int]],
    cutoff_day: int,
) -> None:
    """Counted by indexes (the tasks made or done since the cutoff, or those due before it,
    whichever are fewer): the same count as the definition, for a period just ended or
    long past."""
    database = connect(str(tmp_path_factory.mktemp("flow") / "m.db"))
    day = 86400
    base = int(MONDAY.timestamp())
    try:
        with database.write() as conn:
            for status, created, due, done, updated in rows:
                conn.run(
                    "INSERT INTO tasks (title, status, priority, created_ts, updated_ts,"
                    " due_ts, done_ts, uuid) VALUES ('t', :s, 'medium', :c, :u, :d, :f,"
                    " lower(hex(randomblob(16))))",
                    {
                        "s": status,
                        "c": base + created * day,
                        "u": base + updated * day,
                        "d": None if due is None else base + due * day + 1,
                        "f": None if done is None else base + done * day,
                    },
                )
        cutoff = MONDAY + timedelta(days=cutoff_day)
        with database.read() as conn:
            expected = conn.one(OVERDUE_AS_DEFINED, {"cutoff": cutoff.timestamp()})
            flow = ReportRepo(conn, cutoff - timedelta(days=7), cutoff, cutoff).flow()
        assert expected is not None
        assert flow.overdue == expected[0]
    finally:
        database.close()
