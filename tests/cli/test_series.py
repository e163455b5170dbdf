"""Recurring work end to end: add/edit --every, the one open instance, skipped weeks,
--until, undo, list --series, and two processes finishing the same instance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Move the pinned clock: ``at("2026-12-02T10:00")`` (Paris time)."""

    def move(when: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{when}:00+01:00")

    return move


def due_of(run_json: JsonRun, task_id: int) -> str:
    return str(run_json("show", str(task_id))["due"])


def open_ids(run_json: JsonRun) -> list[int]:
    return sorted(t["id"] for t in run_json("list", "--flat"))


def test_eight_weeks_of_a_weekly_series_on_a_pinned_clock(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    at("2026-11-23T08:00")  # Monday
    first = run_json(
        "add", "Send invoices", "--every", "week", "--due", "2026-11-23 09:00",
        "--until", "2027-01-12", "-t", "money", "-e", "30m", "-p", "high", "--note", "first",
    )  # fmt: skip
    assert first["due"] == "2026-11-23T09:00:00+01:00"
    assert first["series"]["every"] == "week"
    assert first["series"]["next_due"] == "2026-11-30T09:00:00+01:00"

    # week 1, on time: the next instance is due a week after this one
    out = run("done", "1").stdout
    assert "Next in the series: task 2: Send invoices, due Mon 2026-11-30 09:00" in out
    assert open_ids(run_json) == [2]

    # week 2, done late (Wednesday): the next still falls a week after the late one's due
    at("2026-12-02T16:00")
    run("done", "2")
    assert due_of(run_json, 3) == "2026-12-07T09:00:00+01:00"

    # week 3 is missed: done on Wed 16 Dec, 14 Dec is skipped (counted, never created)
    at("2026-12-16T11:00")
    out = run("done", "3").stdout
    assert "(1 occurrence missed)" in out
    fourth = run_json("show", "4")
    assert fourth["due"] == "2026-12-21T09:00:00+01:00"
    assert "1 occurrence missed before this one" in run("show", "4").stdout
    assert open_ids(run_json) == [4]

    # week 4 is dropped, then the drop is undone: its successor goes, it is open again
    at("2026-12-21T10:00")
    run("drop", "4")
    assert due_of(run_json, 5) == "2026-12-28T09:00:00+01:00"
    run("undo")
    assert open_ids(run_json) == [4]
    run("show", "5", code=3)
    run("done", "4")
    assert open_ids(run_json) == [6]  # ids are never reused
    assert due_of(run_json, 6) == "2026-12-28T09:00:00+01:00"

    # weeks 5 to 7 on time; the instance of 18 January would pass --until: the series ends
    for task_id, when, following in (
        (6, "2026-12-28T08:00", "2027-01-04T09:00:00+01:00"),
        (7, "2027-01-04T08:00", "2027-01-11T09:00:00+01:00"),
    ):
        at(when)
        run("done", str(task_id))
        assert due_of(run_json, task_id + 1) == following
    at("2027-01-11T08:30")
    assert run_json("show", "8")["series"]["next_due"] is None
    out = run("done", "8").stdout
    assert "Next in the series" not in out
    assert open_ids(run_json) == []

    instances = run_json("list", "--all", "--flat")
    assert [t["id"] for t in sorted(instances, key=lambda t: t["id"])] == [1, 2, 3, 4, 6, 7, 8]
    assert all(t["tags"] == ["money"] and t["priority"] == "high" for t in instances)
    assert all(t["estimate_minutes"] == 30 for t in instances)
    assert [t["notes"] for t in instances if t["id"] != 1] == [None] * 6  # notes are not copied
    [series] = run_json("list", "--series")
    assert series["next_due"] is None
    assert series["current_id"] is None
    # on time: 1, 6, 7 and 8; 2, 3 and 4 were late
    assert (series["done"], series["on_time"], series["instances"]) == (7, 4, 7)


def test_a_bad_spec_is_one_line_listing_the_forms_and_writes_nothing(
    run: Run, run_json: JsonRun
) -> None:
    result = run("add", "Chore", "--every", "sometimes", code=1)
    assert "use day, weekday, week, 2 weeks, monday" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    run("add", "Chore", "--until", "2026-12-31", code=1)
    assert run_json("list", "--all") == []


def test_without_a_due_the_first_instance_is_due_at_the_end_of_the_first_day(
    run_json: JsonRun,
) -> None:
    task = run_json("add", "Metrics email", "--every", "thu")
    assert task["due"] == "2026-11-26T23:59:59+01:00"
    assert task["series"] == {
        "id": 1,
        "every": "thu",
        "until": None,
        "next_due": "2026-12-03T23:59:59+01:00",
    }
    assert run_json("add", "One-off")["series"] is None


def test_edit_every_starts_a_series_changes_its_rule_and_no_every_stops_it(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Payroll", "--due", "2026-11-27 10:00")
    started = run_json("edit", "1", "--every", "month on last fri")
    assert started["series"]["next_due"] == "2026-12-25T10:00:00+01:00"
    changed = run_json("edit", "1", "--every", "2 weeks")
    assert changed["series"]["every"] == "2 weeks"
    assert changed["series"]["next_due"] == "2026-12-11T10:00:00+01:00"
    stopped = run_json("edit", "1", "--no-every")
    assert stopped["series"]["next_due"] is None
    run("done", "1")
    assert run_json("list") == []
    assert "stopped" in run("list", "--series").stdout
    run("edit", "1", "--every", "nope", code=1)


def test_list_and_show_mark_an_instance_with_its_rule_and_next_date(run: Run) -> None:
    run("add", "Send invoices", "--every", "week", "--due", "2026-11-30 09:00")
    assert "↻ week, next Dec 07" in run("list").stdout
    assert "every week; next Mon Dec 07 (series 1)" in run("show", "1").stdout


def test_reopening_an_earlier_instance_while_the_next_is_open_is_refused(run: Run) -> None:
    run("add", "Send invoices", "--every", "week")
    run("done", "1")
    result = run("reopen", "1", code=4)
    assert "task 2 is open" in result.stderr


def test_undo_of_add_every_removes_the_series_too(run: Run, run_json: JsonRun) -> None:
    run("add", "Send invoices", "--every", "week")
    run("undo")
    assert run_json("list", "--series") == []


def test_copies_outsourcing_answers_and_project_to_the_next_instance(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Bookkeeping", "--every", "month", "-P", "admin", "--repetitive", "--directions",
        "simple")  # fmt: skip
    run("done", "1")
    following = run_json("show", "2")
    assert following["project"] == "admin"
    assert following["criteria"]["repetitive"] is True
    assert following["criteria"]["directions"] == "simple"


@pytest.mark.slow
def test_two_processes_finishing_the_same_instance_make_exactly_one_successor(
    tmp_path: Path,
) -> None:
    """On PostgreSQL too, where writers take turns by an advisory lock (fewer rounds there:
    each of its processes connects to a server)."""
    on_server = os.environ.get("MICROTASK_DB")
    env = {**os.environ, "MICROTASK_DB": on_server or str(tmp_path / "race.db")}
    rounds = 15 if on_server else 50
    env.pop("MICROTASK_NOW", None)

    def microtask(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "microtask", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def listing(*args: str) -> Any:
        process = microtask("list", "--flat", "--json", *args)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        return json.loads(out)

    adding = microtask("add", "Stand-up notes", "--every", "day")
    adding.communicate(timeout=60)
    assert adding.returncode == 0
    for round_number in range(rounds):
        [current] = listing()
        racers = [microtask("done", str(current["id"])) for _ in range(2)]
        for racer in racers:
            _, err = racer.communicate(timeout=60)
            assert racer.returncode == 0, err
        open_now = listing()
        assert len(open_now) == 1, f"round {round_number}: {open_now}"
        assert open_now[0]["id"] != current["id"]
    everything = listing("--all")
    assert len(everything) == rounds + 1
    assert len({t["due"] for t in everything}) == rounds + 1


def test_a_recurring_task_handed_back_done_is_followed_by_its_next_instance(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Bookkeeping", "--every", "month", "--due", "2026-11-30 17:00")
    run("provider", "add", "Ana", "--rate", "25")
    run("delegate", "1", "--to", "Ana")
    assert run_json("list", "--series")[0]["current_id"] is None  # handed off, not open
    run("handback", "1", "--done", "--on-time")
    assert open_ids(run_json) == [2]
    assert due_of(run_json, 2) == "2026-12-30T17:00:00+01:00"
    run("undo")
    assert run_json("list", "--all", "--flat")[0]["status"] == "delegated"
    assert open_ids(run_json) == []


def test_undo_keeps_a_next_instance_that_has_focus_recorded_since(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Bookkeeping", "--every", "week")
    run("done", "1")
    at("2026-11-23T11:00")
    run("start", "2")
    at("2026-11-23T11:30")
    run("stop")
    result = run("undo", code=4)
    assert "undo would remove task 2" in result.stderr
    assert open_ids(run_json) == [2]
    assert run_json("show", "1")["status"] == "done"


def test_deleting_the_open_instance_brings_the_next_one_and_undo_takes_it_back(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    at("2026-11-23T08:00")
    run("add", "Send invoices", "--every", "week", "--due", "2026-11-23 09:00")
    run("add", "Plain task")
    run("done", "1")  # task 3 is the open instance
    out = run("rm", "3", "--yes").stdout
    assert "Deleted" in out
    assert "Next in the series: task 4: Send invoices, due Mon 2026-12-07 09:00" in out
    assert open_ids(run_json) == [2, 4]
    assert run("undo").stdout.startswith("Undid: rm")
    assert open_ids(run_json) == [2, 3]
    out = run("rm", "2", "--yes").stdout  # a one-off task: nothing follows
    assert "Next in the series" not in out
    assert open_ids(run_json) == [3]
    run("edit", "3", "--no-every")
    assert "Next in the series" not in run("rm", "3", "--yes").stdout
    assert open_ids(run_json) == []
