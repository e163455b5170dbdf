"""The same commands on a store behind a SQLAlchemy URL: a ``sqlite:///`` file and a real
PostgreSQL server. The SQL must be portable (no ``round(double, int)``, no ``IS`` between
values), and every write one transaction there too."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microtask.domain import timer
from microtask.domain.clock import FixedClock
from microtask.domain.sessions import SessionKind, SessionOutcome
from microtask.domain.timer_config import TimerConfig
from microtask.services import App
from microtask.services.recording import RunRecorder
from microtask.services.tracking import current_status
from tests.cli.conftest import Run


@pytest.fixture(params=["sqlite-url", pytest.param("postgresql", marks=pytest.mark.slow)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite-url":
        return f"sqlite:///{tmp_path / 'via-url.db'}"
    return str(request.getfixturevalue("postgres_url"))


def test_tasks_steps_done_undo_and_listing_work_on_a_url_store(run: Run, url: str) -> None:
    def as_json(*args: str) -> Any:
        return json.loads(run("--db", url, *args, "--json").stdout)

    run("--db", url, "add", "Write landing page", "-p", "high", "-d", "fri 17:00", "-e", "2h")
    run(
        "--db", url, "add", "Send invoices", "-t", "admin", "--repetitive", "--directions", "simple"
    )
    run("--db", url, "split", "1", "Draft outline ~20m", "Write copy")
    listed = as_json("list")
    assert [t["id"] for t in listed] == [3, 4, 1, 2]  # urgency computed in SQL, rounded
    assert all(isinstance(t["urgency"], float) for t in listed)
    assert as_json("next")["id"] == 3
    run("--db", url, "done", "3")
    assert run("--db", url, "undo").stdout.startswith("Undid: done 3")
    run("--db", url, "rm", "1", "--yes")
    assert [t["id"] for t in as_json("list")] == [2]
    run("--db", url, "undo")
    assert sorted(t["id"] for t in as_json("list")) == [1, 2, 3, 4]
    assert as_json("show", "2")["criteria"]["repetitive"] is True


def test_plan_focus_report_and_hand_off_work_on_a_url_store(run: Run, url: str) -> None:
    def as_json(*args: str) -> Any:
        return json.loads(run("--db", url, *args, "--json").stdout)

    run("--db", url, "add", "Reconcile receipts", "-e", "1h", "-d", "today 17:00", "-t", "ops")
    run("--db", url, "plan", "--apply")
    assert {block["task_id"] for block in as_json("block", "list")} == {1}
    run("--db", url, "start", "1")
    assert as_json("status")["running"] is True
    run("--db", url, "stop")
    report = as_json("report", "--by", "tag")
    assert report["sessions"] == 1
    assert [group["label"] for group in report["groups"]] == ["ops"]
    assert as_json("today")["next"]["id"] == 1
    assert as_json("triage", "--list")["total"] == 1
    assert [row["id"] for row in as_json("outsource")] == [1]
    run("--db", url, "provider", "add", "Ana Lima", "--since", "2025-01-01")
    run("--db", url, "delegate", "1", "--to", "Ana Lima")
    run("--db", url, "handback", "1", "--done", "--on-time")
    assert as_json("show", "1")["status"] == "done"


def test_replanning_released_blocks_and_manual_sessions_work_on_a_url_store(
    run: Run, url: str
) -> None:
    def as_json(*args: str) -> Any:
        return json.loads(run("--db", url, *args, "--json").stdout)

    run("--db", url, "add", "Investor update", "-e", "1h", "-d", "today")
    run("--db", url, "add", "Other", "-e", "30m")
    first = as_json("plan", "--apply")
    assert as_json("plan", "--apply")["block_ids"] == first["block_ids"]
    run("--db", url, "split", "1", "Numbers ~20m", "Draft ~40m")
    run("--db", url, "session", "add", "3", "--from", "08:00", "--to", "08:20", "--note", "n")
    assert as_json("session", "list")[0]["kind"] == "manual"
    run("--db", url, "done", "3", "4")
    run("--db", url, "done", "1")
    agenda = as_json("agenda")
    assert {b["status"] for b in agenda["blocks"] if b["task_id"] == 1} == {"released"}
    run("--db", url, "undo")
    assert "released" not in {b["status"] for b in as_json("agenda")["blocks"]}
    replanned = as_json("plan", "--apply")
    assert replanned["applied"] is True
    run("--db", url, "block", "move", str(replanned["block_ids"][0]), "16:30", "--force")


def test_a_pomodoro_run_records_and_releases_the_activity_on_a_url_store(url: str) -> None:
    """The run holds the activity row by (pid, start): the owner check is portable SQL."""
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    app = App(url, clock=FixedClock(start))
    work = TimerConfig(work_seconds=1500, short_break_seconds=300, cycles=1)
    try:
        recorder = RunRecorder(app, SessionKind.POMODORO, None, None, 100.0)
        recorder.begin(work.cycles)
        state = timer.start(work, 100.0)
        recorder.phase_started(state, 100.0)
        recorder.heartbeat(state, 110.0)
        status = current_status(app)
        assert status.activity is not None
        assert status.activity.phase == "work"
        state, ended = timer.advance(state, 100.0 + 1500)
        for interval in ended:
            recorder.phase_ended(interval)
        summary = recorder.finish(state, stopped_early=False)
        assert current_status(app).activity is None
        assert [s.outcome for s in summary.sessions] == [SessionOutcome.COMPLETED]
    finally:
        app.close()


def test_search_and_due_window_work_on_a_url_store(run: Run, url: str) -> None:
    def found(*args: str) -> list[int]:
        return sorted(t["id"] for t in json.loads(run("--db", url, "list", *args, "--json").stdout))

    run("--db", url, "add", "Send INVOICE to ACME", "--note", "100% of snake_case", "-d", "today")
    run("--db", url, "add", "Invoice bank", "-d", "yesterday")
    run("--db", url, "add", "Write copy")
    assert found("invoice") == [1, 2]
    assert found("Acme", "invoice") == [1]
    assert found("100%") == [1]
    assert found("e_c") == [1]
    assert found("%", "in") == [1]
    assert found("--overdue") == [2]
    assert found("invoice", "--due-after", "today 00:00") == [1]


def test_series_procedures_and_dependencies_work_on_a_url_store(run: Run, url: str) -> None:
    """Issue 13 on a URL store: the next instance, its steps, undo, --after and a cycle."""

    def as_json(*args: str) -> Any:
        return json.loads(run("--db", url, *args, "--json").stdout)

    run("--db", url, "add", "Send invoices", "--every", "week", "-e", "30m")
    run("--db", url, "procedure", "1", "--from", "-", input="- [ ] Export ~5m\n- [ ] Send\n")
    run("--db", url, "done", "1")
    following = as_json("show", "2")
    assert following["series"]["every"] == "week"
    assert [s["title"] for s in following["subtasks"]] == ["Export", "Send"]
    run("--db", url, "undo")
    assert [t["id"] for t in as_json("list", "--flat")] == [1]
    run("--db", url, "add", "Pay taxes", "--after", "1")
    assert as_json("next")["id"] == 1
    run("--db", url, "edit", "1", "--after", "5", code=4)
    assert as_json("list", "--series")[0]["current_id"] == 1
