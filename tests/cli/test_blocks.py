"""Time blocks, the day plan and the agenda end to end: block add/list/rm, plan, agenda."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.conftest import Run
from tests.factories import cli_store, table_rows

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
Snapshot = dict[str, list[tuple[Any, ...]]]

DAY = "2026-11-23"  # the pinned Monday of tests/cli/conftest.py

BLOCK_KEYS = {"id", "title", "start", "end", "minutes", "task_id", "task_title", "source"}
PLAN_KEYS = {
    "day", "from", "to", "free_minutes", "planned_minutes", "slots", "does_not_fit", "busy",
    "applied", "block_ids", "replaces",
}  # fmt: skip
SLOT_KEYS = {"start", "end", "minutes", "kind", "task_id", "title", "remaining_minutes"}
NOT_FITTING_KEYS = {"id", "title", "needed_minutes", "planned_minutes"}


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Move the pinned wall clock to another time (``HH:MM[:SS]``) of the test's Monday."""

    def move(clock: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{DAY}T{clock}+01:00")

    return move


def store_contents(home: Path) -> Snapshot:
    """Every row the focus and block commands can write, read straight from the file."""
    return table_rows(cli_store(home), ("tasks", "blocks", "sessions", "activity", "undo_log"))


def assert_one_line_error(result: Result) -> str:
    """A refused command: one 'Error: ...' line on stderr, nothing on stdout, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}"
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def local(iso: str) -> str:
    """``HH:MM`` of an ISO time from the JSON output."""
    return datetime.fromisoformat(iso).strftime("%H:%M")


def work_slots(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [slot for slot in plan["slots"] if slot["kind"] == "work"]


def planned_minutes_of(plan: dict[str, Any], task_id: int) -> float:
    return float(sum(slot["minutes"] for slot in work_slots(plan) if slot["task_id"] == task_id))


def overlaps(a_start: str, a_end: str, b_start: str, b_end: str) -> bool:
    def at(text: str) -> datetime:
        return datetime.fromisoformat(text)

    return at(a_start) < at(b_end) and at(b_start) < at(a_end)


# -- block add ---------------------------------------------------------------------------


def test_block_add_prints_the_block_and_its_json_has_the_contract_keys_in_local_time(
    run: Run, run_json: JsonRun
) -> None:
    assert run("block", "add", "09:00-10:30", "Deep work").stdout == (
        "Added block 1 09:00-10:30 'Deep work'\n"
    )
    block = run_json("block", "add", "11:00-11:45", "Calls")
    assert set(block) == BLOCK_KEYS
    assert block == {
        "id": 2,
        "title": "Calls",
        "start": f"{DAY}T11:00:00+01:00",
        "end": f"{DAY}T11:45:00+01:00",
        "minutes": 45,
        "task_id": None,
        "task_title": None,
        "source": "manual",
    }


def test_block_add_with_a_task_takes_the_task_title_unless_one_is_given(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Write report")
    block = run_json("block", "add", "09:00-10:00", "--task", "1")
    assert (block["title"], block["task_id"], block["task_title"]) == (
        "Write report",
        1,
        "Write report",
    )
    named = run_json("block", "add", "10:00-11:00", "Report, part 2", "--task", "1")
    assert (named["title"], named["task_title"]) == ("Report, part 2", "Write report")


def test_block_add_without_a_title_or_task_is_refused_and_writes_nothing(
    run: Run, isolated_home: Path
) -> None:
    run("list")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("block", "add", "09:00-10:00", code=1))
    assert "title" in message
    assert store_contents(isolated_home) == before


@pytest.mark.parametrize(
    ("day", "date"),
    [
        ("tomorrow", "2026-11-24"),
        ("fri", "2026-11-27"),
        ("mon", "2026-11-30"),  # a weekday is the next one after today, as for due dates
        ("2026-12-01", "2026-12-01"),
    ],
)
def test_block_add_day_option_takes_tomorrow_a_weekday_or_an_iso_date(
    run_json: JsonRun, day: str, date: str
) -> None:
    block = run_json("block", "add", "09:00-10:00", "Review", "--day", day)
    assert block["start"] == f"{date}T09:00:00+01:00"
    assert block["end"] == f"{date}T10:00:00+01:00"


@pytest.mark.parametrize(
    ("span", "start", "end"),
    [
        ("2-3pm", "14:00", "15:00"),
        ("11-1pm", "11:00", "13:00"),
        ("9 \u2013 10:30am", "09:00", "10:30"),
        ("10:00\u201311:15", "10:00", "11:15"),
        ("1530-17", "15:30", "17:00"),
        ("23:00-24:00", "23:00", "00:00"),
    ],
)
def test_block_add_reads_12_hour_ranges_en_dashes_and_midnight(
    run_json: JsonRun, span: str, start: str, end: str
) -> None:
    block = run_json("block", "add", span, "Focus")
    assert (local(block["start"]), local(block["end"])) == (start, end)


def test_an_overlapping_block_is_refused_with_exit_4_naming_the_block_and_nothing_written(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    run("block", "add", "11:00-12:00", "Meeting")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("block", "add", "11:30-12:30", "Lunch", code=4))
    assert "11:30-12:30 overlaps block 1 11:00-12:00 'Meeting'" in message
    assert "block rm" in message
    assert store_contents(isolated_home) == before
    assert [b["title"] for b in run_json("block", "list")] == ["Meeting"]


@pytest.mark.parametrize("span", ["10:00-11:30", "11:15-11:45", "10:59-11:01"])
def test_any_overlap_at_all_is_refused(run: Run, span: str) -> None:
    run("block", "add", "11:00-12:00", "Meeting")
    assert "'Meeting'" in run("block", "add", span, "Other", code=4).stderr


def test_blocks_that_only_touch_are_allowed(run: Run, run_json: JsonRun) -> None:
    run("block", "add", "09:00-10:00", "First")
    run("block", "add", "10:00-11:00", "Second")
    run("block", "add", "08:00-09:00", "Before")
    assert [b["title"] for b in run_json("block", "list")] == ["Before", "First", "Second"]


@pytest.mark.parametrize("span", ["11:00-10:00", "3pm-2pm", "10:00-10:00"])
def test_a_block_ending_before_it_starts_exits_1_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path, span: str
) -> None:
    run("list")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("block", "add", span, "Backwards", code=1))
    assert "must end after it starts" in message or "before it starts" in message
    assert store_contents(isolated_home) == before
    assert run_json("block", "list") == []


@pytest.mark.parametrize(("span", "mention"), [("9-", "'9-'"), ("10:00-26:00", "26:00")])
def test_an_unreadable_time_range_exits_1(run: Run, span: str, mention: str) -> None:
    assert mention in assert_one_line_error(run("block", "add", span, "X", code=1))


def test_a_block_for_an_unknown_task_exits_3_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    run("add", "Something")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("block", "add", "09:00-10:00", "--task", "99", code=3))
    assert "99" in message
    assert store_contents(isolated_home) == before


def test_a_block_for_a_done_task_exits_4_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    run("add", "Finished thing")
    run("done", "1")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("block", "add", "09:00-10:00", "--task", "1", code=4))
    assert "task 1 is done" in message
    assert "reopen" in message
    assert store_contents(isolated_home) == before
    assert run_json("block", "list") == []


def test_block_labels_name_the_day_by_the_programs_clock_not_the_system_date(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A block today reads '09:00-10:00'; one on another day also gives its date."""
    monkeypatch.setenv("MICROTASK_NOW", "2031-03-10T08:00:00+01:00")  # not the real date
    assert run("block", "add", "9-10", "Today").stdout == "Added block 1 09:00-10:00 'Today'\n"
    assert run("block", "add", "9-10", "Later", "--day", "tomorrow").stdout == (
        "Added block 2 Tue 11 Mar 09:00-10:00 'Later'\n"
    )
    refused = run("block", "add", "9:30-11", "Clash", code=4).stderr
    assert "overlaps block 1 09:00-10:00 'Today'" in refused


# -- block list and rm -------------------------------------------------------------------


def test_block_list_shows_only_the_blocks_of_the_day_asked_for(run: Run, run_json: JsonRun) -> None:
    run("block", "add", "14:00-15:00", "Afternoon")
    run("block", "add", "09:00-10:00", "Morning")
    run("block", "add", "09:00-10:00", "Tomorrow's", "--day", "tomorrow")
    run("block", "add", "09:00-10:00", "Yesterday's", "--day", "2026-11-22")
    today = run_json("block", "list")
    assert [b["title"] for b in today] == ["Morning", "Afternoon"]  # in time order
    assert all(set(b) == BLOCK_KEYS for b in today)
    assert [b["title"] for b in run_json("block", "list", "tomorrow")] == ["Tomorrow's"]
    assert [b["title"] for b in run_json("block", "list", "2026-11-22")] == ["Yesterday's"]
    assert run_json("block", "list", "fri") == []
    text = run("block", "list").stdout
    assert "Morning" in text
    assert "Afternoon" in text
    assert "14:00\u201315:00" in text
    assert "Tomorrow's" not in text
    assert "2 blocks, 2h" in text


def test_block_list_of_an_empty_day_says_how_to_add_one(run: Run, run_json: JsonRun) -> None:
    assert "microtask block add" in run("block", "list").stdout
    assert run_json("block", "list") == []


def test_block_rm_removes_the_block_and_undo_brings_it_back(run: Run, run_json: JsonRun) -> None:
    run("add", "Write")
    run("block", "add", "09:00-10:00", "--task", "1")
    run("block", "add", "10:00-11:00", "Keep")
    original = run_json("block", "list")
    assert run("block", "rm", "1").stdout == "Removed block 1 09:00-10:00 'Write'\n"
    assert [b["id"] for b in run_json("block", "list")] == [2]
    assert "block rm 1 'Write'" in run("undo").stdout
    assert run_json("block", "list") == original


def test_block_rm_of_an_unknown_id_exits_3_and_removes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    run("block", "add", "09:00-10:00", "Keep")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("block", "rm", "1", "99", code=3))
    assert "no block with id 99" in message
    assert store_contents(isolated_home) == before


