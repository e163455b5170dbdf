"""JSON shapes for assessments, providers and delegations (stable keys)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from microtask.domain.delegation import Delegation, Provider, ProviderRecord
from microtask.exporters.task_json import iso
from microtask.format import json_minutes, json_money

if TYPE_CHECKING:
    from microtask.domain.views.outsourcing import Delegated, Scored


def provider_object(provider: Provider) -> dict[str, Any]:
    return {
        "id": provider.id,
        "name": provider.name,
        "kind": provider.kind,
        "rate": provider.rate,
        "started": iso(provider.started),
    }


def record_object(record: ProviderRecord, now: datetime) -> dict[str, Any]:
    rate = record.on_time_rate
    return {
        **provider_object(record.provider),
        "handed_off": record.handed_off,
        "open": record.open,
        "done": record.done,
        "redo": record.redo,
        "on_time": record.on_time,
        "late": record.late,
        "on_time_rate": None if rate is None else round(rate, 4),
        "on_trial": record.on_trial(now),
        "trial_ends": iso(record.trial_ends),
    }


def delegation_object(delegation: Delegation) -> dict[str, Any]:
    return {
        "id": delegation.id,
        "task_id": delegation.task_id,
        "task_title": delegation.task_title,
        "provider": delegation.provider.name,
        "delegated": iso(delegation.delegated),
        "check_in": iso(delegation.check_in),
        "cap_minutes": json_minutes(delegation.cap_seconds),
        "returned": iso(delegation.returned),
        "outcome": delegation.outcome,
        "on_time": delegation.on_time,
        "note": delegation.note,
    }


def assessment_object(scored: Scored, with_flips: bool = True) -> dict[str, Any]:
    """``score --json`` (and, without ``would_change``, each item of ``outsource --json``):
    keys are a contract."""
    task, assessment = scored.task, scored.assessment
    result: dict[str, Any] = {
        "id": task.id,
        "title": task.title,
        "score": assessment.score,
        "verdict": assessment.verdict.value,
        "category": assessment.category.value,
        "category_reason": scored.category_reason,
        "confidence": round(assessment.confidence, 4),
        "hours_per_week": (
            None if assessment.hours_per_week is None else round(assessment.hours_per_week, 2)
        ),
        "weekly_savings": json_money(assessment.weekly_savings),
        "monthly_savings": json_money(assessment.monthly_savings),
        "criteria": {
            c.name: {
                "value": c.value,
                "source": c.source.value,
                "contribution": round(c.points, 2),
                "detail": c.detail,
            }
            for c in assessment.contributions
        },
        "reasons": list(assessment.reasons),
    }
    if with_flips:
        result["would_change"] = [
            {"criterion": f.criterion, "value": f.value, "verdict": f.verdict.value}
            for f in assessment.would_change
        ]
    return result


def delegated_object(result: Delegated) -> dict[str, Any]:
    """``delegate --json``: the delegation, and the warnings about it."""
    return {**delegation_object(result.delegation), "warnings": list(result.warnings)}
