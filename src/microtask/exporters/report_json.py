"""The stable JSON shape of a report (keys are a contract with users' scripts).

Durations are minutes by the rule of :func:`~microtask.format.json_minutes`, money by
:func:`~microtask.format.json_money`, dates ISO 8601; a figure that cannot be computed (no
tasks compared, nothing done) is ``null``, never a division by zero.
"""

from __future__ import annotations

from typing import Any

from microtask.domain.report import Report
from microtask.exporters.task_json import iso
from microtask.format import json_minutes, json_money


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def report_object(report: Report) -> dict[str, Any]:
    period, estimates, flow, hand_off = (
        report.period,
        report.estimates,
        report.flow,
        report.hand_off,
    )
    total = report.focus_seconds
    return {
        "period": {
            "kind": period.kind.value,
            "label": period.label,
            "from": period.first_day.isoformat(),
            "to": period.last_day.isoformat(),
            "start": iso(period.start),
            "end": iso(period.end),
            "zone": period.zone,
            "days": period.days,
            "hours": round((period.end - period.start).total_seconds() / 3600, 2),
        },
        "generated_at": iso(report.generated_at),
        "by": report.by.value,
        "focus_minutes": json_minutes(total),
        "sessions": report.sessions,
        "pomodoros": {
            "completed": report.pomodoros_completed,
            "interrupted": report.pomodoros_interrupted,
        },
        "streak": {
            "days": report.streak.days,
            "from": None
            if report.streak.first_day is None
            else report.streak.first_day.isoformat(),
            "to": None if report.streak.last_day is None else report.streak.last_day.isoformat(),
        },
        "groups": [
            {
                "key": group.key,
                "label": group.label,
                "task_id": group.task_id,
                "focus_minutes": json_minutes(group.focus_seconds),
                "share": round(group.focus_seconds / total, 4) if total > 0 else None,
                "sessions": group.sessions,
                "pomodoros_completed": group.pomodoros_completed,
            }
            for group in report.groups
        ],
        "days": [
            {
                "date": day.day.isoformat(),
                "hours": round(day.length_seconds / 3600, 2),
                "focus_minutes": json_minutes(day.focus_seconds),
                "pomodoros_completed": day.pomodoros_completed,
                "pomodoros_interrupted": day.pomodoros_interrupted,
            }
            for day in report.days
        ],
        "estimates": {
            "finished": estimates.finished,
            "compared": len(estimates.rows),
            "without_estimate": estimates.without_estimate,
            "without_focus": estimates.without_focus,
            "estimate_minutes": json_minutes(estimates.estimate_seconds),
            "actual_minutes": json_minutes(estimates.actual_seconds),
            "ratio": _ratio(estimates.overall_ratio),
            "median_ratio": _ratio(estimates.median_ratio),
            "tasks": [
                {
                    "id": row.task_id,
                    "title": row.title,
                    "estimate_minutes": json_minutes(row.estimate_seconds),
                    "actual_minutes": json_minutes(row.actual_seconds),
                    "ratio": _ratio(row.ratio),
                }
                for row in estimates.rows
            ],
        },
        "flow": {
            "created": flow.created,
            "done": flow.done,
            "dropped": flow.dropped,
            "average_age_days": None
            if flow.average_age_seconds is None
            else round(flow.average_age_seconds / 86_400, 2),
            "overdue": flow.overdue,
            "done_late": flow.done_late,
        },
        "outsourcing": {
            "focus_minutes": json_minutes(hand_off.focus_seconds),
            "hours": round(hand_off.focus_seconds / 3600, 2),
            "saving": json_money(hand_off.saving),
            "founder_hourly": hand_off.founder_hourly,
            "provider_rate": hand_off.provider_rate,
            "by_verdict": {
                verdict: json_minutes(seconds)
                for verdict, seconds in sorted(hand_off.seconds_by_verdict().items())
            },
            "tasks_scored": hand_off.tasks_scored,
            "tasks_unscored": hand_off.tasks_unscored,
            "unscored_minutes": json_minutes(hand_off.unscored_seconds),
            "tasks": [
                {
                    "id": line.task_id,
                    "title": line.title,
                    "verdict": line.verdict,
                    "focus_minutes": json_minutes(line.focus_seconds),
                    "saving": json_money(line.saving),
                }
                for line in hand_off.lines
            ],
        },
    }
