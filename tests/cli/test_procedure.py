"""`procedure`: a series' written way to do it, and the steps each new instance starts with."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from microtask.cli.series import run_editor
from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
CHECKLIST = "- [ ] Export the bank statement ~10m\n- [x] Match payments\n* Send reminders\n"


def test_a_series_without_a_procedure_says_how_to_write_one(run: Run) -> None:
    run("add", "Send invoices", "--every", "week")
    out = run("procedure", "1").stdout
    assert "No procedure for series 1" in out
    assert "microtask procedure 1 --edit" in out


def test_from_stdin_stores_every_step_open_and_prints_it_back(run: Run, run_json: JsonRun) -> None:
    run("add", "Send invoices", "--every", "week")
    out = run("procedure", "1", "--from", "-", input=CHECKLIST).stdout
    assert "Saved the procedure of series 1" in out
    assert "3 steps" in out
    assert run("procedure", "1").stdout == (
        "- [ ] Export the bank statement ~10m\n- [ ] Match payments\n- [ ] Send reminders\n"
    )
    shown = run_json("procedure", "1")
    assert shown["steps"][0] == {"title": "Export the bank statement", "estimate_minutes": 10}


def test_each_new_instance_starts_with_the_procedures_steps_and_estimates(
    run: Run, run_json: JsonRun, tmp_path: Path
) -> None:
    source = tmp_path / "procedure.md"
    source.write_text(CHECKLIST, encoding="utf-8")
    run("add", "Send invoices", "--every", "week", "-e", "1h")
    run("procedure", "1", "--from", str(source))
    run("done", "1")
    following = run_json("show", "2")
    steps = following["subtasks"]
    assert [s["title"] for s in steps] == [
        "Export the bank statement", "Match payments", "Send reminders",
    ]  # fmt: skip
    assert [s["estimate_minutes"] for s in steps] == [10, 25, 25]
    assert [s["status"] for s in steps] == ["open"] * 3
    run("undo")  # the done: the instance and its steps go
    assert [t["id"] for t in run_json("list", "--all", "--flat")] == [1]


def test_any_instance_names_the_series_and_a_one_off_task_is_refused(run: Run) -> None:
    run("add", "Send invoices", "--every", "week")
    run("procedure", "1", "--from", "-", input="- [ ] One\n")
    run("done", "1")
    assert run("procedure", "2").stdout == "- [ ] One\n"
    run("add", "One-off")
    assert "does not repeat" in run("procedure", "3", code=4).stderr


def test_edit_without_a_terminal_is_refused_and_nothing_changes(run: Run) -> None:
    run("add", "Send invoices", "--every", "week")
    result = run("procedure", "1", "--edit", code=1)
    assert "needs a terminal" in result.stderr
    assert "No procedure" in run("procedure", "1").stdout


def test_an_empty_procedure_removes_it_and_undo_brings_it_back(run: Run) -> None:
    run("add", "Send invoices", "--every", "week")
    run("procedure", "1", "--from", "-", input="- [ ] One\n")
    assert "Removed the procedure" in run("procedure", "1", "--from", "-", input="\n").stdout
    run("undo")
    assert run("procedure", "1").stdout == "- [ ] One\n"


def test_the_editor_gets_the_text_and_its_saved_file_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text.upper())\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert run_editor("- [ ] step\n") == "- [ ] STEP\n"
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(3)'")
    with pytest.raises(Exception, match="exited with 3: nothing was saved"):
        run_editor("x")
