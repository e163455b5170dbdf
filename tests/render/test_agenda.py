"""The agenda for people: a merged timeline, totals, differences; user text stays text."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from microtask.domain.agenda import Agenda, build_agenda
from microtask.domain.sessions import Block, Session, SessionKind, SessionOutcome
from microtask.render.agenda import agenda_view
from tests.rendering import text_of

PARIS = ZoneInfo("Europe/Paris")  # the zone tests run in (tests/conftest.py)


def at(hh_mm: str, day: int = 23) -> datetime:
    hours, minutes = map(int, hh_mm.split(":"))
    return datetime(2026, 11, day, hours, minutes, tzinfo=PARIS).astimezone(UTC)


DAY_START, DAY_END = at("00:00"), at("00:00", day=24)


def pomodoro(
    session_id: int,
    start: str,
    end: str | None,
    task_id: int | None,
    title: str | None,
    focus_minutes: float,
    outcome: SessionOutcome = SessionOutcome.COMPLETED,
) -> Session:
    return Session(
        session_id,
        SessionKind.POMODORO,
        task_id,
        at(start),
        None if end is None else at(end),
        focus_minutes * 60,
        0.0,
        outcome,
        title,
    )


def sample(now: datetime) -> Agenda:
    blocks = [
        Block(1, "Deep work", at("09:00"), at("10:30"), 1, task_title="Report"),
        Block(2, "Mail", at("11:00"), at("12:00"), None),
        Block(3, "Admin", at("13:00"), at("14:00"), 2, task_title="Taxes"),
        Block(4, "Review", at("16:00"), at("17:00"), None),
    ]
    sessions = [
        pomodoro(11, "09:00", "09:25", 1, "Report", 25),
        pomodoro(12, "09:30", "09:42", 1, "Report", 12, SessionOutcome.INTERRUPTED),
        pomodoro(13, "11:05", "11:55", 5, "Newsletter", 50),
        pomodoro(14, "12:10", "12:40", 3, "Invoices", 30),
    ]
    return build_agenda(DAY_START, DAY_END, blocks, sessions, now)


def test_the_day_reads_as_one_timeline_with_totals_and_differences() -> None:
    now = at("15:00")
    out = text_of(agenda_view(sample(now), now))
    assert out.splitlines()[0] == "Agenda for Mon 23 Nov"
    lines = [line for line in out.splitlines() if line[:2].isdigit()]
    order = [line.split()[0] for line in lines]
    assert order == [
        "09:00\u201310:30",
        "09:00\u201309:25",
        "09:30\u201309:42",
        "11:00\u201312:00",
        "11:05\u201311:55",
        "12:10\u201312:40",
        "13:00\u201314:00",
        "15:00",
        "16:00\u201317:00",
    ]
    row = {line.split()[0]: line for line in lines}
    assert "Deep work \u00b7 1 Report" in row["09:00\u201310:30"]
    assert "37m of 1h30m" in row["09:00\u201310:30"]
    assert "partly" in row["09:00\u201310:30"]
    assert "interrupted" in row["09:30\u201309:42"]
    assert "done" in row["11:00\u201312:00"]
    assert "0m of 1h" in row["13:00\u201314:00"]
    assert "missed" in row["13:00\u201314:00"]
    assert "upcoming" in row["16:00\u201317:00"]
    assert "now" in row["15:00"]
    assert "pomodoro \u00b7 3 Invoices" in row["12:10\u201312:40"]
    assert "completed \u00b7 unplanned" in row["12:10\u201312:40"]
    assert "Planned 4h30m \u00b7 worked 1h57m \u00b7 on plan 1h27m \u00b7 unplanned 30m" in out
    assert "Where the day differed" in out
    assert "\u2022 09:00\u201310:30 Deep work: 37m of 1h30m" in out
    assert "\u2022 09:30\u201309:42 pomodoro on task 1 'Report': interrupted after 12m" in out
    assert "\u2022 12:10\u201312:40 pomodoro on task 3 'Invoices': not in any block" in out
    assert "\u2022 13:00\u201314:00 Admin: missed" in out


def test_a_current_block_and_a_running_session_show_as_now() -> None:
    now = at("10:00")
    result = build_agenda(
        DAY_START,
        DAY_END,
        [Block(1, "Deep work", at("09:00"), at("10:30"), None)],
        [pomodoro(1, "09:50", None, 1, "Report", 10, SessionOutcome.RUNNING)],
        now,
    )
    out = text_of(agenda_view(result, now))
    assert "09:50\u2013now" in out
    assert "running" in out
    assert "No differences between plan and work so far." in out


def test_an_empty_day_says_how_to_plan_it() -> None:
    result = build_agenda(DAY_START, DAY_END, [], [], at("10:00"))
    out = text_of(agenda_view(result, at("10:00")))
    assert out == (
        "Agenda for Mon 23 Nov\nNothing planned or worked on this day. Plan it: microtask plan\n"
    )


def test_another_day_has_no_now_marker() -> None:
    now = at("10:00", day=25)
    out = text_of(agenda_view(sample(now), now))
    assert "\u2500 now \u2500" not in out


def test_markup_in_titles_is_printed_literally_and_control_characters_made_visible() -> None:
    now = at("20:00")
    result = build_agenda(
        DAY_START,
        DAY_END,
        [Block(1, "[bold]x", at("09:00"), at("10:00"), 2, task_title="[red]y[/]")],
        [pomodoro(1, "11:00", "11:30", 3, "a\x1b[2Jb", 30)],
        now,
    )
    out = text_of(agenda_view(result, now))
    assert "[bold]x \u00b7 2 [red]y[/]" in out
    assert "a\\x1b[2Jb" in out
    assert "\x1b" not in out
    assert "09:00\u201310:00 [bold]x: missed" in out


def test_problem_6_a_block_run_is_listed_with_its_blocks_title_and_released_time_is_said() -> None:
    blocks = [
        Block(1, "Deep work", at("09:00"), at("10:00"), 1, task_title="Report"),
        Block(2, "Taxes", at("14:00"), at("15:00"), 2, released_at=at("11:00")),
    ]
    run = Session(
        5, SessionKind.BLOCK, 1, at("09:00"), at("10:00"), 3600.0, 0.0,
        SessionOutcome.COMPLETED, "Report", block_id=1, block_title="Deep work",
    )  # fmt: skip

    out = text_of(
        agenda_view(build_agenda(DAY_START, DAY_END, blocks, [run], at("12:00")), at("12:00"))
    )

    assert "block Deep work · 1 Report" in out
    assert "1h freed   released" in out
    assert "released 1h" in out
