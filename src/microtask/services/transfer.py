"""Moving tasks in and out: imports from other tools' files (one transaction, or nothing),
and the task lists the exporters write."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from microtask.domain.errors import InvalidInputError
from microtask.domain.transfer import (
    SESSIONS,
    Imported,
    ImportSummary,
    Interval,
    IntervalReading,
    Problem,
    Reading,
)

if TYPE_CHECKING:
    from datetime import date, datetime

    from microtask.db.repo import TaskRepo
    from microtask.db.store import Repos
    from microtask.domain.edits import NewTask, TaskChanges
    from microtask.domain.model import Task, TaskFilter
    from microtask.domain.views.calendar import CalendarSpan
    from microtask.services.app import App, Change

PROBLEMS_SHOWN = 5


def import_text(
    app: App, kind: str, text: str, *, dry_run: bool = False, skip_bad: bool = False
) -> ImportSummary:
    """Read ``text`` with the importer named ``kind`` (``microtask.importers.KIND``) and
    store what it holds: tasks, or sessions for a time tracker's file."""
    import gc
    from importlib import import_module

    # An import builds a few objects a record and frees them all at the end, with no
    # cycles to find: Python's cycle collector, rescanning the growing heap as it goes, was
    # a third of reading 100,000 tasks. It is back on before anything else runs.
    collecting = gc.isenabled()
    gc.disable()
    try:
        reading = import_module(f"microtask.importers.{kind}").read(text, app.now())
        if isinstance(reading, IntervalReading):
            return import_sessions(app, kind, reading, dry_run=dry_run, skip_bad=skip_bad)
        return import_tasks(app, kind, reading, dry_run=dry_run, skip_bad=skip_bad)
    finally:
        if collecting:
            gc.enable()


def _problems(found: Sequence[Problem], skip_bad: bool) -> list[str]:
    """The records refused, as lines; unless ``skip_bad``, any at all refuse the import."""
    problems = [str(p) for p in found]
    if problems and not skip_bad:
        shown = "; ".join(problems[:PROBLEMS_SHOWN])
        if len(problems) > PROBLEMS_SHOWN:
            shown += f"; and {len(problems) - PROBLEMS_SHOWN} more"
        raise InvalidInputError(
            f"{shown}: nothing was imported (fix the file, or --skip-bad to import the rest)"
        )
    return problems


def _changes(stored: Task, new: NewTask) -> TaskChanges | None:
    """What an import changes on a task it made before; None when nothing differs."""
    from microtask.domain.edits import KEEP, TaskChanges

    changes = TaskChanges(
        title=new.title if new.title != stored.title else KEEP,
        status=new.status if new.status != stored.status else KEEP,
        priority=new.priority if new.priority != stored.priority else KEEP,
        due=new.due if new.due != stored.due else KEEP,
        project=new.project if new.project != stored.project else KEEP,
        notes=new.notes if new.notes != stored.notes else KEEP,
        done_at=new.done_at if new.done_at != stored.done_at else KEEP,
        extra=new.extra if new.extra != stored.extra else KEEP,
        tags=new.tags if sorted(new.tags) != sorted(stored.tags) else KEEP,
    )
    if changes == TaskChanges():
        return None
    return replace(changes, updated_at=new.updated_at or new.created_at)


def import_tasks(
    app: App, source: str, reading: Reading, *, dry_run: bool = False, skip_bad: bool = False
) -> ImportSummary:
    """Store what ``reading`` holds in one transaction: new UUIDs are added, known ones
    updated where they differ. A refused record stops the import (nothing is written)
    unless ``skip_bad``; ``dry_run`` counts and writes nothing."""
    problems = _problems(reading.problems, skip_bad)
    uuids = [t.task.uuid for t in reading.tasks if t.task.uuid]
    twice = _first_repeated(uuids)
    if twice is not None:
        raise InvalidInputError(f"the file holds uuid {twice} twice: nothing was imported")
    if any(i.parent_uuid for i in reading.tasks):  # most files: no steps at all
        _check_tree({i.task.uuid: i.parent_uuid for i in reading.tasks if i.task.uuid})
    if dry_run:
        with app.reading() as repos:
            to_add, to_update, unchanged = _plan(repos.tasks, reading)
        added, updated = len(to_add), len(to_update)
    else:
        from microtask.db.repo import BULK_ROWS

        with app.changing(f"import {source}", bulk=len(reading.tasks) > BULK_ROWS) as change:
            added, updated, unchanged = _apply(change, reading, app.now())
            change.label = f"import {source}: {added} added, {updated} updated"
            change.settle()
    return ImportSummary(
        source=source,
        added=added,
        updated=updated,
        unchanged=unchanged,
        skipped=dict(reading.skipped),
        unmapped=dict(reading.unmapped.most_common()),
        problems=tuple(problems),
        dry_run=dry_run,
    )


