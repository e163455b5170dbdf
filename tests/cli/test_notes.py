"""`note ID TEXT`, `note ID --edit`, text from stdin (`add -`, `edit --note -`), bare
`microtask`, and Ctrl-C at a prompt."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]


def notes_of(run_json: JsonRun, task_id: int = 1) -> str | None:
    notes: str | None = run_json("show", str(task_id))["notes"]
    return notes


def test_note_appends_a_timestamped_line_and_undo_removes_it(run: Run, run_json: JsonRun) -> None:
    run("add", "Reply to Ana")
    assert run("note", "1", "Called", "Ana,", "she", "sends", "it", "Friday").stdout == (
        "Updated task 1: Reply to Ana\n"
    )
    run("note", "1", "Got it")
    assert notes_of(run_json) == (
        "[2026-11-23 10:00] Called Ana, she sends it Friday\n[2026-11-23 10:00] Got it"
    )
    assert run("undo").stdout == "Undid: note task 1 'Reply to Ana'\n"
    assert notes_of(run_json) == "[2026-11-23 10:00] Called Ana, she sends it Friday"


def test_note_goes_below_existing_notes_and_reads_stdin(run: Run, run_json: JsonRun) -> None:
    run("add", "Reply to Ana", "--note", "Context first")
    run("note", "1", "-", input="from a pipe\n")
    assert notes_of(run_json) == "Context first\n[2026-11-23 10:00] from a pipe"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["note", "1"], 1, "say what to note"),
        (["note", "1", "  "], 1, "the note is empty"),
        (["note", "9", "text"], 3, "no task with id 9"),
        (["note", "1", "text", "--edit"], 1, "give TEXT or --edit, not both"),
        (["note", "1", "--edit"], 1, "needs a terminal"),
    ],
)
def test_bad_notes_are_refused_in_one_line(
    run: Run, run_json: JsonRun, args: list[str], code: int, message: str
) -> None:
    run("add", "Reply to Ana")
    result = run(*args, code=code)
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert notes_of(run_json) is None


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR: a script that appends a line to the file it is given; a terminal."""
    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "edited by hand\\n" >> "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setattr("microtask.editor.at_a_terminal", lambda: True)
    return script


def test_note_edit_opens_the_editor_on_the_notes(run: Run, run_json: JsonRun, editor: Path) -> None:
    run("add", "Reply to Ana", "--note", "line one")
    run("note", "1", "--edit")
    assert notes_of(run_json) == "line one\nedited by hand"
    run("undo")
    assert notes_of(run_json) == "line one"


def test_a_failing_editor_changes_nothing(
    run: Run, run_json: JsonRun, editor: Path, tmp_path: Path
) -> None:
    editor.write_text("#!/bin/sh\nexit 3\n")
    run("add", "Reply to Ana", "--note", "kept")
    assert "exited with code 3" in run("note", "1", "--edit", code=1).stderr
    os.environ["EDITOR"] = str(tmp_path / "no-such-editor")
    assert "cannot run the editor" in run("note", "1", "--edit", code=1).stderr
    assert notes_of(run_json) == "kept"


def test_add_dash_reads_the_title_and_notes_from_stdin(run: Run, run_json: JsonRun) -> None:
    result = run("add", "-", input="\nReply to Ana\nShe asked about the invoice.\n\nThanks\n")
    assert result.stdout == "Added task 1: Reply to Ana\n"
    assert notes_of(run_json) == "She asked about the invoice.\n\nThanks"
    run("add", "-", "-p", "high", input="Call the bank\n")
    assert run_json("show", "2")["priority"] == "high"
    assert notes_of(run_json, 2) is None
    assert "nothing was read from stdin" in run("add", "-", input="", code=1).stderr


def test_edit_note_dash_reads_the_notes_from_stdin(run: Run, run_json: JsonRun) -> None:
    run("add", "Reply to Ana")
    run("edit", "1", "--note", "-", input="piped\nnotes\n")
    assert notes_of(run_json) == "piped\nnotes"


def test_bare_microtask_shows_the_today_screen(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("add", "Call the bank", "-d", "today 17:00")
    monkeypatch.setattr("sys.argv", ["microtask"])  # no arguments: click reads sys.argv
    screen = run().stdout
    assert screen.startswith("Today, Mon 23 Nov 2026")
    assert "Call the bank" in screen
    assert "Usage" in run("--help").stdout


def test_ctrl_c_at_a_prompt_exits_130_saying_interrupted(
    run: Run, run_json: JsonRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.exceptions import Abort

    def pressed_ctrl_c(*_args: object, **_kwargs: object) -> bool:
        try:  # what click's confirm does with the KeyboardInterrupt
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise Abort() from None

    run("add", "Keep me")
    monkeypatch.setattr("typer.confirm", pressed_ctrl_c)
    result = run("rm", "1", code=130)
    assert result.stderr.strip().endswith("Interrupted")
    assert "Aborted" not in result.stderr
    assert [t["id"] for t in run_json("list")] == [1]


def test_end_of_input_at_a_prompt_still_deletes_nothing(run: Run, run_json: JsonRun) -> None:
    run("add", "Keep me")
    run("rm", "1", input="", code=1)
    assert [t["id"] for t in run_json("list")] == [1]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "prompt"), [(["rm", "1"], "Delete these tasks?"), (["pomodoro"], "Focus on")]
)
def test_ctrl_c_at_a_real_prompt_exits_130(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: list[str], prompt: str
) -> None:
    from tests.cli.conftest import NOW
    from tests.cli.test_live_keys import Terminal

    run("add", "Keep me")
    monkeypatch.setenv("MICROTASK_NOW", NOW)
    terminal = Terminal(*args)
    try:
        terminal.wait_for(prompt, lambda text: prompt in text)
        terminal.press(b"\x03")
        assert terminal.wait_exit() == 130
        assert "Interrupted" in terminal.text
        assert "Aborted" not in terminal.text
    finally:
        terminal.close()
