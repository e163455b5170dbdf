"""todo.txt, as its format description (github.com/todotxt/todo.txt) gives it: one task a
line; ``x`` and a completion date for done; ``(A)``..``(Z)`` priority; a creation date;
``+project``, ``@context`` and ``key:value`` anywhere in the text.

Mapped: ``x`` (done), the completion and creation dates, priority ((A) urgent, (B) high,
(C) medium, (D) to (Z) low; ``pri:X`` on a done line, as todo.sh writes it), the first
``+project`` (others are kept), ``@context`` (a tag), ``due:YYYY-MM-DD`` (the end of that
day). Other ``key:value`` pairs are kept with the task and written back by ``export tasks
--format todotxt``. A line names no UUID: its UUID is derived from its creation date and
text, so importing the same file again finds the tasks it made (``uuid:...`` on a line
wins).
"""

from __future__ import annotations

import json
import re
import uuid as uuids
from datetime import date, datetime, time
from typing import Any

from microtask.domain.edits import NewTask
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import Priority, Status, clean_project, clean_tag, clean_title
from microtask.domain.transfer import Imported, Problem, Reading
from microtask.domain.zones import load_zone, local_zone_name

SOURCE = "todotxt"
NAMESPACE = uuids.UUID("6f1d8a52-6c0e-4c55-9a61-52b0d0a9e6f3")
"""Fixed: the UUIDs derived from todo.txt lines must be the same on every run."""
_DATE = r"\d{4}-\d{2}-\d{2}"
_LINE = re.compile(
    rf"^(?:(?P<done>x) (?:(?P<completed>{_DATE}) )?)?"
    rf"(?:\((?P<priority>[A-Z])\) )?(?:(?P<created>{_DATE}) )?(?P<text>.*)$"
)
_KEY_VALUE = re.compile(r"^(?P<key>[^\s:]+):(?P<value>[^\s:]+)$")


def priority_of(letter: str) -> Priority:
    return {"A": Priority.URGENT, "B": Priority.HIGH, "C": Priority.MEDIUM}.get(
        letter, Priority.LOW
    )


def _day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"invalid date {text!r}: write YYYY-MM-DD") from None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), load_zone(local_zone_name()))


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), load_zone(local_zone_name()))


def one_task(line: str, where: str, now: datetime) -> NewTask:
    match = _LINE.match(line.strip())
    assert match is not None  # every line matches: the parts are optional
    words, projects, tags, keys = [], [], [], {}
    due: datetime | None = None
    priority = priority_of(match["priority"]) if match["priority"] else Priority.MEDIUM
    found_uuid = None
    for word in match["text"].split():
        if word.startswith("+") and len(word) > 1:
            projects.append(word[1:])
        elif word.startswith("@") and len(word) > 1:
            tags.append(clean_tag(word[1:]))
        elif kv := _KEY_VALUE.match(word):
            key, value = kv["key"], kv["value"]
            if key == "due":
                due = _end_of(_day(value, where))
            elif key == "pri" and re.fullmatch("[A-Z]", value):
                priority = priority_of(value)
            elif key == "uuid":
                found_uuid = str(uuids.UUID(value))
            else:
                keys[key] = value
        else:
            words.append(word)
    title = clean_title(" ".join(words))
    created = _start_of(_day(match["created"], where)) if match["created"] else now
    done = match["done"] is not None
    completed = _end_of(_day(match["completed"], where)) if done and match["completed"] else None
    kept: dict[str, Any] = {}
    if keys:
        kept["keys"] = keys
    if len(projects) > 1:
        kept["projects"] = projects[1:]
    body = f"{match['created'] or ''} {match['text']}"
    return NewTask(
        title=title,
        created_at=created,
        updated_at=completed or created,
        status=Status.DONE if done else Status.OPEN,
        priority=priority,
        due=due,
        done_at=(completed or now) if done else None,
        project=clean_project(projects[0]) if projects else None,
        tags=tuple(sorted(set(tags))),
        uuid=found_uuid or str(uuids.uuid5(NAMESPACE, body.strip())),
        extra=json.dumps({SOURCE: kept}, ensure_ascii=False, sort_keys=True) if kept else None,
        triaged_at=now,
    )


def read(text: str, now: datetime) -> Reading:
    reading = Reading()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            task = one_task(line, where, now)
        except (InvalidInputError, ValueError) as error:
            reading.problems.append(Problem(where, str(error)))
            continue
        reading.tasks.append(Imported(task, where))
        extra = json.loads(task.extra)[SOURCE] if task.extra else {}
        for key in extra.get("keys", {}):
            reading.unmapped[f"{key}:"] += 1
        if "projects" in extra:
            reading.unmapped["more than one +project"] += 1
    return reading