def _check_tree(parents: dict[str, str | None]) -> None:
    """The steps a file names parents for make a tree no deeper than any other."""
    from microtask.domain.model import MAX_DEPTH

    for start, parent in parents.items():
        if parent is None:  # most tasks: no parent, no chain to follow
            continue
        seen, depth = {start}, 1
        node: str | None = parent
        while node is not None:
            if node in seen:
                raise InvalidInputError(
                    f"the file makes task {start} a step of itself (through mtparent):"
                    " nothing was imported"
                )
            depth += 1
            if depth > MAX_DEPTH:
                raise InvalidInputError(
                    f"the file nests task {start} more than {MAX_DEPTH} levels deep:"
                    " nothing was imported"
                )
            seen.add(node)
            node = parents.get(node)


def _first_repeated(values: list[str]) -> str | None:
    if len(set(values)) == len(values):
        return None
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def _plan(
    repo: TaskRepo, reading: Reading
) -> tuple[list[NewTask], list[tuple[int, TaskChanges]], int]:
    known = repo.by_uuid([t.task.uuid for t in reading.tasks if t.task.uuid])
    added: list[NewTask] = []
    updated: list[tuple[int, TaskChanges]] = []
    unchanged = 0
    for item in reading.tasks:
        stored = known.get(item.task.uuid or "")
        if stored is None:
            added.append(item.task)
        elif (changes := _changes(stored, item.task)) is None:
            unchanged += 1
        else:
            updated.append((stored.id, changes))
    return added, updated, unchanged


def _apply(change: Change, reading: Reading, now: datetime) -> tuple[int, int, int]:
    added, updated, unchanged = _plan(change.tasks, reading)
    change.touch([task_id for task_id, _ in updated])
    for task_id, changes in updated:
        change.tasks.update(task_id, changes)
    new_ids = change.tasks.insert_many(added)
    change.created_many(new_ids)
    # Most files link nothing: the tasks with links are found in one pass, not three.
    linked = [i for i in reading.tasks if i.parent_uuid or i.after_uuids or i.every]
    if linked:
        _link_steps(change, linked, set(new_ids))
        _link_after(change, linked, reading)
        _start_series(change, linked, now)
    return len(new_ids), len(updated), unchanged


def _start_series(change: Change, linked: Sequence[Imported], now: datetime) -> None:
    """A task the file says recurs becomes the open instance of a new series (unless it
    is one already, from an earlier import)."""
    from microtask.domain.recurrence import parse_rule
    from microtask.services.series import Recurrence, start_series

    wanted = [i for i in linked if i.task.uuid and i.every]
    if not wanted:
        return
    tasks = change.tasks.by_uuid([i.task.uuid or "" for i in wanted])
    for item in wanted:
        task = tasks.get(item.task.uuid or "")
        if task is None or task.series is not None or task.due is None or not item.every:
            continue
        until = item.until if item.until is None or item.until >= task.due else None
        recurrence = Recurrence(rule=parse_rule(item.every), until=until)
        start_series(change, task, recurrence, now)


def _link_after(change: Change, linked: Sequence[Imported], reading: Reading) -> None:
    """What each task comes after, as the file says; a link to a task neither the file
    nor the store has is counted (under ``unmapped``), and a cycle refuses the import."""
    from microtask.services.tasks import _set_after

    wanted = [i for i in linked if i.task.uuid and i.after_uuids]
    if not wanted:
        return
    tasks = change.tasks.by_uuid(
        sorted({u for i in wanted for u in (i.task.uuid or "", *i.after_uuids)})
    )
    for item in wanted:
        task = tasks[item.task.uuid or ""]
        found = [tasks[u].id for u in item.after_uuids if u in tasks]
        missing = len(item.after_uuids) - len(found)
        if missing:
            reading.unmapped["depends on a task in neither the file nor the store"] += missing
        if sorted(found) != sorted(task.after_ids):
            _set_after(change, change.tasks.get(task.id) or task, found)


def _link_steps(change: Change, linked: Sequence[Imported], new_ids: set[int]) -> None:
    """Put each step the file names a parent for under that parent, in file order."""
    from microtask.domain.edits import TaskChanges

    links = [(i.task.uuid, i.parent_uuid) for i in linked if i.task.uuid and i.parent_uuid]
    if not links:
        return
    tasks = change.tasks.by_uuid(sorted({u for link in links for u in link if u}))
    moves = []
    for position, (child_uuid, parent_uuid) in enumerate(links):
        child, parent = tasks.get(child_uuid or ""), tasks.get(parent_uuid or "")
        if child is not None and parent is not None and child.parent_id != parent.id:
            moves.append((child.id, parent.id, position))
    change.touch([child_id for child_id, _, _ in moves if child_id not in new_ids])
    for child_id, parent_id, position in moves:
        change.tasks.update(child_id, TaskChanges(parent_id=parent_id, position=position))


def tasks_to_export(app: App, filters: TaskFilter) -> list[Task]:
    """Every task ``filters`` match, most urgent first."""
    with app.reading() as repos:
        return repos.tasks.find(filters)


