"""User text shown as data: control characters made visible."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.text import _CONTROL, visible


def _escaped(char: str) -> str:
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    code = ord(char)
    return named.get(char, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def test_every_control_character_is_unprintable_so_printable_text_skips_the_pattern() -> None:
    controls = [chr(code) for code in range(0x3000) if re.fullmatch(_CONTROL, chr(code))]
    assert len(controls) == 32 + 33 + 2 + 5 + 4
    assert not any(char.isprintable() for char in controls)


def test_control_characters_are_shown_as_escapes() -> None:
    assert visible("a\x1b[31mb\nc\u202ed") == "a\\x1b[31mb\\nc\\u202ed"
    assert visible("plain title ✓") == "plain title ✓"


@given(st.text())
def test_visible_escapes_exactly_the_control_characters(text: str) -> None:
    expected = "".join(_escaped(c) if re.fullmatch(_CONTROL, c) else c for c in text)
    assert visible(text) == expected
