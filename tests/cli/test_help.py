"""`--help` on every command: it works, shell completion is offered once (at the root), and
usage lines name arguments plainly (TITLE, [ID], ID...)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from microtask.cli.app import app
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
    assert len(SUBCOMMANDS) == 34


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
