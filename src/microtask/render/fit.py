"""Tables that fit the terminal they are drawn on (issue 14): at 60 columns (a split pane)
the title keeps at least 20 characters, the columns worth least drop out first, and only
then does the title wrap, at spaces; at 40 the title still shows. Nothing is cut mid-word
(a single word longer than the title column folds: there is no space to wrap it at).

A :class:`FittedTable` is a Rich renderable that decides its columns when it is drawn, at
the width it is given: commands do not need to know the terminal. A ``simple_head`` table
whose cells are all ``str`` or :class:`~microtask.render.lines.Styled` can also be drawn as
lines (:meth:`FittedTable.lines`) when every cell fits on one line: the same characters
Rich lays out, without loading Rich's table code or measuring each cell through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, TypeAlias

from microtask.domain.record import mutable_record
from microtask.render.lines import Styled, cell_len

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table

TITLE_FLOOR = 20
"""The narrowest a title column gets while other columns could still make room."""

Cell: TypeAlias = "RenderableType | Styled"
"""Text, Styled and strings are measured; any other renderable (a bar) needs its column's
``least``."""

_DROPPED_BY_TEXT = dict.fromkeys((7, 8, 11, 12, 13))
"""The control characters Rich's ``Text`` drops from a string (bell, backspace, vertical
tab, form feed, carriage return): a string cell is measured as Text would hold it."""


@mutable_record
class Column:
    """One column: its header, its cells (one a row), and how much it is worth keeping
    (lower: dropped first; ``None``: never dropped)."""

    header: str
    cells: list[Cell] = field(default_factory=list)
    keep: int | None = None
    justify: str = "left"
    style: str = ""
    footer: str = ""
    wraps: bool = False
    """A title-like column: it takes the room left and wraps at spaces."""
    least: int | None = None
    """A column of renderables that shrink (bars): the room it needs to be worth showing."""
    most: int | None = None
    """... and the most it takes, once the titles have their room."""
    _natural: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)
    """(cells, width) when its natural width was last worked out."""


def cell_width(cell: Cell) -> int:
    if isinstance(cell, (str, Styled)):
        plain = cell.plain if isinstance(cell, Styled) else cell
        if "\n" not in plain:
            return cell_len(plain.translate(_DROPPED_BY_TEXT))  # as Text(cell) would hold it
    from rich.text import Text

    cell = rich_cell(cell)
    if isinstance(cell, str):
        cell = Text(cell)
    if not isinstance(cell, Text):
        return 0
    if "\n" not in cell.plain:
        return cell.cell_len
    return max((line.cell_len for line in cell.split("\n")), default=0)


def natural_width(column: Column) -> int:
    if column.least is not None:
        return column.least
    known = column._natural
    if known is not None and known[0] == len(column.cells):  # fitting asks again and again
        return known[1]
    widths = [cell_width(column.header), cell_width(column.footer)]
    width = max([*widths, *map(cell_width, column.cells)])
    column._natural = (len(column.cells), width)
    return width


def rich_cell(cell: Cell) -> RenderableType:
    """``cell`` as Rich draws it: a Styled one as ``Text``."""
    return cell.text() if isinstance(cell, Styled) else cell


def floor_of(column: Column) -> int:
    return min(TITLE_FLOOR, natural_width(column))


def fitting(columns: Sequence[Column], width: int, gap: int) -> list[Column]:
    """The columns to show at ``width``: droppable ones leave, least worth first, until the
    others at their natural width leave every wrapping column at least its floor
    (:data:`TITLE_FLOOR`, or its natural width when that is less)."""
    shown = list(columns)

    def needed() -> int:
        widths = (floor_of(c) if c.wraps else natural_width(c) for c in shown)
        return sum(widths) + gap * (len(shown) - 1)

    droppable = sorted((c for c in columns if c.keep is not None), key=lambda c: c.keep or 0)
    for column in droppable:
        if needed() <= width:
            break
        shown.remove(column)
    return shown


class FittedTable:
    """``make_table()`` filled with the columns that fit; wrapping columns share the rest."""

    def __init__(
        self,
        make_table: Callable[[], Table],
        columns: Sequence[Column],
        row_styles: Iterable[str | None] = (),
        gap: int = 3,
        edges: int = 0,
        simple_head: bool = False,
    ) -> None:
        """``gap``: the characters between two columns; ``edges``: those of the left and
        right edges together (a table with ``show_edge``); ``simple_head``: ``make_table``
        makes a ``box.SIMPLE_HEAD`` table without edges, edge padding or footer, which
        :meth:`lines` can draw."""
        self.make_table = make_table
        self.columns = list(columns)
        self.row_styles = list(row_styles)
        self.gap = gap
        self.edges = edges
        self.simple_head = simple_head

    @classmethod
    def of_rows(
        cls,
        make_table: Callable[[], Table],
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        gap: int = 3,
        edges: int = 0,
    ) -> FittedTable:
        """The same, with the cells given row by row."""
        for row in rows:
            for column, cell in zip(columns, row, strict=True):
                column.cells.append(cell)
        return cls(make_table, columns, gap=gap, edges=edges)

    def table(self, width: int) -> Table:
        width -= self.edges
        shown = fitting(self.columns, width, self.gap)
        wrapping = [c for c in shown if c.wraps]
        bars = [c for c in shown if c.least is not None]
        plain = sum(natural_width(c) for c in shown if not c.wraps and c.least is None)
        gaps = self.gap * (len(shown) - 1)
        # Bars take what the titles leave at their natural width, between least and most.
        titles = sum(natural_width(c) for c in wrapping)
        spare = width - plain - gaps - titles
        bar_widths = {
            id(c): max(c.least or 1, min(c.most or c.least or 1, spare // max(1, len(bars))))
            for c in bars
        }
        room = width - plain - gaps - sum(bar_widths.values())
        # Too narrow even for the floors: the wrapping columns share what is left, rather
        # than push the table past the edge, where the terminal would cut it.
        share = max(1, room // len(wrapping)) if wrapping else 0
        # When it all fits with at most one title, every width is known here: given to
        # Rich, it need not measure each cell again (a third of drawing `list`'s table).
        known: dict[int, int] = {}
        if len(wrapping) <= 1 and all(room >= floor_of(c) for c in wrapping):
            known = {id(c): natural_width(c) for c in shown if not c.wraps and c.least is None}
            known.update({id(c): min(natural_width(c), room) for c in wrapping})
        table = self.make_table()
        for column in shown:
            table.add_column(
                column.header,
                justify=column.justify,  # type: ignore[arg-type]
                style=column.style,
                footer=column.footer,
                no_wrap=not column.wraps,
                overflow="fold" if column.wraps else "ellipsis",
                ratio=1 if column.wraps else None,
                min_width=min(floor_of(column), share) if column.wraps else None,
                width=bar_widths.get(id(column), known.get(id(column))),
            )
        rows = max((len(c.cells) for c in self.columns), default=0)
        for index in range(rows):
            style = self.row_styles[index] if index < len(self.row_styles) else None
            table.add_row(*(rich_cell(column.cells[index]) for column in shown), style=style)
        return table

    def lines(self, width: int) -> list[Styled] | None:
        """The table as Rich draws it at ``width``, line by line, when it is a
        ``simple_head`` table of ``str`` and ``Styled`` cells that all fit on their line
        (every column at its natural width); None when it needs Rich's layout."""
        if not self.simple_head or self.gap != 3 or self.edges:
            return None
        shown = fitting(self.columns, width, self.gap)
        wrapping = [c for c in shown if c.wraps]
        if not shown or len(wrapping) > 1:
            return None
        if any(c.least is not None or c.justify == "full" for c in shown):
            return None
        grid: list[list[Styled]] = []  # column by column
        for column in shown:
            styled = [
                x if isinstance(x, Styled) else Styled(x)
                for x in column.cells
                if isinstance(x, (str, Styled))
            ]
            if len(styled) < len(column.cells) or any("\n" in x.plain for x in styled):
                return None  # a renderable (a bar), or a cell of several lines
            grid.append(styled)
        widths = [natural_width(c) for c in shown]
        total = sum(widths) + self.gap * (len(shown) - 1)
        if total > width:  # a title would wrap
            return None
        header = Styled()
        for index, column in enumerate(shown):
            if index:
                header.append("   ")
            _pad_into(header, Styled(column.header, "bold"), widths[index], column.justify, "")
        drawn = [header, Styled("─" * total)]
        rows = max((len(c.cells) for c in self.columns), default=0)
        for row in range(rows):
            style = self.row_styles[row] if row < len(self.row_styles) else None
            line = Styled()
            for index, column in enumerate(shown):
                if index:
                    line.append("   ", style or "")
                cells = grid[index]
                content = cells[row] if row < len(cells) else Styled()
                under = " ".join(s for s in (column.style, style) if s)
                _pad_into(line, content, widths[index], column.justify, under)
            drawn.append(line)
        return drawn

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)


def _pad_into(line: Styled, cell: Styled, width: int, justify: str, under: str) -> None:
    """``cell`` appended to ``line``, padded to ``width`` as ``justify`` says, each run
    with ``under`` beneath its own style."""
    room = width - cell.cell_len
    left = room if justify == "right" else room // 2 if justify == "center" else 0
    line.append(" " * left, under)
    for text, style in cell.spans:
        line.append(text, f"{under} {style}" if under and style else under or style)
    line.append(" " * (room - left), under)
