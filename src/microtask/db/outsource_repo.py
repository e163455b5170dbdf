"""Queries for providers and delegations, and the history the outsourcing advisor infers from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microtask.db.engine import Conn, Row
from microtask.db.sql import in_list, moment, stored_flag
from microtask.domain.delegation import Delegation, Provider, ProviderRecord

_PROVIDER = "p.id, p.name, p.kind, p.rate, p.started_ts"
_DELEGATION = (
    "d.id, d.task_id, t.title, d.delegated_ts, d.check_in_ts, d.cap_seconds, d.returned_ts,"
    f" d.outcome, d.on_time, d.note, {_PROVIDER}"
)
_DELEGATION_FROM = (
    "FROM delegations d JOIN tasks t ON t.id = d.task_id JOIN providers p ON p.id = d.provider_id"
)


def _provider(row: Sequence[Any]) -> Provider:
    return Provider(
        id=int(row[0]),
        name=str(row[1]),
        kind=str(row[2]),
        rate=None if row[3] is None else float(row[3]),
        started=moment(row[4]),
    )


def _delegation(row: Row) -> Delegation:
    return Delegation(
        id=int(row[0]),
        task_id=int(row[1]),
        task_title=str(row[2]),
        delegated=moment(row[3]),
        check_in=None if row[4] is None else moment(row[4]),
        cap_seconds=None if row[5] is None else int(row[5]),
        returned=None if row[6] is None else moment(row[6]),
        outcome=row[7],
        on_time=None if row[8] is None else bool(row[8]),
        note=row[9],
        provider=_provider(row[10:]),
    )


class OutsourceRepo:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    # -- providers ---------------------------------------------------------------------

    def provider_named(self, name: str) -> Provider | None:
        row = self.conn.one(
            f"SELECT {_PROVIDER} FROM providers p WHERE lower(p.name) = lower(:name)",
            {"name": name},
        )
        return None if row is None else _provider(row)

    def insert_provider(
        self, name: str, kind: str, rate: float | None, started_ts: int, now_ts: int
    ) -> int:
        row = self.conn.one(
            "INSERT INTO providers (name, kind, rate, started_ts, created_ts)"
            " VALUES (:name, :kind, :rate, :started, :now) RETURNING id",
            {"name": name, "kind": kind, "rate": rate, "started": started_ts, "now": now_ts},
        )
        assert row is not None
        return int(row[0])

    def records(self) -> list[ProviderRecord]:
        """Every provider with its track record, oldest relationship first."""
        rows = self.conn.all(
            f"SELECT {_PROVIDER}, count(d.id),"
            " sum(CASE WHEN d.id IS NOT NULL AND d.returned_ts IS NULL THEN 1 ELSE 0 END),"
            " sum(CASE WHEN d.outcome = 'done' THEN 1 ELSE 0 END),"
            " sum(CASE WHEN d.outcome = 'redo' THEN 1 ELSE 0 END),"
            " sum(CASE WHEN d.on_time = 1 THEN 1 ELSE 0 END),"
            " sum(CASE WHEN d.on_time = 0 THEN 1 ELSE 0 END)"
            " FROM providers p LEFT JOIN delegations d ON d.provider_id = p.id"
            " GROUP BY p.id ORDER BY p.started_ts, p.id"
        )
        records = []
        for row in rows:
            provider = _provider(row)
            handed, still_out, done, redo, on_time, late = (int(v or 0) for v in row[5:11])
            records.append(
                ProviderRecord(
                    provider,
                    handed_off=handed,
                    open=still_out,
                    done=done,
                    redo=redo,
                    on_time=on_time,
                    late=late,
                )
            )
        return records

    # -- delegations -------------------------------------------------------------------

    def insert_delegation(
        self,
        task_id: int,
        provider_id: int,
        delegated_ts: int,
        check_in_ts: int | None,
        cap_seconds: int | None,
    ) -> int:
        row = self.conn.one(
            "INSERT INTO delegations (task_id, provider_id, delegated_ts, check_in_ts,"
            " cap_seconds) VALUES (:task, :provider, :at, :check_in, :cap) RETURNING id",
            {
                "task": task_id,
                "provider": provider_id,
                "at": delegated_ts,
                "check_in": check_in_ts,
                "cap": cap_seconds,
            },
        )
        assert row is not None
        return int(row[0])

    def open_delegation(self, task_id: int) -> Delegation | None:
        row = self.conn.one(
            f"SELECT {_DELEGATION} {_DELEGATION_FROM}"
            " WHERE d.task_id = :task AND d.returned_ts IS NULL ORDER BY d.id DESC LIMIT 1",
            {"task": task_id},
        )
        return None if row is None else _delegation(row)

    def get_delegation(self, delegation_id: int) -> Delegation | None:
        row = self.conn.one(
            f"SELECT {_DELEGATION} {_DELEGATION_FROM} WHERE d.id = :id", {"id": delegation_id}
        )
        return None if row is None else _delegation(row)

    def close_delegation(
        self,
        delegation_id: int,
        returned_ts: int,
        outcome: str,
        on_time: bool | None,
        note: str | None,
    ) -> None:
        self.conn.run(
            "UPDATE delegations SET returned_ts = :at, outcome = :outcome, on_time = :on_time,"
            " note = :note WHERE id = :id",
            {
                "id": delegation_id,
                "at": returned_ts,
                "outcome": outcome,
                "on_time": stored_flag(on_time),
                "note": note,
            },
        )

    def check_ins_due(self, now_ts: int, limit: int = 20) -> list[Delegation]:
        """Open delegations past their check-in whose task is still handed off (a task
        marked done or dropped by hand would otherwise nag for ever: handback refuses it)."""
        rows = self.conn.all(
            f"SELECT {_DELEGATION} {_DELEGATION_FROM}"
            " WHERE d.returned_ts IS NULL AND d.check_in_ts <= :now AND t.status = 'delegated'"
            " ORDER BY d.check_in_ts, d.id LIMIT :limit",
            {"now": now_ts, "limit": limit},
        )
        return [_delegation(r) for r in rows]

    # -- history for inference ---------------------------------------------------------

    def done_titles_since(self, since_ts: int, until_ts: int, limit: int = 5000) -> list[str]:
        """Titles of tasks done from ``since_ts`` to ``until_ts`` (a past week sees no later)."""
        rows = self.conn.all(
            "SELECT title FROM tasks WHERE status = 'done' AND done_ts >= :since"
            " AND done_ts <= :until ORDER BY done_ts DESC LIMIT :limit",
            {"since": since_ts, "until": until_ts, "limit": limit},
        )
        return [str(r[0]) for r in rows]

    def focus_since(
        self, task_ids: Sequence[int], since_ts: float, until_ts: float
    ) -> dict[int, float]:
        """Focus recorded on each task in sessions started from ``since_ts`` to ``until_ts``
        (its subtasks' sessions are their own)."""
        if not task_ids:
            return {}
        names, params = in_list(list(task_ids), dialect=self.conn.dialect)
        rows = self.conn.all(
            f"SELECT task_id, sum(focus_seconds) FROM sessions WHERE task_id IN ({names})"
            " AND start_ts >= :since AND start_ts <= :until GROUP BY task_id",
            {**params, "since": since_ts, "until": until_ts},
        )
        return {int(r[0]): float(r[1]) for r in rows}

    def focus_between(self, since_ts: float, until_ts: float) -> dict[int, float]:
        """Focus recorded on each task in sessions started from ``since_ts`` to ``until_ts``,
        for every task that has some (by the sessions' start index: no id list)."""
        rows = self.conn.all(
            "SELECT task_id, sum(focus_seconds) FROM sessions WHERE start_ts >= :since"
            " AND start_ts <= :until AND task_id IS NOT NULL GROUP BY task_id",
            {"since": since_ts, "until": until_ts},
        )
        return {int(r[0]): float(r[1]) for r in rows}
