"""The JSON object of a task (``exporters.task_json.task_object``, encoded compactly as
``list --json`` writes it to a pipe), built by SQLite rather than through a ``Task``.

Streaming every open task of a large store spends most of its time making ``Task`` objects
and then dictionaries of them, about 40 µs a task in Python. Here SQLite writes the text
of each object around two numbers, and Python only puts in those, which must print as
Python prints a float (urgency, hours a week: SQLite's text of a float is not Python's).
Minutes are SQLite's to write: rounding to hundredths is integer work once a tie is left
out.

The text is the same, byte for byte, as ``task_object`` encoded by ``json.dumps`` (its
default separators, ``ensure_ascii=False``): ``tests/db/test_task_json.py`` holds them
equal on hostile text, every field and many time zones. Where SQLite cannot give the same
text, the row says so and the caller builds that task the Python way:

- an instance of a series (``next_due`` needs the recurrence rules);
- a time outside 1970-2037 (the local offset is worked out over those years only, with
  the C library's ``localtime``, which SQLite's ``'localtime'`` also calls) or not a whole
  second, and a task with no creation or change time;
- a duration (estimate, focus total) that is negative, of 10^12 seconds or more, or whose
  minutes are a tie between two hundredths, as 7.5 s (see :func:`minutes_exact`);
- any store but SQLite (the functions are SQLite's).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from microtask.db.engine import Conn
from microtask.domain.model import Priority, Status

if TYPE_CHECKING:
    from microtask.db.helper import TextHelper

LOCAL_FROM = 86_400
LOCAL_UNTIL = 2_145_830_400
"""The range of times (1970-01-02 .. 2037-12-31 UTC) whose local text SQLite gives right."""

_TIMES = ("due_ts", "created_ts", "updated_ts", "done_ts", "wait_ts", "scheduled_ts")
_STATUSES = tuple(status.value for status in Status)
_PRIORITIES = tuple(p.value for p in sorted(Priority, key=lambda p: p is not Priority.MEDIUM))
"""Most tasks' first: the words are tried in turn (another value is quoted as it is)."""


MINUTES_BELOW = 10**12
"""Durations SQLite writes as minutes: from 0 to below this many seconds."""


def _hundredths(value: str) -> str:
    return f"({value} / 60.0 * 100)"


def minutes_exact(value: str) -> str:
    """True where :func:`minutes_sql` of ``value`` (seconds, not NULL) is Python's text:
    within 0 .. :data:`MINUTES_BELOW`, and not a tie. Python rounds ``seconds / 60`` (the
    same division in both) to hundredths exactly; SQLite's product by 100 is off by at most
    half a unit in the last place, ``1.2e-16`` of it: a fraction further than ``1e-15`` of
    it from a half rounds alike both ways (a real tie, as 7.5 s, is left to Python)."""
    y = _hundredths(value)
    return (
        f"{value} >= 0 AND {value} < {MINUTES_BELOW}"
        f" AND abs({y} - CAST({y} AS INTEGER) - 0.5) > {y} * 1e-15"
    )


def minutes_sql(value: str) -> str:
    """``format.json_minutes`` of ``value`` (seconds) as JSON text, where
    :func:`minutes_exact` holds: a whole number of minutes at once; else the nearest
    hundredth ``n``, then ``n / 100`` as an integer when whole, else with its one or two
    decimals (Python's shortest ``repr`` of a number of at most 13 digits); ``null`` for
    NULL."""
    y = _hundredths(value)
    n = f"(CAST({y} AS INTEGER) + ({y} - CAST({y} AS INTEGER) > 0.5))"
    return (
        f"CASE WHEN {value} IS NULL THEN 'null'"
        f" WHEN {value} % 60 = 0 AND {value} = CAST({value} AS INTEGER)"
        f" THEN CAST({value} AS INTEGER) / 60"
        f" WHEN {n} % 100 = 0 THEN {n} / 100"
        f" WHEN {n} % 10 = 0 THEN printf('%d.%d', {n} / 100, {n} % 100 / 10)"
        f" ELSE printf('%d.%02d', {n} / 100, {n} % 100) END"
    )


def _python_only() -> str:
    """True for a row to build the Python way: a series instance, a time outside the range
    or not a whole second (their sum is then no integer), no creation or change time, an
    estimate SQLite cannot write. One min, max and typeof over the six times instead of six
    range tests: a twentieth of the query."""
    times = [f"t.{c}" for c in _TIMES]
    known = ", ".join(f"coalesce({c}, {LOCAL_FROM})" for c in times)
    return (
        "t.series_id IS NOT NULL OR t.created_ts IS NULL OR t.updated_ts IS NULL"
        f" OR min({known}) < {LOCAL_FROM} OR max({known}) > {LOCAL_UNTIL}"
        f" OR typeof({' + '.join(f'coalesce({c}, 0)' for c in times)}) <> 'integer'"
        f" OR (t.estimate_seconds IS NOT NULL AND NOT ({minutes_exact('t.estimate_seconds')}))"
    )


