"""`--help` on every command: it works, shell completion is offered once (at the root), and
usage lines name arguments plainly (TITLE, [ID], ID...)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from microtask.cli.app import COMMANDS, app, load_command
from microtask.cli.reference import walk

PATHS = [entry.path for entry in walk()]
SUBCOMMANDS = [path for path in PATHS if path]


def help_of(*path: str) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, (path, result.output, result.exception)
    return result.stdout


def test_every_command_of_the_registry_and_its_sub_apps_is_walked() -> None:
    assert ("block", "add") in PATHS
    assert ("export", "outsource") in PATHS
    assert ("provider", "list") in PATHS
    # issue 14: tags, projects, note, view (3), config (4); issue 15: import (3), export
    # tasks, backup, restore; issue 12: session (5), block move, block edit;
    # issue 13: procedure
    # and issue 15's export calendar, import watson/timewarrior; issue 16: inbox, checkin,
    # provider edit
    assert len(SUBCOMMANDS) == 68


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "root")
def test_help_exits_0_and_shows_a_usage_line_without_braces(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    usage = text.splitlines()[0]
    assert usage.startswith(" ".join(("Usage: microtask", *path)))
    assert "{" not in usage
    assert "}" not in usage


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=" ".join)
def test_subcommand_help_offers_no_shell_completion(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    assert "--install-completion" not in text
    assert "--show-completion" not in text


def test_the_root_help_offers_shell_completion() -> None:
    text = help_of()
    assert "--install-completion" in text
    assert "--show-completion" in text


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["add"], "Usage: microtask add [OPTIONS] TITLE"),
        (["split"], "Usage: microtask split [OPTIONS] ID [STEP]..."),
        (["done"], "Usage: microtask done [OPTIONS] ID..."),
        (["block", "add"], "Usage: microtask block add [OPTIONS] START-END [TITLE]"),
        (["provider", "add"], "Usage: microtask provider add [OPTIONS] NAME"),
    ],
)
def test_a_missing_argument_shows_the_plain_usage_line(args: list[str], usage: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == usage
    assert re.search(r"Missing argument '[A-Z.-]+'", result.stderr)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_registry_summary_is_the_first_line_of_the_commands_own_help(name: str) -> None:
    """`microtask --help` lists COMMANDS' summaries without importing the commands; they must
    say what the command's own help (its docstring, or a sub-app's help=) says first."""
    _, summary = COMMANDS[name]
    command = load_command(name)
    assert command.help.splitlines()[0] == summary
    assert help_of(name).splitlines()[2] == f"  {summary}"


def test_every_summary_fits_on_one_line_of_the_root_help_at_80_columns() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "80"})
    listed = result.stdout.split("Commands:\n")[1].splitlines()
    assert listed == [f"  {name:<9}  {summary}" for name, (_, summary) in COMMANDS.items()]


@pytest.mark.parametrize("group", ["block", "export", "provider", "db"])
def test_a_sub_apps_listing_shows_each_sub_commands_first_line_whole(group: str) -> None:
    listed = help_of(group).split("Commands:\n")[1].splitlines()
    command = load_command(group)
    expected = [
        f"  {name:<{max(map(len, command.commands))}}  {sub.help.splitlines()[0]}"
        for name, sub in command.commands.items()
    ]
    assert listed == expected


def test_list_status_help_names_every_status() -> None:
    from microtask.domain.model import Status

    text = " ".join(help_of("list").split())
    assert all(status.value in text.split("--status STATUS")[1][:80] for status in Status)


def test_edit_priority_help_promises_no_default_while_add_says_medium() -> None:
    add = " ".join(help_of("add").split()).split("--priority PRIORITY")[1][:60]
    edit = " ".join(help_of("edit").split()).split("--priority PRIORITY")[1][:60]
    assert "(default medium)" in add
    assert "default" not in edit
