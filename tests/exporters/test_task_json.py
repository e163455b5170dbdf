"""The compact, line-per-element JSON that `--json` arrays take on their way to a pipe."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from microtask.exporters.task_json import dumps_lines, framed_chunks

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.lists(values, max_size=30), st.integers(min_value=1, max_value=7))
def test_a_list_in_pieces_reads_back_as_the_same_value(value: list[Any], batch: int) -> None:
    text = "".join(dumps_lines(value, batch=batch))

    assert json.loads(text) == value
    assert text.endswith("\n")


@given(st.lists(st.dictionaries(st.text(), st.text(), max_size=3), min_size=1, max_size=20))
def test_each_element_of_a_list_is_one_line_between_the_brackets(value: list[Any]) -> None:
    lines = "".join(dumps_lines(value, batch=3)).split("\n")  # not splitlines(): U+2028

    assert lines[0] == "["
    assert lines[-2:] == ["]", ""]
    assert [json.loads(line.removesuffix(",")) for line in lines[1:-2]] == value


def test_anything_else_is_one_compact_line() -> None:
    assert "".join(dumps_lines({"a": [1, 2]})) == '{"a": [1, 2]}\n'
    assert "".join(dumps_lines([])) == "[]\n"
    assert "".join(dumps_lines("é")) == '"é"\n'


@given(st.lists(values, max_size=30), st.integers(min_value=1, max_value=7))
def test_a_generator_is_written_as_the_list_it_yields(value: list[Any], batch: int) -> None:
    text = "".join(dumps_lines((item for item in value), batch=batch))

    assert json.loads(text) == value


@given(st.lists(st.lists(values, max_size=5), max_size=8))
def test_lists_of_elements_are_written_as_one_list_of_them_all(chunks: list[list[Any]]) -> None:
    """``list --json`` passes the store's texts a chunk at a time (empty chunks too: every
    task of one may be gone); the text is the one list of them all would give."""
    encoded = [[json.dumps(item, ensure_ascii=False) for item in chunk] for chunk in chunks]
    text = "".join(framed_chunks(encoded))

    assert text == "".join(dumps_lines([item for chunk in chunks for item in chunk]))
    assert len(list(framed_chunks(encoded))) == max(1, sum(1 for c in chunks if c))