def calendar_span(app: App, first: date, last: date, sessions: bool) -> CalendarSpan:
    """The blocks from the start of ``first`` to the end of ``last`` (local days), the
    sessions recorded in them with ``sessions``, and the open tasks due in them."""
    from microtask.domain.model import Status, TaskFilter
    from microtask.domain.views.calendar import CalendarSpan
    from microtask.domain.zones import day_bounds, local_zone_name

    if last < first:
        raise InvalidInputError(f"--to {last} is before --from {first}: give a later --to")
    if (last - first).days > 3660:
        raise InvalidInputError("a calendar export covers at most ten years: narrow --from/--to")
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    with app.reading() as repos:
        blocks = repos.focus.blocks_overlapping(start.timestamp(), end.timestamp())
        found = repos.focus.sessions_overlapping(start.timestamp(), end.timestamp())
        due = repos.tasks.find(
            TaskFilter(statuses=(Status.OPEN,), due_from=start, due_before=end, waiting=None)
        )
    return CalendarSpan(
        start=start,
        end=end,
        zone=local_zone_name(),
        blocks=blocks,
        sessions=[s for s in found if s.end is not None] if sessions else [],
        due=due,
    )


def import_sessions(
    app: App,
    source: str,
    reading: IntervalReading,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
) -> ImportSummary:
    """Tracked time from Watson or Timewarrior as sessions, in one transaction: each on the
    task titled as its project or tags (made, done, under the project ``imported`` when
    there is none). An interval that overlaps a session already recorded (or one earlier
    in the file) is counted and left out, so importing the same file twice adds nothing."""
    from microtask.services.app import Change

    problems = _problems(reading.problems, skip_bad)
    skipped = Counter(reading.skipped)
    intervals = sorted(reading.intervals, key=lambda i: (i.start, i.end))
    labels = sorted({i.label for i in intervals})
    names = sorted({n for i in intervals for n in i.names} | set(labels))
    from microtask.db.repo import BULK_ROWS

    bulk = len(intervals) > BULK_ROWS
    with app.changing(f"import {source}", bulk=bulk) if not dry_run else app.reading() as repos:
        known = repos.tasks.ids_titled(names)
        intervals = [_aimed(i, known) for i in intervals]
        labels = sorted({i.label for i in intervals})
        taken = _free(repos, intervals)
        kept = [i for i, free in zip(intervals, taken, strict=True) if free]
        overlapping = len(intervals) - len(kept)
        if overlapping:
            skipped["overlaps a session already recorded"] += overlapping
        missing = [
            label for label in labels if label not in known and any(i.label == label for i in kept)
        ]
        if not dry_run:
            assert isinstance(repos, Change)
            known.update(_made_for(repos, missing, app.now()))
            session_ids = repos.focus.insert_manual_sessions(
                [
                    (
                        known[interval.label],
                        interval.start.timestamp(),
                        interval.end.timestamp(),
                        interval.note,
                    )
                    for interval in kept
                ]
            )
            repos.journal.created_sessions(session_ids)
            if kept:
                longest = max(i.end.timestamp() - i.start.timestamp() for i in kept)
                repos.focus.note_session_length(longest)
            repos.label = f"import {source}: {len(kept)} sessions"
    return ImportSummary(
        source=source,
        added=len(kept),
        updated=0,
        unchanged=0,
        skipped=dict(skipped),
        unmapped={},
        problems=tuple(problems),
        dry_run=dry_run,
        kind=SESSIONS,
        tasks_created=len(missing),
    )


def _aimed(interval: Interval, known: dict[str, int]) -> Interval:
    """``interval`` going to the first existing task its names give, if any."""
    from dataclasses import replace

    for name in interval.names:
        if name in known:
            return replace(interval, label=name)
    return interval


def _free(repos: Repos | Change, intervals: Sequence[Interval]) -> list[bool]:
    """For each interval (sorted by start), whether it shares no time with a recorded
    session nor with an earlier interval that is kept."""
    import bisect
    from itertools import accumulate

    if not intervals:
        return []
    first = intervals[0].start.timestamp()
    last = max(i.end.timestamp() for i in intervals)
    recorded = sorted(
        (s.start.timestamp(), (s.end or s.start).timestamp())
        for s in repos.focus.sessions_overlapping(first, last)
    )
    starts = [start for start, _ in recorded]
    latest_end = list(accumulate((end for _, end in recorded), max))
    kept_until = float("-inf")  # the latest end of the intervals kept so far
    free = []
    for interval in intervals:
        start, end = interval.start.timestamp(), interval.end.timestamp()
        # Of the sessions that start before this one ends, does any end after it starts?
        before = bisect.bisect_left(starts, end)
        clash = (before > 0 and latest_end[before - 1] > start) or kept_until > start
        free.append(not clash)
        if not clash:
            kept_until = max(kept_until, end)
    return free


def _made_for(change: Change, labels: Sequence[str], now: datetime) -> dict[str, int]:
    """Done tasks, under the project ``imported``, for the time no task was named for."""
    from microtask.domain.edits import NewTask
    from microtask.domain.model import Status

    made = change.tasks.insert_many(
        [
            NewTask(
                title=label,
                created_at=now,
                status=Status.DONE,
                done_at=now,
                project="imported",
                triaged_at=now,
            )
            for label in labels
        ]
    )
    for task_id in made:
        change.created(task_id)
    return dict(zip(labels, made, strict=True))
