"""Tags, projects and saved views: the names a founder files work under, with how many
open tasks each holds, and list arguments kept under a name (``list @clients``)."""

from __future__ import annotations

import re

from microtask.domain.errors import InvalidInputError
from microtask.domain.record import record

MAX_VIEW_NAME = 40
MAX_VIEW_ARGS = 40
_VIEW_NAME = r"[a-z0-9][a-z0-9_-]*"


@record
class NameCount:
    """A tag or a project, and how many open tasks carry it."""

    name: str
    open_tasks: int


@record
class SavedView:
    """``list`` arguments kept under a name: ``list @NAME`` runs them."""

    id: int
    name: str
    args: tuple[str, ...]


def clean_view_name(text: str) -> str:
    """``Clients`` -> ``clients``: letters, digits, ``-`` and ``_``, starting with a letter
    or digit, at most 40 characters (a leading ``@`` is dropped: ``view rm @clients``)."""
    name = text.strip().lower().removeprefix("@")
    if not re.fullmatch(_VIEW_NAME, name) or len(name) > MAX_VIEW_NAME:
        raise InvalidInputError(
            f"invalid view name {text!r}: use letters, digits, - and _ (at most "
            f"{MAX_VIEW_NAME} characters), such as clients or this-week"
        )
    return name


def check_view_args(args: list[str]) -> tuple[str, ...]:
    """What a saved view may hold: list arguments, but no other view and no help."""
    if not args:
        raise InvalidInputError("a view needs list arguments: view add NAME -- --tag client")
    if len(args) > MAX_VIEW_ARGS:
        raise InvalidInputError(f"too many arguments for a view ({len(args)}): at most 40")
    for arg in args:
        if arg.startswith("@"):
            raise InvalidInputError(f"a view cannot use another view ({arg})")
        if arg in ("-h", "--help"):
            raise InvalidInputError("a view cannot hold --help")
        if "\0" in arg:
            raise InvalidInputError("a view's arguments cannot contain NUL")
    return tuple(args)
