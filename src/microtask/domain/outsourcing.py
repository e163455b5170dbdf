"""Outsourcing advisor: what the founder knows about a task -> score, verdict, savings, reasons.

Pure: no clock, no I/O. Each criterion is an :class:`Answer` (the user's, an inferred one, or
unknown) and is worth a *factor* from -1 (speaks against handing off) to +1 (speaks for it);
unknown is 0, so it neither helps nor hurts and only lowers the confidence.

Score = 50 + sum of ``50 x weight / total weight x factor``, so all-for is 100, all-against 0,
and every term is shown as a signed number of points. Factors: repetitive +1/-1; time-sensitive
and critical -1 when true (0 once the provider has proven punctual / reliable for long enough),
+1 when false; directions simple +1, moderate 0, complex -1; know-how -1/+1; hours -1 at zero,
0 at ``min_weekly_hours``, rising to +1 at ``full_benefit_hours``.

The verdict, first rule that applies:

1. keep: needs know-how, complex directions, or known not to be repetitive;
2. automate: repetitive, simple directions and rule-like (no provider needed);
3. keep: the provider costs more an hour than the founder's time is worth;
4. delegate-later: critical or time-sensitive (without the provider's record that lifts it),
   and the score with those answers made neutral (and hours raised to the minimum) reaches
   ``outsource_score``; else keep;
5. batch: fewer weekly hours than the minimum, and the score at the minimum reaches it; else keep;
6. outsource when the score reaches ``outsource_score``; else keep.

A kept task's score is held below ``outsource_score``, so a task to keep never outranks one to
hand off. None of these steps lets a worse answer raise the score (see the tests).
Savings are hours x (founder - provider) a week, x 52/12 a month, negative (not clamped) when
the provider costs more. ``would_change`` tries every other value of each answer the user has
not given (inferred or unknown) and lists those that give another verdict.
"""

from __future__ import annotations

import math
from dataclasses import field, fields, replace
from enum import StrEnum
from typing import Any

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import MAX_HOURS_PER_WEEK
from microtask.domain.record import record
from microtask.domain.similar import Answer as Answer
from microtask.domain.similar import Category as Category
from microtask.domain.similar import Source as Source
from microtask.domain.similar import inferred as inferred
from microtask.domain.similar import prefer as prefer
from microtask.domain.similar import said as said

WEEKS_PER_MONTH = 52 / 12


class Directions(StrEnum):
    SIMPLE = "simple"
    MODERATE = "moderate"
    COMPLEX = "complex"


class Verdict(StrEnum):
    OUTSOURCE = "outsource"
    AUTOMATE = "automate"
    DELEGATE_LATER = "delegate-later"
    BATCH = "batch"
    KEEP = "keep"


@record
class Criteria:
    repetitive: Answer[bool] = field(default_factory=Answer[bool])
    time_sensitive: Answer[bool] = field(default_factory=Answer[bool])
    critical: Answer[bool] = field(default_factory=Answer[bool])
    directions: Answer[Directions] = field(default_factory=Answer[Directions])
    know_how: Answer[bool] = field(default_factory=Answer[bool])
    hours_per_week: Answer[float] = field(default_factory=Answer[float])
    rule_like: bool = False
    """A hint from the title (see :func:`looks_rule_like`): steps a script could follow."""

    def __post_init__(self) -> None:
        hours = self.hours_per_week.value
        if hours is not None and not 0 <= hours <= MAX_HOURS_PER_WEEK:
            raise InvalidInputError(f"hours per week must be from 0 to 168, got {hours}")


CRITERIA = ("repetitive", "time_sensitive", "critical", "directions", "know_how", "hours_per_week")


def _check_non_negative(owner: Weights | Rates | Thresholds) -> None:
    for f in fields(owner):
        value = getattr(owner, f.name)
        if isinstance(value, int | float) and not (math.isfinite(value) and value >= 0):
            raise InvalidInputError(f"{f.name} must be a number of 0 or more, got {value}")


@record
class Weights:
    """How much each criterion moves the score; only their ratios matter."""

    repetitive: float = 25.0
    time_sensitive: float = 10.0
    critical: float = 15.0
    directions: float = 15.0
    know_how: float = 20.0
    hours_per_week: float = 15.0

    def __post_init__(self) -> None:
        _check_non_negative(self)

    @property
    def total(self) -> float:
        return sum(float(getattr(self, name)) for name in CRITERIA)


