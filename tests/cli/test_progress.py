"""The bar for long work: nothing for work under a second or off a terminal; on a terminal,
a bar as soon as the pace says the whole takes over a second, closed when the work ends; and
the first command on a store whose urgency is stale tells it how far it got."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest

from microtask.cli.progress import SHOW_AFTER_SECONDS, terminal_progress
from tests.factories import make_app
from tests.rendering import Terminal


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeBar:
    made: ClassVar[list[FakeBar]] = []

    def __init__(self, label: str, stream: Any, total: int) -> None:
        self.label, self.updates, self.closed = label, [(0, total)], False
        FakeBar.made.append(self)

    def update(self, done: int, total: int) -> None:
        self.updates.append((done, total))

    def close(self) -> None:
        self.closed = True


@pytest.fixture(autouse=True)
def fresh_bars() -> None:
    FakeBar.made = []


def test_work_that_ends_within_a_second_shows_nothing() -> None:
    clock = Clock()
    with terminal_progress("Work", Terminal(True), clock, FakeBar) as progress:
        progress(1, 3)
        clock.now += SHOW_AFTER_SECONDS / 2
        progress(3, 3)
    assert FakeBar.made == []


def test_work_past_a_second_on_a_terminal_gets_a_bar_closed_at_the_end() -> None:
    clock = Clock()
    with terminal_progress("Work", Terminal(True), clock, FakeBar) as progress:
        progress(1, 4)
        clock.now += SHOW_AFTER_SECONDS + 0.1
        progress(2, 4)
        progress(4, 4)
    (bar,) = FakeBar.made
    assert bar.label == "Work"
    assert bar.updates == [(0, 4), (2, 4), (4, 4)]
    assert bar.closed


def test_work_whose_pace_says_it_will_take_over_a_second_gets_its_bar_at_once() -> None:
    clock = Clock()
    with terminal_progress("Work", Terminal(True), clock, FakeBar) as progress:
        clock.now += 0.2
        progress(1, 10)  # 0.2 s for a tenth: about 2 s in all
        progress(10, 10)
    (bar,) = FakeBar.made
    assert bar.updates == [(0, 10), (1, 10), (10, 10)]
    assert bar.closed


def test_work_past_a_second_off_a_terminal_shows_nothing() -> None:
    clock = Clock()
    with terminal_progress("Work", Terminal(False), clock, FakeBar) as progress:
        clock.now += 5
        progress(2, 4)
    assert FakeBar.made == []


def test_the_real_bar_draws_on_a_terminal_and_leaves_no_line_behind() -> None:
    clock = Clock()
    screen = Terminal(True)
    with terminal_progress("Computing", screen, clock) as progress:
        clock.now += 2
        progress(1, 2)
    assert "Computing" in screen.getvalue()


def test_a_stale_stored_urgency_is_recomputed_telling_the_app_s_long_work(
    tmp_path: Path,
) -> None:
    from contextlib import contextmanager

    from microtask.config import Config
    from microtask.domain.urgency import UrgencyCoefficients
    from microtask.services.tasks import TaskFields, add_task

    store = str(tmp_path / "m.db")
    first = make_app(store)
    add_task(first, TaskFields(title="One"))
    first.close()
    told: list[tuple[str, int, int]] = []

    @contextmanager
    def recorder(label: str) -> Any:
        yield lambda done, total: told.append((label, done, total))

    # other settings: every task's urgency is recomputed
    changed = make_app(store, config=Config(urgency=UrgencyCoefficients(project=9.0)))
    changed.long_work = recorder
    add_task(changed, TaskFields(title="Two"))
    changed.close()
    assert told == [("Computing every task's urgency", 1, 1)]
