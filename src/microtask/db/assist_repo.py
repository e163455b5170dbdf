"""Queries for two people on one store (issue 16): task history, providers who are users,
check-ins, and the figures behind the assistant's inbox and the provider track record."""

from __future__ import annotations

from collections.abc import Sequence

from microtask.db.engine import Conn
from microtask.db.outsource_repo import _DELEGATION, _DELEGATION_FROM, _delegation
from microtask.db.sql import in_list, moment
from microtask.domain.assist import CheckIn, HistoryEntry
from microtask.domain.delegation import Delegation

Tracked = dict[int, tuple[float, float]]
"""Delegation id -> (focus seconds tracked on it, start of its first session)."""


class AssistRepo:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    # -- who did what ------------------------------------------------------------------

    def history(self, task_id: int, limit: int) -> list[HistoryEntry]:
        """The newest ``limit`` changes to the task, oldest first (by the task index)."""
        rows = self.conn.all(
            "SELECT at_ts, user_name, label FROM task_history WHERE task_id = :task"
            " ORDER BY change_id DESC LIMIT :n",
            {"task": task_id, "n": limit},
        )
        return [HistoryEntry(moment(r[0]), str(r[1]), str(r[2])) for r in reversed(rows)]

    # -- providers who use the store ---------------------------------------------------

    def provider_of_user(self, user: str) -> int | None:
        from microtask.db.store import provider_id_of_user

        return provider_id_of_user(self.conn, user)

    def user_of_provider(self, provider_id: int) -> str | None:
        row = self.conn.one("SELECT user_name FROM providers WHERE id = :id", {"id": provider_id})
        return None if row is None or row[0] is None else str(row[0])

    def link_user(self, provider_id: int, user: str | None) -> None:
        self.conn.run(
            "UPDATE providers SET user_name = :user WHERE id = :id",
            {"id": provider_id, "user": user},
        )

    def provider_users(self) -> dict[int, str]:
        rows = self.conn.all("SELECT id, user_name FROM providers WHERE user_name IS NOT NULL")
        return {int(r[0]): str(r[1]) for r in rows}

    # -- check-ins ---------------------------------------------------------------------

    def insert_check_in(
        self, delegation_id: int, at_ts: int, user: str, text: str, done_steps: int | None
    ) -> int:
        row = self.conn.one(
            "INSERT INTO check_ins (delegation_id, at_ts, user_name, body, done_steps)"
            " VALUES (:delegation, :at, :user, :body, :steps) RETURNING id",
            {
                "delegation": delegation_id,
                "at": at_ts,
                "user": user,
                "body": text,
                "steps": done_steps,
            },
        )
        assert row is not None
        return int(row[0])

    def check_ins(self, delegation_ids: Sequence[int]) -> dict[int, list[CheckIn]]:
        """The check-ins of these delegations, oldest first."""
        found: dict[int, list[CheckIn]] = {i: [] for i in delegation_ids}
        if not delegation_ids:
            return found
        names, params = in_list(list(delegation_ids), dialect=self.conn.dialect)
        for row in self.conn.all(
            "SELECT id, delegation_id, at_ts, user_name, body, done_steps FROM check_ins"
            f" WHERE delegation_id IN ({names}) ORDER BY delegation_id, at_ts, id",
            params,
        ):
            check_in = CheckIn(
                id=int(row[0]),
                delegation_id=int(row[1]),
                at=moment(row[2]),
                user=str(row[3]),
                text=str(row[4]),
                done_steps=None if row[5] is None else int(row[5]),
            )
            found.setdefault(check_in.delegation_id, []).append(check_in)
        return found

    # -- delegations -------------------------------------------------------------------

    def open_delegations(self, provider_id: int | None = None) -> list[Delegation]:
        """Delegations not back yet (of one provider, or all), oldest first."""
        where = " WHERE d.returned_ts IS NULL AND t.status = 'delegated'"
        params: dict[str, object] = {}
        if provider_id is not None:
            where += " AND d.provider_id = :provider"
            params["provider"] = provider_id
        rows = self.conn.all(
            f"SELECT {_DELEGATION} {_DELEGATION_FROM}{where} ORDER BY d.delegated_ts, d.id",
            params,
        )
        return [_delegation(r) for r in rows]

    def latest_delegation(self, task_id: int) -> Delegation | None:
        row = self.conn.one(
            f"SELECT {_DELEGATION} {_DELEGATION_FROM} WHERE d.task_id = :task"
            " ORDER BY d.id DESC LIMIT 1",
            {"task": task_id},
        )
        return None if row is None else _delegation(row)

    def capped_delegations(self) -> list[Delegation]:
        """Every delegation with a time cap (the provider track record reads them all:
        a store holds hundreds of hand-offs, not millions)."""
        rows = self.conn.all(
            f"SELECT {_DELEGATION} {_DELEGATION_FROM} WHERE d.cap_seconds IS NOT NULL ORDER BY d.id"
        )
        return [_delegation(r) for r in rows]

    def first_responses(self) -> list[tuple[int, int]]:
        """(provider id, seconds from hand-off to first check-in) of every delegation that
        has a check-in."""
        rows = self.conn.all(
            "SELECT d.provider_id, min(c.at_ts) - d.delegated_ts FROM delegations d"
            " JOIN check_ins c ON c.delegation_id = d.id"
            " GROUP BY d.id, d.provider_id, d.delegated_ts ORDER BY d.id"
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    def tracked(self, delegations: Sequence[Delegation], now_ts: int) -> Tracked:
        """Focus recorded on each delegation's task and its steps from the hand-off until it
        came back (or now): the time that counts against its cap."""
        found: Tracked = {}
        if not delegations:
            return found
        names, params = in_list([d.id for d in delegations], dialect=self.conn.dialect)
        window = "s.start_ts >= d.delegated_ts AND s.start_ts < coalesce(d.returned_ts, :now)"
        for join in (
            "JOIN sessions s ON s.task_id = d.task_id",
            "JOIN tasks c ON c.parent_id = d.task_id JOIN sessions s ON s.task_id = c.id",
        ):
            for delegation_id, seconds, first in self.conn.all(
                f"SELECT d.id, sum(s.focus_seconds), min(s.start_ts) FROM delegations d {join}"
                f" WHERE d.id IN ({names}) AND {window} GROUP BY d.id",
                {**params, "now": now_ts + 1},
            ):
                before = found.get(int(delegation_id))
                total, start = float(seconds or 0), float(first)
                if before is not None:
                    total, start = total + before[0], min(start, before[1])
                found[int(delegation_id)] = (total, start)
        return found

    def step_ids(self, task_ids: Sequence[int]) -> dict[int, list[int]]:
        """The direct steps of each of these tasks, in their order (one query for all)."""
        found: dict[int, list[int]] = {i: [] for i in task_ids}
        if not task_ids:
            return found
        names, params = in_list(list(task_ids), dialect=self.conn.dialect)
        for parent_id, step_id in self.conn.all(
            f"SELECT parent_id, id FROM tasks WHERE parent_id IN ({names})"
            " ORDER BY parent_id, position, id",
            params,
        ):
            found.setdefault(int(parent_id), []).append(int(step_id))
        return found
