"""Notes as a log (issue 14): ``note ID TEXT`` appends a line stamped with the local time,
as Taskwarrior's annotations do, below what the notes already say."""

from __future__ import annotations

from datetime import datetime

from microtask.domain.errors import InvalidInputError
from microtask.domain.model import clean_note


def annotated(existing: str | None, text: str, at: datetime) -> str:
    """``existing`` with ``[2026-11-23 10:00] text`` on a line of its own at the end
    (``at`` is shown as given: pass it in the user's zone)."""
    line = " ".join(text.split())
    if not line:
        raise InvalidInputError("the note is empty: say what to add, e.g. note 12 'Called Ana'")
    entry = f"[{at:%Y-%m-%d %H:%M}] {line}"
    return clean_note(f"{existing.rstrip()}\n{entry}" if existing and existing.strip() else entry)


def from_input(text: str) -> tuple[str, str | None]:
    """``add -``: the first non-empty line of what was piped in is the title, the rest (if
    any) the notes."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise InvalidInputError(
            "nothing was read from stdin: pipe in a title, e.g. echo Call Ana |"
        )
    rest = "\n".join(lines[1:]).strip("\n")
    return lines[0].strip(), rest if rest.strip() else None
