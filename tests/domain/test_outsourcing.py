"""Outsourcing advisor: verdicts, monotone scores, honest confidence, flips, savings, inference."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import Priority
from microtask.domain.outsourcing import (
    CRITERIA,
    Answer,
    Assessment,
    Category,
    Criteria,
    Directions,
    Rates,
    Source,
    Thresholds,
    TrackRecord,
    Verdict,
    Weights,
    assess,
    hours_factor,
    inferred,
    prefer,
    said,
    time_cap_hours,
)
from microtask.domain.similar import (
    categorize,
    infer_hours_per_week,
    infer_repetitive,
    infer_time_sensitive,
    looks_rule_like,
    similar_title,
    words,
)

WEIGHTS, RATES, THRESHOLDS = Weights(), Rates(), Thresholds()
NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def answers(**values: Any) -> Criteria:
    """Criteria with the given values as the user's answers; the rest unknown."""
    rule_like = values.pop("rule_like", False)
    return Criteria(rule_like=rule_like, **{k: said(v) for k, v in values.items()})


GOOD = answers(
    repetitive=True,
    time_sensitive=False,
    critical=False,
    directions=Directions.MODERATE,
    know_how=False,
    hours_per_week=6.0,
)
"""A task that fits on every count: hand it off now."""


def run(
    criteria: Criteria,
    rates: Rates = RATES,
    record: TrackRecord | None = None,
    weights: Weights = WEIGHTS,
    thresholds: Thresholds = THRESHOLDS,
) -> Assessment:
    return assess(criteria, weights, rates, thresholds, Category.BPO, record)


def with_answer(criteria: Criteria, name: str, value: Any) -> Criteria:
    """``criteria`` with one answer set by the user (``None``: made unknown)."""
    answer: Answer[Any] = Answer() if value is None else said(value)
    changes: dict[str, Any] = {name: answer}
    return replace(criteria, **changes)


# --- every verdict -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "rates", "record", "verdict"),
    [
        pytest.param(GOOD, RATES, None, Verdict.OUTSOURCE, id="fits-on-every-count"),
        pytest.param(
            answers(repetitive=True, directions=Directions.SIMPLE, rule_like=True),
            RATES,
            None,
            Verdict.AUTOMATE,
            id="repetitive-simple-rule-like",
        ),
        pytest.param(
            replace(GOOD, critical=said(True)), RATES, None, Verdict.DELEGATE_LATER, id="critical"
        ),
        pytest.param(
            replace(GOOD, time_sensitive=said(True)),
            RATES,
            None,
            Verdict.DELEGATE_LATER,
            id="time-sensitive",
        ),
        pytest.param(
            replace(GOOD, hours_per_week=said(1.0)), RATES, None, Verdict.BATCH, id="too-small"
        ),
        pytest.param(
            replace(GOOD, know_how=said(True)), RATES, None, Verdict.KEEP, id="needs-know-how"
        ),
        pytest.param(
            replace(GOOD, directions=said(Directions.COMPLEX)),
            RATES,
            None,
            Verdict.KEEP,
            id="complex-directions",
        ),
        pytest.param(
            replace(GOOD, repetitive=said(False)), RATES, None, Verdict.KEEP, id="one-off"
        ),
        pytest.param(Criteria(), RATES, None, Verdict.KEEP, id="nothing-known"),
        pytest.param(GOOD, Rates(30, 40), None, Verdict.KEEP, id="provider-costs-more"),
        pytest.param(
            replace(GOOD, critical=said(True)),
            RATES,
            TrackRecord(reliable_months=6),
            Verdict.OUTSOURCE,
            id="critical-with-a-six-month-record",
        ),
        pytest.param(
            replace(GOOD, time_sensitive=said(True)),
            RATES,
            TrackRecord(punctual=True),
            Verdict.OUTSOURCE,
            id="time-sensitive-with-a-punctual-provider",
        ),
    ],
)
def test_each_verdict_comes_from_its_rule(
    criteria: Criteria, rates: Rates, record: TrackRecord | None, verdict: Verdict
) -> None:
    assessment = run(criteria, rates, record)
    assert assessment.verdict is verdict
    assert assessment.reasons[0]


