"""`config path|get|set|edit`, `microtask --paths`, and `--db` in a folder that is not there."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.cli.conftest import Run

COMMENTED = """\
# my settings
[pomodoro]
# long ones, I am a slow starter
work = "50m"
"""


def test_paths_and_config_path_say_where_things_live(run: Run, isolated_home: Path) -> None:
    expected = (
        f"config:   {isolated_home / 'config.toml'}\ndatabase: {isolated_home / 'microtask.db'}\n"
    )
    assert run("--paths").stdout == expected
    assert run("config", "path").stdout == expected
    assert run("--paths", "--db", "/elsewhere/t.db").stdout.endswith("database: /elsewhere/t.db\n")
    assert not (isolated_home / "microtask.db").exists()  # nothing opened


def test_config_get_reads_the_file_else_the_default(run: Run, isolated_home: Path) -> None:
    default = run("config", "get", "pomodoro.work")
    assert default.stdout == "25m\n"
    assert "default" in default.stderr
    isolated_home.mkdir(exist_ok=True)
    (isolated_home / "config.toml").write_text(COMMENTED)
    assert run("config", "get", "pomodoro.work").stdout == "50m\n"
    assert run("config", "get", "urgency.tag.next").stdout == "15.0\n"
    assert run("config", "get", "dates.order").stdout == "(not set)\n"


def test_config_set_keeps_comments_and_layout(run: Run, isolated_home: Path) -> None:
    isolated_home.mkdir(exist_ok=True)
    path = isolated_home / "config.toml"
    path.write_text(COMMENTED)
    assert (
        run("config", "set", "pomodoro.cycles", "6").stdout
        == f"Set pomodoro.cycles = 6 in {path}\n"
    )
    run("config", "set", "dates.order", "dmy")
    run("config", "set", "pomodoro.work", "45m")
    assert path.read_text() == (
        '# my settings\n[pomodoro]\n# long ones, I am a slow starter\nwork = "45m"\ncycles = 6\n'
        '\n[dates]\norder = "dmy"\n'
    )
    assert run("config", "get", "pomodoro.cycles").stdout == "6\n"


def test_config_set_makes_the_file_when_there_is_none(run: Run, isolated_home: Path) -> None:
    run("config", "set", "plan.day_end", "18:00")
    assert (isolated_home / "config.toml").read_text() == '[plan]\nday_end = "18:00"\n'


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("pomodoro.work", "0", "[pomodoro] work must be a duration"),
        ("pomodoro.wrk", "25m", "did you mean pomodoro.work?"),
        ("dates.order", "ymd", '[dates] order must be "dmy" or "mdy"'),
        ("plan.day_end", "08:00", "day_end (08:00) must be after day_start"),
    ],
)
def test_config_set_refuses_what_the_file_would_refuse_and_changes_nothing(
    run: Run, isolated_home: Path, key: str, value: str, message: str
) -> None:
    isolated_home.mkdir(exist_ok=True)
    path = isolated_home / "config.toml"
    path.write_text(COMMENTED)
    result = run("config", "set", key, value, code=1)
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert path.read_text() == COMMENTED


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "fake-editor"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setattr("microtask.editor.at_a_terminal", lambda: True)
    return script


def write_editor(script: Path, body: str) -> None:
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_config_edit_saves_a_good_file(run: Run, isolated_home: Path, editor: Path) -> None:
    write_editor(editor, 'printf "[pomodoro]\\ncycles = 2\\n" > "$1"')
    assert run("config", "edit").stdout == f"Saved {isolated_home / 'config.toml'}\n"
    assert run("config", "get", "pomodoro.cycles").stdout == "2\n"


def test_config_edit_refuses_a_broken_file_naming_the_line(
    run: Run, isolated_home: Path, editor: Path
) -> None:
    isolated_home.mkdir(exist_ok=True)
    path = isolated_home / "config.toml"
    path.write_text(COMMENTED)
    write_editor(editor, 'printf "[pomodoro]\\nwork = \\"50m\\"\\n\\ncycles = 0\\n" > "$1"')
    result = run("config", "edit", code=1)
    assert "(line 4)" in result.stderr
    assert "was not changed" in result.stderr
    assert path.read_text() == COMMENTED
    assert "cycles = 0" in (isolated_home / "config.toml.rejected").read_text()
    write_editor(editor, 'printf "[pomodoro\\n" > "$1"')
    assert "line 1" in run("config", "edit", code=1).stderr


def test_config_edit_needs_a_terminal(run: Run) -> None:
    assert "needs a terminal" in run("config", "edit", code=1).stderr


def test_db_in_a_folder_that_does_not_exist_is_refused_naming_it(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "tasks.db"
    result = run("--db", str(missing), "add", "Lost?", code=1)
    assert f"the folder {missing.parent} does not exist" in result.stderr
    assert not missing.parent.exists()


def test_the_default_location_is_still_made_on_first_run(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "new" / "home"
    monkeypatch.setenv("MICROTASK_HOME", str(home))
    run("add", "First")
    assert (home / "microtask.db").exists()
