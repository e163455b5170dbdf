"""Time blocks, the day plan and the agenda: one transaction per use case.

Adding, removing and applying a plan are undoable changes (``microtask undo``); sessions
are records of what happened and are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from microtask.domain.errors import ConflictError, InvalidInputError, NotFoundError
from microtask.domain.model import Status, Task
from microtask.domain.record import record
from microtask.domain.sessions import Block, BlockSource, SessionOutcome, describe_block
from microtask.domain.views.plan import PlanRow, PlanView, Unplanned
from microtask.services.app import App, require_task, short, unique

if TYPE_CHECKING:
    from microtask.db.focus_repo import FocusRepo
    from microtask.db.store import Repos
    from microtask.domain.agenda import Agenda
    from microtask.domain.timeofday import TimeOfDay

PLAN_CANDIDATES = 200
"""The most urgent open leaf tasks the planner considers (due-today tasks always are)."""
SHOWN_NOT_FITTING = 20
PLAN_START_ROUNDING = timedelta(minutes=5)


def check_free(
    focus: FocusRepo,
    start: datetime,
    end: datetime,
    now: datetime,
    exclude: Sequence[int] = (),
    forcible: bool = False,
) -> None:
    clashes = [  # a released block's time is free from its release on
        b
        for b in focus.blocks_overlapping(start.timestamp(), end.timestamp(), exclude)
        if b.kept_end > max(b.start, start)
    ]
    if clashes:
        names = "; ".join(describe_block(b, now) for b in clashes[:3])
        more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
        raise ConflictError(
            f"{start.astimezone():%H:%M}-{end.astimezone():%H:%M} overlaps {names}{more}: "
            "pick a free time or remove it (`microtask block rm ID`)"
            + (", or pass --force to overlap it" if forcible else "")
        )


def open_task(task: Task) -> Task:
    if task.status is not Status.OPEN:
        raise ConflictError(
            f"task {task.id} is {task.status.value}: reopen it (`microtask reopen {task.id}`) "
            "to give it time"
        )
    return task


def add_block(
    app: App, day: date, start: TimeOfDay, end: TimeOfDay, title: str | None, task_id: int | None
) -> Block:
    """A block on the local ``day``; refused (ConflictError) if it overlaps another one."""
    from microtask.domain.focus_edits import NewBlock
    from microtask.domain.zones import local_time_range

    start_at, end_at = local_time_range(day, start, end)
    with app.changing("block add") as change:
        focus = change.focus
        task = None if task_id is None else open_task(require_task(change.tasks, task_id))
        name = title if title is not None else (task.title if task is not None else None)
        if not name:
            raise InvalidInputError("the block needs a title, or a task (--task ID) to name it")
        check_free(focus, start_at, end_at, app.now())
        block_id = focus.insert_block(
            NewBlock(name, start_at, end_at, task_id, BlockSource.MANUAL, app.now())
        )
        change.journal.created_block(block_id)
        block = focus.get_block(block_id)
        assert block is not None
        change.label = f"block add {block_id} {short(name)!r}"
        return block


def list_blocks(app: App, day: date) -> list[Block]:
    from microtask.domain.zones import day_bounds

    start, end = day_bounds(day)
    with app.reading() as repos:
        from microtask.services.assist import visible_only

        return visible_only(
            repos, repos.focus.blocks_overlapping(start.timestamp(), end.timestamp())
        )


def remove_blocks(app: App, ids: Sequence[int]) -> list[Block]:
    with app.changing("block rm") as change:
        focus = change.focus
        gone = []
        for block_id in unique(ids):
            block = focus.get_block(block_id)
            if block is None:
                raise NotFoundError(f"no block with id {block_id}: see `microtask block list`")
            gone.append(block)
        change.journal.remember_blocks([b.id for b in gone])
        focus.delete_blocks([b.id for b in gone])
        change.label = "block rm " + ", ".join(f"{b.id} {short(b.title, 30)!r}" for b in gone)
        return gone


# -- the day plan ---------------------------------------------------------------------


@record
class PlanRequest:
    day: date
    start: TimeOfDay | None = None
    """``--from``; default: the configured day start (or now, for what is left of today)."""
    end: TimeOfDay | None = None
    apply: bool = False


def _window(app: App, request: PlanRequest) -> tuple[datetime, datetime]:
    from microtask.domain.zones import local_time_range

    start_clock = request.start or app.config.plan.start
    end_clock = request.end or app.config.plan.end
    if end_clock <= start_clock:
        raise InvalidInputError(f"--to ({end_clock}) must be after --from ({start_clock})")
    start, end = local_time_range(request.day, start_clock, end_clock)
    now = app.now()
    if start < now:
        # Plan what is left: from now, rounded up to the next 5 minutes.
        step = PLAN_START_ROUNDING.total_seconds()
        start = datetime.fromtimestamp(-(-now.timestamp() // step) * step, now.tzinfo)
        if start >= end:
            raise InvalidInputError(
                f"nothing left to plan on {request.day:%a %d %b}: its window ended at "
                f"{end.astimezone():%H:%M}; plan another day (`microtask plan tomorrow`) "
                "or pass --to"
            )
    return start, end


def _candidates(repos: Repos, day_end: datetime) -> list[Task]:
    from microtask.domain.model import TaskFilter

    ranked = repos.tasks.find(TaskFilter(leaves_only=True, ready_only=True), limit=PLAN_CANDIDATES)
    due = repos.tasks.find(
        TaskFilter(leaves_only=True, ready_only=True, due_before=day_end), limit=PLAN_CANDIDATES
    )
    seen: dict[int, Task] = {t.id: t for t in [*due, *ranked]}
    # --scheduled (issue 13): not planned before its day
    return [t for t in seen.values() if t.scheduled is None or t.scheduled < day_end]


def make_plan(app: App, request: PlanRequest) -> PlanView:
    """Propose (and with ``apply``, save as blocks) work for the free time of a day.

    Re-planning is idempotent: the blocks an earlier ``plan --apply`` made in the window
    that have not started are replaced; blocks added by hand, blocks under way or past, and
    released blocks stay."""
    from microtask.domain.focus_edits import NewBlock

    start, end = _window(app, request)
    with app.changing("plan") as change:
        view = _propose(app, change.repos, request.day, start, end)
        if request.apply:
            view.applied = True
            focus = change.focus
            replaced = [b.id for b in view.replaces]
            if replaced:
                change.journal.remember_blocks(replaced)
                focus.delete_blocks(replaced)
            kept = {_block_key(b): b.id for b in view.keeps}
            for row in view.rows:
                if row.kind != "work" or row.task_id is None:
                    continue
                same = kept.get((row.start, row.end, row.task_id, row.title or ""))
                if same is not None:  # the earlier plan's block, as it was: kept
                    view.applied_block_ids.append(same)
                    continue
                check_free(focus, row.start, row.end, app.now())
                block_id = focus.insert_block(
                    NewBlock(
                        row.title or "",
                        row.start,
                        row.end,
                        row.task_id,
                        BlockSource.PLAN,
                        app.now(),
                    )
                )
                change.journal.created_block(block_id)
                view.applied_block_ids.append(block_id)
            change.label = (
                f"plan --apply {request.day.isoformat()} ({len(view.applied_block_ids)} blocks"
                + (f", {len(replaced)} replaced)" if replaced else ")")
            )
        return view


def propose_plan(app: App, repos: Repos, request: PlanRequest) -> PlanView:
    """The plan ``make_plan`` would propose, read inside the caller's transaction (nothing
    is saved; ``request.apply`` is ignored). InvalidInputError when the window is over."""
    start, end = _window(app, request)
    return _propose(app, repos, request.day, start, end)


def _replaceable(
    repos: Repos, blocks: Sequence[Block], start: datetime, now: datetime
) -> list[Block]:
    """The blocks a new plan replaces: made by a plan, not begun (nor run early), not
    released, starting inside the window."""
    found = [
        b
        for b in blocks
        if b.source is BlockSource.PLAN
        and b.start >= start
        and b.start >= now
        and not b.is_released
    ]
    run_in = repos.focus.blocks_with_sessions([b.id for b in found])
    return [b for b in found if b.id not in run_in]


def _block_key(block: Block) -> tuple[datetime, datetime, int | None, str]:
    return (block.start, block.end, block.task_id, block.title)


def _kept_seconds(block: Block, start: datetime, end: datetime) -> int:
    """The part of a block still set aside that falls in ``[start, end)``."""
    kept = min(block.kept_end, end) - max(block.start, start)
    return max(int(kept.total_seconds()), 0)


def _propose(app: App, repos: Repos, day: date, start: datetime, end: datetime) -> PlanView:
    from microtask.domain.planner import Busy, PlanTask, plan_day
    from microtask.domain.remaining import remaining_seconds
    from microtask.domain.zones import day_bounds

    day_start, day_end = day_bounds(day)  # "due today": before the day ends, not the window
    now = app.now()
    in_window = repos.focus.blocks_overlapping(start.timestamp(), end.timestamp())
    replaces = _replaceable(repos, in_window, start, now)
    replaced_ids = {b.id for b in replaces}
    busy_blocks = [  # what is still set aside in the window (a released part is free)
        b for b in in_window if b.id not in replaced_ids and b.kept_end > max(b.start, start)
    ]
    # A task is booked for what its blocks of the day still hold from now on, in the window
    # or not (a morning block kept by `plan --from 13:00` is not planned again after it).
    booked: dict[int, int] = {}
    for block in repos.focus.blocks_overlapping(day_start.timestamp(), day_end.timestamp()):
        if block.task_id is not None and block.id not in replaced_ids:
            kept = _kept_seconds(block, max(now, day_start), day_end)
            booked[block.task_id] = booked.get(block.task_id, 0) + kept
    candidates = _candidates(repos, day_end)
    work = repos.focus.work_done([t.id for t in candidates])
    tasks: list[PlanTask] = []
    by_id: dict[int, Task] = {}
    for task in candidates:
        remaining = remaining_seconds(task.estimate_seconds, work[task.id])
        if remaining == 0:
            continue  # its steps are done and its estimate asks no more
        if task.id in booked:
            if remaining is None or remaining - booked[task.id] <= 0:
                continue  # already has its time on this day
            remaining -= booked[task.id]
        by_id[task.id] = task
        tasks.append(
            PlanTask(
                id=task.id,
                title=task.title,
                urgency=task.urgency,
                remaining_seconds=remaining,
                due_today=task.due is not None and task.due < day_end,
            )
        )
    settings = app.config.plan_settings
    plan = plan_day(
        start, end, [Busy(b.start, b.kept_end, b.title) for b in busy_blocks], tasks, settings
    )
    needs = {t.id: t.remaining_seconds or settings.work_seconds for t in tasks}
    zone = start.astimezone().tzinfo
    rows = [
        PlanRow(
            start=slot.start.astimezone(zone),
            end=slot.end.astimezone(zone),
            kind=slot.kind,
            task_id=slot.task_id,
            title=None if slot.task_id is None else by_id[slot.task_id].title,
            remaining_seconds=None if slot.task_id is None else needs[slot.task_id],
        )
        for slot in plan.slots
    ]
    not_fitting = [
        Unplanned(i, by_id[i].title, needs[i], plan.planned_seconds.get(i, 0))
        for i in plan.does_not_fit[:SHOWN_NOT_FITTING]
    ]
    proposed = {(r.start, r.end, r.task_id, r.title or "") for r in rows if r.kind == "work"}
    keeps = [b for b in replaces if _block_key(b) in proposed]
    return PlanView(
        day_start=start.astimezone(zone),
        day_end=end.astimezone(zone),
        rows=rows,
        does_not_fit=not_fitting,
        free_seconds=plan.free_seconds,
        planned_seconds=sum(plan.planned_seconds.values()),
        applied_block_ids=[],
        busy=busy_blocks,
        replaces=[b for b in replaces if b not in keeps],
        keeps=keeps,
    )


# -- the agenda -----------------------------------------------------------------------


def day_agenda(app: App, day: date) -> Agenda:
    """The day's blocks and sessions side by side (running sessions as of now)."""
    from dataclasses import replace

    from microtask.domain.agenda import build_agenda
    from microtask.domain.sessions import status_of
    from microtask.domain.zones import day_bounds

    start, end = day_bounds(day)
    with app.reading() as repos:
        from microtask.services.assist import visible_only

        blocks = visible_only(
            repos, repos.focus.blocks_overlapping(start.timestamp(), end.timestamp())
        )
        sessions = visible_only(
            repos, repos.focus.sessions_overlapping(start.timestamp(), end.timestamp())
        )
        status = status_of(repos.focus.activity(), app.now())
        lineage = repos.focus.ancestors(
            sorted({s.task_id for s in sessions if s.task_id is not None})
        )
    running_id = None if status.activity is None else status.activity.session_id
    sessions = [
        replace(s, focus_seconds=status.focus_seconds)
        if s.id == running_id and s.outcome is SessionOutcome.RUNNING
        else s
        for s in sessions
    ]
    return build_agenda(start, end, blocks, sessions, app.now(), lineage)
