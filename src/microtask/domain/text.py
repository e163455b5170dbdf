"""User text is data: make control characters visible before it reaches a terminal, and
quote what the user typed when a message has to repeat it."""

from __future__ import annotations

import re

_CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
"""Every one of these is unprintable to ``str.isprintable``, so printable text (nearly all
text) is passed without compiling the pattern (half a millisecond of start-up)."""

MAX_TYPED_CHARS = 100
"""Typed dates, times and durations longer than this are refused outright: no real one is
this long, and it keeps every regular expression that reads them linear in practice."""


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\n`` ...)."""
    if text.isprintable():
        return text

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
        if char in named:
            return named[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return re.sub(_CONTROL, escape, text)


def quote_typed(text: str) -> str:
    """What the user typed, quoted for a one-line message (control characters escaped,
    shortened past 60 characters)."""
    shown = text.strip()
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return repr(shown)


def normalise_typed(text: str) -> str:
    """Lower case, runs of whitespace as one space, no surrounding whitespace: the form the
    date, time and duration parsers match against."""
    return " ".join(text.lower().split())


def short(title: str, width: int = 40) -> str:
    """``title`` cut to ``width`` characters, with an ellipsis when it was longer."""
    return title if len(title) <= width else title[: width - 1] + "…"
