"""The repositories of one transaction, handed out together by ``App.reading()`` and
``App.changing()``: the only way services reach the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from microtask.db.engine import Conn
from microtask.db.focus_repo import FocusRepo
from microtask.db.journal import Journal, undo_latest
from microtask.db.outsource_repo import OutsourceRepo
from microtask.db.repo import TaskRepo
from microtask.db.report_repo import ReportRepo
from microtask.db.triage_repo import TriageRepo
from microtask.domain.urgency import UrgencyCoefficients


@dataclass
class Repos:
    """Every repository, over one connection inside one transaction."""

    tasks: TaskRepo
    focus: FocusRepo
    outsourcing: OutsourceRepo
    triage: TriageRepo
    journal: Journal = field(repr=False)
    """The before-images of the change this transaction makes (unused when reading)."""

    def report(self, start: datetime, end: datetime, now: datetime) -> ReportRepo:
        """The sums behind `report`, for the period from ``start`` to ``end``."""
        return ReportRepo(self.tasks.conn, start, end, now)

    def undo_latest(self) -> str | None:
        """Put back the rows of the latest recorded change; its label (None: nothing to undo)."""
        return undo_latest(self.tasks)


def open_repos(conn: Conn, coefficients: UrgencyCoefficients, now_ts: int) -> Repos:
    return Repos(
        tasks=TaskRepo(conn, coefficients, now_ts),
        focus=FocusRepo(conn),
        outsourcing=OutsourceRepo(conn),
        triage=TriageRepo(conn),
        journal=Journal(conn),
    )


def refresh_stored_urgency(conn: Conn, coefficients: UrgencyCoefficients, now_ts: int) -> bool:
    """Bring every task's stored static urgency in line with ``coefficients`` if they changed
    since it was computed; True when it had to."""
    tasks = TaskRepo(conn, coefficients, now_ts)
    if tasks.static_is_current():
        return False
    tasks.refresh_all_static()
    return True


def stored_urgency_is_current(conn: Conn, coefficients: UrgencyCoefficients) -> bool:
    return TaskRepo(conn, coefficients, 0).static_is_current()
