"""Small pieces every repository shares: id lists as parameters, and times to and from
stored seconds since the epoch (UTC)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from microtask.db.engine import Conn

SHORT_LIST = 50
"""Lists up to this long are written out; longer ones go as one array (see in_list)."""


def in_list(
    values: Sequence[Any], prefix: str = "i", dialect: str = "sqlite"
) -> tuple[str, dict[str, Any]]:
    """What goes inside ``IN (...)`` for ``values``, and its parameters; an empty list
    matches nothing.

    On SQLite a long list travels as one JSON array, read back by ``json_each``: SQLite finds
    each *named* parameter by a linear search, so a list of n names costs n² (40,000 ids:
    5 s; as one array: milliseconds). A short list stays one named parameter a value, as it
    is everywhere else: the planner then sees the values and can range over an index (a
    status filter through ``json_each`` made `list --limit 25` 20 % slower). On PostgreSQL
    a long list is one array parameter, unnested (a statement takes at most 65,535).
    """
    if dialect == "sqlite" and len(values) > SHORT_LIST:
        import json

        return f"SELECT value FROM json_each(:{prefix})", {prefix: json.dumps(list(values))}
    if dialect == "postgresql" and len(values) > SHORT_LIST:
        # One array parameter: a statement takes at most 65,535 parameters there. Text is
        # sent untyped, and PostgreSQL cannot tell which unnest() an untyped array calls.
        if all(isinstance(v, str) for v in values):
            return f"SELECT unnest(CAST(:{prefix} AS TEXT[]))", {prefix: list(values)}
        return f"SELECT unnest(:{prefix})", {prefix: list(values)}
    names = [f":{prefix}{n}" for n in range(len(values))]
    return ", ".join(names) or "NULL", {f"{prefix}{n}": v for n, v in enumerate(values)}


def to_seconds(moment: datetime | None) -> int | None:
    """Whole seconds since the epoch, as the task, block and delegation columns keep them."""
    return None if moment is None else int(moment.timestamp())


def to_float_seconds(moment: datetime | None) -> float | None:
    """Seconds since the epoch, with their fraction, as session and activity columns keep
    them."""
    return None if moment is None else moment.timestamp()


def moment(value: Any) -> datetime:
    """A stored time (seconds since the epoch) as an aware datetime in UTC."""
    return datetime.fromtimestamp(float(value), UTC)


def maybe_moment(value: Any) -> datetime | None:
    return None if value is None else moment(value)


def flag(value: Any) -> bool | None:
    """A stored 0/1/NULL answer."""
    return None if value is None else bool(value)


def stored_flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def longest_session(conn: Conn) -> float:
    """The longest session ever recorded, and at least a day: how far before a span's
    start a session overlapping it may have started (kept in microtask_meta as sessions
    are recorded, so no query has to look for it)."""
    row = conn.one("SELECT value FROM microtask_meta WHERE key = 'longest_session'")
    return max(float(row[0]) if row else 0.0, 86_400.0)
