"""The undo journal: before-images of every row a change touches, and putting them back.

A change remembers each task (with its tags and the sessions and blocks linked to it),
block and delegation as it was before the change touched it, or that it did not exist.
``undo`` pops the latest change and puts every row back exactly as it was. The images are
column -> value maps, so they never leave this module: services only say *which* rows a
change touches.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import field
from typing import Any

from microtask.db import columns, search
from microtask.db.engine import Conn
from microtask.db.repo import TaskRepo, delete_rows
from microtask.db.sql import SHORT_LIST, in_list
from microtask.domain.record import mutable_record

UNDO_HISTORY = 1000
"""Changes kept for ``undo``; older ones are forgotten."""
Image = dict[str, Any] | None
"""A row as it was (column -> value), or ``None``: it did not exist."""
_OTHER_ROWS: dict[str, tuple[str, ...]] = {
    "blocks": columns.BLOCKS,
    "delegations": columns.DELEGATIONS,
    "saved_views": columns.SAVED_VIEWS,
    "sessions": columns.SESSIONS,
    "task_series": columns.SERIES,
    "check_ins": columns.CHECK_INS,
}


def _task_images(conn: Conn, ids: Sequence[int]) -> dict[int, Image]:
    """The before-images of these tasks (``None`` for those that do not exist), read in four
    queries whatever their number: a change to 100,000 steps must not cost 400,000."""
    images: dict[int, Image] = dict.fromkeys(ids)
    names, params = in_list(list(ids), dialect=conn.dialect)
    for row in conn.all(
        f"SELECT {', '.join(columns.TASKS)} FROM tasks WHERE id IN ({names})", params
    ):
        image: dict[str, Any] = dict(zip(columns.TASKS, row, strict=True))
        image.update(tags=[], session_ids=[], block_ids=[], after=[], waited_by=[])
        images[int(row[0])] = image
    for key, sql in (
        ("tags", f"SELECT task_id, tag FROM task_tags WHERE task_id IN ({names}) ORDER BY tag"),
        (
            "after",
            f"SELECT task_id, after_id FROM task_deps WHERE task_id IN ({names}) ORDER BY after_id",
        ),
        (
            "waited_by",
            f"SELECT after_id, task_id FROM task_deps WHERE after_id IN ({names}) ORDER BY task_id",
        ),
        ("session_ids", f"SELECT task_id, id FROM sessions WHERE task_id IN ({names}) ORDER BY id"),
        ("block_ids", f"SELECT task_id, id FROM blocks WHERE task_id IN ({names}) ORDER BY id"),
    ):
        for task_id, value in conn.all(sql, params):
            found = images.get(int(task_id))
            if found is not None:
                found[key].append(value if key == "tags" else int(value))
    return images


def _row_image(conn: Conn, table: str, row_id: int) -> Image:
    names = _OTHER_ROWS[table]
    row = conn.one(f"SELECT {', '.join(names)} FROM {table} WHERE id = :id", {"id": row_id})
    if row is None:
        return None
    image: dict[str, Any] = dict(zip(names, row, strict=True))
    if table == "blocks":  # deleting a block unlinks the sessions run in it: undo relinks them
        image["session_ids"] = [
            int(r[0])
            for r in conn.all(
                "SELECT id FROM sessions WHERE block_id = :id ORDER BY id", {"id": row_id}
            )
        ]
    return image


@mutable_record
class Journal:
    """The before-images of one change, gathered as it goes and saved at its commit."""

    conn: Conn
    tasks: dict[int, Image] = field(default_factory=dict)
    rows: dict[str, dict[int, Image]] = field(default_factory=dict)

    def remember_tasks(self, ids: Sequence[int]) -> None:
        """These tasks as they are now, before they change or go."""
        new = [task_id for task_id in dict.fromkeys(ids) if task_id not in self.tasks]
        if new:
            self.tasks.update(_task_images(self.conn, new))

    def created_task(self, task_id: int) -> None:
        self.tasks.setdefault(task_id, None)

    def created_tasks(self, ids: Sequence[int]) -> None:
        for task_id in ids:
            self.tasks.setdefault(task_id, None)

    def remember_blocks(self, ids: Sequence[int]) -> None:
        self._remember("blocks", ids)

    def created_block(self, block_id: int) -> None:
        self.rows.setdefault("blocks", {}).setdefault(block_id, None)

    def remember_sessions(self, ids: Sequence[int]) -> None:
        self._remember("sessions", ids)

    def created_session(self, session_id: int) -> None:
        self.created_sessions((session_id,))

    def created_sessions(self, session_ids: Sequence[int]) -> None:
        images = self.rows.setdefault("sessions", {})
        for session_id in session_ids:
            images.setdefault(session_id, None)

    def remember_delegations(self, ids: Sequence[int]) -> None:
        self._remember("delegations", ids)

    def created_delegation(self, delegation_id: int) -> None:
        self.rows.setdefault("delegations", {}).setdefault(delegation_id, None)

    def remember_views(self, ids: Sequence[int]) -> None:
        self._remember("saved_views", ids)

    def created_view(self, view_id: int) -> None:
        self.rows.setdefault("saved_views", {}).setdefault(view_id, None)

    def _remember(self, table: str, ids: Sequence[int]) -> None:
        images = self.rows.setdefault(table, {})
        for row_id in ids:
            if row_id not in images:
                images[row_id] = _row_image(self.conn, table, row_id)

    def created_check_in(self, check_in_id: int) -> None:
        self.rows.setdefault("check_ins", {}).setdefault(check_in_id, None)

    def remember_series(self, ids: Sequence[int]) -> None:
        self._remember("task_series", ids)

    def created_series(self, series_id: int) -> None:
        self.rows.setdefault("task_series", {}).setdefault(series_id, None)

    def delegations_of(self, task_ids: Sequence[int]) -> list[int]:
        """Every delegation of these tasks, returned or not (deleting a task deletes them)."""
        if not task_ids:
            return []
        names, params = in_list(list(task_ids), dialect=self.conn.dialect)
        rows = self.conn.all(f"SELECT id FROM delegations WHERE task_id IN ({names})", params)
        return [int(r[0]) for r in rows]

    def blocks_of_touched_tasks(self) -> list[int]:
        """The blocks the touched tasks had before the change (a deleted task's too)."""
        found: list[int] = []
        for image in self.tasks.values():
            if image:
                found.extend(image.get("block_ids") or [])
        return found

    @property
    def is_empty(self) -> bool:
        return not self.tasks and not any(self.rows.values())

    def touched_task_ids(self) -> list[int]:
        """Tasks the change touched, and the parents they had before it (a deleted or moved
        task changes its former parent's urgency)."""
        return _with_former_parents(self.tasks)

    def save(self, label: str, now_ts: int, user: str = "me") -> None:
        """Record the change for ``undo`` and, for each task it touched, a history row
        (who, when, what: kept when the undo journal forgets the change)."""
        payload = json.dumps(
            {
                "tasks": [[k, v] for k, v in self.tasks.items()],
                **{
                    table: [[k, v] for k, v in images.items()]
                    for table, images in self.rows.items()
                },
            }
        )
        row = self.conn.one(
            "INSERT INTO undo_log (created_ts, label, payload, user_name)"
            " VALUES (:ts, :label, :payload, :user) RETURNING id",
            {"ts": now_ts, "label": label, "payload": payload, "user": user},
        )
        assert row is not None
        if self.tasks:
            self._save_history(int(row[0]), label, now_ts, user)
        self.conn.run(
            "DELETE FROM undo_log WHERE id <= (SELECT max(id) FROM undo_log) - :keep",
            {"keep": UNDO_HISTORY},
        )

    def _save_history(self, change_id: int, label: str, now_ts: int, user: str) -> None:
        """A history row for each task the change touched, and for the parent of each step
        it made. The tasks it made are most often one run of ids (an import's 100,000):
        then they are named by their range, not one by one (a fifth of the time, and the
        parents are found through the index of steps)."""
        created = [task_id for task_id, image in self.tasks.items() if image is None]
        run = _run_of(created)
        # With a run, the tasks it made get their rows by range; the others one by one.
        about = [t for t, image in self.tasks.items() if image] if run else [*self.tasks]
        if run:  # a new step is a change to its parent too (split, add --parent)
            found = self.conn.all(
                "SELECT DISTINCT parent_id FROM tasks WHERE id BETWEEN :first AND :last"
                " AND parent_id IS NOT NULL",
                {"first": run[0], "last": run[1]},
            )
        elif created:
            names, params = in_list(created, "hc", self.conn.dialect)
            found = self.conn.all(
                f"SELECT DISTINCT parent_id FROM tasks WHERE id IN ({names})"
                " AND parent_id IS NOT NULL",
                params,
            )
        else:
            found = []
        about += [int(r[0]) for r in found if int(r[0]) not in self.tasks]
        values = {"change": change_id, "user": user, "ts": now_ts, "label": label}
        if run:
            self.conn.run(
                "INSERT INTO task_history (task_id, change_id, user_name, at_ts, label)"
                " SELECT id, :change, :user, :ts, :label FROM tasks"
                " WHERE id BETWEEN :first AND :last ORDER BY id",
                {**values, "first": run[0], "last": run[1]},
            )
        if self.conn.dialect == "sqlite" and len(about) > SHORT_LIST:
            # Many tasks named one by one: one statement over the ids as one JSON array
            # costs a fifth of binding five values a row.
            self.conn.run(
                "INSERT INTO task_history (task_id, change_id, user_name, at_ts, label)"
                " SELECT value, :change, :user, :ts, :label FROM json_each(:ids) ORDER BY key",
                {**values, "ids": json.dumps(about)},
            )
        elif about:
            self.conn.run_many_rows(
                "INSERT INTO task_history (task_id, change_id, user_name, at_ts, label)"
                " VALUES (?, ?, ?, ?, ?)",
                [(task_id, change_id, user, now_ts, label) for task_id in about],
            )


def _run_of(ids: Sequence[int]) -> tuple[int, int] | None:
    """(first, last) when these distinct ids are every id from first to last (the tasks
    one insert made: an import's 100,000, an ``add``'s one); None otherwise."""
    if not ids:
        return None
    first, last = min(ids), max(ids)
    return (first, last) if last - first + 1 == len(ids) else None


def _with_former_parents(images: dict[int, Image]) -> list[int]:
    former = [image["parent_id"] for image in images.values() if image and image["parent_id"]]
    return [*images, *former]


Latest = tuple[int, str, dict[str, Any]]
"""The latest recorded change: its row id, label and decoded payload (decoding 100,000
before-images takes over half a second: a transaction reads it once)."""


def latest_change(conn: Conn, user: str) -> Latest | None:
    """``user``'s latest recorded change (changes recorded before authors were, by anyone)."""
    row = conn.one(
        "SELECT id, label, payload FROM undo_log WHERE user_name = :user OR user_name IS NULL"
        " ORDER BY id DESC LIMIT 1",
        {"user": user},
    )
    return None if row is None else (int(row[0]), str(row[1]), json.loads(row[2]))


Since = tuple[str, int, str]
"""Someone else's change since: who, the task, and its label."""


def changed_since_by_others(conn: Conn, latest: Latest | None, user: str) -> Since | None:
    """The first change by another user, after ``latest``, to a task ``latest`` touched:
    undoing ``latest`` would clobber it (by the history's task index, whatever the size)."""
    if latest is None:
        return None
    task_ids = [int(k) for k, _ in latest[2]["tasks"]]
    if not task_ids:
        return None
    names, params = in_list(task_ids, dialect=conn.dialect)
    row = conn.one(
        "SELECT user_name, task_id, label FROM task_history"
        f" WHERE task_id IN ({names}) AND change_id > :change AND user_name <> :user"
        " ORDER BY change_id LIMIT 1",
        {**params, "change": latest[0], "user": user},
    )
    return None if row is None else (str(row[0]), int(row[1]), str(row[2]))


def instances_touched_since(conn: Conn, latest: Latest | None) -> list[int]:
    """Series instances the latest change created that have focus recorded since (focus is
    no change of its own, so undo would take it with the instance): undo keeps them."""
    if latest is None:
        return []
    created = [int(k) for k, image in latest[2]["tasks"] if image is None]
    if not created:
        return []
    names, params = in_list(created, dialect=conn.dialect)
    rows = conn.all(
        f"SELECT DISTINCT t.id FROM tasks t JOIN sessions s ON s.task_id = t.id"
        f" WHERE t.id IN ({names}) AND t.series_id IS NOT NULL ORDER BY t.id",
        params,
    )
    return [int(r[0]) for r in rows]


def undo_latest(tasks: TaskRepo, latest: Latest | None) -> str | None:
    """Pop the latest change and put back every row it touched; its label (None: the
    journal is empty)."""
    conn = tasks.conn
    if latest is None:
        return None
    change_id, label, payload = latest
    conn.run("DELETE FROM undo_log WHERE id = :id", {"id": change_id})
    conn.run("DELETE FROM task_history WHERE change_id = :id", {"id": change_id})  # undone
    before: dict[int, Image] = {int(k): v for k, v in payload["tasks"]}
    names, params = in_list(list(before), dialect=conn.dialect)
    parents_now = [
        int(r[0])
        for r in conn.all(
            f"SELECT parent_id FROM tasks WHERE id IN ({names}) AND parent_id IS NOT NULL", params
        )
    ]
    links = _restore_tasks(conn, before)
    for table in _OTHER_ROWS:
        _restore_rows(conn, table, {int(k): v for k, v in payload.get(table, [])})
    for task_id, session_ids, block_ids in links:  # after the rows: a block remembered
        _relink(conn, task_id, session_ids, block_ids)  # after its task went has lost it
    tasks.refresh_static([*_with_former_parents(before), *parents_now])
    return label


def _restore_tasks(
    conn: Conn, before: dict[int, Image]
) -> list[tuple[int, Sequence[int], Sequence[int]]]:
    """Put every task back exactly as it was: absent ones deleted, others rewritten
    (parents before their subtasks). Returns the sessions and blocks to link back to them."""
    absent = [task_id for task_id, image in before.items() if image is None]
    if absent:
        delete_rows(conn, absent)
    pending = {task_id: image for task_id, image in before.items() if image is not None}
    names, params = in_list(list(pending), dialect=conn.dialect)
    current = {
        int(r[0]): dict(zip(columns.TASKS, r, strict=True))
        for r in conn.all(
            f"SELECT {', '.join(columns.TASKS)} FROM tasks WHERE id IN ({names})", params
        )
    }
    conn.run(f"DELETE FROM task_tags WHERE task_id IN ({names})", params)  # all put back below
    inserts: list[dict[str, Any]] = []
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    tags: list[dict[str, Any]] = []
    links: list[tuple[int, Sequence[int], Sequence[int]]] = []
    while pending:
        ready = [
            task_id
            for task_id, image in pending.items()
            if image["parent_id"] is None or image["parent_id"] not in pending
        ] or list(pending)
        for task_id in sorted(ready):  # parents before their subtasks
            image = pending.pop(task_id)
            values = {c: image.get(c) for c in columns.TASKS}  # older images lack some
            now = current.get(task_id)
            if now is None:
                inserts.append(values)
            else:  # only what differs: unchanged indexed columns cost nothing
                known = [c for c in values if c != "id" and (c in image or c != "triaged_ts")]
                changed = tuple(c for c in known if values[c] != now.get(c))
                if changed:
                    updates.setdefault(changed, []).append(
                        {**{c: values[c] for c in changed}, "id": task_id}
                    )
            tags.extend({"id": task_id, "tag": tag} for tag in image["tags"])
            if image.get("session_ids") or image.get("block_ids"):
                links.append((task_id, image.get("session_ids", []), image.get("block_ids", [])))
    # Each kind of row in one call: 100,000 tasks come back in seconds, not minutes.
    if inserts:
        conn.run_many(
            f"INSERT INTO tasks ({', '.join(columns.TASKS)})"
            f" VALUES ({', '.join(':' + c for c in columns.TASKS)})",
            inserts,
        )
    for changed, rows in updates.items():
        assignments = ", ".join(f"{c} = :{c}" for c in changed)
        conn.run_many(f"UPDATE tasks SET {assignments} WHERE id = :id", rows)
    if tags:
        conn.run_many("INSERT INTO task_tags (task_id, tag) VALUES (:id, :tag)", tags)
    reworded = [
        row["id"]
        for changed, rows in updates.items()
        if "title" in changed or "notes" in changed
        for row in rows
    ]
    search.reindex(conn, [values["id"] for values in inserts] + reworded)
    _restore_dependencies(conn, {k: v for k, v in before.items() if v is not None})
    return links


def _restore_dependencies(conn: Conn, images: dict[int, dict[str, Any]]) -> None:
    """The "comes after" links of the restored tasks, both ways, as they were (images
    older than dependencies have none to give: their links are left alone)."""
    known = [task_id for task_id, image in images.items() if "after" in image]
    if not known:
        return
    names, params = in_list(known, "dk", conn.dialect)
    conn.run(f"DELETE FROM task_deps WHERE task_id IN ({names}) OR after_id IN ({names})", params)
    pairs = {
        *((task_id, int(after)) for task_id in known for after in images[task_id]["after"]),
        *((int(waiter), task_id) for task_id in known for waiter in images[task_id]["waited_by"]),
    }
    if not pairs:
        return
    ends = sorted({end for pair in pairs for end in pair})
    end_names, end_params = in_list(ends, "de", conn.dialect)
    present = {
        int(r[0]) for r in conn.all(f"SELECT id FROM tasks WHERE id IN ({end_names})", end_params)
    }
    rows = [
        {"task": task, "after": after}
        for task, after in sorted(pairs)
        if task in present and after in present
    ]
    if rows:
        conn.run_many("INSERT INTO task_deps (task_id, after_id) VALUES (:task, :after)", rows)


def _relink(conn: Conn, task_id: int, session_ids: Sequence[int], block_ids: Sequence[int]) -> None:
    """A task brought back by ``undo`` gets back the sessions and blocks it had."""
    for table, ids in (("sessions", session_ids), ("blocks", block_ids)):
        if ids:
            names, params = in_list(list(ids), "l", conn.dialect)
            conn.run(
                f"UPDATE {table} SET task_id = :task WHERE id IN ({names})",
                {**params, "task": task_id},
            )


def _restore_rows(conn: Conn, table: str, images: dict[int, Image]) -> None:
    """Put rows back as they were: absent ones deleted, others rewritten. A block whose task
    is gone comes back without it; a delegation whose task is gone stays gone."""
    names = _OTHER_ROWS[table]
    if table == "task_series":
        _restore_series(conn, images)
        return
    for row_id, image in images.items():
        conn.run(f"DELETE FROM {table} WHERE id = :id", {"id": row_id})
        if image is None:
            continue
        values = {c: image.get(c) for c in names}
        task_id = values.get("task_id")
        if task_id is not None and not conn.one(
            "SELECT 1 FROM tasks WHERE id = :id", {"id": task_id}
        ):
            if table == "delegations":
                continue
            values["task_id"] = None
        conn.run(
            f"INSERT INTO {table} ({', '.join(names)})"
            f" VALUES ({', '.join(':' + c for c in names)})",
            values,
        )
        sessions = image.get("session_ids") or []
        if sessions:
            ids, params = in_list(list(sessions), "s", conn.dialect)
            conn.run(
                f"UPDATE sessions SET block_id = :block WHERE id IN ({ids})",
                {**params, "block": row_id},
            )


def _restore_series(conn: Conn, images: dict[int, Image]) -> None:
    """Series are rewritten in place, never deleted and inserted again: deleting one would
    unlink every instance of it (ON DELETE SET NULL), not only those this change touched."""
    names = columns.SERIES
    for row_id, image in images.items():
        if image is None:
            conn.run("DELETE FROM task_series WHERE id = :id", {"id": row_id})
            continue
        values = {c: image.get(c) for c in names}
        if conn.one("SELECT 1 FROM task_series WHERE id = :id", {"id": row_id}):
            assignments = ", ".join(f"{c} = :{c}" for c in names if c != "id")
            conn.run(f"UPDATE task_series SET {assignments} WHERE id = :id", values)
        else:
            conn.run(
                f"INSERT INTO task_series ({', '.join(names)})"
                f" VALUES ({', '.join(':' + c for c in names)})",
                values,
            )
