"""Outsourcing answers on add and edit: stored as said, unknown (null) until said, undoable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.conftest import Run
from tests.factories import cli_store, table_rows

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]
Snapshot = dict[str, list[tuple[Any, ...]]]

CRITERIA_KEYS = {
    "repetitive", "time_sensitive", "critical", "directions", "know_how", "hours_per_week",
    "category",
}  # fmt: skip
UNKNOWN = dict.fromkeys(CRITERIA_KEYS)


def store_contents(home: Path) -> Snapshot:
    """Every row add and edit can write, read straight from the file."""
    return table_rows(cli_store(home), ("tasks", "task_tags", "undo_log"))


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


def criteria_of(run_json: JsonRun, task_id: int = 1) -> dict[str, Any]:
    return run_json("show", str(task_id))["criteria"]  # type: ignore[no-any-return]


# -- add -----------------------------------------------------------------------------------


def test_a_task_added_without_answers_has_every_criterion_unknown_not_false(
    run_json: JsonRun,
) -> None:
    task = run_json("add", "Write the newsletter")
    assert task["criteria"] == UNKNOWN
    assert criteria_of(run_json) == UNKNOWN
    assert run_json("list")[0]["criteria"] == UNKNOWN


@pytest.mark.parametrize(
    ("flags", "stored"),
    [
        (["--repetitive"], {"repetitive": True}),
        (["--not-repetitive"], {"repetitive": False}),
        (["--time-sensitive"], {"time_sensitive": True}),
        (["--not-time-sensitive"], {"time_sensitive": False}),
        (["--critical"], {"critical": True}),
        (["--not-critical"], {"critical": False}),
        (["--know-how"], {"know_how": True}),
        (["--no-know-how"], {"know_how": False}),
        (["--directions", "simple"], {"directions": "simple"}),
        (["--directions", " Moderate "], {"directions": "moderate"}),
        (["--directions", "COMPLEX"], {"directions": "complex"}),
        (["--hours-per-week", "2.5"], {"hours_per_week": 2.5}),
        (["--hours-per-week", "3h"], {"hours_per_week": 3.0}),
        (["--hours-per-week", "0"], {"hours_per_week": 0.0}),
        (["--hours-per-week", "168"], {"hours_per_week": 168.0}),
        (["--category", "kpo"], {"category": "KPO"}),
        (["--category", "VA"], {"category": "VA"}),
    ],
)
def test_add_stores_each_outsourcing_answer_and_leaves_the_others_unknown(
    run_json: JsonRun, flags: list[str], stored: dict[str, Any]
) -> None:
    task = run_json("add", "Reconcile invoices", *flags)
    assert task["criteria"] == {**UNKNOWN, **stored}
    assert criteria_of(run_json) == {**UNKNOWN, **stored}


def test_add_stores_every_answer_given_together(run_json: JsonRun) -> None:
    run_json(
        "add", "Reconcile invoices", "--repetitive", "--not-time-sensitive", "--critical",
        "--no-know-how", "--directions", "simple", "--hours-per-week", "4", "--category", "bpo",
    )  # fmt: skip
    assert criteria_of(run_json) == {
        "repetitive": True,
        "time_sensitive": False,
        "critical": True,
        "directions": "simple",
        "know_how": False,
        "hours_per_week": 4.0,
        "category": "BPO",
    }


def test_the_last_of_a_flag_and_its_negation_wins(run_json: JsonRun) -> None:
    task = run_json("add", "Reconcile invoices", "--critical", "--not-critical")
    assert task["criteria"]["critical"] is False


@pytest.mark.parametrize(
    ("flags", "mention"),
    [
        (["--directions", "easy"], "--directions 'easy'"),
        (["--directions", ""], "--directions"),
        (["--hours-per-week", "-1"], "--hours-per-week '-1'"),
        (["--hours-per-week", "169"], "--hours-per-week '169'"),
        (["--hours-per-week", "nan"], "--hours-per-week 'nan'"),
        (["--hours-per-week", "inf"], "--hours-per-week 'inf'"),
        (["--hours-per-week", "a lot"], "--hours-per-week 'a lot'"),
        (["--category", "XYZ"], "--category 'XYZ'"),
        (["--category", ""], "--category"),
    ],
)
def test_add_with_a_bad_answer_exits_1_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path, flags: list[str], mention: str
) -> None:
    run("list")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("add", "Reconcile invoices", *flags, code=1))
    assert mention in message
    assert store_contents(isolated_home) == before
    assert run_json("list", "--all") == []


# -- edit ----------------------------------------------------------------------------------


def test_edit_changes_an_answer_and_keeps_the_others(run: Run, run_json: JsonRun) -> None:
    run("add", "Reconcile invoices", "--critical", "--directions", "complex", "--category", "KPO")
    task = run_json("edit", "1", "--not-critical", "--directions", "simple", "--repetitive")
    assert task["criteria"] == {
        **UNKNOWN,
        "critical": False,
        "directions": "simple",
        "repetitive": True,
        "category": "KPO",
    }
    assert criteria_of(run_json) == task["criteria"]


def test_edit_without_answers_leaves_the_criteria_alone(run: Run, run_json: JsonRun) -> None:
    run("add", "Reconcile invoices", "--know-how", "--hours-per-week", "1.5")
    run("edit", "1", "--title", "Reconcile the invoices")
    assert criteria_of(run_json) == {**UNKNOWN, "know_how": True, "hours_per_week": 1.5}


@pytest.mark.parametrize(
    ("flags", "name", "column"),
    [
        (["--repetitive"], "repetitive", "repetitive"),
        (["--not-repetitive"], "REPETITIVE", "repetitive"),
        (["--time-sensitive"], "time-sensitive", "time_sensitive"),
        (["--not-time-sensitive"], "time_sensitive", "time_sensitive"),
        (["--critical"], "Critical", "critical"),
        (["--no-know-how"], "know-how", "know_how"),
        (["--directions", "moderate"], "directions", "directions"),
        (["--hours-per-week", "2"], "hours-per-week", "hours_per_week"),
        (["--category", "TSO"], "category", "category"),
    ],
)
def test_edit_unset_makes_an_answer_unknown_again(
    run: Run, run_json: JsonRun, flags: list[str], name: str, column: str
) -> None:
    run("add", "Reconcile invoices", "--not-repetitive", "--not-critical")
    run("edit", "1", *flags)
    before = criteria_of(run_json)
    assert before[column] is not None
    task = run_json("edit", "1", "--unset", name)
    assert task["criteria"] == {**before, column: None}
    assert criteria_of(run_json) == {**before, column: None}


def test_edit_unset_can_be_repeated(run: Run, run_json: JsonRun) -> None:
    run("add", "Reconcile invoices", "--critical", "--repetitive", "--category", "BPO")
    run("edit", "1", "--unset", "critical", "--unset", "category")
    assert criteria_of(run_json) == {**UNKNOWN, "repetitive": True}


def test_edit_can_unset_one_answer_and_give_another(run: Run, run_json: JsonRun) -> None:
    run("add", "Reconcile invoices", "--critical")
    run("edit", "1", "--unset", "critical", "--know-how")
    assert criteria_of(run_json) == {**UNKNOWN, "know_how": True}


@pytest.mark.parametrize(
    ("flags", "name"),
    [
        (["--critical"], "critical"),
        (["--not-time-sensitive"], "time-sensitive"),
        (["--directions", "simple"], "directions"),
        (["--hours-per-week", "3"], "hours-per-week"),
        (["--category", "VA"], "category"),
    ],
)
def test_unset_contradicting_a_value_given_exits_1_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path, flags: list[str], name: str
) -> None:
    run("add", "Reconcile invoices", "--repetitive")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("edit", "1", *flags, "--unset", name, code=1))
    assert f"--unset {name} contradicts" in message
    assert store_contents(isolated_home) == before
    assert criteria_of(run_json) == {**UNKNOWN, "repetitive": True}


@pytest.mark.parametrize(
    ("flags", "mention"),
    [
        (["--unset", "urgency"], "--unset 'urgency'"),
        (["--unset", ""], "--unset"),
        (["--directions", "hard"], "--directions 'hard'"),
        (["--hours-per-week", "200"], "--hours-per-week '200'"),
        (["--hours-per-week", "2 hours"], "--hours-per-week '2 hours'"),
        (["--category", "outsourcing"], "--category 'outsourcing'"),
        (["--critical", "--category", "nope"], "--category 'nope'"),
    ],
)
def test_edit_with_a_bad_answer_or_criterion_name_exits_1_and_writes_nothing(
    run: Run, run_json: JsonRun, isolated_home: Path, flags: list[str], mention: str
) -> None:
    run("add", "Reconcile invoices", "--not-critical", "--directions", "moderate")
    before = store_contents(isolated_home)
    message = assert_one_line_error(run("edit", "1", *flags, code=1))
    assert mention in message
    assert store_contents(isolated_home) == before
    assert criteria_of(run_json) == {**UNKNOWN, "critical": False, "directions": "moderate"}


def test_the_bad_criterion_message_names_the_valid_ones(run: Run) -> None:
    run("add", "Reconcile invoices")
    message = assert_one_line_error(run("edit", "1", "--unset", "urgency", code=1))
    for name in ("repetitive", "time-sensitive", "critical", "know-how", "hours-per-week"):
        assert name in message


def test_edit_of_an_unknown_task_exits_3(run: Run, isolated_home: Path) -> None:
    run("add", "Reconcile invoices")
    before = store_contents(isolated_home)
    assert_one_line_error(run("edit", "7", "--critical", code=3))
    assert store_contents(isolated_home) == before


# -- undo ----------------------------------------------------------------------------------


def test_undo_restores_the_criteria_an_edit_changed(run: Run, run_json: JsonRun) -> None:
    run("add", "Reconcile invoices", "--critical", "--hours-per-week", "2")
    run("edit", "1", "--not-critical", "--category", "BPO", "--unset", "hours-per-week")
    assert criteria_of(run_json) == {**UNKNOWN, "critical": False, "category": "BPO"}
    assert run("undo").stdout.startswith("Undid: ")
    assert criteria_of(run_json) == {**UNKNOWN, "critical": True, "hours_per_week": 2.0}


def test_undo_of_unset_brings_the_answer_back(run: Run, run_json: JsonRun) -> None:
    run("add", "Reconcile invoices", "--time-sensitive")
    run("edit", "1", "--unset", "time-sensitive")
    run("undo")
    assert criteria_of(run_json)["time_sensitive"] is True


def test_undo_of_add_removes_the_task_and_its_answers(run: Run, run_json: JsonRun) -> None:
    run("add", "Reconcile invoices", "--repetitive")
    run("undo")
    assert run_json("list", "--all") == []
