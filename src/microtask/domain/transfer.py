"""Tasks moving in from other tools: what an importer read, what it could not, and what an
import did. Pure: the importers build these from text, the service stores them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.record import mutable_record, record

if TYPE_CHECKING:
    from microtask.domain.edits import NewTask


@dataclass(slots=True)
class Imported:
    """One task read from a file: ``task.uuid`` set when the source names one (then a
    re-import updates the task it made instead of adding another). A value, as
    :class:`NewTask` is (and, as it, not frozen for speed)."""

    task: NewTask
    where: str
    """Where it was read: ``record 12`` or ``line 12``, for messages."""
    parent_uuid: str | None = None
    """The task it is a step of, when the file says (found by UUID once all are in)."""
    after_uuids: tuple[str, ...] = ()
    """The tasks it comes after (``--after``), by UUID."""
    every: str | None = None
    """A recurrence (``--every`` SPEC) the source gives it: it starts a series."""
    until: datetime | None = None


@record
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@mutable_record
class Reading:
    """Everything an importer made of a file."""

    tasks: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    """Records left out on purpose, by reason (``recurring template``)."""
    unmapped: Counter[str] = field(default_factory=Counter)
    """Source fields with no place in microtask (kept with the task, written back by an
    export to the same format), by name: how many records had each."""


@record
class Interval:
    """A stretch of tracked time read from Watson or Timewarrior."""

    start: datetime
    end: datetime
    label: str
    """What it was spent on: the title of the task made for it when no task has one of
    ``names`` as its title."""
    tags: tuple[str, ...]
    note: str | None
    where: str
    names: tuple[str, ...] = ()
    """Titles of existing tasks it may go to, the first found winning (Timewarrior's tags,
    one of which often names the task)."""


@mutable_record
class IntervalReading:
    intervals: list[Interval] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


SESSIONS = "sessions"
"""The ``kind`` of an import of tracked time (an import of tasks is ``tasks``)."""


@record
class ImportSummary:
    source: str
    added: int
    updated: int
    unchanged: int
    skipped: dict[str, int]
    unmapped: dict[str, int]
    problems: tuple[str, ...]
    """Records refused (``--skip-bad``: left out; else nothing was imported)."""
    dry_run: bool
    kind: str = "tasks"
    """What ``added`` counts: ``tasks``, or ``sessions`` (Watson, Timewarrior)."""
    tasks_created: int = 0
    """Sessions only: the tasks made for them (under the project ``imported``)."""
