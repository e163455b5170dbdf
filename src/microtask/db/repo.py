"""Queries over the portable schema; they return domain objects, never driver rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from microtask.db.engine import Conn, Row
from microtask.db.urgency_sql import dynamic_bounds, fingerprint, static_sql, urgency_sql
from microtask.domain.model import Priority, Status, Task, TaskCriteria
from microtask.domain.urgency import UrgencyCoefficients

TASK_COLUMNS = (
    "id",
    "title",
    "status",
    "priority",
    "due_ts",
    "estimate_seconds",
    "project",
    "parent_id",
    "position",
    "notes",
    "created_ts",
    "updated_ts",
    "done_ts",
    "repetitive",
    "time_sensitive",
    "critical",
    "directions",
    "know_how",
    "hours_per_week",
    "category",
)
CRITERIA_COLUMNS = TASK_COLUMNS[13:]
JOURNALED_COLUMNS = (*TASK_COLUMNS, "triaged_ts")
"""What a before-image keeps: the task columns, and when `triage` last decided on the task
(read only by ``db/triage_repo.py``, so not on the domain Task); writes accept them all."""
_URGENCY = len(TASK_COLUMNS)
_SELECT_COLUMNS = ", ".join(f"t.{c}" for c in TASK_COLUMNS)
UNDO_HISTORY = 1000


def _ts(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _criteria(values: Sequence[Any]) -> TaskCriteria:
    repetitive, time_sensitive, critical, directions, know_how, hours, category = values
    return TaskCriteria(
        repetitive=_flag(repetitive),
        time_sensitive=_flag(time_sensitive),
        critical=_flag(critical),
        directions=directions,
        know_how=_flag(know_how),
        hours_per_week=None if hours is None else float(hours),
        category=category,
    )


def _id_params(ids: Sequence[int | str], prefix: str = "i") -> tuple[str, dict[str, Any]]:
    names = [f":{prefix}{n}" for n in range(len(ids))]
    return ", ".join(names) or "NULL", {f"{prefix}{n}": v for n, v in enumerate(ids)}


@dataclass(frozen=True)
class TaskFilter:
    statuses: tuple[Status, ...] | None = (Status.OPEN,)
    tag: str | None = None
    project: str | None = None
    due_before_ts: int | None = None
    due_from_ts: int | None = None
    """Due at or after this instant (with ``due_before_ts``: due in a window, e.g. today)."""
    leaves_only: bool = False


def _where(filters: TaskFilter) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if filters.statuses is not None:
        names, status_params = _id_params([s.value for s in filters.statuses], "st")
        clauses.append(f"t.status IN ({names})")
        params.update(status_params)
    if filters.tag is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM task_tags ft WHERE ft.task_id = t.id AND ft.tag = :f_tag)"
        )
        params["f_tag"] = filters.tag
    if filters.project is not None:
        clauses.append("t.project = :f_project")
        params["f_project"] = filters.project
    if filters.due_before_ts is not None:
        clauses.append("t.due_ts < :f_due_before")
        params["f_due_before"] = filters.due_before_ts
    if filters.due_from_ts is not None:
        clauses.append("t.due_ts >= :f_due_from")
        params["f_due_from"] = filters.due_from_ts
    if filters.leaves_only:
        clauses.append(
            "NOT EXISTS (SELECT 1 FROM tasks fc WHERE fc.parent_id = t.id"
            " AND (fc.status || '') = 'open')"  # by parent, not by status: see urgency_sql
        )
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class TaskRepo:
    """Task queries inside one transaction (``conn`` comes from ``db.read()``/``db.write()``)."""

    def __init__(self, conn: Conn, coefficients: UrgencyCoefficients, now_ts: int) -> None:
        self.conn = conn
        self.coefficients = coefficients
        self.now_ts = now_ts

    # -- reading -------------------------------------------------------------------

    def _hydrate(self, rows: Sequence[Row]) -> list[Task]:
        """Rows (task columns, then urgency) -> tasks with tags and subtask ids filled in."""
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        names, params = _id_params(ids)
        tags: dict[int, list[str]] = {}
        for task_id, tag in self.conn.all(
            f"SELECT task_id, tag FROM task_tags WHERE task_id IN ({names}) ORDER BY task_id, tag",
            params,
        ):
            tags.setdefault(int(task_id), []).append(str(tag))
        children: dict[int, list[tuple[int, str]]] = {}
        for parent_id, child_id, status in self.conn.all(
            f"SELECT parent_id, id, status FROM tasks WHERE parent_id IN ({names}) "
            "ORDER BY parent_id, position, id",
            params,
        ):
            children.setdefault(int(parent_id), []).append((int(child_id), str(status)))
        parent_ids = sorted({int(r[7]) for r in rows if r[7] is not None})
        parent_names, parent_params = _id_params(parent_ids, "p")
        open_parents = {  # by id, not by status: the status index would scan every open task
            int(r[0])
            for r in self.conn.all(
                f"SELECT id FROM tasks WHERE id IN ({parent_names}) AND (status || '') = 'open'",
                parent_params,
            )
        }
        focus = {
            int(r[0]): float(r[1])
            for r in self.conn.all(
                f"SELECT task_id, sum(focus_seconds) FROM sessions WHERE task_id IN ({names})"
                " GROUP BY task_id",
                params,
            )
        }
        tasks = []
        for row in rows:
            task_id = int(row[0])
            kids = children.get(task_id, [])
            tasks.append(
                Task(
                    id=task_id,
                    title=str(row[1]),
                    status=Status(row[2]),
                    priority=Priority(row[3]),
                    due=_ts(row[4]),
                    estimate_seconds=None if row[5] is None else int(row[5]),
                    project=row[6],
                    parent_id=None if row[7] is None else int(row[7]),
                    position=int(row[8]),
                    notes=row[9],
                    created_at=_ts(row[10]) or datetime.fromtimestamp(0, UTC),
                    updated_at=_ts(row[11]) or datetime.fromtimestamp(0, UTC),
                    done_at=_ts(row[12]),
                    subtask_ids=tuple(k for k, _ in kids),
                    open_subtask_ids=tuple(k for k, s in kids if s == Status.OPEN.value),
                    parent_open=row[7] is not None and int(row[7]) in open_parents,
                    tags=tuple(tags.get(task_id, [])),
                    urgency=float(row[_URGENCY]),
                    criteria=_criteria(row[13:_URGENCY]),
                    focus_seconds=focus.get(task_id, 0.0),
                )
            )
        return tasks

    def _select(self, where: str, params: dict[str, Any], tail: str = "") -> list[Task]:
        expression, urgency_params = urgency_sql(self.coefficients, self.now_ts)
        rows = self.conn.all(
            f"SELECT {_SELECT_COLUMNS}, {expression} AS urgency FROM tasks t{where}{tail}",
            {**params, **urgency_params},
        )
        return self._hydrate(rows)

    def get(self, task_id: int) -> Task | None:
        found = self._select(" WHERE t.id = :id", {"id": task_id})
        return found[0] if found else None

    def get_many(self, ids: Sequence[int]) -> list[Task]:
        """Tasks with these ids, in the order given; missing ids are skipped."""
        if not ids:
            return []
        names, params = _id_params(list(ids))
        by_id = {t.id: t for t in self._select(f" WHERE t.id IN ({names})", params)}
        return [by_id[i] for i in ids if i in by_id]

    def existing_ids(self, ids: Sequence[int]) -> set[int]:
        names, params = _id_params(list(ids))
        return {
            int(r[0]) for r in self.conn.all(f"SELECT id FROM tasks WHERE id IN ({names})", params)
        }

    def find(self, filters: TaskFilter, limit: int | None = None) -> list[Task]:
        """Matching tasks, most urgent first (ties: earlier due, then lower id).

        With a limit, only rows whose stored static part could still reach the N-th best
        urgency are scored: a range on the (status, urgency_static) index, not a full scan.
        """
        where, params = _where(filters)
        if limit is not None:
            threshold = self._static_threshold(where, params, limit)
            if threshold is not None:
                where += (" AND " if where else " WHERE ") + "t.urgency_static >= :f_static_min"
                params["f_static_min"] = threshold
        tail = (
            " ORDER BY urgency DESC, CASE WHEN t.due_ts IS NULL THEN 1 ELSE 0 END, t.due_ts, t.id"
        )
        if limit is not None:
            tail += " LIMIT :limit"
            params["limit"] = limit
        return self._select(where, params, tail)

    def _static_threshold(self, where: str, params: dict[str, Any], limit: int) -> float | None:
        """The least static part a row needs to be among the ``limit`` most urgent."""
        expression, urgency_params = urgency_sql(self.coefficients, self.now_ts)
        rows = self.conn.all(
            f"SELECT {expression} FROM tasks t{where} ORDER BY t.urgency_static DESC LIMIT :n",
            {**params, **urgency_params, "n": limit},
        )
        if len(rows) < limit:
            return None
        nth_best = min(float(r[0]) for r in rows)
        _, most = dynamic_bounds(self.coefficients)
        return nth_best - most - 0.02  # 0.02: room for rounding to two decimals

    def count(self, filters: TaskFilter) -> int:
        where, params = _where(filters)
        row = self.conn.one(f"SELECT count(*) FROM tasks t{where}", params)
        return int(row[0]) if row else 0

    def children(self, task_id: int) -> list[Task]:
        return self._select(
            " WHERE t.parent_id = :pid", {"pid": task_id}, " ORDER BY t.position, t.id"
        )

    def subtree_ids(self, task_id: int) -> list[int]:
        """The task and all its descendants, parents before children."""
        rows = self.conn.all(
            "WITH RECURSIVE sub(id, depth) AS ("
            " SELECT id, 0 FROM tasks WHERE id = :id"
            " UNION ALL SELECT c.id, sub.depth + 1 FROM tasks c JOIN sub ON c.parent_id = sub.id)"
            " SELECT id FROM sub ORDER BY depth, id",
            {"id": task_id},
        )
        return [int(r[0]) for r in rows]

    def ancestor_ids(self, task_id: int) -> list[int]:
        """Parent, grandparent, ... up to the root (the task itself excluded)."""
        rows = self.conn.all(
            "WITH RECURSIVE up(id, parent_id, depth) AS ("
            " SELECT id, parent_id, 0 FROM tasks WHERE id = :id"
            " UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM tasks p"
            " JOIN up ON p.id = up.parent_id WHERE up.depth < 10000)"
            " SELECT id FROM up WHERE depth > 0 ORDER BY depth",
            {"id": task_id},
        )
        return [int(r[0]) for r in rows]

    # -- writing -------------------------------------------------------------------

    def insert(self, values: dict[str, Any], tags: Iterable[str] = ()) -> int:
        columns = [c for c in JOURNALED_COLUMNS if c in values]
        placeholders = ", ".join(":" + c for c in columns)
        row = self.conn.one(
            f"INSERT INTO tasks ({', '.join(columns)}) VALUES ({placeholders}) RETURNING id",
            {c: values[c] for c in columns},
        )
        assert row is not None
        task_id = int(row[0])
        self.set_tags(task_id, tags)
        return task_id

    def update(self, task_id: int, values: dict[str, Any]) -> None:
        if not values:
            return
        assignments = ", ".join(f"{c} = :{c}" for c in values if c in JOURNALED_COLUMNS)
        self.conn.run(f"UPDATE tasks SET {assignments} WHERE id = :id", {**values, "id": task_id})

    def set_tags(self, task_id: int, tags: Iterable[str]) -> None:
        self.conn.run("DELETE FROM task_tags WHERE task_id = :id", {"id": task_id})
        for tag in tags:
            self.conn.run(
                "INSERT INTO task_tags (task_id, tag) VALUES (:id, :tag)",
                {"id": task_id, "tag": tag},
            )

    def delete(self, ids: Sequence[int]) -> None:
        names, params = _id_params(list(ids))
        self.conn.run(f"DELETE FROM tasks WHERE id IN ({names})", params)

    def next_position(self, parent_id: int) -> int:
        row = self.conn.one(
            "SELECT coalesce(max(position), -1) + 1 FROM tasks WHERE parent_id = :pid",
            {"pid": parent_id},
        )
        return int(row[0]) if row else 0

    # -- the stored static part of urgency ----------------------------------------

    def refresh_static(self, ids: Iterable[int]) -> None:
        """Recompute the static urgency of these tasks, their parents and their subtasks:
        a write to one task can change its neighbours' blocking/blocked terms."""
        wanted = sorted(set(ids))
        if not wanted:
            return
        names, params = _id_params(wanted, "r")
        expression, static_params = static_sql(self.coefficients)
        self.conn.run(
            f"UPDATE tasks AS t SET urgency_static = {expression} WHERE t.id IN ({names})"
            f" OR t.parent_id IN ({names})"
            f" OR t.id IN (SELECT p.parent_id FROM tasks p WHERE p.id IN ({names}))",
            {**params, **static_params},
        )

    def static_is_current(self) -> bool:
        row = self.conn.one("SELECT value FROM microtask_meta WHERE key = 'urgency_fingerprint'")
        return row is not None and row[0] == fingerprint(self.coefficients)

    def refresh_all_static(self) -> None:
        """After the urgency settings changed: recompute every task's static part once."""
        expression, static_params = static_sql(self.coefficients)
        self.conn.run(f"UPDATE tasks AS t SET urgency_static = {expression}", static_params)
        self.conn.run("DELETE FROM microtask_meta WHERE key = 'urgency_fingerprint'")
        self.conn.run(
            "INSERT INTO microtask_meta (key, value) VALUES ('urgency_fingerprint', :v)",
            {"v": fingerprint(self.coefficients)},
        )

    # -- undo journal --------------------------------------------------------------

    def snapshot(self, task_id: int) -> dict[str, Any] | None:
        row = self.conn.one(
            f"SELECT {', '.join(JOURNALED_COLUMNS)} FROM tasks WHERE id = :id", {"id": task_id}
        )
        if row is None:
            return None
        tags = [
            str(r[0])
            for r in self.conn.all(
                "SELECT tag FROM task_tags WHERE task_id = :id ORDER BY tag", {"id": task_id}
            )
        ]
        links = {
            name: [int(r[0]) for r in self.conn.all(sql, {"id": task_id})]
            for name, sql in (
                ("session_ids", "SELECT id FROM sessions WHERE task_id = :id ORDER BY id"),
                ("block_ids", "SELECT id FROM blocks WHERE task_id = :id ORDER BY id"),
            )
        }
        return {**dict(zip(JOURNALED_COLUMNS, row, strict=True)), "tags": tags, **links}

    def save_change(
        self,
        label: str,
        before: dict[int, dict[str, Any] | None],
        rows_before: dict[str, dict[int, dict[str, Any] | None]] | None = None,
    ) -> None:
        """Journal a change: task before-images, and those of other undoable rows by table."""
        import json

        payload = json.dumps(
            {
                "tasks": [[k, v] for k, v in before.items()],
                **{
                    table: [[k, v] for k, v in images.items()]
                    for table, images in (rows_before or {}).items()
                },
            }
        )
        self.conn.run(
            "INSERT INTO undo_log (created_ts, label, payload) VALUES (:ts, :label, :payload)",
            {"ts": self.now_ts, "label": label, "payload": payload},
        )
        self.conn.run(
            "DELETE FROM undo_log WHERE id <= (SELECT max(id) FROM undo_log) - :keep",
            {"keep": UNDO_HISTORY},
        )

    def pop_change(
        self,
    ) -> (
        tuple[str, dict[int, dict[str, Any] | None], dict[str, dict[int, dict[str, Any] | None]]]
        | None
    ):
        """The latest change: its label, task before-images, other rows' by table."""
        import json

        from microtask.db.rows import UNDOABLE

        row = self.conn.one("SELECT id, label, payload FROM undo_log ORDER BY id DESC LIMIT 1")
        if row is None:
            return None
        self.conn.run("DELETE FROM undo_log WHERE id = :id", {"id": row[0]})
        payload = json.loads(row[2])
        tasks = {int(k): v for k, v in payload["tasks"]}
        rows = {table: {int(k): v for k, v in payload.get(table, [])} for table in UNDOABLE}
        return str(row[1]), tasks, rows

    def restore(self, before: dict[int, dict[str, Any] | None]) -> None:
        """Put every task back exactly as it was: absent ones deleted, others rewritten."""
        absent = [task_id for task_id, image in before.items() if image is None]
        if absent:
            self.delete(absent)
        images = {task_id: image for task_id, image in before.items() if image is not None}
        existing = self.existing_ids(list(images))
        pending = dict(images)
        while pending:
            ready = [
                task_id
                for task_id, image in pending.items()
                if image["parent_id"] is None or image["parent_id"] not in pending
            ] or list(pending)
            for task_id in sorted(ready):
                image = pending.pop(task_id)
                values = {c: image.get(c) for c in TASK_COLUMNS}  # older images lack some
                if "triaged_ts" in image:
                    values["triaged_ts"] = image["triaged_ts"]
                if task_id in existing:
                    values.pop("id")
                    self.update(task_id, values)
                else:
                    self.insert(values)
                self.set_tags(task_id, image["tags"])
                self._relink(task_id, image.get("session_ids", []), image.get("block_ids", []))

    def _relink(self, task_id: int, session_ids: Sequence[int], block_ids: Sequence[int]) -> None:
        """A task brought back by ``undo`` gets back the sessions and blocks it had."""
        for table, ids in (("sessions", session_ids), ("blocks", block_ids)):
            if ids:
                names, params = _id_params(list(ids), "l")
                self.conn.run(
                    f"UPDATE {table} SET task_id = :task WHERE id IN ({names})",
                    {**params, "task": task_id},
                )
