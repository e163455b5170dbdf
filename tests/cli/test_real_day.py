"""Issue 12's real day, end to end: a founder's day played through the CLI at a pinned
clock, and the end-of-day agenda checked against minutes worked out by hand.

The day (Wed 2 Dec 2026, Paris; plan window 09:00-17:00, 25/5/15 pomodoros, min_block 15m):

08:00  lunch 12:00-13:00 (block 1, by hand); tasks 1 "Investor update" (1h, high, due today),
       2 "Fix login bug" (30m, due today), 3 "Vendor contract" (45m), 4 "Blog post" (1h, low);
       plan --apply: 2 09:00-09:25 T1, 3 09:30-10:05 T1 (25 + 35: no 10m fragment),
       4 10:10-10:40 T2, 5 10:45-11:10 T3, 6 11:25-11:45 T3 (after the long break),
       7 13:00-13:25 T4, 8 13:30-14:05 T4
       split 1 into 5 "Gather numbers" (20m) and 6 "Write draft" (40m)
09:00-09:25  tracked on step 5: on plan in block 2 (its parent's)            25m on plan
09:30-09:50  tracked on step 6, then 5, 6 and 1 done: block 3 keeps
             09:30-09:50 and releases 09:50-10:05                          20m on plan, 15m released
10:00  task 3 delegated: blocks 5 and 6 released whole                         45m released
10:10-10:40  tracked on task 2 in block 4, then done                          30m on plan
11:55  task 7 "Reply to Ana" (20m, due today)
12:00  plan --apply again: blocks 7 and 8 (not begun) replaced by
       9 13:00-13:20 T7, 10 13:25-13:50 T4, 11 13:55-14:30 T4
12:05  block move 11 15:00 (15:00-15:35)
13:00-13:20  tracked on task 7 in block 9, done                              20m on plan
13:25-13:50  tracked on task 4 in block 10                                   25m on plan
16:00  the forgotten call: task 8, session add 11:00-11:40 (where the
       released blocks of task 3 were: in no block)                          40m unplanned
17:30  agenda: worked 160m, on plan 120m, unplanned 40m, released 60m;
       planned 60 (lunch) + 25 + 20 + 30 + 20 + 25 + 35 = 215m; block 11 missed
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.cli.conftest import Run

JsonRun = Callable[..., Any]
DAY = "2026-12-02"


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def move(clock: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{DAY}T{clock}+01:00")

    return move


def span(block: dict[str, Any]) -> tuple[str, str, int | None]:
    return (block["start"][11:16], block["end"][11:16], block["task_id"])


def track(run: Run, at: Callable[[str], None], task: str, start: str, stop: str) -> None:
    at(start)
    run("start", task)
    at(stop)
    run("stop")


def test_a_founders_real_day_ends_with_the_hand_computed_agenda(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    at("08:00")
    run("provider", "add", "Ana Lima")
    run("block", "add", "12:00-13:00", "Lunch")
    run("add", "Investor update", "-e", "1h", "-p", "high", "-d", "today")
    run("add", "Fix login bug", "-e", "30m", "-d", "today")
    run("add", "Vendor contract", "-e", "45m")
    run("add", "Blog post", "-e", "1h", "-p", "low")
    morning = run_json("plan", "--apply")
    assert morning["block_ids"] == [2, 3, 4, 5, 6, 7, 8]
    assert [span(b) for b in run_json("block", "list") if b["source"] == "plan"] == [
        ("09:00", "09:25", 1),
        ("09:30", "10:05", 1),
        ("10:10", "10:40", 2),
        ("10:45", "11:10", 3),
        ("11:25", "11:45", 3),
        ("13:00", "13:25", 4),
        ("13:30", "14:05", 4),
    ]
    run("split", "1", "Gather numbers ~20m", "Write draft ~40m")

    track(run, at, "5", "09:00", "09:25")
    track(run, at, "6", "09:30", "09:50")
    run("done", "5", "6")
    run("done", "1")  # finished early: the rest of block 3 is given back
    at("10:00")
    run("delegate", "3", "--to", "Ana Lima")
    track(run, at, "2", "10:10", "10:40")
    run("done", "2")

    at("11:55")
    run("add", "Reply to Ana", "-e", "20m", "-d", "today")
    at("12:00")
    noon = run_json("plan", "--apply")
    assert [b["id"] for b in noon["replaces"]] == [7, 8]
    assert noon["block_ids"] == [9, 10, 11]
    assert run_json("plan", "--apply")["block_ids"] == [9, 10, 11]  # idempotent
    at("12:05")
    run("block", "move", "11", "15:00")

    track(run, at, "7", "13:00", "13:20")
    run("done", "7")
    track(run, at, "4", "13:25", "13:50")
    at("16:00")
    run("add", "Call the accountant")
    run("session", "add", "8", "--from", "11:00", "--to", "11:40", "--note", "forgot")

    at("17:30")
    agenda = run_json("agenda")
    assert agenda["focus_minutes"] == 160
    assert agenda["on_plan_minutes"] == 120
    assert agenda["unplanned_minutes"] == 40
    assert agenda["released_minutes"] == 60
    assert agenda["planned_minutes"] == 215
    statuses = {b["id"]: b["status"] for b in agenda["blocks"]}
    assert statuses == {
        1: "unrecorded",
        2: "done",
        3: "done",
        4: "done",
        5: "released",
        6: "released",
        9: "done",
        10: "done",
        11: "missed",
    }
    assert [d["kind"] for d in agenda["differences"]] == ["unplanned", "missed"]
    plan_blocks = [b for b in run_json("block", "list") if b["source"] == "plan"]
    assert all(b["minutes"] >= 15 for b in plan_blocks)  # no fragments
    out = run("agenda").stdout
    assert "on plan 2h" in out
    assert "released 1h" in out
