"""Recurrence rules (``--every week``, ``mon,thu``, ``month on last fri``) and their
occurrences.

A series is a rule and an *anchor*: the instant its first instance was due. Every
occurrence falls at the anchor's local time of day, on the days the rule names: for the
interval rules (``day``, ``2 weeks``, ``month``, ``quarter``, ``year``) the days counted
from the anchor's day, for the others (``weekday``, ``mon,thu``, ``month on 15``, ``month on
last fri``) every matching day from the anchor's day on. Days are calendar days in the
user's zone, so a weekly 09:00 stays at 09:00 across a clock change; a time the clocks skip
moves forward as due dates do (:func:`~microtask.domain.zones.wall_time_instant`).

Pure: the zone is passed in (by default the user's), the current instant never read here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import Task
from microtask.domain.record import record
from microtask.domain.text import MAX_TYPED_CHARS, normalise_typed, quote_typed

RULE_FORMS = (
    "use day, weekday, week, 2 weeks, monday, mon,thu, month, month on 15, "
    "month on last fri, quarter or year"
)
MAX_INTERVAL = 999
"""``every 999 days`` at most: enough for any chore, and dates stay far from overflowing."""
MAX_COUNTED = 100_000
"""Skipped occurrences counted one by one at most (a daily chore missed for 270 years)."""

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_SHORT_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "last": -1,
}  # fmt: skip
_ORDINAL_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_UNITS = {
    "day": ("days", 1), "days": ("days", 1), "daily": ("days", 1),
    "week": ("weeks", 1), "weeks": ("weeks", 1), "weekly": ("weeks", 1),
    "fortnight": ("weeks", 2), "fortnightly": ("weeks", 2), "biweekly": ("weeks", 2),
    "month": ("months", 1), "months": ("months", 1), "monthly": ("months", 1),
    "quarter": ("months", 3), "quarters": ("months", 3), "quarterly": ("months", 3),
    "year": ("months", 12), "years": ("months", 12), "yearly": ("months", 12),
    "annually": ("months", 12),
}  # fmt: skip


class RuleKind(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    WEEKDAYS = "weekdays"
    """Every day whose weekday is in ``weekdays`` (``weekday``, ``monday``, ``mon,thu``)."""
    MONTH_DAY = "month-day"
    """A day of every month (``month on 15``; a day past the month's end: its last day)."""
    MONTH_WEEKDAY = "month-weekday"
    """The ``nth`` (1-4, -1 = last) ``weekday`` of every month (``month on last fri``)."""


@record
class Rule:
    """A parsed ``--every`` rule; ``text`` is its canonical spelling (what is stored)."""

    kind: RuleKind
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    day: int = 0
    nth: int = 0

    @property
    def text(self) -> str:
        if self.kind in (RuleKind.DAYS, RuleKind.WEEKS):
            unit = "day" if self.kind is RuleKind.DAYS else "week"
            return unit if self.interval == 1 else f"{self.interval} {unit}s"
        if self.kind is RuleKind.MONTHS:
            named = {1: "month", 3: "quarter", 12: "year"}
            return named.get(self.interval, f"{self.interval} months")
        if self.kind is RuleKind.WEEKDAYS:
            if self.weekdays == (0, 1, 2, 3, 4):
                return "weekday"
            return ",".join(_SHORT_DAYS[d] for d in self.weekdays)
        if self.kind is RuleKind.MONTH_DAY:
            return "month on last day" if self.day == -1 else f"month on {self.day}"
        return f"month on {_ORDINAL_NAMES[self.nth]} {_SHORT_DAYS[self.weekdays[0]]}"

    def per_week(self) -> float:
        """How many occurrences a week, on average (for hours per week)."""
        if self.kind is RuleKind.DAYS:
            return 7 / self.interval
        if self.kind is RuleKind.WEEKS:
            return 1 / self.interval
        if self.kind is RuleKind.WEEKDAYS:
            return float(len(self.weekdays))
        months = self.interval if self.kind is RuleKind.MONTHS else 1
        return 12 / 52.1775 / months


def _bad(text: str) -> InvalidInputError:
    return InvalidInputError(f"invalid --every {quote_typed(text)}: {RULE_FORMS}")


def parse_rule(text: str) -> Rule:
    """``--every SPEC`` -> a rule; InvalidInputError listing the accepted forms otherwise.

    Accepted (case and spaces do not matter, a leading ``every`` is allowed): ``day``,
    ``weekday`` (Mon-Fri), ``week``, ``N days``/``N weeks``/``N months``/``N years``,
    weekday names ``monday`` or ``mon,thu``, ``month``, ``month on 15`` (``on last day``),
    ``month on last fri`` (``first``..``fourth``, ``last``), ``quarter``, ``year``.
    """
    clean = normalise_typed(text)
    if not clean or len(clean) > MAX_TYPED_CHARS:
        raise _bad(text)
    clean = re.sub(r"\s*,\s*", ",", clean.lower()).removeprefix("every ").strip()
    rule = _rule_of(clean)
    if rule is None:
        raise _bad(text)
    return rule


def _rule_of(clean: str) -> Rule | None:
    if clean in ("weekday", "weekdays", "workday", "workdays"):
        return Rule(RuleKind.WEEKDAYS, weekdays=(0, 1, 2, 3, 4))
    if clean in _UNITS:
        kind, interval = _UNITS[clean]
        return Rule(RuleKind(kind), interval=interval)
    counted = re.fullmatch(r"([0-9]{1,4}) ?([a-z]+)", clean)
    if counted and counted.group(2) in _UNITS and counted.group(2) != "fortnight":
        kind, step = _UNITS[counted.group(2)]
        interval = int(counted.group(1)) * step
        if not 1 <= int(counted.group(1)) <= MAX_INTERVAL:
            return None
        return Rule(RuleKind(kind), interval=interval)
    names = clean.split(",")
    if all(name in _WEEKDAYS for name in names):
        return Rule(RuleKind.WEEKDAYS, weekdays=tuple(sorted({_WEEKDAYS[n] for n in names})))
    on = re.fullmatch(r"month(?:ly)? on (?:the )?(.+)", clean)
    if on is None:
        return None
    what = on.group(1)
    day = re.fullmatch(r"([0-9]{1,2})(?:st|nd|rd|th)?", what)
    if day:
        number = int(day.group(1))
        return Rule(RuleKind.MONTH_DAY, day=number) if 1 <= number <= 31 else None
    if what in ("last", "last day"):
        return Rule(RuleKind.MONTH_DAY, day=-1)
    nth = re.fullmatch(r"([a-z0-9]+) ([a-z]+)", what)
    if nth and nth.group(1) in _ORDINALS and nth.group(2) in _WEEKDAYS:
        weekday = _WEEKDAYS[nth.group(2)]
        return Rule(RuleKind.MONTH_WEEKDAY, weekdays=(weekday,), nth=_ORDINALS[nth.group(1)])
    return None


# -- occurrence days ---------------------------------------------------------------------


def _add_months(day: date, months: int, keep_day: int) -> date:
    """``day``'s month plus ``months``, on ``keep_day`` (or that month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(keep_day, calendar.monthrange(year, month)[1]))


def _month_day(year: int, month: int, rule: Rule) -> date:
    last = calendar.monthrange(year, month)[1]
    if rule.kind is RuleKind.MONTH_DAY:
        return date(year, month, last if rule.day == -1 else min(rule.day, last))
    weekday = rule.weekdays[0]
    if rule.nth == -1:
        end = date(year, month, last)
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (rule.nth - 1))


def first_day_on_or_after(rule: Rule, anchor: date, day: date) -> date:
    """The first occurrence day of ``rule`` anchored on ``anchor`` that is not before
    ``day`` (nor before ``anchor``)."""
    if rule.kind in (RuleKind.DAYS, RuleKind.WEEKS):
        step = rule.interval * (7 if rule.kind is RuleKind.WEEKS else 1)
        if day <= anchor:
            return anchor
        steps = -(-(day - anchor).days // step)
        return anchor + timedelta(days=steps * step)
    if rule.kind is RuleKind.MONTHS:
        if day <= anchor:
            return anchor
        months = (day.year - anchor.year) * 12 + day.month - anchor.month
        found = _add_months(anchor, months // rule.interval * rule.interval, anchor.day)
        if found < day:
            found = _add_months(anchor, (months // rule.interval + 1) * rule.interval, anchor.day)
        return found
    start = max(day, anchor)
    if rule.kind is RuleKind.WEEKDAYS:
        ahead = min((d - start.weekday()) % 7 for d in rule.weekdays)
        return start + timedelta(days=ahead)
    found = _month_day(start.year, start.month, rule)
    if found < start:
        following = _add_months(start, 1, 1)
        found = _month_day(following.year, following.month, rule)
    return found


def is_occurrence_day(rule: Rule, anchor: date, day: date) -> bool:
    """Whether ``day`` is an occurrence day (a plain definition, for tests and checks)."""
    return day >= anchor and first_day_on_or_after(rule, anchor, day) == day


# -- occurrence instants -----------------------------------------------------------------


def _zone(name: str | None) -> tzinfo:
    from microtask.domain.zones import load_zone, local_zone_name

    return load_zone(name if name is not None else local_zone_name())


def _instant(day: date, at: time, zone: tzinfo) -> datetime:
    """The UTC instant the clock in ``zone`` shows ``day`` ``at``
    (:func:`~microtask.domain.zones.wall_time_instant`: pendulum is imported only on a
    clock-change day)."""
    from microtask.domain.zones import wall_time_instant

    return wall_time_instant(day, at, zone)


def next_occurrence(
    rule: Rule, anchor: datetime, after: datetime, zone: str | None = None
) -> datetime:
    """The first occurrence strictly after ``after`` (aware, UTC), at the anchor's local
    time of day; ``anchor`` itself counts as the first occurrence."""
    loaded = _zone(zone)
    if after < anchor:
        return anchor
    local_anchor = anchor.astimezone(loaded)
    at = time(local_anchor.hour, local_anchor.minute, local_anchor.second)
    day = first_day_on_or_after(rule, local_anchor.date(), after.astimezone(loaded).date())
    for _ in range(4):  # at most twice in practice: that day's time may be past already
        instant = _instant(day, at, loaded)
        if instant > after:
            return instant
        day = first_day_on_or_after(rule, local_anchor.date(), day + timedelta(days=1))
    raise AssertionError("no occurrence found after four candidate days")


def occurrences_between(
    rule: Rule, anchor: datetime, start: datetime, end: datetime, zone: str | None = None
) -> int:
    """How many occurrences fall after ``start`` and at or before ``end`` (counted up to
    :data:`MAX_COUNTED`)."""
    count = 0
    at = next_occurrence(rule, anchor, start, zone)
    while at <= end and count < MAX_COUNTED:
        count += 1
        at = next_occurrence(rule, anchor, at, zone)
    return count


@record
class Successor:
    """When a series' next instance is due, and how many occurrences it skips over."""

    due: datetime
    skipped: int


def successor(
    rule: Rule,
    anchor: datetime,
    finished_due: datetime,
    now: datetime,
    until: datetime | None = None,
    zone: str | None = None,
) -> Successor | None:
    """The instance that follows one due at ``finished_due``: the next occurrence after it,
    or, when that is already past (a missed week), the first one after ``now``, counting
    the occurrences in between as skipped. ``None`` when ``until`` comes first."""
    following = next_occurrence(rule, anchor, finished_due, zone)
    skipped = 0
    if following <= now:
        skipped = occurrences_between(rule, anchor, finished_due, now, zone)
        following = next_occurrence(rule, anchor, now, zone)
    if until is not None and following > until:
        return None
    return Successor(following, skipped)


def first_due(rule: Rule, today: date, zone: str | None = None) -> datetime:
    """The first instance's due when none was given: the rule's first day from today on,
    at the end of that day (as a due given as a day alone)."""
    loaded = _zone(zone)
    anchor_day = today
    if rule.kind in (RuleKind.WEEKDAYS, RuleKind.MONTH_DAY, RuleKind.MONTH_WEEKDAY):
        anchor_day = first_day_on_or_after(rule, today, today)
    return _instant(anchor_day, time(23, 59, 59), loaded)


def next_due_of(task: Task, zone: str | None = None) -> datetime | None:
    """When the instance after ``task`` falls (were it done on time); ``None`` for a
    one-off task, a stopped series, or once ``--until`` ends it."""
    series = task.series
    if series is None or not series.active:
        return None
    after = max(m for m in (task.due, task.occurrence, series.anchor) if m is not None)
    following = next_occurrence(parse_rule(series.rule), series.anchor, after, zone)
    return None if series.until is not None and following > series.until else following
