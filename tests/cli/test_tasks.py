"""The task commands end to end: add, list, show, next, edit, split, done, drop, rm, undo."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]

TASK_KEYS = {
    "id", "title", "status", "priority", "due", "estimate_minutes", "tags", "project",
    "parent_id", "subtask_ids", "notes", "created_at", "updated_at", "done_at", "urgency",
    "focus_minutes", "criteria", "uuid", "series", "after", "wait", "scheduled",
}  # fmt: skip


def ids(listing: list[dict[str, Any]]) -> list[int]:
    return [t["id"] for t in listing]


def test_add_prints_the_new_id_and_title_with_medium_priority_by_default(
    run: Run, run_json: JsonRun
) -> None:
    result = run("add", "Send invoice")
    assert result.stdout == "Added task 1: Send invoice\n"
    task = run_json("show", "1")
    assert task["priority"] == "medium"
    assert task["status"] == "open"


def test_add_json_has_every_contract_key_with_local_iso_times(run_json: JsonRun) -> None:
    task = run_json(
        "add", "Write copy", "-p", "high", "-d", "2026-12-01 14:00", "-e", "1h30m",
        "-t", "web", "-t", "copy", "-P", "launch", "--note", "done when reviewed",
    )  # fmt: skip
    assert set(task) == TASK_KEYS
    assert task["due"] == "2026-12-01T14:00:00+01:00"
    assert task["estimate_minutes"] == 90
    assert task["tags"] == ["copy", "web"]  # tags come back sorted
    assert task["project"] == "launch"
    assert task["notes"] == "done when reviewed"
    assert task["created_at"] == "2026-11-23T10:00:00+01:00"
    assert task["done_at"] is None
    assert isinstance(task["urgency"], float)
    assert str(uuid.UUID(task["uuid"])) == task["uuid"]


def test_every_task_gets_its_own_uuid_and_keeps_it(run_json: JsonRun) -> None:
    first = run_json("add", "One")["uuid"]
    second = run_json("add", "Two")["uuid"]
    run_json("edit", "1", "--title", "Uno")

    assert first != second
    assert [t["uuid"] for t in run_json("list")] == [first, second]


def test_add_with_parent_makes_a_subtask_that_inherits_the_project(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Launch", "-P", "site")
    child = run_json("add", "Buy domain", "--parent", "1")
    assert child["parent_id"] == 1
    assert child["project"] == "site"
    assert run_json("show", "1")["subtask_ids"] == [2]


def test_list_shows_open_tasks_most_urgent_first(run: Run, run_json: JsonRun) -> None:
    run("add", "Low thing", "-p", "low")
    run("add", "Urgent thing", "-p", "urgent")
    run("add", "Due soon", "-d", "tomorrow")
    run("add", "Finished", "-p", "urgent")
    run("done", "4")
    listing = run_json("list")
    assert ids(listing) == [3, 2, 1]
    urgencies = [t["urgency"] for t in listing]
    assert urgencies == sorted(urgencies, reverse=True)


def test_list_tree_puts_subtasks_under_their_parent_in_step_order(run: Run) -> None:
    run("add", "Other", "-p", "low")
    run("add", "Launch", "-p", "high")
    run("split", "2", "First step", "Second step")
    lines = run("list").stdout.splitlines()
    titles = [line for line in lines if "step" in line or "Launch" in line or "Other" in line]
    assert [t.split()[0] for t in titles] == ["2", "3", "4", "1"]
    assert "└ First step" in titles[1]


def test_list_flat_has_one_row_per_task_without_tree_marks(run: Run) -> None:
    run("add", "Launch")
    run("split", "1", "Step")
    assert "└" not in run("list", "--flat").stdout


def test_list_filters_by_status_tag_project_and_due(run: Run, run_json: JsonRun) -> None:
    run("add", "A", "-t", "web", "-P", "site", "-d", "tomorrow")
    run("add", "B", "-t", "ops", "-d", "2027-01-10")
    run("add", "C")
    run("drop", "3")
    assert ids(run_json("list", "--tag", "web")) == [1]
    assert ids(run_json("list", "--project", "site")) == [1]
    assert ids(run_json("list", "--due-before", "next week")) == [1]
    assert ids(run_json("list", "--status", "dropped")) == [3]
    assert sorted(ids(run_json("list", "--all"))) == [1, 2, 3]


def test_list_limit_keeps_the_most_urgent_and_says_how_many_there_are(
    run: Run, run_json: JsonRun
) -> None:
    for n in range(5):
        run("add", f"Task {n}", "-p", "urgent" if n == 3 else "low")
    assert ids(run_json("list", "--limit", "1")) == [4]
    assert "1 of 5 tasks" in run("list", "--limit", "1").stdout


def test_list_json_to_a_pipe_is_one_task_a_line(run: Run, run_json: JsonRun) -> None:
    for title in ("One", "Two", "Three"):
        run("add", title)

    lines = run("list", "--json").stdout.splitlines()

    assert (lines[0], lines[-1], len(lines)) == ("[", "]", 5)
    assert [json.loads(line.removesuffix(","))["title"] for line in lines[1:-1]] == [
        t["title"] for t in run_json("list")
    ]


def test_list_on_an_empty_store_says_how_to_add(run: Run) -> None:
    assert "microtask add" in run("list").stdout


def test_show_gives_fields_subtask_progress_and_urgency_breakdown(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Launch", "-e", "2h", "-p", "high", "-d", "fri")
    run("split", "1", "Outline ~30m", "Write", "Review")
    run("done", "2")
    out = run("show", "1").stdout
    assert "Subtasks: 1/3 done, estimate 30m/2h done" in out
    for term in ("priority", "due", "blocked", "total"):
        assert term in out
    detail = run_json("show", "1")
    assert set(TASK_KEYS) <= set(detail)
    assert detail["progress"] == {
        "subtasks_done": 1,
        "subtasks_total": 3,
        "estimate_done_minutes": 30,
        "estimate_total_minutes": 120,
    }
    total = sum(t["value"] for t in detail["urgency_terms"])
    assert total == pytest.approx(detail["urgency"], abs=0.01)


def test_next_picks_the_most_urgent_leaf_not_a_parent_waiting_on_steps(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Big urgent thing", "-p", "urgent", "-d", "today")
    run("split", "1", "Small step")
    run("add", "Medium thing")
    assert run_json("next")["id"] == 2
    out = run("next").stdout
    assert "Small step" in out
    assert "why:" in out


def test_next_with_nothing_open_says_so(run: Run, run_json: JsonRun) -> None:
    assert "Nothing to do" in run("next").stdout
    assert run_json("next") is None


def test_edit_changes_clears_and_untags(run: Run, run_json: JsonRun) -> None:
    run("add", "Draft", "-d", "tomorrow", "-e", "1h", "-t", "a", "-t", "b", "-P", "x")
    task = run_json(
        "edit", "1", "--title", "Final", "--clear-due", "--clear-estimate", "--untag", "a",
        "-t", "c", "-p", "high", "--clear-project",
    )  # fmt: skip
    assert (task["title"], task["due"], task["estimate_minutes"]) == ("Final", None, None)
    assert task["tags"] == ["b", "c"]
    assert (task["priority"], task["project"]) == ("high", None)


def test_edit_with_nothing_to_change_is_an_error(run: Run) -> None:
    run("add", "Draft")
    assert "nothing to change" in run("edit", "1", code=1).stderr


def test_split_shares_the_parent_estimate_across_steps_without_one(run_json: JsonRun) -> None:
    run_json("add", "Launch", "-e", "2h")
    steps = run_json("split", "1", "A", "B ~30m", "C")
    assert [s["estimate_minutes"] for s in steps] == [45, 30, 45]
    assert [s["parent_id"] for s in steps] == [1, 1, 1]


def test_split_reads_a_markdown_checklist_from_a_file(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    source = tmp_path / "steps.md"
    source.write_text("- [ ] Collect receipts ~15m\n\n- [x] Fill form\n* [ ] File it\n")
    run("add", "Taxes")
    steps = run_json("split", "1", "--from", str(source))
    assert [s["title"] for s in steps] == ["Collect receipts", "Fill form", "File it"]
    assert steps[0]["estimate_minutes"] == 15
    assert [s["status"] for s in steps] == ["open", "done", "open"]  # - [x]: done already
    assert steps[1]["done_at"] is not None
    assert [t["id"] for t in run_json("next")["subtasks"]] == []  # next names an open step
    assert run_json("next")["title"] == "Collect receipts"


def test_split_reads_steps_from_stdin(run: Run) -> None:
    run("add", "Taxes")
    out = run("split", "1", "--from", "-", input="One\nTwo\n").stdout
    assert "into 2 steps" in out


def test_a_long_split_names_its_first_fifty_steps_and_counts_the_rest(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Data entry")
    lines = "".join(f"Row {n}\n" for n in range(1, 1235))

    out = run("split", "1", "--from", "-", input=lines).stdout.splitlines()

    assert out[0] == "Split task 1: Data entry into 1234 steps:"
    assert out[1:51] == [f"  {n + 1}: Row {n}" for n in range(1, 51)]
    assert out[51:] == ["  ... and 1184 more: see `microtask show 1`"]
    assert len(run_json("list", "--status", "open")) == 1 + 1234


def test_split_works_at_any_depth(run: Run, run_json: JsonRun) -> None:
    run("add", "Root")
    run("split", "1", "Child")
    run("split", "2", "Grandchild")
    run("split", "3", "Great-grandchild")
    detail = run_json("show", "1")
    assert [t["title"] for t in detail["subtasks"]] == ["Child", "Grandchild", "Great-grandchild"]
    assert run_json("next")["id"] == 4


@pytest.mark.parametrize(
    ("command", "verb"), [(("done", "1", "--cascade"), "Completed"), (("drop", "1"), "Dropped")]
)
def test_finishing_a_large_tree_names_fifty_tasks_and_counts_the_rest(
    run: Run, command: tuple[str, ...], verb: str
) -> None:
    run("add", "Data entry")
    run("split", "1", "--from", "-", input="".join(f"Row {n}\n" for n in range(1, 80)))

    out = run(*command).stdout.splitlines()

    assert out[:2] == [f"{verb} task 1: Data entry", f"{verb} task 2: Row 1"]
    assert out[2:50] == [f"{verb} task {n + 1}: Row {n}" for n in range(2, 50)]
    assert out[50:] == ["... and 30 more"]
    named = ", ".join(["1 'Data entry'", *(f"{n + 1} 'Row {n}'" for n in range(1, 10))])
    assert run("undo").stdout == f"Undid: {command[0]} {named} ... and 70 more\n"


def test_done_refuses_a_parent_with_open_subtasks_and_names_them(run: Run) -> None:
    run("add", "Launch")
    run("split", "1", "Outline", "Review")
    result = run("done", "1", code=4)
    assert "2 'Outline'" in result.stderr
    assert "3 'Review'" in result.stderr
    assert "--cascade" in result.stderr


def test_done_cascade_closes_the_whole_subtree(run: Run, run_json: JsonRun) -> None:
    run("add", "Launch")
    run("split", "1", "Outline")
    run("split", "2", "Notes")
    run("done", "1", "--cascade")
    assert {t["status"] for t in run_json("list", "--all")} == {"done"}


def test_finishing_the_last_subtask_offers_the_parent(run: Run) -> None:
    run("add", "Launch")
    run("split", "1", "Outline", "Review")
    assert "All subtasks" not in run("done", "2").stdout
    out = run("done", "3").stdout
    assert "All subtasks of task 1: Launch are done" in out
    assert "microtask done 1" in out


def test_done_on_a_parent_together_with_all_its_open_steps_is_accepted(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Launch")
    run("split", "1", "Outline")
    run("done", "1", "2")
    assert run_json("show", "1")["status"] == "done"


def test_reopen_brings_back_a_done_task_and_its_done_parent(run: Run, run_json: JsonRun) -> None:
    run("add", "Launch")
    run("split", "1", "Outline")
    run("done", "1", "--cascade")
    out = run("reopen", "2").stdout
    assert "Reopened its parent task 1" in out
    assert run_json("show", "1")["status"] == "open"
    assert run_json("show", "2")["done_at"] is None


def test_drop_marks_the_task_and_its_open_subtasks_dropped(run: Run, run_json: JsonRun) -> None:
    run("add", "Launch")
    run("split", "1", "Outline", "Review")
    run("done", "2")
    run("drop", "1")
    statuses = {t["id"]: t["status"] for t in run_json("list", "--all")}
    assert statuses == {1: "dropped", 2: "done", 3: "dropped"}


def test_rm_asks_first_and_keeps_everything_when_refused(run: Run, run_json: JsonRun) -> None:
    run("add", "Launch")
    run("split", "1", "Outline")
    result = run("rm", "1", input="n\n", code=1)
    assert "and its 1 subtask(s)" in result.stdout
    assert len(run_json("list", "--all")) == 2


def test_rm_yes_deletes_the_task_and_its_subtasks(run: Run, run_json: JsonRun) -> None:
    run("add", "Launch")
    run("split", "1", "Outline")
    run("add", "Keep")
    assert "Deleted 2 tasks." in run("rm", "1", "--yes").stdout
    assert ids(run_json("list", "--all")) == [3]


def test_undo_restores_a_removed_subtree_exactly(run: Run, run_json: JsonRun) -> None:
    run("add", "Launch", "-t", "web", "-d", "fri", "-e", "1h", "--note", "n")
    run("split", "1", "Outline", "Review")
    run("done", "2")
    before = run_json("list", "--all")
    run("rm", "1", "--yes")
    assert run_json("list", "--all") == []
    assert "rm 1 'Launch'" in run("undo").stdout
    assert run_json("list", "--all") == before


def test_repeated_undo_walks_back_through_edit_split_and_add(run: Run, run_json: JsonRun) -> None:
    run("add", "Launch")
    original = run_json("show", "1")
    run("split", "1", "Outline")
    run("edit", "1", "--title", "Renamed", "-t", "x")
    run("undo")
    assert run_json("show", "1")["title"] == "Launch"
    assert run_json("show", "1")["tags"] == []
    run("undo")
    assert {k: v for k, v in run_json("show", "1").items() if k in original} == original
    run("undo")
    assert run_json("list", "--all") == []
    assert "nothing to undo" in run("undo", code=4).stderr


def test_undo_of_done_reopens_exactly(run: Run, run_json: JsonRun) -> None:
    run("add", "A")
    run("done", "1")
    run("undo")
    task = run_json("show", "1")
    assert (task["status"], task["done_at"]) == ("open", None)


def test_hostile_titles_are_shown_literally_and_never_reach_the_terminal(run: Run) -> None:
    title = "[bold]x[/] [link=file:///etc/passwd]y \x1b[2J\x07z"
    added = run("add", title).stdout
    listing = run("list").stdout
    shown = run("show", "1").stdout
    for out in (added, listing, shown):
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "[bold]x[/]" in out
        assert "\\x1b[2J" in out


def test_output_is_plain_without_a_terminal_or_with_no_color(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "Overdue", "-p", "urgent", "-d", "2026-11-01")
    assert "\x1b[" not in run("list").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("show", "1").stdout


def test_stored_urgency_follows_every_change_that_moves_it(run: Run, run_json: JsonRun) -> None:
    run("add", "Parent")
    run("split", "1", "Step")
    assert ids(run_json("list", "--limit", "1")) == [2]  # the step blocks its parent
    run("done", "2")
    assert ids(run_json("list", "--limit", "1")) == [1]
    run("undo")
    assert ids(run_json("list", "--limit", "1")) == [2]
    run("add", "Other", "-p", "urgent", "-t", "next")
    assert ids(run_json("list", "--limit", "1")) == [3]
    run("edit", "3", "--untag", "next", "-p", "low")
    assert ids(run_json("list", "--limit", "1")) == [2]
    for limit in ("1", "2", "3"):
        assert run_json("list", "--limit", limit) == run_json("list")[: int(limit)]


def test_changed_urgency_settings_reorder_existing_tasks(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    run("add", "Web", "-t", "web")
    run("add", "Ops", "-t", "ops")
    assert ids(run_json("list", "--limit", "1")) == [1]
    isolated_home.mkdir(exist_ok=True)
    (isolated_home / "config.toml").write_text("[urgency.tag]\nops = 5.0\n")
    assert ids(run_json("list", "--limit", "1")) == [2]


def test_tasks_printed_by_a_change_carry_their_final_urgency(run: Run, run_json: JsonRun) -> None:
    added = run_json("add", "Launch", "-p", "high", "-t", "web")
    assert added["urgency"] == run_json("show", "1")["urgency"]
    steps = run_json("split", "1", "Step")
    assert steps[0]["urgency"] == run_json("show", "2")["urgency"]
    edited = run_json("edit", "1", "-p", "low")
    assert edited["urgency"] == run_json("show", "1")["urgency"]


def test_the_table_shows_the_100_most_urgent_by_default_and_json_shows_all(
    run: Run, run_json: JsonRun
) -> None:
    for n in range(102):
        run("add", f"Task {n}")
    assert "100 of 102 tasks" in run("list").stdout
    assert len(run_json("list")) == 102
    assert "102 tasks" in run("list", "--limit", "500").stdout
