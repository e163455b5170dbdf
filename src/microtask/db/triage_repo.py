"""Triage's queries: the queue in walking order, and ``tasks.triaged_ts``.

The queue rules of ``domain/triage.py`` in SQL, so a store of 100,000 tasks is filtered,
ordered and cut to ``--limit`` inside the database; a test checks that both agree.
``triaged_ts`` (when a task was last decided on in `triage`; NULL: never) is read and written
only here, so it stays off the domain ``Task``; ``TaskRepo.snapshot`` keeps it in
before-images so that ``undo`` reverts it with the decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microtask.db.engine import Conn
from microtask.db.sql import in_list
from microtask.db.urgency_sql import reaching, urgency_sql
from microtask.domain.triage import LARGE_SECONDS, QueueEntry, Reason
from microtask.domain.urgency import UrgencyCoefficients

_BATCH = 500
# `(c.status || '')`: children are looked up by parent (ix_tasks_parent), see urgency_sql.
_REASONS = {
    Reason.OVERDUE: "(t.due_ts IS NOT NULL AND t.due_ts < :q_now)",
    Reason.NEW: "(t.triaged_ts IS NULL)",
    Reason.NO_ESTIMATE: "(t.estimate_seconds IS NULL AND NOT EXISTS (SELECT 1 FROM tasks c"
    " WHERE c.parent_id = t.id AND (c.status || '') = 'open'))",
    Reason.LARGE: "(t.estimate_seconds IS NOT NULL AND t.estimate_seconds > :q_large"
    " AND NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id))",
}
_FLAGS = ", ".join(f"{sql} AS r_{reason.value}" for reason, sql in _REASONS.items())
_MASK = " + ".join(
    f"CASE WHEN r_{reason.value} THEN {1 << n} ELSE 0 END" for n, reason in enumerate(_REASONS)
)
"""A task's reasons as one number, a bit each (SQLite's flags are 0/1, PostgreSQL's are
booleans): the index of :data:`_REASON_SETS`."""
_REASON_SETS = [
    tuple(reason for n, reason in enumerate(_REASONS) if mask >> n & 1)
    for mask in range(1 << len(_REASONS))
]
_NEEDS = " OR ".join(f"r_{reason.value}" for reason in _REASONS)
_NEEDS_ANY = " OR ".join(_REASONS.values())
_ORDER = " ORDER BY r_overdue DESC, urgency DESC, due_ts IS NULL, due_ts, id"


_NOT_WAITING = "coalesce(t.wait_ts, 0) <= :q_now"
"""A task hidden by ``--wait`` until a later time is not triaged before then (issue 13)."""


class TriageRepo:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def _queue(
        self, columns: str, coefficients: UrgencyCoefficients, now_ts: int, limit: int | None
    ) -> list[Any]:
        expression, params = urgency_sql(coefficients, now_ts)
        params.update(q_now=now_ts, q_large=LARGE_SECONDS)

        def ranked(where: str, more: dict[str, Any], count: int | None) -> list[Any]:
            sql = (
                f"WITH q AS (SELECT t.id AS id, t.due_ts AS due_ts, {_FLAGS},"
                f" {expression} AS urgency FROM tasks t WHERE t.status = 'open'"
                f" AND {_NOT_WAITING}{where}) SELECT {columns} FROM q WHERE {_NEEDS}{_ORDER}"
            )
            if count is not None:
                sql += " LIMIT :q_limit"
            return self.conn.all(sql, {**params, **more, "q_limit": count})

        if limit is None:
            return ranked("", {}, None)
        # The overdue tasks come first (each needs a decision): read through the (status,
        # due) index. Only when they are fewer than the limit do the others fill it, cut to
        # those whose urgency can still reach the rest of it (as ``TaskRepo.find`` does):
        # a queue of 80,000 new tasks is then never scored whole for its first 100.
        overdue = ranked(" AND t.due_ts < :q_now", {}, limit)
        wanted = limit - len(overdue)
        if wanted <= 0:
            return overdue
        later = " AND (t.due_ts IS NULL OR t.due_ts >= :q_now)"
        bound = self.conn.all(
            f"SELECT {expression} FROM tasks t WHERE t.status = 'open' AND {_NOT_WAITING}"
            f"{later} AND ({_NEEDS_ANY}) ORDER BY t.urgency_static DESC LIMIT :q_limit",
            {**params, "q_limit": wanted},
        )
        if len(bound) < wanted:  # fewer such tasks than the limit: all of them
            return overdue + ranked(later, {}, wanted)
        terms, cut = reaching(coefficients, now_ts, min(float(r[0]) for r in bound))
        return overdue + ranked(f"{later} AND {terms}", cut, wanted)

    def queue(
        self, coefficients: UrgencyCoefficients, now_ts: int, limit: int | None = None
    ) -> list[QueueEntry]:
        """Open tasks that need a decision, in walking order, with their reasons."""
        rows = self._queue(f"id, urgency, due_ts, {_MASK}", coefficients, now_ts, limit)
        return [
            QueueEntry(
                task_id=int(row[0]),
                reasons=_REASON_SETS[row[3]],
                urgency=float(row[1]),
                due_ts=None if row[2] is None else int(row[2]),
            )
            for row in rows
        ]

    def queue_reasons(
        self, coefficients: UrgencyCoefficients, now_ts: int, limit: int | None = None
    ) -> tuple[list[int], list[float], list[tuple[Reason, ...]]]:
        """The ids of :meth:`queue`, each one's urgency and reasons, with no entry made a
        task: the queue of a store of 100,000 new tasks (``triage --json``) is 80,000 long."""
        rows = self._queue(f"id, urgency, {_MASK}", coefficients, now_ts, limit)
        ids = [int(row[0]) for row in rows]
        return ids, [float(row[1]) for row in rows], [_REASON_SETS[row[2]] for row in rows]

    def queue_ids(
        self, coefficients: UrgencyCoefficients, now_ts: int, limit: int | None = None
    ) -> list[int]:
        """The ids of :meth:`queue`, cheaply: the walk reads each task when it gets there."""
        return [int(row[0]) for row in self._queue("id", coefficients, now_ts, limit)]

    def count(self, now_ts: int) -> int:
        """How many open tasks need a decision."""
        row = self.conn.one(
            f"SELECT count(*) FROM tasks t WHERE t.status = 'open' AND {_NOT_WAITING}"
            f" AND ({_NEEDS_ANY})",
            {"q_now": now_ts, "q_large": LARGE_SECONDS},
        )
        return int(row[0]) if row else 0

    def triaged_ids(self, ids: Sequence[int]) -> set[int]:
        """Which of these tasks have been triaged at least once."""
        found: set[int] = set()
        for start in range(0, len(ids), _BATCH):
            batch = list(ids[start : start + _BATCH])
            names, params = in_list(batch, dialect=self.conn.dialect)
            found.update(
                int(row[0])
                for row in self.conn.all(
                    f"SELECT id FROM tasks WHERE id IN ({names}) AND triaged_ts IS NOT NULL",
                    params,
                )
            )
        return found

    def mark_triaged(self, task_id: int, now_ts: int) -> None:
        self.conn.run(
            "UPDATE tasks SET triaged_ts = :ts WHERE id = :id", {"ts": now_ts, "id": task_id}
        )
