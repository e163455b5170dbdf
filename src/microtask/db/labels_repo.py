"""Tags and projects with their open-task counts, and saved views."""

from __future__ import annotations

import json

from microtask.db.engine import Conn, Row
from microtask.domain.labels import NameCount, SavedView


class LabelsRepo:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def tag_counts(self, every: bool = False) -> list[NameCount]:
        """Tags on open tasks, most used first (``every``: also tags on closed tasks only)."""
        if every:
            sql = (
                "SELECT tt.tag, sum(CASE WHEN t.status = 'open' THEN 1 ELSE 0 END) AS n"
                " FROM task_tags tt JOIN tasks t ON t.id = tt.task_id GROUP BY tt.tag"
            )
        else:
            sql = (
                "SELECT tt.tag, count(*) AS n FROM task_tags tt JOIN tasks t"
                " ON t.id = tt.task_id WHERE t.status = 'open' GROUP BY tt.tag"
            )
        rows = self.conn.all(f"{sql} ORDER BY n DESC, tt.tag")
        return [NameCount(str(name), int(count)) for name, count in rows]

    def project_counts(self, every: bool = False) -> list[NameCount]:
        """Projects of open tasks, most used first (``every``: also of closed tasks only)."""
        if every:
            sql = (
                "SELECT project, sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS n"
                " FROM tasks WHERE project IS NOT NULL GROUP BY project"
            )
        else:
            sql = (
                "SELECT project, count(*) AS n FROM tasks WHERE status = 'open'"
                " AND project IS NOT NULL GROUP BY project"
            )
        rows = self.conn.all(f"{sql} ORDER BY n DESC, project")
        return [NameCount(str(name), int(count)) for name, count in rows]

    # -- saved views -----------------------------------------------------------------

    def views(self) -> list[SavedView]:
        rows = self.conn.all("SELECT id, name, args FROM saved_views ORDER BY name")
        return [_view(row) for row in rows]

    def view(self, name: str) -> SavedView | None:
        row = self.conn.one("SELECT id, name, args FROM saved_views WHERE name = :n", {"n": name})
        return None if row is None else _view(row)

    def add_view(self, name: str, args: tuple[str, ...], now_ts: int) -> int:
        row = self.conn.one(
            "INSERT INTO saved_views (name, args, created_ts) VALUES (:n, :a, :ts) RETURNING id",
            {"n": name, "a": json.dumps(list(args)), "ts": now_ts},
        )
        assert row is not None
        return int(row[0])

    def remove_view(self, view_id: int) -> None:
        self.conn.run("DELETE FROM saved_views WHERE id = :id", {"id": view_id})


def _view(row: Row) -> SavedView:
    args = json.loads(str(row[2]))
    return SavedView(int(row[0]), str(row[1]), tuple(str(a) for a in args))
