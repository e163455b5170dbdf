"""Series queries: the rule, anchor and procedure of recurring work, and what its
instances say about it (which is open, the latest occurrence, how they went)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from microtask.db import columns
from microtask.db.engine import Conn, Row
from microtask.db.sql import in_list, maybe_moment, moment, to_seconds
from microtask.domain.model import Series
from microtask.domain.record import record

if TYPE_CHECKING:
    from microtask.domain.series_edits import NewSeries, SeriesChanges

_SELECT = ", ".join(columns.SERIES)
_AT = {name: index for index, name in enumerate(columns.SERIES)}


def _series(row: Row) -> Series:
    def at(name: str) -> Any:
        return row[_AT[name]]

    return Series(
        id=int(at("id")),
        rule=str(at("rule")),
        anchor=moment(at("anchor_ts")),
        until=maybe_moment(at("until_ts")),
        ended_at=maybe_moment(at("ended_ts")),
        procedure=at("procedure_md"),
    )


def load_series(conn: Conn, ids: Sequence[int]) -> dict[int, Series]:
    """The series with these ids, by id (one query; none for an empty list)."""
    if not ids:
        return {}
    names, params = in_list(list(ids), "sr", conn.dialect)
    rows = conn.all(f"SELECT {_SELECT} FROM task_series WHERE id IN ({names})", params)
    return {int(row[0]): _series(row) for row in rows}


@record
class SeriesState:
    """Where a series stands: its open instances and its latest occurrence."""

    open_ids: tuple[int, ...]
    latest_occurrence_ts: int | None


@record
class InstanceFacts:
    """One instance of a series, as `list --series` sums them up."""

    series_id: int
    task_id: int
    title: str
    status: str
    due_ts: int | None
    done_ts: int | None
    focus_seconds: float


class SeriesRepo:
    """Series queries inside one transaction."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def get(self, series_id: int) -> Series | None:
        return load_series(self.conn, [series_id]).get(series_id)

    def insert(self, series: NewSeries) -> int:
        row = self.conn.one(
            "INSERT INTO task_series (rule, anchor_ts, until_ts, procedure_md, created_ts)"
            " VALUES (:rule, :anchor, :until, :procedure, :created) RETURNING id",
            {
                "rule": series.rule,
                "anchor": to_seconds(series.anchor),
                "until": to_seconds(series.until),
                "procedure": series.procedure,
                "created": to_seconds(series.created_at),
            },
        )
        assert row is not None
        return int(row[0])

    def update(self, series_id: int, changes: SeriesChanges) -> None:
        from microtask.domain.edits import KEEP

        values: dict[str, Any] = {}
        if changes.rule is not KEEP:
            values["rule"] = changes.rule
        if changes.anchor is not KEEP:
            values["anchor_ts"] = to_seconds(changes.anchor)
        if changes.until is not KEEP:
            values["until_ts"] = to_seconds(changes.until)
        if changes.ended_at is not KEEP:
            values["ended_ts"] = to_seconds(changes.ended_at)
        if changes.procedure is not KEEP:
            values["procedure_md"] = changes.procedure
        if not values:
            return
        self.conn.run(
            f"UPDATE task_series SET {', '.join(f'{c} = :{c}' for c in values)} WHERE id = :id",
            {**values, "id": series_id},
        )

    def states(self, series_ids: Sequence[int]) -> dict[int, SeriesState]:
        """Each series' open instances and latest occurrence (one query, by the
        (series_id, occurrence_ts) index)."""
        if not series_ids:
            return {}
        names, params = in_list(list(series_ids), "ss", self.conn.dialect)
        open_ids: dict[int, list[int]] = {}
        latest: dict[int, int | None] = {}
        for series_id, task_id, status, occurrence in self.conn.all(
            f"SELECT series_id, id, status, occurrence_ts FROM tasks WHERE series_id IN ({names})",
            params,
        ):
            key = int(series_id)
            if status == "open":
                open_ids.setdefault(key, []).append(int(task_id))
            if occurrence is not None:
                latest[key] = max(int(occurrence), latest.get(key) or int(occurrence))
        return {
            key: SeriesState(tuple(open_ids.get(key, [])), latest.get(key))
            for key in map(int, series_ids)
        }

    def median_focus(self, series_ids: Sequence[int]) -> dict[int, float]:
        """The median focus recorded per done instance of each series (those with one)."""
        from microtask.domain.report import median

        if not series_ids:
            return {}
        names, params = in_list(list(series_ids), "mf", self.conn.dialect)
        per_series: dict[int, list[float]] = {}
        for series_id, focus in self.conn.all(
            "SELECT t.series_id,"
            " coalesce((SELECT sum(s.focus_seconds) FROM sessions s WHERE s.task_id = t.id), 0)"
            f" FROM tasks t WHERE t.series_id IN ({names}) AND (t.status || '') = 'done'",
            params,
        ):
            per_series.setdefault(int(series_id), []).append(float(focus))
        found = {key: median(values) for key, values in per_series.items()}
        return {key: value for key, value in found.items() if value}

    def all_series(self) -> list[Series]:
        rows = self.conn.all(f"SELECT {_SELECT} FROM task_series ORDER BY id")
        return [_series(row) for row in rows]

    def instances(self) -> list[InstanceFacts]:
        """Every instance of every series, with its own focus time, oldest first."""
        rows = self.conn.all(
            "SELECT t.series_id, t.id, t.title, t.status, t.due_ts, t.done_ts,"
            " coalesce((SELECT sum(s.focus_seconds) FROM sessions s WHERE s.task_id = t.id), 0)"
            " FROM tasks t WHERE t.series_id IS NOT NULL ORDER BY t.series_id, t.occurrence_ts"
        )
        return [
            InstanceFacts(
                series_id=int(r[0]),
                task_id=int(r[1]),
                title=str(r[2]),
                status=str(r[3]),
                due_ts=None if r[4] is None else int(r[4]),
                done_ts=None if r[5] is None else int(r[5]),
                focus_seconds=float(r[6]),
            )
            for r in rows
        ]
