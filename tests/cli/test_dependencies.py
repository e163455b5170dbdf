"""Dependencies and start dates end to end: --after (cycles refused), --wait, --scheduled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.cli.conftest import Run

pytestmark = pytest.mark.usefixtures("on_each_backend")  # a SQLite file, then PostgreSQL

JsonRun = Callable[..., Any]


def terms_of(detail: dict[str, Any]) -> dict[str, float]:
    return {t["name"]: t["value"] for t in detail["urgency_terms"]}


def test_a_task_waiting_on_open_tasks_is_not_next_and_is_marked_in_list(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Buy domain")
    run("add", "Set up DNS", "--after", "1", "-p", "urgent")
    assert run_json("next")["id"] == 1  # 2 is more urgent but waits on 1
    assert "⧗ after 1" in run("list").stdout
    assert run_json("show", "2")["after"] == [1]
    run("done", "1")
    assert run_json("next")["id"] == 2
    assert "⧗" not in run("list").stdout


def test_waiting_is_blocked_and_what_it_waits_on_is_blocking_as_stored(
    run: Run, run_json: JsonRun
) -> None:
    run("add", "Buy domain")
    run("add", "Launch", "--after", "1")
    waiting, prerequisite = run_json("show", "2"), run_json("show", "1")
    assert terms_of(waiting)["blocked"] == -5.0
    assert terms_of(prerequisite)["blocking"] == 8.0
    for detail in (waiting, prerequisite):  # the stored (SQL) urgency is the domain's sum
        assert detail["urgency"] == pytest.approx(sum(terms_of(detail).values()), abs=0.01)
    run("done", "1")
    assert "blocked" not in terms_of(run_json("show", "2"))
    listed = {t["id"]: t["urgency"] for t in run_json("list", "--all")}
    assert listed[2] == pytest.approx(sum(terms_of(run_json("show", "2")).values()), abs=0.01)


def test_a_cycle_is_refused_naming_it_and_nothing_changes(run: Run, run_json: JsonRun) -> None:
    run("add", "A")
    run("add", "B", "--after", "1")
    run("add", "C", "--after", "2")
    result = run("edit", "1", "--after", "3", code=4)
    assert "cycle (1 -> 3 -> 2 -> 1" in result.stderr
    assert run_json("show", "1")["after"] == []
    run("edit", "1", "--after", "1", code=4)
    run("edit", "1", "--after", "99", code=3)


def test_no_after_and_undo_put_links_back_as_they_were(run: Run, run_json: JsonRun) -> None:
    run("add", "A")
    run("add", "B")
    run("add", "C", "--after", "1,2")
    run("edit", "3", "--no-after")
    assert run_json("show", "3")["after"] == []
    run("undo")
    assert run_json("show", "3")["after"] == [1, 2]
    run("rm", "--yes", "1")
    assert run_json("show", "3")["after"] == [2]
    run("undo")
    assert run_json("show", "3")["after"] == [1, 2]
    assert "blocking" in terms_of(run_json("show", "1"))


def test_wait_hides_a_task_until_then_and_list_waiting_shows_it(
    run: Run, run_json: JsonRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "Tax return", "--wait", "2026-11-26")
    run("add", "Today's thing")
    assert [t["id"] for t in run_json("list")] == [2]
    assert [t["id"] for t in run_json("list", "--waiting")] == [1]
    assert run_json("show", "1")["wait"] == "2026-11-26T23:59:59+01:00"
    assert run_json("next")["id"] == 2
    assert "Tax return" not in run("triage", "--list").stdout
    monkeypatch.setenv("MICROTASK_NOW", "2026-11-27T09:00:00+01:00")
    assert sorted(t["id"] for t in run_json("list")) == [1, 2]
    run("edit", "2", "--wait", "2026-12-01")
    run("edit", "2", "--no-wait")
    assert run_json("show", "2")["wait"] is None


def test_scheduled_keeps_a_task_out_of_plans_before_its_day(run: Run, run_json: JsonRun) -> None:
    run("add", "Quarterly review", "-e", "1h", "--scheduled", "2026-11-25")
    assert run_json("show", "1")["scheduled"] == "2026-11-25T23:59:59+01:00"
    assert "Quarterly review" not in run("plan", "today").stdout
    assert "Quarterly review" in run("plan", "2026-11-25").stdout
    assert run_json("list")[0]["id"] == 1  # scheduled tasks stay listed


def test_a_task_waiting_on_an_open_task_is_not_planned_until_that_one_is_done(
    run: Run,
) -> None:
    run("add", "Buy domain", "-e", "30m")
    run("add", "Set up DNS", "-e", "1h", "--after", "1", "-p", "urgent")
    planned = run("plan", "today").stdout
    assert "Buy domain" in planned
    assert "Set up DNS" not in planned  # the more urgent one waits on the other
    run("done", "1")
    assert "Set up DNS" in run("plan", "today").stdout
