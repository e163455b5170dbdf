"""Plain data the whole program shares: tasks, their status and priority, and validation."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from microtask.domain.errors import InvalidInputError
from microtask.domain.record import record
from microtask.domain.text import quote_typed

MAX_TITLE_LENGTH = 500
MAX_NOTE_LENGTH = 20_000
MAX_DEPTH = 100
"""Levels a tree of steps may have, the top task included: enough for any real plan, and
every walk over a tree (listing it, deleting it) stays far from Python's and SQLite's
recursion limits."""


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    URGENT = "urgent"


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    DELEGATED = "delegated"
    """Handed off to a provider (``microtask delegate``) until ``handback``."""


PRIORITY_NAMES = ", ".join(p.value for p in Priority)
STATUS_NAMES = ", ".join(s.value for s in Status)


@record
class TaskCriteria:
    """What the founder said about a task for the outsourcing advisor; None = not said."""

    repetitive: bool | None = None
    time_sensitive: bool | None = None
    critical: bool | None = None
    directions: str | None = None
    """``simple``, ``moderate`` or ``complex``."""
    know_how: bool | None = None
    """Needs specific knowledge only the founder has."""
    hours_per_week: float | None = None
    category: str | None = None
    """An override of the inferred category: ``BPO``, ``KPO``, ``TSO`` or ``VA``."""


NOTHING_SAID = TaskCriteria()
"""The criteria of a task nobody answered the advisor about: one shared (immutable) value."""


@record
class Series:
    """Recurring work: a rule (``--every``, canonical text) counted from an anchor (the
    first instance's due); exactly one instance of it is open at a time."""

    id: int
    rule: str
    anchor: datetime
    until: datetime | None
    ended_at: datetime | None
    """When ``edit --no-every`` stopped it (no instance follows the current one)."""
    procedure: str | None
    """The written way to do it: a Markdown checklist, one step a line."""

    @property
    def active(self) -> bool:
        return self.ended_at is None


class RankingFacts(NamedTuple):
    """What ranking a task for outsourcing reads of it when the founder said nothing about
    it (no answer, no series): the rest of the task is loaded only for the rows shown."""

    id: int
    title: str
    estimate_seconds: int | None
    pressing: bool
    """Urgent, or due by the moment asked for (the advisor asks for 48 h from now)."""
    plain: bool
    """No answer given and no series: its criteria follow from these facts and history."""


@record
class Task:
    """A task as the program sees it: times are aware datetimes in UTC."""

    id: int
    title: str
    status: Status
    priority: Priority
    due: datetime | None
    estimate_seconds: int | None
    tags: tuple[str, ...]
    project: str | None
    parent_id: int | None
    position: int
    notes: str | None
    created_at: datetime
    updated_at: datetime
    done_at: datetime | None
    subtask_ids: tuple[int, ...] = ()
    open_subtask_ids: tuple[int, ...] = ()
    parent_open: bool = False
    urgency: float = 0.0
    focus_seconds: float = 0.0
    """Focus recorded in this task's own sessions (pauses excluded)."""
    criteria: TaskCriteria = NOTHING_SAID
    uuid: str = ""
    """The task's identity across stores, imports and exports (the id is this store's)."""
    extra: str | None = None
    """What an import found and microtask has no place for, as a JSON object; exports that
    speak the same format write it back."""
    series: Series | None = None
    """The series this task is an instance of (``None``: a one-off task)."""
    occurrence: datetime | None = None
    """Which occurrence of its series it is (its due, unless the due was moved)."""
    skipped: int = 0
    """Occurrences of its series missed just before it (never created)."""
    after_ids: tuple[int, ...] = ()
    """The tasks it comes after (``--after``): it waits until they are done."""
    waiting_on: tuple[int, ...] = ()
    """Those of ``after_ids`` still open: while any is, the task is blocked."""
    holds_up: bool = False
    """An open task waits on this one (it gets the ``blocking`` urgency term)."""
    wait: datetime | None = None
    """Hidden from list, next, plan and triage until then (``--wait``)."""
    scheduled: datetime | None = None
    """Not planned before that day (``--scheduled``)."""

    @property
    def is_leaf(self) -> bool:
        """A task that can be acted on now: no open subtasks."""
        return not self.open_subtask_ids


def parse_priority(text: str) -> Priority:
    value = text.strip().lower()
    aliases = {"l": "low", "m": "medium", "med": "medium", "h": "high", "u": "urgent"}
    value = aliases.get(value, value)
    try:
        return Priority(value)
    except ValueError:
        raise InvalidInputError(f"invalid priority {text!r}: use one of {PRIORITY_NAMES}") from None


def parse_status(text: str) -> Status:
    try:
        return Status(text.strip().lower())
    except ValueError:
        raise InvalidInputError(f"invalid status {text!r}: use one of {STATUS_NAMES}") from None


def clean_title(text: str) -> str:
    """A title with surrounding whitespace removed; empty or over-long titles are refused."""
    title = text.strip()
    if not title:
        raise InvalidInputError(
            "the title is empty: give the task a few words, e.g. 'Send invoice'"
        )
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidInputError(
            f"the title is {len(title)} characters long: at most {MAX_TITLE_LENGTH} are accepted"
        )
    if "\x00" in title:
        raise InvalidInputError("the title holds a NUL character (\\x00): remove it")
    return title


_TAG_RE = re.compile(r"^[^\s,]+$")


def clean_tag(text: str) -> str:
    """A tag is one word (no spaces or commas); a leading '+' is dropped, case is kept."""
    tag = text.strip().removeprefix("+")
    if not tag or not _TAG_RE.match(tag) or len(tag) > 64:
        raise InvalidInputError(
            f"invalid tag {quote_typed(text)}: a tag is one word of up to 64 characters, "
            "without spaces or commas"
        )
    return tag


def clean_tags(texts: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags in the order given, duplicates removed; 'a,b' is read as two tags."""
    seen: dict[str, None] = {}
    for text in texts:
        for part in text.split(",") if "," in text else [text]:
            seen[clean_tag(part)] = None
    return tuple(seen)


_BELOW_SPACE = re.compile(r"[\x00-\x1f]")


def clean_project(text: str) -> str:
    project = text.strip()
    if not project or len(project) > 100 or _BELOW_SPACE.search(project):
        raise InvalidInputError(
            f"invalid project {quote_typed(text)}: use a name of 1 to 100 printable characters"
        )
    return project


def clean_note(text: str) -> str:
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInputError(
            f"the note is {len(text)} characters long: at most {MAX_NOTE_LENGTH} are accepted"
        )
    if "\x00" in text:
        raise InvalidInputError("the note holds a NUL character (\\x00): remove it")
    return text


def parse_task_id(text: str) -> int:
    """Ids are positive whole numbers; '#12' is accepted too."""
    raw = text.strip().removeprefix("#")
    if not raw.isdecimal() or int(raw) <= 0 or len(raw) > 18:
        raise InvalidInputError(f"invalid task id {text!r}: use a task number such as 12")
    return int(raw)


DIRECTIONS = ("simple", "moderate", "complex")
CATEGORIES = ("BPO", "KPO", "TSO", "VA")
MAX_HOURS_PER_WEEK = 168.0


def parse_directions(text: str) -> str:
    value = text.strip().lower()
    if value not in DIRECTIONS:
        raise InvalidInputError(
            f"invalid --directions {text!r}: use one of {', '.join(DIRECTIONS)}"
        )
    return value


def parse_category(text: str) -> str:
    value = text.strip().upper()
    if value not in CATEGORIES:
        raise InvalidInputError(
            f"invalid --category {text!r}: use one of {', '.join(CATEGORIES)} "
            "(business process, knowledge work, technical setup, virtual assistant)"
        )
    return value


def parse_hours_per_week(text: str) -> float:
    try:
        hours = float(text.strip().lower().removesuffix("h"))
    except ValueError:
        hours = -1.0
    if not 0 <= hours <= MAX_HOURS_PER_WEEK or hours != hours:
        raise InvalidInputError(
            f"invalid --hours-per-week {text!r}: use a number of hours from 0 to 168, e.g. 2.5"
        )
    return hours


class Criterion(StrEnum):
    """An outsourcing criterion, as typed on the command line (``--unset time-sensitive``)."""

    REPETITIVE = "repetitive"
    TIME_SENSITIVE = "time-sensitive"
    CRITICAL = "critical"
    DIRECTIONS = "directions"
    KNOW_HOW = "know-how"
    HOURS_PER_WEEK = "hours-per-week"
    CATEGORY = "category"

    @property
    def attribute(self) -> str:
        """The field of :class:`TaskCriteria` (and :class:`CriteriaChanges`) it names."""
        return self.name.lower()


CRITERION_NAMES = ", ".join(c.value for c in Criterion)


def parse_criterion(text: str) -> Criterion:
    """``--unset time-sensitive`` (or ``time_sensitive``) -> the criterion."""
    try:
        return Criterion(text.strip().lower().replace("_", "-"))
    except ValueError:
        raise InvalidInputError(f"invalid --unset {text!r}: use one of {CRITERION_NAMES}") from None


@record
class TaskFilter:
    """Which tasks a listing wants; every condition given must hold."""

    statuses: tuple[Status, ...] | None = (Status.OPEN,)
    """``None``: every status."""
    tag: str | None = None
    project: str | None = None
    due_before: datetime | None = None
    due_from: datetime | None = None
    """Due at or after this instant (with ``due_before``: due in a window, e.g. today)."""
    leaves_only: bool = False
    """Only tasks with no open subtask: what can be acted on now."""
    # -- finding (issue 14) ------------------------------------------------------------
    search: tuple[str, ...] = ()
    """Every one of these words is in the title or the notes (any case, ``%`` literal)."""
    # -- issue 13: dependencies and start dates --
    waiting: bool | None = False
    """``--wait``: ``False`` hides tasks whose wait is still ahead, ``True`` shows only
    those (``list --waiting``), ``None`` both."""
    ready_only: bool = False
    """Only tasks that wait on no open task (``next``: what can be done now)."""
