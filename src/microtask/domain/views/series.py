"""Series as `list --series` shows them: rule, next due, how they went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from microtask.domain.model import Series


@dataclass(frozen=True)
class SeriesSummary:
    series: Series
    title: str
    """The latest instance's title."""
    current_id: int | None
    """The open instance (``None``: the series ended, or its instance was removed)."""
    next_due: datetime | None
    instances: int
    done: int
    on_time: int
    """Instances done at or before their due."""
    median_focus_seconds: float | None
    """Median focus recorded per done instance (``None``: none done yet)."""


@dataclass(frozen=True)
class SeriesList:
    series: list[SeriesSummary]
