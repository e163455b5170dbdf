"""iCalendar (RFC 5545) for calendar apps: blocks and sessions as VEVENTs, open tasks due
in the span as VTODOs, each with a stable UID (a calendar that imports the file again
updates its events instead of doubling them), times in the user's IANA zone with its
VTIMEZONE. Built with the ``icalendar`` package, which escapes text and folds lines."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from microtask.domain.model import Priority, Status, Task
from microtask.domain.sessions import Block, Session
from microtask.domain.views.calendar import CalendarSpan

PRODID = "-//microtask//microtask export calendar//EN"
DOMAIN = "microtask"
_PRIORITY = {Priority.URGENT: 1, Priority.HIGH: 3, Priority.MEDIUM: 5, Priority.LOW: 9}
"""RFC 5545: 1 is the highest, 9 the lowest."""


def _local(moment: datetime, zone: Any) -> datetime:
    return moment.astimezone(zone).replace(microsecond=0)


def _block_event(block: Block, zone: Any, stamp: datetime) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", f"block-{block.id}-{int(block.start.timestamp())}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _local(block.start, zone))
    event.add("dtend", _local(block.end, zone))
    event.add("summary", block.title)
    if block.task_id is not None:
        event.add("description", f"microtask task {block.task_id}: {block.task_title or ''}")
    event.add("categories", ["microtask", block.source.value])
    if block.released_at is not None:
        event.add("status", "CANCELLED")
    return event


def _session_event(session: Session, zone: Any, stamp: datetime) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", f"session-{session.id}-{int(session.start.timestamp())}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _local(session.start, zone))
    event.add("dtend", _local(session.end or session.start, zone))
    what = session.task_title or session.block_title or session.kind.value
    event.add("summary", f"{session.kind.value}: {what}")
    minutes = round(session.focus_seconds / 60)
    event.add("description", f"{minutes} min of focus ({session.outcome.value})")
    event.add("categories", ["microtask", "focus"])
    return event


_STATUS = {
    Status.OPEN: "NEEDS-ACTION",
    Status.DELEGATED: "IN-PROCESS",
    Status.DONE: "COMPLETED",
    Status.DROPPED: "CANCELLED",
}


def _due_todo(task: Task, zone: Any, stamp: datetime, uuid_of: dict[int, str]) -> Any:
    from icalendar import Todo

    todo = Todo()
    todo.add("uid", f"{task.uuid}@{DOMAIN}")
    todo.add("dtstamp", stamp)
    todo.add("summary", task.title)
    if task.due is not None:
        due = _local(task.due, zone)
        if due.time() == time(23, 59, 59):  # a day, not a time (`-d fri`): all-day
            todo.add("due", due.date())
        else:
            todo.add("due", due)
    todo.add("created", _local(task.created_at, zone))
    todo.add("priority", _PRIORITY[task.priority])
    todo.add("status", _STATUS[task.status])
    if task.status is Status.DONE and task.done_at is not None:
        todo.add("completed", task.done_at.astimezone(zone).replace(microsecond=0))
    if task.tags:
        todo.add("categories", list(task.tags))
    if task.notes:
        todo.add("description", task.notes)
    if task.parent_id in uuid_of:  # a step: its parent is due in the span too
        todo.add("related-to", f"{uuid_of[task.parent_id]}@{DOMAIN}")
    return todo


def to_ics(span: CalendarSpan, now: datetime) -> str:
    from icalendar import Calendar

    from microtask.domain.zones import load_zone

    zone = load_zone(span.zone)
    stamp = now.astimezone(load_zone("UTC")).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", span.zone)
    for block in span.blocks:
        calendar.add_component(_block_event(block, zone, stamp))
    for session in span.sessions:
        calendar.add_component(_session_event(session, zone, stamp))
    uuid_of = {task.id: task.uuid for task in span.due}
    for task in span.due:
        calendar.add_component(_due_todo(task, zone, stamp, uuid_of))
    # A VTIMEZONE with the rules of the years around the span, not of 1970-2038.
    calendar.add_missing_timezones(
        first_date=date(span.start.year - 1, 1, 1), last_date=date(span.end.year + 2, 1, 1)
    )
    return str(calendar.to_ical().decode("utf-8"))


def tasks_to_ics(tasks: list[Task], zone_name: str, now: datetime) -> str:
    """``export tasks --format ics``: every task a VTODO (steps related to their parent)."""
    from icalendar import Calendar

    from microtask.domain.zones import load_zone

    zone = load_zone(zone_name)
    stamp = now.astimezone(load_zone("UTC")).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    uuid_of = {task.id: task.uuid for task in tasks}
    for task in tasks:
        calendar.add_component(_due_todo(task, zone, stamp, uuid_of))
    years = [t.created_at.year for t in tasks] + [t.due.year for t in tasks if t.due] or [now.year]
    calendar.add_missing_timezones(
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
    )
    return str(calendar.to_ical().decode("utf-8"))
