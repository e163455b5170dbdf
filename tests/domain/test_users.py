"""User names: what ``--as``, ``MICROTASK_USER`` and ``[user] name`` accept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.users import FALLBACK_USER, clean_user_name, fit_login_name


@pytest.mark.parametrize("name", ["ana", "Ana.Lopez", "ana@example.com", "bob_2", "x"])
def test_plain_names_are_kept_as_given(name: str) -> None:
    assert clean_user_name(f" {name} ") == name


@pytest.mark.parametrize("name", ["", "   ", "ana lopez", "-ana", "an\x1ba", "a" * 65, "ana/x"])
def test_empty_or_odd_names_are_refused_naming_the_source(name: str) -> None:
    with pytest.raises(InvalidInputError, match="MICROTASK_USER"):
        clean_user_name(name, "MICROTASK_USER")


def test_an_unfit_login_name_falls_back() -> None:
    assert fit_login_name("ana") == "ana"
    assert fit_login_name(None) == FALLBACK_USER
    assert fit_login_name("Ana Lopez") == FALLBACK_USER


@given(st.text(max_size=80))
def test_any_text_is_a_clean_name_or_one_line_refusal(text: str) -> None:
    message = ""
    name = None
    try:
        name = clean_user_name(text)
    except InvalidInputError as error:
        message = str(error)
    assert "\n" not in message
    if name is not None:
        assert name == text.strip()
        assert " " not in name
        assert len(name) <= 64
