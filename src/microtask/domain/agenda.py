"""The day's agenda: the blocks planned, the sessions worked, and where the two differ.

Pure: every instant comes in as an argument (``now`` included). A session's focus is
spread evenly over its wall span (start to end, or to ``now`` while it runs), so the part
of it that falls in a window is its focus times the share of the span in that window.
Everything is clipped to the day ``[day_start, day_end)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import pairwise

from microtask.domain.durations import approx_duration
from microtask.domain.record import record
from microtask.domain.sessions import Block, Session, SessionOutcome
from microtask.domain.text import visible
from microtask.domain.timeofday import EN_DASH

__all__ = [
    "DONE_SHARE",
    "NOISE_SECONDS",
    "Agenda",
    "AgendaBlock",
    "AgendaSession",
    "Difference",
    "build_agenda",
    "span_label",
]

DONE_SHARE = 0.8
"""A past block is done once on-task focus reaches this share of its length."""

NOISE_SECONDS = 60.0
"""Focus below this (or below a tenth of a short block) does not count for a block's status:
a pomodoro that runs a few seconds into the next block does not make that block "worked on
another task"."""

_EPSILON = 1e-6


@record
class AgendaBlock:
    block: Block
    status: str
    """``upcoming``, ``now``, ``done``, ``partly``, ``missed``, ``other-task``,
    ``unrecorded`` (a past block with no task and no focus in it: lunch, a meeting), or
    ``released`` (its task was closed before the block began: the time was given back)."""
    focus_seconds: float
    """Focus of all sessions inside the block's window (clipped to the day), prorated."""
    on_task_seconds: float
    """The same, only sessions on the block's task (all of it for a block without a task)."""
    other_tasks: tuple[int | None, ...]
    """Tasks worked in the window that are not the block's, most focus first (``None``:
    work on no task). Empty for a block without a task: any work fits it."""
    planned_seconds: int = 0
    """The block's length inside the day, less its released part."""
    released_seconds: int = 0
    """The part of it (inside the day) released when its task was closed."""


@record
class AgendaSession:
    session: Session
    in_block_ids: tuple[int, ...]
    """Blocks whose window (in the day) overlaps the session, in time order."""
    unplanned_seconds: float
    """The part of its focus (in the day) outside every block."""
    day_focus_seconds: float = 0.0
    """The part of its focus inside the day."""


@record
class Difference:
    kind: str
    """``missed``, ``partly``, ``other-task``, ``unplanned`` or ``interrupted``."""
    message: str
    """One line for people, times in local time, user text with control characters escaped."""
    block_id: int | None
    session_id: int | None


@record
class Agenda:
    day_start: datetime
    day_end: datetime
    blocks: tuple[AgendaBlock, ...]
    sessions: tuple[AgendaSession, ...]
    differences: tuple[Difference, ...]
    planned_seconds: int
    """Time covered by blocks in the day (overlapping blocks counted once)."""
    focus_seconds: float
    """Sessions' focus inside the day."""
    on_plan_seconds: float
    """Focus inside a block on that block's task, or inside a block without a task."""
    unplanned_seconds: float
    """Focus not on plan: ``focus_seconds - on_plan_seconds``. Sessions' own
    ``unplanned_seconds`` (outside every block) plus :attr:`off_task_seconds`."""
    off_task_seconds: float = 0.0
    """Focus inside blocks, but none of them for the task worked on."""
    released_seconds: int = 0
    """Block time released because its task was closed (not counted as planned)."""

    @property
    def is_empty(self) -> bool:
        return not self.blocks and not self.sessions


# ------------------------------------------------------------------------ labels


def _local_day_offset(moment: datetime, day_start: datetime) -> int:
    return (moment.astimezone().date() - day_start.astimezone().date()).days


