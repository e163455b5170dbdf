"""The urgency formula of ``domain/urgency.py`` in SQL, so lists sort and limit inside the
database instead of loading every open task into Python.

Urgency is split in two. The *static* part (priority, tags, project, blocking, blocked)
changes only when a task or its neighbours are written: it is stored in
``tasks.urgency_static`` and indexed. The *dynamic* part (due, overdue, age) moves with
the clock and is computed at query time from the row alone. Portable SQL (CASE, EXISTS,
subqueries); a test checks it against the domain formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from microtask.domain.urgency import DAY, UrgencyCoefficients


def fingerprint(coefficients: UrgencyCoefficients) -> str:
    """Changes whenever a coefficient that the stored static part depends on changes."""
    return repr(sorted(asdict(coefficients).items()))


def _case_of(column: str, values: dict[str, float], prefix: str, params: dict[str, Any]) -> str:
    """``CASE column WHEN name THEN value ... ELSE 0 END``, names and values as parameters."""
    whens = []
    for index, (name, value) in enumerate(sorted(values.items())):
        params[f"{prefix}{index}"] = name
        params[f"{prefix}c{index}"] = value
        whens.append(f"WHEN :{prefix}{index} THEN :{prefix}c{index}")
    return f"CASE {column} {' '.join(whens)} ELSE 0.0 END"


def static_sql(coefficients: UrgencyCoefficients, alias: str = "t") -> tuple[str, dict[str, Any]]:
    """An SQL expression for the static part of the urgency of row ``alias`` of ``tasks``."""
    c = coefficients
    t = alias
    params: dict[str, Any] = {
        "s_pu": c.priority_urgent,
        "s_ph": c.priority_high,
        "s_pm": c.priority_medium,
        "s_pl": c.priority_low,
        "s_tags": c.tags,
        "s_project": c.project,
        "s_blocking": c.blocking,
        "s_blocked": c.blocked,
    }
    parts = [
        f"CASE {t}.priority WHEN 'urgent' THEN :s_pu WHEN 'high' THEN :s_ph "
        f"WHEN 'medium' THEN :s_pm ELSE :s_pl END",
        f"CASE (SELECT count(*) FROM task_tags ut WHERE ut.task_id = {t}.id) "
        f"WHEN 0 THEN 0.0 WHEN 1 THEN 0.8 * :s_tags WHEN 2 THEN 0.9 * :s_tags "
        f"ELSE :s_tags END",
        f"CASE WHEN {t}.project IS NULL THEN 0.0 ELSE :s_project END",
        f"CASE WHEN EXISTS (SELECT 1 FROM tasks up WHERE up.id = {t}.parent_id "
        f"AND up.status = 'open') OR EXISTS (SELECT 1 FROM task_deps ud JOIN tasks uw "
        f"ON uw.id = ud.task_id WHERE ud.after_id = {t}.id AND (uw.status || '') = 'open') "
        f"THEN :s_blocking ELSE 0.0 END",
        # `uc.status || ''`: not indexable, so the lookup goes by parent (ix_tasks_parent);
        # by status it would scan every open task for each row (quadratic at 100k tasks).
        # Dependencies (issue 13) go by the task_deps key, then the prerequisite's id.
        f"CASE WHEN EXISTS (SELECT 1 FROM tasks uc WHERE uc.parent_id = {t}.id "
        f"AND (uc.status || '') = 'open') OR EXISTS (SELECT 1 FROM task_deps ub JOIN tasks ua "
        f"ON ua.id = ub.after_id WHERE ub.task_id = {t}.id AND (ua.status || '') = 'open') "
        f"THEN :s_blocked ELSE 0.0 END",
    ]
    if c.tag:
        case = _case_of("ut2.tag", c.tag, "s_tag", params)
        parts.append(
            f"COALESCE((SELECT sum({case}) FROM task_tags ut2 WHERE ut2.task_id = {t}.id), 0.0)"
        )
    if c.project_bonus:
        parts.append(_case_of(f"{t}.project", c.project_bonus, "s_proj", params))
    return " + ".join(f"({p})" for p in parts), params


def lone_static(
    coefficients: UrgencyCoefficients, priority: str, tags: Sequence[str], project: str | None
) -> float | None:
    """What :func:`static_sql` gives a task with no parent, steps or links (a task just
    inserted, with these distinct tags), computed here with the same operations in the same
    order, so the stored number is the same to the last bit; None when SQL's ``sum`` of two
    or more tag bonuses might round otherwise (the caller then leaves it to the SQL).
    An import of 100,000 tasks stores their urgency with their rows instead of rewriting
    every row again (a second of 6)."""
    c = coefficients
    bonus = 0.0
    if c.tag:
        bonuses = [c.tag[tag] for tag in tags if tag in c.tag]
        if len(bonuses) > 1:
            return None
        if bonuses:
            bonus = bonuses[0]
    value = (
        (
            c.priority_urgent
            if priority == "urgent"
            else c.priority_high
            if priority == "high"
            else c.priority_medium
            if priority == "medium"
            else c.priority_low
        )
        + (
            0.0
            if not tags
            else 0.8 * c.tags
            if len(tags) == 1
            else 0.9 * c.tags
            if len(tags) == 2
            else c.tags
        )
        + (0.0 if project is None else c.project)
        + 0.0  # blocking: no parent, nothing waits on it
        + 0.0  # blocked: no steps, it waits on nothing
    )
    if c.tag:
        value += bonus
    if c.project_bonus:
        value += 0.0 if project is None else c.project_bonus.get(project, 0.0)
    return value


def dynamic_sql(
    coefficients: UrgencyCoefficients, now_ts: int, alias: str = "t"
) -> tuple[str, dict[str, Any]]:
    """An SQL expression for the time-dependent part (due, overdue, age) of row ``alias``."""
    c = coefficients
    t = alias
    params: dict[str, Any] = {
        "u_now": now_ts,
        "u_due": c.due,
        "u_due_span": c.due_ramp_days * DAY,
        "u_over": c.overdue,
        "u_over_span": c.overdue_ramp_days * DAY,
        "u_age": c.age,
        "u_age_span": c.age_max_days * DAY,
    }
    parts = [
        f"CASE WHEN {t}.due_ts IS NULL THEN 0.0 "
        f"WHEN {t}.due_ts <= :u_now THEN :u_due "
        f"WHEN {t}.due_ts - :u_now >= :u_due_span THEN 0.2 * :u_due "
        f"ELSE (1.0 - 0.8 * ({t}.due_ts - :u_now) / :u_due_span) * :u_due END",
        f"CASE WHEN {t}.due_ts IS NULL OR {t}.due_ts >= :u_now THEN 0.0 "
        f"WHEN :u_now - {t}.due_ts >= :u_over_span THEN :u_over "
        f"ELSE (:u_now - {t}.due_ts) / :u_over_span * :u_over END",
        f"CASE WHEN {t}.created_ts >= :u_now THEN 0.0 "
        f"WHEN :u_now - {t}.created_ts >= :u_age_span THEN :u_age "
        f"ELSE (:u_now - {t}.created_ts) / :u_age_span * :u_age END",
    ]
    return " + ".join(f"({p})" for p in parts), params


def dynamic_bounds(coefficients: UrgencyCoefficients) -> tuple[float, float]:
    """The least and the most the dynamic part can add (each factor lies in [0, 1])."""
    c = coefficients
    terms = (c.due, c.overdue, c.age)
    return sum(min(0.0, x) for x in terms), sum(max(0.0, x) for x in terms)


def far_dynamic_most(coefficients: UrgencyCoefficients) -> float:
    """The most the dynamic part adds to a task with no due date, or due a whole ramp away
    or later: a fifth of the due term at most, no overdue term, the age term."""
    c = coefficients
    return max(0.0, 0.2 * c.due) + max(0.0, c.age)


def reaching(
    coefficients: UrgencyCoefficients, now_ts: int, nth_best: float, alias: str = "t"
) -> tuple[str, dict[str, Any]]:
    """WHERE terms a row must meet to reach an urgency of ``nth_best``, and their
    parameters: its static part plus the most the dynamic part can add (a range on the
    (status, urgency_static) index), and, unless it is due within the due ramp, plus the
    far less a task due later or never can add (checked on the row). What ``list --limit``,
    ``next`` and the triage queue score is cut to that (at 1,000,000 tasks the second term
    alone took a third of `next`'s time off)."""
    _, most = dynamic_bounds(coefficients)
    t = alias
    return (
        f"{t}.urgency_static >= :b_static_min"
        f" AND ({t}.due_ts <= :b_due_soon OR {t}.urgency_static >= :b_static_far)",
        {
            "b_static_min": nth_best - most - 0.02,  # 0.02: room for rounding to 2 decimals
            "b_static_far": nth_best - far_dynamic_most(coefficients) - 0.02,
            "b_due_soon": now_ts + coefficients.due_ramp_days * DAY,
        },
    )


def urgency_sql(
    coefficients: UrgencyCoefficients, now_ts: int, alias: str = "t"
) -> tuple[str, dict[str, Any]]:
    """The full urgency of row ``alias``: stored static part + dynamic part, rounded.

    ``CAST(... AS NUMERIC)``: PostgreSQL rounds to decimal places only a numeric (it has no
    ``round(double precision, integer)``); SQLite takes it as the same number."""
    dynamic, params = dynamic_sql(coefficients, now_ts, alias)
    return f"ROUND(CAST({alias}.urgency_static + {dynamic} AS NUMERIC), 2)", params
