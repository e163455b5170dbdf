"""The urgency formula of ``domain/urgency.py`` as one SQL expression, so lists sort and
limit inside the database instead of loading every open task into Python.

Portable SQL (CASE, EXISTS, subqueries); a test checks it against the domain formula.
"""

from __future__ import annotations

from typing import Any

from microtask.domain.urgency import DAY, UrgencyCoefficients


def urgency_sql(
    coefficients: UrgencyCoefficients, now_ts: int, alias: str = "t"
) -> tuple[str, dict[str, Any]]:
    """An SQL expression for the urgency of row ``alias`` of ``tasks``, and its parameters."""
    c = coefficients
    t = alias
    params: dict[str, Any] = {
        "u_now": now_ts,
        "u_pu": c.priority_urgent,
        "u_ph": c.priority_high,
        "u_pm": c.priority_medium,
        "u_pl": c.priority_low,
        "u_due": c.due,
        "u_due_span": c.due_ramp_days * DAY,
        "u_over": c.overdue,
        "u_over_span": c.overdue_ramp_days * DAY,
        "u_age": c.age,
        "u_age_span": c.age_max_days * DAY,
        "u_tags": c.tags,
        "u_project": c.project,
        "u_blocking": c.blocking,
        "u_blocked": c.blocked,
    }
    parts = [
        f"CASE {t}.priority WHEN 'urgent' THEN :u_pu WHEN 'high' THEN :u_ph "
        f"WHEN 'medium' THEN :u_pm ELSE :u_pl END",
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
        f"CASE (SELECT count(*) FROM task_tags ut WHERE ut.task_id = {t}.id) "
        f"WHEN 0 THEN 0.0 WHEN 1 THEN 0.8 * :u_tags WHEN 2 THEN 0.9 * :u_tags "
        f"ELSE :u_tags END",
        f"CASE WHEN {t}.project IS NULL THEN 0.0 ELSE :u_project END",
        f"CASE WHEN EXISTS (SELECT 1 FROM tasks up WHERE up.id = {t}.parent_id "
        f"AND up.status = 'open') THEN :u_blocking ELSE 0.0 END",
        f"CASE WHEN EXISTS (SELECT 1 FROM tasks uc WHERE uc.parent_id = {t}.id "
        f"AND uc.status = 'open') THEN :u_blocked ELSE 0.0 END",
    ]
    if c.tag:
        whens = []
        for index, (tag, value) in enumerate(sorted(c.tag.items())):
            params[f"u_tag{index}"] = tag
            params[f"u_tagc{index}"] = value
            whens.append(f"WHEN :u_tag{index} THEN :u_tagc{index}")
        parts.append(
            f"COALESCE((SELECT sum(CASE ut2.tag {' '.join(whens)} ELSE 0.0 END) "
            f"FROM task_tags ut2 WHERE ut2.task_id = {t}.id), 0.0)"
        )
    if c.project_bonus:
        whens = []
        for index, (project, value) in enumerate(sorted(c.project_bonus.items())):
            params[f"u_proj{index}"] = project
            params[f"u_projc{index}"] = value
            whens.append(f"WHEN :u_proj{index} THEN :u_projc{index}")
        parts.append(f"CASE {t}.project {' '.join(whens)} ELSE 0.0 END")
    expression = "ROUND(" + " + ".join(f"({p})" for p in parts) + ", 2)"
    return expression, params