def test_automation_is_suggested_even_when_a_provider_would_cost_more() -> None:
    task = answers(repetitive=True, directions=Directions.SIMPLE, rule_like=True)
    assert run(task, Rates(30, 40)).verdict is Verdict.AUTOMATE


def test_a_small_critical_task_waits_for_a_track_record_and_then_is_batched() -> None:
    task = replace(GOOD, critical=said(True), hours_per_week=said(1.0))
    assessment = run(task)
    assert assessment.verdict is Verdict.DELEGATE_LATER
    assert "batch" in assessment.reasons[0]
    assert run(task, record=TrackRecord(reliable_months=7)).verdict is Verdict.BATCH


def test_a_kept_task_is_held_below_the_outsource_score_and_says_so() -> None:
    assessment = run(replace(GOOD, know_how=said(True)))
    assert assessment.score == THRESHOLDS.outsource_score - 1
    assert any("held at" in reason for reason in assessment.reasons)


# --- each criterion flips the verdict the expected way ------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "verdict"),
    [
        ("repetitive", False, Verdict.KEEP),
        ("time_sensitive", True, Verdict.DELEGATE_LATER),
        ("critical", True, Verdict.DELEGATE_LATER),
        ("directions", Directions.COMPLEX, Verdict.KEEP),
        ("know_how", True, Verdict.KEEP),
        ("hours_per_week", 0.5, Verdict.BATCH),
    ],
)
def test_a_bad_answer_turns_a_good_candidate_away_and_lowers_its_score(
    name: str, value: Any, verdict: Verdict
) -> None:
    before, after = run(GOOD), run(with_answer(GOOD, name, value))
    assert (before.verdict, after.verdict) == (Verdict.OUTSOURCE, verdict)
    assert after.score < before.score


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("repetitive", True),
        ("time_sensitive", False),
        ("critical", False),
        ("directions", Directions.SIMPLE),
        ("know_how", False),
        ("hours_per_week", 10.0),
    ],
)
def test_a_good_answer_raises_the_score_of_an_unknown_task(name: str, value: Any) -> None:
    assert run(with_answer(Criteria(), name, value)).score > run(Criteria()).score


# --- properties over every combination -----------------------------------------------------

BOOL_ANSWER = st.one_of(
    st.just(Answer[bool]()),
    st.builds(said, st.booleans()),
    st.builds(inferred, st.booleans(), st.just("guessed")),
)
criteria_strategy = st.builds(
    Criteria,
    repetitive=BOOL_ANSWER,
    time_sensitive=BOOL_ANSWER,
    critical=BOOL_ANSWER,
    directions=st.one_of(
        st.just(Answer[Directions]()),
        st.builds(said, st.sampled_from(list(Directions))),
        st.builds(inferred, st.sampled_from(list(Directions)), st.just("guessed")),
    ),
    know_how=BOOL_ANSWER,
    hours_per_week=st.one_of(
        st.just(Answer[float]()),
        st.builds(said, st.floats(0, 168)),
        st.builds(inferred, st.floats(0, 168), st.just("from focus time")),
    ),
    rule_like=st.booleans(),
)
weight = st.floats(0, 50)
weights_strategy = st.builds(
    Weights,
    repetitive=weight,
    time_sensitive=weight,
    critical=weight,
    directions=weight,
    know_how=weight,
    hours_per_week=weight,
)
rates_strategy = st.builds(Rates, st.floats(0, 300), st.floats(0, 300))
thresholds_strategy = st.builds(
    lambda low, span, bar: Thresholds(low, low + span, bar),
    st.floats(0.25, 8),
    st.floats(1, 30),
    st.integers(1, 100),
)
record_strategy = st.builds(TrackRecord, st.floats(0, 24), st.booleans())

# Each criterion's values from worst to best for handing off; unknown (None) sits in between.
ORDERS: dict[str, list[Any]] = {
    "repetitive": [False, None, True],
    "time_sensitive": [True, None, False],
    "critical": [True, None, False],
    "directions": [Directions.COMPLEX, Directions.MODERATE, Directions.SIMPLE],
    "know_how": [True, None, False],
}