_PYTHON_ONLY = _python_only()
_SPAN = (
    f"SELECT min(min({', '.join(f'coalesce(t.{c}, {LOCAL_UNTIL})' for c in _TIMES)})),"
    f" max(max({', '.join(f'coalesce(t.{c}, {LOCAL_FROM})' for c in _TIMES)})) FROM tasks t"
)
"""The first and the last of some tasks' times (a ``WHERE`` follows)."""


STEP = 6 * 86_400
"""How far apart ``localtime`` is looked at: no zone's offset changes twice within a week
from 1970 to 2037 (the shortest, America/Noronha's 2000 summer time, lasted 6.96 days)."""


def _offset_at(ts: int) -> int:
    import time

    return time.localtime(ts).tm_gmtoff


def _scan(first: int, last: int) -> list[tuple[int, int]]:
    """The local offset's stretches ``(from, offset)`` over ``first..last``, the first from
    ``first``: a look every :data:`STEP`, and the second of each change found by bisection.
    ``localtime`` is the C library's, the one SQLite's ``'localtime'`` calls."""
    found = [(first, _offset_at(first))]
    at = first
    while at < last:
        step = min(at + STEP, last)
        if _offset_at(step) != found[-1][1]:
            same, other = at, step  # `same` has the offset before, `other` a new one
            while other - same > 1:
                middle = (same + other) // 2
                if _offset_at(middle) == found[-1][1]:
                    same = middle
                else:
                    other = middle
            found.append((other, _offset_at(other)))
        at = step
    return found


class LocalOffsets:
    """The local zone's offsets from UTC as stretches ``(from, offset)``, sorted by ``from``,
    found by :func:`_scan` and kept while the process's zone (``TZ``) stays the same; a span
    asked for beyond what is known extends it."""

    def __init__(self) -> None:
        self._zone: str | None = None
        self._stretches: list[tuple[int, int]] = []
        self._last = 0
        self.written = 0
        """Tasks whose text was asked for (see :data:`WHOLE_RANGE_FROM`)."""

    def covering(self, first: int, last: int) -> list[tuple[int, int]]:
        """The stretches from the one holding second ``first`` to the one holding ``last``."""
        import bisect
        import os

        zone = os.environ.get("TZ")
        if zone != self._zone or not self._stretches:
            self._zone, self._stretches, self._last = zone, _scan(first, last), last
        if first < self._stretches[0][0]:  # that scan ends in the first stretch known
            self._stretches[:1] = _scan(first, self._stretches[0][0])
        if last > self._last:  # and this one starts in the last stretch known
            self._stretches.extend(_scan(self._last, last)[1:])
            self._last = last
        starts = [start for start, _ in self._stretches]
        lo = bisect.bisect_right(starts, first) - 1
        return self._stretches[lo : bisect.bisect_right(starts, last)]


LOCAL_OFFSETS = LocalOffsets()
WHOLE_RANGE_FROM = 5_000
"""Tasks written by a process from which every stretch of LOCAL_FROM .. LOCAL_UNTIL goes
into the statement (a few milliseconds to find, once; then one statement for every chunk
of a long stream). Before, each chunk asks its own times' first and last, and needs only
the stretches between (a small statement, nothing found twice)."""


def _suffix(offset: int) -> str:
    """The offset as ``datetime.isoformat`` writes it: ``+01:00``, ``-03:30``, ``+00:44:30``."""
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _iso(column: str, stretches: Sequence[tuple[int, int]]) -> str:
    """ISO 8601 in the local offset, to the second, quoted; ``null`` for NULL (as
    ``exporters.task_json.iso``, within LOCAL_FROM..LOCAL_UNTIL and the ``stretches``, which
    cover the column's values). The offset is chosen by comparisons on the time (a tree
    over the stretches), then one ``strftime`` writes the text: SQLite's own ``'localtime'``
    with the offset worked out from its text cost three times as much."""

    def within(part: Sequence[tuple[int, int]]) -> str:
        if len(part) == 1:
            offset = part[0][1]
            shifted = f"{column} + {offset}" if offset else column
            return f"strftime('\"%Y-%m-%dT%H:%M:%S{_suffix(offset)}\"', {shifted}, 'unixepoch')"
        middle = len(part) // 2
        return (
            f"CASE WHEN {column} < {part[middle][0]} THEN {within(part[:middle])}"
            f" ELSE {within(part[middle:])} END"
        )

    return f"CASE WHEN {column} IS NULL THEN 'null' ELSE {within(stretches)} END"


