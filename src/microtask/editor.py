"""Editing text in the user's editor (``note ID --edit``, ``config edit``): ``$VISUAL``,
else ``$EDITOR``, else ``vi``, on a private temporary file, only at a terminal."""

from __future__ import annotations

import os
import sys

from microtask.domain.errors import InvalidInputError


def at_a_terminal() -> bool:
    """Whether an editor can take over: stdin and stdout are both a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def editor_command() -> list[str]:
    import shlex

    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words = shlex.split(chosen)
    except ValueError:
        raise InvalidInputError(f"cannot read the editor command {chosen!r}") from None
    return words or ["vi"]


def edit_text(text: str, what: str, suffix: str = ".txt") -> str:
    """``text`` as the user left it in their editor; refused without a terminal, and when
    the editor fails (then nothing changes)."""
    import subprocess
    import tempfile

    if not at_a_terminal():
        raise InvalidInputError(
            f"{what} needs a terminal to open an editor in: run it in one (not in a pipe)"
        )
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="microtask-", suffix=suffix)  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            result = subprocess.run([*command, name], check=False)
        except OSError as error:
            raise InvalidInputError(
                f"cannot run the editor {command[0]!r}: {error.strerror}; set $EDITOR"
            ) from None
        if result.returncode != 0:
            raise InvalidInputError(
                f"the editor exited with code {result.returncode}: nothing was changed"
            )
        try:
            with open(name, encoding="utf-8") as file:
                return file.read()
        except UnicodeDecodeError:
            raise InvalidInputError("the edited text is not UTF-8: nothing was changed") from None
    finally:
        os.unlink(name)
