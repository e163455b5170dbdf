"""`export calendar`: iCalendar that a parser reads back exactly, hostile text included,
with stable UIDs, local times in the user's IANA zone and a VTIMEZONE for it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

HOSTILE = [
    "Review\r\nEND:VEVENT\r\nBEGIN:VEVENT",
    "a;b,c\\d",
    "x" * 300,
    "Café 🚀 ünïcödé",
]


def exported(run: Run, tmp_path: Path, *args: str) -> Calendar:
    target = tmp_path / "cal.ics"
    run("export", "calendar", "-o", str(target), "--force", *args)
    return Calendar.from_ical(target.read_bytes())


def test_hostile_titles_come_back_exactly_and_events_stay_separate(
    run: Run, tmp_path: Path
) -> None:
    for hour, title in enumerate(HOSTILE, start=11):
        run("block", "add", f"{hour}:00-{hour}:30", title)

    calendar = exported(run, tmp_path)

    events = calendar.walk("VEVENT")
    # iCalendar text has no carriage return (RFC 5545 allows no control character but
    # tab): a CRLF inside a title comes back as a line break, and never ends an event.
    assert [str(e["SUMMARY"]) for e in events] == [t.replace("\r\n", "\n") for t in HOSTILE]
    assert all(len(line) <= 75 for line in calendar.to_ical().split(b"\r\n"))


def test_times_are_local_with_their_zone_and_a_vtimezone(run: Run, tmp_path: Path) -> None:
    run("block", "add", "14:00-15:30", "Deep work")

    calendar = exported(run, tmp_path)

    (event,) = calendar.walk("VEVENT")
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Paris"
    assert start.dt.replace(tzinfo=None) == datetime(2026, 11, 23, 14, 0)
    assert event["DTEND"].dt.replace(tzinfo=None) == datetime(2026, 11, 23, 15, 30)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_uids_stay_the_same_from_one_export_to_the_next(run: Run, tmp_path: Path) -> None:
    run("block", "add", "14:00-15:30", "Deep work")
    run("add", "Invoices", "-d", "2026-11-25")

    first = exported(run, tmp_path)
    run("add", "Another", "-d", "2026-11-26")
    second = exported(run, tmp_path)

    uids = lambda c: {str(x["UID"]) for x in [*c.walk("VEVENT"), *c.walk("VTODO")]}  # noqa: E731
    assert uids(first) < uids(second)


def test_due_tasks_are_todos_all_day_when_due_on_a_day(run: Run, tmp_path: Path) -> None:
    run("add", "Invoices", "-d", "2026-11-25", "-p", "urgent", "-t", "admin")
    run("add", "Call", "-d", "2026-11-24 15:00")
    run("add", "Far away", "-d", "2027-03-01")

    todos = {str(t["SUMMARY"]): t for t in exported(run, tmp_path).walk("VTODO")}

    assert sorted(todos) == ["Call", "Invoices"]  # the span is a week from today
    assert todos["Invoices"]["DUE"].dt == date(2026, 11, 25)
    assert int(todos["Invoices"]["PRIORITY"]) == 1
    assert todos["Call"]["DUE"].dt.replace(tzinfo=None) == datetime(2026, 11, 24, 15, 0)


def test_sessions_come_only_when_asked(run: Run, tmp_path: Path) -> None:
    run("add", "Write")
    run("session", "add", "1", "--from", "08:00", "--to", "09:00")

    assert exported(run, tmp_path).walk("VEVENT") == []
    (event,) = exported(run, tmp_path, "--sessions").walk("VEVENT")
    assert "Write" in str(event["SUMMARY"])


def test_a_span_that_ends_before_it_starts_is_refused(run: Run) -> None:
    result = run("export", "calendar", "--from", "2026-11-30", "--to", "2026-11-24", code=1)
    assert result.stderr == (
        "Error: --to 2026-11-24 is before --from 2026-11-30: give a later --to\n"
    )


def test_export_tasks_as_ics_gives_each_task_a_todo_with_its_status_and_parent(
    run: Run, tmp_path: Path
) -> None:
    run("add", "Launch; site, v2", "-d", "2026-11-27", "-p", "urgent")
    run("split", "1", "Outline", "Copy")
    run("done", "2")
    run("add", "Old idea")
    run("drop", "4")
    target = tmp_path / "tasks.ics"

    run("export", "tasks", "--format", "ics", "-o", str(target))

    todos = {str(t["SUMMARY"]): t for t in Calendar.from_ical(target.read_bytes()).walk("VTODO")}
    assert sorted(todos) == ["Copy", "Launch; site, v2", "Old idea", "Outline"]
    assert [str(todos[n]["STATUS"]) for n in ("Launch; site, v2", "Outline", "Old idea")] == [
        "NEEDS-ACTION",
        "COMPLETED",
        "CANCELLED",
    ]
    assert todos["Launch; site, v2"]["DUE"].dt == date(2026, 11, 27)
    assert str(todos["Copy"]["RELATED-TO"]) == str(todos["Launch; site, v2"]["UID"])
    assert "COMPLETED" in todos["Outline"]