@settings(max_examples=300, deadline=None)
@given(
    criteria=criteria_strategy,
    weights=weights_strategy,
    rates=rates_strategy,
    thresholds=thresholds_strategy,
    record=record_strategy,
    name=st.sampled_from(list(ORDERS)),
    pair=st.sampled_from([(0, 1), (1, 2), (0, 2)]),
)
def test_a_better_answer_never_lowers_the_score(
    criteria: Criteria,
    weights: Weights,
    rates: Rates,
    thresholds: Thresholds,
    record: TrackRecord,
    name: str,
    pair: tuple[int, int],
) -> None:
    worse, better = (ORDERS[name][i] for i in pair)
    scores = [
        run(with_answer(criteria, name, value), rates, record, weights, thresholds).score
        for value in (worse, better)
    ]
    assert scores[0] <= scores[1]


@settings(max_examples=200, deadline=None)
@given(
    criteria=criteria_strategy,
    weights=weights_strategy,
    rates=rates_strategy,
    record=record_strategy,
    hours=st.lists(st.floats(0, 168), min_size=2, max_size=2).map(sorted),
)
def test_more_hours_never_lower_the_score(
    criteria: Criteria, weights: Weights, rates: Rates, record: TrackRecord, hours: list[float]
) -> None:
    fewer, more = (with_answer(criteria, "hours_per_week", h) for h in hours)
    assert run(fewer, rates, record, weights).score <= run(more, rates, record, weights).score


@settings(max_examples=200, deadline=None)
@given(
    criteria=criteria_strategy,
    weights=weights_strategy,
    rates=rates_strategy,
    thresholds=thresholds_strategy,
    record=record_strategy,
)
def test_score_and_confidence_stay_in_range_and_agree_with_the_verdict(
    criteria: Criteria,
    weights: Weights,
    rates: Rates,
    thresholds: Thresholds,
    record: TrackRecord,
) -> None:
    assessment = run(criteria, rates, record, weights, thresholds)
    assert 0 <= assessment.score <= 100
    assert 0.0 <= assessment.confidence <= 1.0
    if assessment.verdict is Verdict.KEEP:
        assert assessment.score < thresholds.outsource_score
    if assessment.verdict is Verdict.OUTSOURCE:
        assert assessment.score >= thresholds.outsource_score


@settings(max_examples=200, deadline=None)
@given(criteria=criteria_strategy, weights=weights_strategy, name=st.sampled_from(CRITERIA))
def test_forgetting_an_answer_never_raises_the_confidence(
    criteria: Criteria, weights: Weights, name: str
) -> None:
    forgotten = with_answer(criteria, name, None)
    assert run(forgotten, weights=weights).confidence <= run(criteria, weights=weights).confidence


def test_confidence_is_the_weighted_share_of_known_answers() -> None:
    assert run(Criteria()).confidence == 0.0
    assert run(GOOD).confidence == 1.0
    only_repetitive = answers(repetitive=True)
    assert run(only_repetitive).confidence == pytest.approx(25 / 100)
    guessed = Criteria(repetitive=inferred(True, "recurring"))
    assert run(guessed).confidence == run(only_repetitive).confidence


def test_points_are_signed_and_sum_to_the_score_from_fifty() -> None:
    assessment = run(replace(GOOD, critical=said(True), know_how=Answer()))
    points = {c.name: c.points for c in assessment.contributions}
    assert points["critical"] < 0 < points["repetitive"]
    assert points["know_how"] == 0
    assert assessment.score == round(50 + sum(points.values()))


@pytest.mark.parametrize(
    ("hours", "factor"), [(0.0, -1.0), (1.0, -0.5), (2.0, 0.0), (6.0, 0.5), (10.0, 1.0), (40, 1.0)]
)
def test_hours_count_against_below_the_minimum_and_for_up_to_full_benefit(
    hours: float, factor: float
) -> None:
    assert hours_factor(hours, THRESHOLDS) == pytest.approx(factor)


# --- would_change ----------------------------------------------------------------------------


def candidate_values(name: str, thresholds: Thresholds) -> list[Any]:
    if name == "directions":
        return list(Directions)
    if name == "hours_per_week":
        steps = math.floor(thresholds.full_benefit_hours * 2)
        return sorted({thresholds.min_weekly_hours} | {h / 2 for h in range(1, steps + 1)})
    return [True, False]


