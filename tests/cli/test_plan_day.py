"""Issue 12: a plan that stays true through the day (the six problems, end to end)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
DAY = "2026-12-02"  # a Wednesday, Paris: UTC+1


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def move(clock: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{DAY}T{clock}+01:00")

    move("08:00")
    return move


def work_minutes(plan: Any) -> list[tuple[int, int]]:
    return [(s["task_id"], s["minutes"]) for s in plan["slots"] if s["kind"] == "work"]


def test_problem_1_work_on_a_step_inside_its_parents_block_counts_as_on_plan(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Write investor update", "-e", "1h", "-d", "today")
    run("plan", "--apply")
    run("split", "1", "Gather numbers ~20m", "Write draft ~40m")
    at("09:00")
    run("start", "2")
    at("09:25")
    run("stop")

    agenda = run_json("agenda")

    assert agenda["on_plan_minutes"] == 25
    assert agenda["unplanned_minutes"] == 0
    assert agenda["blocks"][0]["on_task_minutes"] == 25
    assert agenda["blocks"][0]["status"] == "done"


def book_the_day(run: Run) -> None:
    """Task 1 has 09:00-09:45 in a block of its own; the rest of the day is taken."""
    run("provider", "add", "Ana Lima")
    run("add", "Delegate me", "-e", "45m", "-d", "today")
    run("add", "Something else", "-e", "40m")
    run("block", "add", "09:00-09:45", "--task", "1")
    run("block", "add", "09:45-17:00", "Offsite")


@pytest.mark.parametrize(
    "close",
    [["done", "1"], ["drop", "1"], ["rm", "1", "--yes"], ["delegate", "1", "--to", "Ana Lima"]],
)
def test_problem_2_blocks_of_a_closed_task_are_released_and_undo_brings_them_back(
    run: Run, run_json: JsonRun, at: Callable[[str], None], close: list[str]
) -> None:
    book_the_day(run)
    assert run_json("plan")["free_minutes"] == 0

    run(*close)

    plan = run_json("plan")
    assert plan["free_minutes"] == 45  # its block no longer keeps the time busy
    assert work_minutes(plan) == [(2, 25), (2, 15)]
    agenda = run_json("agenda")
    assert [b["status"] for b in agenda["blocks"]] == ["released", "upcoming"]
    assert agenda["released_minutes"] == 45
    assert agenda["planned_minutes"] == 435
    run("undo")
    assert run_json("plan")["free_minutes"] == 0
    assert [b["status"] for b in run_json("agenda")["blocks"]] == ["upcoming", "upcoming"]


def test_problem_2_a_delegated_task_handed_back_done_keeps_its_time_free(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    book_the_day(run)
    run("delegate", "1", "--to", "Ana Lima")
    run("handback", "1", "--done")

    out = run("plan").stdout

    assert "Nothing planned" not in out
    assert run_json("plan")["free_minutes"] == 45


def test_a_reopened_task_gets_its_block_back(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    book_the_day(run)
    run("done", "1")
    run("reopen", "1")

    assert run_json("plan")["free_minutes"] == 0


def test_problem_3_fragments_no_block_is_shorter_than_min_block(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Half an hour", "-e", "30m", "-d", "today")
    run("add", "One hour", "-e", "1h")

    applied = run_json("plan", "--apply")

    assert work_minutes(applied) == [(1, 30), (2, 25), (2, 35)]
    assert all(b["minutes"] >= 15 for b in run_json("block", "list"))


def test_problem_4_a_parent_whose_steps_are_done_is_not_planned_again(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Parent", "-e", "1h")
    run("split", "1", "a ~20m", "b ~40m")
    run("done", "2", "3")

    plan = run_json("plan")

    assert work_minutes(plan) == []
    assert plan["does_not_fit"] == []


def test_a_parent_whose_estimate_says_more_than_its_done_steps_gets_the_rest(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Parent", "-e", "1h30m")
    run("split", "1", "a ~20m", "b ~40m")
    run("done", "2", "3")

    plan = run_json("plan")

    assert work_minutes(plan) == [(1, 30)]
    assert plan["slots"][0]["remaining_minutes"] == 30


def test_remaining_work_takes_the_focus_on_a_task_and_its_steps_off(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Write", "-e", "1h")
    at("08:00")
    run("start", "1")
    at("08:20")
    run("stop")

    plan = run_json("plan")

    assert work_minutes(plan) == [(1, 25), (1, 15)]
    assert {s["remaining_minutes"] for s in plan["slots"] if s["kind"] == "work"} == {40}


def test_problem_5_plan_apply_twice_gives_the_same_blocks(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "One", "-e", "50m", "-d", "today")
    run("add", "Two", "-e", "30m")
    run("block", "add", "12:00-13:00", "Lunch")
    first = run_json("plan", "--apply")
    blocks = run_json("block", "list")

    second = run_json("plan", "--apply")

    assert second["block_ids"] == first["block_ids"]
    assert run_json("block", "list") == blocks
    assert "nothing to undo" not in run("undo").stdout  # the first apply, not the second
    assert [b["title"] for b in run_json("block", "list")] == ["Lunch"]


def test_replanning_replaces_unstarted_plan_blocks_and_keeps_manual_and_started_ones(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "One", "-e", "50m", "-d", "today")
    run("add", "Two", "-e", "30m")
    run("block", "add", "15:00-16:00", "Call")
    first = run_json("plan", "--apply")
    at("09:10")  # the first block (09:00-09:25) is under way
    run("done", "1")

    proposal = run_json("plan")
    out = run("plan").stdout

    replaced = [b["id"] for b in proposal["replaces"]]
    assert first["block_ids"][0] not in replaced  # started: kept (and released)
    assert "of an earlier plan" in out
    again = run_json("plan", "--apply")
    titles = [(b["title"], b["source"]) for b in run_json("block", "list")]
    assert ("Call", "manual") in titles
    assert ("Two", "plan") in titles
    assert again["block_ids"]


def test_plan_from_replans_the_rest_of_the_day(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "One", "-e", "50m")
    plan = run_json("plan", "--from", "13:00")
    assert plan["from"] == f"{DAY}T13:00:00+01:00"
    assert plan["slots"][0]["start"] == f"{DAY}T13:00:00+01:00"


def test_problem_5_a_block_can_be_moved_and_changed(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Write", "-e", "1h")
    run("block", "add", "10:00-11:00", "--task", "1")
    run("block", "move", "1", "14:00")
    run("block", "edit", "1", "--length", "30m")
    block = run_json("block", "list")[0]
    assert (block["start"], block["minutes"]) == (f"{DAY}T14:00:00+01:00", 30)


def test_problem_5_work_away_from_the_keyboard_can_be_recorded(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Call the bank")
    at("12:00")
    run("session", "add", "1", "--from", "10:00", "--for", "40m")
    assert run_json("agenda")["focus_minutes"] == 40


def test_problem_6_an_upcoming_block_shows_no_focus(run: Run, at: Callable[[str], None]) -> None:
    run("add", "X", "-e", "1h30m")
    run("block", "add", "14:00-15:30", "--task", "1")
    at("08:11")

    row = next(line for line in run("agenda").stdout.splitlines() if "upcoming" in line)

    assert "1h30m" not in row


def test_problem_6_block_run_before_its_block_asks_and_off_a_terminal_refuses(
    run: Run, run_json: JsonRun, at: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "X", "-e", "1h30m")
    run("block", "add", "14:00-15:30", "--task", "1")
    at("08:11")

    refused = run("block", "run", "1", code=1)
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert "has not begun yet: pass --now" in refused.stderr
    monkeypatch.setattr("microtask.terminal.stdin_is_terminal", lambda: True)
    asked = run("block", "run", "1", code=1, input="n\n")
    assert "Run it now?" in asked.stderr
    assert run_json("session", "list") == []
    assert run_json("status")["running"] is False


def test_plan_from_a_later_time_counts_the_tasks_earlier_blocks_of_the_day(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "One", "-e", "50m")
    run("plan", "--apply")  # 09:00-09:25 and 09:30-09:55

    later = run_json("plan", "--from", "13:00")

    assert work_minutes(later) == []  # its morning blocks still hold its time


def test_a_plan_block_moved_by_hand_is_kept_by_replanning(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "One", "-e", "25m")
    first = run_json("plan", "--apply")
    run("block", "move", str(first["block_ids"][0]), "15:00")

    again = run_json("plan", "--apply")

    assert again["replaces"] == []
    assert work_minutes(again) == []
    blocks = run_json("block", "list")
    assert [(b["start"][11:16], b["source"]) for b in blocks] == [("15:00", "manual")]


def test_a_block_released_before_the_window_is_not_shown_as_busy(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "One", "-e", "25m", "-d", "today")
    run("plan", "--apply")  # 09:00-09:25
    at("09:10")
    run("done", "1")

    assert run_json("plan")["busy"] == []
