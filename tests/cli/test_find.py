"""Finding tasks: `list TEXT...`, `--search`, the due window and `--overdue`, on a store
with the search index and on one without (a SQLite built without FTS5 scans instead)."""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Callable
from contextlib import closing
from typing import Any

import pytest

from microtask.db import migrations
from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]


@pytest.fixture(params=["index", "scan"])
def store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs on a store with the FTS5 index and on one built without it."""
    if request.param == "scan":
        monkeypatch.setattr(migrations, "has_fts5", lambda conn: False)
    return str(request.param)


def ids(listing: list[dict[str, Any]]) -> list[int]:
    return sorted(t["id"] for t in listing)


def seed(run: Run) -> None:
    run("add", "Send invoice to ACME", "--note", "net 30, 100% of the quote")
    run("add", "Call the bank about invoices", "-t", "call", "-P", "money")
    run("add", "Write landing page", "--note", "mention the INVOICE feature")
    run("add", "Fix snake_case names")


def test_list_words_match_title_or_notes_in_any_case(
    store: str, run: Run, run_json: JsonRun
) -> None:
    seed(run)
    assert ids(run_json("list", "invoice")) == [1, 2, 3]
    assert ids(run_json("list", "INVOICE", "acme")) == [1]  # every word must match
    assert ids(run_json("list", "--search", "Invoice ACME")) == [1]
    assert ids(run_json("list", "invoice", "--search", "landing")) == [3]
    assert ids(run_json("list", "zebra")) == []


def test_percent_and_underscore_are_plain_characters(
    store: str, run: Run, run_json: JsonRun
) -> None:
    seed(run)
    assert ids(run_json("list", "100%")) == [1]
    assert ids(run_json("list", "%")) == [1]
    assert ids(run_json("list", "e_c")) == [4]
    assert ids(run_json("list", "_")) == [4]
    assert ids(run_json("list", "snake_")) == [4]


def test_short_words_are_found_inside_longer_ones(store: str, run: Run, run_json: JsonRun) -> None:
    seed(run)
    assert ids(run_json("list", "ba")) == [2]
    assert ids(run_json("list", "ac", "in")) == [1]


def test_search_combines_with_tag_project_and_status(
    store: str, run: Run, run_json: JsonRun
) -> None:
    seed(run)
    run("done", "1")
    assert ids(run_json("list", "invoice", "--tag", "call")) == [2]
    assert ids(run_json("list", "invoice", "--project", "money")) == [2]
    assert ids(run_json("list", "invoice", "--status", "done")) == [1]
    assert ids(run_json("list", "invoice", "--all")) == [1, 2, 3]


def test_the_index_follows_edits_deletes_and_undo(store: str, run: Run, run_json: JsonRun) -> None:
    seed(run)
    run("edit", "4", "--title", "Rename invoice fields")
    assert ids(run_json("list", "invoice")) == [1, 2, 3, 4]
    assert ids(run_json("list", "snake")) == []
    run("edit", "3", "--note", "nothing to see")
    assert ids(run_json("list", "invoice")) == [1, 2, 4]
    run("undo")
    assert ids(run_json("list", "invoice")) == [1, 2, 3, 4]
    run("split", "1", "Draft the invoice", "Post it")
    assert ids(run_json("list", "draft")) == [5]
    run("rm", "-y", "1")
    assert ids(run_json("list", "invoice")) == [2, 3, 4]
    assert ids(run_json("list", "draft")) == []
    run("undo")
    assert ids(run_json("list", "draft")) == [5]
    assert ids(run_json("list", "invoice")) == [1, 2, 3, 4, 5]


def test_table_says_when_nothing_matches(store: str, run: Run) -> None:
    seed(run)
    assert "No tasks match" in run("list", "zebra").stdout


def test_due_window_and_overdue(run: Run, run_json: JsonRun) -> None:
    run("add", "Late", "-d", "yesterday")
    run("add", "Earlier today", "-d", "today 08:00")
    run("add", "Later today", "-d", "today 18:00")
    run("add", "Next week", "-d", "next week")
    run("add", "Someday")
    assert ids(run_json("list", "--overdue")) == [1, 2]  # NOW is 10:00
    assert ids(run_json("list", "--due-after", "today 00:00")) == [2, 3, 4]
    today = ("--due-after", "today 00:00", "--due-before", "tomorrow 00:00")
    assert ids(run_json("list", *today)) == [2, 3]
    assert ids(run_json("list", "--overdue", "--due-after", "today 00:00")) == [2]
    assert ids(run_json("list", "--overdue", "--due-before", "today 00:00")) == [1]


def test_an_empty_due_window_is_refused(run: Run) -> None:
    result = run("list", "--due-after", "tomorrow", "--due-before", "today", code=1)
    assert "--due-after must come before --due-before" in result.stderr


def test_todays_more_due_today_hint_lists_only_today(run: Run, run_json: JsonRun) -> None:
    from microtask.render.today import DUE_TODAY_MORE

    run("add", "Late", "-d", "yesterday")
    run("add", "Today", "-d", "today 18:00")
    program, *args = shlex.split(DUE_TODAY_MORE)
    assert program == "microtask"
    assert ids(run_json(*args)) == [2]


def test_a_migrated_store_finds_the_tasks_it_already_held(
    tmp_path: Any, run: Run, run_json: JsonRun
) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"CREATE TABLE {migrations.VERSION_TABLE} (version INTEGER PRIMARY KEY)")
        for script in migrations.MIGRATIONS[:6]:
            conn.executescript(script)
        conn.execute(f"INSERT INTO {migrations.VERSION_TABLE} VALUES (6)")
        conn.execute(
            "INSERT INTO tasks (title, created_ts, updated_ts) VALUES ('Old invoice', 1, 1)"
        )
        conn.commit()
    assert ids(run_json("--db", str(path), "list", "invoice")) == [1]
