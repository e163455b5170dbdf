"""JSON shapes for providers and delegations (stable keys)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from microtask.domain.delegation import Delegation, Provider, ProviderRecord
from microtask.exporters.task_json import iso, minutes


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
        "cap_minutes": minutes(delegation.cap_seconds),
        "returned": iso(delegation.returned),
        "outcome": delegation.outcome,
        "on_time": delegation.on_time,
        "note": delegation.note,
    }
