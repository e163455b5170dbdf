"""Finding tasks by the words in their title and notes (``list --search``).

On SQLite with FTS5 the ``task_search`` trigram index (migration 7) answers: every word
of three characters or more is a substring query on it; shorter words, and stores with no
index (PostgreSQL, a SQLite built without FTS5), fall back to a LIKE scan with ``%`` and
``_`` taken literally. Every write to a title or a note goes through :func:`reindex` in
the same transaction (triggers cannot do it: a store is opened with
``trusted_schema=OFF``, under which SQLite refuses FTS5 inside triggers).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from microtask.db.engine import Conn
from microtask.db.sql import in_list

INDEX = "task_search"
TRIGRAM = 3
"""A trigram index finds substrings of at least this many characters."""
_HAS_INDEX: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def has_index(conn: Conn | None) -> bool:
    """Whether this store keeps the search index (asked once per connection)."""
    if conn is None or conn.dialect != "sqlite":
        return False
    known = _HAS_INDEX.get(conn)
    if known is None:
        row = conn.one(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :n", {"n": INDEX}
        )
        known = _HAS_INDEX[conn] = bool(row and row[0])
    return known


def reindex(conn: Conn, ids: Sequence[int]) -> None:
    """Bring the index in step with these tasks as they are now (deleted ones leave it)."""
    if not ids or not has_index(conn):
        return
    names, params = in_list(list(ids), "s", conn.dialect)
    conn.run(f"DELETE FROM {INDEX} WHERE rowid IN ({names})", params)
    conn.run(
        f"INSERT INTO {INDEX} (rowid, title, notes)"
        f" SELECT id, title, notes FROM tasks WHERE id IN ({names})",
        params,
    )


def index_new(conn: Conn, first: int, last: int) -> None:
    """Index the tasks of ids ``first`` to ``last``, all of them just inserted (a range, not
    a list: an import's 100,000 ids as one JSON array cost more than the range)."""
    if not has_index(conn):
        return
    conn.run(
        f"INSERT INTO {INDEX} (rowid, title, notes)"
        " SELECT id, title, notes FROM tasks WHERE id >= :first AND id <= :last",
        {"first": first, "last": last},
    )


def rebuild(conn: Conn) -> None:
    """The whole index from the tasks table (after a bulk load that bypassed the repos)."""
    if not has_index(conn):
        return
    conn.run(f"DELETE FROM {INDEX}")
    conn.run(f"INSERT INTO {INDEX} (rowid, title, notes) SELECT id, title, notes FROM tasks")


def _like_pattern(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def search_clause(conn: Conn | None, words: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """A WHERE condition on ``tasks t``: every word is in the title or the notes, any case."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    indexed = [w for w in words if len(w) >= TRIGRAM] if has_index(conn) else []
    if indexed:
        clauses.append(f"t.id IN (SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH :f_search)")
        params["f_search"] = " AND ".join(_phrase(w) for w in indexed)
    for number, word in enumerate(w for w in words if w not in indexed):
        name = f"f_word{number}"
        clauses.append(
            f"(lower(t.title) LIKE :{name} ESCAPE '\\'"
            f" OR lower(coalesce(t.notes, '')) LIKE :{name} ESCAPE '\\')"
        )
        params[name] = _like_pattern(word)
    return " AND ".join(clauses), params
