"""The bar shown while the first command on a new or upgraded store computes every task's
stored urgency (issue 11): drawn only when the work looks to take over a second."""

from __future__ import annotations

import io

from microtask.render.progress import urgency_progress


class Ticks:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_quick_work_draws_nothing() -> None:
    out, clock = io.StringIO(), Ticks()
    step = urgency_progress(out, clock)
    for done in (10_000, 20_000, 25_000):
        clock.now += 0.05
        step(done, 25_000)
    assert out.getvalue() == ""


def test_slow_work_draws_a_bar_that_ends_its_line_at_the_end() -> None:
    out, clock = io.StringIO(), Ticks()
    step = urgency_progress(out, clock)
    for done in range(10_000, 100_001, 10_000):
        clock.now += 0.15  # 1.5 s for the whole
        step(done, 100_000)
    text = out.getvalue()
    assert text.startswith("\rUpdating the urgency of 100,000 tasks [###.....")
    assert " 10%" in text
    assert text.endswith(f"[{'#' * 30}] 100%\n")
    assert text.count("\n") == 1


def test_work_done_in_one_part_draws_nothing_however_long() -> None:
    out, clock = io.StringIO(), Ticks()
    step = urgency_progress(out, clock)
    clock.now += 5
    step(300, 300)
    step(0, 0)
    assert out.getvalue() == ""
