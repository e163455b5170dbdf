"""The outsourcing advisor's results as the tables and exports show them, and a hand-off."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.model import Task
from microtask.domain.record import record

if TYPE_CHECKING:
    from microtask.domain.delegation import Delegation
    from microtask.domain.outsourcing import Assessment
    from microtask.domain.steps import Step


@record
class CandidateRow:
    """One outsourcing candidate as the exports show it (``export outsource``)."""

    id: int
    title: str
    verdict: str
    """``outsource``, ``automate``, ``delegate-later``, ``batch`` or ``keep``."""
    score: int
    """0 to 100."""
    category: str
    """``BPO``, ``KPO``, ``TSO`` or ``VA``."""
    hours_per_week: float | None
    weekly_savings: float | None
    monthly_savings: float | None
    time_cap_hours: float | None
    """Pay for no more than this per week (expected hours plus a margin)."""
    steps: tuple[str, ...]
    """The task's subtasks' titles, in order (empty when it has none)."""
    reasons: tuple[str, ...]
    """Why it is a candidate, one sentence each."""
    acceptance: str | None
    """Acceptance criteria: the task's notes."""
    confidence: float
    """0 to 1: how many of the criteria are known."""
    project: str | None = None
    tags: tuple[str, ...] = ()
    frequency: str | None = None
    """A recurring task's rule (``every week``); ``None`` for a one-off task."""
    procedure: tuple[Step, ...] = ()
    """A recurring task's procedure: the written instructions, followed each time."""
    cap_per_instance_hours: float | None = None
    """Pay for no more than this each time (a recurring task's expected instance + margin)."""


@record
class CandidateWeek:
    """The weekly candidate list: ISO week and the candidates, best first."""

    year: int
    week: int
    start: datetime
    end: datetime
    candidates: tuple[CandidateRow, ...]
    generated: datetime


@record
class Scored:
    """A task with its outsourcing assessment (``score``, ``outsource``)."""

    task: Task
    assessment: Assessment
    category_reason: str
    """Why the category: the words that matched, or 'you said so'."""


@record
class Delegated:
    """A task handed off, and what to watch for."""

    delegation: Delegation
    warnings: tuple[str, ...]


@record
class CandidateList:
    """``outsource``: the open tasks ranked for handing off, of which the best are shown
    in full; the totals are over every task ranked."""

    shown: tuple[Scored, ...]
    """The best ``--limit`` (every one for ``--json``), best first."""
    total: int
    hours_per_week: float
    weekly_savings: float
