"""`outsource` ranks every open task without building them all (issue 11): the ranking
from facts and shared judgements must be exactly the one of scoring every task in full."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.clock import FixedClock
from microtask.domain.edits import CriteriaChanges
from microtask.domain.model import Status, TaskFilter
from microtask.domain.outsourcing import Verdict
from microtask.domain.views.outsourcing import Scored
from microtask.services import App, TaskFields, edit_task
from microtask.services.outsourcing import Advisor, _DoneTitles, candidate_list
from tests.factories import T0, make_app, session

_WORDS = st.sampled_from(
    ["send", "invoice", "invoices", "to", "acme", "call", "bank", "the", "update", "lead", "list"]
)
_TITLES = st.lists(_WORDS, max_size=6).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(done=st.lists(_TITLES, max_size=30), asked=st.lists(_TITLES, min_size=1, max_size=10))
def test_counting_similar_done_titles_by_word_sets_counts_what_like_finds(
    done: list[str], asked: list[str]
) -> None:
    from microtask.domain.similar import similar_title

    index = _DoneTitles(done)
    for title in [*asked, *asked]:  # the second round is answered from the cache
        assert index.count(title) == sum(similar_title(title, d) for d in done)


def full_ranking(app: App) -> list[Scored]:
    """The ranking as it was before issue 11: every open task loaded and scored in full."""
    with app.reading() as repos:
        tasks = repos.tasks.find(TaskFilter(statuses=(Status.OPEN,)))
        scored = Advisor(app, repos, app.now()).score(tasks)
    return sorted(
        scored,
        key=lambda s: (-s.assessment.score, -(s.assessment.weekly_savings or 0.0), s.task.id),
    )


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's 10,000-task store, with focus recorded and answers given on some."""
    from bench.generate import generate, write_microtask

    path = tmp_path_factory.mktemp("bench") / "m.db"
    write_microtask(generate(10_000, anchor_ts=int(T0.timestamp())), path)
    app = make_app(str(path), FixedClock(T0))
    rng = random.Random(7)
    try:
        for task_id in rng.sample(range(1, 10_001), 60):
            start = T0 - timedelta(days=rng.randint(0, 40), hours=3)
            session(app, task_id, start, start + timedelta(minutes=50), rng.choice((25, 50)))
        answers = [
            CriteriaChanges(repetitive=True, critical=False, directions="simple"),
            CriteriaChanges(know_how=True),
            CriteriaChanges(hours_per_week=6.0, time_sensitive=False),
            CriteriaChanges(category="KPO"),
        ]
        with app.reading() as repos:
            open_ids = [t.id for t in repos.tasks.find(TaskFilter(statuses=(Status.OPEN,)))]
        for task_id in rng.sample(open_ids, 40):
            edit_task(app, task_id, TaskFields(criteria=rng.choice(answers)))
    finally:
        app.close()
    return path


def test_the_ranking_of_the_10000_task_bench_store_is_the_full_ranking(
    bench_store: Path,
) -> None:
    app = make_app(str(bench_store), FixedClock(T0))
    try:
        before = full_ranking(app)
        listing = candidate_list(app, top=50)
        everything = candidate_list(app)
    finally:
        app.close()
    top = [(s.task.id, s.assessment) for s in before[:50]]
    assert [(s.task.id, s.assessment) for s in listing.shown] == top
    assert [(s.task.id, s.assessment) for s in everything.shown] == [
        (s.task.id, s.assessment) for s in before
    ]
    assert listing.total == len(before)
    assert listing.hours_per_week == sum(s.assessment.hours_per_week or 0.0 for s in before)
    assert listing.weekly_savings == sum(s.assessment.weekly_savings or 0.0 for s in before)
    assert len({s.assessment.score for s in before[:50]}) >= 2  # a ranking, not all ties
    assert {s.assessment.verdict for s in before} >= {Verdict.OUTSOURCE, Verdict.KEEP}


def test_filters_by_score_and_verdict_keep_the_full_rankings_order(bench_store: Path) -> None:
    app = make_app(str(bench_store), FixedClock(T0))
    try:
        before = full_ranking(app)
        high = candidate_list(app, min_score=60, top=20)
        batch = candidate_list(app, verdict=Verdict.BATCH)
    finally:
        app.close()
    wanted = [s.task.id for s in before if s.assessment.score >= 60]
    assert [s.task.id for s in high.shown] == wanted[:20]
    assert high.total == len(wanted)
    assert [s.task.id for s in batch.shown] == [
        s.task.id for s in before if s.assessment.verdict is Verdict.BATCH
    ]
