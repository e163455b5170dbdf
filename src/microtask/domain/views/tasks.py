"""Tasks as lists and details show them: with their context, subtree and urgency."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from microtask.domain.model import Status, Task
from microtask.domain.record import mutable_record

if TYPE_CHECKING:
    from microtask.domain.assist import Handoff, HistoryEntry
    from microtask.domain.sessions import Session
    from microtask.domain.urgency import Term


@mutable_record
class TaskList:
    tasks: list[Task]
    context: list[Task]
    total: int


@mutable_record
class TaskDetail:
    task: Task
    subtree: list[Task]  # descendants, parents before children
    ancestors: list[Task]
    terms: list[Term]
    sessions: list[Session] = field(default_factory=list)
    """The task's own sessions, oldest first."""
    history: list[HistoryEntry] = field(default_factory=list)
    """Who changed the task, when, how: the newest changes, oldest first (issue 16)."""
    handoff: Handoff | None = None
    """Its latest delegation with the check-ins and the time tracked on it."""

    @property
    def descendants_done(self) -> tuple[int, int]:
        return sum(1 for t in self.subtree if t.status == Status.DONE), len(self.subtree)

    @property
    def estimate_progress(self) -> tuple[int, int]:
        """Seconds estimated for done leaf steps, and for all leaf steps."""
        leaves = [t for t in self.subtree if not t.subtask_ids and t.status != Status.DROPPED]
        total = sum(t.estimate_seconds or 0 for t in leaves)
        done = sum(t.estimate_seconds or 0 for t in leaves if t.status == Status.DONE)
        return done, total
