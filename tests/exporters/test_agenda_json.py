"""``agenda --json``: stable keys, ISO times with the local offset, minutes to 2 decimals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.agenda import build_agenda
from microtask.domain.sessions import Block, BlockSource, Session, SessionKind, SessionOutcome
from microtask.exporters.agenda_json import agenda_object

PARIS = ZoneInfo("Europe/Paris")  # the zone tests run in (tests/conftest.py)


def at(hh_mm: str, day: int = 23) -> datetime:
    hours, minutes = map(int, hh_mm.split(":"))
    return datetime(2026, 11, day, hours, minutes, tzinfo=PARIS).astimezone(UTC)


DAY_START, DAY_END = at("00:00"), at("00:00", day=24)
NOW = at("15:00")


def sample() -> dict[str, object]:
    blocks = [
        Block(1, "Deep work", at("09:00"), at("10:30"), 1, BlockSource.PLAN, "Report"),
        Block(2, "Admin", at("13:00"), at("14:00"), 9),
    ]
    sessions = [
        Session(
            7,
            SessionKind.POMODORO,
            1,
            at("09:00"),
            at("09:25"),
            1500.0,
            0.0,
            SessionOutcome.COMPLETED,
            "Report",
            1,
        ),
        Session(
            8,
            SessionKind.TRACKED,
            3,
            at("10:20"),
            at("10:40"),
            1000.0,
            200.0,
            SessionOutcome.INTERRUPTED,
            "Invoices",
        ),
    ]
    return agenda_object(build_agenda(DAY_START, DAY_END, blocks, sessions, NOW))


def test_the_agenda_object_has_stable_keys_and_values() -> None:
    data = sample()
    assert list(data) == [
        "day",
        "start",
        "end",
        "planned_minutes",
        "focus_minutes",
        "on_plan_minutes",
        "unplanned_minutes",
        "off_task_minutes",
        "released_minutes",
        "blocks",
        "sessions",
        "differences",
    ]
    assert data["day"] == "2026-11-23"
    assert data["start"] == "2026-11-23T00:00:00+01:00"
    assert data["end"] == "2026-11-24T00:00:00+01:00"
    assert data["planned_minutes"] == 150.0
    assert data["focus_minutes"] == 41.67  # 25m + 1000s
    assert data["on_plan_minutes"] == 25.0
    # The second session: half in the block (on another task), half outside any block.
    assert data["unplanned_minutes"] == 16.67
    assert data["off_task_minutes"] == 8.33
    assert data["blocks"] == [
        {
            "id": 1,
            "title": "Deep work",
            "start": "2026-11-23T09:00:00+01:00",
            "end": "2026-11-23T10:30:00+01:00",
            "minutes": 90.0,
            "task_id": 1,
            "task_title": "Report",
            "source": "plan",
            "status": "partly",
            "focus_minutes": 33.33,
            "on_task_minutes": 25.0,
            "other_task_ids": [3],
            "released_minutes": 0.0,
            "released_at": None,
        },
        {
            "id": 2,
            "title": "Admin",
            "start": "2026-11-23T13:00:00+01:00",
            "end": "2026-11-23T14:00:00+01:00",
            "minutes": 60.0,
            "task_id": 9,
            "task_title": None,
            "source": "manual",
            "status": "missed",
            "focus_minutes": 0.0,
            "on_task_minutes": 0.0,
            "other_task_ids": [],
            "released_minutes": 0.0,
            "released_at": None,
        },
    ]
    assert data["sessions"] == [
        {
            "id": 7,
            "kind": "pomodoro",
            "task_id": 1,
            "task_title": "Report",
            "start": "2026-11-23T09:00:00+01:00",
            "end": "2026-11-23T09:25:00+01:00",
            "focus_seconds": 1500.0,
            "pause_seconds": 0.0,
            "outcome": "completed",
            "block_ids": [1],
            "unplanned_minutes": 0.0,
            "block_id": 1,
            "block_title": None,
            "note": None,
        },
        {
            "id": 8,
            "kind": "tracked",
            "task_id": 3,
            "task_title": "Invoices",
            "start": "2026-11-23T10:20:00+01:00",
            "end": "2026-11-23T10:40:00+01:00",
            "focus_seconds": 1000.0,
            "pause_seconds": 200.0,
            "outcome": "interrupted",
            "block_ids": [1],
            "unplanned_minutes": 8.33,
            "block_id": None,
            "block_title": None,
            "note": None,
        },
    ]
    assert data["differences"] == [
        {
            "kind": "partly",
            "message": "09:00\u201310:30 Deep work: 25m of 1h30m",
            "block_id": 1,
            "session_id": None,
        },
        {
            "kind": "interrupted",
            "message": "10:20\u201310:40 tracked on task 3 'Invoices': interrupted after 17m",
            "block_id": None,
            "session_id": 8,
        },
        {
            "kind": "missed",
            "message": "13:00\u201314:00 Admin: missed",
            "block_id": 2,
            "session_id": None,
        },
    ]


def test_the_agenda_object_survives_a_json_round_trip() -> None:
    data = sample()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_a_running_session_has_no_end() -> None:
    running = Session(
        1, SessionKind.TRACKED, None, at("14:00"), None, 600.0, 0.0, SessionOutcome.RUNNING
    )
    data = agenda_object(build_agenda(DAY_START, DAY_END, [], [running], NOW))
    (session,) = data["sessions"]
    assert session["end"] is None
    assert session["outcome"] == "running"
    assert data["focus_minutes"] == 10.0
    assert data["unplanned_minutes"] == 10.0


@given(
    st.text(max_size=30),
    st.text(max_size=30),
    st.floats(0, 7200, allow_nan=False),
    st.integers(0, 23 * 60),
)
def test_any_titles_and_durations_round_trip(
    title: str, task_title: str, focus: float, start_minute: int
) -> None:
    start = DAY_START + timedelta(minutes=start_minute)
    blocks = [Block(1, title, start, start + timedelta(hours=1), 2, task_title=task_title)]
    sessions = [
        Session(
            3,
            SessionKind.POMODORO,
            2,
            start,
            start + timedelta(hours=2),
            focus,
            0.0,
            SessionOutcome.COMPLETED,
            task_title,
        )
    ]
    data = agenda_object(build_agenda(DAY_START, DAY_END, blocks, sessions, NOW))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["blocks"][0]["title"] == title
    for key, value in data.items():
        if key.endswith("_minutes"):  # whole minutes are ints, else at most 2 decimals
            assert isinstance(value, int) or (not value.is_integer() and round(value, 2) == value)