@record
class Rates:
    """Currency-neutral hourly amounts: the founder's time and the default provider's rate."""

    founder_hourly: float = 100.0
    provider_hourly: float = 25.0

    def __post_init__(self) -> None:
        _check_non_negative(self)

    @property
    def hourly_saving(self) -> float:
        """What each hour handed off saves (negative when the provider costs more)."""
        return self.founder_hourly - self.provider_hourly

    def saving(self, seconds: float) -> float:
        """What handing ``seconds`` of the founder's work to the provider saves."""
        return seconds / 3600 * self.hourly_saving


@record
class Thresholds:
    min_weekly_hours: float = 2.0
    """Below this a task is too small to hand off alone: batch it."""
    full_benefit_hours: float = 10.0
    """Weekly hours at which the hours criterion gives its full weight."""
    outsource_score: int = 65
    """The score from which a task that fits is handed off now."""
    trusted_after_months: float = 6.0
    """Months of reliable work after which a provider may take critical tasks."""

    def __post_init__(self) -> None:
        _check_non_negative(self)
        if self.full_benefit_hours <= self.min_weekly_hours:
            raise InvalidInputError("full_benefit_hours must be more than min_weekly_hours")
        if not 1 <= self.outsource_score <= 100:
            raise InvalidInputError(f"outsource_score must be 1 to 100, got {self.outsource_score}")


@record
class TrackRecord:
    """What the provider has proven: lifts the critical / time-sensitive objections."""

    reliable_months: float = 0.0
    punctual: bool = False


@record
class Contribution:
    name: str
    value: bool | str | float | None
    source: Source
    points: float
    """Signed points this criterion adds to the score (0 when unknown)."""
    detail: str


@record
class Flip:
    """Answering ``criterion`` with ``value`` would make the verdict ``verdict``."""

    criterion: str
    value: bool | str | float
    verdict: Verdict


@record
class Assessment:
    score: int
    verdict: Verdict
    category: Category
    confidence: float
    contributions: tuple[Contribution, ...]
    reasons: tuple[str, ...]
    hours_per_week: float | None
    weekly_savings: float | None
    """hours x (founder - provider); negative when the provider costs more."""
    monthly_savings: float | None
    would_change: tuple[Flip, ...]


@record
class _Context:
    weights: Weights
    rates: Rates
    thresholds: Thresholds
    record: TrackRecord

    @property
    def trusted(self) -> bool:
        return self.record.reliable_months >= self.thresholds.trusted_after_months


def hours_factor(hours: float, thresholds: Thresholds) -> float:
    """-1 at zero hours, 0 at the minimum, +1 from ``full_benefit_hours``; never falls."""
    low, full = thresholds.min_weekly_hours, thresholds.full_benefit_hours
    if hours < low:
        return -1.0 + hours / low
    return min((hours - low) / (full - low), 1.0)


def _factor(name: str, value: object, ctx: _Context) -> float:
    if value is None:
        return 0.0
    if name == "repetitive":
        return 1.0 if value else -1.0
    if name == "time_sensitive":
        return (0.0 if ctx.record.punctual else -1.0) if value else 1.0
    if name == "critical":
        return (0.0 if ctx.trusted else -1.0) if value else 1.0
    if name == "directions":
        return {Directions.SIMPLE: 1.0, Directions.MODERATE: 0.0}.get(Directions(str(value)), -1.0)
    if name == "know_how":
        return -1.0 if value else 1.0
    assert isinstance(value, float | int)
    return hours_factor(float(value), ctx.thresholds)


def _points(criteria: Criteria, ctx: _Context) -> dict[str, float]:
    total = ctx.weights.total
    if total == 0:
        return dict.fromkeys(CRITERIA, 0.0)
    return {
        name: 50.0
        * getattr(ctx.weights, name)
        / total
        * _factor(name, getattr(criteria, name).value, ctx)
        for name in CRITERIA
    }


def _raw_score(criteria: Criteria, ctx: _Context) -> int:
    return math.floor(min(max(50.0 + sum(_points(criteria, ctx).values()), 0.0), 100.0) + 0.5)


_NEUTRAL_BOOL: Answer[bool] = Answer()


