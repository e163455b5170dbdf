"""The stable JSON shapes of sessions, blocks, runs and plans (keys are a contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from microtask.exporters.task_json import iso
from microtask.format import json_minutes

if TYPE_CHECKING:
    from microtask.domain.sessions import Block, FocusStatus, Session
    from microtask.domain.views.plan import PlanView
    from microtask.domain.views.runs import RunSummary, Stopped


def session_object(session: Session) -> dict[str, Any]:
    return {
        "id": session.id,
        "kind": session.kind.value,
        "task_id": session.task_id,
        "block_id": session.block_id,
        "start": iso(session.start),
        "end": iso(session.end),
        "focus_seconds": round(session.focus_seconds, 3),
        "pause_seconds": round(session.pause_seconds, 3),
        "outcome": session.outcome.value,
    }


def listed_session_object(session: Session) -> dict[str, Any]:
    """``session list --json`` (and ``session add/edit --json``): the contract keys."""
    end = session.end if session.end is not None else session.start
    return {
        "id": session.id,
        "task_id": session.task_id,
        "title": session.task_title,
        "start": iso(session.start),
        "end": iso(session.end),
        "minutes": json_minutes(max((end - session.start).total_seconds(), 0.0)),
        "kind": session.kind.value,
        "note": session.note,
    }


def block_object(block: Block) -> dict[str, Any]:
    return {
        "id": block.id,
        "title": block.title,
        "start": iso(block.start),
        "end": iso(block.end),
        "minutes": json_minutes(block.seconds),
        "task_id": block.task_id,
        "task_title": block.task_title,
        "source": block.source.value,
    }


def summary_object(summary: RunSummary) -> dict[str, Any]:
    task = summary.task
    return {
        "kind": summary.kind.value,
        "task_id": None if task is None else task.id,
        "task_title": None if task is None else task.title,
        "started": iso(summary.started),
        "ended": iso(summary.ended),
        "focus_seconds": round(summary.focus_seconds, 3),
        "focus_minutes": json_minutes(summary.focus_seconds),
        "pause_seconds": round(summary.pause_seconds, 3),
        "pomodoros_completed": summary.completed,
        "pomodoros_interrupted": summary.interrupted,
        "stopped_early": summary.stopped_early,
        "estimate_minutes": None if task is None else json_minutes(task.estimate_seconds),
        "estimate_left_minutes": json_minutes(summary.estimate_left_seconds),
        "task_focus_minutes": None if task is None else json_minutes(task.focus_seconds),
        "sessions": [session_object(s) for s in summary.sessions],
    }


def status_object(status: FocusStatus) -> dict[str, Any]:
    activity = status.activity
    if activity is None:
        return {"running": False}
    return {
        "running": True,
        "kind": activity.kind.value,
        "task_id": activity.task_id,
        "task_title": activity.task_title,
        "block_id": activity.block_id,
        "phase": activity.phase,
        "paused": activity.paused,
        "cycle": activity.cycle,
        "cycles": activity.cycles,
        "started": iso(activity.started),
        "elapsed_seconds": round(status.elapsed_seconds, 3),
        "remaining_seconds": (
            None if status.remaining_seconds is None else round(status.remaining_seconds, 3)
        ),
        "focus_seconds": round(status.focus_seconds, 3),
        "pid": activity.pid,
        "heartbeat": iso(activity.heartbeat),
    }


def plan_object(plan: PlanView) -> dict[str, Any]:
    return {
        "day": plan.day_start.date().isoformat(),
        "from": iso(plan.day_start),
        "to": iso(plan.day_end),
        "free_minutes": json_minutes(plan.free_seconds),
        "planned_minutes": json_minutes(plan.planned_seconds),
        "slots": [
            {
                "start": iso(row.start),
                "end": iso(row.end),
                "minutes": json_minutes(int((row.end - row.start).total_seconds())),
                "kind": row.kind,
                "task_id": row.task_id,
                "title": row.title,
                "remaining_minutes": (
                    None if row.remaining_seconds is None else json_minutes(row.remaining_seconds)
                ),
            }
            for row in plan.rows
        ],
        "does_not_fit": [
            {
                "id": entry.task_id,
                "title": entry.title,
                "needed_minutes": json_minutes(entry.needed_seconds),
                "planned_minutes": json_minutes(entry.planned_seconds),
            }
            for entry in plan.does_not_fit
        ],
        "busy": [block_object(b) for b in plan.busy],
        "replaces": [block_object(b) for b in plan.replaces],
        "applied": bool(plan.applied_block_ids) or (plan.applied and bool(plan.replaces)),
        "block_ids": list(plan.applied_block_ids),
    }


def stopped_object(stopped: Stopped) -> dict[str, Any]:
    """``stop --json``: what stopped, and the tracking session it closed (if it was one)."""
    session = stopped.session
    return {
        "stopped": stopped.activity.kind.value,
        "task_id": stopped.activity.task_id,
        "session": None if session is None else session_object(session),
    }
