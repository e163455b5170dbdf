"""The outsourcing use cases over a real store: the done-title history, the ISO week of the
weekly list, and which candidates the weekly list holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.clock import FixedClock
from microtask.domain.edits import CriteriaChanges
from microtask.domain.errors import InvalidInputError
from microtask.domain.outsourcing import Verdict
from microtask.domain.steps import Step
from microtask.services import App, TaskFields, add_task, complete_tasks, split_task
from microtask.services.outsourcing import (
    Advisor,
    _DoneTitles,
    candidates,
    parse_week,
    score_task,
    weekly_candidates,
)
from tests.factories import T0  # Monday of ISO week 2026-W48

FITS: dict[str, Any] = {
    "repetitive": True,
    "time_sensitive": False,
    "critical": False,
    "know_how": False,
    "directions": "simple",
}
"""Every stored answer that speaks for handing off, except the hours."""


def add(app: App, title: str, **criteria: Any) -> int:
    """Add a task with these outsourcing answers (``repetitive=True``, ...); its id."""
    return add_task(app, TaskFields(title=title, criteria=CriteriaChanges(**criteria))).id


def done_at(app: App, clock: FixedClock, title: str, when: datetime) -> None:
    """Add ``title`` and finish it at ``when``; the clock goes back to T0."""
    clock.set(when)
    complete_tasks(app, [add(app, title)])
    clock.set(T0)


def history(app: App) -> list[str]:
    """The done titles the advisor looks at now."""
    with app.reading() as repos:
        return Advisor(app, repos, app.now()).done.titles


# -- the similar-title index --------------------------------------------------------------


def test_like_returns_only_the_done_titles_similar_to_the_title() -> None:
    done = _DoneTitles(
        [
            "Send invoice #1 to ACME",
            "Write the newsletter",
            "Send invoices #2 to Beta Corp",
            "Invoice review with the accountant",
            "Send invoice 2026-11-02",
        ]
    )
    assert done.like("Send invoice #9 to Gamma") == [
        "Send invoice #1 to ACME",
        "Send invoices #2 to Beta Corp",
        "Send invoice 2026-11-02",
    ]
    assert done.like("Write the newsletter (December)") == ["Write the newsletter"]
    assert done.like("Plan the offsite") == []


def test_a_title_of_only_numbers_and_filler_is_like_nothing() -> None:
    done = _DoneTitles(["#12", "Call the bank", "on the 3rd"])
    assert done.like("#13") == []
    assert done.like("on the 4th") == []


def test_the_index_finds_the_same_titles_as_comparing_with_every_one() -> None:
    from microtask.domain.similar import similar_title

    titles = [
        "Send invoice #1",
        "Update the CRM lead list",
        "Update lead list",
        "Call Ana",
        "Book flights to Lisbon",
        "Book flight to Porto",
        "Reply to support tickets",
    ]
    done = _DoneTitles(titles)
    for title in ["Update lead list in CRM", "Book flights to Berlin", "Send invoice #2"]:
        assert done.like(title) == [t for t in titles if similar_title(title, t)]


def test_history_holds_tasks_done_in_the_last_eight_weeks_only(app: App, clock: FixedClock) -> None:
    done_at(app, clock, "Send invoice #1", T0 - timedelta(weeks=8, hours=1))  # too old
    done_at(app, clock, "Send invoice #2", T0 - timedelta(weeks=8) + timedelta(hours=1))
    done_at(app, clock, "Send invoice #3", T0 - timedelta(days=1))
    add(app, "Send invoice #4")  # open: not history
    assert sorted(history(app)) == ["Send invoice #2", "Send invoice #3"]


def test_history_ignores_tasks_done_after_the_instant_assessed(app: App, clock: FixedClock) -> None:
    done_at(app, clock, "Send invoice #1", T0 - timedelta(days=2))
    done_at(app, clock, "Send invoice #2", T0 + timedelta(days=2))
    assert history(app) == ["Send invoice #1"]


def test_three_done_in_eight_weeks_infer_repetitive_but_older_ones_do_not(
    app: App, clock: FixedClock
) -> None:
    for weeks in (9, 10, 11):
        done_at(app, clock, f"Send invoice #{weeks}", T0 - timedelta(weeks=weeks))
    task_id = add(app, "Send invoice #12")
    repetitive = score_task(app, task_id).assessment.contributions[0]
    assert (repetitive.name, repetitive.value, repetitive.source.value) == (
        "repetitive",
        None,
        "unknown",
    )
    for weeks in (1, 2, 3):
        done_at(app, clock, f"Send invoice #{weeks}", T0 - timedelta(weeks=weeks))
    repetitive = score_task(app, task_id).assessment.contributions[0]
    assert (repetitive.value, repetitive.source.value) == (True, "inferred")
    assert repetitive.detail == "3 done tasks like it in the last 8 weeks"


# -- parse_week ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("this", date(2026, 11, 23), (2026, 48)),
        ("last", date(2026, 11, 23), (2026, 47)),
        ("next", date(2026, 11, 29), (2026, 49)),  # Sunday: still week 48
        (" THIS ", date(2026, 11, 25), (2026, 48)),
        ("2026-W48", date(2026, 11, 23), (2026, 48)),
        ("2026w5", date(2026, 11, 23), (2026, 5)),
        ("2026-W01", date(2026, 11, 23), (2026, 1)),
        # year boundaries: ISO weeks belong to the year of their Thursday
        ("this", date(2026, 1, 1), (2026, 1)),  # a Thursday: week 1 of 2026
        ("last", date(2026, 1, 1), (2025, 52)),
        ("this", date(2026, 12, 31), (2026, 53)),
        ("next", date(2026, 12, 31), (2027, 1)),
        ("last", date(2027, 1, 4), (2026, 53)),
        ("this", date(2027, 1, 1), (2026, 53)),  # a Friday: still 2026's last week
        ("2026-W53", date(2026, 11, 23), (2026, 53)),
        ("2020-W53", date(2026, 11, 23), (2020, 53)),
    ],
)
def test_parse_week_reads_relative_and_iso_weeks(
    text: str, today: date, expected: tuple[int, int]
) -> None:
    assert parse_week(text, today) == expected


def test_2026_has_53_iso_weeks_and_2025_and_2027_have_52() -> None:
    assert date.fromisocalendar(2026, 53, 1) == date(2026, 12, 28)
    assert date(2025, 12, 28).isocalendar()[1] == 52
    assert date(2027, 12, 28).isocalendar()[1] == 52


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-W53", "does not exist in 2025"),
        ("2027-W53", "does not exist in 2027"),
        ("2026-W00", "does not exist in 2026"),
        ("2026-W54", "does not exist in 2026"),
        ("2026-W123", "invalid --week"),
        ("W48", "invalid --week"),
        ("previous", "invalid --week"),
        ("", "invalid --week"),
    ],
)
def test_parse_week_refuses_weeks_that_do_not_exist_or_cannot_be_read(
    text: str, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_week(text, date(2026, 11, 23))


# -- candidates and the weekly list -------------------------------------------------------


@pytest.fixture
def mixed(app: App) -> dict[str, int]:
    """One task per verdict, every answer stored."""
    return {
        "outsource": add(app, "Update lead list in CRM", **FITS, hours_per_week=5.0),
        "automate": add(app, "Send invoice to ACME", **FITS, hours_per_week=4.0),
        "batch": add(app, "Book travel", **FITS, hours_per_week=1.0),
        "delegate-later": add(
            app, "Answer support tickets", **{**FITS, "time_sensitive": True}, hours_per_week=6.0
        ),
        "keep": add(app, "Pitch investors", know_how=True),
    }


def test_candidates_rank_every_open_task_by_score_and_filter(
    app: App, mixed: dict[str, int]
) -> None:
    ranked = candidates(app)
    assert [s.task.id for s in ranked] == list(mixed.values())
    assert [s.assessment.verdict.value for s in ranked] == list(mixed)
    assert [s.task.id for s in candidates(app, min_score=90)] == [
        mixed["outsource"],
        mixed["automate"],
    ]
    assert [s.task.id for s in candidates(app, verdict=Verdict.BATCH)] == [mixed["batch"]]


def test_equal_scores_rank_the_bigger_weekly_saving_first(app: App) -> None:
    small = add(app, "Update lead list", **FITS, hours_per_week=10.0)
    big = add(app, "Update contact list", **FITS, hours_per_week=12.0)  # both at full benefit
    ranked = candidates(app)
    assert ranked[0].assessment.score == ranked[1].assessment.score
    assert [s.task.id for s in ranked] == [big, small]


def test_the_weekly_list_leaves_out_tasks_to_keep_and_orders_by_score(
    app: App, mixed: dict[str, int]
) -> None:
    week = weekly_candidates(app, "this")
    assert [row.id for row in week.candidates] == [
        mixed[v] for v in ("outsource", "automate", "batch", "delegate-later")
    ]
    scores = [row.score for row in week.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(row.verdict != "keep" for row in week.candidates)


def test_the_weekly_list_names_its_iso_week_and_local_bounds(
    app: App, mixed: dict[str, int]
) -> None:
    week = weekly_candidates(app, "last")
    assert (week.year, week.week) == (2026, 47)
    assert week.start.astimezone().date() == date(2026, 11, 16)
    assert week.end - week.start == timedelta(days=7)
    assert week.generated == T0


def test_a_weekly_row_carries_steps_notes_and_the_time_cap(app: App) -> None:
    task_id = add_task(
        app,
        TaskFields(
            title="Update lead list in CRM",
            note="No duplicates.",
            criteria=CriteriaChanges(**FITS, hours_per_week=5.0),
        ),
    ).id
    split_task(app, task_id, [Step("Export sign-ups", None), Step("Import into the CRM", None)])
    (row,) = weekly_candidates(app, "this").candidates
    assert row.steps == ("Export sign-ups", "Import into the CRM")
    assert row.acceptance == "No duplicates."
    assert (row.hours_per_week, row.time_cap_hours) == (5.0, 6.5)
    assert (row.weekly_savings, row.monthly_savings) == (375.0, 1625.0)


def test_an_empty_store_gives_an_empty_week(app: App) -> None:
    assert weekly_candidates(app, "2026-W53").candidates == ()
    assert candidates(app) == []


_WORDS = st.sampled_from(["send", "invoice", "acme", "update", "lead", "list", "crm", "book"])
_TITLES = st.lists(_WORDS, min_size=0, max_size=5).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(done=st.lists(_TITLES, max_size=30), asked=st.lists(_TITLES, min_size=1, max_size=10))
def test_the_done_title_index_finds_exactly_what_comparing_every_title_finds(
    done: list[str], asked: list[str]
) -> None:
    """The index counts shared words instead of comparing titles pairwise: it must agree
    with :func:`similar_title` on every done title, in the same order, cached or not."""
    from microtask.domain.similar import similar_title

    index = _DoneTitles(done)
    for title in [*asked, *asked]:  # the second round is answered from the cache
        assert index.like(title) == [d for d in done if similar_title(title, d)]


def test_ranking_with_the_index_and_shared_judgements_is_the_pairwise_ranking(
    app: App, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path (indexed done titles, answers shared by tasks alike) ranks exactly as
    comparing every title and judging every task on its own does."""
    import random

    from microtask.domain.similar import similar_title
    from microtask.services import outsourcing

    rng = random.Random(11)
    titles = [
        "Send invoice to ACME",
        "Update lead list",
        "Book travel",
        "Reply to Sam",
        "Reconcile receipts",
        "Write the post",
        "Send invoice to Bolt",
    ]
    for _ in range(40):
        done_at(app, clock, rng.choice(titles), T0 - timedelta(days=rng.randint(1, 50)))
    for n in range(120):
        answers = rng.choice([{}, FITS, {"know_how": True}, {"hours_per_week": 3.0}])
        add(app, f"{rng.choice(titles)} #{n}", **answers)
    fast = [(s.task.id, s.assessment) for s in candidates(app)]

    def pairwise(self: outsourcing._DoneTitles, title: str) -> list[str]:
        return [done for done in self.titles if similar_title(title, done)]

    monkeypatch.setattr(outsourcing._DoneTitles, "like", pairwise)
    monkeypatch.setattr(outsourcing.Advisor, "_from_title", _uncached_from_title)
    slow = [(s.task.id, s.assessment) for s in candidates(app)]
    assert fast == slow
    assert len({a.score for _, a in fast}) >= 3  # a ranking, not all ties


def _uncached_from_title(self: Any, task: Any) -> Any:
    from microtask.domain.similar import infer_repetitive, looks_rule_like

    return infer_repetitive(task.title, self.done.like(task.title)), looks_rule_like(
        task.title, task.tags
    )
