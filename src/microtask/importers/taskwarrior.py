"""Taskwarrior's ``task export`` (2.6 and 3.x): a JSON array of task objects, or one
object a line as older versions print.

Mapped: ``uuid``, ``description`` (title), ``status`` (pending and waiting: open;
completed: done; deleted: dropped), ``entry``, ``modified``, ``end``, ``due``,
``priority`` (H, M, L), ``tags``, ``project`` (dotted names kept), ``wait``,
``scheduled``, ``depends`` (as ``--after``) and ``annotations``
(note lines, each with its local time unless written when the task was). Recurring
templates are left out (counted); their instances come in as tasks. ``id`` and
``urgency`` are Taskwarrior's own derived numbers and are not kept. Every other field
(``recur``, ``until``, user-defined attributes ...) is kept
with the task, counted in the summary as not mapped, and written back by
``export tasks --format taskwarrior``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from microtask.domain.edits import NewTask
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import (
    NOTHING_SAID,
    Priority,
    Status,
    clean_project,
    clean_tags,
    clean_title,
)
from microtask.domain.transfer import Imported, Problem, Reading

SOURCE = "taskwarrior"
STATUSES = {
    "pending": Status.OPEN,
    "waiting": Status.OPEN,
    "completed": Status.DONE,
    "deleted": Status.DROPPED,
}
PRIORITIES = {"H": Priority.HIGH, "M": Priority.MEDIUM, "L": Priority.LOW}
MAPPED = {
    "uuid",
    "description",
    "status",
    "entry",
    "modified",
    "end",
    "due",
    "priority",
    "tags",
    "project",
    "annotations",
    "wait",
    "scheduled",
    "depends",
    "mtpriority",
    "mtestimate",
    "mtparent",
}
"""``mt*``: what microtask's own export adds (urgent priority, estimate, parent step)."""
DERIVED = {"id", "urgency"}
NOTE_TIME = "%Y-%m-%d %H:%M:%S"
"""How an annotation's time starts its note line (local time)."""


def parse_time(value: Any) -> datetime:
    """Taskwarrior's ISO basic UTC form (``20261204T170000Z``), or extended ISO 8601."""
    if not isinstance(value, str):
        raise InvalidInputError(f"a date must be text such as 20261204T170000Z, not {value!r}")
    try:
        moment = datetime.fromisoformat(value)  # reads the basic form too, in C
    except ValueError:
        raise InvalidInputError(
            f"invalid date {value[:40]!r}: Taskwarrior writes 20261204T170000Z"
        ) from None
    zone = moment.tzinfo
    if zone is UTC:  # Taskwarrior's own form: already what is wanted
        return moment
    return moment.replace(tzinfo=UTC) if zone is None else moment.astimezone(UTC)


