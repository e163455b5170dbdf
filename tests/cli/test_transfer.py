"""`import taskwarrior|todotxt` and `export tasks`: what comes in, what goes out, and that
a refused import writes nothing. The round trips through the real Taskwarrior and todo.sh
are in tests/cli/test_transfer_clients.py."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]

TW_EXPORT = [
    {
        "id": 1,
        "uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c001",
        "description": "Call the bank about the card limit",
        "status": "pending",
        "entry": "20261120T090000Z",
        "modified": "20261121T093000Z",
        "due": "20261204T170000Z",
        "priority": "H",
        "project": "admin.bank",
        "tags": ["call", "money"],
        "annotations": [
            {"entry": "20261120T090000Z", "description": "ask for the branch manager"},
            {"entry": "20261121T093000Z", "description": "they close at 16:00"},
        ],
        "wait": "20261122T080000Z",
        "estimate": "PT30M",
        "urgency": 12.3,
    },
    {
        "uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c002",
        "description": "Send November invoices",
        "status": "completed",
        "entry": "20261101T080000Z",
        "modified": "20261102T100000Z",
        "end": "20261102T100000Z",
    },
    {
        "uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c003",
        "description": "Old idea",
        "status": "deleted",
        "entry": "20261001T080000Z",
        "end": "20261002T080000Z",
    },
    {
        "uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c004",
        "description": "Weekly review",
        "status": "recurring",
        "recur": "weekly",
        "entry": "20261001T080000Z",
        "due": "20261130T170000Z",
        "mask": "---",
    },
]


@pytest.fixture
def tw_file(tmp_path: Path) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(TW_EXPORT))
    return path


def by_title(tasks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {t["title"]: t for t in tasks}


def test_a_taskwarrior_export_comes_in_with_every_field_that_has_a_place(
    run: Run, run_json: JsonRun, tw_file: Path
) -> None:
    out = run("import", "taskwarrior", str(tw_file)).stdout.splitlines()

    assert out == [
        "Imported from taskwarrior: 3 added, 0 updated, 0 unchanged",
        "  left out: 1 recurring template",
        "  kept but not mapped (written back on export): estimate (1)",
    ]
    tasks = by_title(run_json("list", "--all"))
    bank = tasks["Call the bank about the card limit"]
    assert bank["uuid"] == "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c001"
    assert (bank["status"], bank["priority"], bank["project"]) == ("open", "high", "admin.bank")
    assert bank["tags"] == ["call", "money"]
    assert bank["due"] == "2026-12-04T18:00:00+01:00"
    assert bank["created_at"] == "2026-11-20T10:00:00+01:00"
    assert bank["updated_at"] == "2026-11-21T10:30:00+01:00"
    # The annotation written with the task needs no time of its own; a later one has it.
    assert bank["notes"] == "ask for the branch manager\n2026-11-21 10:30:00 they close at 16:00"
    invoices = tasks["Send November invoices"]
    assert (invoices["status"], invoices["done_at"]) == ("done", "2026-11-02T11:00:00+01:00")
    assert invoices["priority"] == "medium"
    assert tasks["Old idea"]["status"] == "dropped"
    assert "Weekly review" not in tasks
    assert bank["wait"] == "2026-11-22T09:00:00+01:00"


def test_importing_the_same_file_again_updates_instead_of_adding(
    run: Run, run_json: JsonRun, tw_file: Path, tmp_path: Path
) -> None:
    run("import", "taskwarrior", str(tw_file))
    again = run("import", "taskwarrior", str(tw_file)).stdout.splitlines()[0]
    changed = [dict(TW_EXPORT[0], description="Call the bank today"), *TW_EXPORT[1:]]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(changed))
    third = run("import", "taskwarrior", str(edited)).stdout.splitlines()[0]

    assert again == "Imported from taskwarrior: 0 added, 0 updated, 3 unchanged"
    assert third == "Imported from taskwarrior: 0 added, 1 updated, 2 unchanged"
    titles = sorted(t["title"] for t in run_json("list", "--all"))
    assert titles == ["Call the bank today", "Old idea", "Send November invoices"]


def test_a_bad_record_imports_nothing_unless_skip_bad(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    records = [
        {
            "uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c010",
            "description": "Fine",
            "status": "pending",
        },
        {"uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c011", "status": "pending"},
        {"description": "Bad date", "status": "pending", "due": "next tuesday"},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records))

    refused = run("import", "taskwarrior", str(path), code=1)
    assert refused.stderr == (
        "Error: record 2: a task needs a description; record 3: invalid date 'next tuesday':"
        " Taskwarrior writes 20261204T170000Z: nothing was imported (fix the file, or"
        " --skip-bad to import the rest)\n"
    )
    assert run_json("list", "--all") == []

    out = run("import", "taskwarrior", str(path), "--skip-bad").stdout.splitlines()
    assert out == [
        "Imported from taskwarrior: 1 added, 0 updated, 0 unchanged",
        "  skipped: record 2: a task needs a description",
        "  skipped: record 3: invalid date 'next tuesday': Taskwarrior writes 20261204T170000Z",
    ]
    assert [t["title"] for t in run_json("list")] == ["Fine"]


def test_a_dry_run_counts_and_writes_nothing(run: Run, run_json: JsonRun, tw_file: Path) -> None:
    summary = run_json("import", "taskwarrior", str(tw_file), "--dry-run")

    assert summary == {
        "source": "taskwarrior",
        "added": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": {"recurring template": 1},
        "unmapped": {"estimate": 1},
        "problems": [],
        "dry_run": True,
        "kind": "tasks",
        "tasks_created": 0,
    }
    assert run_json("list", "--all") == []


def test_an_import_is_one_change_that_undo_takes_back(
    run: Run, run_json: JsonRun, tw_file: Path
) -> None:
    run("add", "Mine")
    run("import", "taskwarrior", str(tw_file))

    assert run("undo").stdout == "Undid: import taskwarrior: 3 added, 0 updated\n"
    assert [t["title"] for t in run_json("list", "--all")] == ["Mine"]


def test_taskwarrior_lines_of_json_from_stdin_are_read_too(run: Run, run_json: JsonRun) -> None:
    lines = "\n".join(json.dumps(r) for r in TW_EXPORT[:2])

    run("import", "taskwarrior", "-", input=lines)

    assert len(run_json("list", "--all")) == 2


def test_what_was_not_mapped_goes_back_to_taskwarrior(
    run: Run, tw_file: Path, tmp_path: Path
) -> None:
    run("import", "taskwarrior", str(tw_file))
    target = tmp_path / "back.json"

    assert run("export", "tasks", "--format", "taskwarrior", "-o", str(target)).stdout == (
        f"Wrote 3 tasks to {target}\n"
    )

    back = {r["uuid"]: r for r in json.loads(target.read_text())}
    bank = back["5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c001"]
    original = TW_EXPORT[0]
    for field in ("description", "status", "entry", "modified", "due", "priority", "project"):
        assert bank[field] == original[field], field
    assert bank["tags"] == original["tags"]
    assert bank["annotations"] == original["annotations"]
    assert (bank["wait"], bank["estimate"]) == ("20261122T080000Z", "PT30M")
    assert "priority" not in back["5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c002"]  # it had none
    assert back["5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c003"]["status"] == "deleted"


def test_steps_go_to_taskwarrior_as_what_their_parent_depends_on(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Launch")
    run("split", "1", "Outline", "Copy")
    uuids = {t["title"]: t["uuid"] for t in run_json("list")}

    records = json.loads(run("export", "tasks", "--format", "taskwarrior").stdout)

    launch = next(r for r in records if r["description"] == "Launch")
    assert launch["depends"] == sorted([uuids["Outline"], uuids["Copy"]])


TODO_TXT = """\
(A) 2026-11-20 Call Mom @phone +family due:2026-11-24
(B) Schedule annual checkup +health
x 2026-11-22 2026-11-19 Pay rent +home pri:C
Buy milk @errands shop:corner
(D) 2026-11-01 Someday learn piano +music +hobbies
"""


def test_a_todotxt_file_comes_in_with_priorities_dates_projects_and_contexts(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    path = tmp_path / "todo.txt"
    path.write_text(TODO_TXT)

    out = run("import", "todotxt", str(path)).stdout.splitlines()

    assert out == [
        "Imported from todotxt: 5 added, 0 updated, 0 unchanged",
        "  kept but not mapped (written back on export): shop: (1), more than one +project (1)",
    ]
    tasks = by_title(run_json("list", "--all"))
    mom = tasks["Call Mom"]
    assert (mom["priority"], mom["project"], mom["tags"]) == ("urgent", "family", ["phone"])
    assert mom["due"] == "2026-11-24T23:59:59+01:00"
    assert mom["created_at"] == "2026-11-20T00:00:00+01:00"
    assert tasks["Schedule annual checkup"]["priority"] == "high"
    rent = tasks["Pay rent"]
    assert (rent["status"], rent["priority"]) == ("done", "medium")
    assert rent["done_at"] == "2026-11-22T23:59:59+01:00"
    assert tasks["Buy milk"]["priority"] == "medium"
    assert tasks["Someday learn piano"]["priority"] == "low"
    assert run("import", "todotxt", str(path)).stdout.splitlines()[0] == (
        "Imported from todotxt: 0 added, 0 updated, 5 unchanged"
    )


def test_todotxt_goes_out_and_comes_back_the_same(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    path = tmp_path / "todo.txt"
    path.write_text(TODO_TXT)
    run("import", "todotxt", str(path))

    exported = run("export", "tasks", "--format", "todotxt").stdout

    assert sorted(exported.splitlines()) == sorted(
        [
            "(A) 2026-11-20 Call Mom +family @phone due:2026-11-24",
            "(B) 2026-11-23 Schedule annual checkup +health",
            "x 2026-11-22 2026-11-19 Pay rent +home",
            "2026-11-23 Buy milk @errands shop:corner",
            "(D) 2026-11-01 Someday learn piano +music +hobbies",
        ]
    )


def test_csv_export_is_rfc_4180_and_never_a_formula(run: Run, tmp_path: Path) -> None:
    run("add", '=HYPERLINK("http://evil")', "-t", "web", "--note", 'two\nlines, "quoted"')

    target = tmp_path / "tasks.csv"
    run("export", "tasks", "--format", "csv", "-o", str(target))
    text = target.read_bytes().decode()

    assert text.endswith("\r\n")
    assert text.count("\r\n") == 2  # the header and the one task (its note's break is LF)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 1
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["notes"] == 'two\nlines, "quoted"'
    assert (rows[0]["tags"], rows[0]["status"], rows[0]["id"]) == ("web", "open", "1")


def test_export_filters_and_refuses_an_existing_file_without_force(
    run: Run, tmp_path: Path
) -> None:
    run("add", "Web one", "-t", "web")
    run("add", "Other")
    target = tmp_path / "web.json"
    target.write_text("mine")

    run("export", "tasks", "-t", "web", "-o", str(target), code=4)
    assert target.read_text() == "mine"
    run("export", "tasks", "-t", "web", "-o", str(target), "--force")

    assert [t["title"] for t in json.loads(target.read_text())] == ["Web one"]


def test_an_unknown_export_format_says_which_are_accepted(run: Run) -> None:
    result = run("export", "tasks", "--format", "xml", code=1)
    assert result.stderr == (
        "Error: invalid --format 'xml': use one of json, csv, todotxt, taskwarrior, ics\n"
    )


def test_a_file_that_is_not_taskwarrior_json_is_one_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"[not json")

    result = run("import", "taskwarrior", str(path), code=1)

    assert len(result.stderr.splitlines()) == 1
    assert "not Taskwarrior's export JSON" in result.stderr


def test_depends_come_in_as_what_a_task_comes_after_and_go_back_out(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    first, second = "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c101", "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c102"
    unknown = "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c1ff"
    path = tmp_path / "deps.json"
    path.write_text(
        json.dumps(
            [
                {"uuid": second, "description": "Publish", "depends": f"{first},{unknown}"},
                {"uuid": first, "description": "Write", "scheduled": "20261125T080000Z"},
            ]
        )
    )

    out = run("import", "taskwarrior", str(path)).stdout.splitlines()

    assert out[1] == (
        "  kept but not mapped (written back on export): "
        "depends on a task in neither the file nor the store (1)"
    )
    tasks = by_title(run_json("list"))
    assert tasks["Publish"]["after"] == [tasks["Write"]["id"]]
    assert tasks["Write"]["scheduled"] == "2026-11-25T09:00:00+01:00"
    assert run_json("next")["title"] == "Write"
    back = {
        r["uuid"]: r for r in json.loads(run("export", "tasks", "--format", "taskwarrior").stdout)
    }
    assert back[second]["depends"] == [first]
    assert back[first]["scheduled"] == "20261125T080000Z"


def test_a_cycle_of_depends_imports_nothing(run: Run, run_json: JsonRun, tmp_path: Path) -> None:
    one, two = "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c201", "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c202"
    path = tmp_path / "cycle.json"
    path.write_text(
        json.dumps(
            [
                {"uuid": one, "description": "One", "depends": [two]},
                {"uuid": two, "description": "Two", "depends": [one]},
            ]
        )
    )

    result = run("import", "taskwarrior", str(path), code=4)

    assert "that makes a cycle" in result.stderr
    assert run_json("list", "--all") == []


def test_an_export_has_the_tasks_wait_hides_for_now(run: Run) -> None:
    run("add", "Later", "--wait", "in 3 days")
    run("add", "Now")

    records = json.loads(run("export", "tasks", "--format", "taskwarrior").stdout)

    assert sorted(r["description"] for r in records) == ["Later", "Now"]


def test_a_recurring_instance_comes_in_as_a_series_once(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    template = "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c301"
    records = [
        {"uuid": template, "description": "Weekly review", "status": "recurring",
         "recur": "weekly", "due": "20261123T160000Z", "mask": "-+"},
        {"uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c303", "description": "Weekly review",
         "status": "pending", "recur": "weekly", "parent": template, "imask": 1,
         "due": "20261130T160000Z"},
        {"uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c302", "description": "Weekly review",
         "status": "pending", "recur": "weekly", "parent": template, "imask": 0,
         "due": "20261123T160000Z"},
        {"uuid": "5f0f1a0e-8a3c-4f5e-9a55-2b4ad1d0c304", "description": "Odd one",
         "status": "pending", "recur": "every other blue moon", "due": "20261124T160000Z"},
    ]  # fmt: skip
    path = tmp_path / "recur.json"
    path.write_text(json.dumps(records))

    run("import", "taskwarrior", str(path))
    run("import", "taskwarrior", str(path))  # again: still one series

    tasks = {t["uuid"][-3:]: t for t in run_json("list")}
    assert tasks["302"]["series"]["every"] == "week"
    assert tasks["303"]["series"] is None  # the later instance stays a plain task
    assert tasks["304"]["series"] is None
    assert len(run_json("list", "--series")) == 1
    run("done", str(tasks["302"]["id"]))
    following = [t for t in run_json("list") if t["series"] and t["title"] == "Weekly review"]
    assert [t["due"] for t in following] == ["2026-11-30T17:00:00+01:00"]


@pytest.mark.parametrize(
    ("recur", "spec"),
    [("weekly", "week"), ("daily", "day"), ("2w", "2 weeks"), ("P1M", "month"),
     ("quarterly", "quarter"), ("3mo", "3 months"), ("1y", "year"), ("weekdays", "weekday"),
     ("fortnight", "2 weeks"), ("someday", None), (7, None)],
)  # fmt: skip
def test_taskwarrior_recur_forms_read_as_every_specs(recur: object, spec: str | None) -> None:
    from microtask.domain.recurrence import parse_rule
    from microtask.importers.taskwarrior import recur_spec

    assert recur_spec(recur) == spec
    if spec is not None:
        parse_rule(spec)