def _decide(criteria: Criteria, ctx: _Context) -> tuple[Verdict, str]:
    """The verdict and the sentence that explains it (the rules of the module docstring)."""
    c, bar, low = criteria, ctx.thresholds.outsource_score, ctx.thresholds.min_weekly_hours
    if c.know_how.value is True:
        return Verdict.KEEP, "It needs know-how only you have: keep it."
    if c.directions.value is Directions.COMPLEX:
        return Verdict.KEEP, "Its directions are too complex to write down: keep it."
    if c.repetitive.value is False:
        return Verdict.KEEP, "It is a one-off: explaining it costs about as much as doing it."
    if c.rule_like and c.repetitive.value is True and c.directions.value is Directions.SIMPLE:
        return Verdict.AUTOMATE, "It repeats with simple, rule-like steps: automate it first."
    if ctx.rates.provider_hourly > ctx.rates.founder_hourly:
        return Verdict.KEEP, "The provider costs more an hour than your time is worth: keep it."
    score = _raw_score(c, ctx)
    hours = c.hours_per_week.value
    small = hours is not None and hours < low
    at_least_min = replace(c, hours_per_week=inferred(low, "")) if small else c
    blockers = []
    if c.critical.value is True and not ctx.trusted:
        blockers.append(
            f"critical (wait for {ctx.thresholds.trusted_after_months:g} months of reliable work)"
        )
        at_least_min = replace(at_least_min, critical=_NEUTRAL_BOOL)
    if c.time_sensitive.value is True and not ctx.record.punctual:
        blockers.append("time-sensitive (wait until a provider has proven punctual)")
        at_least_min = replace(at_least_min, time_sensitive=_NEUTRAL_BOOL)
    fits = _raw_score(at_least_min, ctx) >= bar
    if blockers:
        if fits:
            then = " and batch it" if small else ""
            return Verdict.DELEGATE_LATER, f"It fits but is {' and '.join(blockers)}{then}."
        return Verdict.KEEP, f"It is {' and '.join(blockers)}, and would not fit even then."
    if small:
        if fits:
            return Verdict.BATCH, f"Under {low:g} h/week alone: batch it with similar tasks."
        return Verdict.KEEP, f"Under {low:g} h/week and not a fit even with more hours."
    if score >= bar:
        return Verdict.OUTSOURCE, "It fits: hand it off now."
    return Verdict.KEEP, f"Score {score} is under {bar}: not enough is known to fit."


def _score(criteria: Criteria, ctx: _Context, verdict: Verdict) -> int:
    score = _raw_score(criteria, ctx)
    return min(score, ctx.thresholds.outsource_score - 1) if verdict is Verdict.KEEP else score


def _candidates(name: str, thresholds: Thresholds) -> list[bool | str | float]:
    if name == "directions":
        return list(Directions)
    if name != "hours_per_week":
        return [True, False]
    grid = {thresholds.min_weekly_hours}
    grid.update(h / 2 for h in range(1, math.floor(thresholds.full_benefit_hours * 2) + 1))
    return sorted(grid)


def _would_change(criteria: Criteria, ctx: _Context, verdict: Verdict) -> tuple[Flip, ...]:
    """For every answer the user has not given, the answers that would change the verdict.

    Hours are tried on a half-hour grid up to ``full_benefit_hours``; the smallest number of
    hours giving each other verdict is listed.
    """
    flips: list[Flip] = []
    for name in CRITERIA:
        current: Answer[Any] = getattr(criteria, name)
        if current.source is Source.USER:
            continue
        seen = {verdict}
        for value in _candidates(name, ctx.thresholds):
            if value == current.value:
                continue
            changes: dict[str, Any] = {name: said(value)}
            other, _ = _decide(replace(criteria, **changes), ctx)
            if other not in seen:
                seen.add(other)
                flips.append(Flip(name, value, other))
    return tuple(flips)


def _contribution(name: str, answer: Answer[Any], points: float) -> Contribution:
    detail = answer.detail or ("not answered yet" if answer.value is None else "you said so")
    return Contribution(name, answer.value, answer.source, points, detail)


_SAID = {
    "repetitive": ("repetitive", "not repetitive"),
    "time_sensitive": ("time-sensitive", "not time-sensitive"),
    "critical": ("critical", "not critical"),
    "know_how": ("needs your know-how", "no special know-how"),
}