@settings(max_examples=150, deadline=None)
@given(criteria=criteria_strategy, rates=rates_strategy, record=record_strategy)
def test_would_change_lists_exactly_the_answers_that_change_the_verdict(
    criteria: Criteria, rates: Rates, record: TrackRecord
) -> None:
    now = run(criteria, rates, record)
    for flip in now.would_change:
        assert getattr(criteria, flip.criterion).source is not Source.USER
        assert flip.verdict is not now.verdict
        changed = run(with_answer(criteria, flip.criterion, flip.value), rates, record)
        assert changed.verdict is flip.verdict
    expected = set()
    for name in CRITERIA:
        current = getattr(criteria, name)
        if current.source is Source.USER:
            continue
        for value in candidate_values(name, THRESHOLDS):
            if value == current.value:
                continue
            verdict = run(with_answer(criteria, name, value), rates, record).verdict
            if verdict is not now.verdict:
                expected.add((name, verdict))
    assert {(flip.criterion, flip.verdict) for flip in now.would_change} == expected


def test_would_change_names_the_unknown_answers_that_decide_and_skips_the_users() -> None:
    task = replace(GOOD, critical=Answer(), know_how=inferred(False, "a routine chore"))
    flips = {(f.criterion, f.value, f.verdict) for f in run(task).would_change}
    assert ("critical", True, Verdict.DELEGATE_LATER) in flips
    assert ("know_how", True, Verdict.KEEP) in flips
    assert not {f for f in flips if f[0] in {"repetitive", "directions", "hours_per_week"}}


def test_the_smallest_hours_that_reach_each_verdict_are_listed() -> None:
    task = replace(GOOD, hours_per_week=Answer())
    hours = {f.verdict: f.value for f in run(task).would_change if f.criterion == "hours_per_week"}
    assert hours == {Verdict.BATCH: 0.5}


# --- savings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "founder", "provider", "weekly"),
    [(6.0, 100, 25, 450.0), (2.5, 80, 20, 150.0), (0.0, 100, 25, 0.0), (4.0, 30, 40, -40.0)],
)
def test_savings_are_hours_times_the_rate_difference_and_a_month_is_52_12_weeks(
    hours: float, founder: float, provider: float, weekly: float
) -> None:
    assessment = run(with_answer(GOOD, "hours_per_week", hours), Rates(founder, provider))
    assert assessment.weekly_savings == pytest.approx(weekly)
    assert assessment.monthly_savings == pytest.approx(weekly * 52 / 12, abs=0.005)


def test_a_provider_dearer_than_the_founder_shows_negative_savings_and_says_so() -> None:
    assessment = run(GOOD, Rates(30, 40))
    assert assessment.weekly_savings is not None
    assert assessment.weekly_savings < 0
    assert any("negative savings" in reason for reason in assessment.reasons)


def test_savings_are_unknown_while_the_hours_are() -> None:
    assessment = run(replace(GOOD, hours_per_week=Answer()))
    assert (assessment.hours_per_week, assessment.weekly_savings) == (None, None)
    assert assessment.monthly_savings is None


# --- reasons and validation ----------------------------------------------------------------


def test_reasons_say_why_an_inferred_answer_was_inferred_and_what_is_unknown() -> None:
    task = replace(GOOD, repetitive=inferred(True, "4 done tasks like it"), know_how=Answer())
    text = " ".join(run(task).reasons)
    assert "repetitive (4 done tasks like it)" in text
    assert "Not known yet: know how" in text


@pytest.mark.parametrize(
    "make",
    [
        lambda: Weights(critical=-1),
        lambda: Weights(repetitive=math.nan),
        lambda: Rates(founder_hourly=-5),
        lambda: Thresholds(min_weekly_hours=5, full_benefit_hours=4),
        lambda: Thresholds(outsource_score=0),
        lambda: answers(hours_per_week=200.0),
    ],
)
def test_invalid_settings_are_refused(make: Any) -> None:
    with pytest.raises(InvalidInputError):
        make()


def test_an_answer_is_unknown_exactly_when_it_has_no_value() -> None:
    with pytest.raises(ValueError, match="unknown exactly"):
        Answer(True, Source.UNKNOWN)
    with pytest.raises(ValueError, match="unknown exactly"):
        Answer[bool](None, Source.USER)


