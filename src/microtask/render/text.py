"""User text as Rich ``Text``: never parsed as markup, its terminal controls made visible.
Apart from the tables so a view of a few lines loads no more of Rich than ``Text``."""

from __future__ import annotations

from rich.text import Text

from microtask.domain.text import visible


def user_text(text: str | None, style: str = "") -> Text:
    return Text(visible(text or ""), style=style)
