"""The Taskwarrior reader, record by record (the trip through our own export is in
test_round_trips.py, whole files through the CLI in tests/cli/test_transfer.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import NOTHING_SAID, Priority, Status
from microtask.importers import taskwarrior

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_each_field_of_a_record_lands_in_its_own_place() -> None:
    # Every date differs from every other, so a value put in a neighbour's place (the
    # reader builds the task by position) shows.
    task = taskwarrior.one_task(
        {
            "uuid": "6F3D88F7-F4B1-4646-B3BE-40F5515C6123",
            "description": "  Send the invoices ",
            "status": "completed",
            "entry": "20260101T080000Z",
            "modified": "20260102T080000Z",
            "due": "20260103T080000Z",
            "wait": "20260104T080000Z",
            "scheduled": "20260105T080000Z",
            "end": "20260106T080000Z",
            "priority": "H",
            "mtpriority": "urgent",
            "mtestimate": "1800",
            "project": "admin.billing",
            "tags": ["money", "admin", "money"],
            "annotations": [{"entry": "20260101T080000Z", "description": "from the bank"}],
            "estimate_color": "red",
        },
        "record 1",
        NOW,
    )
    assert task is not None
    day = lambda d: datetime(2026, 1, d, 8, 0, tzinfo=UTC)  # noqa: E731
    assert (task.title, task.status, task.priority) == (
        "Send the invoices",
        Status.DONE,
        Priority.URGENT,
    )
    assert (task.created_at, task.updated_at, task.due, task.wait, task.scheduled) == (
        day(1),
        day(2),
        day(3),
        day(4),
        day(5),
    )
    assert task.done_at == day(6)
    assert (task.estimate_seconds, task.project) == (1800, "admin.billing")
    assert task.notes == "from the bank"  # written when the task was: no time of its own
    assert task.tags == ("admin", "money")  # distinct, sorted
    assert task.uuid == "6f3d88f7-f4b1-4646-b3be-40f5515c6123"
    assert task.extra is not None
    assert json.loads(task.extra) == {"taskwarrior": {"estimate_color": "red"}}
    assert task.triaged_at == NOW
    assert (task.parent_id, task.position, task.criteria) == (None, 0, NOTHING_SAID)
    assert (task.series_id, task.occurrence, task.skipped) == (None, None, 0)


def test_a_bare_record_takes_the_defaults() -> None:
    task = taskwarrior.one_task({"description": "Call the bank"}, "record 1", NOW)
    assert task is not None
    assert (task.status, task.priority, task.created_at, task.updated_at) == (
        Status.OPEN,
        Priority.MEDIUM,
        NOW,
        NOW,
    )
    assert (task.due, task.wait, task.scheduled, task.done_at, task.notes) == (None,) * 5
    assert (task.uuid, task.project, task.tags) == (None, None, ())
    assert task.extra is not None
    assert json.loads(task.extra) == {"taskwarrior": {"priority": None}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20261204T170000Z", datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),
        ("2026-12-04T18:00:00+01:00", datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),
        ("2026-12-04T17:00:00", datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),
    ],
)
def test_a_time_is_read_as_utc_whatever_form_it_comes_in(text: str, expected: datetime) -> None:
    moment = taskwarrior.parse_time(text)
    assert moment == expected
    assert moment.tzinfo is UTC


def test_a_time_that_is_no_time_is_refused_with_the_form_taskwarrior_writes() -> None:
    with pytest.raises(InvalidInputError, match="20261204T170000Z"):
        taskwarrior.parse_time("next tuesday")


@pytest.mark.parametrize("tags", [[1], [["work"]], [{"name": "work"}], ["work", None], 5])
def test_tags_that_are_not_a_list_of_words_refuse_the_record_even_after_good_ones(
    tags: object,
) -> None:
    # The reader checks a list of tags once and keeps what it made of it: a bad list
    # must not pass for a good one it saw before.
    text = json.dumps(
        [
            {"description": "Good", "tags": ["work"]},
            {"description": "Bad", "tags": tags},
            {"description": "Good again", "tags": ["work"]},
        ]
    )
    reading = taskwarrior.read(text, NOW)
    assert [(i.task.title, i.task.tags) for i in reading.tasks] == [
        ("Good", ("work",)),
        ("Good again", ("work",)),
    ]
    assert [(p.where, p.message) for p in reading.problems] == [
        ("record 2", "tags must be a list of words")
    ]


def test_a_record_without_a_priority_keeps_that_it_had_none() -> None:
    task = taskwarrior.one_task({"description": "No priority"}, "record 1", NOW)
    assert task is not None
    assert task.priority is Priority.MEDIUM
    assert json.loads(task.extra or "") == {"taskwarrior": {"priority": None}}
