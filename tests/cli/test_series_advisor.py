"""The outsourcing advisor and recurring work: what a series says (repetitive, hours a week,
directions written down) and the brief of a recurring task."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.cli.conftest import Run

JsonRun = Callable[..., Any]


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def move(when: str) -> None:
        monkeypatch.setenv("MICROTASK_NOW", f"{when}:00+01:00")

    return move


def test_a_series_is_repetitive_and_its_hours_come_from_the_rule_and_estimate(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Reconcile accounts", "--every", "week", "-e", "30m")
    criteria = run_json("score", "1")["criteria"]
    assert criteria["repetitive"]["value"] is True
    assert criteria["repetitive"]["source"] == "inferred"
    assert criteria["repetitive"]["detail"] == "series: every week"
    assert criteria["hours_per_week"]["value"] == 0.5
    assert criteria["hours_per_week"]["source"] == "inferred"
    assert criteria["hours_per_week"]["detail"].startswith("series: every week")
    assert criteria["directions"]["source"] == "unknown"  # no procedure yet


def test_hours_a_week_use_the_median_focus_per_done_instance(
    run: Run, run_json: JsonRun, at: Callable[[str], None]
) -> None:
    run("add", "Reconcile accounts", "--every", "weekday", "-e", "30m")
    for task_id, day, minutes in ((1, "23", 10), (2, "24", 20), (3, "25", 60)):
        at(f"2026-11-{day}T09:00")
        run("start", str(task_id))
        at(f"2026-11-{day}T09:{minutes:02d}" if minutes < 60 else f"2026-11-{day}T10:00")
        run("stop")
        run("done", str(task_id))
    hours = run_json("score", "4")["criteria"]["hours_per_week"]
    assert hours["value"] == pytest.approx(5 * 20 / 60)  # 5 a week x the median, 20m
    assert "20m median focus per instance" in hours["detail"]
    [series] = run_json("list", "--series")
    assert series["median_focus_minutes"] == 20
    assert (series["done"], series["on_time"], series["current_id"]) == (3, 3, 4)


def test_a_procedure_counts_as_directions_written_down_unless_you_say_otherwise(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Reconcile accounts", "--every", "week")
    run("procedure", "1", "--from", "-", input="- [ ] Export ~5m\n- [ ] Match\n")
    directions = run_json("score", "1")["criteria"]["directions"]
    assert (directions["value"], directions["source"]) == ("simple", "inferred")
    assert "written procedure" in directions["detail"]
    run("edit", "1", "--directions", "complex")
    directions = run_json("score", "1")["criteria"]["directions"]
    assert (directions["value"], directions["source"]) == ("complex", "user")


def test_the_brief_of_a_recurring_task_has_its_procedure_frequency_and_cap_per_instance(
    run: Run,
) -> None:
    run("add", "Reconcile accounts", "--every", "week", "-e", "1h", "--not-time-sensitive",
        "--not-critical", "--no-know-how")  # fmt: skip
    run("procedure", "1", "--from", "-", input="- [ ] Export the statement ~10m\n- [ ] Match\n")
    brief = run("export", "outsource", "--format", "md").stdout
    assert "**Written instructions** (the procedure, followed each time):" in brief
    assert "1. Export the statement (about 10m)\n2. Match" in brief
    assert "**Frequency**: every week" in brief
    assert "time cap 1.25 h per instance" in brief
