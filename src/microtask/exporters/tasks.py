"""``export tasks``: the task list as JSON, CSV, todo.txt or Taskwarrior's import JSON.

Each format writes back what an import from it kept (see :mod:`microtask.importers`), so
a task that came from Taskwarrior goes back with its ``wait``, ``depends`` and UDAs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from microtask.domain.model import Priority, Status, Task
from microtask.exporters.outsource import _quoted, neutralise
from microtask.exporters.task_json import iso
from microtask.format import json_minutes


def _kept(task: Task, source: str) -> dict[str, Any]:
    if not task.extra:
        return {}
    try:
        found = json.loads(task.extra).get(source, {})
    except (ValueError, AttributeError):
        return {}
    return found if isinstance(found, dict) else {}


# -- JSON ---------------------------------------------------------------------------------


def to_json(tasks: Sequence[Task]) -> str:
    """The ``list --json`` objects, one a line in an array."""
    return "".join(json_pieces([tasks]))


def json_pieces(chunks: Iterable[Sequence[str | Task]]) -> Iterator[str]:
    """:func:`to_json` made as the tasks are read, a piece each list of them (a task may
    come as its JSON text already: ``TaskStream.json_chunks``)."""
    from microtask.exporters.task_json import framed_chunks, task_chunks

    return framed_chunks(task_chunks(chunks))


# -- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "uuid", "title", "status", "priority", "due", "estimate_minutes", "tags", "project",
    "parent_id", "notes", "created_at", "done_at", "urgency",
)  # fmt: skip
_CSV_TEXT = {"uuid", "title", "status", "priority", "due", "tags", "project", "notes"}
_CSV_TEXT |= {"created_at", "done_at"}


def _csv_cells(task: Task) -> list[str]:
    minutes = json_minutes(task.estimate_seconds)
    values: dict[str, Any] = {
        "id": task.id,
        "uuid": task.uuid,
        "title": task.title,
        "status": task.status.value,
        "priority": task.priority.value,
        "due": iso(task.due) or "",
        "estimate_minutes": "" if minutes is None else minutes,
        "tags": " ".join(task.tags),
        "project": task.project or "",
        "parent_id": "" if task.parent_id is None else task.parent_id,
        "notes": task.notes or "",
        "created_at": iso(task.created_at) or "",
        "done_at": iso(task.done_at) or "",
        "urgency": round(task.urgency, 2),
    }
    return [
        _quoted(neutralise(str(values[name]))) if name in _CSV_TEXT else str(values[name])
        for name in CSV_COLUMNS
    ]


def to_csv(tasks: Sequence[Task]) -> str:
    """RFC 4180 (CRLF, every text quoted), with text that a spreadsheet would run as a
    formula made inert, as the outsourcing CSV does."""
    lines = [",".join(CSV_COLUMNS), *(",".join(_csv_cells(task)) for task in tasks)]
    return "\r\n".join(lines) + "\r\n"


# -- todo.txt -----------------------------------------------------------------------------

_LETTER = {Priority.URGENT: "A", Priority.HIGH: "B", Priority.LOW: "D"}
"""Medium is no priority: the usual todo.txt line has none (an import reads none as medium)."""


def _word(text: str) -> str:
    """One todo.txt word: whitespace and control characters become ``_``."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", "_", text.strip())


def _local_day(moment: datetime) -> str:
    return moment.astimezone().date().isoformat()


def todotxt_line(task: Task) -> str:
    # The creation date always comes first, so a title that starts like a mark, a
    # priority or a date ("x ...", "(B) ...", "2026-01-05 ...") is read back as the title.
    title = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", task.title).strip()
    kept = _kept(task, "todotxt")
    letter = _LETTER.get(task.priority)
    parts = []
    if task.status is Status.DONE:
        parts += ["x", _local_day(task.done_at or task.updated_at)]
    elif letter:
        parts.append(f"({letter})")
    parts += [_local_day(task.created_at), title]
    if task.project:
        parts.append(f"+{_word(task.project)}")
    parts += [f"+{_word(p)}" for p in kept.get("projects", []) if isinstance(p, str)]
    parts += [f"@{_word(tag)}" for tag in task.tags]
    if task.due is not None:
        parts.append(f"due:{_local_day(task.due)}")
    if task.status is Status.DONE and letter:
        parts.append(f"pri:{letter}")
    keys = kept.get("keys", {})
    parts += [f"{_word(k)}:{_word(str(v))}" for k, v in keys.items() if isinstance(k, str)]
    return " ".join(parts)


