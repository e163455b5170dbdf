"""Day planning: fill the free time between existing blocks with pomodoro-sized work chunks.

A pure function behind ``microtask plan``: nothing here reads a clock or does I/O. The caller
passes timezone-aware datetimes (any zone, even a different one per argument); they are
compared and added as instants. All arithmetic is done in UTC, because Python adds and
compares datetimes that share a ``tzinfo`` on the wall clock, which is wrong across a DST
change. Returned slots are in ``day_start``'s zone.

How a plan is built:

* The free windows are the gaps of ``[day_start, day_end]`` that no busy block covers; busy
  blocks are clipped to the day and merged when they overlap or touch.
* Tasks are taken one at a time, due-today first, then by urgency (highest first), then by
  id. Each task is placed whole before the next one starts: its chunks go into the windows
  in time order, each ``work_seconds`` long, the last one what is left; a remainder
  shorter than ``min_chunk_seconds`` is merged into the chunk before it (so a 30-minute
  task is one 30-minute chunk, a 1-hour task 25 + 35 with 25-minute pomodoros).
* Inside a window every chunk after the first is preceded by a break: a long break after
  every ``long_every``-th chunk of that window, a short one otherwise. A break is only placed
  when a chunk follows it, so no window ends with a break. A busy block counts as a break:
  each window counts its chunks from zero.
* A window is skipped for a task when the room left in it (after the break a chunk there
  would need) is less than ``min(min_chunk_seconds, what the task still needs)``. A chunk is
  cut to the room, never below that minimum, and so that what it leaves is not shorter.
  Once a task's remainder has shrunk, a gap it skipped earlier may hold it: the windows are
  passed over again until a pass places nothing.
* A task that does not fit whole keeps the chunks that fit; it is listed in
  ``does_not_fit`` (and in ``partly_planned`` when it got any). Later tasks then use the room
  that is left, including short gaps the earlier task could not use: a later task may so be
  placed earlier in the day than an earlier one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal

from microtask.domain.errors import InvalidInputError
from microtask.domain.record import mutable_record, record
from microtask.domain.timer_config import TimerConfig

SECOND = timedelta(seconds=1)


def _check_positive_int(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"{name} must be a whole number of seconds, got {value!r}")
    if value <= 0:
        raise InvalidInputError(f"{name} must be more than 0, got {value}")


def _check_aware(name: str, value: datetime) -> None:
    if not isinstance(value, datetime):
        raise InvalidInputError(f"{name} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInputError(f"{name} must have a timezone, got {value.isoformat()}")


@record
class PlanTask:
    id: int
    title: str
    urgency: float
    remaining_seconds: int | None
    """Work still needed; ``None`` (no estimate) means one work chunk."""
    due_today: bool

    def __post_init__(self) -> None:
        if isinstance(self.id, bool) or not isinstance(self.id, int):
            raise InvalidInputError(f"a task id must be a whole number, got {self.id!r}")
        if not math.isfinite(self.urgency):
            raise InvalidInputError(f"task {self.id}: urgency must be finite, got {self.urgency}")
        if self.remaining_seconds is not None:
            _check_positive_int(f"task {self.id}: remaining_seconds", self.remaining_seconds)


@record
class Busy:
    """An existing block: no work is planned inside it."""

    start: datetime
    end: datetime
    label: str

    def __post_init__(self) -> None:
        _check_aware(f"busy block {self.label!r} start", self.start)
        _check_aware(f"busy block {self.label!r} end", self.end)
        if self.end.astimezone(UTC) < self.start.astimezone(UTC):
            raise InvalidInputError(
                f"busy block {self.label!r} ends ({self.end.isoformat()}) "
                f"before it starts ({self.start.isoformat()})"
            )


@record
class PlanSettings:
    """The pomodoro lengths (one source: :class:`TimerConfig`) and the shortest chunk.

    The planner works in whole seconds, so a ``timer`` whose lengths are not whole seconds
    is refused rather than rounded: a plan never silently differs from the timer it is run
    with. (Lengths read from the config file are always whole seconds.)
    ``timer.cycles`` plays no part in planning.
    """

    timer: TimerConfig = field(default_factory=TimerConfig)
    min_chunk_seconds: int = 900
    """No work chunk is shorter than this (``[plan] min_block``), unless it is all the task
    still needs."""

    def __post_init__(self) -> None:
        if not isinstance(self.timer, TimerConfig):
            raise InvalidInputError(f"timer must be a TimerConfig, got {self.timer!r}")
        for name in ("work_seconds", "short_break_seconds", "long_break_seconds"):
            value = getattr(self.timer, name)
            if not float(value).is_integer():
                raise InvalidInputError(f"the planner works in whole seconds: {name} is {value!r}")
        _check_positive_int("min_chunk_seconds", self.min_chunk_seconds)
        if self.min_chunk_seconds > self.work_seconds:
            raise InvalidInputError(
                f"min_chunk_seconds ({self.min_chunk_seconds}) must not be more than "
                f"work_seconds ({self.work_seconds})"
            )

    @property
    def work_seconds(self) -> int:
        return int(self.timer.work_seconds)

    @property
    def short_break_seconds(self) -> int:
        return int(self.timer.short_break_seconds)

    @property
    def long_break_seconds(self) -> int:
        return int(self.timer.long_break_seconds)

    @property
    def long_every(self) -> int:
        """A long break follows every ``long_every``-th chunk of a window."""
        return self.timer.long_every


@record
class PlannedSlot:
    start: datetime
    end: datetime
    kind: Literal["work", "break"]
    task_id: int | None
    """``None`` for breaks."""


@record
class Plan:
    slots: tuple[PlannedSlot, ...]
    """Work chunks and breaks, sorted by start."""
    does_not_fit: tuple[int, ...]
    """Ids of the tasks not (fully) planned, in priority order."""
    partly_planned: tuple[int, ...]
    """The ids in ``does_not_fit`` that got some work planned, in priority order."""
    planned_seconds: dict[int, int]
    """Work seconds planned for every task id (0 when it got none)."""
    free_seconds: int
    """Total free time in the window, in whole seconds."""


# -- free time ----------------------------------------------------------------------------


def _check_day(day_start: datetime, day_end: datetime) -> None:
    _check_aware("day_start", day_start)
    _check_aware("day_end", day_end)
    if day_end.astimezone(UTC) <= day_start.astimezone(UTC):
        raise InvalidInputError(
            f"the day must end after it starts: {day_start.isoformat()} to {day_end.isoformat()}"
        )


def _free_windows_utc(
    day_start: datetime, day_end: datetime, busy: Sequence[Busy]
) -> list[tuple[datetime, datetime]]:
    start, end = day_start.astimezone(UTC), day_end.astimezone(UTC)
    clipped = sorted(
        (max(b.start.astimezone(UTC), start), min(b.end.astimezone(UTC), end)) for b in busy
    )
    windows: list[tuple[datetime, datetime]] = []
    cursor = start
    for busy_start, busy_end in clipped:
        if busy_end <= busy_start:  # empty, or entirely outside the day
            continue
        if busy_start > cursor:
            windows.append((cursor, busy_start))
        cursor = max(cursor, busy_end)
    if cursor < end:
        windows.append((cursor, end))
    return windows


def free_windows(
    day_start: datetime, day_end: datetime, busy: Sequence[Busy]
) -> list[tuple[datetime, datetime]]:
    """The gaps of ``[day_start, day_end]`` no busy block covers, in time order.

    Busy blocks may overlap, touch, or reach outside the day. The windows are returned in
    ``day_start``'s zone; empty gaps are left out.
    """
    _check_day(day_start, day_end)
    zone = day_start.tzinfo
    assert zone is not None  # _check_day
    return [
        (s.astimezone(zone), e.astimezone(zone))
        for s, e in _free_windows_utc(day_start, day_end, busy)
    ]


# -- planning -----------------------------------------------------------------------------


@mutable_record
class _Window:
    """A free window being filled: where its last chunk ended, and how many it holds."""

    start: datetime
    end: datetime
    cursor: datetime
    chunks: int = 0


def _priority(task: PlanTask) -> tuple[bool, float, int]:
    return (not task.due_today, -task.urgency, task.id)


def _break_before_next(window: _Window, settings: PlanSettings) -> int:
    """The break a chunk placed next in ``window`` needs before it (0 for the first chunk)."""
    if window.chunks == 0:
        return 0
    if window.chunks % settings.long_every == 0:
        return settings.long_break_seconds
    return settings.short_break_seconds


_Span = tuple[datetime, datetime]


def _chunk_length(need: int, room: int, settings: PlanSettings) -> int:
    """How long the next chunk of a task that still needs ``need`` seconds is, given
    ``room`` seconds in the window (0: none fits).

    A chunk is one pomodoro, or all that is left; a remainder under ``min_chunk_seconds``
    is merged into the chunk before it, so no work block is a fragment. When the room cuts
    a chunk, it is cut so that what is left is not a fragment either."""
    shortest = settings.min_chunk_seconds
    want = need if need - settings.work_seconds < shortest else settings.work_seconds
    if room >= want:
        return want
    if room < min(shortest, need):
        return 0
    chunk = room
    if 0 < need - chunk < shortest:
        chunk = need - shortest  # leave a whole minimum for the next window
    return chunk if chunk >= shortest else 0


def _place(window: _Window, need: int, settings: PlanSettings) -> tuple[_Span | None, _Span] | None:
    """Place the next chunk of a task that still needs ``need`` seconds in ``window``.

    Returns the break before the chunk (``None`` for a window's first chunk) and the chunk,
    or ``None`` (placing nothing) when the window has too little room left.
    """
    pause = _break_before_next(window, settings)
    chunk_start = window.cursor + pause * SECOND
    room = (window.end - chunk_start) // SECOND if chunk_start < window.end else 0
    length = _chunk_length(need, room, settings)
    if length <= 0:
        return None
    chunk_end = chunk_start + length * SECOND
    pause_span = (window.cursor, chunk_start) if pause else None
    window.cursor = chunk_end
    window.chunks += 1
    return pause_span, (chunk_start, chunk_end)


def _to_slot(start: datetime, end: datetime, zone: tzinfo, task_id: int | None) -> PlannedSlot:
    return PlannedSlot(
        start=start.astimezone(zone),
        end=end.astimezone(zone),
        kind="break" if task_id is None else "work",
        task_id=task_id,
    )


def plan_day(
    day_start: datetime,
    day_end: datetime,
    busy: Sequence[Busy],
    tasks: Sequence[PlanTask],
    settings: PlanSettings = PlanSettings(),
) -> Plan:
    """Propose work chunks and breaks for the free time of a day; see the module docstring."""
    _check_day(day_start, day_end)
    seen: set[int] = set()
    for task in tasks:
        if task.id in seen:
            raise InvalidInputError(f"task {task.id} is listed twice")
        seen.add(task.id)
    zone = day_start.tzinfo
    assert zone is not None  # _check_day

    windows = [_Window(s, e, s) for s, e in _free_windows_utc(day_start, day_end, busy)]
    free = sum((w.end - w.start for w in windows), timedelta())

    slots: list[PlannedSlot] = []
    planned: dict[int, int] = {}
    does_not_fit: list[int] = []
    partly: list[int] = []
    for task in sorted(tasks, key=_priority):
        need = settings.work_seconds if task.remaining_seconds is None else task.remaining_seconds
        done = 0
        # A pass over the windows in time order; once the remainder is small, a gap skipped
        # earlier in the pass may hold it, so pass again until a pass places nothing.
        placed_in_pass = True
        while done < need and placed_in_pass:
            placed_in_pass = False
            for window in windows:
                while done < need:
                    placed = _place(window, need - done, settings)
                    if placed is None:
                        break
                    pause_span, (start, end) = placed
                    if pause_span is not None:
                        slots.append(_to_slot(*pause_span, zone, None))
                    slots.append(_to_slot(start, end, zone, task.id))
                    done += (end - start) // SECOND
                    placed_in_pass = True
        planned[task.id] = done
        if done < need:
            does_not_fit.append(task.id)
            if done:
                partly.append(task.id)

    slots.sort(key=lambda slot: slot.start.astimezone(UTC))
    return Plan(
        slots=tuple(slots),
        does_not_fit=tuple(does_not_fit),
        partly_planned=tuple(partly),
        planned_seconds=planned,
        free_seconds=free // SECOND,
    )
