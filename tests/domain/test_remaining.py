"""What a task still needs: remaining work, not the original estimate."""

from __future__ import annotations

from microtask.domain.remaining import WorkDone, remaining_seconds

MIN = 60


def test_a_task_without_steps_needs_its_estimate_less_its_focus() -> None:
    assert remaining_seconds(60 * MIN, WorkDone(focus_seconds=20 * MIN)) == 40 * MIN


def test_a_task_over_or_without_an_estimate_needs_one_unknown_chunk() -> None:
    assert remaining_seconds(60 * MIN, WorkDone(focus_seconds=70 * MIN)) is None
    assert remaining_seconds(None, WorkDone()) is None


def test_a_parent_whose_steps_are_done_needs_nothing_unless_its_estimate_says_more() -> None:
    done = WorkDone(focus_seconds=10 * MIN, steps=2, done_step_estimate_seconds=60 * MIN)
    assert remaining_seconds(60 * MIN, done) == 0
    assert remaining_seconds(None, done) == 0
    assert remaining_seconds(90 * MIN, done) == 30 * MIN


def test_a_parent_needs_at_least_what_its_open_steps_need() -> None:
    work = WorkDone(steps=2, open_step_remaining_seconds=40 * MIN)
    assert remaining_seconds(30 * MIN, work) == 40 * MIN
    assert remaining_seconds(None, work) == 40 * MIN


def test_focus_on_steps_counts_against_the_parents_estimate() -> None:
    work = WorkDone(focus_seconds=50 * MIN, steps=1, done_step_estimate_seconds=20 * MIN)
    assert remaining_seconds(60 * MIN, work) == 10 * MIN