def span_label(start: datetime, end: datetime | None, day_start: datetime) -> str:
    """``09:00-10:30`` (en dash) in local time; ``-1d 23:30-00:40`` when it starts the
    day before the agenda's day, ``23:00-01:00 +1d`` when it ends the day after; a
    running session ends ``now``."""
    before = _local_day_offset(start, day_start)
    text = (f"{before:+d}d " if before else "") + f"{start.astimezone():%H:%M}{EN_DASH}"
    if end is None:
        return text + "now"
    after = _local_day_offset(end, day_start)
    return text + f"{end.astimezone():%H:%M}" + (f" {after:+d}d" if after else "")


# ---------------------------------------------------------------------- intervals


@record
class _Window:
    start: datetime
    end: datetime


def _overlap(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> timedelta:
    return max(timedelta(0), min(a_end, b_end) - max(a_start, b_start))


def _union_length(windows: Iterable[_Window]) -> timedelta:
    total = timedelta(0)
    current: _Window | None = None
    for window in sorted(windows, key=lambda w: w.start):
        if current is None or window.start > current.end:
            if current is not None:
                total += current.end - current.start
            current = window
        elif window.end > current.end:
            current = _Window(current.start, window.end)
    if current is not None:
        total += current.end - current.start
    return total


@record
class _Worked:
    """A session reduced to what the sums need: its wall span and focus per wall second."""

    session: Session
    start: datetime
    end: datetime
    density: float

    def focus_in(self, start: datetime, end: datetime) -> float:
        return self.density * _overlap(self.start, self.end, start, end).total_seconds()


def _worked(session: Session, now: datetime) -> _Worked:
    end = session.end if session.end is not None else now
    end = max(end, session.start)
    span = (end - session.start).total_seconds()
    # Focus cannot exceed the wall time it was spent in; a zero-length session has none.
    focus = min(max(session.focus_seconds, 0.0), span)
    return _Worked(session, session.start, end, focus / span if span > 0 else 0.0)


Lineage = Mapping[int, frozenset[int]]
"""Task id -> the ids of its ancestors: work on a step is work on its parent's blocks."""


def _on_task(block: Block, task_id: int | None, lineage: Lineage) -> bool:
    if block.task_id is None or block.task_id == task_id:
        return True
    return task_id is not None and block.task_id in lineage.get(task_id, frozenset())


# ------------------------------------------------------------------------- blocks


def _status(window: _Window, now: datetime, focus: float, on_task: float, has_task: bool) -> str:
    if now < window.start:
        return "upcoming"
    if now < window.end:
        return "now"
    length = (window.end - window.start).total_seconds()
    if on_task > 0 and on_task >= DONE_SHARE * length - _EPSILON:
        return "done"
    noise = min(NOISE_SECONDS, 0.1 * length)  # a 1-minute block: 6 s of work is work
    if focus < noise:
        # A block with no task may be time kept free (lunch, a meeting): not a miss.
        return "missed" if has_task else "unrecorded"
    if on_task < noise:  # never for a block without a task: on_task == focus
        return "other-task"
    return "partly"


def _agenda_block(
    block: Block,
    window: _Window,
    worked: Sequence[_Worked],
    now: datetime,
    lineage: Lineage,
    released: int,
    day: _Window,
    run_blocks: frozenset[int],
) -> AgendaBlock:
    focus = 0.0
    on_task = 0.0
    others: dict[int | None, float] = {}
    for item in worked:
        if item.session.block_id == block.id:  # run for this block, early or not: all of it
            part = item.focus_in(day.start, day.end)
        elif item.session.block_id in run_blocks:
            continue  # run for another block: counts there
        else:
            part = item.focus_in(window.start, window.end)
        if part <= 0:
            continue
        focus += part
        if _on_task(block, item.session.task_id, lineage):
            on_task += part
        else:
            others[item.session.task_id] = others.get(item.session.task_id, 0.0) + part
    other_tasks = tuple(
        task
        for task, _ in sorted(others.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or 0))
    )
    if window.end <= window.start:
        status = "released"
    else:
        status = _status(window, now, focus, on_task, block.task_id is not None)
        if status == "upcoming" and on_task > 0:  # run early (`block run --now`)
            length = (window.end - window.start).total_seconds()
            status = "done" if on_task >= DONE_SHARE * length - _EPSILON else "partly"
    return AgendaBlock(
        block=block,
        status=status,
        focus_seconds=focus,
        on_task_seconds=on_task,
        other_tasks=other_tasks,
        planned_seconds=int(max(window.end - window.start, timedelta(0)).total_seconds()),
        released_seconds=released,
    )


