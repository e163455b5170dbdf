"""Who is running microtask: the user name every change records (issue 16).

Two people may share one store (the founder and an assistant); each change names its
author, ``undo`` reverts only your own, and an assistant sees only what is delegated to
them. The name comes from ``--as NAME``, else ``MICROTASK_USER``, else ``[user] name`` in
the settings, else the login name.
"""

from __future__ import annotations

import re

from microtask.domain.errors import InvalidInputError

MAX_USER_LENGTH = 64
_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")
FALLBACK_USER = "me"
"""The name used when the login name is unknown or unfit (a container without a passwd
entry, a name with spaces)."""


def clean_user_name(text: str, source: str = "--as") -> str:
    """A user name as given (``ana``, ``ana.lopez``, ``ana@example.com``); anything else is
    refused in one line that names where it came from."""
    name = text.strip()
    if not name:
        raise InvalidInputError(f"the user name from {source} is empty: give one such as ana")
    if len(name) > MAX_USER_LENGTH or not _USER_NAME.fullmatch(name):
        from microtask.domain.text import quote_typed

        raise InvalidInputError(
            f"invalid user name {quote_typed(name)} from {source}: use up to {MAX_USER_LENGTH} "
            "letters, digits and . _ @ - (starting with a letter or digit), such as ana"
        )
    return name


def fit_login_name(login: str | None) -> str:
    """The login name as a user name, or :data:`FALLBACK_USER` when it is unfit."""
    if login and len(login) <= MAX_USER_LENGTH and _USER_NAME.fullmatch(login):
        return login
    return FALLBACK_USER
