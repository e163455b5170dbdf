"""Task queries over the portable schema; they take and return domain types, never
driver rows or dicts keyed by column."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from microtask.db import columns
from microtask.db.engine import Conn, Row
from microtask.db.search import index_new, reindex, search_clause
from microtask.db.sql import flag, in_list, maybe_moment, to_seconds
from microtask.db.urgency_sql import (
    fingerprint,
    lone_static,
    reaching,
    static_sql,
    urgency_sql,
)
from microtask.domain.model import (
    NOTHING_SAID,
    Priority,
    RankingFacts,
    Series,
    Status,
    Task,
    TaskCriteria,
    TaskFilter,
)
from microtask.domain.urgency import UrgencyCoefficients

if TYPE_CHECKING:
    from microtask.db.task_json import Part
    from microtask.domain.edits import NewTask, TaskChanges
    from microtask.domain.progress import Progress

_COLUMN = {name: index for index, name in enumerate(columns.TASKS)}
_URGENCY = len(columns.TASKS)
_SELECT_COLUMNS = columns.select_list(columns.TASKS, "t")
_EPOCH = datetime.fromtimestamp(0, UTC)
REFRESH_CHUNK = 10_000
"""Ids a statement when every task's stored urgency is recomputed: a progress step (about
0.1 s each here; the statements together cost what one did)."""
BULK_ROWS = 5000
BULK_CACHE_KIB = 65536
"""An insert of more than BULK_ROWS tasks (an import) gives SQLite a 64 MiB page cache for
the rest of the command, instead of its 2 MiB: ten indexes over 100,000 new rows spill and
re-read pages otherwise (100,000 rows: a quarter of the insert's time)."""


_CRITERIA_COLUMNS = columns.TASK_CRITERIA
_REPETITIVE, _TIME_SENSITIVE, _CRITICAL, _DIRECTIONS, _KNOW_HOW, _HOURS, _CATEGORY = (
    _COLUMN[name] for name in _CRITERIA_COLUMNS
)
_CORE = tuple(
    _COLUMN[name]
    for name in (
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
        "uuid",
        "extra",
    )
)
_SERIES, _OCCURRENCE, _SKIPPED, _WAIT, _SCHEDULED = (
    _COLUMN[name] for name in ("series_id", "occurrence_ts", "skipped", "wait_ts", "scheduled_ts")
)
_CORE_VALUES = itemgetter(*_CORE)
_STATUSES = {status.value: status for status in Status}
_PRIORITIES = {priority.value: priority for priority in Priority}


_CRITERIA_VALUES = itemgetter(*(_COLUMN[name] for name in _CRITERIA_COLUMNS))
_NOTHING_SAID = NOTHING_SAID
_ALL_NONE = (None,) * len(_CRITERIA_COLUMNS)


def _criteria(row: Row) -> TaskCriteria:
    if _CRITERIA_VALUES(row) == _ALL_NONE:  # most tasks: one shared (immutable) answer
        return _NOTHING_SAID
    hours = row[_HOURS]
    return TaskCriteria(
        repetitive=flag(row[_REPETITIVE]),
        time_sensitive=flag(row[_TIME_SENSITIVE]),
        critical=flag(row[_CRITICAL]),
        directions=row[_DIRECTIONS],
        know_how=flag(row[_KNOW_HOW]),
        hours_per_week=None if hours is None else float(hours),
        category=row[_CATEGORY],
    )


# -- rows, for the typed methods below and for the undo journal's before-images ----------


@contextmanager
def without_indexes(conn: Conn, tables: Sequence[str], drop: bool) -> Iterator[None]:
    """With ``drop``, the secondary indexes of these tables are dropped for the block and
    made again after it, from their own CREATE text, in the same transaction (SQLite's DDL
    is transactional: a kill or an error leaves them as they were). Filling 100,000 rows and
    then sorting each index once costs a third less than growing ten indexes row by row.
    The block must only write (or read by id): a query in it has no other index to go by."""
    if not drop or conn.dialect != "sqlite":
        yield
        return
    names, params = in_list(list(tables), "ix", conn.dialect)
    indexes = conn.all(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({names}) ORDER BY rowid",
        params,
    )
    for name, _ in indexes:
        conn.run(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.run(sql)


MAX_PARAMETERS = 999
"""What a statement may bind on any SQLite (3.32 and later take 32,766)."""


def insert_rows(conn: Conn, table: str, names: Sequence[str], rows: Sequence[Row]) -> None:
    """Insert rows of values for ``names`` into ``table``, as many rows a statement as its
    parameters allow (``VALUES (...), (...), ...``), in order: one statement a row was a
    third slower for 100,000 tasks (each pays its own reset and step)."""
    width = len(names)
    one = f"({', '.join('?' for _ in names)})"
    head = f"INSERT INTO {table} ({', '.join(names)}) VALUES "
    per = max(1, MAX_PARAMETERS // width)
    whole = len(rows) // per * per
    if per > 1 and whole:
        flat = list(chain.from_iterable(rows[:whole]))
        step = per * width
        conn.run_many_rows(
            head + ", ".join([one] * per), [flat[i : i + step] for i in range(0, len(flat), step)]
        )
    else:
        whole = 0
    if whole < len(rows):
        conn.run_many_rows(head + one, rows[whole:])


def insert_row(conn: Conn, values: dict[str, Any]) -> int:
    """Insert a task row from column values (unknown keys are ignored); its id."""
    names = [c for c in columns.TASKS if c in values]
    row = conn.one(
        f"INSERT INTO tasks ({', '.join(names)}) VALUES ({', '.join(':' + c for c in names)})"
        " RETURNING id",
        {c: values[c] for c in names},
    )
    assert row is not None
    task_id = int(row[0])
    reindex(conn, [task_id])
    return task_id


def update_row(conn: Conn, task_id: int, values: dict[str, Any]) -> None:
    names = [c for c in columns.TASKS if c in values and c != "id"]
    if not names:
        return
    conn.run(
        f"UPDATE tasks SET {', '.join(f'{c} = :{c}' for c in names)} WHERE id = :id",
        {**{c: values[c] for c in names}, "id": task_id},
    )
    if "title" in names or "notes" in names:
        reindex(conn, [task_id])


def set_tags(conn: Conn, task_id: int, tags: Iterable[str]) -> None:
    conn.run("DELETE FROM task_tags WHERE task_id = :id", {"id": task_id})
    for tag in tags:
        conn.run(
            "INSERT INTO task_tags (task_id, tag) VALUES (:id, :tag)", {"id": task_id, "tag": tag}
        )


def delete_rows(conn: Conn, ids: Sequence[int]) -> None:
    names, params = in_list(list(ids), dialect=conn.dialect)
    conn.run(f"DELETE FROM tasks WHERE id IN ({names})", params)
    reindex(conn, ids)  # their subtasks, deleted by the cascade, are never matched: ids stay unused


def _where(
    filters: TaskFilter,
    dialect: str = "sqlite",
    conn: Conn | None = None,
    now_ts: int = 0,
    any_waiting: bool = True,
    any_links: bool = True,
    assistant: bool = False,
) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    _issue_13_where(filters, now_ts, any_waiting, any_links, clauses, params)
    if filters.statuses is not None:
        names, status_params = in_list([s.value for s in filters.statuses], "st", dialect)
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
    if filters.due_before is not None:
        clauses.append("t.due_ts < :f_due_before")
        params["f_due_before"] = to_seconds(filters.due_before)
    if filters.due_from is not None:
        clauses.append("t.due_ts >= :f_due_from")
        params["f_due_from"] = to_seconds(filters.due_from)
    # -- finding (issue 14): words in title or notes --------------------------------
    if filters.search:
        clause, search_params = search_clause(conn, filters.search)
        clauses.append(clause)
        params.update(search_params)
    if filters.leaves_only:
        # to an assistant, a delegated step is open work (see TaskRepo._as_seen)
        still_open = "IN ('open', 'delegated')" if assistant else "= 'open'"
        clauses.append(
            "NOT EXISTS (SELECT 1 FROM tasks fc WHERE fc.parent_id = t.id"
            f" AND (fc.status || '') {still_open})"  # by parent, not by status: see urgency_sql
        )
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _issue_13_where(
    filters: TaskFilter,
    now_ts: int,
    any_waiting: bool,
    any_links: bool,
    clauses: list[str],
    params: dict[str, Any],
) -> None:
    """Dependencies and start dates (issue 13): ``--wait`` and waiting on open tasks.
    ``any_waiting``: some task is hidden by ``--wait`` now; when none is, hiding them
    costs nothing (a count stays on its index instead of reading every open row);
    ``any_links``: some task comes after another (else none waits on one)."""
    if filters.waiting is False and any_waiting:
        # coalesce: not indexable, so the planner keeps ranging over the status indexes
        clauses.append("coalesce(t.wait_ts, 0) <= :f_now")
        params["f_now"] = now_ts
    elif filters.waiting is True:
        clauses.append("t.wait_ts > :f_now")
        params["f_now"] = now_ts
    if filters.ready_only and any_links:
        clauses.append(
            # `|| ''`: by the link, then the prerequisite's id; never by the status index
            "NOT EXISTS (SELECT 1 FROM task_deps fd JOIN tasks fa ON fa.id = fd.after_id"
            " WHERE fd.task_id = t.id AND (fa.status || '') = 'open')"
        )


class TaskRepo:
    """Task queries inside one transaction (handed out by ``App.reading``/``App.changing``)."""

    def __init__(
        self,
        conn: Conn,
        coefficients: UrgencyCoefficients,
        now_ts: int,
        scope_provider: int | None = None,
    ) -> None:
        self.conn = conn
        self.coefficients = coefficients
        self.now_ts = now_ts
        self.scope_provider = scope_provider
        """Set for an assistant (a provider who uses the store): only the tasks delegated
        to that provider, now or before, and their steps, exist for this repository."""
        self._waiting: bool | None = None
        self._links: bool | None = None
        self._static_current: set[int] = set()
        """Tasks :meth:`insert_many` stored with their urgency, not written since."""

    def _as_seen(self, filters: TaskFilter) -> TaskFilter:
        """To an assistant, the work delegated to her is her open work: a listing of open
        tasks (``list``, ``next``, ``plan``) shows her delegated ones too."""
        statuses = filters.statuses
        if self.scope_provider is None or statuses is None or Status.OPEN not in statuses:
            return filters
        if Status.DELEGATED in statuses:
            return filters
        from dataclasses import replace

        return replace(filters, statuses=(*statuses, Status.DELEGATED))

    def _scoped(self, where: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """``where`` narrowed to the tasks this repository may see (the row-level rule)."""
        if self.scope_provider is None:
            return where, params
        clause = (
            "t.id IN (WITH RECURSIVE visible (id) AS ("
            " SELECT vd.task_id FROM delegations vd WHERE vd.provider_id = :scope_provider"
            " UNION SELECT vc.id FROM tasks vc JOIN visible ON vc.parent_id = visible.id)"
            " SELECT id FROM visible)"
        )
        joined = f"{where} AND {clause}" if where else f" WHERE {clause}"
        return joined, {**params, "scope_provider": self.scope_provider}

    # -- reading -------------------------------------------------------------------

    def _hydrate(self, rows: Sequence[Row]) -> list[Task]:
        """Rows (task columns, then urgency) -> tasks with tags and subtask ids filled in."""
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        names, params = in_list(ids, dialect=self.conn.dialect)
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
        parent_at = _COLUMN["parent_id"]
        parent_ids = sorted({int(r[parent_at]) for r in rows if r[parent_at] is not None})
        parent_names, parent_params = in_list(parent_ids, "p", self.conn.dialect)
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
        after: dict[int, list[tuple[int, bool]]] = {}
        holding: set[int] = set()
        if self._any_links():  # most stores have no --after at all: two queries saved
            for task_id, after_id, status in self.conn.all(
                "SELECT d.task_id, d.after_id, a.status FROM task_deps d JOIN tasks a ON"
                f" a.id = d.after_id WHERE d.task_id IN ({names}) ORDER BY d.task_id, d.after_id",
                params,
            ):
                after.setdefault(int(task_id), []).append((int(after_id), status == "open"))
            holding = {
                int(r[0])
                for r in self.conn.all(
                    "SELECT DISTINCT d.after_id FROM task_deps d JOIN tasks w ON w.id = d.task_id"
                    f" WHERE d.after_id IN ({names}) AND (w.status || '') = 'open'",
                    params,
                )
            }
        series_at = _COLUMN["series_id"]
        series_ids = sorted({int(r[series_at]) for r in rows if r[series_at] is not None})
        series: dict[int, Series] = {}
        if series_ids:
            from microtask.db.series_repo import load_series

            series = load_series(self.conn, series_ids)
        return [
            _task(row, tags, children, open_parents, focus, series, after, holding) for row in rows
        ]

    def _select(self, where: str, params: dict[str, Any], tail: str = "") -> list[Task]:
        where, params = self._scoped(where, params)
        expression, urgency_params = urgency_sql(self.coefficients, self.now_ts)
        rows = self.conn.all(
            f"SELECT {_SELECT_COLUMNS}, {expression} AS urgency FROM tasks t{where}{tail}",
            {**params, **urgency_params},
        )
        return self._hydrate(rows)

    def _any_waiting(self) -> bool:
        """Whether some task is hidden by ``--wait`` now (by the wait_ts index; once a
        transaction: its snapshot does not change, and its writes say so themselves)."""
        if self._waiting is None:
            row = self.conn.one(
                "SELECT 1 FROM tasks WHERE wait_ts > :now LIMIT 1", {"now": self.now_ts}
            )
            self._waiting = row is not None
        return self._waiting

    def _any_links(self) -> bool:
        """Whether any task comes after another (``--after``)."""
        if self._links is None:
            self._links = self.conn.one("SELECT 1 FROM task_deps LIMIT 1") is not None
        return self._links

    def get(self, task_id: int) -> Task | None:
        found = self._select(" WHERE t.id = :id", {"id": task_id})
        return found[0] if found else None

    def get_many(self, ids: Sequence[int]) -> list[Task]:
        """Tasks with these ids, in the order given; missing ids are skipped."""
        if not ids:
            return []
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        by_id = {t.id: t for t in self._select(f" WHERE t.id IN ({names})", params)}
        return [by_id[i] for i in ids if i in by_id]

    def json_texts_of(self, parts: Sequence[Part]) -> Iterator[list[str | None]]:
        """Each part's (ids, and their urgencies as read, or None) ``list --json`` texts in
        turn, written by SQLite (``db.task_json``); None for a task it cannot write (every
        task on another store). A long stream's chunks: a helper process, if the read has
        one, writes every other part."""
        if self.conn.dialect != "sqlite":
            for ids, _ in parts:
                yield [None] * len(ids)
            return
        from microtask.db.task_json import texts_of

        urgency = urgency_sql(self.coefficients, self.now_ts)
        yield from texts_of(self.conn, parts, urgency, self._any_links())

    def series_instance_ids(self, task_ids: Sequence[int]) -> list[int]:
        """Which of these tasks are instances of a series (one query: a bulk `done` of
        100,000 steps must not load them all to find none)."""
        if not task_ids:
            return []
        names, params = in_list(list(task_ids), "si", self.conn.dialect)
        rows = self.conn.all(
            f"SELECT id FROM tasks WHERE id IN ({names}) AND series_id IS NOT NULL", params
        )
        return sorted(int(r[0]) for r in rows)

    def statuses(self, ids: Sequence[int]) -> dict[int, Status]:
        """The status of each of these tasks, in the order given (missing ones left out):
        what a bulk change needs to know, without loading whole tasks."""
        if not ids:
            return {}
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        where, params = self._scoped(f" WHERE t.id IN ({names})", params)
        found = {
            int(row[0]): Status(row[1])
            for row in self.conn.all(f"SELECT t.id, t.status FROM tasks t{where}", params)
        }
        return {i: found[i] for i in ids if i in found}

    def by_uuid(self, uuids: Sequence[str]) -> dict[str, Task]:
        """The stored tasks with these UUIDs, by UUID (unknown ones left out)."""
        found: dict[str, Task] = {}
        if len(uuids) > 1000 and self.conn.one("SELECT 1 FROM tasks LIMIT 1") is None:
            return found  # moving into a new store: no need to ask a thousand at a time
        for start in range(0, len(uuids), 1000):  # bounded lists on every backend
            names, params = in_list(list(uuids[start : start + 1000]), dialect=self.conn.dialect)
            found.update((t.uuid, t) for t in self._select(f" WHERE t.uuid IN ({names})", params))
        return found

    def ids_titled(self, titles: Sequence[str]) -> dict[str, int]:
        """For each of these exact titles that some task has, the first such task's id."""
        found: dict[str, int] = {}
        for start in range(0, len(titles), 1000):
            names, params = in_list(list(titles[start : start + 1000]), dialect=self.conn.dialect)
            for title, task_id in self.conn.all(
                f"SELECT title, min(id) FROM tasks WHERE title IN ({names}) GROUP BY title",
                params,
            ):
                found[str(title)] = int(task_id)
        return found

    def parent_ids(self, ids: Sequence[int]) -> list[int]:
        """The parents of these tasks, each once (top-level tasks have none)."""
        if not ids:
            return []
        names, params = in_list(list(ids), dialect=self.conn.dialect)
        rows = self.conn.all(
            f"SELECT DISTINCT parent_id FROM tasks WHERE id IN ({names})"
            " AND parent_id IS NOT NULL ORDER BY parent_id",
            params,
        )
        return [int(row[0]) for row in rows]

    def find(self, filters: TaskFilter, limit: int | None = None) -> list[Task]:
        """Matching tasks, most urgent first (ties: earlier due, then lower id).

        With a limit, only rows whose stored static part could still reach the N-th best
        urgency are scored: a range on the (status, urgency_static) index, not a full scan.
        """
        where, params = self._where_as_seen(filters)
        if limit is not None:
            nth_best = self._nth_best_bound(where, params, limit)
            if nth_best is not None:
                terms, bound = reaching(self.coefficients, self.now_ts, nth_best)
                where += (" AND " if where else " WHERE ") + terms
                params.update(bound)
        tail = (
            " ORDER BY urgency DESC, CASE WHEN t.due_ts IS NULL THEN 1 ELSE 0 END, t.due_ts, t.id"
        )
        if limit is not None:
            tail += " LIMIT :limit"
            params["limit"] = limit
        return self._select(where, params, tail)

    def _nth_best_bound(self, where: str, params: dict[str, Any], limit: int) -> float | None:
        """A lower bound of the ``limit``-th best urgency: that of the ``limit`` rows with
        the largest static part (None: fewer rows match)."""
        where, params = self._scoped(where, params)
        expression, urgency_params = urgency_sql(self.coefficients, self.now_ts)
        rows = self.conn.all(
            f"SELECT {expression} FROM tasks t{where} ORDER BY t.urgency_static DESC LIMIT :n",
            {**params, **urgency_params, "n": limit},
        )
        if len(rows) < limit:
            return None
        return min(float(r[0]) for r in rows)

    def _where_as_seen(self, filters: TaskFilter) -> tuple[str, dict[str, Any]]:
        """:meth:`find`'s WHERE for ``filters``, before the row-level rule."""
        return _where(
            self._as_seen(filters),
            self.conn.dialect,
            self.conn,
            self.now_ts,
            self._any_waiting(),
            self._any_links(),
            self.scope_provider is not None,
        )

    def find_ids(self, filters: TaskFilter) -> list[int]:
        """The ids of :meth:`find` (no limit), in its order: what streaming every matching
        task reads first, before loading them a bounded chunk at a time."""
        return self.find_ranked(filters)[0]

    def find_ranked(self, filters: TaskFilter) -> tuple[list[int], list[float]]:
        """:meth:`find_ids`, and each task's urgency (JSON streams write it as read here)."""
        where, params = self._scoped(*self._where_as_seen(filters))
        expression, urgency_params = urgency_sql(self.coefficients, self.now_ts)
        rows = self.conn.all(
            f"SELECT t.id, {expression} AS urgency FROM tasks t{where} ORDER BY urgency DESC,"
            " CASE WHEN t.due_ts IS NULL THEN 1 ELSE 0 END, t.due_ts, t.id",
            {**params, **urgency_params},
        )
        return [int(r[0]) for r in rows], [float(r[1]) for r in rows]

    def ranking_facts(self, filters: TaskFilter, due_by: datetime) -> list[RankingFacts]:
        """For every matching task, only what the outsourcing ranking reads (one query, no
        tags, steps or urgency), ``pressing`` when urgent or due by ``due_by``: ranking
        tens of thousands of open tasks must not build them all, only the rows it shows."""
        where, params = self._scoped(*self._where_as_seen(filters))
        said = " AND ".join(f"t.{name} IS NULL" for name in _CRITERIA_COLUMNS)
        rows = self.conn.all(
            "SELECT t.id, t.title, t.estimate_seconds,"
            " CASE WHEN t.priority = :r_urgent OR t.due_ts <= :r_due_by THEN 1 ELSE 0 END,"
            f" CASE WHEN t.series_id IS NULL AND {said} THEN 1 ELSE 0 END"
            f" FROM tasks t{where}",
            {**params, "r_urgent": Priority.URGENT.value, "r_due_by": due_by.timestamp()},
        )
        return [RankingFacts(int(r[0]), str(r[1]), r[2], r[3] == 1, r[4] == 1) for r in rows]

    def count(self, filters: TaskFilter) -> int:
        where, params = self._scoped(*self._where_as_seen(filters))
        row = self.conn.one(f"SELECT count(*) FROM tasks t{where}", params)
        return int(row[0]) if row else 0

    def children(self, task_id: int) -> list[Task]:
        return self._select(
            " WHERE t.parent_id = :pid", {"pid": task_id}, " ORDER BY t.position, t.id"
        )

    def children_titles(self, parent_ids: Sequence[int]) -> dict[int, list[str]]:
        """The titles of each of these tasks' direct subtasks, in order (parents without
        any left out): one query for up to 1,000 parents, not one per parent."""
        found: dict[int, list[str]] = {}
        for start in range(0, len(parent_ids), 1000):
            chunk = list(parent_ids[start : start + 1000])
            names, params = in_list(chunk, dialect=self.conn.dialect)
            for parent_id, title in self.conn.all(
                f"SELECT parent_id, title FROM tasks WHERE parent_id IN ({names})"
                " ORDER BY parent_id, position, id",
                params,
            ):
                found.setdefault(int(parent_id), []).append(str(title))
        return found

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

    def height(self, task_id: int) -> int:
        """How many levels of steps lie below the task (0 when it has none)."""
        row = self.conn.one(
            "WITH RECURSIVE sub(id, depth) AS ("
            " SELECT id, 0 FROM tasks WHERE id = :id"
            " UNION ALL SELECT c.id, sub.depth + 1 FROM tasks c JOIN sub ON c.parent_id = sub.id)"
            " SELECT max(depth) FROM sub",
            {"id": task_id},
        )
        return int(row[0]) if row and row[0] is not None else 0

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

    def next_position(self, parent_id: int) -> int:
        row = self.conn.one(
            "SELECT coalesce(max(position), -1) + 1 FROM tasks WHERE parent_id = :pid",
            {"pid": parent_id},
        )
        return int(row[0]) if row else 0

    # -- writing -------------------------------------------------------------------

    def insert(self, task: NewTask) -> int:
        """Store a new task (and its tags); its id."""
        from microtask.db.task_writes import new_task_values

        self._waiting = None  # a write may hide a task (--wait): ask again
        task_id = insert_row(self.conn, new_task_values(task))
        if task.tags:  # a new id has no tag rows to clear
            set_tags(self.conn, task_id, task.tags)
        return task_id

    def insert_many(self, tasks: Sequence[NewTask]) -> list[int]:
        """Store new tasks in one call; their ids, in order. On SQLite the write transaction
        holds the only write lock and ids only grow, so the new ids are those past the
        largest one before; elsewhere each row says its own.

        On SQLite a task with no parent gets its stored urgency with its row (see
        :func:`lone_static`), and :meth:`refresh_static` leaves it be until it is written
        again; many tasks into a store holding fewer go in with the tasks' indexes dropped
        and built again after (in the same transaction: see :func:`without_indexes`)."""
        from microtask.db.task_writes import NEW_TASK_COLUMNS, columns_set, new_task_row

        if self.conn.dialect != "sqlite":
            return [self.insert(task) for task in tasks]
        if not tasks:
            return []
        row = self.conn.one("SELECT coalesce(max(id), 0) FROM tasks")
        largest = int(row[0]) if row else 0
        urgency = self._lone_static_of(tasks)
        # Columns no new row sets stay out of the statement (they default to NULL): binding
        # 29 values a row, most of them NULL, was half of an import's insert.
        kept = columns_set(tasks)
        pick = itemgetter(*kept)
        names = [*(NEW_TASK_COLUMNS[n] for n in kept), "urgency_static"]
        rows = [
            (*pick(new_task_row(task)), 0.0 if value is None else value)  # None: SQL's work
            for task, value in zip(tasks, urgency, strict=True)
        ]
        drop = False
        if len(tasks) > BULK_ROWS:
            self.conn.run(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            row = self.conn.one("SELECT count(*) FROM tasks")
            drop = len(tasks) > (int(row[0]) if row else 0)  # more new rows than old ones
        with without_indexes(self.conn, ("tasks", "task_tags"), drop):
            insert_rows(self.conn, "tasks", names, rows)  # by position: by name, a sixth more
            span = self.conn.one(
                "SELECT min(id), max(id), count(*) FROM tasks WHERE id > :largest",
                {"largest": largest},
            )
            assert span is not None
            ids = list(range(int(span[0]), int(span[1]) + 1)) if span[2] else []
            # The new ids run unbroken: nothing else writes in this transaction.
            assert len(ids) == len(tasks) == span[2], "ids were taken while this transaction wrote"
            tags = [
                (task_id, tag)
                for task_id, task in zip(ids, tasks, strict=True)
                for tag in task.tags
            ]
            if tags:  # new ids: no tag rows to clear first
                insert_rows(self.conn, "task_tags", ("task_id", "tag"), tags)
        self._static_current.update(
            task_id for task_id, value in zip(ids, urgency, strict=True) if value is not None
        )
        index_new(self.conn, ids[0], ids[-1])
        return ids

    def _lone_static_of(self, tasks: Sequence[NewTask]) -> list[float | None]:
        """The stored urgency of each of these new tasks, where it is one of
        :func:`lone_static` (no parent); None where the SQL is to compute it."""
        found: dict[tuple[str, tuple[str, ...], str | None], float | None] = {}
        result: list[float | None] = []
        coefficients = self.coefficients
        for task in tasks:
            if task.parent_id is not None:
                result.append(None)
                continue
            key = (task.priority._value_, task.tags, task.project)
            if key not in found:
                found[key] = lone_static(coefficients, *key)
            result.append(found[key])
        return result

    def update(self, task_id: int, changes: TaskChanges) -> None:
        from microtask.db.task_writes import change_values
        from microtask.domain.edits import KEEP

        self._waiting = None
        self._static_current.discard(task_id)
        update_row(self.conn, task_id, change_values(changes))
        if changes.tags is not KEEP:
            set_tags(self.conn, task_id, changes.tags)

    def update_many(self, ids: Sequence[int], changes: TaskChanges) -> None:
        """The same change to many tasks, in one statement (tags aside: use :meth:`update`)."""
        from microtask.db.task_writes import change_values
        from microtask.domain.edits import KEEP

        assert changes.tags is KEEP, "tags change task by task"
        self._static_current.difference_update(ids)
        values = change_values(changes)
        names = [c for c in columns.TASKS if c in values and c != "id"]
        if not ids or not names:
            return
        ids_sql, params = in_list(list(ids), "u", self.conn.dialect)
        self.conn.run(
            f"UPDATE tasks SET {', '.join(f'{c} = :{c}' for c in names)} WHERE id IN ({ids_sql})",
            {**params, **{c: values[c] for c in names}},
        )
        if "title" in names or "notes" in names:
            reindex(self.conn, ids)

    # -- dependencies (issue 13) ------------------------------------------------

    def set_after(self, task_id: int, after_ids: Sequence[int]) -> None:
        """What ``task_id`` waits on, replacing what it waited on before."""
        self._links = None
        self._static_current.discard(task_id)
        self.conn.run("DELETE FROM task_deps WHERE task_id = :id", {"id": task_id})
        if after_ids:
            self.conn.run_many(
                "INSERT INTO task_deps (task_id, after_id) VALUES (:task, :after)",
                [{"task": task_id, "after": after} for after in after_ids],
            )

    def dependents(self, ids: Sequence[int]) -> list[int]:
        """The tasks that come after any of these."""
        if not ids:
            return []
        names, params = in_list(list(ids), "dp", self.conn.dialect)
        rows = self.conn.all(
            f"SELECT DISTINCT task_id FROM task_deps WHERE after_id IN ({names})", params
        )
        return sorted(int(r[0]) for r in rows)

    def path_to(self, start_ids: Sequence[int], target: int) -> list[int] | None:
        """A chain of "comes after" links from one of ``start_ids`` to ``target`` (the
        ids on it, in order), or None: one query a level, never one a task."""
        came_from: dict[int, int | None] = dict.fromkeys(start_ids)
        frontier = list(dict.fromkeys(start_ids))
        while frontier:
            if target in frontier:
                path = [target]
                while came_from[path[-1]] is not None:
                    step = came_from[path[-1]]
                    assert step is not None
                    path.append(step)
                return list(reversed(path))
            names, params = in_list(frontier, "pt", self.conn.dialect)
            following: list[int] = []
            for task_id, after_id in self.conn.all(
                f"SELECT task_id, after_id FROM task_deps WHERE task_id IN ({names})", params
            ):
                if int(after_id) not in came_from:
                    came_from[int(after_id)] = int(task_id)
                    following.append(int(after_id))
            frontier = following
        return None

    def delete(self, ids: Sequence[int]) -> None:
        self._static_current.difference_update(ids)
        delete_rows(self.conn, ids)

    # -- the stored static part of urgency ----------------------------------------

    def refresh_static(self, ids: Iterable[int]) -> None:
        """Recompute the static urgency of these tasks, their parents and their subtasks:
        a write to one task can change its neighbours' blocking/blocked terms. Tasks
        :meth:`insert_many` stored with their urgency, and not written since, are current
        (a write to a neighbour refreshes them through that neighbour)."""
        wanted = sorted(set(ids) - self._static_current)
        if not wanted:
            return
        names, params = in_list(wanted, "r", self.conn.dialect)
        expression, static_params = static_sql(self.coefficients)
        self.conn.run(
            f"UPDATE tasks AS t SET urgency_static = {expression} WHERE t.id IN ({names})"
            f" OR t.parent_id IN ({names})"
            f" OR t.id IN (SELECT p.parent_id FROM tasks p WHERE p.id IN ({names}))"
            # the tasks that wait on them, and those they wait on (issue 13)
            f" OR t.id IN (SELECT rd.task_id FROM task_deps rd WHERE rd.after_id IN ({names}))"
            f" OR t.id IN (SELECT ra.after_id FROM task_deps ra WHERE ra.task_id IN ({names}))",
            {**params, **static_params},
        )

    def refresh_all_static(self, progress: Progress | None = None) -> None:
        """After the urgency settings changed (or an upgrade, or a generated store):
        recompute every task's static part once, in ranges of ids, telling ``progress``
        (done, total) after each: at 1,000,000 tasks it takes seconds."""
        expression, static_params = static_sql(self.coefficients)
        row = self.conn.one("SELECT min(id), max(id), count(*) FROM tasks")
        low, high, total = (int(v or 0) for v in row) if row else (0, 0, 0)
        done = 0
        for start in range(low, high + 1, REFRESH_CHUNK):
            done += self.conn.run(
                f"UPDATE tasks AS t SET urgency_static = {expression}"
                " WHERE t.id >= :chunk_start AND t.id < :chunk_end",
                {**static_params, "chunk_start": start, "chunk_end": start + REFRESH_CHUNK},
            )
            if progress is not None:
                progress(min(done, total), total)
        self.conn.run("DELETE FROM microtask_meta WHERE key = 'urgency_fingerprint'")
        self.conn.run(
            "INSERT INTO microtask_meta (key, value) VALUES ('urgency_fingerprint', :v)",
            {"v": fingerprint(self.coefficients)},
        )


def _task(
    row: Row,
    tags: dict[int, list[str]],
    children: dict[int, list[tuple[int, str]]],
    open_parents: set[int],
    focus: dict[int, float],
    series: dict[int, Series],
    after: dict[int, list[tuple[int, bool]]],
    holding: set[int],
) -> Task:
    # Read by position, not by name through a helper: this runs once per row of every
    # listing, and at 100,000 rows the lookups were a fifth of `list --json`.
    (
        task_id,
        title,
        status,
        priority,
        due,
        estimate,
        project,
        parent_id,
        position,
        notes,
        created,
        updated,
        done,
        uuid,
        extra,
    ) = _CORE_VALUES(row)
    series_id = row[_SERIES]
    kids = children.get(task_id)
    links = after.get(task_id, ())
    open_value = Status.OPEN.value
    at = datetime.fromtimestamp
    return Task(
        id=int(task_id),
        title=str(title),
        status=_STATUSES[status],
        priority=_PRIORITIES[priority],
        due=None if due is None else at(due, UTC),
        estimate_seconds=None if estimate is None else int(estimate),
        project=project,
        parent_id=None if parent_id is None else int(parent_id),
        position=int(position),
        notes=notes,
        created_at=_EPOCH if created is None else at(created, UTC),
        updated_at=_EPOCH if updated is None else at(updated, UTC),
        done_at=None if done is None else at(done, UTC),
        subtask_ids=() if kids is None else tuple(k for k, _ in kids),
        open_subtask_ids=() if kids is None else tuple(k for k, s in kids if s == open_value),
        parent_open=parent_id is not None and parent_id in open_parents,
        tags=tuple(tags.get(task_id, ())),
        urgency=float(row[_URGENCY]),
        criteria=_criteria(row),
        focus_seconds=focus.get(task_id, 0.0),
        uuid=uuid or "",
        extra=extra,
        series=None if series_id is None else series.get(int(series_id)),
        occurrence=maybe_moment(row[_OCCURRENCE]),
        skipped=int(row[_SKIPPED] or 0),
        wait=maybe_moment(row[_WAIT]),
        scheduled=maybe_moment(row[_SCHEDULED]),
        after_ids=tuple(a for a, _ in links),
        waiting_on=tuple(a for a, is_open in links if is_open),
        holds_up=task_id in holding,
    )
