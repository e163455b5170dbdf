"""Who did what, and the assistant's side of delegation (issue 16), on one store shared by
the founder and an assistant, each with their own MICROTASK_USER."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.shared_store import SharedStore

MON = "2026-11-23"


@pytest.fixture
def store() -> SharedStore:
    return SharedStore()


def _setup(store: SharedStore) -> None:
    """Tasks 1 (steps 4, 5) and 2 for Ana, 3 the founder's own; 1 delegated to Ana."""
    founder = "founder"
    store.run(founder, "add", "Book the venue", at=f"{MON}T09:00:00+01:00")
    store.run(founder, "add", "Update the CRM")
    store.run(founder, "add", "Hiring plan")
    store.run(founder, "split", "1", "Shortlist venues", "Book one")
    store.run(founder, "provider", "add", "Ana", "--user", "ana", "--kind", "va")
    store.run(
        founder, "delegate", "1", "--to", "Ana", "--cap", "2h", "--check-in", "tomorrow 10:00"
    )


# -- user names ---------------------------------------------------------------------------


def test_the_user_comes_from_as_then_the_environment_then_the_settings(
    store: SharedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.run("ana", "add", "From the environment")
    store.run("ana", "--as", "bob", "add", "From the flag")
    (tmp_path / "config.toml").write_text('[user]\nname = "carol"\n')
    monkeypatch.setenv("MICROTASK_CONFIG", str(tmp_path / "config.toml"))
    from typer.testing import CliRunner

    from microtask.cli.app import app

    env = {"MICROTASK_NOW": store.now, "MICROTASK_USER": None}
    assert CliRunner().invoke(app, ["add", "From the settings"], env=env).exit_code == 0
    users = [store.json("x", "show", str(i))["history"][0]["user"] for i in (1, 2, 3)]
    assert users == ["ana", "bob", "carol"]


@pytest.mark.parametrize("name", ["", "ana lopez", "-x"])
def test_an_empty_or_odd_user_name_is_one_line_error(store: SharedStore, name: str) -> None:
    result = store.run("ana", "--as", name, "add", "Anything", code=1)
    assert result.stderr.count("\n") == 1
    assert "user name" in result.stderr
    assert "Traceback" not in result.stderr


# -- history ------------------------------------------------------------------------------


def test_show_lists_who_changed_the_task_and_when(store: SharedStore) -> None:
    _setup(store)
    store.run("ana", "checkin", "1", "Shortlisted three", at=f"{MON}T10:30:00+01:00")
    history = store.json("founder", "show", "1")["history"]
    assert [(h["user"], h["change"].split(" ")[0]) for h in history] == [
        ("founder", "add"),
        ("founder", "split"),
        ("founder", "delegate"),
        ("ana", "checkin"),
    ]
    assert history[-1]["at"] == f"{MON}T10:30:00+01:00"
    shown = store.run("founder", "show", "1").stdout
    assert "History" in shown
    assert "ana" in shown
    assert "Shortlisted three" in shown


def test_history_outlives_the_undo_window(
    store: SharedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microtask.db.journal as journal

    monkeypatch.setattr(journal, "UNDO_HISTORY", 2)
    store.run("founder", "add", "Kept")
    for n in range(4):
        store.run("founder", "edit", "1", "--title", f"Kept {n}")
    assert len(store.json("founder", "show", "1")["history"]) == 5


# -- undo ---------------------------------------------------------------------------------


def test_undo_reverts_only_your_own_latest_change(store: SharedStore) -> None:
    store.run("founder", "add", "Founder's")
    store.run("ana", "add", "Ana's")
    store.run("founder", "add", "Founder's second")
    assert "Ana's" in store.run("ana", "undo").stdout  # not the founder's later add
    titles = {t["title"] for t in store.json("founder", "list")}
    assert titles == {"Founder's", "Founder's second"}
    assert "Founder's second" in store.run("founder", "undo").stdout


def test_undo_refuses_to_clobber_what_someone_else_changed_since(store: SharedStore) -> None:
    _setup(store)
    store.run("ana", "checkin", "1", "Started", at=f"{MON}T10:00:00+01:00")
    refused = store.run("founder", "undo", code=4)
    assert "ana changed task 1" in refused.stderr
    assert "checkin" in refused.stderr
    assert store.json("founder", "show", "1")["status"] == "delegated"  # nothing undone
    store.run("ana", "undo")  # her check-in goes; now the founder's delegate can be undone
    assert "delegate" in store.run("founder", "undo").stdout
    assert store.json("founder", "show", "1")["status"] == "open"


# -- permissions --------------------------------------------------------------------------


def test_the_assistant_sees_and_changes_only_what_is_delegated_to_them(
    store: SharedStore, tmp_path: Path
) -> None:
    _setup(store)
    ids = {t["id"] for t in store.json("ana", "list", "--all")}
    assert ids == {1, 4, 5}
    # her delegated work is her open work: plain list and next show it
    assert {t["id"] for t in store.json("ana", "list")} == {1, 4, 5}
    assert store.json("ana", "next")["id"] == 4
    assert [h["task_id"] for h in store.json("ana", "inbox")] == [1]
    assert "no task with id 3" in store.run("ana", "show", "3", code=3).stderr
    for write in (("edit", "3", "--title", "x"), ("done", "2"), ("rm", "3"), ("start", "2")):
        assert "no task with id" in store.run("ana", *write, code=3).stderr
    store.run("ana", "export", "tasks", "--format", "json", "-o", str(tmp_path / "out.json"))
    assert "Hiring plan" not in (tmp_path / "out.json").read_text()
    assert len(store.json("founder", "list", "--all")) == 5  # the founder sees everything
    store.run("ana", "done", "4")  # a step of her task is hers to change
    # a task of her own would not show to her: refused, saying how to add it
    refused = store.run("ana", "add", "Call the caterer", code=4).stderr
    assert "say what is needed in a check-in (microtask checkin ID TEXT)" in refused
    assert len(refused.strip().splitlines()) == 1
    assert len(store.json("founder", "list", "--all")) == 5


# -- check-ins, time against the cap ------------------------------------------------------


def test_a_check_in_is_due_two_hours_after_the_assistant_starts(store: SharedStore) -> None:
    _setup(store)
    [item] = store.json("ana", "inbox")
    assert item["check_in_due"] == "2026-11-24T10:00:00+01:00"  # as agreed
    assert [s["title"] for s in item["steps"]] == ["Shortlist venues", "Book one"]
    assert item["cap_minutes"] == 120
    store.run(
        "ana", "session", "add", "4", "--from", "10:00", "--for", "30m", at=f"{MON}T10:30:00+01:00"
    )
    [item] = store.json("ana", "inbox")
    assert item["check_in_due"] == f"{MON}T12:00:00+01:00"
    assert item["tracked_minutes"] == 30
    store.run("founder", "today", at=f"{MON}T12:30:00+01:00")
    assert "Check-in due" in store.run("founder", "today").stdout
    store.run("ana", "checkin", "1", "Two venues left", "--done-steps", "1")
    assert "Check-in due" not in store.run("founder", "today").stdout
    assert "Two venues left" in store.run("founder", "today").stdout


def test_done_steps_past_the_number_of_steps_is_refused(store: SharedStore) -> None:
    _setup(store)
    assert (
        "--done-steps 3"
        in store.run("ana", "checkin", "1", "x", "--done-steps", "3", code=1).stderr
    )
    assert "not handed off" in store.run("founder", "checkin", "2", "x", code=4).stderr


def test_time_past_the_cap_is_flagged_to_both(store: SharedStore) -> None:
    _setup(store)
    store.run(
        "ana",
        "session",
        "add",
        "1",
        "--from",
        "10:00",
        "--for",
        "2h10m",
        at=f"{MON}T13:00:00+01:00",
    )
    assert "over the cap" in store.run("ana", "inbox").stdout
    assert "over the cap" in store.run("founder", "show", "1").stdout
    assert "Over the cap" in store.run("founder", "today").stdout
    [ana] = store.json("founder", "provider", "list")
    assert (ana["over_cap_count"], ana["tracked_against_caps_minutes"]) == (1, 130)


def test_handback_works_from_the_assistant_side(store: SharedStore) -> None:
    _setup(store)
    store.run("ana", "handback", "1", "--done", "--on-time")
    assert store.json("founder", "show", "1")["status"] == "done"
    assert store.json("ana", "inbox") == []


@pytest.mark.parametrize(
    "command",
    [
        ("outsource",),
        ("score", "1"),
        ("triage", "--list"),
        ("report", "week"),
        ("delegate", "2", "--to", "Ana"),
        ("provider", "add", "Bob"),
        ("provider", "edit", "Ana", "--no-user"),
    ],
)
def test_commands_over_the_whole_store_are_the_founders(
    store: SharedStore, command: tuple[str, ...]
) -> None:
    _setup(store)
    refused = store.run("ana", *command, code=4).stderr
    assert "is for the founder" in refused
    assert "Traceback" not in refused


def test_an_undone_change_leaves_the_history(store: SharedStore) -> None:
    store.run("founder", "add", "Draft")
    store.run("founder", "edit", "1", "--title", "Draft 2")
    store.run("founder", "undo")
    [entry] = store.json("founder", "show", "1")["history"]
    assert entry["change"].startswith("add task 1")


def test_changes_journaled_before_authors_were_are_anyones_to_undo(
    store: SharedStore, tmp_path: Path
) -> None:
    import sqlite3

    store.run("founder", "add", "Old change")
    path = tmp_path / "home" / "microtask.db"
    with sqlite3.connect(path) as conn:  # as a version 10 store left it: no author
        conn.execute("UPDATE undo_log SET user_name = NULL")
    assert "Old change" in store.run("ana", "undo").stdout


def test_the_assistant_sees_only_the_sessions_and_blocks_of_her_tasks(
    store: SharedStore,
) -> None:
    _setup(store)
    store.run("founder", "session", "add", "3", "--from", "08:00", "--for", "30m")
    store.run("ana", "session", "add", "4", "--from", "08:30", "--for", "20m")
    store.run("founder", "block", "add", "14:00-15:00", "--task", "3")
    assert [s["task_id"] for s in store.json("ana", "session", "list")] == [4]
    assert store.json("ana", "block", "list") == []
    assert "Hiring plan" not in store.run("ana", "agenda").stdout
    assert "Hiring plan" not in store.run("ana", "today").stdout
    assert len(store.json("founder", "session", "list")) == 2
    for command in ("tags", "projects"):
        assert "is for the founder" in store.run("ana", command, code=4).stderr


def test_the_founder_and_the_assistant_each_run_a_timer_at_once(store: SharedStore) -> None:
    _setup(store)
    store.run("founder", "start", "3", at=f"{MON}T10:00:00+01:00")
    store.run("ana", "start", "4")  # her own activity: not refused by his
    assert store.json("ana", "status")["task_id"] == 4
    assert store.json("founder", "status")["task_id"] == 3
    store.run("founder", "show", "1", at=f"{MON}T10:30:00+01:00")  # recovery leaves hers alone
    assert "Stopped tracking task 4" in store.run("ana", "stop").stdout
    assert "Stopped tracking task 3" in store.run("founder", "stop").stdout
    [item] = store.json("ana", "inbox")
    assert item["tracked_minutes"] == 30
