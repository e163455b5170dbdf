"""Undo for rows other than tasks: before-images of blocks and delegations, and putting them
back. Tasks have their own (``TaskRepo.snapshot``/``restore``): tags and links come with them."""

from __future__ import annotations

from typing import Any

from microtask.db.engine import Conn

UNDOABLE: dict[str, tuple[str, ...]] = {
    "blocks": ("id", "title", "task_id", "start_ts", "end_ts", "source", "created_ts"),
    "delegations": (
        "id",
        "task_id",
        "provider_id",
        "delegated_ts",
        "check_in_ts",
        "cap_seconds",
        "returned_ts",
        "outcome",
        "on_time",
        "note",
    ),
}
Image = dict[str, Any] | None


def row_image(conn: Conn, table: str, row_id: int) -> Image:
    """The row as it is now (None when there is none), for the undo journal."""
    columns = UNDOABLE[table]
    row = conn.one(f"SELECT {', '.join(columns)} FROM {table} WHERE id = :id", {"id": row_id})
    return None if row is None else dict(zip(columns, row, strict=True))


def restore_rows(conn: Conn, table: str, images: dict[int, Image]) -> None:
    """Put rows back as they were: absent ones deleted, others rewritten. A block whose task
    is gone comes back without it; a delegation whose task is gone stays gone."""
    columns = UNDOABLE[table]
    for row_id, image in images.items():
        conn.run(f"DELETE FROM {table} WHERE id = :id", {"id": row_id})
        if image is None:
            continue
        values = {c: image.get(c) for c in columns}
        task_id = values.get("task_id")
        if task_id is not None and not conn.one(
            "SELECT 1 FROM tasks WHERE id = :id", {"id": task_id}
        ):
            if table == "delegations":
                continue
            values["task_id"] = None
        conn.run(
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join(':' + c for c in columns)})",
            values,
        )
