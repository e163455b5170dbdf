"""session add/list/edit/rm: work recorded after the fact, counted everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
DAY = "2026-11-23"  # NOW of tests/cli/conftest.py: 10:00 in Paris
LIST_KEYS = {"id", "task_id", "title", "start", "end", "minutes", "kind", "note"}


def one_line_error(result: Any) -> str:
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    return str(result.stderr)


def test_session_add_records_a_forgotten_call_and_list_shows_it(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Call Ana")

    out = run("session", "add", "1", "--from", "08:10", "--to", "08:50", "--note", "contract")

    assert "Recorded session 1 08:10-08:50 (40m) on task 1 'Call Ana'" in out.stdout
    listed = run_json("session", "list")
    assert [set(s) for s in listed] == [LIST_KEYS]
    assert listed == [
        {
            "id": 1,
            "task_id": 1,
            "title": "Call Ana",
            "start": f"{DAY}T08:10:00+01:00",
            "end": f"{DAY}T08:50:00+01:00",
            "minutes": 40,
            "kind": "manual",
            "note": "contract",
        }
    ]
    assert "contract" in run("session", "list").stdout


def test_session_add_for_a_duration(run: Run, run_json: JsonRun) -> None:
    run("add", "Walk and think")
    run("session", "add", "1", "--from", "yesterday 16:00", "--for", "1h")

    listed = run_json("session", "list", "--from", "yesterday")

    assert [(s["start"], s["minutes"]) for s in listed] == [("2026-11-22T16:00:00+01:00", 60)]
    assert run_json("session", "list") == []  # today's: none
    assert len(run_json("session", "list", "--task", "1")) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "09:00", "--to", "11:00"], "in the future"),
        (["--from", "09:00", "--to", "08:00"], "before it starts"),
        (["--from", "09:00"], "--to TIME"),
        (["--from", "09:00", "--to", "09:30", "--for", "1h"], "--to TIME"),
    ],
)
def test_session_add_refuses_a_bad_span_in_one_line(
    run: Run, run_json: JsonRun, args: list[str], words: str
) -> None:
    run("add", "Call")
    assert words in one_line_error(run("session", "add", "1", *args, code=1))
    assert run_json("session", "list") == []


def test_an_overlapping_session_is_refused_unless_forced(run: Run, run_json: JsonRun) -> None:
    run("add", "Call")
    run("session", "add", "1", "--from", "08:00", "--to", "09:00")

    refused = run("session", "add", "1", "--from", "08:30", "--to", "09:30", code=4)

    assert "overlaps session 1 08:00-09:00" in one_line_error(refused)
    run("session", "add", "1", "--from", "08:30", "--to", "09:30", "--force")
    assert len(run_json("session", "list")) == 2


def test_session_edit_and_rm_are_undoable(run: Run, run_json: JsonRun) -> None:
    run("add", "Call")
    run("add", "Other")
    run("session", "add", "1", "--from", "08:00", "--to", "09:00")

    run("session", "edit", "1", "--to", "09:15", "--task", "2")
    assert [(s["task_id"], s["minutes"]) for s in run_json("session", "list")] == [(2, 75)]
    run("undo")
    assert [(s["task_id"], s["minutes"]) for s in run_json("session", "list")] == [(1, 60)]
    assert "Removed session 1" in run("session", "rm", "1").stdout
    assert run_json("session", "list") == []
    run("undo")
    assert len(run_json("session", "list")) == 1
    run("undo")  # the add itself
    assert run_json("session", "list") == []
    assert "no session with id 1" in one_line_error(run("session", "rm", "1", code=3))


def test_a_running_session_cannot_be_edited_or_removed(run: Run) -> None:
    run("add", "Call")
    run("start", "1")
    assert "still running" in one_line_error(run("session", "rm", "1", code=4))


def test_manual_sessions_count_in_agenda_report_and_task_focus(run: Run, run_json: JsonRun) -> None:
    run("add", "Call", "-e", "1h")
    run("block", "add", "08:00-09:00", "--task", "1")
    run("session", "add", "1", "--from", "08:00", "--to", "08:40")

    agenda = run_json("agenda")
    assert (agenda["on_plan_minutes"], agenda["unplanned_minutes"]) == (40, 0)
    assert agenda["sessions"][0]["kind"] == "manual"
    report = run_json("report", "day")
    assert report["focus_minutes"] == 40
    assert run_json("show", "1")["focus_minutes"] == 40


def test_manual_sessions_count_in_the_outsourcing_hours(run: Run, run_json: JsonRun) -> None:
    run("add", "Update lead list in CRM", "-e", "30m")
    for day in ("2026-10-28", "2026-11-04", "2026-11-11", "2026-11-18"):
        run("session", "add", "1", "--from", f"{day} 09:00", "--to", f"{day} 11:00")

    hours = run_json("score", "1")["criteria"]["hours_per_week"]

    assert (hours["value"], hours["source"]) == (2.0, "inferred")
