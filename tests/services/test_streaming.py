"""Every task of a long listing is read a bounded chunk at a time (issue 11): what comes
out is what loading them all at once gave, in the same order."""

from __future__ import annotations

import json

import pytest

from microtask.domain.model import Priority, Status, TaskFilter
from microtask.services import App
from microtask.services import tasks as task_service
from microtask.services.tasks import each_task
from microtask.services.triage import triage_stream
from tests.factories import add

OPEN = TaskFilter(statuses=(Status.OPEN,))


@pytest.fixture
def many(app: App) -> App:
    for n in range(23):
        priority = (Priority.LOW, Priority.HIGH, Priority.URGENT)[n % 3]
        task_id = add(app, f"Task {n}", priority=priority, tags=("a", "b") if n % 2 else ())
        if n % 5 == 0:
            add(app, f"Step of {n}", parent_id=task_id)
    return app


def test_streamed_tasks_are_the_listing_in_its_order_chunk_after_chunk(
    many: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(task_service, "STREAM_CHUNK", 4)
    with many.reading() as repos:
        whole = repos.tasks.find(OPEN)
    assert list(each_task(many, OPEN)) == whole
    assert len(whole) == 28


def test_the_stream_follows_the_filters(many: App) -> None:
    tagged = TaskFilter(statuses=(Status.OPEN,), tag="a")
    with many.reading() as repos:
        whole = repos.tasks.find(tagged)
    assert [t.id for t in each_task(many, tagged)] == [t.id for t in whole]
    assert whole
    assert all("a" in t.tags for t in whole)


def test_the_triage_stream_is_the_queue_with_its_reasons(
    many: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microtask.services import triage

    monkeypatch.setattr(triage, "_BATCH", 5)
    with many.reading() as repos:
        entries = repos.triage.queue(many.config.urgency, many.now_ts())
    items = triage_stream(many)
    found = list(items)
    assert [(i.task.id, i.reasons) for i in found] == [(e.task_id, e.reasons) for e in entries]
    assert items.total == len(entries) > 5
    from microtask.exporters.triage_json import item_chunks

    read = [json.loads(text) for chunk in item_chunks(items.json_chunks()) for text in chunk]
    assert [(t["id"], t["urgency"]) for t in read] == [(e.task_id, e.urgency) for e in entries]


def test_once_read_to_the_end_the_streams_leave_the_store_free_for_writes(many: App) -> None:
    items = triage_stream(many)
    assert list(items)
    assert list(each_task(many, OPEN))
    assert add(many, "Written after the streams") > 0


def test_json_of_a_head_and_a_streamed_list_parses_as_the_whole_object(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from microtask.cli.common import print_json_with_list

    items = [{"id": n, "t": "é\u2028"} for n in range(2500)]
    print_json_with_list({"total": 7}, "tasks", iter(items))
    text = capsys.readouterr().out
    assert json.loads(text) == {"total": 7, "tasks": items}
    assert text.count("\n") == 2500 + 2  # one element a line
    print_json_with_list({"total": 0}, "tasks", iter([]))
    assert capsys.readouterr().out == '{"total": 0, "tasks": []}\n'


def test_the_json_texts_are_the_task_objects_encoded_python_ones_included(
    many: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite writes most texts; a series instance comes as its task (the caller encodes
    it), in its place of the order."""
    from microtask.domain.recurrence import parse_rule
    from microtask.exporters.task_json import ENCODE, task_chunks, task_object
    from microtask.services.series import Recurrence
    from tests.factories import T0

    chore = add(many, "Water the plants", recurrence=Recurrence(parse_rule("week")), due=T0)
    monkeypatch.setattr(task_service, "STREAM_CHUNK", 4)
    stream = each_task(many, OPEN)
    chunks = list(stream.json_chunks())
    items = [item for chunk in chunks for item in chunk]
    assert [len(chunk) for chunk in chunks] == [4] * 7 + [1]
    assert [ENCODE(task_object(t)) for t in stream] == [
        text for chunk in task_chunks(chunks) for text in chunk
    ]
    built_in_python = [i.id for i in items if not isinstance(i, str)]
    if many.location.startswith("postgresql"):  # SQL writes none there: every task comes
        assert len(built_in_python) == len(items)
    else:
        assert built_in_python == [chore]


def test_the_triage_json_texts_carry_each_task_with_its_reasons(
    many: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microtask.exporters.task_json import ENCODE
    from microtask.exporters.triage_json import item_chunks, item_object
    from microtask.services import triage

    monkeypatch.setattr(triage, "_BATCH", 5)
    monkeypatch.setattr(task_service, "STREAM_CHUNK", 5)
    stream = triage_stream(many)
    texts = [text for chunk in item_chunks(stream.json_chunks()) for text in chunk]
    assert texts == [ENCODE(item_object(i)) for i in stream]
    assert all(json.loads(t)["reasons"] for t in texts)
