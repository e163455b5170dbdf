"""Urgency: a sum of coefficient x factor terms, in the manner of Taskwarrior.

Every term is kept with its factor and coefficient so ``show`` can explain the total.
The same formula is compiled to SQL in ``db/urgency_sql.py`` so lists sort in the
database; a test checks that both agree.
"""

from __future__ import annotations

from dataclasses import field

from microtask.domain.model import Priority
from microtask.domain.record import record

DAY = 86_400.0


@record
class UrgencyCoefficients:
    priority_urgent: float = 9.0
    priority_high: float = 6.0
    priority_medium: float = 3.9
    priority_low: float = 1.8
    due: float = 12.0
    due_ramp_days: float = 14.0
    overdue: float = 3.0
    overdue_ramp_days: float = 7.0
    age: float = 2.0
    age_max_days: float = 365.0
    tags: float = 1.0
    project: float = 1.0
    blocking: float = 8.0
    blocked: float = -5.0
    tag: dict[str, float] = field(default_factory=lambda: {"next": 15.0})
    project_bonus: dict[str, float] = field(default_factory=dict)

    def priority(self, priority: Priority) -> float:
        return {
            Priority.URGENT: self.priority_urgent,
            Priority.HIGH: self.priority_high,
            Priority.MEDIUM: self.priority_medium,
            Priority.LOW: self.priority_low,
        }[priority]


@record
class UrgencyFacts:
    """What urgency depends on; times are UTC epoch seconds."""

    priority: Priority
    due_ts: float | None
    created_ts: float
    tags: tuple[str, ...]
    project: str | None
    has_open_subtasks: bool
    has_open_parent: bool
    waits_on_open: bool = False
    """It comes after an open task (``--after``)."""
    holds_up_open: bool = False
    """An open task comes after it."""


@record
class Term:
    name: str
    factor: float
    coefficient: float
    detail: str

    @property
    def value(self) -> float:
        return self.factor * self.coefficient


def due_factor(due_ts: float, now_ts: float, ramp_days: float) -> float:
    """0.2 when due ``ramp_days`` or more away, rising linearly to 1.0 at the due time."""
    days_left = (due_ts - now_ts) / DAY
    if days_left <= 0:
        return 1.0
    if days_left >= ramp_days:
        return 0.2
    return 1.0 - 0.8 * days_left / ramp_days


def overdue_factor(due_ts: float, now_ts: float, ramp_days: float) -> float:
    """0 until the due time passes, rising linearly to 1.0 after ``ramp_days`` overdue."""
    days_over = (now_ts - due_ts) / DAY
    if days_over <= 0:
        return 0.0
    return min(days_over / ramp_days, 1.0)


def tags_factor(count: int) -> float:
    return {0: 0.0, 1: 0.8, 2: 0.9}.get(count, 1.0)


def urgency_terms(
    facts: UrgencyFacts, now_ts: float, coefficients: UrgencyCoefficients
) -> list[Term]:
    """Every non-zero term of the urgency of a task, largest contributors first."""
    c = coefficients
    terms = [Term("priority", 1.0, c.priority(facts.priority), facts.priority.value)]
    if facts.due_ts is not None:
        days = (facts.due_ts - now_ts) / DAY
        when = f"due in {days:.1f} days" if days >= 0 else f"{-days:.1f} days overdue"
        terms.append(Term("due", due_factor(facts.due_ts, now_ts, c.due_ramp_days), c.due, when))
        over = overdue_factor(facts.due_ts, now_ts, c.overdue_ramp_days)
        if over > 0:
            terms.append(Term("overdue", over, c.overdue, when))
    age_days = max(now_ts - facts.created_ts, 0.0) / DAY
    terms.append(
        Term("age", min(age_days / c.age_max_days, 1.0), c.age, f"{age_days:.0f} days old")
    )
    if facts.tags:
        terms.append(
            Term("tags", tags_factor(len(facts.tags)), c.tags, f"{len(facts.tags)} tag(s)")
        )
        for tag in facts.tags:
            if tag in c.tag:
                terms.append(Term(f"tag:{tag}", 1.0, c.tag[tag], f"tagged {tag}"))
    if facts.project:
        terms.append(Term("project", 1.0, c.project, f"in project {facts.project}"))
        if facts.project in c.project_bonus:
            terms.append(
                Term(
                    f"project:{facts.project}",
                    1.0,
                    c.project_bonus[facts.project],
                    f"project {facts.project}",
                )
            )
    if facts.has_open_parent or facts.holds_up_open:
        held = [
            why
            for why, given in (
                ("its open parent task", facts.has_open_parent),
                ("open tasks that come after it", facts.holds_up_open),
            )
            if given
        ]
        terms.append(Term("blocking", 1.0, c.blocking, "holds up " + " and ".join(held)))
    if facts.has_open_subtasks or facts.waits_on_open:
        waits = [
            why
            for why, given in (
                ("its open subtasks", facts.has_open_subtasks),
                ("the open tasks it comes after", facts.waits_on_open),
            )
            if given
        ]
        terms.append(Term("blocked", 1.0, c.blocked, "waits on " + " and ".join(waits)))
    kept = [t for t in terms if t.value != 0.0]
    return sorted(kept, key=lambda t: -abs(t.value))


def urgency(facts: UrgencyFacts, now_ts: float, coefficients: UrgencyCoefficients) -> float:
    return round(sum(t.value for t in urgency_terms(facts, now_ts, coefficients)), 2)
