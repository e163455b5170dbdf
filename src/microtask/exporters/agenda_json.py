"""The stable JSON shape of ``agenda --json`` (keys are a contract with users' scripts).

Times are ISO 8601 with the local offset; durations are minutes by the rule of
:func:`~microtask.format.json_minutes`, except a session's own ``focus_seconds`` and
``pause_seconds``, kept as stored.
"""

from __future__ import annotations

from typing import Any

from microtask.domain.agenda import Agenda, AgendaBlock, AgendaSession, Difference
from microtask.exporters.task_json import iso
from microtask.format import json_minutes


def _block(item: AgendaBlock) -> dict[str, Any]:
    block = item.block
    return {
        "id": block.id,
        "title": block.title,
        "start": iso(block.start),
        "end": iso(block.end),
        "minutes": json_minutes(item.planned_seconds),
        "task_id": block.task_id,
        "task_title": block.task_title,
        "source": block.source.value,
        "status": item.status,
        "focus_minutes": json_minutes(item.focus_seconds),
        "on_task_minutes": json_minutes(item.on_task_seconds),
        "other_task_ids": list(item.other_tasks),
        "released_minutes": json_minutes(item.released_seconds),
        "released_at": iso(block.released_at),
    }


def _session(item: AgendaSession) -> dict[str, Any]:
    session = item.session
    return {
        "id": session.id,
        "kind": session.kind.value,
        "task_id": session.task_id,
        "task_title": session.task_title,
        "start": iso(session.start),
        "end": iso(session.end),
        "focus_seconds": session.focus_seconds,
        "pause_seconds": session.pause_seconds,
        "outcome": session.outcome.value,
        "block_ids": list(item.in_block_ids),
        "unplanned_minutes": json_minutes(item.unplanned_seconds),
        "block_id": session.block_id,
        "block_title": session.block_title,
        "note": session.note,
    }


def _difference(item: Difference) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "message": item.message,
        "block_id": item.block_id,
        "session_id": item.session_id,
    }


def agenda_object(agenda: Agenda) -> dict[str, Any]:
    return {
        "day": agenda.day_start.astimezone().date().isoformat(),
        "start": iso(agenda.day_start),
        "end": iso(agenda.day_end),
        "planned_minutes": json_minutes(agenda.planned_seconds),
        "focus_minutes": json_minutes(agenda.focus_seconds),
        "on_plan_minutes": json_minutes(agenda.on_plan_seconds),
        "unplanned_minutes": json_minutes(agenda.unplanned_seconds),
        "off_task_minutes": json_minutes(agenda.off_task_seconds),
        "released_minutes": json_minutes(agenda.released_seconds),
        "blocks": [_block(b) for b in agenda.blocks],
        "sessions": [_session(s) for s in agenda.sessions],
        "differences": [_difference(d) for d in agenda.differences],
    }
