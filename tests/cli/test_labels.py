"""`tags`, `projects` and saved views (`view add|list|rm`, `list @NAME`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]


@pytest.fixture
def tasks(run: Run) -> None:
    run("add", "Invoice ACME", "-t", "client", "-t", "money", "-P", "sales")
    run("add", "Call Bob", "-t", "client", "-d", "yesterday", "-P", "sales")
    run("add", "Fix login bug", "-t", "dev", "-P", "app")
    run("add", "Old errand", "-t", "errand", "-P", "home")
    run("done", "3")
    run("drop", "4")


def test_tags_count_open_tasks_most_used_first(tasks: None, run: Run, run_json: JsonRun) -> None:
    assert run_json("tags") == [
        {"tag": "client", "open_tasks": 2},
        {"tag": "money", "open_tasks": 1},
    ]
    table = run("tags").stdout
    assert "client" in table
    assert "dev" not in table
    assert "2 tags" in table
    every = run_json("tags", "--all")
    assert {"tag": "dev", "open_tasks": 0} in every
    assert {"tag": "errand", "open_tasks": 0} in every


def test_projects_count_open_tasks(tasks: None, run: Run, run_json: JsonRun) -> None:
    assert run_json("projects") == [{"project": "sales", "open_tasks": 2}]
    assert [p["project"] for p in run_json("projects", "--all")] == ["sales", "app", "home"]
    assert "sales" in run("projects").stdout


def test_tags_on_an_empty_store_say_how_to_add_one(run: Run) -> None:
    assert "microtask add TITLE -t TAG" in run("tags").stdout
    assert "microtask add TITLE -P NAME" in run("projects").stdout


def test_a_saved_view_runs_its_list_arguments(tasks: None, run: Run, run_json: JsonRun) -> None:
    saved = run("view", "add", "clients", "--", "--tag", "client")
    assert saved.stdout == "Saved view @clients: microtask list --tag client\n"
    assert sorted(t["id"] for t in run_json("list", "@clients")) == [1, 2]
    assert [t["id"] for t in run_json("list", "@clients", "--overdue")] == [2]
    run("view", "add", "Late", "--overdue")  # without --: the same; names are lower case
    assert [t["id"] for t in run_json("list", "@late")] == [2]
    assert run_json("view", "list") == [
        {"name": "clients", "args": ["--tag", "client"]},
        {"name": "late", "args": ["--overdue"]},
    ]


def test_at_text_after_double_dash_is_searched_not_a_view(run: Run) -> None:
    run("add", "Reply to @ana")
    run("add", "Reply to Bob")
    listing = json.loads(run("list", "--json", "--", "@ana").stdout)
    assert [t["id"] for t in listing] == [1]


def test_view_rm_is_undoable(tasks: None, run: Run, run_json: JsonRun) -> None:
    run("view", "add", "clients", "--", "--tag", "client")
    assert run("view", "rm", "@clients").stdout == "Removed view @clients\n"
    assert run_json("view", "list") == []
    assert run("undo").stdout == "Undid: view rm clients\n"
    assert [v["name"] for v in run_json("view", "list")] == ["clients"]
    run("undo")
    assert run_json("view", "list") == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["view", "add", "x", "--", "--nope"], 1, "not list arguments: No such option: --nope"),
        (["view", "add", "x", "--", "@other"], 1, "cannot use another view"),
        (["view", "add", "bad name", "--", "-a"], 1, "invalid view name"),
        (["view", "add", "x"], 2, "Missing argument"),
        (["view", "rm", "nope"], 3, "no saved view named 'nope'"),
        (["list", "@nope"], 3, "no saved view named 'nope'"),
    ],
)
def test_bad_views_are_refused_in_one_line(
    run: Run, args: list[str], code: int, message: str
) -> None:
    result = run(*args, code=code)
    assert message in result.stderr


def test_a_view_name_is_taken_once(run: Run) -> None:
    run("view", "add", "clients", "--", "--tag", "client")
    result = run("view", "add", "clients", "--", "--tag", "other", code=4)
    assert "exists already" in result.stderr
