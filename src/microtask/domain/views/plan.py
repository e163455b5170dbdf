"""A day plan as `plan` and `today` show it."""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.record import mutable_record, record
from microtask.domain.sessions import Block

if TYPE_CHECKING:
    pass


@record
class PlanRow:
    start: datetime
    end: datetime
    kind: str
    """``work`` or ``break``."""
    task_id: int | None
    title: str | None
    """The task's title for work rows; ``None`` for breaks."""
    remaining_seconds: int | None = None
    """Work rows: what the task still needs (its remaining work, less the time it already
    has in blocks of the window); ``None`` for breaks."""


@record
class Unplanned:
    task_id: int
    title: str
    needed_seconds: int
    """Work the task still needs (its remaining estimate, or one pomodoro)."""
    planned_seconds: int
    """How much of it the plan could place (0 when none)."""


@mutable_record
class PlanView:
    day_start: datetime
    """The planned window, in the user's zone."""
    day_end: datetime
    rows: list[PlanRow]
    does_not_fit: list[Unplanned]
    free_seconds: int
    planned_seconds: int
    applied_block_ids: list[int]
    """Blocks saved by ``--apply`` (empty when only proposed)."""
    busy: list[Block]
    """The existing blocks the plan works around."""
    applied: bool = False
    """Run with ``--apply``."""
    replaces: list[Block] = field(default_factory=list)
    """The blocks of an earlier ``plan --apply`` this plan replaces (deleted by --apply)."""
    keeps: list[Block] = field(default_factory=list)
    """The blocks of an earlier ``plan --apply`` this plan proposes again, as they are."""