def test_undo_removes_an_added_block(run: Run, run_json: JsonRun) -> None:
    run("block", "add", "09:00-10:00", "Keep")
    run("block", "add", "10:00-11:00", "Oops")
    assert "block add 2 'Oops'" in run("undo").stdout
    assert [b["title"] for b in run_json("block", "list")] == ["Keep"]


# -- plan --------------------------------------------------------------------------------


def test_plan_puts_tasks_due_today_first_then_the_most_urgent(run: Run, run_json: JsonRun) -> None:
    run("add", "Low, due tonight", "-p", "low", "-d", "today")
    run("add", "Urgent, due tomorrow", "-p", "urgent", "-d", "tomorrow")
    run("add", "Medium", "-p", "medium")
    run("add", "High", "-p", "high")
    run("add", "Low, due at six", "-p", "low", "-d", "today 18:00")
    plan = run_json("plan")
    order = list(dict.fromkeys(slot["task_id"] for slot in work_slots(plan)))
    due_today, rest = order[:2], order[2:]
    assert sorted(due_today) == [1, 5]
    assert rest == [2, 4, 3]  # by urgency: urgent and due soon, high, medium


def test_plan_json_has_the_contract_keys_and_fills_from_now_to_the_day_end(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Write", "-e", "25m")
    plan = run_json("plan")
    assert set(plan) == PLAN_KEYS
    assert plan["day"] == DAY
    assert plan["from"] == f"{DAY}T10:00:00+01:00"  # it is 10:00: the morning is gone
    assert plan["to"] == f"{DAY}T17:00:00+01:00"
    assert plan["free_minutes"] == 7 * 60
    assert plan["planned_minutes"] == 25
    assert plan["slots"] == [
        {
            "start": f"{DAY}T10:00:00+01:00",
            "end": f"{DAY}T10:25:00+01:00",
            "minutes": 25,
            "kind": "work",
            "task_id": 1,
            "title": "Write",
            "remaining_minutes": 25,
        }
    ]
    assert (plan["does_not_fit"], plan["busy"], plan["applied"], plan["block_ids"]) == (
        [],
        [],
        False,
        [],
    )


def test_plan_cuts_work_into_pomodoro_chunks_with_breaks_between(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Long job", "-e", "2h")
    plan = run_json("plan")
    slots = plan["slots"]
    assert all(set(slot) == SLOT_KEYS for slot in slots)
    work = work_slots(plan)
    assert all(0 < slot["minutes"] <= 25 for slot in work)
    assert sum(slot["minutes"] for slot in work) == 120
    assert plan["planned_minutes"] == 120
    # Back to back, work and break alternating: never two work chunks without a rest.
    for before, after in pairwise(slots):
        assert before["end"] == after["start"]
        assert {before["kind"], after["kind"]} == {"work", "break"}
    assert slots[0]["kind"] == slots[-1]["kind"] == "work"
    breaks = [slot["minutes"] for slot in slots if slot["kind"] == "break"]
    assert breaks == [5, 5, 5, 15]  # a long break after the fourth pomodoro


def test_plan_works_around_existing_blocks(run: Run, run_json: JsonRun) -> None:
    run("add", "Long job", "-e", "3h")
    run("block", "add", "10:30-11:30", "Meeting")
    run("block", "add", "12:00-13:00", "Lunch")
    plan = run_json("plan")
    busy = plan["busy"]
    assert [b["title"] for b in busy] == ["Meeting", "Lunch"]
    assert all(set(b) == BLOCK_KEYS for b in busy)
    for slot in plan["slots"]:
        for block in busy:
            assert not overlaps(slot["start"], slot["end"], block["start"], block["end"]), slot
    assert plan["free_minutes"] == 7 * 60 - 120
    assert planned_minutes_of(plan, 1) == 180
    text = run("plan").stdout
    assert "Meeting" in text
    assert "busy" in text


def test_a_task_without_an_estimate_gets_one_pomodoro(run: Run, run_json: JsonRun) -> None:
    run("add", "Unsized")
    run("add", "Sized", "-e", "50m")
    plan = run_json("plan")
    assert planned_minutes_of(plan, 1) == 25
    assert len([s for s in work_slots(plan) if s["task_id"] == 1]) == 1
    assert planned_minutes_of(plan, 2) == 50


def test_plan_from_and_to_bound_the_planned_time(run: Run, run_json: JsonRun) -> None:
    run("add", "Long job", "-e", "5h")
    plan = run_json("plan", "--from", "13:00", "--to", "15:30")
    assert plan["from"] == f"{DAY}T13:00:00+01:00"
    assert plan["to"] == f"{DAY}T15:30:00+01:00"
    assert plan["free_minutes"] == 150
    assert plan["slots"][0]["start"] == plan["from"]
    for slot in plan["slots"]:
        assert plan["from"] <= slot["start"] < slot["end"] <= plan["to"]


def test_plan_another_day_uses_the_whole_configured_day(run: Run, run_json: JsonRun) -> None:
    run("add", "Write", "-e", "25m")
    plan = run_json("plan", "tomorrow")
    assert (plan["day"], plan["from"], plan["to"]) == (
        "2026-11-24",
        "2026-11-24T09:00:00+01:00",
        "2026-11-24T17:00:00+01:00",
    )
    assert plan["slots"][0]["start"] == "2026-11-24T09:00:00+01:00"


def test_plan_takes_focus_already_recorded_off_the_estimate(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    at("08:00")
    run("add", "Write", "-e", "1h")
    run("start", "1")
    at("08:20")
    run("stop")
    at("10:00")
    plan = run_json("plan")
    assert planned_minutes_of(plan, 1) == 40
    assert plan["does_not_fit"] == []


def test_plan_takes_blocks_already_booked_for_a_task_that_day_off_its_estimate(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Write", "-e", "1h")
    run("add", "Read", "-e", "25m")
    run("block", "add", "14:00-14:40", "--task", "1")
    run("block", "add", "15:00-15:25", "--task", "2")
    run("block", "add", "09:00-10:00", "Write", "--task", "1", "--day", "tomorrow")
    plan = run_json("plan")
    assert planned_minutes_of(plan, 1) == 20  # 1h less today's 40m; tomorrow's does not count
    assert planned_minutes_of(plan, 2) == 0  # all booked already
    assert plan["does_not_fit"] == []


def test_plan_lists_what_does_not_fit_with_what_it_needed_and_got(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Big", "-e", "3h", "-p", "high")
    run("add", "Also big", "-e", "2h")
    plan = run_json("plan", "--to", "11:00")
    assert plan["planned_minutes"] <= plan["free_minutes"] == 60
    assert all(set(entry) == NOT_FITTING_KEYS for entry in plan["does_not_fit"])
    assert plan["does_not_fit"] == [
        {"id": 1, "title": "Big", "needed_minutes": 180, "planned_minutes": 50},
        {"id": 2, "title": "Also big", "needed_minutes": 120, "planned_minutes": 0},
    ]
    text = run("plan", "--to", "11:00").stdout
    assert "Also big" in text


def test_plan_never_books_more_than_the_free_time(run: Run, run_json: JsonRun) -> None:
    for n in range(6):
        run("add", f"Job {n}", "-e", "2h")
    run("block", "add", "12:00-13:00", "Lunch")
    plan = run_json("plan")
    total = sum(slot["minutes"] for slot in plan["slots"])
    assert total <= plan["free_minutes"]
    starts = sorted(plan["slots"], key=lambda slot: slot["start"])
    for before, after in pairwise(starts):
        assert before["end"] <= after["start"]
    assert len(plan["does_not_fit"]) >= 3


def test_plan_apply_saves_work_as_plan_blocks_and_a_second_plan_adds_nothing(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Write", "-e", "50m", "-p", "high")
    run("add", "Read")
    run("block", "add", "11:00-12:00", "Meeting")
    applied = run_json("plan", "--apply")
    work = work_slots(applied)
    assert applied["applied"] is True
    assert len(applied["block_ids"]) == len(work) == 3
    blocks = run_json("block", "list")
    saved = [b for b in blocks if b["source"] == "plan"]
    assert [b["id"] for b in saved] == applied["block_ids"]
    assert [(b["start"], b["end"], b["task_id"], b["title"]) for b in saved] == [
        (s["start"], s["end"], s["task_id"], s["title"]) for s in work
    ]
    again = run_json("plan")
    assert again["slots"] == applied["slots"]  # the same proposal, replacing nothing
    assert again["does_not_fit"] == again["replaces"] == []
    assert run_json("plan", "--apply")["block_ids"] == applied["block_ids"]
    assert run_json("block", "list") == blocks


def test_undo_removes_the_blocks_an_applied_plan_saved(run: Run, run_json: JsonRun) -> None:
    run("add", "Write", "-e", "1h")
    run("block", "add", "16:00-17:00", "Keep")
    assert "Saved as 2 blocks" in run("plan", "--apply").stdout  # 25m + 35m: no fragment
    assert "plan --apply 2026-11-23 (2 blocks)" in run("undo").stdout
    assert [b["title"] for b in run_json("block", "list")] == ["Keep"]
    assert planned_minutes_of(run_json("plan"), 1) == 60


def test_planning_today_after_its_window_ended_exits_1_and_writes_nothing(
    run: Run, isolated_home: Path, at: Callable[[str], None]
) -> None:
    run("add", "Write")
    at("17:30")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("plan", "--apply", code=1))
    assert "nothing left to plan" in message
    assert "plan tomorrow" in message
    assert store_contents(isolated_home) == before


@pytest.mark.parametrize(
    ("args", "mention"),
    [
        (("--from", "15:00", "--to", "14:00"), "--to (14:00) must be after --from (15:00)"),
        (("--from", "25:00"), "25:00"),
        (("someday",), "someday"),
    ],
)
def test_plan_with_a_bad_window_or_day_exits_1(
    run: Run, args: tuple[str, ...], mention: str
) -> None:
    assert mention in assert_one_line_error(run("plan", *args, code=1))


def test_plan_on_an_empty_store_is_a_friendly_empty_plan(run: Run, run_json: JsonRun) -> None:
    text = run("plan").stdout
    assert "Nothing planned" in text
    assert "microtask add" in text
    plan = run_json("plan")
    assert (plan["slots"], plan["does_not_fit"], plan["planned_minutes"]) == ([], [], 0)
    assert plan["free_minutes"] == 7 * 60
    assert run_json("plan", "--apply")["applied"] is False


def test_plan_text_shows_the_slots_and_how_to_save_them(run: Run) -> None:
    run("add", "Write report", "-e", "50m")
    out = run("plan").stdout
    assert "Plan for Mon 23 Nov, 10:00\u201317:00" in out
    assert "10:00\u201310:25" in out
    assert "Write report" in out
    assert "break" in out
    assert "microtask plan --apply" in out


# -- agenda ------------------------------------------------------------------------------


@pytest.fixture
def worked_day(run: Run, at: Callable[[str], None]) -> None:
    """Blocks for the Monday and what was tracked, seen at 16:30."""
    run("add", "Write report", "-e", "2h")
    run("add", "Email")
    run("block", "add", "10:00-11:00", "--task", "1")  # 1: worked 50m on it -> done
    run("block", "add", "11:00-12:00", "--task", "2")  # 2: task 1 worked instead
    run("block", "add", "13:00-14:00", "--task", "2")  # 3: 15m of it -> partly
    run("block", "add", "15:00-16:00", "Gym", "--task", "2")  # 4: nothing -> missed
    run("block", "add", "17:00-18:00", "--task", "1")  # 5: later -> upcoming
    for task, start, stop in (
        ("1", "10:00", "10:50"),
        ("1", "11:05", "11:55"),
        ("2", "13:05", "13:20"),
        ("2", "16:05", "16:20"),  # outside every block
    ):
        at(start)
        run("start", task)
        at(stop)
        run("stop")
    at("16:30")


@pytest.mark.usefixtures("worked_day")
def test_agenda_json_gives_each_block_a_status_and_lists_the_differences(
    run_json: JsonRun,
) -> None:
    agenda = run_json("agenda")
    assert agenda["day"] == DAY
    statuses = {b["id"]: b["status"] for b in agenda["blocks"]}
    assert statuses == {1: "done", 2: "other-task", 3: "partly", 4: "missed", 5: "upcoming"}
    blocks = {b["id"]: b for b in agenda["blocks"]}
    assert blocks[1]["on_task_minutes"] == 50
    assert blocks[2]["other_task_ids"] == [1]
    assert blocks[2]["on_task_minutes"] == 0
    assert blocks[3]["focus_minutes"] == 15
    assert [(s["task_id"], s["block_ids"]) for s in agenda["sessions"]] == [
        (1, [1]),
        (1, [2]),
        (2, [3]),
        (2, []),
    ]
    assert agenda["sessions"][3]["unplanned_minutes"] == 15
    assert [(d["kind"], d["block_id"], d["session_id"]) for d in agenda["differences"]] == [
        ("other-task", 2, None),
        ("partly", 3, None),
        ("missed", 4, None),
        ("unplanned", None, 4),
    ]
    messages = [d["message"] for d in agenda["differences"]]
    assert "worked on task 1 'Write report' instead" in messages[0]
    assert messages[1].endswith("15m of 1h")
    assert messages[2] == "15:00\u201316:00 Gym: missed"
    assert "not in any block" in messages[3]
    assert agenda["planned_minutes"] == 300
    assert agenda["focus_minutes"] == 50 + 50 + 15 + 15
    assert agenda["on_plan_minutes"] == 65
    assert agenda["off_task_minutes"] == 50
    assert agenda["unplanned_minutes"] == 65


@pytest.mark.usefixtures("worked_day")
def test_agenda_text_shows_the_timeline_with_now_and_where_the_day_differed(run: Run) -> None:
    out = run("agenda").stdout
    lines = out.splitlines()
    assert lines[0] == "Agenda for Mon 23 Nov"
    order = [
        "10:00\u201311:00",
        "10:00\u201310:50",
        "11:00\u201312:00",
        "11:05\u201311:55",
        "13:00\u201314:00",
        "15:00\u201316:00",
        "16:05\u201316:20",
        "\u2500\u2500 now \u2500\u2500",
        "17:00\u201318:00",
    ]
    positions = [next(i for i, line in enumerate(lines) if text in line) for text in order]
    assert positions == sorted(positions)
    assert "missed" in lines[positions[5]]
    assert "upcoming" in lines[positions[8]]
    assert "Where the day differed" in out
    assert "15:00\u201316:00 Gym: missed" in out


def test_agenda_for_another_day_shows_only_its_blocks(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("block", "add", "09:00-10:00", "Today")
    run("block", "add", "09:00-10:00", "Tomorrow", "--day", "tomorrow")
    agenda = run_json("agenda", "tomorrow")
    assert agenda["day"] == "2026-11-24"
    assert [(b["title"], b["status"]) for b in agenda["blocks"]] == [("Tomorrow", "upcoming")]
    assert agenda["differences"] == []


def test_agenda_of_an_empty_day_is_friendly(run: Run, run_json: JsonRun) -> None:
    out = run("agenda").stdout
    assert "Agenda for Mon 23 Nov" in out
    assert "Nothing planned or worked on this day" in out
    assert "microtask plan" in out
    agenda = run_json("agenda")
    assert (agenda["blocks"], agenda["sessions"], agenda["differences"]) == ([], [], [])
    assert agenda["planned_minutes"] == agenda["focus_minutes"] == 0
