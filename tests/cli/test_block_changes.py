"""block move and block edit: change a block, refuse overlaps unless --force, undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
DAY = "2026-11-23"


def test_block_move_keeps_the_length_and_undo_moves_it_back(run: Run, run_json: JsonRun) -> None:
    run("add", "Write", "-e", "1h")
    run("block", "add", "11:00-12:00", "--task", "1")

    moved = run_json("block", "move", "1", "14:30")

    assert (moved["start"], moved["end"]) == (f"{DAY}T14:30:00+01:00", f"{DAY}T15:30:00+01:00")
    assert "block move 1 'Write'" in run("undo").stdout
    assert run_json("block", "list")[0]["start"] == f"{DAY}T11:00:00+01:00"


def test_block_move_onto_another_block_is_refused_naming_it_unless_forced(
    run: Run, run_json: JsonRun
) -> None:
    run("block", "add", "11:00-12:00", "Focus")
    run("block", "add", "13:00-14:00", "Lunch")

    refused = run("block", "move", "1", "12:30", code=4)

    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert "block 2 13:00-14:00 'Lunch'" in refused.stderr
    assert "--force" in refused.stderr
    assert run_json("block", "list")[0]["start"] == f"{DAY}T11:00:00+01:00"
    run("block", "move", "1", "12:30", "--force")
    assert run_json("block", "list")[0]["start"] == f"{DAY}T12:30:00+01:00"


def test_block_edit_changes_start_length_task_and_title(run: Run, run_json: JsonRun) -> None:
    run("add", "Write", "-e", "1h")
    run("add", "Read", "-e", "1h")
    run("block", "add", "11:00-12:00", "--task", "1")

    run("block", "edit", "1", "--start", "15:00", "--length", "45m", "--task", "2")
    block = run_json("block", "list")[0]
    assert (block["start"], block["minutes"]) == (f"{DAY}T15:00:00+01:00", 45)
    assert (block["task_id"], block["title"]) == (2, "Read")  # named after its task: follows it
    run("block", "edit", "1", "--title", "Reading hour")
    assert run_json("block", "list")[0]["title"] == "Reading hour"


def test_block_edit_refuses_a_bad_length_a_missing_block_and_a_closed_task(run: Run) -> None:
    run("add", "Write")
    run("block", "add", "11:00-12:00", "Focus")
    run("done", "1")

    assert "more than 0" in run("block", "edit", "1", "--length", "0m", code=1).stderr
    assert "no block with id 9" in run("block", "edit", "9", "--title", "x", code=3).stderr
    assert "reopen" in run("block", "edit", "1", "--task", "1", code=4).stderr