# ----------------------------------------------------------------------- sessions


@record
class _Split:
    """A session's wall time in the day, split three ways (exact: timedeltas)."""

    on_plan: timedelta
    off_task: timedelta
    outside: timedelta


def _split(
    item: _Worked, day: _Window, blocks: Sequence[tuple[Block, _Window]], lineage: Lineage
) -> _Split:
    start, end = max(item.start, day.start), min(item.end, day.end)
    zero = timedelta(0)
    if end <= start:
        return _Split(zero, zero, zero)
    if item.session.block_id is not None and any(b.id == item.session.block_id for b, _ in blocks):
        return _Split(end - start, zero, zero)  # run for a block of the day: on plan
    cuts = {start, end}
    for _, window in blocks:
        cuts.update(point for point in (window.start, window.end) if start < point < end)
    points = sorted(cuts)
    on_plan = off_task = outside = zero
    for left, right in pairwise(points):
        covering = [b for b, w in blocks if w.start <= left and right <= w.end]
        if not covering:
            outside += right - left
        elif any(_on_task(b, item.session.task_id, lineage) for b in covering):
            on_plan += right - left
        else:
            off_task += right - left
    return _Split(on_plan, off_task, outside)


def _in_day(start: datetime, end: datetime, day: _Window) -> bool:
    if end > start:
        return start < day.end and day.start < end
    return day.start <= start < day.end


# ---------------------------------------------------------------------- differences


def _task_label(task_id: int | None, titles: dict[int, str]) -> str:
    if task_id is None:
        return "no task"
    title = titles.get(task_id)
    return f"task {task_id}" if title is None else f"task {task_id} '{visible(title)}'"


def _list_tasks(task_ids: Sequence[int | None], titles: dict[int, str]) -> str:
    labels = [_task_label(t, titles) for t in task_ids[:3]]
    if len(task_ids) > 3:
        labels.append(f"{len(task_ids) - 3} more")
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _block_difference(
    item: AgendaBlock, day_start: datetime, titles: dict[int, str]
) -> Difference | None:
    block = item.block
    head = f"{span_label(block.start, block.end, day_start)} {visible(block.title)}"
    if item.status == "missed":
        text = f"{head}: missed"
    elif item.status == "partly":
        done, planned = approx_duration(item.on_task_seconds), approx_duration(item.planned_seconds)
        text = f"{head}: {done} of {planned}"
    elif item.status == "other-task":
        if item.other_tasks == (None,):
            text = f"{head}: worked without a task instead"
        elif item.other_tasks:
            text = f"{head}: worked on {_list_tasks(item.other_tasks, titles)} instead"
        else:
            text = f"{head}: worked on other tasks instead"
    else:
        return None
    return Difference(item.status, text, block.id, None)


def _session_differences(
    item: AgendaSession, day_start: datetime, titles: dict[int, str]
) -> list[Difference]:
    session = item.session
    on = "" if session.task_id is None else f" on {_task_label(session.task_id, titles)}"
    what = session.kind.value
    if session.block_title is not None:
        what += f" '{visible(session.block_title)}'"
    head = f"{span_label(session.start, session.end, day_start)} {what}{on}"
    found: list[Difference] = []
    if not item.in_block_ids and item.day_focus_seconds > 0:
        found.append(Difference("unplanned", f"{head}: not in any block", None, session.id))
    if session.outcome == SessionOutcome.INTERRUPTED:
        span = (session.end - session.start).total_seconds() if session.end is not None else 0.0
        focus = min(max(session.focus_seconds, 0.0), max(span, 0.0))
        text = f"{head}: interrupted after {approx_duration(focus)}"
        found.append(Difference("interrupted", text, None, session.id))
    return found


