"""Styled lines drawn without Rich's layout are the characters Rich would draw: a table of
any cells at any width, `list`'s table, `next`'s lines; and each goes through Rich when a
line would not fit, or to a terminal."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.domain.model import Priority, Status
from microtask.domain.views.tasks import TaskList
from microtask.render.console import make_console
from microtask.render.fit import Column, FittedTable
from microtask.render.lines import Lines, Styled, cell_len, fixed_width, rich_terminal, show
from microtask.render.task_list import _simple_head, task_table
from tests.rendering import Terminal, task, text_of

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

# Words of ASCII, of wide characters and of microtask's own marks, as titles hold them.
WORD = st.text(alphabet="abcXYZ09-.[]日本語éü└↻⧗…", min_size=1, max_size=12)
CELL = st.lists(WORD, max_size=6).map(" ".join)
STYLES = st.sampled_from(["", "bold", "dim", "red", "cyan", "bold red"])


@st.composite
def tables(draw: st.DrawFn) -> FittedTable:
    rows = draw(st.integers(min_value=0, max_value=6))
    count = draw(st.integers(min_value=1, max_value=6))
    title_at = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=count - 1)))
    columns = []
    for index in range(count):
        wraps = index == title_at
        columns.append(
            Column(
                draw(WORD),
                keep=None if wraps else draw(st.one_of(st.none(), st.integers(0, 99))),
                justify=draw(st.sampled_from(["left", "right", "center"])),
                style=draw(STYLES),
                wraps=wraps,
            )
        )
    for column in columns:
        for _ in range(rows):
            text, style = draw(CELL), draw(STYLES)
            as_str = draw(st.booleans())
            column.cells.append(text if as_str else Styled(text, style).append(draw(CELL)))
    row_styles = [draw(st.sampled_from([None, "dim"])) for _ in range(rows)]
    return FittedTable(_simple_head, columns, row_styles, simple_head=True)


def plain(lines: list[Styled]) -> str:
    return "".join(line.plain + "\n" for line in lines)


def drawn(renderable: object, width: int) -> str:
    """What Rich prints of ``renderable`` on the console commands use, without colour."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(
        file=buffer, width=width, color_system=None, markup=False, emoji=False, highlight=False
    ).print(renderable)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(min_value=10, max_value=200))
def test_a_table_drawn_as_lines_is_what_rich_draws(table: FittedTable, width: int) -> None:
    lines = table.lines(width)
    if lines is not None:
        assert plain(lines) == drawn(table, width)
        assert all(line.cell_len <= width for line in lines)


def test_a_title_that_must_wrap_is_left_to_rich() -> None:
    title = Column("Title", wraps=True, cells=["word " * 30])
    table = FittedTable(_simple_head, [Column("ID", cells=["1"]), title], simple_head=True)
    assert table.lines(60) is None
    assert table.lines(200) is not None
    assert "word" in text_of(table, 60)


def test_only_a_simple_head_table_of_text_cells_is_drawn_as_lines() -> None:
    def make() -> FittedTable:
        return FittedTable(_simple_head, [Column("ID", cells=["1"])])

    assert make().lines(80) is None  # not declared simple_head
    bars = FittedTable(_simple_head, [Column("Bar", cells=["x"], least=5)], simple_head=True)
    assert bars.lines(80) is None
    several = FittedTable(_simple_head, [Column("Notes", cells=["a\nb"])], simple_head=True)
    assert several.lines(80) is None


@pytest.mark.parametrize("width", [30, 40, 60, 80, 100, 160])
def test_the_task_table_as_lines_is_what_rich_draws(width: int) -> None:
    listing = TaskList(
        [
            task(1, "Parent of steps", priority=Priority.HIGH, tags=("web", "日本")),
            task(2, "Step\x1b[2J one", parent_id=1, due=NOW - timedelta(hours=3)),
            task(3, "Done step", parent_id=1, status=Status.DONE, estimate_seconds=1500),
            task(4, "Другая задача", project="launch", waiting_on=(1, 2, 3, 4)),
        ],
        [task(9, "Context")],
        12,
    )
    view = task_table(listing, NOW, tree=True)
    lines = view.lines(width)
    if width >= 100:  # below, the last title wraps
        assert lines is not None
    if lines is not None:
        assert plain(lines) == drawn(view, width)
        assert "\x1b" not in plain(lines)


def test_an_empty_task_list_says_how_to_add_one() -> None:
    view = task_table(TaskList([], [], 0), NOW, tree=False)
    lines = view.lines(80)
    assert lines is not None
    assert plain(lines) == drawn(view, 80)
    assert "microtask add" in plain(lines)


def test_fixed_lines_fit_or_are_wrapped_by_rich() -> None:
    view = Lines([Styled("Next: ", "bold").append("12 ", "cyan").append("word " * 10)])
    assert view.lines(30) is None
    lines = view.lines(80)
    assert lines is not None
    assert plain(lines) == drawn(view, 80)
    assert text_of(view, 30).count("word") == 10


def test_cell_len_counts_wide_characters_as_rich_does() -> None:
    from rich.cells import cell_len as rich_cell_len

    for text in ["abc", "日本語", "└ ↻ ⧗ …", "éü", "", "a日b"]:
        assert cell_len(text) == rich_cell_len(text)


def test_rich_terminal_follows_tty_compatible_then_force_color_then_isatty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert rich_terminal(Terminal(True))
    assert not rich_terminal(Terminal(False))
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert rich_terminal(Terminal(False))
    monkeypatch.setenv("FORCE_COLOR", "")
    assert not rich_terminal(Terminal(True))
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not rich_terminal(Terminal(True))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    assert rich_terminal(Terminal(False))


def test_fixed_width_is_columns_else_160_and_the_terminals_own_on_a_tty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert fixed_width(Terminal(False)) == 160
    assert fixed_width(Terminal(True)) is None
    monkeypatch.setenv("COLUMNS", "")
    assert fixed_width(Terminal(False)) == 160
    monkeypatch.setenv("COLUMNS", "72")
    assert fixed_width(Terminal(False)) == 72
    monkeypatch.setenv("COLUMNS", "wide")
    assert fixed_width(Terminal(False)) is None


@pytest.mark.parametrize("force_color", [None, "1"])
def test_show_writes_the_same_characters_to_a_pipe_and_to_a_terminal(
    force_color: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setenv("COLUMNS", "60")
    if force_color is None:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    else:
        monkeypatch.setenv("FORCE_COLOR", force_color)
    out = Terminal(False)
    monkeypatch.setattr(sys, "stdout", out)
    view = Lines([Styled("Next: ", "bold").append("12 ", "cyan"), Styled("  why", "dim")])
    show(view, make_console)
    written = out.getvalue()
    coloured = force_color is not None
    assert ("\x1b[" in written) is coloured
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", written) == "Next: 12 \n  why\n"
