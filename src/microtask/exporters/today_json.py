"""The stable JSON shape of `today --json` (keys are a contract; see docs/today.md).

Tasks, blocks, the plan, the next task, check-ins and what runs now keep the shapes of
`list --json`, `block list --json`, `plan --json`, `next --json`, `delegate --json` and
`status --json`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from microtask.exporters.task_json import iso
from microtask.format import json_minutes

if TYPE_CHECKING:
    from microtask.domain.views.today import TodayView


def today_object(view: TodayView) -> dict[str, Any]:
    from microtask.exporters.assist_json import handoff_object
    from microtask.exporters.focus_json import block_object, plan_object, status_object
    from microtask.exporters.outsource_json import delegation_object
    from microtask.exporters.task_json import detail_object, task_object

    pomodoros = view.pomodoros
    return {
        "date": view.day.isoformat(),
        "now": iso(view.now),
        "running": None if view.running is None else status_object(view.running),
        "overdue": [task_object(t) for t in view.overdue],
        "overdue_count": view.overdue_count,
        "due_today": [task_object(t) for t in view.due_today],
        "due_today_count": view.due_today_count,
        "blocks": [block_object(b) for b in view.blocks],
        "plan": None if view.plan is None else plan_object(view.plan),
        "next": None if view.next is None else detail_object(view.next),
        "pomodoros": {
            "completed": pomodoros.completed,
            "interrupted": pomodoros.interrupted,
            "goal": pomodoros.goal or None,
            "focus_minutes": json_minutes(pomodoros.focus_seconds),
        },
        "check_ins": [delegation_object(d) for d in view.check_ins],
        "over_cap": [handoff_object(h, view.now) for h in view.over_cap],
        "check_in_reports": [handoff_object(h, view.now) for h in view.reports],
    }
