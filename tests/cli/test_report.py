"""`microtask report`: the command line, its formats, files and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL


def seed(run: Run) -> None:
    """Two tasks and a little focus on Monday 23 Nov 2026 (the pinned day)."""
    run("add", "Write <b>copy</b> [red]now[/red]", "-e", "1h", "-P", "site", "-t", "web")
    run("add", "Call the bank", "-P", "admin")
    run("start", "1")
    run("stop")


def test_json_has_the_documented_keys_on_a_fresh_store(run: Run) -> None:
    data = json.loads(run("report", "--json").stdout)
    assert set(data) == {
        "period",
        "generated_at",
        "by",
        "focus_minutes",
        "sessions",
        "pomodoros",
        "streak",
        "groups",
        "days",
        "estimates",
        "flow",
        "outsourcing",
    }
    assert data["period"]["kind"] == "week"
    assert data["period"]["from"] == "2026-11-23"
    assert data["focus_minutes"] == 0
    assert data["estimates"]["ratio"] is None
    assert data["flow"]["average_age_days"] is None
    assert data["groups"] == []
    assert [day["date"] for day in data["days"]][-1] == "2026-11-29"


def test_format_json_and_the_json_flag_agree(run: Run) -> None:
    seed(run)
    assert run("report", "--json").stdout == run("report", "--format", "json").stdout


@pytest.mark.parametrize(
    ("args", "period", "first", "last"),
    [
        (["day"], "day", "2026-11-23", "2026-11-23"),
        (["month"], "month", "2026-11-01", "2026-11-30"),
        (["--from", "last week"], "week", "2026-11-16", "2026-11-22"),
        (["--from", "2026-11-01", "--to", "2026-11-10"], "range", "2026-11-01", "2026-11-10"),
        (["week", "--to", "2026-W02"], "week", "2026-01-05", "2026-01-11"),
    ],
)
def test_the_period_comes_from_the_argument_and_the_from_to_options(
    run: Run, args: list[str], period: str, first: str, last: str
) -> None:
    data = json.loads(run("report", *args, "--json").stdout)["period"]
    assert (data["kind"], data["from"], data["to"]) == (period, first, last)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["year"], "invalid period 'year': use day, week or month"),
        (["--by", "client"], "invalid --by 'client': use one of task, tag, project"),
        (["--format", "pdf"], "invalid --format 'pdf': use one of table, json, md, csv, html, svg"),
        (["--from", "soon"], "invalid day 'soon'"),
        (["--from", "2026-11-20", "--to", "2026-11-01"], "is before --from"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_1(run: Run, args: list[str], message: str) -> None:
    result = run("report", *args, code=1)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("flag", ["--by", "--group-by"])
def test_by_project_groups_the_focus(run: Run, flag: str) -> None:
    seed(run)
    data = json.loads(run("report", flag, "project", "--json").stdout)
    assert data["by"] == "project"
    assert [group["label"] for group in data["groups"]] == ["site"]
    assert data["sessions"] == 1


def test_output_writes_a_file_and_refuses_to_overwrite_without_force(
    run: Run, tmp_path: Path
) -> None:
    seed(run)
    target = tmp_path / "week.json"
    result = run("report", "--format", "json", "--output", str(target))
    assert "Wrote the report for Week 48 (23-29 Nov 2026) (json) to" in result.stdout
    assert json.loads(target.read_text())["period"]["from"] == "2026-11-23"
    refused = run("report", "--format", "json", "--output", str(target), code=4)
    assert "--force" in refused.stderr
    target.write_text("old")
    run("report", "--format", "json", "--output", str(target), code=4)
    assert target.read_text() == "old"
    run("report", "--format", "json", "--output", str(target), "--force")
    assert json.loads(target.read_text())["by"] == "task"
