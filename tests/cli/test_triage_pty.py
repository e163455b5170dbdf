"""A whole `microtask triage` in a real terminal: a pty runs the command, keys and lines are
typed into it, and the store is checked afterwards with the JSON commands."""

from __future__ import annotations

import termios
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from microtask.config import Config
from microtask.domain.clock import FixedClock
from microtask.domain.model import Priority
from microtask.services import App, TaskFields, add_task
from tests.cli.conftest import NOW
from tests.cli.test_live_keys import Terminal, microtask_json

pytestmark = pytest.mark.slow  # a real `microtask triage` process in a pty


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> Iterator[Terminal]:
    monkeypatch.setenv("MICROTASK_NOW", NOW)
    app = App(clock=FixedClock(datetime.fromisoformat(NOW)), config=Config())
    for title, priority, minutes in (
        ("Write landing copy", Priority.URGENT, 30),
        ("Call the bank", Priority.HIGH, None),
        ("Launch the site", Priority.MEDIUM, 240),
        ("Old idea", Priority.LOW, 10),
        ("Maybe someday", Priority.LOW, 10),
        ("Later", Priority.LOW, 10),
    ):
        seconds = None if minutes is None else minutes * 60
        add_task(app, TaskFields(title=title, priority=priority, estimate_seconds=seconds))
    app.close()
    opened = Terminal("triage")
    yield opened
    opened.close()


def test_a_whole_triage_in_a_terminal_keeps_every_decision(terminal: Terminal) -> None:
    def step(keys: bytes, then: str) -> None:
        terminal.press(keys)
        terminal.wait_for(repr(then), lambda text: then in text)

    terminal.wait_for("the first task", lambda text: "1 of 6" in text and "q quit" in text)
    assert "Write landing copy" in terminal.text
    step(b"p", "Priority: u urgent")
    step(b"l", "2 of 6")
    step(b"e", "Estimate (")
    step(b"20m\r", "3 of 6")
    step(b"s", "step 1:")
    step(b"Draft pages ~1h\r", "step 2:")
    step(b"Deploy\r", "step 3:")
    step(b"\r", "4 of 6")
    step(b"x", "5 of 6")
    step(b"n", "6 of 6")
    terminal.press(b"q")
    code = terminal.wait_exit()

    output = terminal.text
    assert code == 0, output
    assert "4 decided, 1 skipped, 1 left" in output
    assert "Traceback" not in output
    assert termios.tcgetattr(terminal.slave) == terminal.cooked  # cbreak mode undone
    tasks = {t["title"]: t for t in microtask_json("list", "--all")}
    assert tasks["Write landing copy"]["priority"] == "low"
    assert tasks["Call the bank"]["estimate_minutes"] == 20
    launch = microtask_json("show", str(tasks["Launch the site"]["id"]))
    assert [(s["title"], s["estimate_minutes"]) for s in launch["subtasks"]] == [
        ("Draft pages", 60),
        ("Deploy", 180),
    ]
    assert tasks["Old idea"]["status"] == "dropped"
    queue = microtask_json("triage", "--list")
    assert queue["total"] == 3
    assert {t["title"]: t["reasons"] for t in queue["tasks"]} == {
        "Deploy": ["large"],  # a step is triaged already; 3h and not split
        "Maybe someday": ["new"],  # skipped: it comes back
        "Later": ["new"],  # never reached
    }
