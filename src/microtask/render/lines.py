"""Styled lines drawn without Rich's layout when they fit (issue 11).

Laying a table out through Rich (measure every cell, wrap it, pad it, crop it) is most of
``list``'s time on a short table, and loading Rich's console is a third of the start-up
floor. A view that is only lines of styled text (a :class:`Styled` each) is written here
as it is: as plain text when the output is not a terminal (a pipe, a file: no Rich
loaded at all), or as Rich ``Text`` lines on a terminal. Anything that does not fit its
width on one line is left to Rich, which wraps it as it always has.

Nothing here imports Rich at module level: only the terminal path and :func:`cell_len` of
text that is not ASCII load parts of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.text import Text


_MARKS = dict.fromkeys(map(ord, "└↻⧗─…·"), "x")
"""The marks microtask's own views draw: one column each, as for Rich."""


def cell_len(text: str) -> int:
    """The columns ``text`` takes on a terminal, as Rich counts them (ASCII and microtask's
    own marks: one a character)."""
    if text.isascii() or text.translate(_MARKS).isascii():
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


class Styled:
    """A line of text in runs, each with its Rich style (``""``: none). User text in it
    must already be made visible (:func:`microtask.domain.text.visible`)."""

    __slots__ = ("spans",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.spans: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str, style: str = "") -> Styled:
        if text:
            self.spans.append((text, style))
        return self

    def extend(self, other: Styled) -> Styled:
        self.spans.extend(other.spans)
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.spans)

    @property
    def cell_len(self) -> int:
        return sum(cell_len(text) for text, _ in self.spans)

    def text(self, style: str = "") -> Text:
        """The same as Rich ``Text`` (``style`` under every run)."""
        from rich.text import Text

        text = Text(style=style)
        for part, part_style in self.spans:
            text.append(part, part_style)
        return text


class LinesView(Protocol):
    """A view that may be drawn as lines: :meth:`lines` at a width, or None when something
    needs Rich's layout there; :meth:`renderable` is that layout."""

    def lines(self, width: int) -> list[Styled] | None: ...

    def renderable(self) -> RenderableType: ...


class Lines:
    """Fixed lines; past the width, Rich wraps each as ``Text`` at spaces (a Rich
    renderable too)."""

    def __init__(self, lines: Sequence[Styled]) -> None:
        self._lines = list(lines)

    def lines(self, width: int) -> list[Styled] | None:
        return self._lines if all(line.cell_len <= width for line in self._lines) else None

    def renderable(self) -> RenderableType:
        from rich.console import Group

        return Group(*(line.text() for line in self._lines))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()


def rich_terminal(stream: TextIO) -> bool:
    """Whether Rich would take ``stream`` for a terminal (and write escape codes to it):
    its rules, TTY_COMPATIBLE then FORCE_COLOR then ``isatty``."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


PIPE_WIDTH = 160
"""The width of output that goes to a pipe or a file when COLUMNS does not say one."""


def fixed_width(stream: TextIO) -> int | None:
    """The width to draw at on ``stream`` when it is not a terminal (COLUMNS, else
    :data:`PIPE_WIDTH`); None when the terminal is to say."""
    if stream.isatty():
        return None
    columns = os.environ.get("COLUMNS")
    if not columns:  # unset, or set empty
        return PIPE_WIDTH
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def show(view: LinesView, console: Callable[[], Console]) -> None:
    """Draw ``view`` on stdout: plain lines on a pipe or a file, ``Text`` lines on a
    terminal, and Rich's layout of it when a line would not fit."""
    out = sys.stdout
    if not rich_terminal(out):
        width = fixed_width(out)
        lines = view.lines(width) if width is not None else None
        if lines is not None:
            out.write("".join(line.plain + "\n" for line in lines))
            return
    drawing = console()
    lines = view.lines(drawing.width)
    if lines is None:
        drawing.print(view.renderable())
        return
    from rich.text import Text

    drawing.print(Text("\n").join(line.text() for line in lines), crop=False, soft_wrap=True)
