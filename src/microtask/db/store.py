"""The repositories of one transaction, handed out together by ``App.reading()`` and
``App.changing()``: the only way services reach the store.

Each repository is built (and its module imported) on first use: ``status`` reads one row
and should not pay for loading the report or journal code.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from microtask.db.engine import Conn
from microtask.domain.urgency import UrgencyCoefficients

if TYPE_CHECKING:
    from microtask.db.assist_repo import AssistRepo
    from microtask.db.focus_repo import FocusRepo
    from microtask.db.journal import Journal, Latest
    from microtask.db.labels_repo import LabelsRepo
    from microtask.db.outsource_repo import OutsourceRepo
    from microtask.db.repo import TaskRepo
    from microtask.db.report_repo import ReportRepo
    from microtask.db.series_repo import SeriesRepo
    from microtask.db.triage_repo import TriageRepo
    from microtask.domain.progress import Progress


def provider_id_of_user(conn: Conn, user: str) -> int | None:
    """The provider whose ``--user`` is ``user``; None for everyone else."""
    row = conn.one("SELECT id FROM providers WHERE user_name = :user", {"user": user})
    return None if row is None else int(row[0])


class Repos:
    """Every repository, over one connection inside one transaction."""

    def __init__(
        self, conn: Conn, coefficients: UrgencyCoefficients, now_ts: int, user: str = "me"
    ) -> None:
        self._conn = conn
        self._coefficients = coefficients
        self._now_ts = now_ts
        self.user = user
        """Who reads or writes: an assistant's repositories see only their own tasks."""

    @cached_property
    def tasks(self) -> TaskRepo:
        from microtask.db.repo import TaskRepo

        return TaskRepo(self._conn, self._coefficients, self._now_ts, self.assistant_of)

    @cached_property
    def assistant_of(self) -> int | None:
        """The provider this user is (``provider add NAME --user USER``), whose repositories
        see only the tasks delegated to them; None for everyone else (the founder)."""
        return provider_id_of_user(self._conn, self.user)

    def anything_running(self) -> bool:
        """Is an activity or a session recorded as running (by anyone)? Usually not: then
        there is nothing to recover, and the focus code need not load."""
        return (
            self._conn.one(
                "SELECT 1 WHERE EXISTS (SELECT 1 FROM activity)"
                " OR EXISTS (SELECT 1 FROM sessions WHERE outcome = 'running')"
            )
            is not None
        )

    def any_open_handoff(self) -> bool:
        """Is any delegation not back yet (anyone's)? Most stores have none."""
        return (
            self._conn.one(
                "SELECT 1 WHERE EXISTS (SELECT 1 FROM delegations WHERE returned_ts IS NULL)"
            )
            is not None
        )

    @cached_property
    def assist(self) -> AssistRepo:
        """History, check-ins, the assistant's inbox and the provider figures (issue 16)."""
        from microtask.db.assist_repo import AssistRepo

        return AssistRepo(self._conn)

    @cached_property
    def focus(self) -> FocusRepo:
        from microtask.db.focus_repo import FocusRepo

        # the founder's activity is slot 1; each assistant runs timers in a slot of their own
        return FocusRepo(self._conn, 1 if self.assistant_of is None else 1 + self.assistant_of)

    @cached_property
    def outsourcing(self) -> OutsourceRepo:
        from microtask.db.outsource_repo import OutsourceRepo

        return OutsourceRepo(self._conn)

    @cached_property
    def triage(self) -> TriageRepo:
        from microtask.db.triage_repo import TriageRepo

        return TriageRepo(self._conn)

    @cached_property
    def labels(self) -> LabelsRepo:
        """Tags, projects and saved views (issue 14)."""
        from microtask.db.labels_repo import LabelsRepo

        return LabelsRepo(self._conn)

    @cached_property
    def series(self) -> SeriesRepo:
        from microtask.db.series_repo import SeriesRepo

        return SeriesRepo(self._conn)

    @cached_property
    def journal(self) -> Journal:
        """The before-images of the change this transaction makes (unused when reading)."""
        from microtask.db.journal import Journal

        return Journal(self._conn)

    @property
    def journal_is_empty(self) -> bool:
        return "journal" not in self.__dict__ or self.journal.is_empty

    def report(self, start: datetime, end: datetime, now: datetime) -> ReportRepo:
        """The sums behind `report`, for the period from ``start`` to ``end``."""
        from microtask.db.report_repo import ReportRepo

        return ReportRepo(self._conn, start, end, now)

    def instances_touched_since(self) -> list[int]:
        """Series instances the latest change created that have focus recorded since."""
        from microtask.db.journal import instances_touched_since

        return instances_touched_since(self._conn, self._latest_change)

    def undo_latest(self) -> str | None:
        """Put back the rows of the latest recorded change; its label (None: nothing to undo)."""
        from microtask.db.journal import undo_latest

        label = undo_latest(self.tasks, self._latest_change)
        self.__dict__.pop("_latest_change", None)  # that change is gone: read the next anew
        return label

    @cached_property
    def _latest_change(self) -> Latest | None:
        """The latest recorded change, read and decoded once in this transaction."""
        from microtask.db.journal import latest_change

        return latest_change(self._conn, self.user)

    def changed_since_by_others(self) -> tuple[str, int, str] | None:
        """Someone else's later change to a task this user's latest change touched: who,
        which task, what (undo must not clobber it); None when there is none."""
        from microtask.db.journal import changed_since_by_others

        return changed_since_by_others(self._conn, self._latest_change, self.user)


def open_repos(
    conn: Conn, coefficients: UrgencyCoefficients, now_ts: int, user: str = "me"
) -> Repos:
    return Repos(conn, coefficients, now_ts, user)


def refresh_stored_urgency(
    conn: Conn, coefficients: UrgencyCoefficients, now_ts: int, progress: Progress | None = None
) -> bool:
    """Bring every task's stored static urgency in line with ``coefficients`` if they changed
    since it was computed (``progress``: told how far it got); True when it had to."""
    from microtask.db.repo import TaskRepo

    if stored_urgency_is_current(conn, coefficients):
        return False
    TaskRepo(conn, coefficients, now_ts).refresh_all_static(progress)
    return True


def stored_urgency_is_current(conn: Conn, coefficients: UrgencyCoefficients) -> bool:
    """Was the stored static urgency computed with ``coefficients``? (One row read; run
    by every command once, so it loads none of the task queries.)"""
    from microtask.db.urgency_sql import fingerprint

    row = conn.one("SELECT value FROM microtask_meta WHERE key = 'urgency_fingerprint'")
    return row is not None and row[0] == fingerprint(coefficients)
