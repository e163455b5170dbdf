"""The day planner: free windows, chunking with breaks, priority order, and what does not fit."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.planner import (
    Busy,
    Plan,
    PlannedSlot,
    PlanSettings,
    PlanTask,
    free_windows,
    plan_day,
)
from microtask.domain.timer_config import TimerConfig

PARIS = ZoneInfo("Europe/Paris")
DAY = date(2024, 6, 12)
MIN = 60


def at(hh_mm: str, day: date = DAY, zone: tzinfo = UTC) -> datetime:
    hours, minutes = map(int, hh_mm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone)


def task(
    task_id: int, *, urgency: float = 1.0, minutes: int | None = None, due: bool = False
) -> PlanTask:
    seconds = None if minutes is None else minutes * MIN
    return PlanTask(task_id, f"task {task_id}", urgency, seconds, due)


def busy(start: str, end: str, label: str = "meeting") -> Busy:
    return Busy(at(start), at(end), label)


def work(start: str, end: str, task_id: int) -> PlannedSlot:
    return PlannedSlot(at(start), at(end), "work", task_id)


def pause(start: str, end: str) -> PlannedSlot:
    return PlannedSlot(at(start), at(end), "break", None)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# -- examples -----------------------------------------------------------------------------


def test_a_day_with_a_lunch_block_and_three_tasks_gets_the_expected_slots() -> None:
    tasks = [
        task(1, urgency=5.0, minutes=60),
        task(2, urgency=9.0),  # no estimate: one chunk
        task(3, urgency=1.0, minutes=90, due=True),
    ]
    plan = plan_day(at("09:00"), at("17:00"), [busy("12:00", "13:00", "lunch")], tasks)

    assert plan.slots == (
        work("09:00", "09:25", 3),
        pause("09:25", "09:30"),
        work("09:30", "09:55", 3),
        pause("09:55", "10:00"),
        work("10:00", "10:25", 3),
        pause("10:25", "10:30"),
        work("10:30", "10:45", 3),
        pause("10:45", "11:00"),  # long break after the window's 4th chunk
        work("11:00", "11:25", 2),
        pause("11:25", "11:30"),
        work("11:30", "11:55", 1),
        # 11:55-12:00 is too short for a break and a chunk: no trailing break
        work("13:00", "13:35", 1),  # lunch was the break; 25m + a 10m rest in one block
    )
    assert plan.planned_seconds == {1: 3600, 2: 1500, 3: 5400}
    assert plan.does_not_fit == ()
    assert plan.partly_planned == ()
    assert plan.free_seconds == 7 * 3600


def test_a_task_without_an_estimate_gets_one_pomodoro() -> None:
    plan = plan_day(at("09:00"), at("17:00"), [], [task(7)])

    assert plan.slots == (work("09:00", "09:25", 7),)
    assert plan.planned_seconds == {7: 1500}


def test_a_task_due_today_goes_before_a_more_urgent_task_that_is_not_due() -> None:
    plan = plan_day(
        at("09:00"), at("17:00"), [], [task(1, urgency=100.0), task(2, urgency=0.5, due=True)]
    )

    assert [slot.task_id for slot in plan.slots if slot.kind == "work"] == [2, 1]


def test_equal_urgency_is_broken_by_id() -> None:
    plan = plan_day(at("09:00"), at("17:00"), [], [task(9, urgency=2.0), task(4, urgency=2.0)])

    assert [slot.task_id for slot in plan.slots if slot.kind == "work"] == [4, 9]


def test_a_two_hour_task_becomes_five_chunks_with_a_long_break_after_the_fourth() -> None:
    plan = plan_day(at("09:00"), at("17:00"), [], [task(1, minutes=120)])

    assert plan.slots == (
        work("09:00", "09:25", 1),
        pause("09:25", "09:30"),
        work("09:30", "09:55", 1),
        pause("09:55", "10:00"),
        work("10:00", "10:25", 1),
        pause("10:25", "10:30"),
        work("10:30", "10:55", 1),
        pause("10:55", "11:10"),
        work("11:10", "11:30", 1),
    )


def test_nothing_is_planned_past_the_end_of_the_day() -> None:
    plan = plan_day(at("09:00"), at("09:45"), [], [task(1, minutes=120)])

    assert plan.slots == (
        work("09:00", "09:25", 1),
        pause("09:25", "09:30"),
        work("09:30", "09:45", 1),  # exactly min_chunk_seconds of room
    )
    assert plan.does_not_fit == (1,)
    assert plan.partly_planned == (1,)
    assert plan.planned_seconds == {1: 40 * MIN}


def test_room_shorter_than_the_minimum_chunk_is_left_empty() -> None:
    plan = plan_day(at("09:00"), at("09:44"), [], [task(1, minutes=120)])

    assert plan.slots == (work("09:00", "09:25", 1),)


def test_a_task_that_does_not_fit_at_all_is_listed_but_not_partly_planned() -> None:
    plan = plan_day(at("09:00"), at("09:05"), [], [task(1, minutes=30), task(2, minutes=20)])

    assert plan.slots == ()
    assert plan.does_not_fit == (1, 2)
    assert plan.partly_planned == ()
    assert plan.planned_seconds == {1: 0, 2: 0}


def test_a_later_task_uses_a_gap_too_short_for_the_task_before_it() -> None:
    busy_blocks = [busy("09:08", "10:00")]
    plan = plan_day(
        at("09:00"), at("11:00"), busy_blocks, [task(1, minutes=50), task(2, minutes=5)]
    )

    assert plan.slots == (
        work("09:00", "09:05", 2),  # 8 minutes of room: too short for task 1's chunks
        work("10:00", "10:25", 1),
        pause("10:25", "10:30"),
        work("10:30", "10:55", 1),
    )
    assert plan.does_not_fit == ()


def test_fragments_a_30_minute_task_is_one_block_and_a_1_hour_task_two() -> None:
    plan = plan_day(
        at("09:00"), at("17:00"), [], [task(1, minutes=30, due=True), task(2, minutes=60)]
    )

    assert plan.slots == (
        work("09:00", "09:30", 1),  # not 25m + a 5m fragment
        pause("09:30", "09:35"),
        work("09:35", "10:00", 2),
        pause("10:00", "10:05"),
        work("10:05", "10:40", 2),  # not 25 + 25 + 10
    )


def test_a_chunk_cut_by_the_room_leaves_no_fragment_behind() -> None:
    # 09:00-09:20 holds 20 of a 30-minute task, but would leave 10 minutes: cut at 15
    plan = plan_day(at("09:00"), at("11:00"), [busy("09:20", "10:00")], [task(1, minutes=30)])

    assert plan.slots == (work("09:00", "09:15", 1), work("10:00", "10:15", 1))


def test_a_task_that_does_not_fit_keeps_what_fits_and_the_next_task_uses_the_rest() -> None:
    busy_blocks = [busy("09:50", "10:00")]
    tasks = [task(1, minutes=200, due=True), task(2, minutes=8)]
    plan = plan_day(at("09:00"), at("10:30"), busy_blocks, tasks)

    assert plan.slots == (
        work("09:00", "09:25", 1),
        pause("09:25", "09:30"),
        work("09:30", "09:50", 1),  # cut to the room before the busy block
        work("10:00", "10:25", 1),
        # 10:25-10:30 cannot hold a break and a 10-minute chunk of task 1, nor task 2
    )
    assert plan.does_not_fit == (1, 2)
    assert plan.partly_planned == (1,)
    assert plan.planned_seconds == {1: 70 * MIN, 2: 0}


def test_a_busy_block_resets_the_count_towards_a_long_break() -> None:
    plan = plan_day(at("09:00"), at("12:00"), [busy("09:55", "10:00")], [task(1, minutes=125)])

    breaks = [(utc(s.start), utc(s.end)) for s in plan.slots if s.kind == "break"]
    # chunks 1-2 before the block, 3-5 after it: only short breaks
    assert breaks == [
        (at("09:25"), at("09:30")),
        (at("10:25"), at("10:30")),
        (at("10:55"), at("11:00")),
    ]
    assert plan.does_not_fit == ()


def test_overlapping_and_out_of_day_busy_blocks_are_clipped_and_merged() -> None:
    blocks = [
        Busy(at("08:00"), at("09:30"), "starts before the day"),
        Busy(at("10:30"), at("11:30"), "overlaps the next"),
        Busy(at("10:00"), at("11:00"), "overlaps the previous"),
        Busy(at("11:30"), at("12:00"), "touches the previous"),
        Busy(at("13:00"), at("13:00"), "empty"),
        Busy(at("16:30"), at("18:00"), "ends after the day"),
        Busy(at("20:00"), at("22:00"), "after the day"),
        Busy(at("07:00"), at("08:00"), "before the day"),
    ]

    assert free_windows(at("09:00"), at("17:00"), blocks) == [
        (at("09:30"), at("10:00")),
        (at("12:00"), at("16:30")),
    ]
    plan = plan_day(at("09:00"), at("17:00"), blocks, [])
    assert plan.free_seconds == 30 * MIN + 270 * MIN


def test_a_busy_block_covering_the_whole_day_leaves_no_free_time() -> None:
    blocks = [Busy(at("00:00"), at("23:59"), "offsite")]
    plan = plan_day(at("09:00"), at("17:00"), blocks, [task(2), task(1, due=True)])

    assert free_windows(at("09:00"), at("17:00"), blocks) == []
    assert plan.slots == ()
    assert plan.does_not_fit == (1, 2)
    assert plan.free_seconds == 0


def test_no_tasks_gives_an_empty_plan() -> None:
    plan = plan_day(at("09:00"), at("17:00"), [], [])

    assert plan == Plan((), (), (), {}, 8 * 3600)


def test_times_are_compared_as_instants_across_zones() -> None:
    # 11:00-12:00 UTC is 13:00-14:00 in Paris (summer time)
    plan = plan_day(
        at("12:30", zone=PARIS),
        at("14:30", zone=PARIS),
        [busy("11:00", "12:00")],
        [task(1, minutes=60)],
    )

    assert [(s.start, s.end, s.kind) for s in plan.slots] == [
        (at("12:30", zone=PARIS), at("12:55", zone=PARIS), "work"),
        (at("14:00", zone=PARIS), at("14:20", zone=PARIS), "work"),  # leaves 15m, not 5m
    ]
    assert all(s.start.tzinfo is PARIS for s in plan.slots)
    assert plan.free_seconds == 60 * MIN
    assert plan.partly_planned == (1,)


def test_a_day_across_the_spring_clock_change_has_only_its_real_free_time() -> None:
    spring = date(2024, 3, 31)  # Paris: 02:00 becomes 03:00
    start, end = at("01:00", spring, PARIS), at("04:00", spring, PARIS)
    plan = plan_day(start, end, [], [task(1, minutes=200)])

    assert plan.free_seconds == 2 * 3600
    chunks = [(s.start, s.end) for s in plan.slots if s.kind == "work"]
    # 01:00 CET is 00:00 UTC; the third chunk starts an hour of real time later, at 03:00 CEST
    assert chunks[2] == (at("03:00", spring, PARIS), at("03:25", spring, PARIS))
    assert utc(chunks[-1][1]) == datetime(2024, 3, 31, 1, 55, tzinfo=UTC)
    # 4 chunks and 3 short breaks fill 115 minutes: no room for a long break and a chunk
    assert plan.planned_seconds == {1: 4 * 25 * MIN}
    assert plan.partly_planned == (1,)


def test_the_autumn_clock_change_is_handled_as_instants() -> None:
    autumn = date(2024, 10, 27)  # Paris: 03:00 CEST becomes 02:00 CET, 02:xx happens twice
    first_two = at("02:00", autumn, PARIS)  # CEST, fold=0
    second_two = first_two.replace(fold=1)  # CET, an hour later
    lunch = Busy(first_two.replace(minute=30), second_two, "spans the repeated hour")
    plan = plan_day(
        at("02:00", autumn, PARIS),
        at("02:30", autumn, PARIS).replace(fold=1),
        [lunch],
        [task(1, minutes=50)],
    )

    assert plan.free_seconds == 60 * MIN
    assert [(utc(s.start), utc(s.end)) for s in plan.slots if s.kind == "work"] == [
        (datetime(2024, 10, 27, 0, 0, tzinfo=UTC), datetime(2024, 10, 27, 0, 25, tzinfo=UTC)),
        (datetime(2024, 10, 27, 1, 0, tzinfo=UTC), datetime(2024, 10, 27, 1, 25, tzinfo=UTC)),
    ]


# -- invalid input ------------------------------------------------------------------------


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2024, 6, 12, 9, 0)
    with pytest.raises(InvalidInputError, match="timezone"):
        plan_day(naive, at("17:00"), [], [])
    with pytest.raises(InvalidInputError, match="timezone"):
        free_windows(at("09:00"), naive.replace(hour=17), [])
    with pytest.raises(InvalidInputError, match="timezone"):
        Busy(naive, at("10:00"), "lunch")


@pytest.mark.parametrize("end", ["08:59", "09:00"])
def test_a_day_that_does_not_end_after_it_starts_is_rejected(end: str) -> None:
    with pytest.raises(InvalidInputError, match="end after it starts"):
        plan_day(at("09:00"), at(end), [], [])


def test_a_busy_block_that_ends_before_it_starts_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="before it starts"):
        busy("10:00", "09:00")


@pytest.mark.parametrize(
    ("timer_changes", "min_chunk"),
    [
        ({"work_seconds": 0}, 600),
        ({"short_break_seconds": -1}, 600),
        ({"long_break_seconds": 0}, 600),
        ({}, 0),
        ({"long_every": 0}, 600),
        ({"work_seconds": 300}, 600),
        ({"work_seconds": True}, 600),
    ],
)
def test_bad_settings_are_rejected(timer_changes: dict[str, int], min_chunk: int) -> None:
    with pytest.raises(InvalidInputError):
        PlanSettings(TimerConfig(**timer_changes), min_chunk)


@pytest.mark.parametrize(
    "timer_changes",
    [{"work_seconds": 1500.5}, {"short_break_seconds": 0.5}, {"long_break_seconds": 899.9}],
)
def test_timer_lengths_that_are_not_whole_seconds_are_refused_for_planning(
    timer_changes: dict[str, float],
) -> None:
    with pytest.raises(InvalidInputError, match="whole seconds"):
        PlanSettings(TimerConfig(**timer_changes))


def test_plan_settings_take_the_pomodoro_lengths_from_the_timer_config() -> None:
    plan_settings = PlanSettings(TimerConfig(1200.0, 240, 1800, long_every=3), 300)

    assert plan_settings.work_seconds == 1200
    assert isinstance(plan_settings.work_seconds, int)
    assert plan_settings.short_break_seconds == 240
    assert plan_settings.long_break_seconds == 1800
    assert plan_settings.long_every == 3
    assert plan_settings.min_chunk_seconds == 300
    assert PlanSettings() == PlanSettings(TimerConfig(), 900)


def test_a_minimum_chunk_longer_than_the_configured_pomodoro_names_both() -> None:
    with pytest.raises(InvalidInputError, match=r"min_chunk_seconds \(900\).*work_seconds \(600\)"):
        PlanSettings(TimerConfig(work_seconds=600), 900)


@pytest.mark.parametrize("seconds", [0, -60])
def test_a_non_positive_estimate_is_rejected(seconds: int) -> None:
    with pytest.raises(InvalidInputError, match="remaining_seconds"):
        PlanTask(1, "t", 1.0, seconds, False)


def test_a_non_finite_urgency_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="urgency"):
        PlanTask(1, "t", float("nan"), None, False)


def test_a_task_listed_twice_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="twice"):
        plan_day(at("09:00"), at("17:00"), [], [task(1), task(1)])


def test_error_messages_are_one_line() -> None:
    with pytest.raises(InvalidInputError) as caught:
        plan_day(at("09:00"), at("08:00"), [], [])
    assert "\n" not in str(caught.value)


# -- properties ---------------------------------------------------------------------------

# Ordinary days and both clock changes, in Paris and in UTC.
DAYS = [date(2024, 6, 12), date(2024, 3, 31), date(2024, 10, 27), date(2025, 1, 2)]


Scenario = tuple[datetime, datetime, list[Busy], list[PlanTask], PlanSettings]

ZONES = st.sampled_from([UTC, PARIS])
URGENCIES = st.sampled_from([0.0, 1.0, 5.5]) | st.floats(-20, 50)
TASK_FIELDS = st.tuples(URGENCIES, st.none() | st.integers(60, 14_400), st.booleans())
BLOCK_FIELDS = st.tuples(st.integers(-120, 11 * 60), st.integers(0, 240), ZONES)
SETTINGS = st.just(PlanSettings()) | st.builds(
    lambda work, short, long, every, fraction: PlanSettings(
        TimerConfig(work, short, long, every), max(1, int(work * fraction))
    ),
    st.integers(300, 3000),
    st.integers(1, 900),
    st.integers(1, 1800),
    st.integers(1, 5),
    st.floats(0.0, 1.0),
)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A day window of 1 minute to 10 hours in Paris or UTC, up to 5 busy blocks (any zone,
    possibly empty, overlapping or reaching outside the day) and up to 8 tasks."""
    zone = draw(ZONES)
    midnight = datetime.combine(draw(st.sampled_from(DAYS)), time(), tzinfo=zone)
    start = utc(midnight + timedelta(minutes=draw(st.integers(0, 14 * 60))))
    end = start + timedelta(minutes=draw(st.integers(1, 10 * 60)))
    blocks = [
        Busy(
            (start + timedelta(minutes=offset)).astimezone(block_zone),
            (start + timedelta(minutes=offset + duration)).astimezone(block_zone),
            f"block {index}",
        )
        for index, (offset, duration, block_zone) in enumerate(
            draw(st.lists(BLOCK_FIELDS, max_size=5))
        )
    ]
    ids = draw(st.lists(st.integers(1, 1000), max_size=8, unique=True))
    fields = draw(st.lists(TASK_FIELDS, min_size=len(ids), max_size=len(ids)))
    tasks = [
        PlanTask(task_id, f"task {task_id}", urgency, remaining, due)
        for task_id, (urgency, remaining, due) in zip(ids, fields, strict=True)
    ]
    return start.astimezone(zone), end.astimezone(zone), blocks, tasks, draw(SETTINGS)


