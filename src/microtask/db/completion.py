"""What shell completion offers from the store (issue 14): a read-only look at a SQLite
file, never an upgrade, a migration or a write (it runs on every TAB). A store that is not
there, not a SQLite file, or not readable offers nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

from microtask.domain.urgency import UrgencyCoefficients

SHOWN = 50
"""The most choices offered at once: a shell lists them all."""


@contextmanager
def read_only(location: str) -> Iterator[sqlite3.Connection | None]:
    """The store at ``location`` opened read-only (None: nothing to read)."""
    if location.startswith("sqlite:///"):
        location = location.removeprefix("sqlite:///")
    elif "://" in location:
        yield None  # a server store: no TAB waits on a network
        return
    if not Path(location).is_file():
        yield None
        return
    try:
        conn = sqlite3.connect(f"file:{quote(location)}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        yield None
        return
    with closing(conn):
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        yield conn


def tasks(
    conn: sqlite3.Connection, prefix: str, coefficients: UrgencyCoefficients, now_ts: int
) -> list[tuple[int, str]]:
    """Open tasks as (id, title), most urgent first; with a prefix, ids that start with it
    (ranked by their stored static urgency)."""
    if not prefix:
        return _most_urgent(conn, coefficients, now_ts)
    rows = conn.execute(
        "SELECT id, title FROM tasks WHERE status = 'open' AND CAST(id AS TEXT) LIKE :p"
        " ORDER BY urgency_static DESC, id LIMIT :n",
        {"p": prefix.replace("%", "").replace("_", "") + "%", "n": SHOWN},
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def provider_of_user(conn: sqlite3.Connection, user: str) -> int | None:
    """The provider whose store user this is (issue 16); None: the founder (or a store
    from before users)."""
    try:
        row = conn.execute("SELECT id FROM providers WHERE user_name = ?", (user,)).fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else int(row[0])


def delegated_tasks(
    conn: sqlite3.Connection, provider_id: int, prefix: str
) -> list[tuple[int, str]]:
    """An assistant's tasks (delegated to them, not back yet) and their steps, as (id,
    title), oldest hand-off first; with a prefix, ids that start with it."""
    rows = conn.execute(
        "WITH RECURSIVE mine (id) AS ("
        " SELECT d.task_id FROM delegations d WHERE d.provider_id = :provider"
        " AND d.returned_ts IS NULL"
        " UNION SELECT c.id FROM tasks c JOIN mine ON c.parent_id = mine.id)"
        " SELECT t.id, t.title FROM tasks t JOIN mine ON mine.id = t.id"
        " WHERE t.status IN ('delegated', 'open') AND CAST(t.id AS TEXT) LIKE :p"
        " ORDER BY t.id LIMIT :n",
        {"provider": provider_id, "p": prefix.replace("%", "").replace("_", "") + "%", "n": SHOWN},
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def _most_urgent(
    conn: sqlite3.Connection, coefficients: UrgencyCoefficients, now_ts: int
) -> list[tuple[int, str]]:
    """The :data:`SHOWN` most urgent open tasks, as ``list`` ranks them (the same SQL
    formula and the same bound on the stored static part as ``TaskRepo.find``), read as
    (id, title) alone: a TAB loads no task objects."""
    from microtask.db.urgency_sql import dynamic_bounds, urgency_sql
    from microtask.domain.urgency import DAY

    expression, params = urgency_sql(coefficients, now_ts)
    params["n"] = SHOWN
    best = conn.execute(
        f"SELECT {expression} FROM tasks t WHERE t.status = 'open'"
        " ORDER BY t.urgency_static DESC LIMIT :n",
        params,
    ).fetchall()
    bound = ""
    if len(best) == SHOWN:
        nth = min(float(r[0]) for r in best) - 0.02  # 0.02: room for rounding
        c = coefficients
        params["least"] = nth - dynamic_bounds(c)[1]
        # A task with no due date, or due further off than the due ramp, gains at most a
        # fifth of the due term and the age term: a much shorter range to score.
        params["least_far"] = nth - max(0.0, 0.2 * c.due) - max(0.0, c.age)
        params["soon"] = now_ts + c.due_ramp_days * DAY
        bound = (
            " AND t.urgency_static >= :least"
            " AND (t.due_ts < :soon OR t.urgency_static >= :least_far)"
        )
    rows = conn.execute(
        f"SELECT t.id, t.title FROM tasks t WHERE t.status = 'open'{bound}"
        f" ORDER BY {expression} DESC, CASE WHEN t.due_ts IS NULL THEN 1 ELSE 0 END,"
        " t.due_ts, t.id LIMIT :n",
        params,
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def _distinct(conn: sqlite3.Connection, table: str, column: str, prefix: str) -> list[str]:
    """Distinct values from an indexed column, one index seek each (not a scan of every
    row: 100,000 tasks carry a few dozen tags)."""
    rows = conn.execute(
        f"WITH RECURSIVE found(value, n) AS ("
        f" SELECT min({column}), 1 FROM {table} WHERE {column} >= :p"
        f" UNION ALL SELECT (SELECT min({column}) FROM {table} WHERE {column} > found.value),"
        f" n + 1 FROM found WHERE found.value IS NOT NULL AND n < :n"
        f") SELECT value FROM found WHERE value IS NOT NULL",
        {"p": prefix, "n": SHOWN * 4},
    ).fetchall()
    values = [str(r[0]) for r in rows]
    return [v for v in values if v.startswith(prefix)][:SHOWN]


def tags(conn: sqlite3.Connection, prefix: str) -> list[str]:
    return _distinct(conn, "task_tags", "tag", prefix)


def projects(conn: sqlite3.Connection, prefix: str) -> list[str]:
    return _distinct(conn, "tasks", "project", prefix)


def providers(conn: sqlite3.Connection, prefix: str) -> list[str]:
    rows = conn.execute("SELECT name FROM providers ORDER BY name").fetchall()
    return [str(r[0]) for r in rows if str(r[0]).startswith(prefix)][:SHOWN]


def views(conn: sqlite3.Connection, prefix: str) -> list[str]:
    try:
        rows = conn.execute("SELECT name FROM saved_views ORDER BY name").fetchall()
    except sqlite3.OperationalError:  # a store from before saved views
        return []
    return [str(r[0]) for r in rows if str(r[0]).startswith(prefix)][:SHOWN]
