"""JSON for two people on one store (issue 16): hand-offs with their check-ins, and the
provider figures. Times ISO 8601, durations in minutes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from microtask.domain.assist import Handoff, ProviderFigures
from microtask.exporters.task_json import iso
from microtask.format import json_minutes


def handoff_object(handoff: Handoff, now: datetime | None = None) -> dict[str, Any]:
    from microtask.exporters.outsource_json import delegation_object

    done, total = handoff.steps_done
    return {
        **delegation_object(handoff.delegation),
        "notes": handoff.notes,
        "steps": [
            {"id": step.id, "title": step.title, "status": step.status.value}
            for step in handoff.steps
        ],
        "steps_done": done,
        "steps_total": total,
        "procedure": handoff.procedure,
        "check_in_due": iso(handoff.check_in_due),
        "check_in_overdue": None if now is None else handoff.check_in_overdue(now),
        "tracked_minutes": json_minutes(handoff.tracked_seconds),
        "over_cap": handoff.over_cap,
        "check_ins": [
            {
                "at": iso(c.at),
                "user": c.user,
                "text": c.text,
                "done_steps": c.done_steps,
            }
            for c in handoff.check_ins
        ],
    }


def figures_object(figures: ProviderFigures | None) -> dict[str, Any]:
    if figures is None:
        return {}
    redo = figures.redo_rate
    return {
        "user": figures.user,
        "handbacks": figures.handbacks,
        "redo_rate": None if redo is None else round(redo, 4),
        "median_check_in_minutes": json_minutes(figures.median_response_seconds),
        "check_ins_answered": len(figures.responses_seconds),
        "tracked_against_caps_minutes": json_minutes(figures.capped_tracked_seconds),
        "caps_minutes": json_minutes(figures.cap_seconds),
        "over_cap_count": figures.over_cap,
        "check_ins_overdue": figures.check_ins_overdue,
    }
