"""Exporter then importer, for any task: what comes back is what went out (Hypothesis).
The real Taskwarrior and todo.sh read the same files in tests/cli/test_transfer_clients.py."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.model import Priority, Status, Task
from microtask.exporters.tasks import taskwarrior_object, todotxt_line
from microtask.importers import taskwarrior, todotxt

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

word = st.text(
    st.characters(whitelist_categories=("L", "N"), max_codepoint=0x2FFF), min_size=1, max_size=8
)
title_word = word.filter(lambda w: not w[0].isdigit())
moments = st.integers(min_value=0, max_value=3 * 365 * 24 * 3600).map(
    lambda s: NOW - timedelta(seconds=s)
)


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    status = draw(st.sampled_from([Status.OPEN, Status.DONE, Status.DROPPED]))
    created = draw(moments)
    return Task(
        id=1,
        title=" ".join(draw(st.lists(title_word, min_size=1, max_size=6))),
        status=status,
        priority=draw(st.sampled_from(list(Priority))),
        due=draw(st.none() | moments),
        estimate_seconds=draw(st.none() | st.integers(min_value=1, max_value=7 * 24 * 3600)),
        tags=tuple(sorted(set(draw(st.lists(word, max_size=3))))),
        project=draw(st.none() | word),
        parent_id=None,
        position=0,
        notes=draw(st.none() | st.lists(title_word, min_size=1, max_size=3).map(" ".join)),
        created_at=created,
        updated_at=created,
        done_at=created + timedelta(hours=1) if status is Status.DONE else None,
        uuid="0b4a18f2-d4b4-4d1b-8a8a-5f773a8e1bcc",
    )


@given(tasks())
def test_a_task_through_taskwarrior_json_comes_back_whole(task: Task) -> None:
    record = json.loads(json.dumps(taskwarrior_object(task, {})))

    back = taskwarrior.one_task(record, "record 1", NOW)

    assert back is not None
    assert (back.title, back.status, back.priority, back.project, back.tags) == (
        task.title, task.status, task.priority, task.project, task.tags,
    )  # fmt: skip
    assert (back.due, back.estimate_seconds, back.notes, back.uuid) == (
        task.due, task.estimate_seconds, task.notes, task.uuid,
    )  # fmt: skip
    assert back.created_at == task.created_at
    assert back.done_at == task.done_at


@given(tasks().filter(lambda t: t.status is not Status.DROPPED))
def test_a_task_through_a_todotxt_line_keeps_what_todotxt_can_say(task: Task) -> None:
    line = todotxt_line(task)

    back = todotxt.one_task(line, "line 1", NOW)

    assert "\n" not in line
    assert (back.title, back.status, back.tags) == (task.title, task.status, task.tags)
    assert back.priority == task.priority  # on a done line as pri:X, as todo.sh writes it
    assert back.project == task.project
    assert back.created_at.date() == task.created_at.astimezone().date()
    if task.due is None:
        assert back.due is None
    else:
        assert back.due is not None
        assert back.due.date() == task.due.astimezone().date()
    assert back.uuid == todotxt.one_task(line, "line 1", NOW).uuid  # the same line, same uuid


@pytest.mark.parametrize("title", ["x A", "(B) Call the bank", "2026-01-05 Pay rent", "x"])
@pytest.mark.parametrize("status", [Status.OPEN, Status.DONE])
def test_a_title_that_starts_like_a_mark_a_priority_or_a_date_comes_back_as_it_was(
    title: str, status: Status
) -> None:
    task = Task(
        id=1, title=title, status=status, priority=Priority.MEDIUM, due=None,
        estimate_seconds=None, tags=(), project=None, parent_id=None, position=0, notes=None,
        created_at=NOW, updated_at=NOW, done_at=NOW if status is Status.DONE else None,
    )  # fmt: skip

    back = todotxt.one_task(todotxt_line(task), "line 1", NOW)

    assert (back.title, back.status) == (title, status)