def test_the_users_answer_overrides_the_inferred_one() -> None:
    guess = inferred(True, "recurring")
    assert prefer(None, guess) is guess
    assert prefer(False, guess) == said(False)


def test_all_weights_zero_scores_fifty_and_counts_known_answers() -> None:
    zero = Weights(0, 0, 0, 0, 0, 0)
    assessment = run(answers(repetitive=True, critical=False, know_how=False), weights=zero)
    assert assessment.score == 50
    assert assessment.confidence == pytest.approx(0.5)


# --- category, rule-like, similar titles ---------------------------------------------------


@pytest.mark.parametrize(
    ("title", "tags", "project", "category"),
    [
        ("Enter new leads into the CRM", (), None, Category.BPO),
        ("Reply to customer emails", (), None, Category.BPO),
        ("Research competitor pricing", (), None, Category.KPO),
        ("Set up DNS for the new domain", (), None, Category.TSO),
        ("Update WordPress plugins", (), None, Category.TSO),
        ("Book flights to Berlin", (), None, Category.VA),
        ("Clean up my calendar", (), None, Category.VA),
        ("Email the accountant", ("research",), None, Category.KPO),
        ("Check things", (), "Website", Category.TSO),
        ("Think about the roadmap", (), None, Category.VA),
        ("Research flights", ("tso",), None, Category.TSO),
    ],
)
def test_categorize_reads_tags_project_and_title_words(
    title: str, tags: tuple[str, ...], project: str | None, category: Category
) -> None:
    found, why = categorize(title, tags, project)
    assert found is category
    assert why


def test_a_tag_outweighs_a_title_word_and_the_reason_names_it() -> None:
    category, why = categorize("Call the bank", ["invoicing"], None)
    assert category is Category.BPO
    assert "invoicing" in why


def test_keywords_match_whole_words_only() -> None:
    assert categorize("Recall the plan", (), None) == (
        Category.VA,
        "no keyword matched: VA, the generalist, by default",
    )


@pytest.mark.parametrize(
    ("title", "tags", "rule_like"),
    [
        ("Export orders to the spreadsheet", (), True),
        ("Sync contacts", (), True),
        ("Send payment reminders", (), True),
        ("Weekly backup of the server", (), True),
        ("Negotiate with the landlord", (), False),
        ("Plan the offsite", ("automation",), True),
    ],
)
def test_rule_like_work_is_spotted_from_title_and_tags(
    title: str, tags: tuple[str, ...], rule_like: bool
) -> None:
    assert looks_rule_like(title, tags) is rule_like


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Send invoice #123 to ACME", "Send invoice #124 to Beta Corp", True),
        ("Weekly report March", "Weekly report, April", True),
        ("Post 3 updates on LinkedIn", "Post 5 updates on LinkedIn", True),
        ("Reply to support tickets", "reply to support ticket!", True),
        ("Backup", "backup", True),
        ("Call mom", "Call the bank", False),
        ("Send invoice", "Write blog post", False),
        ("2024-05-01", "2024-05-02", False),
    ],
)
def test_similar_titles_ignore_numbers_dates_case_and_plurals(
    a: str, b: str, similar: bool
) -> None:
    assert similar_title(a, b) is similar
    assert similar_title(b, a) is similar


def test_words_drop_what_names_the_instance_not_the_task() -> None:
    assert words("Send Bob's invoices #42 for 2024-05-01 (Friday)") == ("send", "bob", "invoice")


# --- inference -------------------------------------------------------------------------------


def test_three_similar_done_tasks_make_a_task_repetitive() -> None:
    done = ["Send invoice #1 to ACME", "Send invoice #2 to Beta", "send invoices to Gamma"]
    answer = infer_repetitive("Send invoice #4 to Delta", done)
    assert (answer.value, answer.source) == (True, Source.INFERRED)
    assert answer.detail == "3 done tasks like it in the last 8 weeks"


def test_two_similar_done_tasks_leave_repetitive_unknown_not_false() -> None:
    answer = infer_repetitive("Send invoice", ["Send invoice #1", "Send invoice #2", "Call Bob"])
    assert (answer.value, answer.source) == (None, Source.UNKNOWN)
    assert answer.detail.startswith("2 done task(s)")


