"""The report's sums read only the period's rows: each query goes through an index on
time, so a five-year history costs a week's report nothing. SQLite-only: the plans are
SQLite's ``EXPLAIN QUERY PLAN`` (the report's sums run on PostgreSQL in tests/services)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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
            step.startswith("SCAN") and "CONSTANT ROWS" not in step and step != "SCAN d"
            for step in steps
        ), (sql, steps)
        if sql.startswith(("WITH days", "SELECT s.", "SELECT tt.", "SELECT t.project")):
            assert any("ix_sessions_start" in step for step in steps), (sql, steps)
        if "done_ts >= :lo" in sql:
            assert any("ix_tasks_done" in step for step in steps), (sql, steps)
        if "created_ts >= :lo" in sql:
            assert any("ix_tasks_created" in step for step in steps), (sql, steps)
