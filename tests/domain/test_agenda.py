"""The day's agenda: block statuses, prorated focus, clipping to the day, differences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.agenda import Agenda, build_agenda
from microtask.domain.sessions import Block, Session, SessionKind, SessionOutcome

PARIS = ZoneInfo("Europe/Paris")  # the zone tests run in (tests/conftest.py)
MIN = 60
EPS = 1e-6


def at(hh_mm: str, day: int = 23) -> datetime:
    """A local wall time on Mon 23 Nov 2026 (or another November day), as UTC."""
    hours, minutes = map(int, hh_mm.split(":"))
    return datetime(2026, 11, day, hours, minutes, tzinfo=PARIS).astimezone(UTC)


DAY_START, DAY_END = at("00:00"), at("00:00", day=24)
EVENING = at("20:00")


def block(
    block_id: int, start: str, end: str, task_id: int | None = 1, title: str = "Deep work"
) -> Block:
    return Block(block_id, title, at(start), at(end), task_id, task_title=f"Task {task_id}")


def session(
    session_id: int,
    start: datetime | str,
    end: datetime | str | None,
    task_id: int | None = 1,
    focus_minutes: float | None = None,
    outcome: SessionOutcome = SessionOutcome.COMPLETED,
    kind: SessionKind = SessionKind.POMODORO,
    title: str | None = None,
) -> Session:
    begin = at(start) if isinstance(start, str) else start
    finish = at(end) if isinstance(end, str) else end
    if focus_minutes is None:
        assert finish is not None
        focus = (finish - begin).total_seconds()
    else:
        focus = focus_minutes * MIN
    if finish is None:
        outcome = SessionOutcome.RUNNING
    return Session(
        session_id,
        kind,
        task_id,
        begin,
        finish,
        focus,
        0.0,
        outcome,
        title if title is not None else (None if task_id is None else f"Task {task_id}"),
    )


def agenda(blocks: list[Block], sessions: list[Session], now: datetime = EVENING) -> Agenda:
    return build_agenda(DAY_START, DAY_END, blocks, sessions, now)


def messages(result: Agenda) -> list[str]:
    return [d.message for d in result.differences]


# -- block statuses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions", "now", "status"),
    [
        pytest.param([], at("08:00"), "upcoming", id="starts-after-now"),
        pytest.param([], at("09:00"), "now", id="starts-at-now"),
        pytest.param(
            [session(1, "09:00", None, focus_minutes=55)], at("10:00"), "now", id="contains-now"
        ),
        pytest.param([], at("10:30"), "missed", id="past-and-empty"),
        pytest.param([session(1, "09:00", "10:30")], EVENING, "done", id="fully-worked"),
        pytest.param([session(1, "09:00", "10:12")], EVENING, "done", id="exactly-80-percent"),
        pytest.param([session(1, "09:00", "10:11")], EVENING, "partly", id="just-under-80"),
        pytest.param([session(1, "09:00", "09:35")], EVENING, "partly", id="35-of-90"),
        pytest.param([session(1, "09:00", "10:30", 7)], EVENING, "other-task", id="other-task"),
        pytest.param(
            [session(1, "09:00", "09:40", 7), session(2, "09:40", "10:00", 1)],
            EVENING,
            "partly",
            id="some-on-task-some-not",
        ),
        pytest.param(
            [session(1, "08:35", "09:00", 7)], EVENING, "missed", id="adjacent-session-is-not-in"
        ),
        pytest.param(
            [session(1, "08:35", at("09:00") + timedelta(seconds=30), 7)],
            EVENING,
            "missed",
            id="a-few-seconds-of-overrun-are-noise",
        ),
        pytest.param(
            [session(1, "09:00", "10:30", focus_minutes=0)], EVENING, "missed", id="all-paused"
        ),
    ],
)
def test_block_status(sessions: list[Session], now: datetime, status: str) -> None:
    result = agenda([block(1, "09:00", "10:30", task_id=1)], sessions, now)
    assert result.blocks[0].status == status


def test_a_block_without_a_task_is_done_by_work_on_any_task() -> None:
    result = agenda(
        [block(1, "09:00", "10:00", task_id=None)], [session(1, "09:00", "10:00", task_id=5)]
    )
    item = result.blocks[0]
    assert item.status == "done"
    assert item.on_task_seconds == item.focus_seconds == 3600
    assert item.other_tasks == ()
    assert result.on_plan_seconds == 3600


def test_other_tasks_are_listed_most_focus_first() -> None:
    result = agenda(
        [block(1, "09:00", "10:00", task_id=1)],
        [
            session(1, "09:00", "09:10", 3),
            session(2, "09:10", "09:40", 7),
            session(3, "09:40", "09:45", None),
            session(4, "09:45", "10:00", 1),
        ],
    )
    assert result.blocks[0].other_tasks == (7, 3, None)


# -- prorating, clipping, running, edge cases ----------------------------------------------


def test_a_session_counts_in_a_block_in_proportion_to_its_overlap() -> None:
    # 60 minutes of wall time, 30 of focus: half of it (15m) falls in the block.
    result = agenda([block(1, "09:00", "10:00")], [session(1, "08:30", "09:30", focus_minutes=30)])
    assert result.blocks[0].focus_seconds == pytest.approx(15 * MIN)
    assert result.sessions[0].unplanned_seconds == pytest.approx(15 * MIN)
    assert result.on_plan_seconds == pytest.approx(15 * MIN)
    assert result.focus_seconds == pytest.approx(30 * MIN)


def test_sessions_and_blocks_are_clipped_to_the_day_at_midnight() -> None:
    late = Block(1, "Night", at("23:00", day=22), at("01:00"), 1)
    result = agenda(
        [late],
        [session(1, at("23:30", day=22), "00:30")],  # 60m of focus, half of it today
    )
    assert result.planned_seconds == 3600
    assert result.blocks[0].planned_seconds == 3600
    assert result.focus_seconds == pytest.approx(30 * MIN)
    assert result.blocks[0].focus_seconds == pytest.approx(30 * MIN)
    assert result.blocks[0].status == "partly"  # 30m of the 1h it has today
    assert result.sessions[0].day_focus_seconds == pytest.approx(30 * MIN)


def test_labels_say_when_something_starts_or_ends_on_another_day() -> None:
    before = Block(1, "Night", at("23:00", day=22), at("01:00"), 7)
    after = Block(2, "Late", at("23:00"), at("01:00", day=24), 7)
    result = agenda([after, before], [], now=at("12:00", day=25))
    assert messages(result) == [
        "-1d 23:00\u201301:00 Night: missed",
        "23:00\u201301:00 +1d Late: missed",
    ]


def test_blocks_and_sessions_outside_the_day_are_left_out() -> None:
    result = agenda(
        [Block(1, "Yesterday", at("09:00", day=22), at("10:00", day=22), None)],
        [session(1, at("09:00", day=22), at("10:00", day=22))],
    )
    assert result.is_empty
    assert result.focus_seconds == 0
    assert result.differences == ()


def test_a_running_session_is_counted_until_now() -> None:
    # Started 10:00, 20m of focus by 10:40 (a 20m pause): half of each minute is focus.
    result = agenda(
        [block(1, "09:30", "10:20")],
        [session(1, "10:00", None, focus_minutes=20)],
        now=at("10:40"),
    )
    assert result.blocks[0].focus_seconds == pytest.approx(10 * MIN)
    assert result.sessions[0].unplanned_seconds == pytest.approx(10 * MIN)
    assert result.focus_seconds == pytest.approx(20 * MIN)
    assert not any(d.kind == "interrupted" for d in result.differences)


def test_a_running_session_that_starts_after_now_counts_nothing() -> None:
    result = agenda([], [session(1, "11:00", None, focus_minutes=5)], now=at("10:00"))
    assert result.focus_seconds == 0
    assert len(result.sessions) == 1


def test_a_zero_length_session_is_kept_with_no_focus() -> None:
    zero = session(1, "09:30", "09:30", focus_minutes=3, outcome=SessionOutcome.INTERRUPTED)
    result = agenda([block(1, "09:00", "10:00")], [zero])
    assert len(result.sessions) == 1
    assert result.sessions[0].day_focus_seconds == 0
    assert result.focus_seconds == 0
    assert messages(result) == [
        "09:00\u201310:00 Deep work: missed",
        "09:30\u201309:30 pomodoro on task 1 'Task 1': interrupted after 0m",
    ]


def test_focus_never_exceeds_the_wall_time_it_was_spent_in() -> None:
    result = agenda([block(1, "09:00", "10:00")], [session(1, "09:00", "09:30", focus_minutes=90)])
    assert result.focus_seconds == pytest.approx(30 * MIN)


def test_overlapping_sessions_both_count() -> None:
    result = agenda(
        [block(1, "09:00", "10:00")],
        [session(1, "09:00", "10:00"), session(2, "09:30", "10:00")],
    )
    assert result.blocks[0].focus_seconds == pytest.approx(90 * MIN)
    assert result.focus_seconds == pytest.approx(90 * MIN)


def test_overlapping_blocks_are_planned_once_and_work_fits_either() -> None:
    result = agenda(
        [block(1, "09:00", "10:00", task_id=1), block(2, "09:30", "10:30", task_id=2)],
        [session(1, "09:30", "10:00", task_id=2)],
    )
    assert result.planned_seconds == 90 * MIN
    assert result.on_plan_seconds == pytest.approx(30 * MIN)
    assert result.off_task_seconds == 0
    assert result.sessions[0].in_block_ids == (1, 2)


def test_work_in_a_block_on_another_task_is_not_on_plan() -> None:
    result = agenda([block(1, "09:00", "10:00", task_id=1)], [session(1, "09:00", "10:00", 7)])
    assert result.on_plan_seconds == 0
    assert result.unplanned_seconds == pytest.approx(3600)
    assert result.off_task_seconds == pytest.approx(3600)
    assert result.sessions[0].unplanned_seconds == 0  # it is inside a block


def test_output_is_sorted_by_start_whatever_the_input_order() -> None:
    result = agenda(
        [block(3, "14:00", "15:00"), block(1, "09:00", "10:00"), block(2, "11:00", "12:00")],
        [session(9, "14:00", "14:30"), session(4, "09:00", "09:25"), session(5, "11:10", "11:20")],
    )
    assert [b.block.id for b in result.blocks] == [1, 2, 3]
    assert [s.session.id for s in result.sessions] == [4, 5, 9]


def test_totals() -> None:
    result = agenda(
        [block(1, "09:00", "11:00"), block(2, "14:00", "16:00", task_id=None)],
        [
            session(1, "09:00", "10:30"),  # on plan
            session(2, "12:00", "12:30", 4),  # unplanned
            session(3, "14:00", "15:10", 4),  # on plan: the block has no task
        ],
    )
    assert result.planned_seconds == 4 * 3600
    assert result.focus_seconds == pytest.approx(190 * MIN)
    assert result.on_plan_seconds == pytest.approx(160 * MIN)
    assert result.unplanned_seconds == pytest.approx(30 * MIN)


# -- differences --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions", "kind", "message"),
    [
        pytest.param([], "missed", "09:00\u201310:30 Deep work: missed", id="missed"),
        pytest.param(
            [session(1, "09:00", "09:35")],
            "partly",
            "09:00\u201310:30 Deep work: 35m of 1h30m",
            id="partly",
        ),
        pytest.param(
            [session(1, "09:00", "10:30", 7, title="Email")],
            "other-task",
            "09:00\u201310:30 Deep work: worked on task 7 'Email' instead",
            id="other-task",
        ),
        pytest.param(
            [session(1, "09:00", "09:45", 7, title="Email"), session(2, "09:45", "10:30", 8)],
            "other-task",
            "09:00\u201310:30 Deep work: worked on task 7 'Email' and task 8 'Task 8' instead",
            id="other-tasks",
        ),
        pytest.param(
            [session(1, "09:00", "10:30", None, kind=SessionKind.TRACKED)],
            "other-task",
            "09:00\u201310:30 Deep work: worked without a task instead",
            id="no-task",
        ),
    ],
)
def test_block_differences(sessions: list[Session], kind: str, message: str) -> None:
    result = agenda([block(1, "09:00", "10:30", task_id=1)], sessions)
    assert [(d.kind, d.message, d.block_id, d.session_id) for d in result.differences] == [
        (kind, message, 1, None)
    ]


def test_an_unplanned_session_is_a_difference() -> None:
    result = agenda([], [session(4, "10:40", "11:05", 3, title="Invoices")])
    (difference,) = result.differences
    assert difference.kind == "unplanned"
    assert difference.message == "10:40\u201311:05 pomodoro on task 3 'Invoices': not in any block"
    assert (difference.block_id, difference.session_id) == (None, 4)


def test_an_unplanned_running_session_ends_now() -> None:
    result = agenda([], [session(4, "10:40", None, None, 5, kind=SessionKind.TRACKED)], at("11:00"))
    assert messages(result) == ["10:40\u2013now tracked: not in any block"]


def test_an_interrupted_session_is_a_difference() -> None:
    interrupted = session(2, "09:00", "09:20", focus_minutes=12, outcome=SessionOutcome.INTERRUPTED)
    result = agenda([block(1, "09:00", "09:25", task_id=None)], [interrupted])
    assert [(d.kind, d.message, d.session_id) for d in result.differences] == [
        ("partly", "09:00\u201309:25 Deep work: 12m of 25m", None),
        ("interrupted", "09:00\u201309:20 pomodoro on task 1 'Task 1': interrupted after 12m", 2),
    ]


def test_upcoming_and_current_blocks_and_done_blocks_are_not_differences() -> None:
    result = agenda(
        [block(1, "09:00", "10:00"), block(2, "11:00", "12:00"), block(3, "13:00", "14:00")],
        [session(1, "09:00", "10:00"), session(2, "11:00", None, focus_minutes=20)],
        now=at("11:30"),
    )
    assert [b.status for b in result.blocks] == ["done", "now", "upcoming"]
    assert result.differences == ()


def test_differences_are_one_line_with_control_characters_escaped() -> None:
    result = agenda(
        [Block(1, "Deep\nwork\x1b[2J", at("09:00"), at("10:00"), 7)],
        [session(2, "11:00", "11:30", 3, title="Bad\r\ntitle")],
    )
    assert messages(result) == [
        "09:00\u201310:00 Deep\\nwork\\x1b[2J: missed",
        "11:00\u201311:30 pomodoro on task 3 'Bad\\r\\ntitle': not in any block",
    ]


def test_a_past_block_with_no_task_and_no_focus_is_unrecorded_not_missed() -> None:
    lunch = Block(1, "Lunch", at("12:00"), at("13:00"), None)
    deep = Block(2, "Deep work", at("09:00"), at("10:00"), 7)
    result = agenda([lunch, deep], [], now=at("18:00"))
    assert [(b.block.id, b.status) for b in result.blocks] == [(2, "missed"), (1, "unrecorded")]
    assert [d.block_id for d in result.differences] == [2]


def test_differences_are_in_time_order() -> None:
    result = agenda(
        [block(1, "14:00", "15:00"), block(2, "09:00", "10:00")],
        [session(3, "11:00", "11:30", 3)],
    )
    assert [d.kind for d in result.differences] == ["missed", "unplanned", "missed"]
    assert [d.block_id for d in result.differences] == [2, None, 1]


# -- properties ---------------------------------------------------------------------------

_TASKS = st.sampled_from([None, 1, 2, 3])
_blocks = st.lists(
    st.tuples(
        st.integers(-180, 24 * 60 + 120),  # start, minutes after midnight (off the day too)
        st.integers(0, 240),  # length in minutes
        _TASKS,
    ),
    max_size=6,
)
_sessions = st.lists(
    st.tuples(
        st.integers(0, 180),  # gap after the previous session, minutes
        st.integers(0, 180),  # length, minutes
        st.floats(0, 1.2),  # focus as a share of the length (over 1: bad data, capped)
        _TASKS,
    ),
    max_size=8,
)


def _build(
    block_specs: list[tuple[int, int, int | None]],
    session_specs: list[tuple[int, int, float, int | None]],
    start_offset: int,
    running: bool,
    now_offset: int,
) -> Agenda:
    blocks = [
        Block(
            index,
            f"block {index}",
            DAY_START + timedelta(minutes=start),
            DAY_START + timedelta(minutes=start + length),
            task,
        )
        for index, (start, length, task) in enumerate(block_specs)
    ]
    sessions = []
    cursor = DAY_START + timedelta(minutes=start_offset)
    for index, (gap, length, share, task) in enumerate(session_specs):
        begin = cursor + timedelta(minutes=gap)
        cursor = begin + timedelta(minutes=length)
        last = index == len(session_specs) - 1
        sessions.append(
            Session(
                index,
                SessionKind.POMODORO,
                task,
                begin,
                None if running and last else cursor,
                share * length * MIN,
                0.0,
                SessionOutcome.RUNNING if running and last else SessionOutcome.COMPLETED,
            )
        )
    now = DAY_START + timedelta(minutes=now_offset)
    if running and sessions:
        # A running session is the latest one: nothing starts after it.
        now = max(now, sessions[-1].start)
    return build_agenda(DAY_START, DAY_END, blocks, sessions, now)


_agendas = st.builds(
    _build,
    _blocks,
    _sessions,
    st.integers(-240, 24 * 60),
    st.booleans(),
    st.integers(-60, 26 * 60),
)


@settings(max_examples=300)
@given(_agendas)
def test_focus_is_split_into_on_plan_and_unplanned(result: Agenda) -> None:
    assert result.on_plan_seconds + result.unplanned_seconds == pytest.approx(
        result.focus_seconds, abs=EPS
    )
    outside = sum(s.unplanned_seconds for s in result.sessions)
    assert outside + result.off_task_seconds == pytest.approx(result.unplanned_seconds, abs=EPS)
    assert sum(s.day_focus_seconds for s in result.sessions) == pytest.approx(
        result.focus_seconds, abs=EPS
    )
    assert result.on_plan_seconds >= -EPS
    assert min([s.unplanned_seconds for s in result.sessions], default=0) >= -EPS


@settings(max_examples=300)
@given(_agendas)
def test_block_focus_is_bounded_by_the_block_when_sessions_do_not_overlap(result: Agenda) -> None:
    for item in result.blocks:
        assert 0 <= item.on_task_seconds <= item.focus_seconds + EPS
        assert item.focus_seconds <= item.planned_seconds + EPS
    assert result.focus_seconds <= (result.day_end - result.day_start).total_seconds() + EPS


@settings(max_examples=300)
@given(_agendas)
def test_output_is_ordered_and_statuses_are_known(result: Agenda) -> None:
    starts = [b.block.start for b in result.blocks]
    assert starts == sorted(starts)
    session_starts = [s.session.start for s in result.sessions]
    assert session_starts == sorted(session_starts)
    known = {"upcoming", "now", "done", "partly", "missed", "other-task", "unrecorded"}
    assert {b.status for b in result.blocks} <= known
    assert result.planned_seconds <= sum(b.planned_seconds for b in result.blocks)
    assert all(b.planned_seconds > 0 for b in result.blocks)
    assert all("\n" not in d.message for d in result.differences)


def test_a_short_block_counts_a_short_session_as_work_not_noise() -> None:
    one_minute = block(1, "09:00", "09:01", task_id=3)
    start = at("09:00") + timedelta(seconds=10)
    worked = session(2, start, start + timedelta(seconds=21), 3)
    result = agenda([one_minute], [worked], now=at("12:00"))
    assert result.blocks[0].status == "partly"


# -- issue 12: blocks follow their tasks, released time, early block runs ----------------


def test_work_on_a_step_counts_in_its_parents_block() -> None:
    result = build_agenda(
        DAY_START,
        DAY_END,
        [block(1, "09:00", "10:00", task_id=1)],
        [session(1, "09:00", "09:25", task_id=2)],
        EVENING,
        {2: frozenset({1})},
    )

    assert (result.on_plan_seconds, result.unplanned_seconds) == (25 * MIN, 0)
    assert result.blocks[0].on_task_seconds == 25 * MIN


def test_work_on_the_parent_does_not_count_in_a_steps_block() -> None:
    result = build_agenda(
        DAY_START,
        DAY_END,
        [block(1, "09:00", "10:00", task_id=2)],
        [session(1, "09:00", "09:25", task_id=1)],
        EVENING,
        {2: frozenset({1})},
    )

    assert result.on_plan_seconds == 0


def test_a_block_released_before_it_began_is_released_not_missed() -> None:
    released = Block(1, "Deep work", at("14:00"), at("15:00"), 1, released_at=at("11:00"))

    result = agenda([released], [])

    assert result.blocks[0].status == "released"
    assert (result.blocks[0].planned_seconds, result.blocks[0].released_seconds) == (0, 3600)
    assert (result.planned_seconds, result.released_seconds) == (0, 3600)
    assert result.differences == ()


def test_a_block_released_part_way_counts_up_to_its_release() -> None:
    finished_early = Block(1, "Deep work", at("09:00"), at("10:00"), 1, released_at=at("09:40"))

    result = agenda([finished_early], [session(1, "09:00", "09:40")])

    assert result.blocks[0].status == "done"  # 40m of the 40m kept
    assert (result.planned_seconds, result.released_seconds) == (40 * MIN, 20 * MIN)
    assert result.on_plan_seconds == 40 * MIN


def test_a_block_run_early_counts_for_its_block() -> None:
    early = Session(
        1, SessionKind.BLOCK, 1, at("08:11"), at("09:41"), 90 * MIN, 0.0,
        SessionOutcome.COMPLETED, "Task 1", block_id=1, block_title="Deep work",
    )  # fmt: skip

    result = agenda([block(1, "14:00", "15:30")], [early], now=at("10:00"))

    assert result.blocks[0].status == "done"
    assert (result.on_plan_seconds, result.unplanned_seconds) == (90 * MIN, 0)
    assert result.sessions[0].in_block_ids == (1,)
    assert result.differences == ()


def test_an_upcoming_block_has_no_focus_yet() -> None:
    result = agenda([block(1, "14:00", "15:30")], [], now=at("08:11"))

    assert (result.blocks[0].status, result.blocks[0].focus_seconds) == ("upcoming", 0.0)
