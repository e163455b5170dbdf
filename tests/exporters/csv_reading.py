"""Reading back the CSV that ``export outsource`` and ``report --format csv`` write, as a
user's script would: the tests' independent check that the documented encoding (see
``microtask.exporters.outsource``) is reversible. The program itself never reads it."""

from __future__ import annotations

import csv
import io
import re

from microtask.exporters.outsource import NEUTRALISER, TEXT_COLUMNS

LIST_COLUMNS = frozenset({"steps", "tags", "reasons"})
"""The cells that hold one item a line."""

_UNESCAPES = {"\\\\": "\\", "\\n": "\n", "\\r": "\r"}


def restore(cell: str) -> str:
    """The text before a neutralising quote was put in front of it."""
    return cell[1:] if cell.startswith(NEUTRALISER) else cell


def decode_list(cell: str) -> list[str]:
    """The items of a list cell (an empty cell is no items)."""
    if not cell:
        return []
    return [re.sub(r"\\[\\nr]", lambda m: _UNESCAPES[m.group()], line) for line in cell.split("\n")]


def read_csv_rows(text: str) -> list[dict[str, str]]:
    """Rows of an ``export outsource`` CSV by column name, neutralising quotes removed;
    list cells stay encoded (see :func:`decode_list`)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return []
    return [
        {
            name: restore(cell) if name in TEXT_COLUMNS else cell
            for name, cell in zip(header, cells, strict=True)
        }
        for cells in reader
    ]
