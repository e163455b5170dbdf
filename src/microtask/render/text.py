"""User text, never parsed as markup, its terminal controls made visible: as Rich ``Text``,
or as a :class:`~microtask.render.lines.Styled` run for views drawn as lines. Apart from
the tables, and Rich loaded only for ``Text``, so a view of a few lines loads little."""

from __future__ import annotations

from typing import TYPE_CHECKING

from microtask.domain.text import visible
from microtask.render.lines import Styled

if TYPE_CHECKING:
    from rich.text import Text


def user_text(text: str | None, style: str = "") -> Text:
    from rich.text import Text

    return Text(visible(text or ""), style=style)


def user_styled(text: str | None, style: str = "") -> Styled:
    """User text as one styled run."""
    return Styled(visible(text or ""), style)
