"""``man microtask``: a roff page made from the commands themselves, as the reference page
is (issue 14). ``microtask --install-man`` writes it where man finds it;
``python -m microtask.cli.manpage > microtask.1`` prints it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from microtask import __version__


def _roff(text: str) -> str:
    """Plain text safe for roff: backslashes doubled, a leading dot or quote escaped."""
    lines = []
    for line in text.replace("\\", "\\e").splitlines():
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def page() -> str:
    from microtask.cli.reference import help_text, walk

    entries = list(walk())
    root, commands = entries[0], entries[1:]
    out = [
        f'.TH MICROTASK 1 "" "microtask {__version__}" "User Commands"',
        ".SH NAME",
        "microtask \\- capture, split and focus on small tasks, and see which work to hand off",
        ".SH SYNOPSIS",
        ".B microtask",
        "[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR] [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        "Without a command, microtask shows the today screen. Every command takes",
        "\\fB\\-\\-help\\fR; the sections below are that help, command by command.",
        ".PP",
        ".nf",
        _roff(help_text(root)),
        ".fi",
        ".SH COMMANDS",
    ]
    for entry in commands:
        out += [f".SS {_roff(entry.name)}", ".nf", _roff(help_text(entry)), ".fi"]
    out += [
        ".SH FILES",
        "Run \\fBmicrotask \\-\\-paths\\fR to see where the settings file and the database are.",
        ".SH ENVIRONMENT",
        ".TP",
        ".B MICROTASK_HOME",
        "Folder for the database and the settings (default: the platform's user dirs).",
        ".TP",
        ".B MICROTASK_DB",
        "Database file or SQLAlchemy URL, as \\fB\\-\\-db\\fR.",
        ".TP",
        ".B MICROTASK_CONFIG",
        "The settings file.",
        ".TP",
        ".B EDITOR\\fR, \\fBVISUAL",
        "The editor of \\fBnote \\-\\-edit\\fR and \\fBconfig edit\\fR (default: vi).",
        ".SH EXIT STATUS",
        "0 done; 1 bad input or an unusable store; 2 usage; 3 not found; 4 conflict;",
        "130 interrupted (Ctrl-C).",
    ]
    return "\n".join(out) + "\n"


def man_dir() -> Path:
    """``$XDG_DATA_HOME/man/man1`` (``~/.local/share/man/man1``): on man's default path for
    a user's own pages on most systems."""
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "man" / "man1"


def install() -> Path:
    """Write the page into :func:`man_dir`; its path."""
    folder = man_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "microtask.1"
    temporary = path.with_name(".microtask.1.tmp")
    temporary.write_text(page(), encoding="utf-8")
    os.replace(temporary, path)
    return path


def main() -> None:
    sys.stdout.write(page())


if __name__ == "__main__":
    main()