def records(text: str) -> list[tuple[str, Any]]:
    """(where, record) for each record: a JSON array, or one JSON object a line."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            found = json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInputError(
                f"not Taskwarrior's export JSON: {error.msg} at line {error.lineno}"
            ) from None
        return [(f"record {n}", record) for n, record in enumerate(found, 1)]
    result = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().rstrip(",")
        if not line:
            continue
        try:
            result.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as error:
            raise InvalidInputError(
                f"line {number}: not Taskwarrior's export JSON: {error.msg}"
            ) from None
    return result


def _notes(annotations: Any, created: datetime) -> str | None:
    """One line an annotation, starting with its local time, unless it was written when
    the task was (then the task's own time says it). Taskwarrior keeps annotations by
    their second, so the n-th of those it was given at once is n seconds later."""
    if annotations is None:
        return None
    if not isinstance(annotations, list):
        raise InvalidInputError("annotations must be a list of {entry, description}")
    lines = []
    for index, annotation in enumerate(annotations):
        if not isinstance(annotation, dict) or not isinstance(annotation.get("description"), str):
            raise InvalidInputError("an annotation needs a description")
        entry = None if annotation.get("entry") is None else parse_time(annotation["entry"])
        at_start = entry is None or entry == created + timedelta(seconds=index)
        when = "" if at_start or entry is None else f"{entry.astimezone():{NOTE_TIME}} "
        lines.append(when + annotation["description"].replace("\n", " "))
    return "\n".join(lines) or None


_KNOWN = frozenset(MAPPED | DERIVED)
_NO_STEPS: frozenset[str] = frozenset()
_ABSENT: Any = object()
"""What ``record.get`` gives for a field the record does not have (None is a value)."""
_NO_TAGS: list[str] = []
"""What a record without tags has (shared: never changed)."""


def _tags(tags: list[Any]) -> tuple[str, ...]:
    """A task's tags, cleaned, distinct and sorted: the same few lists come back again and
    again in an export, so each is checked and cleaned once a :func:`read` (see
    :func:`clean_tags`)."""
    key = tuple(tags)
    try:
        found = _CLEAN_TAGS.get(key)
    except TypeError:  # a list or an object among them: not hashable, not a word
        found = None
    if found is None:
        if not all(isinstance(t, str) for t in tags):
            raise InvalidInputError("tags must be a list of words")
        found = _CLEAN_TAGS[key] = tuple(sorted(clean_tags(tags)))
    return found


_CLEAN_TAGS: dict[tuple[str, ...], tuple[str, ...]] = {}


_NO_PRIORITY = {"priority": None}
_NO_PRIORITY_EXTRA = json.dumps({SOURCE: _NO_PRIORITY})


def _extra(kept: dict[str, Any]) -> str:
    """What a task keeps of its record for the trip back, as JSON (most often only that it
    had no priority: that text made once)."""
    if kept == _NO_PRIORITY:
        return _NO_PRIORITY_EXTRA
    return json.dumps({SOURCE: kept}, ensure_ascii=False, sort_keys=True)


def one_task(
    record: Any, where: str, now: datetime, own_steps: frozenset[str] = frozenset()
) -> NewTask | None:
    """The task a record describes; None for a recurring template (left out)."""
    if not isinstance(record, dict):
        raise InvalidInputError("a task must be a JSON object")
    get = record.get
    status_text = get("status", "pending")
    if status_text == "recurring":
        return None
    status = STATUSES.get(status_text) if isinstance(status_text, str) else None
    if status is None:
        raise InvalidInputError(
            f"unknown status {str(status_text)[:20]!r}: Taskwarrior writes pending, waiting, "
            "completed, deleted or recurring"
        )
    description = get("description")
    if not isinstance(description, str):
        raise InvalidInputError("a task needs a description")
    tags = get("tags", _NO_TAGS)
    if isinstance(tags, str):  # one tag, as some versions write it
        tags = [tags]
    if not isinstance(tags, list):
        raise InvalidInputError("tags must be a list of words")
    priority_text = get("priority")
    if priority_text is not None and priority_text not in PRIORITIES:
        raise InvalidInputError(f"unknown priority {str(priority_text)[:10]!r}: use H, M or L")
    project = get("project")
    if project is not None and not isinstance(project, str):
        raise InvalidInputError("a project must be text")
    uuid = get("uuid")
    if uuid is not None and not isinstance(uuid, str):
        raise InvalidInputError("a uuid must be text")
    # Most records hold only mapped fields: asked in one set operation, not name by name.
    kept = (
        {}
        if _KNOWN.issuperset(record)
        else {k: v for k, v in record.items() if k not in MAPPED and k not in DERIVED}
    )
    priority = PRIORITIES.get(priority_text or "M", Priority.MEDIUM)
    if priority is Priority.HIGH and get("mtpriority") == "urgent":
        priority = Priority.URGENT
    estimate = get("mtestimate")
    if estimate is not None and not (isinstance(estimate, str) and estimate.isdigit()):
        raise InvalidInputError("mtestimate must be a whole number of seconds")
    parent = get("mtparent")
    if parent is not None and not isinstance(parent, str):
        raise InvalidInputError("mtparent must be a uuid")
    if priority_text is None:
        kept["priority"] = None  # none in the source: written back as none
    entry = get("entry", _ABSENT)
    created = now if entry is _ABSENT else parse_time(entry)
    modified = get("modified", _ABSENT)
    due = get("due", _ABSENT)
    wait = get("wait", _ABSENT)
    scheduled = get("scheduled", _ABSENT)
    end = get("end", _ABSENT)
    annotations = get("annotations")
    # By position, in NewTask's field order (tests/importers/test_taskwarrior.py holds the
    # order): by name, the 22 fields were a fifth of reading 100,000 records.
    return NewTask(
        clean_title(description),  # title
        created,  # created_at
        priority,
        status,
        None if due is _ABSENT else parse_time(due),  # due
        None if estimate is None else int(estimate),  # estimate_seconds
        clean_project(project) if project else None,  # project
        None,  # parent_id (set once every task is in: see services.transfer)
        0,  # position
        None if annotations is None else _notes(annotations, created),  # notes
        _tags(tags) if tags else (),  # tags
        NOTHING_SAID,  # criteria
        now,  # triaged_at: moved in, not new work to decide on
        uuid.lower() if uuid else None,  # uuid
        _extra(kept) if kept else None,
        created if modified is _ABSENT else parse_time(modified),  # updated_at
        parse_time(end) if status is Status.DONE and end is not _ABSENT else None,  # done_at
        None,  # series_id
        None,  # occurrence
        0,  # skipped
        None if wait is _ABSENT else parse_time(wait),  # wait
        None if scheduled is _ABSENT else parse_time(scheduled),  # scheduled
    )


def depends_of(record: dict[str, Any], own_steps: frozenset[str]) -> tuple[str, ...]:
    """The UUIDs a task depends on (2.6 writes them comma-separated, 3.x as a list), less
    its own steps (our export's way of saying a parent waits on its steps)."""
    depends = record.get("depends")
    if not depends:
        return ()
    listed = depends.split(",") if isinstance(depends, str) else depends
    if not isinstance(listed, list) or not all(isinstance(d, str) for d in listed):
        raise InvalidInputError("depends must be a list of uuids")
    return tuple(d.strip().lower() for d in listed if d.strip() and d.strip() not in own_steps)


_RECUR_WORDS = {
    "daily": "day", "day": "day", "weekdays": "weekday", "weekly": "week", "week": "week",
    "biweekly": "2 weeks", "fortnight": "2 weeks", "monthly": "month", "month": "month",
    "bimonthly": "2 months", "quarterly": "quarter", "semiannual": "6 months",
    "yearly": "year", "annual": "year", "year": "year", "biannual": "2 years",
}  # fmt: skip
_RECUR_UNITS = {"d": "days", "w": "weeks", "mo": "months", "m": "months", "q": "quarters",
                "y": "years"}  # fmt: skip


def recur_spec(value: Any) -> str | None:
    """Taskwarrior's ``recur`` (``weekly``, ``2w``, ``P1M`` ...) as an ``--every`` SPEC;
    None for a form with no equal here (the task keeps its ``recur`` for the trip back)."""
    import re

    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in _RECUR_WORDS:
        return _RECUR_WORDS[text]
    match = re.fullmatch(r"p?(\d{1,3})\s*(mo|d|w|m|q|y)", text)
    if match is None:
        return None
    count, unit = int(match[1]), _RECUR_UNITS[match[2]]
    if unit == "quarters":
        count, unit = count * 3, "months"
    if count < 1:
        return None
    return f"{count} {unit}" if count > 1 else unit.removesuffix("s")


def read(text: str, now: datetime) -> Reading:
    reading = Reading()
    found = records(text)
    steps: dict[str, set[str]] = {}
    # One open instance a series: of a template's pending instances, the earliest due.
    first_of: dict[Any, tuple[str, int]] = {}
    for index, (_, record) in enumerate(found):
        if not isinstance(record, dict) or _LINKS.isdisjoint(record):
            continue  # most records: neither a step nor recurring
        if isinstance(record.get("mtparent"), str):
            steps.setdefault(record["mtparent"].lower(), set()).add(str(record.get("uuid")))
        if record.get("recur") and record.get("status") == "pending":
            key = record.get("parent") or record.get("uuid")
            due = str(record.get("due", ""))
            if key not in first_of or due < first_of[key][0]:
                first_of[key] = (due, index)
    starts = {index for _, index in first_of.values()}
    tasks, problems, unmapped = reading.tasks, reading.problems, reading.unmapped
    for index, (where, record) in enumerate(found):
        found[index] = _READ  # its memory is free for the tasks made next
        own = _NO_STEPS
        if steps and isinstance(record, dict):
            own = frozenset(steps.get(str(record.get("uuid", "")).lower(), ()))
        try:
            task = one_task(record, where, now, own)
        except InvalidInputError as error:
            problems.append(Problem(where, str(error)))
            continue
        if task is None:
            reading.skipped["recurring template"] += 1
            continue
        if _UNLINKED.issuperset(record):
            tasks.append(Imported(task, where))  # most records: no links, all mapped
            continue
        parent = record.get("mtparent")
        after = depends_of(record, own)
        every = recur_spec(record.get("recur")) if index in starts else None
        until = None
        if every is not None and task.due is not None:
            until = parse_time(record["until"]) if "until" in record else None
        else:
            every = None
        tasks.append(Imported(task, where, parent.lower() if parent else None, after, every, until))
        for name in record:
            if name not in MAPPED and name not in DERIVED:
                unmapped[name] += 1
    _CLEAN_TAGS.clear()
    return reading


_READ = ("", None)
_UNLINKED = _KNOWN - {"depends", "mtparent"}
"""A record with only these fields is a task and nothing more (no links, all mapped)."""
_LINKS = frozenset({"mtparent", "recur"})
"""The fields the first pass of :func:`read` looks for."""
