"""Handing work off end to end: provider add/list, delegate, check-ins, handback, undo."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.conftest import NOW, Run
from tests.factories import cli_store, table_rows

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
Snapshot = dict[str, list[tuple[Any, ...]]]

DAY = "2026-11-23"  # the pinned Monday of tests/cli/conftest.py, 10:00 in Paris

PROVIDER_KEYS = {"id", "name", "kind", "rate", "started"}
RECORD_KEYS = PROVIDER_KEYS | {
    "handed_off", "open", "done", "redo", "on_time", "late", "on_time_rate", "on_trial",
    "trial_ends",
    # issue 16: the figures behind the track record
    "user", "handbacks", "redo_rate", "median_check_in_minutes", "check_ins_answered",
    "tracked_against_caps_minutes", "caps_minutes", "over_cap_count", "check_ins_overdue",
}  # fmt: skip
DELEGATION_KEYS = {
    "id", "task_id", "task_title", "provider", "delegated", "check_in", "cap_minutes",
    "returned", "outcome", "on_time", "note",
}  # fmt: skip


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Move the pinned wall clock to another time (``HH:MM[:SS]``) of the test's Monday."""

    def move(clock: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{DAY}T{clock}+01:00")

    return move


def store_contents(home: Path) -> Snapshot:
    """Every row the delegation commands can write, read straight from the file."""
    return table_rows(cli_store(home), ("tasks", "providers", "delegations", "undo_log"))


def assert_one_line_error(result: Result) -> str:
    """A refused command: one 'Error: ...' line on stderr, nothing on stdout, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}"
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def record_of(run_json: JsonRun, name: str) -> dict[str, Any]:
    records = {r["name"]: r for r in run_json("provider", "list")}
    return records[name]  # type: ignore[no-any-return]


def status_of(run_json: JsonRun, task_id: int) -> str:
    return run_json("show", str(task_id))["status"]  # type: ignore[no-any-return]


def check_in_lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("Check-in due:")]


@pytest.fixture
def trial_provider(run: Run) -> str:
    """Ana, who started today: on trial for six months."""
    run("provider", "add", "Ana", "--rate", "25", "--kind", "va")
    return "Ana"


@pytest.fixture
def proven_provider(run: Run) -> str:
    """Bob, working with us since January 2025: his trial is long over."""
    run("provider", "add", "Bob", "--since", "2025-01-01")
    return "Bob"


# -- provider add --------------------------------------------------------------------------


def test_provider_add_confirms_the_name_and_kind(run: Run) -> None:
    assert run("provider", "add", "Ana", "--kind", "va").stdout == "Added provider 'Ana' (va)\n"


def test_provider_add_json_has_the_contract_keys_and_starts_today(run_json: JsonRun) -> None:
    provider = run_json("provider", "add", "Ana Lopez", "--rate", "25", "--kind", "agency")
    assert set(provider) == PROVIDER_KEYS
    assert provider == {
        "id": 1,
        "name": "Ana Lopez",
        "kind": "agency",
        "rate": 25.0,
        "started": NOW,
    }


def test_provider_add_defaults_to_a_freelancer_at_the_default_rate(run_json: JsonRun) -> None:
    provider = run_json("provider", "add", "  Ana   Lopez ")
    assert (provider["name"], provider["kind"], provider["rate"]) == (
        "Ana Lopez",
        "freelancer",
        None,
    )


@pytest.mark.parametrize("name", ["ana", "ANA", "Ana"])
def test_a_second_provider_with_the_same_name_in_any_case_exits_4_and_writes_nothing(
    run: Run, isolated_home: Path, trial_provider: str, name: str
) -> None:
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("provider", "add", name, "--kind", "agency", code=4))
    assert "'Ana' exists already" in message
    assert store_contents(isolated_home) == before


@pytest.mark.parametrize(
    ("args", "mention"),
    [
        (["--kind", "robot"], "--kind 'robot'"),
        (["--kind", ""], "--kind"),
        (["--rate", "abc"], "--rate 'abc'"),
        (["--rate", "-5"], "--rate '-5'"),
        (["--rate", "nan"], "--rate 'nan'"),
        (["--since", "someday"], "someday"),
    ],
)
def test_provider_add_with_a_bad_kind_rate_or_since_exits_1_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path, args: list[str], mention: str
) -> None:
    run("list")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("provider", "add", "Ana", *args, code=1))
    assert mention in message
    assert store_contents(isolated_home) == before
    assert run_json("provider", "list") == []


def test_provider_add_with_an_empty_name_exits_1(run: Run) -> None:
    assert "empty" in assert_one_line_error(run("provider", "add", "   ", code=1))


def test_since_backdates_the_start_and_after_six_months_the_provider_is_proven(
    run: Run, run_json: JsonRun
) -> None:
    provider = run_json("provider", "add", "Bob", "--since", "2025-01-01")
    assert provider["started"] == "2025-01-01T00:00:00+01:00"
    record = record_of(run_json, "Bob")
    assert record["on_trial"] is False
    assert record["trial_ends"].startswith("2025-07-")
    table = run("provider", "list").stdout
    assert "proven" in table
    assert "2025-01-01" in table


def test_a_new_provider_is_on_trial_for_about_six_months(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    record = record_of(run_json, "Ana")
    assert record["on_trial"] is True
    assert record["trial_ends"].startswith("2027-05-")
    assert "until 2027-05-" in run("provider", "list").stdout
    assert "proven" not in run("provider", "list").stdout


@pytest.mark.parametrize(
    ("since", "on_trial"),
    [("2026-05-01", False), ("2026-05-20", False), ("2026-06-01", True), ("today", True)],
)
def test_the_trial_ends_six_months_after_the_start(
    run_json: JsonRun, since: str, on_trial: bool
) -> None:
    run_json("provider", "add", "Cleo", "--since", since)
    assert record_of(run_json, "Cleo")["on_trial"] is on_trial


# -- provider list -------------------------------------------------------------------------


def test_provider_list_without_providers_says_how_to_add_one(run: Run, run_json: JsonRun) -> None:
    assert run_json("provider", "list") == []
    assert "provider add" in run("provider", "list").stdout


def test_provider_list_json_has_the_contract_keys_and_a_clean_record_for_a_new_provider(
    run_json: JsonRun, trial_provider: str
) -> None:
    [record] = run_json("provider", "list")
    assert set(record) == RECORD_KEYS
    new_figures = {
        "user": None,
        "handbacks": 0,
        "redo_rate": None,
        "median_check_in_minutes": None,
        "check_ins_answered": 0,
        "tracked_against_caps_minutes": 0,
        "caps_minutes": 0,
        "over_cap_count": 0,
        "check_ins_overdue": 0,
    }
    assert {k: record[k] for k in RECORD_KEYS - PROVIDER_KEYS - {"trial_ends"}} == {
        **new_figures,
        "handed_off": 0,
        "open": 0,
        "done": 0,
        "redo": 0,
        "on_time": 0,
        "late": 0,
        "on_time_rate": None,
        "on_trial": True,
    }


def test_provider_list_lists_the_longest_relationship_first(
    run_json: JsonRun, trial_provider: str, proven_provider: str
) -> None:
    assert [r["name"] for r in run_json("provider", "list")] == ["Bob", "Ana"]


def test_provider_list_counts_handoffs_outcomes_and_punctuality(
    run: Run, run_json: JsonRun, trial_provider: str, proven_provider: str
) -> None:
    for title in ("One", "Two", "Three", "Four", "Five"):
        run("add", title)
    for task_id in ("1", "2", "3", "4"):
        run("delegate", task_id, "--to", "Ana")
    run("handback", "1", "--done", "--on-time")
    run("handback", "2", "--done", "--late")
    run("handback", "3", "--redo", "--late", "--note", "wrong format")
    run("delegate", "3", "--to", "Ana")  # handed off again after the redo
    run("delegate", "5", "--to", "Bob")
    ana = record_of(run_json, "Ana")
    assert {k: ana[k] for k in ("handed_off", "open", "done", "redo", "on_time", "late")} == {
        "handed_off": 5,
        "open": 2,
        "done": 2,
        "redo": 1,
        "on_time": 1,
        "late": 2,
    }
    assert ana["on_time_rate"] == pytest.approx(1 / 3, abs=1e-4)
    bob = record_of(run_json, "Bob")
    assert (bob["handed_off"], bob["open"], bob["done"], bob["on_time_rate"]) == (1, 1, 0, None)
    table = run("provider", "list").stdout
    assert "33% of 3" in table


def test_on_time_rate_counts_only_handbacks_judged_on_time_or_late(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    for n in range(1, 6):
        run("add", f"Task {n}")
        run("delegate", str(n), "--to", "Ana")
    run("handback", "1", "--done", "--on-time")
    run("handback", "2", "--done", "--on-time")
    run("handback", "3", "--redo", "--on-time")
    run("handback", "4", "--done", "--late")
    run("handback", "5", "--done")  # not said: not judged either way
    record = record_of(run_json, "Ana")
    assert (record["on_time"], record["late"], record["done"], record["redo"]) == (3, 1, 4, 1)
    assert record["on_time_rate"] == 0.75


# -- delegate ------------------------------------------------------------------------------


def test_delegate_hands_the_task_off_with_status_delegated(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Book flights")
    result = run("delegate", "1", "--to", "Ana")
    assert result.stdout == "Delegated task 1 'Book flights' to Ana; check in at Mon 12:00\n"
    assert status_of(run_json, 1) == "delegated"
    assert [(t["id"], t["status"]) for t in run_json("list", "--all")] == [(1, "delegated")]
    assert run_json("list") == []  # open work only: it is someone else's now
    assert record_of(run_json, "Ana")["handed_off"] == 1


def test_delegate_json_has_the_contract_keys_a_two_hour_check_in_and_the_cap(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Book flights")
    delegation = run_json("delegate", "1", "--to", "ana", "--cap", "3h")
    assert set(delegation) == DELEGATION_KEYS | {"warnings"}
    assert delegation == {
        "id": 1,
        "task_id": 1,
        "task_title": "Book flights",
        "provider": "Ana",
        "delegated": NOW,
        "check_in": f"{DAY}T12:00:00+01:00",
        "cap_minutes": 180,
        "returned": None,
        "outcome": None,
        "on_time": None,
        "note": None,
        "warnings": [],
    }


def test_delegate_to_an_unknown_provider_exits_3_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path, trial_provider: str
) -> None:
    run("add", "Book flights")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("delegate", "1", "--to", "Zed", code=3))
    assert "no provider named 'Zed'" in message
    assert "provider add" in message
    assert store_contents(isolated_home) == before
    assert status_of(run_json, 1) == "open"


def test_delegate_an_unknown_task_exits_3(
    run: Run, isolated_home: Path, trial_provider: str
) -> None:
    before = store_contents(isolated_home)
    assert "no task with id 9" in assert_one_line_error(run("delegate", "9", "--to", "Ana", code=3))
    assert store_contents(isolated_home) == before


@pytest.mark.parametrize("setup", [["done", "1"], ["drop", "1"], ["delegate", "1", "--to", "Ana"]])
def test_only_an_open_task_can_be_delegated_else_exit_4_and_nothing_written(
    run: Run, isolated_home: Path, trial_provider: str, setup: list[str]
) -> None:
    run("add", "Book flights")
    run(*setup)
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("delegate", "1", "--to", "Ana", code=4))
    assert "only an open task can be handed off" in message
    assert store_contents(isolated_home) == before


@pytest.mark.parametrize(
    ("args", "mention"),
    [
        (["--check-in", "soon"], "'soon'"),
        (["--check-in", "0"], "more than 0"),
        (["--cap", "lots"], "'lots'"),
        (["--cap", "2 weeks"], "'2 weeks'"),
    ],
)
def test_delegate_with_a_bad_duration_exits_1_and_writes_nothing(
    run: Run,
    run_json: JsonRun,
    isolated_home: Path,
    trial_provider: str,
    args: list[str],
    mention: str,
) -> None:
    run("add", "Book flights")
    before = store_contents(isolated_home)
    result = run("delegate", "1", "--to", "Ana", *args, code=1)
    assert mention in assert_one_line_error(result)
    assert store_contents(isolated_home) == before
    assert status_of(run_json, 1) == "open"


def test_a_critical_task_to_a_provider_on_trial_is_refused_with_the_reason(
    run: Run, run_json: JsonRun, isolated_home: Path, trial_provider: str
) -> None:
    run("add", "Sign the lease", "--critical")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("delegate", "1", "--to", "Ana", code=4))
    assert "critical" in message
    assert "on trial until 2027-05-" in message
    assert "--force" in message
    assert store_contents(isolated_home) == before
    assert status_of(run_json, 1) == "open"
    assert record_of(run_json, "Ana")["handed_off"] == 0


def test_force_hands_a_critical_task_to_a_provider_on_trial(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Sign the lease", "--critical")
    delegation = run_json("delegate", "1", "--to", "Ana", "--force")
    assert delegation["provider"] == "Ana"
    assert status_of(run_json, 1) == "delegated"


def test_a_critical_task_goes_to_a_proven_provider_without_force(
    run: Run, run_json: JsonRun, proven_provider: str
) -> None:
    run("add", "Sign the lease", "--critical", "--time-sensitive")
    delegation = run_json("delegate", "1", "--to", "Bob")
    assert delegation["warnings"] == []
    assert status_of(run_json, 1) == "delegated"


def test_a_task_marked_not_critical_goes_to_a_provider_on_trial(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Sort receipts", "--not-critical")
    run("delegate", "1", "--to", "Ana")
    assert status_of(run_json, 1) == "delegated"


def test_a_time_sensitive_task_to_a_provider_on_trial_gets_a_warning(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Post at 9:00 sharp", "--time-sensitive")
    run("add", "Post at noon", "--time-sensitive")
    lines = run("delegate", "1", "--to", "Ana").stdout.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Warning: task 1 is time-sensitive")
    assert "Ana" in lines[1]
    [warning] = run_json("delegate", "2", "--to", "Ana")["warnings"]
    assert "time-sensitive" in warning
    assert status_of(run_json, 1) == status_of(run_json, 2) == "delegated"


def test_a_time_sensitive_task_to_a_proven_provider_has_no_warning(
    run: Run, proven_provider: str
) -> None:
    run("add", "Post at 9:00 sharp", "--time-sensitive")
    assert "Warning" not in run("delegate", "1", "--to", "Bob").stdout


# -- check-ins -----------------------------------------------------------------------------


def test_a_check_in_is_not_due_before_two_hours(
    run: Run, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("add", "Something for me")
    run("delegate", "1", "--to", "Ana")
    at("11:59:59")
    assert check_in_lines(run("list")) == []
    assert check_in_lines(run("next")) == []


def test_list_and_next_surface_a_check_in_due_after_two_hours(
    run: Run, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("add", "Something for me")
    run("delegate", "1", "--to", "Ana")
    at("12:00")
    expected = ["Check-in due: task 1 Book flights with Ana (since Mon 12:00)"]
    assert check_in_lines(run("list")) == expected
    at("15:30")
    assert check_in_lines(run("next")) == expected
    assert "Something for me" in run("next").stdout


def test_next_surfaces_a_due_check_in_even_with_nothing_left_to_do(
    run: Run, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    at("12:30")
    result = run("next")
    assert "Nothing to do" in result.stdout
    assert len(check_in_lines(result)) == 1


def test_list_json_stays_pure_json_when_a_check_in_is_due(
    run: Run, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("add", "Something for me")
    run("delegate", "1", "--to", "Ana")
    at("13:00")
    assert [t["title"] for t in json.loads(run("list", "--json").stdout)] == ["Something for me"]


def test_check_in_option_sets_when_the_check_in_falls_due(
    run: Run, run_json: JsonRun, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    delegation = run_json("delegate", "1", "--to", "Ana", "--check-in", "30m")
    assert delegation["check_in"] == f"{DAY}T10:30:00+01:00"
    at("10:29")
    assert check_in_lines(run("list")) == []
    at("10:30")
    assert check_in_lines(run("list")) == [
        "Check-in due: task 1 Book flights with Ana (since Mon 10:30)"
    ]


def test_every_due_check_in_is_listed_earliest_first(
    run: Run, at: Callable[[str], None], trial_provider: str, proven_provider: str
) -> None:
    run("add", "Book flights")
    run("add", "Fix the printer")
    run("add", "Not due yet")
    run("delegate", "1", "--to", "Ana", "--check-in", "2h")
    run("delegate", "2", "--to", "Bob", "--check-in", "1h")
    run("delegate", "3", "--to", "Bob", "--check-in", "5h")
    at("12:00")
    assert check_in_lines(run("list")) == [
        "Check-in due: task 2 Fix the printer with Bob (since Mon 11:00)",
        "Check-in due: task 1 Book flights with Ana (since Mon 12:00)",
    ]


@pytest.mark.parametrize("outcome", ["--done", "--redo"])
def test_a_check_in_is_no_longer_due_after_handback(
    run: Run, at: Callable[[str], None], trial_provider: str, outcome: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    at("12:30")
    assert len(check_in_lines(run("list"))) == 1
    run("handback", "1", outcome)
    assert check_in_lines(run("list")) == []
    assert check_in_lines(run("next")) == []


@pytest.mark.parametrize("command", ["done", "drop"])
def test_a_check_in_is_no_longer_due_once_the_task_is_closed_by_hand(
    run: Run, at: Callable[[str], None], trial_provider: str, command: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    run(command, "1")
    at("12:30")
    assert check_in_lines(run("list")) == []


# -- handback ------------------------------------------------------------------------------


def test_handback_done_completes_the_task_and_records_the_delegation(
    run: Run, run_json: JsonRun, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    at("11:15")
    assert run("handback", "1", "--done").stdout == "Task 1 'Book flights' is done (Ana)\n"
    task = run_json("show", "1")
    assert (task["status"], task["done_at"]) == ("done", f"{DAY}T11:15:00+01:00")


def test_handback_json_has_the_outcome_punctuality_note_and_return_time(
    run: Run, run_json: JsonRun, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    at("11:15")
    delegation = run_json("handback", "1", "--done", "--on-time", "--note", "cheapest fares")
    assert set(delegation) == DELEGATION_KEYS
    assert {k: delegation[k] for k in ("returned", "outcome", "on_time", "note")} == {
        "returned": f"{DAY}T11:15:00+01:00",
        "outcome": "done",
        "on_time": True,
        "note": "cheapest fares",
    }
    record = record_of(run_json, "Ana")
    assert (record["open"], record["done"], record["on_time"], record["on_time_rate"]) == (
        0,
        1,
        1,
        1.0,
    )


def test_handback_late_is_recorded_as_not_on_time(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    assert run_json("handback", "1", "--done", "--late")["on_time"] is False
    assert record_of(run_json, "Ana")["on_time_rate"] == 0.0


def test_handback_redo_reopens_the_task_and_it_can_be_handed_off_again(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    result = run("handback", "1", "--redo", "--note", "wrong dates")
    assert result.stdout == "Task 1 'Book flights' is open again, to redo (Ana)\n"
    task = run_json("show", "1")
    assert (task["status"], task["done_at"]) == ("open", None)
    assert record_of(run_json, "Ana")["redo"] == 1
    second = run_json("delegate", "1", "--to", "Ana")
    assert second["id"] == 2
    assert status_of(run_json, 1) == "delegated"


@pytest.mark.parametrize("outcome", [[], ["--done", "--redo"]])
def test_handback_needs_exactly_one_of_done_or_redo_else_exit_1_and_nothing_written(
    run: Run, run_json: JsonRun, isolated_home: Path, trial_provider: str, outcome: list[str]
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("handback", "1", *outcome, "--on-time", code=1))
    assert "--done or --redo" in message
    assert store_contents(isolated_home) == before
    assert status_of(run_json, 1) == "delegated"


@pytest.mark.parametrize("setup", [[], ["done", "1"]])
def test_handback_of_a_task_not_handed_off_exits_4_and_writes_nothing(
    run: Run, isolated_home: Path, trial_provider: str, setup: list[str]
) -> None:
    run("add", "Book flights")
    if setup:
        run(*setup)
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("handback", "1", "--done", code=4))
    assert "not handed off" in message
    assert "delegate 1 --to" in message
    assert store_contents(isolated_home) == before


def test_handback_of_an_unknown_task_exits_3(run: Run, isolated_home: Path) -> None:
    run("list")
    before = store_contents(isolated_home)
    assert "no task with id 4" in assert_one_line_error(run("handback", "4", "--done", code=3))
    assert store_contents(isolated_home) == before


def test_a_second_handback_is_refused(run: Run, run_json: JsonRun, trial_provider: str) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    run("handback", "1", "--done")
    run("handback", "1", "--done", code=4)
    assert record_of(run_json, "Ana")["done"] == 1


# -- undo ----------------------------------------------------------------------------------


def test_undo_after_delegate_reopens_the_task_and_forgets_the_handoff(
    run: Run, run_json: JsonRun, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    assert run("undo").stdout == "Undid: delegate task 1 'Book flights' to Ana\n"
    assert status_of(run_json, 1) == "open"
    record = record_of(run_json, "Ana")
    assert (record["handed_off"], record["open"]) == (0, 0)
    at("13:00")
    assert check_in_lines(run("list")) == []
    run("handback", "1", "--done", code=4)


def test_undo_after_handback_puts_the_task_back_in_the_providers_hands(
    run: Run, run_json: JsonRun, at: Callable[[str], None], trial_provider: str
) -> None:
    run("add", "Book flights")
    run("delegate", "1", "--to", "Ana")
    run("handback", "1", "--done", "--late", "--note", "two days late")
    assert run("undo").stdout == "Undid: handback task 1 'Book flights' (done)\n"
    task = run_json("show", "1")
    assert (task["status"], task["done_at"]) == ("delegated", None)
    record = record_of(run_json, "Ana")
    assert {k: record[k] for k in ("handed_off", "open", "done", "late")} == {
        "handed_off": 1,
        "open": 1,
        "done": 0,
        "late": 0,
    }
    at("12:30")
    assert len(check_in_lines(run("list"))) == 1
    assert run_json("handback", "1", "--done", "--on-time")["on_time"] is True


def test_undo_of_rm_brings_a_delegated_task_back_with_its_handoffs(
    run: Run, run_json: JsonRun, trial_provider: str
) -> None:
    run("add", "Book flights")
    run("add", "Fix the printer")
    run("delegate", "2", "--to", "Ana")
    run("handback", "2", "--done", "--on-time")
    run("delegate", "1", "--to", "Ana")
    run("rm", "--yes", "1", "2")
    assert record_of(run_json, "Ana")["handed_off"] == 0
    run("undo")
    record = record_of(run_json, "Ana")
    assert {k: record[k] for k in ("handed_off", "open", "done", "on_time")} == {
        "handed_off": 2,
        "open": 1,
        "done": 1,
        "on_time": 1,
    }
    assert status_of(run_json, 1) == "delegated"
    run("handback", "1", "--done")
    assert status_of(run_json, 1) == "done"


def test_delegating_a_task_hands_off_its_open_steps_and_handback_brings_them_back(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Lead list")
    run("split", "1", "Find companies", "Find emails")
    run("provider", "add", "Ana")
    run("delegate", "1", "--to", "Ana")
    statuses = {t["id"]: t["status"] for t in run_json("list", "--all")}
    assert statuses == {1: "delegated", 2: "delegated", 3: "delegated"}
    assert "Nothing to do" in run("next").stdout
    run("handback", "1", "--redo")
    statuses = {t["id"]: t["status"] for t in run_json("list", "--all")}
    assert statuses == {1: "open", 2: "open", 3: "open"}
    run("delegate", "1", "--to", "Ana")
    run("handback", "1", "--done")
    statuses = {t["id"]: t["status"] for t in run_json("list", "--all")}
    assert statuses == {1: "done", 2: "done", 3: "done"}
