"""`import watson` and `import timewarrior`: tracked time becomes sessions, on the task
it names (or one made for it), never doubled, one transaction or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run

JsonRun = Callable[..., Any]

# Monday 23 November 2026 in Paris: 08:00-09:00 and 10:00-11:00 UTC (09:00 and 11:00 local)
FRAMES = [
    [1795420800, 1795424400, "Write blog", "a1", ["draft"], 1795424400],
    [1795428000, 1795431600, "Support", "a2", [], 1795431600],
    [1795428600, 1795429600, "Support", "a3", [], 1795431600],  # inside the one before
]
INTERVALS = [
    {"id": 2, "start": "20261123T080000Z", "end": "20261123T090000Z",
     "tags": ["Write blog", "draft"]},
    {"id": 1, "start": "20261123T100000Z", "end": "20261123T104500Z", "tags": ["support"],
     "annotation": "called back"},
    {"id": 3, "start": "20261123T113000Z", "tags": ["still going"]},
]  # fmt: skip


@pytest.fixture(autouse=True)
def evening(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """The day's tracked time is over by 18:00 (a later end is refused as future)."""
    monkeypatch.setenv("MICROTASK_NOW", "2026-11-23T18:00:00+01:00")


def sessions(run: Run) -> list[dict[str, Any]]:
    return json.loads(
        run("session", "list", "--from", "2026-11-23", "--to", "2026-11-23", "--json").stdout
    )


def test_watson_frames_become_sessions_on_their_tasks_and_never_twice(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    run("add", "Write blog")
    frames = tmp_path / "frames"
    frames.write_text(json.dumps(FRAMES))

    first = run("import", "watson", str(frames)).stdout.splitlines()
    again = run("import", "watson", str(frames)).stdout.splitlines()

    assert first == [
        "Imported from watson: 2 sessions, 1 task made for them",
        "  left out: 1 overlaps a session already recorded",
    ]
    assert again == [
        "Imported from watson: 0 sessions",
        "  left out: 3 overlaps a session already recorded",
    ]
    found = sessions(run)
    assert [(s["task_id"], s["start"], s["minutes"]) for s in found] == [
        (1, "2026-11-23T09:00:00+01:00", 60),
        (2, "2026-11-23T11:00:00+01:00", 60),
    ]
    assert found[0]["note"] == "+draft (watson a1)"
    support = run_json("show", "2")
    assert (support["title"], support["project"], support["status"]) == (
        "Support",
        "imported",
        "done",
    )


def test_timewarrior_intervals_go_to_the_task_a_tag_names(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    run("add", "Write blog")

    out = run("import", "timewarrior", "-", input=json.dumps(INTERVALS)).stdout.splitlines()

    assert out == [
        "Imported from timewarrior: 2 sessions, 1 task made for them",
        "  left out: 1 still running (no end)",
    ]
    found = sessions(run)
    assert [(s["task_id"], s["minutes"], s["note"]) for s in found] == [
        (1, 60, None),
        (2, 45, "called back"),
    ]
    assert run_json("show", "2")["title"] == "support"


def test_a_bad_interval_imports_nothing_unless_skip_bad_and_undo_takes_it_back(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    bad = [*INTERVALS[:2], {"start": "yesterday", "end": "20261123T120000Z"}]
    text = json.dumps(bad)

    refused = run("import", "timewarrior", "-", input=text, code=1)
    assert refused.stderr.startswith("Error: interval 3: invalid date 'yesterday'")
    assert refused.stderr.endswith(
        "nothing was imported (fix the file, or --skip-bad to import the rest)\n"
    )
    assert sessions(run) == []

    run("import", "timewarrior", "-", "--skip-bad", input=text)
    assert len(sessions(run)) == 2
    assert run("undo").stdout == "Undid: import timewarrior: 2 sessions\n"
    assert sessions(run) == []
    assert run_json("list", "--all") == []


def test_a_dry_run_counts_sessions_and_writes_nothing(run: Run, run_json: JsonRun) -> None:
    text = json.dumps(INTERVALS)
    summary = json.loads(
        run("import", "timewarrior", "-", "--dry-run", "--json", input=text).stdout
    )

    assert (summary["kind"], summary["added"], summary["tasks_created"]) == ("sessions", 2, 2)
    assert summary["skipped"] == {"still running (no end)": 1}
    assert sessions(run) == []


def test_watson_reads_its_own_frames_file_by_default(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATSON_DIR", str(tmp_path))
    (tmp_path / "frames").write_text(json.dumps(FRAMES[:1]))

    assert run("import", "watson").stdout == (
        "Imported from watson: 1 session, 1 task made for them\n"
    )
