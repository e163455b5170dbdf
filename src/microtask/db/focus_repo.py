"""Queries for focus sessions, time blocks and the running activity (portable SQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from microtask.db import columns
from microtask.db.engine import Conn, Row
from microtask.db.sql import (
    in_list,
    longest_session,
    maybe_moment,
    moment,
    to_float_seconds,
    to_seconds,
)
from microtask.domain.remaining import WorkDone
from microtask.domain.sessions import (
    Activity,
    Block,
    BlockSource,
    Session,
    SessionKind,
    SessionOutcome,
)

_ACTIVITY_COLUMNS = columns.ACTIVITY[1:]  # the slot: the repository's own
_MANUAL_COLUMNS = tuple(c for c in columns.SESSIONS if c not in ("id", "block_id"))
"""The columns a session recorded by hand or imported sets (``insert_manual_sessions``)."""

if TYPE_CHECKING:
    from microtask.domain.focus_edits import ActivityClaim, ActivityOwner, NewBlock, RunProgress


def _block(row: Row) -> Block:
    return Block(
        id=int(row[0]),
        title=str(row[1]),
        task_id=None if row[2] is None else int(row[2]),
        start=moment(row[3]),
        end=moment(row[4]),
        source=BlockSource(row[5]),
        released_at=maybe_moment(row[7]),
        task_title=None if row[8] is None else str(row[8]),
    )


def _session(row: Row) -> Session:
    return Session(
        id=int(row[0]),
        kind=SessionKind(row[1]),
        task_id=None if row[2] is None else int(row[2]),
        block_id=None if row[3] is None else int(row[3]),
        start=moment(row[4]),
        end=maybe_moment(row[5]),
        focus_seconds=float(row[6]),
        pause_seconds=float(row[7]),
        outcome=SessionOutcome(row[8]),
        note=None if row[9] is None else str(row[9]),
        task_title=None if row[10] is None else str(row[10]),
        block_title=None if row[11] is None else str(row[11]),
    )


_BLOCK_SELECT = (
    f"SELECT {columns.select_list(columns.BLOCKS, 'b')}, t.title "
    "FROM blocks b LEFT JOIN tasks t ON t.id = b.task_id"
)
_SESSION_SELECT = (
    f"SELECT {columns.select_list(columns.SESSIONS, 's')}, t.title, bl.title "
    "FROM sessions s LEFT JOIN tasks t ON t.id = s.task_id"
    " LEFT JOIN blocks bl ON bl.id = s.block_id"
)


class FocusRepo:
    """Sessions, blocks and the activity row, inside one transaction."""

    def __init__(self, conn: Conn, slot: int = 1) -> None:
        self.conn = conn
        self.slot = slot
        """Whose activity row this is: 1 for the founder, one of its own for each
        assistant (issue 16), so two people on one store can each run a timer."""

    # -- blocks ----------------------------------------------------------------------

    def insert_block(self, block: NewBlock) -> int:
        row = self.conn.one(
            "INSERT INTO blocks (title, task_id, start_ts, end_ts, source, created_ts)"
            " VALUES (:title, :task_id, :start_ts, :end_ts, :source, :created_ts) RETURNING id",
            {
                "title": block.title,
                "task_id": block.task_id,
                "start_ts": to_seconds(block.start),
                "end_ts": to_seconds(block.end),
                "source": block.source.value,
                "created_ts": to_seconds(block.created_at),
            },
        )
        assert row is not None
        return int(row[0])

    def get_block(self, block_id: int) -> Block | None:
        row = self.conn.one(f"{_BLOCK_SELECT} WHERE b.id = :id", {"id": block_id})
        return None if row is None else _block(row)

    def blocks_overlapping(
        self, start_ts: float, end_ts: float, exclude: Sequence[int] = ()
    ) -> list[Block]:
        """Blocks sharing some time with ``[start_ts, end_ts)``, by start."""
        names, params = in_list(list(exclude), "x", self.conn.dialect)
        excluding = f" AND b.id NOT IN ({names})" if exclude else ""  # NOT IN (NULL) is never true
        rows = self.conn.all(
            f"{_BLOCK_SELECT} WHERE b.start_ts < :end AND b.end_ts > :start{excluding}"
            " ORDER BY b.start_ts, b.id",
            {**params, "start": start_ts, "end": end_ts},
        )
        return [_block(r) for r in rows]

    def block_at(self, ts: float) -> Block | None:
        found = self.blocks_overlapping(ts, ts + 1e-6)
        return found[0] if found else None

    def next_block(self, ts: float) -> Block | None:
        row = self.conn.one(
            f"{_BLOCK_SELECT} WHERE b.start_ts >= :ts ORDER BY b.start_ts, b.id LIMIT 1",
            {"ts": ts},
        )
        return None if row is None else _block(row)

    def blocks_by_id(self, ids: Sequence[int], ending_after_ts: float | None = None) -> list[Block]:
        """These blocks (missing ids skipped), by start; only those ending after
        ``ending_after_ts`` when it is given."""
        if not ids:
            return []
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        ending = ""
        if ending_after_ts is not None:
            ending = " AND b.end_ts > :after"
            params["after"] = ending_after_ts
        rows = self.conn.all(
            f"{_BLOCK_SELECT} WHERE b.id IN ({names}){ending} ORDER BY b.start_ts, b.id", params
        )
        return [_block(r) for r in rows]

    def set_released(self, ids: Sequence[int], released_ts: int | None) -> None:
        if not ids:
            return
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        self.conn.run(
            f"UPDATE blocks SET released_ts = :released WHERE id IN ({names})",
            {**params, "released": released_ts},
        )

    def update_block(self, block_id: int, block: NewBlock) -> None:
        """Give the block a new title, task, span and source (its creation time stays)."""
        self.conn.run(
            "UPDATE blocks SET title = :title, task_id = :task_id, start_ts = :start_ts,"
            " end_ts = :end_ts, source = :source WHERE id = :id",
            {
                "id": block_id,
                "source": block.source.value,
                "title": block.title,
                "task_id": block.task_id,
                "start_ts": to_seconds(block.start),
                "end_ts": to_seconds(block.end),
            },
        )

    def blocks_with_sessions(self, ids: Sequence[int]) -> set[int]:
        """Those of these blocks some session was run in."""
        if not ids:
            return set()
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        rows = self.conn.all(
            f"SELECT DISTINCT block_id FROM sessions WHERE block_id IN ({names})", params
        )
        return {int(r[0]) for r in rows}

    def work_done(self, task_ids: Sequence[int]) -> dict[int, WorkDone]:
        """For each task, the focus recorded on it and its descendants and what its steps
        were estimated at: two queries over the subtrees, whatever the number of tasks."""
        if not task_ids:
            return {}
        names, params = in_list(list(task_ids), dialect=self.conn.dialect)
        subtree = (
            "WITH RECURSIVE sub(root, id, depth) AS ("
            f" SELECT id, id, 0 FROM tasks WHERE id IN ({names})"
            " UNION ALL SELECT sub.root, c.id, sub.depth + 1 FROM tasks c"
            " JOIN sub ON c.parent_id = sub.id WHERE sub.depth < 10000) "
        )
        steps: dict[int, tuple[int, int]] = {}
        for root, count, done_estimates in self.conn.all(
            f"{subtree}SELECT sub.root,"
            " sum(CASE WHEN sub.depth > 0 AND t.status <> 'dropped' THEN 1 ELSE 0 END),"
            " sum(CASE WHEN sub.depth > 0 AND t.status = 'done'"
            " THEN coalesce(t.estimate_seconds, 0) ELSE 0 END)"
            " FROM sub JOIN tasks t ON t.id = sub.id GROUP BY sub.root",
            params,
        ):
            steps[int(root)] = (int(count or 0), int(done_estimates or 0))
        focus = {
            int(root): float(total or 0.0)
            for root, total in self.conn.all(
                f"{subtree}SELECT sub.root, sum(s.focus_seconds)"
                " FROM sub JOIN sessions s ON s.task_id = sub.id GROUP BY sub.root",
                params,
            )
        }
        return {
            task_id: WorkDone(
                focus_seconds=focus.get(task_id, 0.0),
                steps=steps.get(task_id, (0, 0))[0],
                done_step_estimate_seconds=steps.get(task_id, (0, 0))[1],
            )
            for task_id in task_ids
        }

    def ancestors(self, task_ids: Sequence[int]) -> dict[int, frozenset[int]]:
        """Each task's parent, grandparent ... (one query for all of them)."""
        if not task_ids:
            return {}
        names, params = in_list(list(task_ids), dialect=self.conn.dialect)
        found: dict[int, set[int]] = {}
        for task_id, ancestor in self.conn.all(
            "WITH RECURSIVE up(task, id, depth) AS ("
            f" SELECT id, parent_id, 1 FROM tasks WHERE id IN ({names}) AND parent_id IS NOT NULL"
            " UNION ALL SELECT up.task, p.parent_id, up.depth + 1 FROM tasks p"
            " JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL AND up.depth < 10000)"
            " SELECT task, id FROM up",
            params,
        ):
            found.setdefault(int(task_id), set()).add(int(ancestor))
        return {task_id: frozenset(ids) for task_id, ids in found.items()}

    def delete_blocks(self, ids: Sequence[int]) -> None:
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        self.conn.run(f"DELETE FROM blocks WHERE id IN ({names})", params)

    # -- sessions --------------------------------------------------------------------

    def insert_session(
        self,
        kind: SessionKind,
        task_id: int | None,
        block_id: int | None,
        start_ts: float,
    ) -> int:
        row = self.conn.one(
            "INSERT INTO sessions (kind, task_id, block_id, start_ts, outcome)"
            " VALUES (:kind, :task_id, :block_id, :start_ts, 'running') RETURNING id",
            {"kind": kind.value, "task_id": task_id, "block_id": block_id, "start_ts": start_ts},
        )
        assert row is not None
        return int(row[0])

    def update_session(
        self,
        session_id: int,
        *,
        focus_seconds: float,
        pause_seconds: float,
        end_ts: float | None = None,
        outcome: SessionOutcome = SessionOutcome.RUNNING,
    ) -> None:
        self.conn.run(
            "UPDATE sessions SET focus_seconds = :focus, pause_seconds = :pause,"
            " end_ts = :end, outcome = :outcome WHERE id = :id",
            {
                "id": session_id,
                "focus": focus_seconds,
                "pause": pause_seconds,
                "end": end_ts,
                "outcome": outcome.value,
            },
        )

    def insert_manual_session(
        self, task_id: int, start_ts: float, end_ts: float, note: str | None
    ) -> int:
        row = self.conn.one(
            "INSERT INTO sessions (kind, task_id, start_ts, end_ts, focus_seconds,"
            " pause_seconds, outcome, note) VALUES ('manual', :task_id, :start_ts, :end_ts,"
            " :focus, 0, 'completed', :note) RETURNING id",
            {
                "task_id": task_id,
                "start_ts": start_ts,
                "end_ts": end_ts,
                "focus": end_ts - start_ts,
                "note": note,
            },
        )
        assert row is not None
        return int(row[0])

    def insert_manual_sessions(
        self, sessions: Sequence[tuple[int, float, float, str | None]]
    ) -> list[int]:
        """Store many manual sessions (task id, start, end, note) in as few statements as
        the parameters allow; their ids, in order. On SQLite the write transaction holds the
        only write lock, so the new ids are one run past the largest before (as for
        :meth:`TaskRepo.insert_many`); elsewhere each row says its own."""
        if self.conn.dialect != "sqlite":
            return [self.insert_manual_session(*session) for session in sessions]
        if not sessions:
            return []
        from microtask.db.repo import insert_rows

        row = self.conn.one("SELECT coalesce(max(id), 0) FROM sessions")
        largest = int(row[0]) if row else 0
        insert_rows(
            self.conn,
            "sessions",
            _MANUAL_COLUMNS,
            [
                ("manual", task_id, start, end, end - start, 0, "completed", note)
                for task_id, start, end, note in sessions
            ],
        )
        span = self.conn.one(
            "SELECT min(id), max(id), count(*) FROM sessions WHERE id > :largest",
            {"largest": largest},
        )
        assert span is not None
        assert span[2] == len(sessions), "ids were taken while this transaction wrote"
        return list(range(int(span[0]), int(span[1]) + 1))

    def rewrite_session(
        self, session_id: int, task_id: int | None, start_ts: float, end_ts: float, focus: float
    ) -> None:
        self.conn.run(
            "UPDATE sessions SET task_id = :task_id, start_ts = :start_ts, end_ts = :end_ts,"
            " focus_seconds = :focus WHERE id = :id",
            {
                "id": session_id,
                "task_id": task_id,
                "start_ts": start_ts,
                "end_ts": end_ts,
                "focus": focus,
            },
        )

    def delete_sessions(self, ids: Sequence[int]) -> None:
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        self.conn.run(f"DELETE FROM sessions WHERE id IN ({names})", params)

    def get_session(self, session_id: int) -> Session | None:
        row = self.conn.one(f"{_SESSION_SELECT} WHERE s.id = :id", {"id": session_id})
        return None if row is None else _session(row)

    def running_session_ids(self) -> list[int]:
        """Sessions marked running, but those another person's activity row runs now."""
        rows = self.conn.all(
            "SELECT id FROM sessions WHERE outcome = 'running' AND id NOT IN"
            " (SELECT session_id FROM activity WHERE slot <> :slot AND session_id IS NOT NULL)"
            " ORDER BY id",
            {"slot": self.slot},
        )
        return [int(r[0]) for r in rows]

    def sessions_of_task(self, task_id: int) -> list[Session]:
        rows = self.conn.all(
            f"{_SESSION_SELECT} WHERE s.task_id = :id ORDER BY s.start_ts, s.id", {"id": task_id}
        )
        return [_session(r) for r in rows]

    def sessions_overlapping(self, start_ts: float, end_ts: float) -> list[Session]:
        """Sessions sharing time with ``[start_ts, end_ts)``, running ones included, by start.

        The start index is searched from ``start_ts`` minus the longest session ever closed,
        so a year of history is not scanned to find one day's sessions.
        """
        rows = self.conn.all(
            f"{_SESSION_SELECT} WHERE s.start_ts < :end AND s.start_ts >= :earliest"
            " AND (s.end_ts IS NULL OR s.end_ts > :start OR s.start_ts >= :start)"
            " UNION "
            f"{_SESSION_SELECT} WHERE s.outcome = 'running' AND s.start_ts < :end"
            " ORDER BY 5, 1",
            {"start": start_ts, "end": end_ts, "earliest": start_ts - self.longest_session()},
        )
        return [_session(r) for r in rows]

    def longest_session(self) -> float:
        return longest_session(self.conn)

    def note_session_length(self, seconds: float) -> None:
        if seconds <= self.longest_session():
            return
        self.conn.run("DELETE FROM microtask_meta WHERE key = 'longest_session'")
        self.conn.run(
            "INSERT INTO microtask_meta (key, value) VALUES ('longest_session', :v)",
            {"v": repr(float(seconds))},
        )

    def pomodoros_completed(self, start_ts: float, end_ts: float) -> int:
        # (outcome || ''): search by start, not by outcome; most sessions are 'completed',
        # so the outcome index would walk the whole history (0.2 s at a million sessions)
        row = self.conn.one(
            "SELECT count(*) FROM sessions WHERE kind = 'pomodoro'"
            " AND (outcome || '') = 'completed' AND start_ts >= :start AND start_ts < :end",
            {"start": start_ts, "end": end_ts},
        )
        return int(row[0]) if row else 0

    # -- the activity row ------------------------------------------------------------

    def activity(self) -> Activity | None:
        row = self.conn.one(
            f"SELECT {columns.select_list(_ACTIVITY_COLUMNS, 'a')}, t.title"
            " FROM activity a LEFT JOIN tasks t ON t.id = a.task_id WHERE a.slot = :slot",
            {"slot": self.slot},
        )
        if row is None:
            return None
        v = dict(zip(_ACTIVITY_COLUMNS, row, strict=False))
        return Activity(
            kind=SessionKind(v["kind"]),
            task_id=v["task_id"],
            task_title=None if row[-1] is None else str(row[-1]),
            block_id=v["block_id"],
            session_id=v["session_id"],
            started=moment(v["started_ts"]),
            heartbeat=moment(v["heartbeat_ts"]),
            pid=v["pid"],
            host=v["host"],
            boot_id=v["boot_id"],
            phase=v["phase"],
            phase_started=maybe_moment(v["phase_started_ts"]),
            phase_ends=maybe_moment(v["phase_ends_ts"]),
            paused=bool(v["paused"]),
            cycle=v["cycle"],
            cycles=v["cycles"],
            focus_seconds=float(v["focus_seconds"]),
        )

    def claim_activity(self, claim: ActivityClaim) -> None:
        """Insert the activity row; the caller checked, in this transaction, that none is."""
        values: dict[str, Any] = {
            "kind": claim.kind.value,
            "task_id": claim.task_id,
            "block_id": claim.block_id,
            "session_id": claim.session_id,
            "started_ts": to_float_seconds(claim.started),
            "heartbeat_ts": to_float_seconds(claim.started),
            "pid": claim.pid,
            "host": claim.host,
            "boot_id": claim.boot_id,
            "cycles": claim.cycles,
        }
        if claim.progress is not None:
            values.update(_progress_values(claim.progress))
        names = list(values)
        self.conn.run(
            f"INSERT INTO activity (slot, {', '.join(names)})"
            f" VALUES (:slot, {', '.join(':' + c for c in names)})",
            {**values, "slot": self.slot},
        )

    def update_activity(self, progress: RunProgress, owner: ActivityOwner) -> bool:
        """Record the run's progress if the row is still ``owner``'s; False when it was
        taken (closed by another command while this process was suspended)."""
        values = _progress_values(progress)
        assignments = ", ".join(f"{c} = :{c}" for c in values)
        count = self.conn.run(
            f"UPDATE activity SET {assignments}"
            " WHERE slot = :slot AND pid = :owner_pid AND started_ts = :owner_started",
            {**values, **_owner_params(owner), "slot": self.slot},
        )
        return count > 0

    def clear_activity(self, owner: ActivityOwner | None = None) -> bool:
        """Delete the row (only if it is ``owner``'s, when given); True if one was deleted."""
        if owner is None:
            return self.conn.run("DELETE FROM activity WHERE slot = :slot", {"slot": self.slot}) > 0
        deleted = self.conn.run(
            "DELETE FROM activity WHERE slot = :slot AND pid = :owner_pid"
            " AND started_ts = :owner_started",
            {**_owner_params(owner), "slot": self.slot},
        )
        return deleted > 0


def _owner_params(owner: ActivityOwner) -> dict[str, Any]:
    return {"owner_pid": owner.pid, "owner_started": to_float_seconds(owner.started)}


def _progress_values(progress: RunProgress) -> dict[str, Any]:
    return {
        "heartbeat_ts": to_float_seconds(progress.heartbeat),
        "phase": progress.phase,
        "phase_started_ts": to_float_seconds(progress.phase_started),
        "phase_ends_ts": to_float_seconds(progress.phase_ends),
        "paused": 1 if progress.paused else 0,
        "cycle": progress.cycle,
        "focus_seconds": progress.focus_seconds,
        "session_id": progress.session_id,
    }
