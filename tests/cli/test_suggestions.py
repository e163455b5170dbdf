"""Near misses on the command line: a misspelt command or date word gets "did you mean",
a title that starts with '-' is told to come after '--', and dates as people type them
reach every command (with ``[dates] order`` from the config)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]


def test_an_unknown_command_names_the_closest_one(run: Run) -> None:
    result = run("lsit", code=2)
    assert "No such command 'lsit'. Did you mean list?" in result.stderr
    assert "Did you mean" not in run("xyzzy", code=2).stderr


def test_a_misspelt_date_word_gets_did_you_mean_and_nothing_is_written(
    run: Run, run_json: JsonRun
) -> None:
    result = run("add", "Call the bank", "-d", "tomorow", code=1)
    assert "did you mean tomorrow?" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert run_json("list") == []


def test_a_misspelt_duration_unit_gets_did_you_mean(run: Run) -> None:
    result = run("add", "Call the bank", "-e", "25 mintues", code=1)
    assert "did you mean 25 minutes?" in result.stderr


def test_a_title_starting_with_a_dash_is_told_to_use_double_dash(
    run: Run, run_json: JsonRun
) -> None:
    result = run("add", "-fix the login", code=2)
    assert "use -- before a title that starts with -" in result.stderr
    assert "microtask add -- '-fix the login'" in result.stderr
    run("add", "--", "-fix the login")
    assert [t["title"] for t in run_json("list")] == ["-fix the login"]


def test_a_near_miss_of_a_real_option_still_names_the_option(run: Run) -> None:
    result = run("add", "Title", "--tga", "web", code=2)
    assert "--tag" in result.stderr
    assert "title that starts with -" not in result.stderr


def test_new_date_forms_reach_add_and_list(run: Run, run_json: JsonRun) -> None:
    run("add", "Christmas cards", "-d", "dec 15")
    run("add", "Tax return", "-d", "20270415T170000Z")
    run("add", "Renew passport", "-d", "in 2 months")
    due = {t["title"]: t["due"] for t in run_json("list")}
    assert due == {
        "Christmas cards": "2026-12-15T23:59:59+01:00",
        "Tax return": "2027-04-15T19:00:00+02:00",
        "Renew passport": "2027-01-23T23:59:59+01:00",
    }
    assert [t["title"] for t in run_json("list", "--due-before", "jan 1 2027")] == [
        "Christmas cards"
    ]


def test_an_ambiguous_numeric_date_is_refused_until_the_config_says_the_order(
    run: Run, run_json: JsonRun, isolated_home: Path
) -> None:
    result = run("add", "Book flights", "-d", "12/05", code=1)
    assert "write 2027-05-12 or 2026-12-05" in result.stderr
    isolated_home.mkdir(exist_ok=True)
    (isolated_home / "config.toml").write_text('[dates]\norder = "mdy"\n')
    assert run_json("add", "Book flights", "-d", "12/05")["due"] == "2026-12-05T23:59:59+01:00"
    (isolated_home / "config.toml").write_text('[dates]\norder = "ymd"\n')
    assert '[dates] order must be "dmy" or "mdy"' in run("list", code=1).stderr


def test_delegate_check_in_takes_a_time_as_well_as_a_duration(run: Run, run_json: JsonRun) -> None:
    run("provider", "add", "Ana", "--rate", "25")
    run("add", "Book flights")
    run("add", "Update the CRM")
    at_time = run_json("delegate", "1", "--to", "Ana", "--check-in", "tomorrow 10:00")
    assert at_time["check_in"] == "2026-11-24T10:00:00+01:00"
    by_length = run_json("delegate", "2", "--to", "Ana", "--check-in", "90m")
    assert by_length["check_in"] == "2026-11-23T11:30:00+01:00"


def test_a_check_in_time_already_past_or_unreadable_is_refused(run: Run) -> None:
    run("provider", "add", "Ana", "--rate", "25")
    run("add", "Book flights")
    past = run("delegate", "1", "--to", "Ana", "--check-in", "today 09:00", code=1)
    assert "has already passed" in past.stderr
    bad = run("delegate", "1", "--to", "Ana", "--check-in", "soonish", code=1)
    assert "'soonish'" in bad.stderr
    assert "tomorrow 10:00" in bad.stderr