def need_of(t: PlanTask, plan_settings: PlanSettings) -> int:
    return plan_settings.work_seconds if t.remaining_seconds is None else t.remaining_seconds


def seconds(slot: PlannedSlot) -> int:
    return int((utc(slot.end) - utc(slot.start)).total_seconds())


def run(scenario: Scenario) -> Plan:
    start, end, blocks, tasks, plan_settings = scenario
    return plan_day(start, end, blocks, tasks, plan_settings)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_slots_are_sorted_and_overlap_neither_each_other_nor_busy_blocks(
    scenario: Scenario,
) -> None:
    start, end, blocks, _, _ = scenario
    plan = run(scenario)

    spans = [(utc(s.start), utc(s.end)) for s in plan.slots]
    assert all(s < e for s, e in spans)
    assert spans == sorted(spans)
    for (_, previous_end), (next_start, _) in itertools.pairwise(spans):
        assert previous_end <= next_start
    for s, e in spans:
        assert utc(start) <= s
        assert e <= utc(end)
        for block in blocks:  # an empty block covers no time: nothing can overlap it
            assert e <= utc(block.start) or utc(block.end) <= s or block.start == block.end


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_the_plan_never_books_more_than_the_free_time(scenario: Scenario) -> None:
    start, end, blocks, _, _ = scenario
    plan = run(scenario)

    windows = free_windows(start, end, blocks)
    free = sum(((utc(e) - utc(s)) for s, e in windows), timedelta())
    assert plan.free_seconds == int(free.total_seconds())
    assert sum(seconds(s) for s in plan.slots) <= plan.free_seconds
    work_total = sum(seconds(s) for s in plan.slots if s.kind == "work")
    assert work_total == sum(plan.planned_seconds.values())
    # every slot lies inside one free window
    for slot in plan.slots:
        assert any(utc(s) <= utc(slot.start) and utc(slot.end) <= utc(e) for s, e in windows)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_every_task_is_either_fully_planned_or_listed_as_not_fitting(scenario: Scenario) -> None:
    _, _, _, tasks, plan_settings = scenario
    plan = run(scenario)
    order = sorted(tasks, key=lambda t: (not t.due_today, -t.urgency, t.id))

    assert set(plan.planned_seconds) == {t.id for t in tasks}
    for t in tasks:
        planned = sum(seconds(s) for s in plan.slots if s.task_id == t.id)
        assert plan.planned_seconds[t.id] == planned <= need_of(t, plan_settings)
    short = [t.id for t in order if plan.planned_seconds[t.id] < need_of(t, plan_settings)]
    assert plan.does_not_fit == tuple(short)
    assert plan.partly_planned == tuple(i for i in short if plan.planned_seconds[i] > 0)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_chunks_and_breaks_have_their_pomodoro_shape(scenario: Scenario) -> None:
    """Work chunks are at most one pomodoro and a remainder shorter than the minimum chunk;
    one shorter than the minimum is all its task needed; every break sits between two
    chunks, touching both."""
    _, _, _, _, plan_settings = scenario
    plan = run(scenario)

    for index, slot in enumerate(plan.slots):
        if slot.kind == "work":
            assert slot.task_id is not None
            assert seconds(slot) < plan_settings.work_seconds + plan_settings.min_chunk_seconds
            if seconds(slot) < plan_settings.min_chunk_seconds:
                assert slot.task_id not in plan.does_not_fit
                chunks = [s for s in plan.slots if s.task_id == slot.task_id]
                assert chunks == [slot]
        else:
            assert slot.task_id is None
            assert seconds(slot) in {
                plan_settings.short_break_seconds,
                plan_settings.long_break_seconds,
            }
            assert 0 < index < len(plan.slots) - 1
            before, after = plan.slots[index - 1], plan.slots[index + 1]
            assert before.kind == after.kind == "work"
            assert utc(before.end) == utc(slot.start)
            assert utc(slot.end) == utc(after.start)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_a_task_that_does_not_fit_only_loses_room_to_later_tasks_it_could_not_use(
    scenario: Scenario,
) -> None:
    """If a task X is in does_not_fit, any task after it in priority order (in particular a
    task not due today, when X is due today) got work only in a gap X could not use: all of
    its need, in one chunk shorter than min(min_chunk_seconds, what X still lacks), or, when
    X lacks less than two minimum chunks, in a gap X could only have used by leaving itself
    a fragment."""
    _, _, _, tasks, plan_settings = scenario
    plan = run(scenario)
    order = sorted(tasks, key=lambda t: (not t.due_today, -t.urgency, t.id))

    for rank, unfit in enumerate(order):
        if unfit.id not in plan.does_not_fit:
            continue
        lacking = need_of(unfit, plan_settings) - plan.planned_seconds[unfit.id]
        for later in order[rank + 1 :]:
            chunks = [s for s in plan.slots if s.task_id == later.id]
            if not chunks:
                continue
            if lacking < 2 * plan_settings.min_chunk_seconds:
                continue  # X takes no chunk that would leave it a fragment
            assert len(chunks) == 1
            assert seconds(chunks[0]) == need_of(later, plan_settings)
            assert seconds(chunks[0]) < min(plan_settings.min_chunk_seconds, lacking)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_no_due_today_task_misses_out_to_a_task_not_due_today(scenario: Scenario) -> None:
    """The case of the property above that the command shows: a due-today task that does not
    fit, while a not-due task got work, lacks more than that task's single small chunk."""
    _, _, _, tasks, plan_settings = scenario
    plan = run(scenario)

    unfit_due = [t for t in tasks if t.due_today and t.id in plan.does_not_fit]
    planned_not_due = [t for t in tasks if not t.due_today and plan.planned_seconds[t.id] > 0]
    for due in unfit_due:
        lacking = need_of(due, plan_settings) - plan.planned_seconds[due.id]
        if lacking < 2 * plan_settings.min_chunk_seconds:
            continue  # it takes no chunk that would leave it a fragment: see above
        for other in planned_not_due:
            assert other.id not in plan.does_not_fit
            assert plan.planned_seconds[other.id] < min(plan_settings.min_chunk_seconds, lacking)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1, max_value=6 * 60))
def test_a_task_in_an_open_day_gets_no_more_chunks_than_its_work_needs(minutes: int) -> None:
    """Whole pomodoros, and the rest in a chunk of its own only when it is not a fragment."""
    plan = plan_day(at("00:00"), at("23:59"), [], [task(1, minutes=minutes)])

    chunks = [seconds(s) for s in plan.slots if s.kind == "work"]
    whole, rest = divmod(minutes * MIN, PlanSettings().work_seconds)
    expected = max(whole + (1 if rest >= PlanSettings().min_chunk_seconds else 0), 1)
    assert len(chunks) == expected
    assert sum(chunks) == minutes * MIN
    assert all(c >= min(PlanSettings().min_chunk_seconds, minutes * MIN) for c in chunks)