def _describe(c: Contribution) -> str:
    """``not critical``, ``simple directions``, ``3 h/week (estimate 1 h x 3 a week)`` ..."""
    if c.name in _SAID:
        text = _SAID[c.name][0 if c.value else 1]
    elif c.name == "directions":
        text = f"{c.value} directions"
    else:
        text = f"{c.value:g} h/week"
    return f"{text} ({c.detail})" if c.source is Source.INFERRED else text


def _confidence(criteria: Criteria, weights: Weights) -> float:
    known = [getattr(criteria, name).value is not None for name in CRITERIA]
    total = weights.total
    if total == 0:
        return sum(known) / len(CRITERIA)
    return (
        sum(float(getattr(weights, n)) for n, k in zip(CRITERIA, known, strict=True) if k) / total
    )


def _savings_reason(hours: float, rates: Rates, weekly: float, monthly: float) -> str:
    if weekly >= 0:
        return (
            f"Handing off {hours:g} h/week saves {weekly:.2f} a week ({monthly:.2f} a month) "
            f"at {rates.founder_hourly:g}/h for you against {rates.provider_hourly:g}/h."
        )
    return (
        f"At {rates.provider_hourly:g}/h the provider costs more than your {rates.founder_hourly:g}"
        f"/h: handing off {hours:g} h/week would cost {-weekly:.2f} a week (negative savings)."
    )


def assess(
    criteria: Criteria,
    weights: Weights,
    rates: Rates,
    thresholds: Thresholds,
    category: Category,
    track_record: TrackRecord | None = None,
    *,
    explain_flips: bool = True,
) -> Assessment:
    """Score and verdict for one task, with every term and the answers that would flip it.

    Finding those answers re-decides the task some 30 times: ``explain_flips=False`` skips
    it (``would_change`` is then empty) where only the ranking is wanted."""
    ctx = _Context(weights, rates, thresholds, track_record or TrackRecord())
    verdict, why = _decide(criteria, ctx)
    score = _score(criteria, ctx, verdict)
    points = _points(criteria, ctx)
    contributions = tuple(
        _contribution(name, getattr(criteria, name), points[name]) for name in CRITERIA
    )
    reasons = [why]
    pros = [_describe(c) for c in contributions if c.points > 0]
    cons = [_describe(c) for c in contributions if c.points < 0]
    if pros:
        reasons.append("For it: " + "; ".join(pros) + ".")
    if cons:
        reasons.append("Against it: " + "; ".join(cons) + ".")
    hours = criteria.hours_per_week.value
    weekly = monthly = None
    if hours is not None:
        exact = hours * rates.hourly_saving
        weekly, monthly = round(exact, 2), round(exact * WEEKS_PER_MONTH, 2)
        reasons.append(_savings_reason(hours, rates, weekly, monthly))
    confidence = _confidence(criteria, weights)
    unknown = [c.name for c in contributions if c.source is Source.UNKNOWN]
    if unknown:
        reasons.append(
            f"Not known yet: {', '.join(u.replace('_', ' ') for u in unknown)}; "
            "answering raises the confidence "
            f"(now {confidence:.0%})."
        )
    if score < _raw_score(criteria, ctx):
        reasons.append(
            f"The score is held at {score}: a task to keep never outranks one to hand off."
        )
    return Assessment(
        score=score,
        verdict=verdict,
        category=category,
        confidence=confidence,
        contributions=contributions,
        reasons=tuple(reasons),
        hours_per_week=hours,
        weekly_savings=weekly,
        monthly_savings=monthly,
        would_change=_would_change(criteria, ctx, verdict) if explain_flips else (),
    )


TIME_CAP_MARGIN = 1.25
"""A brief's time cap: the expected weekly hours plus a quarter."""


def time_cap_hours(hours_per_week: float | None) -> float | None:
    """Pay for no more than this a week: the expected hours plus a margin, rounded up to
    the next half hour (None when the hours are unknown)."""
    import math

    if hours_per_week is None or hours_per_week <= 0:
        return None
    return math.ceil(hours_per_week * TIME_CAP_MARGIN * 2) / 2


def time_cap_per_instance(hours_per_week: float | None, per_week: float) -> float | None:
    """Pay for no more than this each time recurring work is done: the expected hours of
    one instance plus the same margin, rounded up to the next quarter hour."""
    import math

    if hours_per_week is None or hours_per_week <= 0 or per_week <= 0:
        return None
    return math.ceil(hours_per_week / per_week * TIME_CAP_MARGIN * 4) / 4
