"""Urgency: each term's factor, and the total moving the way a user expects."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.model import Priority
from microtask.domain.urgency import (
    DAY,
    UrgencyCoefficients,
    UrgencyFacts,
    due_factor,
    overdue_factor,
    urgency,
    urgency_terms,
)

NOW = 1_800_000_000.0
COEFFICIENTS = UrgencyCoefficients()
PLAIN = UrgencyFacts(
    priority=Priority.MEDIUM,
    due_ts=None,
    created_ts=NOW,
    tags=(),
    project=None,
    has_open_subtasks=False,
    has_open_parent=False,
)

facts_strategy = st.builds(
    UrgencyFacts,
    priority=st.sampled_from(list(Priority)),
    due_ts=st.none() | st.floats(NOW - 400 * DAY, NOW + 400 * DAY),
    created_ts=st.floats(NOW - 1000 * DAY, NOW + DAY),
    tags=st.lists(st.sampled_from(["a", "b", "c", "next", "d"]), unique=True).map(tuple),
    project=st.none() | st.sampled_from(["p", "q"]),
    has_open_subtasks=st.booleans(),
    has_open_parent=st.booleans(),
)


def test_a_plain_new_task_scores_its_priority_alone() -> None:
    assert urgency(PLAIN, NOW, COEFFICIENTS) == pytest.approx(3.9)
    assert [t.name for t in urgency_terms(PLAIN, NOW, COEFFICIENTS)] == ["priority"]


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(30, 0.2), (14, 0.2), (7, 0.6), (0, 1.0), (-3, 1.0)],
)
def test_due_factor_ramps_from_a_fortnight_out_to_the_due_time(
    days_left: float, expected: float
) -> None:
    assert due_factor(NOW + days_left * DAY, NOW, 14) == pytest.approx(expected)


@pytest.mark.parametrize(("days_over", "expected"), [(-1, 0.0), (0, 0.0), (3.5, 0.5), (30, 1.0)])
def test_overdue_factor_grows_over_a_week_after_the_due_time(
    days_over: float, expected: float
) -> None:
    assert overdue_factor(NOW - days_over * DAY, NOW, 7) == pytest.approx(expected)


def test_priorities_rank_urgent_high_medium_low() -> None:
    scores = [urgency(replace(PLAIN, priority=p), NOW, COEFFICIENTS) for p in Priority]
    assert scores == sorted(scores)
    assert len(set(scores)) == 4


def test_a_step_that_holds_up_its_parent_outranks_the_parent() -> None:
    step = replace(PLAIN, has_open_parent=True)
    parent = replace(PLAIN, has_open_subtasks=True)
    assert urgency(step, NOW, COEFFICIENTS) > urgency(PLAIN, NOW, COEFFICIENTS)
    assert urgency(parent, NOW, COEFFICIENTS) < urgency(PLAIN, NOW, COEFFICIENTS)


def test_the_next_tag_and_configured_projects_add_their_bonus() -> None:
    coefficients = UrgencyCoefficients(project_bonus={"launch": 4.0})
    terms = urgency_terms(replace(PLAIN, tags=("next",), project="launch"), NOW, coefficients)
    names = {t.name: t.value for t in terms}
    assert names["tag:next"] == 15.0
    assert names["project:launch"] == 4.0


def test_terms_sum_to_the_total_and_come_largest_first() -> None:
    facts = replace(PLAIN, due_ts=NOW - 2 * DAY, created_ts=NOW - 100 * DAY, tags=("a",))
    terms = urgency_terms(facts, NOW, COEFFICIENTS)
    assert round(sum(t.value for t in terms), 2) == urgency(facts, NOW, COEFFICIENTS)
    assert [abs(t.value) for t in terms] == sorted((abs(t.value) for t in terms), reverse=True)


@given(facts_strategy, st.floats(0, 500 * DAY))
def test_an_earlier_due_date_never_lowers_urgency(facts: UrgencyFacts, earlier: float) -> None:
    if facts.due_ts is None:
        return
    sooner = replace(facts, due_ts=facts.due_ts - earlier)
    assert urgency(sooner, NOW, COEFFICIENTS) >= urgency(facts, NOW, COEFFICIENTS) - 0.01


@given(facts_strategy)
def test_higher_priority_never_lowers_urgency(facts: UrgencyFacts) -> None:
    order = list(Priority)
    for lower, higher in pairwise(order):
        low = urgency(replace(facts, priority=lower), NOW, COEFFICIENTS)
        high = urgency(replace(facts, priority=higher), NOW, COEFFICIENTS)
        assert high > low


@given(facts_strategy, st.floats(0, 1000 * DAY))
def test_waiting_longer_never_lowers_urgency(facts: UrgencyFacts, later: float) -> None:
    assert urgency(facts, NOW + later, COEFFICIENTS) >= urgency(facts, NOW, COEFFICIENTS) - 0.01
