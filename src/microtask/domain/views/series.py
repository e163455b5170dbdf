"""Series as `list --series` shows them: rule, next due, how they went."""

from __future__ import annotations

from datetime import datetime

from microtask.domain.model import Series
from microtask.domain.record import record
from microtask.domain.steps import Step


@record
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


@record
class SeriesList:
    series: list[SeriesSummary]


@record
class ProcedureView:
    """A series' procedure (``microtask procedure``): its steps, open, in order."""

    series: Series
    task_id: int
    title: str
    steps: tuple[Step, ...]
    changed: bool = False
    """Written by this command (``--edit``/``--from``), not only read."""
