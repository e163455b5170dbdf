"""Blocks changed after the fact: by hand (``block move``/``block edit``) and by their
tasks (a closed task releases the rest of its blocks). Both are undoable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from microtask.domain.errors import InvalidInputError, NotFoundError
from microtask.domain.model import Status
from microtask.domain.record import record
from microtask.domain.sessions import Block, BlockSource
from microtask.domain.timeofday import TimeOfDay
from microtask.services.app import App, Change, require_task, short
from microtask.services.blocks import check_free, open_task


def follow_tasks(change: Change, block_ids: Sequence[int], now: datetime) -> None:
    """Blocks follow their tasks: the rest of a block whose task this change closed (done,
    dropped, delegated, deleted) is released from ``now``; a block whose task is open again
    is kept again. Journaled, so ``undo`` brings a released block back. ``block_ids``: the
    blocks of the tasks it touched (``Journal.blocks_of_touched_tasks``)."""
    blocks = change.focus.blocks_by_id(block_ids, ending_after_ts=now.timestamp())
    if not blocks:
        return
    statuses = change.tasks.statuses(sorted({b.task_id for b in blocks if b.task_id is not None}))
    release: list[int] = []
    keep: list[int] = []
    for block in blocks:
        is_open = block.task_id is not None and statuses.get(block.task_id) is Status.OPEN
        if not is_open and block.released_at is None:
            release.append(block.id)
        elif is_open and block.released_at is not None and block.released_at < block.end:
            keep.append(block.id)
    change.journal.remember_blocks([*release, *keep])
    change.focus.set_released(release, int(now.timestamp()))
    change.focus.set_released(keep, None)


@record
class BlockEdit:
    """What ``block move``/``block edit`` change; ``None``: keep it as it is."""

    start: datetime | TimeOfDay | None = None
    """A new start: an instant, or a time of day on the block's own day."""
    seconds: int | None = None
    task_id: int | None = None
    title: str | None = None
    force: bool = False
    """Allow an overlap with another block."""


def edit_block(app: App, block_id: int, edit: BlockEdit, label: str = "block edit") -> Block:
    """Move, resize, retitle or re-task a block (undoable); an overlap with another block is
    refused (ConflictError, naming it) unless ``edit.force``."""
    from microtask.domain.focus_edits import NewBlock

    if edit.seconds is not None and edit.seconds <= 0:
        raise InvalidInputError("--length must be more than 0, e.g. 25m or 1h30m")
    with app.changing(label) as change:
        focus = change.focus
        block = focus.get_block(block_id)
        if block is None:
            raise NotFoundError(f"no block with id {block_id}: see `microtask block list`")
        start = block.start
        if isinstance(edit.start, datetime):
            start = edit.start
        elif edit.start is not None:
            from microtask.domain.zones import at_local_time

            start = at_local_time(block.start.astimezone().date(), edit.start)
        seconds = edit.seconds if edit.seconds is not None else block.seconds
        end = start + timedelta(seconds=seconds)
        task_id = block.task_id
        title = block.title
        if edit.task_id is not None:
            task = open_task(require_task(change.tasks, edit.task_id))
            task_id = task.id
            if edit.title is None and block.task_id is not None and block.title == block.task_title:
                title = task.title  # a block named after its task follows the new task
        if edit.title is not None:
            title = edit.title
        if not edit.force:
            check_free(focus, start, end, app.now(), exclude=[block.id], forcible=True)
        change.journal.remember_blocks([block.id])
        # A block changed by hand is yours from then on: re-planning keeps it.
        focus.update_block(
            block.id, NewBlock(title, start, end, task_id, BlockSource.MANUAL, block.start)
        )
        changed = focus.get_block(block.id)
        assert changed is not None
        change.label = f"{label} {block.id} {short(title)!r}"
        return changed
