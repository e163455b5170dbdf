"""Recurrence rules: the --every grammar, occurrences (DST-correct) and the successor of a
finished instance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.recurrence import (
    RULE_FORMS,
    Rule,
    RuleKind,
    first_day_on_or_after,
    first_due,
    next_occurrence,
    occurrences_between,
    parse_rule,
    successor,
)

PARIS = "Europe/Paris"
NEW_YORK = "America/New_York"


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(PARIS)).astimezone(UTC)


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        ("day", "day"),
        ("daily", "day"),
        ("weekday", "weekday"),
        ("week", "week"),
        ("Weekly", "week"),
        ("2 weeks", "2 weeks"),
        ("every 2 weeks", "2 weeks"),
        ("fortnightly", "2 weeks"),
        ("3 days", "3 days"),
        ("monday", "mon"),
        ("mon,thu", "mon,thu"),
        ("Thu , Mon", "mon,thu"),
        ("mon,tue,wed,thu,fri", "weekday"),
        ("month", "month"),
        ("month on 15", "month on 15"),
        ("month on the 15th", "month on 15"),
        ("month on last day", "month on last day"),
        ("month on last fri", "month on last fri"),
        ("month on first monday", "month on first mon"),
        ("month on 2nd tue", "month on second tue"),
        ("quarter", "quarter"),
        ("year", "year"),
        ("2 years", "24 months"),
    ],
)
def test_every_accepted_form_parses_to_its_canonical_text(spec: str, text: str) -> None:
    rule = parse_rule(spec)
    assert rule.text == text
    assert parse_rule(rule.text) == rule


@pytest.mark.parametrize(
    "spec", ["", "  ", "sometimes", "0 days", "1000 weeks", "month on 32", "month on 0",
             "month on fifth fri", "mon,funday", "week on 3", "every", "x" * 500]
)  # fmt: skip
def test_a_bad_spec_is_one_line_listing_the_accepted_forms(spec: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_rule(spec)
    message = str(raised.value)
    assert "\n" not in message
    assert message.endswith(RULE_FORMS)


def test_a_weekly_series_stays_at_nine_local_across_both_clock_changes() -> None:
    rule = parse_rule("week")
    anchor = paris(2026, 3, 23, 9, 0)  # the Monday before the spring change (29 March)
    second = next_occurrence(rule, anchor, anchor, PARIS)
    assert second == paris(2026, 3, 30, 9, 0)
    assert second - anchor == timedelta(days=7, hours=-1)  # a 167-hour week
    autumn = next_occurrence(rule, anchor, paris(2026, 10, 18, 0, 0), PARIS)  # Mon 19 Oct
    assert autumn.astimezone(ZoneInfo(PARIS)).hour == 9
    after_change = next_occurrence(rule, anchor, autumn, PARIS)
    assert after_change - autumn == timedelta(days=7, hours=1)


def test_a_time_the_clocks_skip_moves_forward_on_that_day_only() -> None:
    rule = parse_rule("day")
    anchor = paris(2026, 3, 28, 2, 30)
    gap_day = next_occurrence(rule, anchor, anchor, PARIS)
    assert gap_day.astimezone(ZoneInfo(PARIS)).strftime("%d %H:%M") == "29 03:30"
    assert next_occurrence(rule, anchor, gap_day, PARIS) == paris(2026, 3, 30, 2, 30)


def test_monthly_from_the_31st_keeps_the_31st_where_a_month_has_one() -> None:
    rule = parse_rule("month")
    anchor = paris(2026, 1, 31, 10, 0)
    days = []
    at = anchor
    for _ in range(4):
        at = next_occurrence(rule, anchor, at, PARIS)
        days.append(at.astimezone(ZoneInfo(PARIS)).date())
    assert days == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)]


def test_month_on_last_fri_and_on_15_name_the_right_days() -> None:
    anchor = paris(2026, 11, 1, 17, 0)
    last_fri = next_occurrence(parse_rule("month on last fri"), anchor, anchor, PARIS)
    assert last_fri == paris(2026, 11, 27, 17, 0)
    assert next_occurrence(parse_rule("month on last fri"), anchor, last_fri, PARIS) == paris(
        2026, 12, 25, 17, 0
    )
    assert next_occurrence(parse_rule("month on 15"), anchor, anchor, PARIS) == paris(
        2026, 11, 15, 17, 0
    )


def test_weekday_skips_the_weekend() -> None:
    anchor = paris(2026, 11, 27, 9, 0)  # a Friday
    assert next_occurrence(parse_rule("weekday"), anchor, anchor, PARIS) == paris(
        2026, 11, 30, 9, 0
    )


def test_a_missed_week_is_skipped_and_counted_not_made() -> None:
    rule = parse_rule("week")
    due = paris(2026, 11, 30, 9, 0)
    late = successor(rule, due, due, now=paris(2026, 12, 10, 12, 0), zone=PARIS)
    assert late is not None
    assert late.due == paris(2026, 12, 14, 9, 0)
    assert late.skipped == 1  # 7 December
    on_time = successor(rule, due, due, now=paris(2026, 11, 30, 8, 0), zone=PARIS)
    assert on_time is not None
    assert (on_time.due, on_time.skipped) == (paris(2026, 12, 7, 9, 0), 0)


def test_until_ends_the_series_quietly() -> None:
    rule = parse_rule("week")
    due = paris(2026, 11, 30, 9, 0)
    until = paris(2026, 12, 6, 23, 59)
    assert successor(rule, due, due, now=due, until=until, zone=PARIS) is None


def test_without_a_due_the_first_instance_is_the_end_of_the_rules_first_day() -> None:
    monday = date(2026, 11, 23)
    assert first_due(parse_rule("week"), monday, PARIS) == paris(2026, 11, 23, 23, 59, 59)
    assert first_due(parse_rule("thu"), monday, PARIS) == paris(2026, 11, 26, 23, 59, 59)
    assert first_due(parse_rule("month on 15"), monday, PARIS) == paris(2026, 12, 15, 23, 59, 59)


# -- properties ---------------------------------------------------------------------------

SPECS = [
    "day", "3 days", "weekday", "week", "2 weeks", "monday", "mon,thu", "sat,sun", "month",
    "2 months", "month on 15", "month on 31", "month on last day", "month on last fri",
    "month on first mon", "quarter", "year",
]  # fmt: skip
instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)


def matches(rule: Rule, anchor: date, day: date) -> bool:
    """Whether ``day`` is an occurrence day, from the rule's plain meaning (brute force)."""
    if day < anchor:
        return False
    if rule.kind is RuleKind.DAYS:
        return (day - anchor).days % rule.interval == 0
    if rule.kind is RuleKind.WEEKS:
        return (day - anchor).days % (7 * rule.interval) == 0
    if rule.kind is RuleKind.WEEKDAYS:
        return day.weekday() in rule.weekdays
    if rule.kind is RuleKind.MONTHS:
        months = (day.year - anchor.year) * 12 + day.month - anchor.month
        if months % rule.interval:
            return False
        following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = (following - timedelta(days=1)).day
        return day.day == min(anchor.day, last)
    following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (following - timedelta(days=1)).day
    if rule.kind is RuleKind.MONTH_DAY:
        return day.day == (last if rule.day == -1 else min(rule.day, last))
    if day.weekday() != rule.weekdays[0]:
        return False
    if rule.nth == -1:
        return day.day + 7 > last
    return (day.day - 1) // 7 + 1 == rule.nth


