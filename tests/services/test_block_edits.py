"""Blocks that follow their tasks, and blocks changed by hand (services/block_edits.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from microtask.domain.errors import ConflictError
from microtask.domain.sessions import Block, BlockSource
from microtask.domain.timeofday import TimeOfDay
from microtask.services import App, complete_tasks, undo
from microtask.services.block_edits import BlockEdit, edit_block
from microtask.services.blocks import add_block, list_blocks
from microtask.services.tasks import drop_tasks, remove_tasks
from tests.factories import MONDAY, T0, add, stored_rows


def blocks(app: App) -> dict[int, Block]:
    return {b.id: b for b in list_blocks(app, MONDAY)}


def test_closing_a_task_releases_its_future_blocks_from_now_and_not_its_past_ones(
    app: App,
) -> None:
    task = add(app, "Write")
    past = add_block(app, MONDAY, TimeOfDay(8, 0), TimeOfDay(9, 0), None, task).id
    running = add_block(app, MONDAY, TimeOfDay(9, 30), TimeOfDay(10, 30), None, task).id
    future = add_block(app, MONDAY, TimeOfDay(14, 0), TimeOfDay(15, 0), None, task).id

    complete_tasks(app, [task])

    after = blocks(app)
    assert after[past].released_at is None
    assert after[running].released_at == T0  # it is 10:00: the last half hour is free
    assert after[running].kept_end == T0
    assert after[future].is_released
    undo(app)
    assert all(b.released_at is None for b in blocks(app).values())


def test_closing_a_parent_releases_the_blocks_of_its_steps_too(app: App) -> None:
    parent = add(app, "Parent")
    step = add(app, "Step", parent_id=parent)
    block = add_block(app, MONDAY, TimeOfDay(14, 0), TimeOfDay(15, 0), None, step).id

    drop_tasks(app, [parent])

    assert blocks(app)[block].is_released


def test_deleting_a_task_releases_its_blocks_and_undo_gives_them_back_linked(app: App) -> None:
    task = add(app, "Write")
    block = add_block(app, MONDAY, TimeOfDay(14, 0), TimeOfDay(15, 0), None, task).id
    before = stored_rows(app)

    remove_tasks(app, [task])
    assert blocks(app)[block].is_released
    assert blocks(app)[block].task_id is None
    undo(app)

    assert stored_rows(app) == before


def test_a_change_that_touches_no_block_writes_no_block(app: App) -> None:
    task = add(app, "Write")
    other = add(app, "Other")
    block = add_block(app, MONDAY, TimeOfDay(14, 0), TimeOfDay(15, 0), None, other).id

    complete_tasks(app, [task])

    assert blocks(app)[block].released_at is None


def test_an_edited_block_becomes_manual_and_an_overlap_is_refused_unless_forced(
    app: App,
) -> None:
    first = add_block(app, MONDAY, TimeOfDay(11, 0), TimeOfDay(12, 0), "A", None).id
    add_block(app, MONDAY, TimeOfDay(13, 0), TimeOfDay(14, 0), "B", None)
    before = stored_rows(app, journal=True)

    with pytest.raises(ConflictError, match="block 2 13:00-14:00 'B'"):
        edit_block(app, first, BlockEdit(start=TimeOfDay(12, 30)))
    assert stored_rows(app, journal=True) == before
    moved = edit_block(app, first, BlockEdit(start=TimeOfDay(12, 30), force=True))

    assert (moved.start, moved.end) == (T0 + timedelta(hours=2.5), T0 + timedelta(hours=3.5))
    assert moved.source is BlockSource.MANUAL
