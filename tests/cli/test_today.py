"""`microtask today` end to end: the morning screen on a fresh store and a busy one.

The clock is pinned to Monday 2026-11-23 10:00 in Europe/Paris (tests/cli/conftest.py):
today runs from 2026-11-22T23:00Z to 2026-11-23T23:00Z.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run
from tests.factories import cli_store, store_sql, table_rows

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
Snapshot = dict[str, list[tuple[Any, ...]]]

DAY = "2026-11-23"
TODAY_KEYS = {
    "date", "now", "running", "overdue", "overdue_count", "due_today", "due_today_count",
    "blocks", "plan", "next", "pomodoros", "check_ins", "over_cap", "check_in_reports",
}  # fmt: skip
POMODORO_KEYS = {"completed", "interrupted", "goal", "focus_minutes"}
EN = "\N{EN DASH}"


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Move the pinned wall clock to another time (``HH:MM``) of the test's Monday."""

    def move(clock: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{DAY}T{clock}:00+01:00")

    return move


def add(run_json: JsonRun, title: str, *options: str) -> int:
    task_id: int = run_json("add", title, *options)["id"]
    return task_id


def ids(tasks: list[dict[str, Any]]) -> list[int]:
    return [task["id"] for task in tasks]


def paris_ts(local: str) -> float:
    """``2026-11-23T08:00`` in Paris (UTC+1 in November) as epoch seconds."""
    return datetime.fromisoformat(f"{local}+01:00").timestamp()


def insert_session(
    home: Path, kind: str, start: str, end: str, focus_minutes: float, outcome: str
) -> None:
    """A finished session, written as the recorder writes one (times are Paris wall time)."""
    store_sql(
        cli_store(home),
        "INSERT INTO sessions (kind, task_id, start_ts, end_ts, focus_seconds, outcome)"
        " VALUES (:kind, NULL, :start, :end, :focus, :outcome)",
        {
            "kind": kind,
            "start": paris_ts(start),
            "end": paris_ts(end),
            "focus": focus_minutes * 60,
            "outcome": outcome,
        },
    )


def store_contents(home: Path) -> Snapshot:
    return table_rows(
        cli_store(home), ("tasks", "blocks", "sessions", "activity", "delegations", "undo_log")
    )


def set_goal(home: Path, goal: int) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f"[pomodoro]\ndaily_goal = {goal}\n", encoding="utf-8")


# -- a fresh store --------------------------------------------------------------------


def test_a_fresh_store_gets_a_hint_on_how_to_start_and_exit_0(run: Run) -> None:
    out = run("today").stdout
    assert out.splitlines()[0] == "Today, Mon 23 Nov 2026, 10:00"
    assert "Nothing here yet. Add your first task:" in out
    assert 'microtask add "Write the landing page"' in out
    assert "Overdue" not in out
    assert "Pomodoros" not in out


def test_json_on_a_fresh_store_has_every_key_empty_and_the_default_goal(
    run_json: JsonRun,
) -> None:
    data = run_json("today")
    assert set(data) == TODAY_KEYS
    assert data["date"] == DAY
    assert data["now"] == f"{DAY}T10:00:00+01:00"
    assert data["running"] is None
    assert (data["overdue"], data["overdue_count"]) == ([], 0)
    assert (data["due_today"], data["due_today_count"]) == ([], 0)
    assert data["blocks"] == []
    assert data["next"] is None
    assert data["check_ins"] == data["over_cap"] == data["check_in_reports"] == []
    assert set(data["pomodoros"]) == POMODORO_KEYS
    assert data["pomodoros"] == {"completed": 0, "interrupted": 0, "goal": 8, "focus_minutes": 0}
    # the rest of the working day (10:00 to the default 17:00) is free, with nothing to plan
    assert data["plan"]["free_minutes"] == 7 * 60
    assert data["plan"]["slots"] == []


def test_a_store_with_nothing_open_says_so_in_one_line_each(run: Run, run_json: JsonRun) -> None:
    add(run_json, "Old chore")
    run("done", "1")
    out = run("today").stdout
    assert "Nothing overdue or due today." in out
    assert "No open task." in out
    assert "Pomodoros  0 of 8" in out
    assert "Nothing here yet" not in out