@settings(max_examples=300, deadline=None)
@given(spec=st.sampled_from(SPECS), anchor=instants, gap=st.integers(0, 800))
def test_the_first_day_on_or_after_is_the_first_matching_day(
    spec: str, anchor: datetime, gap: int
) -> None:
    rule = parse_rule(spec)
    start = anchor.date() + timedelta(days=gap)
    found = first_day_on_or_after(rule, anchor.date(), start)
    assert found >= start
    assert matches(rule, anchor.date(), found) or found == anchor.date()
    day = start
    while day < found:
        assert not matches(rule, anchor.date(), day), f"{day} was skipped"
        day += timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(
    spec=st.sampled_from(SPECS),
    anchor=instants,
    hours=st.integers(0, 24 * 800),
    zone=st.sampled_from([PARIS, NEW_YORK, "UTC", "Australia/Lord_Howe"]),
)
def test_the_next_occurrence_is_later_at_the_anchors_local_time(
    spec: str, anchor: datetime, hours: int, zone: str
) -> None:
    rule = parse_rule(spec)
    after = anchor + timedelta(hours=hours)
    found = next_occurrence(rule, anchor, after, zone)
    assert found > after
    tz = ZoneInfo(zone)
    local_anchor, local_found = anchor.astimezone(tz), found.astimezone(tz)
    assert matches(rule, local_anchor.date(), local_found.date())
    same_time = (local_found.hour, local_found.minute) == (local_anchor.hour, local_anchor.minute)
    moved_by_a_gap = (
        found - timedelta(hours=2) < after
        or local_found.utcoffset() != (local_found - timedelta(days=1)).utcoffset()
    )
    assert same_time or moved_by_a_gap
    # nothing in between: the occurrence before it is not after `after`
    assert occurrences_between(rule, anchor, after, found, zone) == 1


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 45, 59]),
    zone=st.sampled_from([PARIS, NEW_YORK, "Australia/Lord_Howe", "America/Santiago"]),
)
def test_wall_times_resolve_as_pendulum_resolves_them(
    day: date, hour: int, minute: int, zone: str
) -> None:
    """The standard-library fast path gives pendulum's answer (gaps and repeated hours
    go to pendulum itself)."""
    from datetime import time

    from microtask.domain.recurrence import _instant
    from microtask.domain.zones import wall_time_instant

    at = time(hour, minute)
    assert _instant(day, at, ZoneInfo(zone)) == wall_time_instant(day, at, ZoneInfo(zone))
