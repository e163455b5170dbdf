"""``tags --json``, ``projects --json``, ``view list --json``: stable keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microtask.domain.labels import NameCount, SavedView


def counts_array(kind: str, counts: Sequence[NameCount]) -> list[dict[str, Any]]:
    """``[{"tag": "web", "open_tasks": 3}, ...]`` (``project`` for projects)."""
    return [{kind: item.name, "open_tasks": item.open_tasks} for item in counts]


def view_object(view: SavedView) -> dict[str, Any]:
    return {"name": view.name, "args": list(view.args)}