def to_todotxt(tasks: Sequence[Task]) -> str:
    """One line a task (dropped tasks have no place in todo.txt and are left out)."""
    return "".join(todotxt_line(t) + "\n" for t in tasks if t.status is not Status.DROPPED)


# -- Taskwarrior --------------------------------------------------------------------------

_TW_STATUS = {
    Status.OPEN: "pending",
    Status.DELEGATED: "pending",
    Status.DONE: "completed",
    Status.DROPPED: "deleted",
}
_TW_PRIORITY = {Priority.URGENT: "H", Priority.HIGH: "H", Priority.MEDIUM: "M", Priority.LOW: "L"}
_NOTE_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (.*)$")


def tw_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _annotations(task: Task) -> list[dict[str, str]]:
    from microtask.importers.taskwarrior import NOTE_TIME

    found = []
    for line in (task.notes or "").splitlines():
        if not line.strip():
            continue
        entry, text = task.created_at, line  # a line without a time: a note from the start
        if match := _NOTE_LINE.match(line):
            try:
                entry = datetime.strptime(match[1], NOTE_TIME).astimezone()
                text = match[2]
            except ValueError:
                pass
        found.append({"entry": tw_time(entry), "description": text})
    return found


def taskwarrior_object(task: Task, uuid_of: dict[int, str]) -> dict[str, Any]:
    kept = _kept(task, "taskwarrior")
    record: dict[str, Any] = {
        "uuid": task.uuid,
        "description": task.title,
        "status": _TW_STATUS[task.status],
        "entry": tw_time(task.created_at),
        "modified": tw_time(task.updated_at),
    }
    if task.status is Status.DONE:
        record["end"] = tw_time(task.done_at or task.updated_at)
    elif task.status is Status.DROPPED:
        record["end"] = tw_time(task.updated_at)
    if task.due is not None:
        record["due"] = tw_time(task.due)
    if task.wait is not None:
        record["wait"] = tw_time(task.wait)
    if task.scheduled is not None:
        record["scheduled"] = tw_time(task.scheduled)
    if not ("priority" in kept and kept["priority"] is None and task.priority is Priority.MEDIUM):
        record["priority"] = _TW_PRIORITY[task.priority]
    if task.project:
        record["project"] = task.project
    # What Taskwarrior has no field for goes as attributes of ours, which it keeps and
    # gives back, so that a task that went there and back is the same task.
    if task.priority is Priority.URGENT:
        record["mtpriority"] = "urgent"
    if task.estimate_seconds is not None:
        record["mtestimate"] = str(task.estimate_seconds)
    if task.parent_id is not None and task.parent_id in uuid_of:
        record["mtparent"] = uuid_of[task.parent_id]
    if task.tags:
        record["tags"] = list(task.tags)
    if annotations := _annotations(task):
        record["annotations"] = annotations
    # Taskwarrior has no subtasks: a task waits on its steps, and on what it comes after.
    depends = {uuid_of[i] for i in (*task.subtask_ids, *task.after_ids) if i in uuid_of}
    if depends:
        record["depends"] = sorted(depends)
    for name, value in kept.items():
        if name not in record and value is not None:
            record[name] = value
    return record


def to_taskwarrior(tasks: Sequence[Task]) -> str:
    """A JSON array that ``task import`` reads."""
    uuid_of = {task.id: task.uuid for task in tasks}
    return (
        json.dumps(
            [taskwarrior_object(task, uuid_of) for task in tasks], ensure_ascii=False, indent=1
        )
        + "\n"
    )
