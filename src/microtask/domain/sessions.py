"""Focus sessions and time blocks as the program sees them (plain data, no I/O).

A *session* is time actually worked: one pomodoro work interval, one block run, or one
open-ended tracking (`start`/`stop`). A *block* is time set aside on the calendar, by hand
(`block add`) or from a plan (`plan --apply`). All times are aware datetimes in UTC.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from microtask.domain.record import record
from microtask.domain.text import short, visible

HEARTBEAT_SECONDS = 10.0
"""How often a running pomodoro or block refreshes its record (:class:`Activity` and its open
session): at most this much focus is lost to a crash."""


class SessionKind(StrEnum):
    POMODORO = "pomodoro"
    BLOCK = "block"
    TRACKED = "tracked"
    MANUAL = "manual"
    """Recorded after the fact (``session add``): work done away from the keyboard."""


class SessionOutcome(StrEnum):
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    RUNNING = "running"


@record
class Session:
    id: int
    kind: SessionKind
    task_id: int | None
    start: datetime
    end: datetime | None
    """``None`` while running."""
    focus_seconds: float
    """Active work, pauses excluded; for a running session, as of its last heartbeat."""
    pause_seconds: float
    outcome: SessionOutcome
    task_title: str | None = None
    block_id: int | None = None
    note: str | None = None
    block_title: str | None = None
    """The title of the block it was run in (``block run``), if any."""

    @property
    def minutes(self) -> float:
        end = self.end if self.end is not None else self.start
        return max((end - self.start).total_seconds(), 0.0) / 60


class BlockSource(StrEnum):
    MANUAL = "manual"
    PLAN = "plan"


@record
class Block:
    id: int
    title: str
    start: datetime
    end: datetime
    task_id: int | None
    source: BlockSource = BlockSource.MANUAL
    task_title: str | None = None
    released_at: datetime | None = None
    """When its task was closed (done, dropped, delegated, deleted): the block's time from
    then on is free again. ``None``: not released."""

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    @property
    def kept_end(self) -> datetime:
        """The end of the part still set aside: the release time for a released block."""
        if self.released_at is None or self.released_at >= self.end:
            return self.end
        return max(self.released_at, self.start)

    @property
    def is_released(self) -> bool:
        """Released before it began: none of it is set aside any more."""
        return self.kept_end <= self.start


@record
class Activity:
    """What runs now (at most one thing at a time): a pomodoro run, a block run, or a tracking.

    Stored in one row that a running pomodoro or block refreshes every few seconds (its
    heartbeat); a tracking has no process (``pid`` is ``None``) and runs until ``stop``.
    """

    kind: SessionKind
    task_id: int | None
    task_title: str | None
    block_id: int | None
    session_id: int | None
    """The open session row; ``None`` during a pomodoro break."""
    started: datetime
    heartbeat: datetime
    pid: int | None
    host: str | None
    boot_id: str | None
    phase: str | None
    """``work``, ``short_break`` or ``long_break`` for pomodoros and blocks, else ``None``."""
    phase_started: datetime | None
    phase_ends: datetime | None
    """When the phase will end if not paused (wall clock, as of the last update)."""
    paused: bool
    cycle: int | None
    cycles: int | None
    focus_seconds: float
    """Focus in the open session as of the last heartbeat (or since start, for a tracking)."""


@record
class FocusStatus:
    """``microtask status``: what runs now, as of ``now``."""

    activity: Activity | None
    now: datetime
    elapsed_seconds: float
    """Since the run started (wall clock)."""
    remaining_seconds: float | None
    """Left in the current phase (pomodoros and blocks)."""
    focus_seconds: float
    """Focus in the open session (a tracking: since it started)."""


def status_of(activity: Activity | None, now: datetime) -> FocusStatus:
    """What ``activity`` (as stored at its last heartbeat) looks like at ``now``."""
    if activity is None:
        return FocusStatus(None, now, 0.0, None, 0.0)
    now_ts = now.timestamp()
    elapsed = max(now_ts - activity.started.timestamp(), 0.0)
    remaining = None
    focus = activity.focus_seconds
    if activity.kind is SessionKind.TRACKED:
        focus = elapsed
    elif activity.phase_ends is not None:
        reference = activity.heartbeat.timestamp() if activity.paused else now_ts
        remaining = max(activity.phase_ends.timestamp() - reference, 0.0)
        if activity.phase == "work" and not activity.paused:
            focus += max(now_ts - activity.heartbeat.timestamp(), 0.0)
    return FocusStatus(activity, now, elapsed, remaining, focus)


# -- in messages --------------------------------------------------------------


def kind_label(kind: SessionKind) -> str:
    labels = {"pomodoro": "pomodoro", "block": "block run", "tracked": "tracking"}
    return labels.get(kind.value, "session")


def describe_activity(activity: Activity) -> str:
    """'a pomodoro on task 12 "Write intro" (work, since 10:00)' for messages."""
    what = kind_label(activity.kind)
    if activity.task_id is not None:
        title = visible(short(activity.task_title or "", 40))
        what += f" on task {activity.task_id} {title!r}"
    elif activity.kind is not SessionKind.TRACKED:
        what = f"free {what}"
    since = activity.started.astimezone().strftime("%H:%M")
    where = f", in process {activity.pid}" if activity.pid is not None else ""
    return f"{what} (since {since}{where})"


def _span(block: Block, now: datetime) -> str:
    start = block.start.astimezone()
    end = block.end.astimezone()
    day = "" if start.date() == now.astimezone().date() else f"{start:%a %d %b} "
    return f"{day}{start:%H:%M}-{end:%H:%M}"


def describe_block(block: Block, now: datetime) -> str:
    """For messages; the block's date is shown when it is not ``now``'s day."""
    return f"block {block.id} {_span(block, now)} {visible(short(block.title, 40))!r}"
