"""The JSON object of a task (``exporters.task_json.task_object``, encoded compactly as
``list --json`` writes it to a pipe), built by SQLite rather than through a ``Task``.

Streaming every open task of a large store spends most of its time making ``Task`` objects
and then dictionaries of them, about 40 µs a task in Python. Here SQLite writes the text
of each object around its numbers, and Python only puts in the numbers that must print as
Python prints them (urgency, minutes, hours: SQLite's text of a float is not Python's).

The text is the same, byte for byte, as ``task_object`` encoded by ``json.dumps`` (its
default separators, ``ensure_ascii=False``): ``tests/db/test_task_json.py`` holds them
equal on hostile text, every field and many time zones. Where SQLite cannot give the same
text, the row says so and the caller builds that task the Python way:

- an instance of a series (``next_due`` needs the recurrence rules);
- a time outside 1970-2037 (SQLite's ``localtime`` maps other years onto that range) or
  not a whole second, and a task with no creation or change time;
- any store but SQLite (the functions are SQLite's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microtask.db.engine import Conn

LOCAL_FROM = 86_400
LOCAL_UNTIL = 2_145_830_400
"""The range of times (1970-01-02 .. 2037-12-31 UTC) whose local text SQLite gives right."""

_TIMES = ("due_ts", "created_ts", "updated_ts", "done_ts", "wait_ts", "scheduled_ts")


def _python_only() -> str:
    """True for a row to build the Python way: a series instance, a time outside the range
    or not a whole second (their sum is then no integer), no creation or change time. One
    min, max and typeof over the six times instead of six range tests: 15 % of the query."""
    times = [f"t.{c}" for c in _TIMES]
    known = ", ".join(f"coalesce({c}, {LOCAL_FROM})" for c in times)
    return (
        "t.series_id IS NOT NULL OR t.created_ts IS NULL OR t.updated_ts IS NULL"
        f" OR min({known}) < {LOCAL_FROM} OR max({known}) > {LOCAL_UNTIL}"
        f" OR typeof({' + '.join(f'coalesce({c}, 0)' for c in times)}) <> 'integer'"
    )


_PYTHON_ONLY = _python_only()


def _iso(column: str) -> str:
    """ISO 8601 in the local offset, to the second, quoted; ``null`` for NULL (as
    ``exporters.task_json.iso``, within LOCAL_FROM..LOCAL_UNTIL). The local time and the
    offset are worked out once, in a subquery that LIMIT keeps SQLite from flattening
    (flattened, each use of the offset would convert the time again: 40 % slower)."""
    return (
        f"CASE WHEN {column} IS NULL THEN 'null' ELSE (SELECT '\"' || replace(l, ' ', 'T')"
        " || CASE WHEN o < 0 THEN '-' ELSE '+' END"
        " || printf('%02d:%02d', abs(o) / 3600, abs(o) % 3600 / 60)"
        " || CASE WHEN o % 60 <> 0 THEN printf(':%02d', abs(o) % 60) ELSE '' END || '\"'"
        f" FROM (SELECT l, unixepoch(l) - {column} AS o FROM"
        f" (SELECT datetime({column}, 'unixepoch', 'localtime') AS l LIMIT 1) LIMIT 1)) END"
    )


def _flag(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN 'null' WHEN {column} THEN 'true' ELSE 'false' END"


def _ids(select: str) -> str:
    return f"'[' || coalesce(({select}), '') || ']'"


def _select(urgency: str, links: bool) -> str:
    """Per task: id, built the Python way?, then text and numbers in turn (see json_texts)."""
    tags = _ids(
        "SELECT group_concat(json_quote(tag), ', ') FROM"
        " (SELECT tag FROM task_tags WHERE task_id = t.id ORDER BY tag)"
    )
    steps = _ids(
        "SELECT group_concat(id, ', ') FROM"
        " (SELECT id FROM tasks WHERE parent_id = t.id ORDER BY position, id)"
    )
    after = (
        _ids(
            "SELECT group_concat(after_id, ', ') FROM"
            " (SELECT after_id FROM task_deps WHERE task_id = t.id ORDER BY after_id)"
        )
        if links
        else "'[]'"
    )
    head = (
        "'{\"id\": ' || t.id || ', \"title\": ' || json_quote(t.title)"
        " || ', \"status\": ' || json_quote(t.status)"
        " || ', \"priority\": ' || json_quote(t.priority)"
        f" || ', \"due\": ' || {_iso('t.due_ts')} || ', \"estimate_minutes\": '"
    )
    middle = (
        f"', \"tags\": ' || {tags} || ', \"project\": ' || json_quote(t.project)"
        " || ', \"parent_id\": ' || json_quote(t.parent_id)"
        f" || ', \"subtask_ids\": ' || {steps} || ', \"notes\": ' || json_quote(t.notes)"
        f" || ', \"created_at\": ' || {_iso('t.created_ts')}"
        f" || ', \"updated_at\": ' || {_iso('t.updated_ts')}"
        f" || ', \"done_at\": ' || {_iso('t.done_ts')} || ', \"urgency\": '"
    )
    criteria = (
        f'\', "criteria": {{"repetitive": \' || {_flag("t.repetitive")}'
        f" || ', \"time_sensitive\": ' || {_flag('t.time_sensitive')}"
        f" || ', \"critical\": ' || {_flag('t.critical')}"
        " || ', \"directions\": ' || json_quote(t.directions)"
        f" || ', \"know_how\": ' || {_flag('t.know_how')} || ', \"hours_per_week\": '"
    )
    tail = (
        "', \"category\": ' || json_quote(t.category) || '}, \"uuid\": '"
        " || json_quote(coalesce(t.uuid, '')) || ', \"series\": null, \"after\": '"
        f" || {after} || ', \"wait\": ' || {_iso('t.wait_ts')}"
        f" || ', \"scheduled\": ' || {_iso('t.scheduled_ts')} || '}}'"
    )
    focus = "(SELECT sum(focus_seconds) FROM sessions WHERE task_id = t.id)"
    return (
        f"SELECT t.id, CASE WHEN {_PYTHON_ONLY} THEN 1 ELSE 0 END, {head}, t.estimate_seconds,"
        f" {middle}, {urgency}, {criteria}, t.hours_per_week, {tail}, {focus} FROM tasks t"
    )


def _minutes(seconds: Any) -> str:
    """``format.json_minutes`` as JSON text; the few values a store holds (no focus yet,
    the usual estimates) are worked out once each (rounding was a tenth of ``list --json``)."""
    text = _MINUTES.get(seconds)
    if text is None:
        if seconds is None:
            return "null"
        rounded = round(seconds / 60, 2)
        text = str(int(rounded)) if rounded.is_integer() else repr(rounded)
        if len(_MINUTES) < _MINUTES_KEPT:
            _MINUTES[seconds] = text
    return text


_MINUTES: dict[Any, str] = {}
_MINUTES_KEPT = 4096
"""Texts of durations kept (a store of many distinct focus totals stops adding at this)."""


def json_texts(
    conn: Conn, ids: Sequence[int], urgency: tuple[str, dict[str, Any]], links: bool
) -> list[str | None]:
    """The JSON text of each task of ``ids``, in that order; None for a task to build the
    Python way (see the module's docstring), and for an id that is not there.

    ``urgency``: the urgency expression over ``t`` and its parameters; ``links``: whether
    any task comes after another (else every ``after`` is empty, unread)."""
    if not ids:
        return []
    from microtask.db.sql import in_list

    expression, params = urgency
    names, id_params = in_list(list(ids), "j", conn.dialect)
    rows = conn.all(
        f"{_select(expression, links)} WHERE t.id IN ({names})", {**params, **id_params}
    )
    texts: dict[int, str] = {}
    for task_id, python_only, head, estimate, middle, urgency_value, *rest in rows:
        if python_only:
            continue
        criteria, hours, tail, focus = rest
        texts[task_id] = (
            f'{head}{_minutes(estimate)}{middle}{float(urgency_value)!r}, "focus_minutes": '
            f"{_minutes(float(focus or 0.0))}{criteria}"
            f"{'null' if hours is None else repr(float(hours))}{tail}"
        )
    return [texts.get(i) for i in ids]
