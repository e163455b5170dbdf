"""The task JSON SQLite writes (``db.task_json``, what `list --json` streams) is the text
``exporters.task_json.task_object`` gives, byte for byte, in every time zone; the rows it
cannot write are handed back to be built the Python way."""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from microtask.db import task_json
from microtask.db.task_json import LOCAL_FROM, LOCAL_UNTIL, LocalOffsets
from microtask.domain.edits import NewTask, TaskChanges
from microtask.domain.model import Priority, Status, TaskCriteria, TaskFilter
from microtask.exporters.task_json import ENCODE, task_object
from microtask.format import json_minutes
from microtask.services import App
from tests.factories import T0, make_app, session

ZONES = ("UTC", "Europe/Paris", "America/St_Johns", "Australia/Adelaide", "Asia/Kathmandu")
"""Whole hours, a negative half hour, a half hour with summer time, a 45-minute offset."""


@pytest.fixture
def zone() -> Iterator[None]:
    """Restores the process's local zone (the tests set TZ: both Python's and SQLite's
    local times read it)."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def _in_zone(name: str) -> None:
    os.environ["TZ"] = name
    time.tzset()


def both_ways(app: App, whole: bool = False) -> list[tuple[int, str | None, str]]:
    """For every task: its id, the store's text (None: build it in Python), Python's text;
    ``whole``: the store's text as a long stream writes it (every stretch of the local
    offset in one statement), else as a short list does (the stretches its times span)."""
    task_json.LOCAL_OFFSETS = LocalOffsets()
    task_json.LOCAL_OFFSETS.written = task_json.WHOLE_RANGE_FROM if whole else -(10**9)
    with app.reading() as repos:
        ids, urgencies = repos.tasks.find_ranked(TaskFilter(statuses=None))
        texts = next(repos.tasks.json_texts_of([(ids, None)]))
        ranked = next(repos.tasks.json_texts_of([(ids, urgencies)]))
        assert ranked == texts  # the ranking's urgencies, or worked out again
        python = {t.id: ENCODE(task_object(t)) for t in repos.tasks.get_many(ids)}
    return [(i, text, python[i]) for i, text in zip(ids, texts, strict=True)]


HOSTILE = st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40
)  # control characters, quotes, backslashes, U+2028, astral: anything but lone surrogates
MOMENTS = st.integers(min_value=LOCAL_FROM, max_value=LOCAL_UNTIL).map(
    lambda ts: datetime.fromtimestamp(ts, UTC)
)


@st.composite
def new_tasks(draw: st.DrawFn) -> NewTask:
    maybe = st.none() | MOMENTS
    return NewTask(
        title=draw(HOSTILE.filter(bool)),
        created_at=draw(MOMENTS),
        updated_at=draw(maybe),
        priority=draw(st.sampled_from(Priority)),
        status=draw(st.sampled_from(Status)),
        due=draw(maybe),
        done_at=draw(maybe),
        wait=draw(maybe),
        scheduled=draw(maybe),
        estimate_seconds=draw(st.none() | st.integers(0, 10**7)),
        project=draw(st.none() | HOSTILE),
        notes=draw(st.none() | HOSTILE),
        tags=tuple(draw(st.lists(HOSTILE.filter(bool), max_size=3, unique=True))),
        criteria=TaskCriteria(
            repetitive=draw(st.none() | st.booleans()),
            time_sensitive=draw(st.none() | st.booleans()),
            critical=draw(st.none() | st.booleans()),
            directions=draw(st.none() | st.sampled_from(["simple", "moderate", "complex"])),
            know_how=draw(st.none() | st.booleans()),
            hours_per_week=draw(st.none() | st.floats(0, 80, allow_nan=False)),
            category=draw(st.none() | st.sampled_from(["BPO", "KPO", "TSO", "VA"])),
        ),
        uuid=draw(st.none() | st.uuids().map(str)),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tasks=st.lists(new_tasks(), min_size=1, max_size=6),
    zone_name=st.sampled_from(ZONES),
    focus=st.lists(st.floats(0.01, 500, allow_nan=False), max_size=3),
    whole=st.booleans(),
)
def test_the_store_writes_the_same_text_as_python_for_any_task_in_any_zone(
    tmp_path_factory: pytest.TempPathFactory,
    zone: None,
    tasks: list[NewTask],
    zone_name: str,
    focus: list[float],
    whole: bool,
) -> None:
    _in_zone(zone_name)
    app = make_app(str(tmp_path_factory.mktemp("json") / "t.db"))
    first, *rest = tasks
    with app.changing("seed") as change:
        top = change.tasks.insert(first)
        ids = [top, *change.tasks.insert_many([replace(t, parent_id=top) for t in rest])]
        change.tasks.refresh_static(ids)
        change.tasks.set_after(ids[-1], ids[:-1])
    for minutes in focus:
        session(app, ids[-1], T0, T0 + timedelta(minutes=minutes), minutes)

    ties = {n + 1 for n, t in enumerate(tasks) if t.estimate_seconds and _a_tie(t.estimate_seconds)}
    if _a_tie(sum(minutes * 60 for minutes in focus)):
        ties.add(ids[-1])
    for task_id, text, python in both_ways(app, whole):
        assert text == python or (text is None and task_id in ties), task_id


PARIS_CHANGES = (1616893200, 1635642000)
"""Paris's 2021 summer time: from 2021-03-28 01:00 UTC to 2021-10-31 01:00 UTC."""


