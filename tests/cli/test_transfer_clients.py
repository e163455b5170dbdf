"""Our exports fed to the real tools: Taskwarrior imports our file and exports it back,
and that comes in as the same tasks; todo.sh lists our todo.txt with the same counts.
Skipped, with the reason, where the binary is missing (CI installs them all)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.slow


def _needs(binary: str) -> str:
    found = shutil.which(binary)
    if found is None:
        pytest.skip(f"{binary} is not installed (CI installs it: see .ci/run)")
    return found


def a_varied_store(run: Run) -> None:
    run(
        "add",
        "Call the bank",
        "-p",
        "urgent",
        "-d",
        "2026-11-26 15:30",
        "-t",
        "call",
        "-P",
        "admin.bank",
    )
    run("add", "Write landing page", "-p", "high", "-e", "2h", "-t", "web", "-t", "copy",
        "--note", "hero first\nthen pricing")  # fmt: skip
    run("split", "2", "Outline ~20m", "Copy", "Review")
    run("done", "3")
    run("add", "Old idea", "-p", "low")
    run("drop", "6")
    run("add", "Unicode: café ünïcödé 🚀")


FIELDS = ("title", "status", "priority", "due", "tags", "project", "notes", "created_at")


def comparable(tasks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_id = {t["id"]: t["uuid"] for t in tasks}
    return {
        t["uuid"]: {
            **{f: t[f] for f in FIELDS},
            "estimate": t["estimate_minutes"],
            "done_at": t["done_at"],
            "parent": by_id.get(t["parent_id"]),
        }
        for t in tasks
    }


def test_a_round_trip_through_taskwarrior_brings_back_every_field(run: Run, tmp_path: Path) -> None:
    task = _needs("task")
    a_varied_store(run)
    ours = tmp_path / "ours.json"
    run("export", "tasks", "--format", "taskwarrior", "-o", str(ours))
    rc = tmp_path / "taskrc"
    rc.write_text(f"data.location={tmp_path / 'tw'}\nconfirmation=off\nverbose=nothing\n")
    (tmp_path / "tw").mkdir()
    env = {**os.environ, "TASKRC": str(rc)}

    imported = subprocess.run([task, "import", str(ours)], env=env, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    back = subprocess.run([task, "export"], env=env, capture_output=True, text=True, check=True)
    theirs = tmp_path / "theirs.json"
    theirs.write_text(back.stdout)
    other = str(tmp_path / "other.db")
    run("--db", other, "import", "taskwarrior", str(theirs))

    before = comparable(json.loads(run("list", "--all", "--json").stdout))
    after = comparable(json.loads(run("--db", other, "list", "--all", "--json").stdout))
    for uuid, fields in before.items():
        assert after[uuid] == fields, uuid
    assert len(after) == 7


def test_todo_sh_lists_our_todotxt_with_the_same_counts(run: Run, tmp_path: Path) -> None:
    todo = shutil.which("todo-txt") or _needs("todo.sh")
    a_varied_store(run)
    folder = tmp_path / "todo"
    folder.mkdir()
    (folder / "todo.txt").write_text(run("export", "tasks", "--format", "todotxt").stdout)
    config = tmp_path / "todo.cfg"
    config.write_text(
        f'export TODO_DIR="{folder}"\nexport TODO_FILE="$TODO_DIR/todo.txt"\n'
        'export DONE_FILE="$TODO_DIR/done.txt"\nexport REPORT_FILE="$TODO_DIR/report.txt"\n'
    )

    def todo_sh(*args: str) -> str:
        done = subprocess.run(
            [todo, "-p", "-d", str(config), *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    listed = todo_sh("ls")
    assert re.search(r"TODO: 6 of 6 tasks shown", listed), listed  # the dropped one is left out
    assert "Unicode: café ünïcödé 🚀" in listed
    assert todo_sh("lsprj").split() == ["+admin.bank"]
    assert todo_sh("lsc").split() == ["@call", "@copy", "@web"]
    assert "(A)" in todo_sh("ls", "bank")


def test_khal_imports_our_calendar_at_our_local_times_and_once(run: Run, tmp_path: Path) -> None:
    khal = _needs("khal")
    run("block", "add", "14:00-15:30", "Deep work; focus, please")
    run("block", "add", "16:00-16:30", "Review\r\nEND:VEVENT")
    run("block", "add", "09:00-10:00", "Tomorrow's plan", "--day", "tomorrow")
    ics = tmp_path / "cal.ics"
    run("export", "calendar", "-o", str(ics))
    folder = tmp_path / "khal"
    (folder / "cal").mkdir(parents=True)
    config = folder / "config"
    config.write_text(
        f"[calendars]\n[[cal]]\npath = {folder / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Paris\ndefault_timezone = Europe/Paris\n"
        f"[sqlite]\npath = {folder / 'khal.db'}\n"
    )
    env = {**os.environ, "TZ": "Europe/Paris"}

    def khal_run(*args: str) -> str:
        done = subprocess.run(
            [khal, "-c", str(config), *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    khal_run("import", "--batch", "-a", "cal", str(ics))
    khal_run("import", "--batch", "-a", "cal", str(ics))  # again: updated, not doubled
    listed = khal_run("list", "2026-11-23", "2d").splitlines()

    assert listed == [
        "Monday, 2026-11-23",
        "14:00-15:30 Deep work; focus, please",
        "16:00-16:30 Review",
        "END:VEVENT",
        "Tuesday, 2026-11-24",
        "09:00-10:00 Tomorrow's plan",
    ]
    assert len(list((folder / "cal").iterdir())) == 3


def test_time_tracked_with_the_real_timewarrior_and_watson_comes_in_once(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    timew = _needs("timew")
    watson = shutil.which("watson") or str(Path(sys.executable).with_name("watson"))
    if not Path(watson).exists():
        pytest.skip("watson is not installed (pip install td-watson, in the dev extras)")
    monkeypatch.setenv("MICROTASK_NOW", "2026-11-23T18:00:00+01:00")
    env = {**os.environ, "TIMEWARRIORDB": str(tmp_path / "timew"), "TZ": "Europe/Paris"}
    (tmp_path / "timew").mkdir()
    for span, tags in (("08:00 - 09:00", ["Write blog", "draft"]), ("10:00 - 10:45", ["support"])):
        start, end = span.split(" - ")
        subprocess.run(
            [timew, "track", f"2026-11-23T{start}", "-", f"2026-11-23T{end}", *tags, ":yes"],
            env=env, capture_output=True, check=True,
        )  # fmt: skip
    exported = subprocess.run(
        [timew, "export"], env=env, capture_output=True, text=True, check=True
    ).stdout
    watson_env = {**env, "WATSON_DIR": str(tmp_path / "watson")}
    subprocess.run(
        [watson, "add", "-f", "2026-11-23 12:00", "-t", "2026-11-23 13:30", "Write blog", "+edit"],
        env=watson_env, capture_output=True, check=True,
    )  # fmt: skip
    run("add", "Write blog")

    run("import", "timewarrior", "-", input=exported)
    run("import", "timewarrior", "-", input=exported)  # again: nothing doubled
    monkeypatch.setenv("WATSON_DIR", str(tmp_path / "watson"))
    run("import", "watson")

    listed = json.loads(
        run("session", "list", "--from", "2026-11-23", "--to", "2026-11-23", "--json").stdout
    )
    assert [(s["title"], s["start"][11:16], s["minutes"]) for s in listed] == [
        ("Write blog", "08:00", 60),
        ("support", "10:00", 45),
        ("Write blog", "12:00", 90),
    ]
