"""How render tests see a renderable: printed as plain text, the way ARCHITECTURE.md says
(``Console(file=io.StringIO(), width=100, color_system=None)``); the tasks and streams
they draw on."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from microtask.domain.model import Priority, Status, Task
from tests.factories import T0


def text_of(renderable: RenderableType, width: int = 100) -> str:
    """What ``renderable`` prints on a plain console ``width`` columns wide (no colour, no
    terminal: tests/conftest.py unsets NO_COLOR and COLUMNS)."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None).print(renderable)
    return buffer.getvalue()


def task(task_id: int, title: str, **changes: object) -> Task:
    """An open, medium-priority task built by hand (no store), created at ``T0``; any
    field by keyword."""
    values: dict[str, object] = {
        "id": task_id,
        "title": title,
        "status": Status.OPEN,
        "priority": Priority.MEDIUM,
        "due": None,
        "estimate_seconds": None,
        "tags": (),
        "project": None,
        "parent_id": None,
        "position": 0,
        "notes": None,
        "created_at": T0,
        "updated_at": T0,
        "done_at": None,
    }
    values.update(changes)
    return Task(**values)  # type: ignore[arg-type]


class Terminal(io.StringIO):
    """A text stream that says it is (or is not) a terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty
