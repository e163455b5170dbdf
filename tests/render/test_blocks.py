"""Blocks, the day plan and sessions: a timeline that reads at a glance, user text as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from microtask.domain.sessions import Block, BlockSource, Session, SessionKind, SessionOutcome
from microtask.domain.views.plan import PlanRow, PlanView, Unplanned
from microtask.render.blocks import blocks_table, plan_view, sessions_table
from tests.rendering import text_of

# The test suite runs in Europe/Paris: 08:00 UTC is 09:00 local on this day.
PARIS = ZoneInfo("Europe/Paris")
DASH = "\N{EN DASH}"
NOW = datetime(2026, 11, 23, 9, 45, tzinfo=UTC)


def utc(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def block(block_id: int, start: datetime, end: datetime, title: str, **changes: object) -> Block:
    values: dict[str, object] = {
        "id": block_id,
        "title": title,
        "start": start,
        "end": end,
        "task_id": None,
    }
    values.update(changes)
    return Block(**values)  # type: ignore[arg-type]


def line_with(out: str, needle: str) -> str:
    return next(line for line in out.splitlines() if needle in line)


def test_blocks_show_local_time_range_length_task_and_source() -> None:
    blocks = [
        block(1, utc(8), utc(9, 30), "Deep work", task_id=7, task_title="Write the report"),
        block(2, utc(13), utc(14), "Email", source=BlockSource.PLAN),
    ]
    out = text_of(blocks_table(blocks, NOW, title="Blocks on Mon 23 Nov"))
    assert "Blocks on Mon 23 Nov" in out
    first = line_with(out, "Deep work")
    assert f"09:00{DASH}10:30" in first
    assert "1h30m" in first
    assert "7 Write the report" in first
    assert "manual" in first
    assert f"14:00{DASH}15:00" in line_with(out, "Email")
    assert "plan" in line_with(out, "Email")
    assert "2 blocks, 2h30m" in out


def test_the_block_running_now_is_marked() -> None:
    blocks = [block(1, utc(7), utc(8), "Early"), block(2, utc(9), utc(10), "Current")]
    out = text_of(blocks_table(blocks, NOW))
    assert "now" in line_with(out, "Current")
    assert "now" not in line_with(out, "Early")


def test_blocks_are_listed_by_start_time() -> None:
    blocks = [block(1, utc(13), utc(14), "Later"), block(2, utc(8), utc(9), "Sooner")]
    out = text_of(blocks_table(blocks, NOW))
    assert out.index("Sooner") < out.index("Later")


def test_blocks_on_several_days_show_the_day() -> None:
    blocks = [block(1, utc(8), utc(9), "Today"), block(2, utc(8, day=24), utc(9, day=24), "Next")]
    out = text_of(blocks_table(blocks, NOW))
    assert f"Tue 24 Nov 09:00{DASH}10:00" in out


def test_no_blocks_says_how_to_add_one() -> None:
    out = text_of(blocks_table([], NOW))
    assert "No blocks on this day" in out
    assert "microtask block add" in out


def test_block_and_task_titles_are_not_markup_and_controls_are_visible() -> None:
    blocks = [block(1, utc(8), utc(9), "[bold]b[/]\x1b[2J", task_id=3, task_title="[red]t")]
    out = text_of(blocks_table(blocks, NOW, title="[blink]x"))
    assert "[bold]b[/]\\x1b[2J" in out
    assert "3 [red]t" in out
    assert "[blink]x" in out
    assert "\x1b" not in out


def plan(**changes: object) -> PlanView:
    values: dict[str, object] = {
        "day_start": datetime(2026, 11, 23, 9, 0, tzinfo=PARIS),
        "day_end": datetime(2026, 11, 23, 17, 0, tzinfo=PARIS),
        "rows": [
            PlanRow(utc(8), utc(8, 25), "work", 4, "Write [bold]draft"),
            PlanRow(utc(8, 25), utc(8, 30), "break", None, None),
            PlanRow(utc(11), utc(12), "work", 5, "Review"),
        ],
        "does_not_fit": [
            Unplanned(6, "Big migration", 3 * 3600, 2 * 3600),
            Unplanned(8, "Taxes", 5400, 0),
        ],
        "free_seconds": 6 * 3600 + 1800,
        "planned_seconds": 4 * 3600 + 600,
        "applied_block_ids": [],
        "busy": [block(9, utc(9), utc(10), "Team meeting")],
    }
    values.update(changes)
    return PlanView(**values)  # type: ignore[arg-type]


def test_plan_shows_its_window_and_totals() -> None:
    out = text_of(plan_view(plan(), NOW))
    assert f"Plan for Mon 23 Nov, 09:00{DASH}17:00" in out
    assert "4h10m planned of 6h30m free" in out


def test_plan_reads_as_a_timeline_with_busy_blocks_between_work() -> None:
    out = text_of(plan_view(plan(), NOW))
    assert f"09:00{DASH}09:25" in line_with(out, "Write [bold]draft")
    assert "break" in line_with(out, f"09:25{DASH}09:30")
    meeting = line_with(out, "Team meeting")
    assert "busy" in meeting
    assert f"10:00{DASH}11:00" in meeting
    assert out.index("draft") < out.index("Team meeting") < out.index("Review")


def test_plan_lists_what_does_not_fit_with_the_part_planned() -> None:
    out = text_of(plan_view(plan(), NOW))
    assert "Does not fit today" in out
    assert out.index("Does not fit today") < out.index("Big migration")
    assert "2h of 3h planned" in line_with(out, "Big migration")
    assert "needs 1h30m" in line_with(out, "Taxes")


def test_plan_for_another_day_names_that_day_when_something_does_not_fit() -> None:
    later = NOW - timedelta(days=2)
    assert "Does not fit on Mon 23 Nov" in text_of(plan_view(plan(), later))


def test_a_proposed_plan_says_how_to_save_it() -> None:
    out = text_of(plan_view(plan(), NOW))
    assert "Save it with: microtask plan --apply" in out


def test_an_applied_plan_lists_the_saved_blocks() -> None:
    out = text_of(plan_view(plan(applied_block_ids=[11, 12, 13]), NOW))
    assert "Saved as 3 blocks (ids 11, 12, 13)" in out
    assert "--apply" not in out


def test_an_empty_plan_says_why() -> None:
    empty = plan(rows=[], does_not_fit=[], busy=[], planned_seconds=0)
    out = text_of(plan_view(empty, NOW))
    assert "Nothing planned" in out
    assert "Does not fit" not in out
    no_time = plan(rows=[], busy=[], planned_seconds=0, free_seconds=0)
    assert "no free time" in text_of(plan_view(no_time, NOW))


def session(session_id: int, **changes: object) -> Session:
    values: dict[str, object] = {
        "id": session_id,
        "kind": SessionKind.POMODORO,
        "task_id": 4,
        "start": utc(8),
        "end": utc(8, 25),
        "focus_seconds": 1500.0,
        "pause_seconds": 0.0,
        "outcome": SessionOutcome.COMPLETED,
    }
    values.update(changes)
    return Session(**values)  # type: ignore[arg-type]


def test_sessions_show_local_times_focus_pauses_and_outcome() -> None:
    sessions = [
        session(1),
        session(
            2,
            kind=SessionKind.TRACKED,
            start=utc(10),
            end=utc(11),
            focus_seconds=3000.4,
            pause_seconds=600.0,
            outcome=SessionOutcome.INTERRUPTED,
        ),
        session(3, start=utc(12), end=None, focus_seconds=60.0, outcome=SessionOutcome.RUNNING),
    ]
    out = text_of(sessions_table(sessions, title="Sessions"))
    first = line_with(out, "2026-11-23 09:00")
    assert "09:25" in first
    assert "pomodoro" in first
    assert "25m" in first
    assert "completed" in first
    second = line_with(out, "2026-11-23 11:00")
    assert "tracked" in second
    assert "50m" in second
    assert "10m" in second
    assert "interrupted" in second
    running = line_with(out, "2026-11-23 13:00")
    assert "running" in running


def test_a_session_ending_another_day_shows_the_end_date() -> None:
    late = session(1, start=utc(22), end=utc(0, 30, day=24))
    assert "2026-11-24 01:30" in text_of(sessions_table([late]))


def test_no_sessions_is_said() -> None:
    assert "No focus sessions yet" in text_of(sessions_table([]))


def test_a_released_block_says_so_in_the_block_list() -> None:
    from datetime import UTC, datetime

    from microtask.domain.sessions import Block
    from microtask.render.blocks import blocks_table
    from tests.rendering import text_of

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 11, 23, hour, minute, tzinfo=UTC)

    blocks = [
        Block(1, "Write", at(8), at(9), 1, released_at=at(8, 30)),
        Block(2, "Write", at(13), at(14), 1, released_at=at(8, 30)),
    ]

    out = text_of(blocks_table(blocks, at(10)))

    assert "manual · released 09:30" in out  # local time, Paris: block 1 kept 09:00-09:30
    assert out.count("released") == 2  # block 2: released whole