@pytest.mark.parametrize("whole", [False, True], ids=["short-list", "long-stream"])
def test_the_seconds_around_a_change_of_offset_have_the_offset_python_gives(
    tmp_path: Path, zone: None, whole: bool
) -> None:
    _in_zone("Europe/Paris")
    app = make_app(str(tmp_path / "t.db"))
    moments = [
        datetime.fromtimestamp(change + delta, UTC)
        for change in PARIS_CHANGES
        for delta in (-3601, -1, 0, 1, 3600)
    ]
    with app.changing("seed") as change:
        for when in moments:
            change.tasks.insert(NewTask("Edge", when, due=when, updated_at=when))
    found = both_ways(app, whole)
    assert len(found) == len(moments)
    assert all(text == python for _, text, python in found)
    texts = [str(text) for _, text, _ in found]
    assert '"due": "2021-03-28T01:59:59+01:00"' in texts[1]
    assert '"due": "2021-03-28T03:00:00+02:00"' in texts[2]
    assert '"due": "2021-10-31T02:59:59+02:00"' in texts[6]
    assert '"due": "2021-10-31T02:00:00+01:00"' in texts[7]


LENGTHS = st.sampled_from([0, 86_400, 40 * 86_400, 365 * 86_400, 4 * 365 * 86_400]) | st.integers(
    0, 4 * 365 * 86_400
)
"""How long a span asked for is: often long enough to hold changes of offset."""


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    zone_name=st.sampled_from([*ZONES, "America/Noronha", "Africa/Cairo", "Pacific/Apia"]),
    spans=st.lists(
        st.tuples(st.integers(LOCAL_FROM, LOCAL_UNTIL), LENGTHS),
        min_size=1,
        max_size=4,
    ),
    probes=st.lists(st.integers(0, 10**9), min_size=1, max_size=20),
)
def test_the_stretches_of_any_span_give_the_offset_localtime_gives_at_every_second(
    zone: None, zone_name: str, spans: list[tuple[int, int]], probes: list[int]
) -> None:
    """Spans asked one after another (each may extend what is known either way): the
    stretch holding a second has that second's offset, and none follows one like it."""
    _in_zone(zone_name)
    offsets = LocalOffsets()
    for start, length in spans:
        first, last = start, min(start + length, LOCAL_UNTIL)
        stretches = offsets.covering(first, last)
        assert stretches[0][0] <= first
        assert all(a[0] < b[0] and a[1] != b[1] for a, b in itertools.pairwise(stretches))
        for probe in probes:
            second = first + probe % (last - first + 1)
            held = [offset for begin, offset in stretches if begin <= second][-1]
            assert held == time.localtime(second).tm_gmtoff, (zone_name, second)


def test_steps_after_links_focus_and_answers_come_out_as_python_writes_them(
    tmp_path: Path, zone: None
) -> None:
    _in_zone("Europe/Paris")
    app = make_app(str(tmp_path / "t.db"))
    with app.changing("seed") as change:
        parent = change.tasks.insert(NewTask("Launch", T0, tags=("web", "next")))
        steps = [
            change.tasks.insert(NewTask(f"Step {n}", T0, parent_id=parent, position=3 - n))
            for n in range(3)
        ]
        change.tasks.set_after(steps[0], [steps[2], steps[1]])
        answered = change.tasks.insert(
            NewTask(
                'Say "hi"\n\\ \u2028 \x1b[31m',
                T0,
                criteria=TaskCriteria(True, False, None, "simple", False, 2.5, "VA"),
                estimate_seconds=100,
            )
        )
        change.tasks.refresh_static([parent, *steps, answered])
    session(app, answered, T0, T0 + timedelta(minutes=7), 6.5)

    found = {task_id: (text, python) for task_id, text, python in both_ways(app)}
    assert all(text == python for text, python in found.values())
    assert '"subtask_ids": [' + ", ".join(map(str, reversed(steps))) + "]" in found[parent][0]
    assert f'"after": [{steps[1]}, {steps[2]}]' in str(found[steps[0]][0])


@pytest.mark.parametrize(
    "when",
    [datetime(1969, 7, 20, 20, 17, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)],
    ids=["before-1970", "after-2037"],
)
def test_a_time_sqlite_would_map_onto_another_year_is_left_to_python(
    tmp_path: Path, zone: None, when: datetime
) -> None:
    """SQLite's localtime maps years outside 1970-2037 onto that range (a zone's rules then
    may differ): such a task comes back None, and Python writes it."""
    _in_zone("Europe/Paris")
    app = make_app(str(tmp_path / "t.db"))
    with app.changing("seed") as change:
        far = change.tasks.insert(NewTask("Far", T0, due=when))
        near = change.tasks.insert(NewTask("Near", T0, due=T0))
    found = {task_id: text for task_id, text, _ in both_ways(app)}
    assert found[far] is None
    assert found[near] is not None


