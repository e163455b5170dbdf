"""Report figures over a real store, checked against sums worked out by hand: sessions
split at midnight, DST days of 23 and 25 hours, streaks, estimates, flow, hand-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from microtask.domain.clock import FixedClock
from microtask.domain.edits import CriteriaChanges
from microtask.domain.report import GroupBy, Report
from microtask.services import App, complete_tasks, drop_tasks
from microtask.services.report import ReportRequest, build_report
from tests.factories import add, paris, session

NOW = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)  # Wednesday 25 Nov 2026, 12:00 in Paris


@pytest.fixture
def clock() -> FixedClock:
    """The clock of ``app`` (tests/conftest.py), on a Wednesday rather than at ``T0``."""
    return FixedClock(NOW)


def report(app: App, *args: str | None, by: GroupBy = GroupBy.TASK) -> Report:
    period, from_text, to_text = (*args, None, None, None)[:3]
    return build_report(app, ReportRequest(period, from_text, to_text, by))


def focus_by_day(result: Report) -> dict[str, float]:
    return {day.day.isoformat(): round(day.focus_seconds / 60, 6) for day in result.days}


def test_a_fresh_store_reports_zeros_and_no_ratios(app: App) -> None:
    result = report(app, "week")
    assert result.is_empty
    assert result.focus_seconds == 0
    assert result.groups == ()
    assert len(result.days) == 7
    assert result.estimates.overall_ratio is None
    assert result.estimates.median_ratio is None
    assert result.flow.average_age_seconds is None
    assert result.streak.days == 0
    assert result.hand_off.saving == 0


def test_a_session_across_midnight_is_split_between_the_two_days(app: App) -> None:
    task = add(app, "Write the launch post")
    # 23:30 -> 00:30, 50 minutes of focus spread over the hour: 25 and 25.
    session(app, task, paris("2026-11-23T23:30"), paris("2026-11-24T00:30"), 50)
    days = focus_by_day(report(app, "week"))
    assert days["2026-11-23"] == 25
    assert days["2026-11-24"] == 25
    assert sum(days.values()) == 50


def test_a_session_across_the_periods_end_counts_only_its_share(app: App) -> None:
    task = add(app, "Night shift")
    # Sunday 22 Nov 23:00 -> Monday 23 Nov 01:00: the week starting Monday gets half.
    session(app, task, paris("2026-11-22T23:00"), paris("2026-11-23T01:00"), 60)
    this_week = report(app, "week")
    assert this_week.focus_seconds == pytest.approx(30 * 60)
    assert this_week.groups[0].focus_seconds == pytest.approx(30 * 60)
    assert this_week.pomodoros_completed == 0  # it started the week before
    last_week = report(app, None, "last week")
    assert last_week.focus_seconds == pytest.approx(30 * 60)
    assert last_week.pomodoros_completed == 1


def test_a_fall_back_day_has_25_hours_and_splits_at_its_own_midnight(
    app: App, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 10, 28, 12, tzinfo=UTC))
    task = add(app, "Quarterly numbers")
    # 25 Oct 2026: CEST ends, the Paris day runs 22:00Z on the 24th to 23:00Z on the 25th.
    # A session from 23:30 to 00:30 CET (22:30Z-23:30Z) puts 30 of its 60 minutes on each day.
    start = datetime(2026, 10, 25, 22, 30, tzinfo=UTC)
    session(app, task, start, start + timedelta(hours=1), 60)
    week = report(app, None, "2026-W43", "2026-W43")  # Mon 19 - Sun 25 Oct
    assert (week.period.end - week.period.start) == timedelta(hours=169)
    assert [d.length_seconds // 3600 for d in week.days] == [24] * 6 + [25]
    assert focus_by_day(week)["2026-10-25"] == 30
    assert week.focus_seconds == pytest.approx(30 * 60)
    following = report(app, None, "2026-10-26", "2026-10-26")
    assert following.focus_seconds == pytest.approx(30 * 60)


def test_a_spring_forward_day_has_23_hours(app: App) -> None:
    month = report(app, "month", "2026-03-10")
    lengths = {d.day.isoformat(): d.length_seconds / 3600 for d in month.days}
    assert lengths["2026-03-29"] == 23
    assert lengths["2026-03-28"] == 24
    assert (month.period.end - month.period.start) == timedelta(hours=31 * 24 - 1)


def test_pomodoros_count_per_day_and_the_longest_streak(app: App) -> None:
    task = add(app, "Inbox zero")
    for day, outcome in [
        ("2026-11-16", "completed"),  # last week: outside
        ("2026-11-23", "completed"),
        ("2026-11-23", "interrupted"),
        ("2026-11-24", "completed"),
        ("2026-11-25", "interrupted"),
        ("2026-11-26", "completed"),  # would be in the future of NOW; recorded anyway
    ]:
        start = paris(f"{day}T09:00")
        session(
            app,
            task,
            start,
            start + timedelta(minutes=25),
            25 if outcome == "completed" else 10,
            outcome,
        )
    result = report(app, "week")
    per_day = {
        d.day.isoformat(): (d.pomodoros_completed, d.pomodoros_interrupted) for d in result.days
    }
    assert per_day["2026-11-23"] == (1, 1)
    assert per_day["2026-11-24"] == (1, 0)
    assert per_day["2026-11-25"] == (0, 1)
    assert (result.pomodoros_completed, result.pomodoros_interrupted) == (3, 2)
    assert result.streak.days == 2
    assert result.streak.first_day is not None
    assert result.streak.first_day.isoformat() == "2026-11-23"
    assert result.focus_seconds == pytest.approx((25 + 10 + 25 + 10 + 25) * 60)


def test_tracked_sessions_add_focus_but_no_pomodoros(app: App) -> None:
    task = add(app, "Call the bank")
    start = paris("2026-11-24T14:00")
    session(app, task, start, start + timedelta(minutes=90), 90, kind="tracked")
    result = report(app, "day", "2026-11-24")
    assert result.focus_seconds == 90 * 60
    assert result.pomodoros_completed == 0
    assert result.sessions == 1


def test_a_running_session_counts_up_to_now(app: App) -> None:
    task = add(app, "Long focus")
    # Started two days ago and still running: its recorded focus spreads until now.
    session(app, task, NOW - timedelta(hours=48), None, 48 * 60, outcome="running", kind="tracked")
    result = report(app, "day")
    assert result.focus_seconds == pytest.approx(12 * 3600)  # midnight (Paris) to noon


def test_focus_by_task_tag_and_project(app: App) -> None:
    web = add(app, "Landing page", project="site", tags=("web", "copy"))
    ads = add(app, "Ad campaign", project="growth", tags=("web",))
    loose = add(app, "Loose end")
    monday = paris("2026-11-23T09:00")
    session(app, web, monday, monday + timedelta(minutes=60), 60)
    session(app, ads, monday + timedelta(hours=2), monday + timedelta(hours=3), 30)
    session(app, loose, monday + timedelta(hours=4), monday + timedelta(hours=5), 15)
    session(app, None, monday + timedelta(hours=6), monday + timedelta(hours=7), 5)

    def minutes(result: Report) -> dict[str, float]:
        return {g.label: g.focus_seconds / 60 for g in result.groups}

    by_task = report(app, "week")
    assert minutes(by_task) == {
        "Landing page": 60,
        "Ad campaign": 30,
        "Loose end": 15,
        "(no task)": 5,
    }
    assert [g.label for g in by_task.groups] == [
        "Landing page",
        "Ad campaign",
        "Loose end",
        "(no task)",
    ]
    assert by_task.groups[0].task_id == web
    assert minutes(report(app, "week", by=GroupBy.TAG)) == {"web": 90, "copy": 60, "(no tag)": 20}
    assert minutes(report(app, "week", by=GroupBy.PROJECT)) == {
        "site": 60,
        "growth": 30,
        "(no project)": 20,
    }
    assert by_task.sessions == 4


def test_estimates_compare_finished_tasks_with_all_their_focus(app: App, clock: FixedClock) -> None:
    over = add(app, "Over", estimate_seconds=3600)
    exact = add(app, "Exact", estimate_seconds=1800)
    under = add(app, "Under", estimate_seconds=2400)
    unestimated = add(app, "No estimate")
    untracked = add(app, "No focus", estimate_seconds=1800)
    still_open = add(app, "Open", estimate_seconds=600)
    before = paris("2026-11-10T09:00")  # focus from an earlier week counts too
    session(app, over, before, before + timedelta(minutes=60), 60)
    monday = paris("2026-11-23T09:00")
    session(app, over, monday, monday + timedelta(minutes=30), 30)
    session(app, exact, monday, monday + timedelta(minutes=30), 30)
    session(app, under, monday, monday + timedelta(minutes=20), 20)
    session(app, unestimated, monday, monday + timedelta(minutes=20), 20)
    session(app, still_open, monday, monday + timedelta(minutes=20), 20)
    clock.set(paris("2026-11-24T18:00"))
    complete_tasks(app, [over, exact, under, unestimated, untracked])
    clock.set(NOW)
    estimates = report(app, "week").estimates
    assert estimates.finished == 5
    assert estimates.without_estimate == 1
    assert estimates.without_focus == 1
    assert [row.title for row in estimates.rows] == ["Under", "Over", "Exact"]
    assert [row.ratio for row in estimates.rows] == [0.5, 1.5, 1.0]
    assert estimates.overall_ratio == pytest.approx((90 + 30 + 20) / (60 + 30 + 40))
    assert estimates.median_ratio == 1.0


def test_flow_counts_created_done_dropped_age_and_overdue(app: App, clock: FixedClock) -> None:
    clock.set(paris("2026-11-16T09:00"))  # last week
    old = add(app, "Old task", due=paris("2026-11-20T17:00"))
    late = add(app, "Late task", due=paris("2026-11-23T08:00"))
    clock.set(paris("2026-11-23T09:00"))
    fresh = add(app, "Fresh task")
    dropped = add(app, "Dropped task")
    clock.set(paris("2026-11-24T09:00"))
    complete_tasks(app, [late, fresh])
    drop_tasks(app, [dropped])
    clock.set(NOW)
    flow = report(app, "week").flow
    assert (flow.created, flow.done, flow.dropped) == (2, 2, 1)
    # Late: 8 days (16th to 24th); fresh: 1 day.
    assert flow.average_age_seconds == pytest.approx((8 * 86400 + 86400) / 2)
    assert flow.done_late == 1
    assert flow.overdue == 1  # "Old task", due on the 20th and still open
    last_week = report(app, None, "last week").flow
    assert (last_week.created, last_week.done) == (2, 0)
    assert last_week.overdue == 1  # "Old task" was overdue by Sunday night already
    del old


def test_hand_off_counts_the_hours_on_tasks_someone_else_could_do(app: App) -> None:
    fits = add(
        app,
        "Reconcile receipts",
        criteria=CriteriaChanges(
            repetitive=True,
            time_sensitive=False,
            critical=False,
            know_how=False,
            directions="moderate",
            hours_per_week=6.0,
        ),
    )
    mine = add(app, "Pitch investors", criteria=CriteriaChanges(know_how=True))
    monday = paris("2026-11-23T09:00")
    session(app, fits, monday, monday + timedelta(hours=2), 120, kind="tracked")
    session(app, mine, monday + timedelta(hours=3), monday + timedelta(hours=4), 60)
    hand_off = report(app, "week").hand_off
    assert [line.title for line in hand_off.lines] == ["Reconcile receipts"]
    assert hand_off.lines[0].verdict == "outsource"
    assert hand_off.focus_seconds == 2 * 3600
    assert hand_off.saving == pytest.approx(2 * (100 - 25))
    assert hand_off.tasks_scored == 2
