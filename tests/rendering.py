"""How render tests see a renderable: printed as plain text, the way ARCHITECTURE.md says
(``Console(file=io.StringIO(), width=100, color_system=None)``)."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType


def text_of(renderable: RenderableType, width: int = 100) -> str:
    """What ``renderable`` prints on a plain console ``width`` columns wide (no colour, no
    terminal: tests/conftest.py unsets NO_COLOR and COLUMNS)."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None).print(renderable)
    return buffer.getvalue()