# -- overdue and due today ------------------------------------------------------------


def test_overdue_and_due_today_split_at_local_midnight(run_json: JsonRun) -> None:
    late_night = add(run_json, "Due last night", "--due", "2026-11-22 23:59")
    midnight = add(run_json, "Due at midnight", "--due", "2026-11-23 00:00")
    this_morning = add(run_json, "Due this morning", "--due", "today 08:00")
    tonight = add(run_json, "Due tonight", "--due", "today 23:59")
    add(run_json, "Due tomorrow", "--due", "2026-11-24 00:00")
    add(run_json, "No due date")
    data = run_json("today")
    assert ids(data["overdue"]) == [late_night]
    assert data["overdue_count"] == 1
    # past its time (08:00) but still due today: a calendar day, not "before now"
    assert sorted(ids(data["due_today"])) == sorted([midnight, this_morning, tonight])
    assert data["due_today_count"] == 3


def test_done_dropped_and_delegated_tasks_are_not_overdue(run: Run, run_json: JsonRun) -> None:
    for title in ("Done", "Dropped", "Handed off", "Still open"):
        add(run_json, title, "--due", "2026-11-20")
    run("done", "1")
    run("drop", "2")
    run("provider", "add", "Ana")
    run("delegate", "3", "--to", "Ana")
    data = run_json("today")
    assert ids(data["overdue"]) == [4]
    assert data["overdue_count"] == 1


def test_overdue_tasks_come_most_urgent_first(run_json: JsonRun) -> None:
    # low, a week late: 1.8 priority + 12 due + 3 overdue = 16.8 (plus age)
    week_late = add(run_json, "Week late", "-p", "low", "--due", "2026-11-16")
    # urgent, 10h late: 9 + 12 + 3 x 10/168 = 21.2
    urgent = add(run_json, "Urgent", "-p", "urgent", "--due", "2026-11-23 00:00")
    yesterday = add(run_json, "Yesterday", "-p", "urgent", "--due", "2026-11-22")
    data = run_json("today")
    assert ids(data["overdue"]) == [yesterday, week_late]
    assert ids(data["due_today"]) == [urgent]


def test_the_screen_lists_overdue_and_due_today_with_their_due_times(
    run: Run, run_json: JsonRun
) -> None:
    add(run_json, "Renew domain", "-p", "high", "--due", "2026-11-21", "-e", "15m")
    add(run_json, "Send invoice", "--due", "today 17:00")
    out = run("today").stdout
    lines = out.splitlines()
    overdue_at = lines.index("Overdue  1 task")
    # due at the end of Saturday 21st (23:59:59): 34 hours before Monday 10:00
    row = ["1", "high", "Renew", "domain", "overdue", "34h", "15m"]
    assert lines[overdue_at + 1].split() == row
    due_at = lines.index("Due today  1 task")
    assert lines[due_at + 1].split() == ["2", "medium", "Send", "invoice", "17:00", "in", "7h"]
    assert overdue_at < due_at


def test_long_lists_show_ten_and_count_the_rest_with_a_command_that_lists_them(
    run: Run, run_json: JsonRun
) -> None:
    add(run_json, "Launch", "--due", "2026-11-20")
    steps = [f"Step {n}" for n in range(1, 56)]
    run("split", "1", *steps)  # 55 steps, due when their parent is: 56 overdue in all
    out = run("today").stdout
    assert "Overdue  56 tasks" in out
    assert 'and 46 more: microtask list --due-before "today 00:00"' in out
    lines = out.splitlines()
    start = lines.index("Overdue  56 tasks") + 1
    shown = lines[start : start + 10]
    assert all(line.startswith("  ") and "overdue 2 days" in line for line in shown)  # 58h
    assert lines[start + 10].strip().startswith("and 46 more")
    data = run_json("today")
    assert (len(data["overdue"]), data["overdue_count"]) == (50, 56)
    # the command the screen points at really lists them all
    listed = run_json("list", "--due-before", "today 00:00")
    assert len(listed) == 56