def test_a_series_instance_is_left_to_python(tmp_path: Path) -> None:
    """Its ``next_due`` comes from the recurrence rules, which SQL does not know."""
    from microtask.domain.recurrence import parse_rule
    from microtask.services.series import Recurrence
    from tests.factories import add

    app = make_app(str(tmp_path / "t.db"))
    plain = add(app, "Plain")
    chore = add(app, "Water the plants", recurrence=Recurrence(parse_rule("week")), due=T0)
    found = {task_id: text for task_id, text, _ in both_ways(app)}
    assert found[chore] is None
    assert found[plain] is not None


def _plan(path: Path) -> list[str]:
    import sqlite3
    from contextlib import closing

    make_app(str(path)).open()
    statement = task_json._select("0", True, [(LOCAL_FROM, 0)])
    with closing(sqlite3.connect(path)) as conn:
        return [
            row[3]
            for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}", {"json_ids": "[1, 2]"})
        ]


def test_each_tasks_focus_total_is_summed_in_the_sessions_index(tmp_path: Path) -> None:
    """Migration 13: the sessions-by-task index holds the focus time, so a task's total
    reads no session row (``list --json`` at 1,000,000 sessions: 2.5 s -> 1.4 s)."""
    plan = _plan(tmp_path / "t.db")
    assert "SEARCH sessions USING COVERING INDEX ix_sessions_task (task_id=?)" in plan


def test_tags_steps_and_links_come_in_an_indexs_order_with_no_sort(tmp_path: Path) -> None:
    """A task's tags, steps and the tasks it comes after are read along an index that
    holds them in order: no sort or subquery per task (``group_concat`` keeps the order it
    reads); the ids are read in the order asked, each by its key."""
    plan = _plan(tmp_path / "t.db")
    assert plan[:2] == [
        "SCAN c VIRTUAL TABLE INDEX 1:",
        "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
    ]
    key = "USING COVERING INDEX sqlite_autoindex_task_{}_1 (task_id=?)"
    assert f"SEARCH task_tags {key.format('tags')}" in plan
    assert f"SEARCH task_deps {key.format('deps')}" in plan
    assert "SEARCH tasks USING COVERING INDEX ix_tasks_parent (parent_id=?)" in plan  # steps
    assert not [step for step in plan if "TEMP B-TREE" in step or "CO-ROUTINE" in step]


def test_tags_added_in_any_order_come_out_sorted(tmp_path: Path) -> None:
    app = make_app(str(tmp_path / "t.db"))
    with app.changing("seed") as change:
        first = change.tasks.insert(NewTask("Tagged", T0, tags=("zebra", "Émile", "alpha")))
        change.tasks.insert(NewTask("Other", T0, tags=("b",)))
        change.tasks.update(first, TaskChanges(tags=("mid", "zebra", "alpha", "aa")))
    found = {task_id: (text, python) for task_id, text, python in both_ways(app)}
    text, python = found[first]
    assert text == python
    assert '"tags": ["aa", "alpha", "mid", "zebra"]' in str(text)


def _minutes_by_sqlite(value: float) -> tuple[bool, str]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(":memory:")) as conn:
        exact, text = conn.execute(
            f"SELECT {task_json.minutes_exact('v')}, {task_json.minutes_sql('v')}"
            " FROM (SELECT ? AS v)",
            (value,),
        ).fetchone()
    return bool(exact), str(text)


def _a_tie(seconds: float) -> bool:
    """Whether ``seconds`` in minutes lies on a half hundredth, exactly worked out, within
    twice the bound SQLite's rounding leaves out (its test of the bound is rounded too:
    790111701324.2992 s is 0.0013 from a tie, and its bound 0.0013)."""
    from fractions import Fraction

    hundredths = Fraction(seconds) / 60 * 100
    distance = abs(hundredths - int(hundredths) - Fraction(1, 2))
    return distance <= 2 * hundredths * Fraction(1e-15)


@settings(max_examples=400, deadline=None)
@given(
    st.integers(0, task_json.MINUTES_BELOW - 1)
    | st.floats(0, task_json.MINUTES_BELOW, exclude_max=True)
    | st.integers(0, 10**6).map(lambda n: n * 0.3)  # tenths of a second, near the ties
)
@example(7.5)  # 0.125 min: a tie, which Python rounds to even
@example(790111701324.2992)  # at the bound
@example(0)
@example(60)
@example(100)  # 1.67
@example(90)  # 1.5
@example(task_json.MINUTES_BELOW - 1)
def test_sqlite_writes_minutes_as_python_does_and_leaves_only_a_tie_to_it(
    seconds: float,
) -> None:
    exact, text = _minutes_by_sqlite(seconds)
    if exact:
        assert text == json.dumps(json_minutes(seconds))
    else:
        assert _a_tie(seconds)


@pytest.mark.parametrize("seconds", [-60, -1.5, float(task_json.MINUTES_BELOW), 1e300])
def test_a_duration_out_of_range_is_left_to_python(seconds: float) -> None:
    assert _minutes_by_sqlite(seconds)[0] is False
