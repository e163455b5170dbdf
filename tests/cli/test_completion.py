"""Shell completion that knows the store, through Typer's completion protocol as bash, zsh
and fish call it (``_MICROTASK_COMPLETE`` with ``COMP_WORDS``/``COMP_CWORD``, or
``_TYPER_COMPLETE_ARGS``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microtask.cli.app import app
from tests.cli.conftest import Run


def bash(words: str) -> list[str]:
    """What bash is offered for the command line ``words`` (the cursor at its end)."""
    parts = words.split(" ")
    env = {
        "_MICROTASK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="microtask")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def zsh(words: str) -> str:
    env = {"_MICROTASK_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
    result = CliRunner().invoke(app, [], env=env, prog_name="microtask")
    assert result.exit_code == 0, result.output
    return result.stdout


def fish(words: str) -> list[str]:
    env = {
        "_MICROTASK_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": words,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="microtask")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.fixture
def store(run: Run) -> None:
    run("add", "Low chore", "-p", "low", "-t", "home", "-P", "house")
    run("add", "Urgent invoice", "-p", "urgent", "-t", "money", "-t", "client", "-P", "sales")
    run("add", "Done already", "-t", "old")
    run("done", "3")
    for n in range(4, 14):
        run("add", f"Filler {n}", "-P", "sales")
    run("provider", "add", "Ana Lima", "--rate", "25")
    run("provider", "add", "Northwind Books", "--rate", "40")
    run("view", "add", "clients", "--", "--tag", "client")


def test_task_ids_are_open_tasks_most_urgent_first_with_titles(store: None) -> None:
    offered = bash("microtask done ")
    assert offered[0] == "2"  # the urgent one
    assert "3" not in offered  # done
    assert set(offered) == {str(n) for n in (1, 2, *range(4, 14))}
    assert fish("microtask show ")[0] == "2\tUrgent invoice"
    assert '"2":"Urgent invoice"' in zsh("microtask edit ")


def test_task_ids_complete_a_prefix(store: None) -> None:
    assert sorted(bash("microtask done 1")) == ["1", "10", "11", "12", "13"]
    assert bash("microtask edit 9 --parent 1") == bash("microtask done 1")


def test_tags_projects_providers_and_views(store: None) -> None:
    assert bash("microtask list --tag ") == ["client", "home", "money", "old"]
    assert bash("microtask add x -t m") == ["money"]
    assert bash("microtask list -P ") == ["house", "sales"]
    assert bash("microtask delegate 2 --to ") == ["Ana Lima", "Northwind Books"]
    assert bash("microtask delegate 2 --to N") == ["Northwind Books"]
    assert bash("microtask view rm ") == ["clients"]
    assert bash("microtask list @") == ["@clients"]
    assert fish("microtask list --tag cl") == ["client\ttag"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("microtask list --status ", ["open", "done", "dropped", "delegated"]),
        ("microtask add x -p u", ["urgent"]),
        ("microtask edit 1 --priority ", ["urgent", "high", "medium", "low"]),
        (
            "microtask outsource --verdict ",
            ["outsource", "automate", "delegate-later", "batch", "keep"],
        ),
        ("microtask edit 1 --directions ", ["simple", "moderate", "complex"]),
        ("microtask add x --category ", ["BPO", "KPO", "TSO", "VA"]),
        ("microtask report --by ", ["task", "tag", "project"]),
        ("microtask report --format ", ["table", "json", "md", "csv", "html", "svg"]),
        ("microtask export outsource --format ", ["md", "csv", "json"]),
        ("microtask provider add x --kind ", ["freelancer", "agency", "va"]),
    ],
)
def test_options_with_fixed_choices(words: str, expected: list[str]) -> None:
    assert sorted(bash(words)) == sorted(expected)


def test_no_store_offers_nothing_and_writes_nothing(isolated_home: Path) -> None:
    assert bash("microtask done ") == []
    assert bash("microtask list --tag ") == []
    assert not isolated_home.exists() or not any(isolated_home.iterdir())


def test_a_store_that_is_not_a_store_offers_nothing(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    assert bash(f"microtask --db {junk} done ") == []
    assert junk.read_bytes() == b"not sqlite at all" * 100


def test_completion_reads_the_store_named_with_db(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    run("--db", str(other), "add", "Elsewhere", "-t", "far")
    assert bash(f"microtask --db {other} list --tag ") == ["far"]
    assert bash("microtask list --tag ") == []


PROBE = """
import atexit, sys
heavy = ("sqlalchemy", "sqlmodel", "rich", "pendulum")
atexit.register(lambda: print(
    "heavy" if any(m in sys.modules for m in heavy) else "lean", file=sys.stderr))
from microtask.cli.app import main
main()
"""


@pytest.mark.slow
def test_completion_through_the_real_binary(store: None, isolated_home: Path) -> None:
    env = {
        **os.environ,
        "_MICROTASK_COMPLETE": "complete_bash",
        "COMP_WORDS": "microtask done ",
        "COMP_CWORD": "2",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[0] == "2"
    assert done.stderr.split() == ["lean"]  # no SQLAlchemy, Rich or pendulum on a TAB


def test_task_ids_come_in_the_order_list_ranks_them(run: Run) -> None:
    import json

    for n in range(60):
        due = ("-d", f"in {n % 9} days") if n % 3 else ()
        run("add", f"Task {n}", "-p", ("low", "medium", "high", "urgent")[n % 4], *due)
    ranked = [str(t["id"]) for t in json.loads(run("list", "--flat", "--json").stdout)]
    offered = [line.split("\t")[0] for line in fish("microtask done ")]
    assert offered == ranked[: len(offered)]
    assert len(offered) == 50


def test_an_assistant_is_offered_only_the_tasks_delegated_to_them(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "Founder's own")
    run("add", "Book the venue")
    run("split", "2", "Shortlist", "Book")
    run("provider", "add", "Ana", "--user", "ana")
    run("delegate", "2", "--to", "Ana")
    monkeypatch.setenv("MICROTASK_USER", "ana")
    assert bash("microtask show ") == ["2", "3", "4"]
    monkeypatch.delenv("MICROTASK_USER")
    assert "1" in bash("microtask show ")