def test_a_recurring_task_is_repetitive() -> None:
    assert infer_repetitive("Anything", [], recurring=True) == inferred(True, "a recurring task")


@pytest.mark.parametrize(
    ("due", "priority", "value", "detail"),
    [
        (NOW + timedelta(hours=30), Priority.MEDIUM, True, "due in 30 h"),
        (NOW + timedelta(hours=48), Priority.LOW, True, "due in 48 h"),
        (NOW - timedelta(hours=5), Priority.LOW, True, "overdue by 5 h"),
        (None, Priority.URGENT, True, "priority urgent"),
        (NOW + timedelta(days=5), Priority.URGENT, True, "priority urgent"),
        (NOW + timedelta(hours=49), Priority.HIGH, None, None),
        (None, Priority.MEDIUM, None, None),
    ],
)
def test_a_near_due_date_or_urgency_suggests_time_sensitive_else_unknown(
    due: datetime | None, priority: Priority, value: bool | None, detail: str | None
) -> None:
    answer = infer_time_sensitive(due, priority, NOW)
    assert answer.value is value
    assert answer.source is (Source.UNKNOWN if value is None else Source.INFERRED)
    if detail:
        assert answer.detail == detail


@pytest.mark.parametrize(
    ("focus", "estimate", "per_week", "hours"),
    [
        (8 * 3600, 3600, 10.0, 2.0),
        (0, 5400, 2.0, 3.0),
        (0, 1800, None, None),
        (0, None, 3.0, None),
        (0, 0, 3.0, None),
    ],
)
def test_weekly_hours_come_from_focus_time_first_then_estimate_times_frequency(
    focus: float, estimate: int | None, per_week: float | None, hours: float | None
) -> None:
    answer = infer_hours_per_week(focus, estimate, per_week)
    assert answer.value == (None if hours is None else pytest.approx(hours))
    assert answer.source is (Source.UNKNOWN if hours is None else Source.INFERRED)


# -- the time cap -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "cap"),
    [
        (None, None),
        (0.0, None),
        (0.375, 0.5),
        (2.0, 2.5),
        (3.0, 4.0),
        (1.6, 2.0),  # exactly 2.0: not pushed to 2.5 by rounding noise
        (2.8, 3.5),
        (5.0, 6.5),
        (8.0, 10.0),
        (168.0, 210.0),
    ],
)
def test_the_time_cap_is_hours_plus_a_quarter_up_to_the_next_half_hour(
    hours: float | None, cap: float | None
) -> None:
    assert time_cap_hours(hours) == cap


def test_the_time_cap_is_never_below_the_hours_and_at_most_half_an_hour_over_the_margin() -> None:
    for hundredths in range(1, 2001):
        hours = hundredths / 100
        cap = time_cap_hours(hours)
        assert cap is not None
        assert cap * 2 == int(cap * 2)
        assert hours * 1.25 <= cap < hours * 1.25 + 0.5


def test_a_provider_is_on_trial_for_six_months_and_punctual_after_three_handbacks_in_ten() -> None:
    from microtask.domain.delegation import Provider, ProviderRecord

    started = datetime(2026, 1, 1, tzinfo=UTC)
    provider = Provider(1, "Ana", "freelancer", None, started)

    def record(on_time: int, late: int) -> ProviderRecord:
        return ProviderRecord(provider, on_time + late, 0, on_time + late, 0, on_time, late)

    assert record(0, 0).on_trial(started + timedelta(days=181))
    assert not record(0, 0).on_trial(started + timedelta(days=182))
    assert not record(2, 0).proven_punctual  # too few to tell
    assert record(3, 0).proven_punctual
    assert record(9, 1).proven_punctual
    assert not record(8, 1).proven_punctual  # 8 of 9 is under 90 %
    judged = record(9, 1).track_record(started + timedelta(days=365))
    assert judged.punctual
    assert 11.9 < judged.reliable_months < 12.0


def test_the_saving_of_hours_handed_off_is_their_cost_difference() -> None:
    rates = Rates(founder_hourly=100.0, provider_hourly=30.0)
    assert rates.saving(5400) == pytest.approx(105.0)
    assert Rates(founder_hourly=20.0, provider_hourly=30.0).saving(3600) == -10.0