# ----------------------------------------------------------------------------- build


def build_agenda(
    day_start: datetime,
    day_end: datetime,
    blocks: Sequence[Block],
    sessions: Sequence[Session],
    now: datetime,
    lineage: Lineage | None = None,
) -> Agenda:
    """The agenda of ``[day_start, day_end)`` as seen at ``now``.

    Blocks with no time inside the day are left out; sessions are kept when any of their
    span (or, for a zero-length session, its start) lies in the day. Input order does not
    matter; blocks and sessions come out by start time. ``lineage`` names each worked
    task's ancestors, so work on a step counts in its parent's blocks. A released block
    counts up to its release only; the rest is neither planned nor missed.
    """
    lineage = lineage or {}
    day = _Window(day_start, day_end)
    windows: list[tuple[Block, _Window]] = []  # the kept part of each block
    released: dict[int, int] = {}
    shown: list[tuple[Block, _Window]] = []
    for block in sorted(blocks, key=lambda b: (b.start, b.end, b.id)):
        whole = _Window(max(block.start, day.start), min(block.end, day.end))
        if whole.end <= whole.start:
            continue
        kept = _Window(whole.start, min(whole.end, max(block.kept_end, whole.start)))
        released[block.id] = int((whole.end - kept.end).total_seconds())
        shown.append((block, kept))
        if kept.end > kept.start:
            windows.append((block, kept))

    worked = [
        item
        for item in (_worked(s, now) for s in sorted(sessions, key=lambda s: (s.start, s.id)))
        if _in_day(item.start, item.end, day)
    ]
    titles: dict[int, str] = {}
    for block, _ in shown:
        if block.task_id is not None and block.task_title is not None:
            titles[block.task_id] = block.task_title
    for item in worked:
        if item.session.task_id is not None and item.session.task_title is not None:
            titles[item.session.task_id] = item.session.task_title

    kept_ids = {b.id for b, _ in windows}
    run_blocks = frozenset(i.session.block_id for i in worked if i.session.block_id in kept_ids)
    agenda_blocks = tuple(
        _agenda_block(b, w, worked, now, lineage, released[b.id], day, run_blocks) for b, w in shown
    )

    agenda_sessions: list[AgendaSession] = []
    on_plan = off_task = outside = 0.0
    for item in worked:
        split = _split(item, day, windows, lineage)
        item_on_plan = item.density * split.on_plan.total_seconds()
        item_off_task = item.density * split.off_task.total_seconds()
        item_outside = item.density * split.outside.total_seconds()
        on_plan += item_on_plan
        off_task += item_off_task
        outside += item_outside
        in_blocks = tuple(
            b.id
            for b, w in windows
            if _overlap(item.start, item.end, w.start, w.end) > timedelta(0)
            or b.id == item.session.block_id
        )
        agenda_sessions.append(
            AgendaSession(
                session=item.session,
                in_block_ids=in_blocks,
                unplanned_seconds=item_outside,
                day_focus_seconds=item_on_plan + item_off_task + item_outside,
            )
        )

    differences: list[tuple[datetime, int, Difference]] = []
    for agenda_block in agenda_blocks:
        difference = _block_difference(agenda_block, day_start, titles)
        if difference is not None:
            differences.append((agenda_block.block.start, 0, difference))
    for agenda_session in agenda_sessions:
        for difference in _session_differences(agenda_session, day_start, titles):
            differences.append((agenda_session.session.start, 1, difference))
    differences.sort(key=lambda entry: (entry[0], entry[1]))

    return Agenda(
        day_start=day_start,
        day_end=day_end,
        blocks=agenda_blocks,
        sessions=tuple(agenda_sessions),
        differences=tuple(d for _, _, d in differences),
        planned_seconds=int(_union_length(w for _, w in windows).total_seconds()),
        focus_seconds=on_plan + off_task + outside,
        on_plan_seconds=on_plan,
        unplanned_seconds=off_task + outside,
        off_task_seconds=off_task,
        released_seconds=sum(released.values()),
    )
