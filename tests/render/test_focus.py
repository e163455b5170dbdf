"""The live focus view: a big readable countdown, the phase, the task and the counts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from microtask.domain.views.runs import FocusScreen
from microtask.format import countdown
from microtask.render.focus import (
    BIG_DIGITS_MAX_WIDTH,
    big_digits,
    focus_view,
    phase_label,
)
from tests.rendering import text_of

SCREEN = FocusScreen(
    kind="pomodoro",
    task_id=12,
    task_title="Write the report",
    parent_title=None,
    block_title=None,
    phase="work",
    remaining_seconds=1499.0,
    phase_seconds=1500.0,
    cycle=2,
    cycles=4,
    paused=False,
    pomodoros_today=3,
    focus_seconds=4500.0,
)


def test_remaining_time_is_printed_plainly_and_in_big_digits() -> None:
    out = text_of(focus_view(SCREEN))
    assert "24:59" in out
    assert "█" in out
    assert "12  Write the report" in out


def test_remaining_seconds_are_rounded_up_to_the_whole_second() -> None:
    assert "25:00" in text_of(focus_view(replace(SCREEN, remaining_seconds=1499.2)))


def test_an_hour_or_more_shows_hours() -> None:
    assert "1:02:05" in text_of(focus_view(replace(SCREEN, remaining_seconds=3725.0)))


def test_big_digits_have_five_rows_and_fit_in_fifty_columns() -> None:
    for clock in ("88:88", "8:88:88", "12:34:56"):
        rows = big_digits(clock)
        assert len(rows) == 5
        assert all(len(row) <= BIG_DIGITS_MAX_WIDTH for row in rows)
        assert len({len(row) for row in rows}) == 1


def test_big_digits_draw_distinct_shapes_for_each_digit() -> None:
    shapes = {tuple(big_digits(digit)) for digit in "0123456789"}
    assert len(shapes) == 10


def test_the_view_fits_in_sixty_columns() -> None:
    out = text_of(focus_view(replace(SCREEN, remaining_seconds=7199.0)))
    assert max(len(line) for line in out.splitlines()) <= 60


def test_cycle_pomodoros_today_and_focus_so_far_are_shown() -> None:
    out = text_of(focus_view(SCREEN))
    assert "Cycle 2 of 4" in out
    assert "Pomodoros today: 3" in out
    assert "Focus: 1h15m" in out


def test_phase_labels_name_each_phase() -> None:
    assert phase_label("work") == "Work"
    assert phase_label("short_break") == "Short break"
    assert phase_label("long_break") == "Long break"
    assert "Short break" in text_of(focus_view(replace(SCREEN, phase="short_break")))
    assert "Long break" in text_of(focus_view(replace(SCREEN, phase="long_break")))


def test_paused_is_said_in_the_header() -> None:
    out = text_of(focus_view(replace(SCREEN, paused=True)))
    assert "Work — paused" in out
    assert "24:59" in out


def test_key_hints_only_when_keys_work() -> None:
    assert "space pause/resume · s skip · q stop" in text_of(focus_view(SCREEN))
    quiet = text_of(focus_view(replace(SCREEN, interactive=False)))
    assert "pause/resume" not in quiet


def test_parent_title_is_shown_on_its_own_line() -> None:
    out = text_of(focus_view(replace(SCREEN, parent_title="Launch the site")))
    lines = out.splitlines()
    title_line = next(i for i, line in enumerate(lines) if "Write the report" in line)
    assert "in Launch the site" in lines[title_line + 1]


def test_a_block_shows_its_title_and_its_task() -> None:
    screen = replace(SCREEN, kind="block", block_title="Deep work")
    out = text_of(focus_view(screen))
    assert "Block: Deep work" in out
    assert "Write the report" in out


def test_a_run_without_a_task_is_free_focus() -> None:
    out = text_of(focus_view(replace(SCREEN, task_id=None, task_title=None)))
    assert "Free focus" in out


def test_markup_in_user_text_is_printed_literally() -> None:
    screen = replace(
        SCREEN,
        kind="block",
        task_title="[bold]x[/bold]",
        parent_title="[red]p",
        block_title="[link=file:///etc]b",
    )
    out = text_of(focus_view(screen))
    assert "[bold]x[/bold]" in out
    assert "in [red]p" in out
    assert "[link=file:///etc]b" in out


def test_control_characters_in_titles_are_made_visible() -> None:
    out = text_of(focus_view(replace(SCREEN, task_title="a\x1b[2Jb", parent_title="c\rd")))
    assert "a\\x1b[2Jb" in out
    assert "c\\rd" in out
    assert "\x1b" not in out


@pytest.mark.parametrize("remaining", [1500.0, 1499.0, 671.0, 60.0, 11.0, 3725.0])
def test_the_big_clock_is_drawn_as_one_block_every_row_starting_in_one_column(
    remaining: float,
) -> None:
    out = text_of(focus_view(replace(SCREEN, remaining_seconds=remaining)))
    rows = [line for line in out.splitlines() if "█" in line]
    assert len(rows) == 5
    expected = big_digits(countdown(remaining))
    starts = {row.find(drawn.rstrip()) for row, drawn in zip(rows, expected, strict=True)}
    assert len(starts) == 1, out  # one block: no row shifted against the others
    assert -1 not in starts