def test_tasks_in_the_json_have_the_shape_of_list_json(run_json: JsonRun) -> None:
    add(run_json, "Pay rent", "--due", "2026-11-22", "-t", "home", "-e", "10m")
    add(run_json, "Call bank", "--due", "today 15:00")
    data = run_json("today")
    listed = {task["id"]: task for task in run_json("list")}
    assert data["overdue"] == [listed[1]]
    assert data["due_today"] == [listed[2]]


# -- blocks and the plan ----------------------------------------------------------------


def test_blocks_and_a_plan_for_the_free_time_left_are_shown_and_nothing_is_booked(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    add(run_json, "Write intro", "-e", "50m")
    run("block", "add", "11:00-12:00", "Team sync")
    before = store_contents(isolated_home)
    data = run_json("today")
    out = run("today").stdout
    assert store_contents(isolated_home) == before  # a proposal: no block, no undo entry
    assert [(b["id"], b["title"], b["minutes"]) for b in data["blocks"]] == [(1, "Team sync", 60)]
    assert data["blocks"] == run_json("block", "list")
    slots = [
        (slot["kind"], slot["start"][11:16], slot["end"][11:16], slot["task_id"])
        for slot in data["plan"]["slots"]
    ]
    # 50m from 10:00 in pomodoros: 25m work, 5m break, 25m work
    assert slots == [
        ("work", "10:00", "10:25", 1),
        ("break", "10:25", "10:30", None),
        ("work", "10:30", "10:55", 1),
    ]
    assert (data["plan"]["planned_minutes"], data["plan"]["free_minutes"]) == (50, 6 * 60)
    assert data["plan"]["applied"] is False
    assert "Blocks" in out
    assert "Team sync" in out
    assert f"Proposed plan for the rest of today  10:00{EN}17:00, 50m of 6h free" in out
    assert f"  10:00{EN}10:55  1  Write intro" in out  # two pomodoros and their break: one line
    assert "Book it with: microtask plan --apply" in out


def test_a_block_between_two_chunks_of_a_task_keeps_them_on_two_lines(
    run: Run, run_json: JsonRun
) -> None:
    add(run_json, "Write intro", "-e", "1h")
    run("block", "add", "11:00-12:00", "Team sync")
    out = run("today").stdout
    # 10:00-10:25, 10:30-10:50 (leaving no fragment), then the block, then the last 15m
    assert f"  10:00{EN}10:50  1  Write intro" in out
    assert f"  12:00{EN}12:15  1  Write intro" in out


def test_after_the_working_day_there_is_no_plan(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    add(run_json, "Write intro", "-e", "1h")
    at("18:00")
    assert run_json("today")["plan"] is None
    out = run("today").stdout
    assert "Proposed plan" not in out
    assert "Next: 1 Write intro" in out


# -- next, running, pomodoros, check-ins ------------------------------------------------


def test_the_next_task_is_the_one_next_names(run: Run, run_json: JsonRun) -> None:
    add(run_json, "Someday", "-p", "low")
    add(run_json, "Ship it", "-p", "urgent", "--due", "tomorrow")
    data = run_json("today")
    assert data["next"] == run_json("next")
    assert data["next"]["id"] == 2
    assert "Next: 2 Ship it" in run("today").stdout


def test_what_runs_now_is_shown_and_its_focus_counts_today(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    add(run_json, "Write report")
    at("09:30")
    run("start", "1")
    at("10:00")
    data = run_json("today")
    assert data["running"] == run_json("status")
    assert (data["running"]["kind"], data["running"]["task_id"]) == ("tracked", 1)
    assert data["pomodoros"]["focus_minutes"] == 30
    out = run("today").stdout
    assert "Now  Tracking task 1 'Write report' for 30:00 (since 09:30)." in out
    assert "focus today 30m" in out


def test_pomodoros_today_count_against_the_configured_goal(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    set_goal(isolated_home, 3)
    add(run_json, "Write")
    home = isolated_home
    insert_session(home, "pomodoro", f"{DAY}T08:00", f"{DAY}T08:25", 25, "completed")
    insert_session(home, "pomodoro", f"{DAY}T08:30", f"{DAY}T08:55", 25, "completed")
    insert_session(home, "pomodoro", f"{DAY}T09:00", f"{DAY}T09:10", 10, "interrupted")
    insert_session(home, "tracked", f"{DAY}T09:15", f"{DAY}T09:35", 20, "completed")
    # yesterday's last pomodoro ran over midnight: it counts yesterday, its last 10m today
    insert_session(home, "pomodoro", "2026-11-22T23:50", f"{DAY}T00:10", 20, "completed")
    insert_session(home, "pomodoro", "2026-11-22T22:00", "2026-11-22T22:25", 25, "completed")
    data = run_json("today")
    # focus: 25 + 25 + 10 + 20 + 10 (the part after midnight) = 90 minutes
    assert data["pomodoros"] == {"completed": 2, "interrupted": 1, "goal": 3, "focus_minutes": 90}
    line = next(x for x in run("today").stdout.splitlines() if x.startswith("Pomodoros"))
    assert line == "Pomodoros  2 of 3  ██░ · 1 interrupted · focus today 1h30m"


def test_more_pomodoros_than_the_goal_is_fine(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    set_goal(isolated_home, 2)
    add(run_json, "Write")
    for hour in ("07", "08", "09"):
        start, end = f"{DAY}T{hour}:00", f"{DAY}T{hour}:25"
        insert_session(isolated_home, "pomodoro", start, end, 25, "completed")
    data = run_json("today")
    assert (data["pomodoros"]["completed"], data["pomodoros"]["goal"]) == (3, 2)
    line = next(x for x in run("today").stdout.splitlines() if x.startswith("Pomodoros"))
    assert line == "Pomodoros  3 of 2  ██  goal met (+1) · focus today 1h15m"


def test_a_goal_of_zero_shows_just_the_count(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    set_goal(isolated_home, 0)
    add(run_json, "Write")
    insert_session(isolated_home, "pomodoro", f"{DAY}T08:00", f"{DAY}T08:25", 25, "completed")
    assert run_json("today")["pomodoros"]["goal"] is None
    line = next(x for x in run("today").stdout.splitlines() if x.startswith("Pomodoros"))
    assert line == "Pomodoros  1 completed today · focus today 25m"


def test_delegation_check_ins_show_once_they_fall_due(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    add(run_json, "Book venue")
    run("provider", "add", "Ana")
    run("delegate", "1", "--to", "Ana", "--check-in", "1h")
    assert run_json("today")["check_ins"] == []
    at("11:30")
    data = run_json("today")
    assert [(c["task_id"], c["provider"], c["check_in"]) for c in data["check_ins"]] == [
        (1, "Ana", f"{DAY}T11:00:00+01:00")
    ]
    assert "Check-in due: task 1 Book venue with Ana (since Mon 11:00)" in run("today").stdout


# -- user text, writing nothing --------------------------------------------------------------


def test_titles_with_control_characters_and_markup_are_shown_as_text(
    run: Run, run_json: JsonRun
) -> None:
    add(run_json, "Pay [bold]rent[/bold] \x1b[31mnow", "--due", "2026-11-20")
    add(run_json, "Call [red]bank\x07", "--due", "today 18:00")
    out = run("today").stdout
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "Pay [bold]rent[/bold] \\x1b[31mnow" in out
    assert "Call [red]bank\\x07" in out
    data = run_json("today")
    assert data["overdue"][0]["title"] == "Pay [bold]rent[/bold] \x1b[31mnow"


def test_today_writes_nothing(run: Run, run_json: JsonRun, isolated_home: Path) -> None:
    add(run_json, "Write intro", "-e", "2h", "--due", "today 16:00")
    run("block", "add", "13:00-14:00", "Lunch")
    before = store_contents(isolated_home)
    run("today")
    run("today", "--json")
    assert store_contents(isolated_home) == before
