"""Start-up cost: --help, --version and plain commands must not import the heavy libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, sys
watched = json.loads(sys.argv[2])
sys.argv = ["microtask", *json.loads(sys.argv[1])]
from microtask.cli.app import main
try:
    main()
except SystemExit:
    pass
print("\\nLOADED=" + json.dumps(sorted(m for m in watched if m in sys.modules)))
"""
HEAVY = ("sqlalchemy", "sqlmodel", "pendulum", "pydantic", "rich")


def loaded_after(
    *args: str, watched: tuple[str, ...] = HEAVY, env: dict[str, str] | None = None
) -> list[str]:
    """Which of the ``watched`` modules ``microtask ARGS...`` imported (``env``: added to
    the environment)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(watched)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    line = [x for x in out.splitlines() if x.startswith("LOADED=")][-1]
    loaded: list[str] = json.loads(line.removeprefix("LOADED="))
    return loaded


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["add", "--help"], ["today", "--help"]]
)
def test_help_and_version_import_no_heavy_library(args: list[str]) -> None:
    assert loaded_after(*args) == []


def test_add_list_and_done_on_a_file_store_do_not_import_sqlalchemy() -> None:
    assert loaded_after("add", "Write copy", "-e", "25m", "-t", "web") == []
    assert loaded_after("list") == []  # drawn as lines to a pipe: no Rich
    assert loaded_after("done", "1") == []


def test_list_and_next_load_rich_only_for_a_terminal_or_text_that_must_wrap() -> None:
    assert loaded_after("add", "Write copy ↻ 日本") == []
    assert loaded_after("list") == ["rich"]  # wide characters: Rich measures them
    assert loaded_after("next") == ["rich"]
    assert loaded_after("done", "1") == []
    assert loaded_after("add", "Write copy") == []
    assert loaded_after("list") == []
    assert loaded_after("next") == []
    assert loaded_after("list", env={"FORCE_COLOR": "1"}) == ["rich"]
    assert loaded_after("next", env={"FORCE_COLOR": "1"}) == ["rich"]
    assert loaded_after("add", "word " * 40) == []
    assert loaded_after("list", env={"COLUMNS": "80"}) == ["rich"]  # the title wraps
    assert loaded_after("list", env={"COLUMNS": "300"}) == []


@pytest.mark.parametrize(
    "args", [["pomodoro", "--help"], ["block", "--help"], ["plan", "--help"], ["status", "--help"]]
)
def test_focus_command_help_imports_no_heavy_library(args: list[str]) -> None:
    assert loaded_after(*args) == []


def test_status_start_and_stop_stay_on_the_lean_path() -> None:
    """`status` is what people put in their shell prompt: no SQLAlchemy, no Rich, no pendulum."""
    assert loaded_after("add", "Write copy") == []
    assert loaded_after("status") == []
    assert loaded_after("start", "1") == []
    assert loaded_after("status", "--json") == []
    assert loaded_after("status", "--short") == []
    assert loaded_after("stop") == []


def test_triage_help_and_its_json_queue_import_no_heavy_library() -> None:
    assert loaded_after("triage", "--help") == []
    assert loaded_after("add", "Write copy") == []
    assert loaded_after("triage", "--list", "--json") == []


def test_report_help_imports_no_heavy_library_and_its_json_needs_no_rich() -> None:
    assert loaded_after("report", "--help") == []
    assert "rich" not in loaded_after("report", "--json")
    assert "sqlalchemy" not in loaded_after("report")


OURS = (
    "microtask.domain.edits",
    "microtask.domain.views.runs",
    "microtask.domain.views.today",
    "microtask.domain.views.plan",
    "microtask.db.journal",
    "microtask.db.report_repo",
)


def ours_loaded_after(*args: str) -> list[str]:
    return loaded_after(*args, watched=OURS)


def test_read_paths_build_no_write_types_journal_or_report_queries() -> None:
    """Every dataclass defined costs start-up: `status` (shell prompts) builds only what it
    shows, and `list` none of the types writes use."""
    assert "microtask.domain.edits" in ours_loaded_after("add", "Write copy")
    assert ours_loaded_after("status") == []
    assert ours_loaded_after("list", "--json") == []


ELSEWHERE = (
    "microtask.domain.sessions",
    "microtask.domain.timer",
    "microtask.domain.assist",
    "microtask.domain.delegation",
    "microtask.db.focus_repo",
    "microtask.db.assist_repo",
    "microtask.db.series_repo",
    "microtask.services.recovery",
    "microtask.services.block_edits",
    "microtask.services.delegation",
    "microtask.services.assist",
)
"""Modules of work a plain task command does not touch: focus runs, hand-offs, blocks and
series. Each costs start-up (a frozen dataclass takes about a millisecond to build)."""


def test_everyday_task_commands_load_no_focus_handoff_or_series_code() -> None:
    """When nothing runs and nothing is handed off (the usual store), `add`, `done`, `next`
    and `list` check that with one lookup each and load none of that code."""
    for args in (["add", "Write copy"], ["add", "Call bank"], ["done", "1"], ["next"]):
        assert loaded_after(*args, watched=ELSEWHERE) == [], args
    assert loaded_after("list", "--json", watched=ELSEWHERE) == []


def test_a_running_timer_or_an_open_hand_off_still_loads_what_checks_them() -> None:
    """The lookups say yes: the recovery check and the check-in reminder still run."""
    loaded_after("add", "Write copy")
    loaded_after("start", "1")
    assert "microtask.services.recovery" in loaded_after("next", watched=ELSEWHERE)
    loaded_after("stop")
    loaded_after("provider", "add", "Ana")
    loaded_after("delegate", "1", "--to", "Ana")
    assert "microtask.services.assist" in loaded_after("next", watched=ELSEWHERE)


def test_a_report_loads_no_focus_run_or_hand_off_code() -> None:
    """`report` reads sums by SQL: the focus repository and the session and hand-off types
    are not needed for them."""
    loaded_after("add", "Write copy")
    assert loaded_after("report", "week", watched=ELSEWHERE) == []


def test_next_draws_its_few_lines_without_rich_s_table_code() -> None:
    loaded_after("add", "Write copy")
    assert loaded_after("next", watched=("rich.table", "rich.box", "fractions")) == []


def test_the_day_views_import_no_pendulum_on_an_ordinary_day() -> None:
    """A wall time that happens once is read by the standard library: pendulum only in a
    clock change's gap or repeated hour."""
    loaded_after("add", "Write copy")
    for args in (["today"], ["plan"], ["agenda"], ["report", "week"]):
        assert "pendulum" not in loaded_after(*args), args


@pytest.mark.parametrize(("name", "module", "function"), [
    ("list", "microtask.cli.tasks", "list_"),
    ("block", "microtask.cli.blocks", "block_add"),
])  # fmt: skip
def test_a_loaded_commands_hints_are_evaluated_once_not_at_each_typer_read(
    name: str, module: str, function: str
) -> None:
    """Typer reads a command's hints two or three times; strings would be evaluated each
    time (issue 11): loading a command leaves them evaluated, and it still parses."""
    from importlib import import_module

    from microtask.cli.app import load_command, root

    command = load_command(name)
    callback = getattr(import_module(module), function)
    assert callback.__annotations__
    assert not any(isinstance(hint, str) for hint in callback.__annotations__.values())
    assert not any(isinstance(hint, str) for hint in root.__annotations__.values())
    assert command.name == name