def _word(column: str, words: Sequence[str]) -> str:
    """``json_quote(column)`` for a column that holds one of a few plain ``words`` (letters
    only: a status, a priority): each word's text is there already, ``json_quote`` only
    for anything else (a twentieth of the query, with :func:`_whole`)."""
    known = " ".join(f"WHEN '{word}' THEN '\"{word}\"'" for word in words)
    return f"CASE {column} {known} ELSE json_quote({column}) END"


def _quoted(column: str, null: str = "null") -> str:
    """``json_quote(column)``, with no call for NULL: ``null`` (JSON text; another text given
    there also stands for an empty one, as ``""`` for a uuid). Most tasks leave most of
    these columns empty: a tenth of the query in all."""
    empty = f"{column} IS NULL" if null == "null" else f"{column} IS NULL OR {column} = ''"
    return f"CASE WHEN {empty} THEN '{null}' ELSE json_quote({column}) END"


def _whole(column: str) -> str:
    """``json_quote(column)`` for a column that holds NULL or an integer (an id)."""
    return (
        f"CASE WHEN {column} IS NULL THEN 'null' WHEN {column} = CAST({column} AS INTEGER)"
        f" THEN {column} ELSE json_quote({column}) END"
    )


def _flag(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN 'null' WHEN {column} THEN 'true' ELSE 'false' END"


def _listed(select: str) -> str:
    """The comma-separated items ``select`` concatenates; empty when it finds none."""
    return f"coalesce(({select}), '')"


def _text(*parts: str) -> str:
    """One ``printf`` of JSON text between SQL values: ``parts`` alternate text, a value,
    text, ... (values are never NULL). One call writes the whole text once, where a chain
    of ``||`` copies it again at every step: a tenth of ``list --json``'s query."""
    template = "".join(
        part.replace("'", "''").replace("%", "%%") if n % 2 == 0 else "%s"
        for n, part in enumerate(parts)
    )
    return ", ".join((f"printf('{template}'", *parts[1::2])) + ")"


def _select(urgency: str, links: bool, stretches: Sequence[tuple[int, int]]) -> str:
    """Per task of the JSON array ``:json_ids``: its place there, built the Python way?,
    then text, urgency, text, hours a week, text (see :func:`json_texts`). The middle text
    is NULL where SQLite cannot write the focus total's minutes."""
    tags = _listed(  # the key's index gives the tags in order: no sort per task
        "SELECT group_concat(json_quote(tag), ', ') FROM task_tags WHERE task_id = t.id"
    )
    steps = _listed(  # the index on (parent_id, position) holds them by position, then id
        "SELECT group_concat(id, ', ') FROM tasks WHERE parent_id = t.id"
    )
    after = (
        _listed("SELECT group_concat(after_id, ', ') FROM task_deps WHERE task_id = t.id")
        if links  # in order as well: the key is (task_id, after_id)
        else "''"
    )
    head = _text(
        '{"id": ', "t.id",
        ', "title": ', "json_quote(t.title)",
        ', "status": ', _word("t.status", _STATUSES),
        ', "priority": ', _word("t.priority", _PRIORITIES),
        ', "due": ', _iso("t.due_ts", stretches),
        ', "estimate_minutes": ', minutes_sql("t.estimate_seconds"),
        ', "tags": [', tags,
        '], "project": ', _quoted("t.project"),
        ', "parent_id": ', _whole("t.parent_id"),
        ', "subtask_ids": [', steps,
        '], "notes": ', _quoted("t.notes"),
        ', "created_at": ', _iso("t.created_ts", stretches),
        ', "updated_at": ', _iso("t.updated_ts", stretches),
        ', "done_at": ', _iso("t.done_ts", stretches),
        ', "urgency": ',
    )  # fmt: skip
    total = "sum(focus_seconds)"
    focus = (  # NULL where SQLite cannot write it, and then the whole middle is NULL
        f"(SELECT CASE WHEN {total} IS NULL THEN '0'"  # no session: most tasks, at once
        f" WHEN {minutes_exact(total)} THEN {minutes_sql(total)} END"
        " FROM sessions WHERE task_id = t.id)"
    )
    criteria = _text(
        ', "criteria": {"repetitive": ', _flag("t.repetitive"),
        ', "time_sensitive": ', _flag("t.time_sensitive"),
        ', "critical": ', _flag("t.critical"),
        ', "directions": ', _quoted("t.directions"),
        ', "know_how": ', _flag("t.know_how"),
        ', "hours_per_week": ',
    )  # fmt: skip
    tail = _text(
        ', "category": ', _quoted("t.category"),
        '}, "uuid": ', _quoted("t.uuid", '""'),
        ', "series": null, "after": [', after,
        '], "wait": ', _iso("t.wait_ts", stretches),
        ', "scheduled": ', _iso("t.scheduled_ts", stretches),
        "}",
    )  # fmt: skip
    return (
        f"SELECT c.key, CASE WHEN {_PYTHON_ONLY} THEN 1 ELSE 0 END, {head}, {urgency},"
        f" ', \"focus_minutes\": ' || {focus} || {criteria}, t.hours_per_week, {tail}"
        " FROM json_each(:json_ids) AS c JOIN tasks t ON t.id = c.value"
    )


_STATEMENTS: dict[tuple[str, bool, tuple[tuple[int, int], ...]], str] = {}


def _statement(urgency: str, links: bool, stretches: Sequence[tuple[int, int]]) -> str:
    """:func:`_select`, made once for each set of stretches (every chunk of a stream asks)."""
    key = (urgency, links, tuple(stretches))
    if key not in _STATEMENTS:
        if len(_STATEMENTS) > 16:
            _STATEMENTS.clear()
        _STATEMENTS[key] = _select(urgency, links, stretches)
    return _STATEMENTS[key]


def _stretches_for(conn: Conn, ids: Sequence[int]) -> list[tuple[int, int]]:
    """The stretches of the local offset the text of tasks ``ids`` needs."""
    LOCAL_OFFSETS.written += len(ids)
    if LOCAL_OFFSETS.written > WHOLE_RANGE_FROM:
        return LOCAL_OFFSETS.covering(LOCAL_FROM, LOCAL_UNTIL)
    from microtask.db.sql import in_list

    names, params = in_list(list(ids), "j", conn.dialect)
    row = conn.one(f"{_SPAN} WHERE t.id IN ({names})", params)
    first = LOCAL_FROM if row is None or row[0] is None else int(row[0])
    last = LOCAL_FROM if row is None or row[1] is None else int(row[1])
    first = min(max(first, LOCAL_FROM), LOCAL_UNTIL)  # times beyond are Python's to write
    return LOCAL_OFFSETS.covering(first, min(max(last, first), LOCAL_UNTIL))


def json_texts(
    conn: Conn,
    ids: Sequence[int],
    urgency: tuple[str, dict[str, Any]],
    links: bool,
    urgencies: Sequence[float] | None = None,
) -> list[str | None]:
    """The JSON text of each task of ``ids``, in that order; None for a task to build the
    Python way (see the module's docstring), and for an id that is not there.

    ``urgency``: the urgency expression over ``t`` and its parameters; ``links``: whether
    any task comes after another (else every ``after`` is empty, unread); ``urgencies``:
    each task's urgency already read by that expression in this snapshot (the ranking
    read it), then not worked out again (a twentieth of the query)."""
    if not ids:
        return []
    import json

    expression, params = ("0", {}) if urgencies is not None else urgency
    stretches = _stretches_for(conn, ids)
    rows = conn.all(
        _statement(expression, links, stretches), {**params, "json_ids": json.dumps(list(ids))}
    )
    texts: list[str | None] = [None] * len(ids)
    for key, python_only, head, urgency_value, middle, hours, tail in rows:
        if python_only or middle is None:
            continue
        if urgencies is not None:
            urgency_value = urgencies[key]
        texts[key] = (
            f"{head}{float(urgency_value)!r}{middle}"
            f"{'null' if hours is None else repr(float(hours))}{tail}"
        )
    return texts


Part = tuple[Sequence[int], Sequence[float] | None]
"""Ids of tasks, and their urgencies as read (or None: worked out again)."""


def texts_of(
    conn: Conn, parts: Sequence[Part], urgency: tuple[str, dict[str, Any]], links: bool
) -> Iterator[list[str | None]]:
    """:func:`json_texts` of each part in turn. Where the read has a helper (``db.helper``),
    it writes every other part while this process writes the one before."""
    helper: TextHelper | None = getattr(conn, "helper", None)
    for at in range(0, len(parts), 2):
        (ids, urgencies), *rest = parts[at : at + 2]
        asked = bool(rest) and helper is not None and helper.ask(*rest[0], urgency, links)
        yield json_texts(conn, ids, urgency, links, urgencies)  # the helper writes meanwhile
        if rest:
            answer = helper.answer(len(rest[0][0])) if asked and helper is not None else None
            if answer is None:  # no helper, or it is gone: this process writes that part
                answer = json_texts(conn, rest[0][0], urgency, links, rest[0][1])
            yield answer
