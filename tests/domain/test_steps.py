"""Behaviour of step parsing and estimate sharing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microtask.domain.errors import InvalidInputError
from microtask.domain.steps import (
    Step,
    checklist,
    parse_step,
    parse_steps,
    share_estimate,
    step_estimates,
)


@pytest.mark.parametrize(
    "line",
    [
        "Draft outline",
        "  Draft outline  ",
        "- [ ] Draft outline",
        "* [ ] Draft outline",
        "- [x] Draft outline",
        "- [X] Draft outline",
        "+ [ ] Draft outline",
        "- Draft outline",
        "* Draft outline",
        "+ Draft outline",
        "1. Draft outline",
        "2) Draft outline",
        "10.   Draft outline",
        "Draft outline\r",
    ],
)
def test_list_and_checklist_markers_are_stripped_from_the_title(line: str) -> None:
    step = parse_step(line)
    assert step is not None
    assert (step.title, step.estimate_seconds) == ("Draft outline", None)


@pytest.mark.parametrize(
    "line", ["- [x] Done already", "* [X] Done already", "1. [x] Done already"]
)
def test_checked_items_are_read_as_done_steps(line: str) -> None:
    assert parse_step(line) == Step("Done already", None, done=True)


@pytest.mark.parametrize(
    "line", ["- [ ] Still open", "- Still open", "Still open", "[x] Still open"]
)
def test_unchecked_items_and_plain_lines_are_open_steps(line: str) -> None:
    step = parse_step(line)
    assert step is not None
    assert not step.done


def test_a_checklist_reads_back_as_the_same_steps() -> None:
    steps = [Step("Draft", 1200), Step("Review", None, done=True), Step("Send", 5400)]
    assert parse_steps(checklist(steps)) == steps
    assert [s.done for s in parse_steps(checklist(steps, ticked=False))] == [False] * 3


@pytest.mark.parametrize(
    "line", ["", "   ", "\t", "-", "*", "+", "- [ ]", "* [x]", "1.", "2)", "\r"]
)
def test_blank_lines_and_bare_markers_have_no_step(line: str) -> None:
    assert parse_step(line) is None


@pytest.mark.parametrize(
    ("line", "step"),
    [
        ("Draft outline ~20m", Step("Draft outline", 1200)),
        ("- [ ] Draft outline ~1h30m", Step("Draft outline", 5400)),
        ("1. Review   ~1.5h", Step("Review", 5400)),
        ("Call Bob ~45", Step("Call Bob", 2700)),
        ("Call Bob\t~90s", Step("Call Bob", 90)),
        ("Ship it ~1H", Step("Ship it", 3600)),
    ],
)
def test_trailing_estimate_is_parsed_and_removed_from_the_title(line: str, step: Step) -> None:
    assert parse_step(line) == step


@pytest.mark.parametrize(
    "line",
    [
        "Rewrite ~/.bashrc loader",  # tilde not at the end
        "Costs about ~20m to run, say",
        "Try~20m",  # no whitespace before the tilde
        "~20m",  # nothing before: this is the title
        "approx ~",
    ],
)
def test_tilde_elsewhere_is_part_of_the_title(line: str) -> None:
    step = parse_step(line)
    assert step == Step(line, None)


@pytest.mark.parametrize("line", ["Draft ~soon", "- [ ] Draft ~0m", "Draft ~200h", "Draft ~1e3"])
def test_bad_estimate_is_rejected_naming_the_line(line: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_step(line)
    message = str(caught.value)
    assert repr(line) in message
    assert "estimate" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "line",
    [
        "Fix [bold]red[/bold] markup",
        "Weird \x1b[31m escape",
        "-5 degrees outside",
        "- - nested",
        "Price: 3. Not a list",
        "[ ] no bullet before the box",
    ],
)
def test_other_text_is_kept_verbatim(line: str) -> None:
    step = parse_step(line)
    assert step is not None
    expected = {"- - nested": "- nested"}.get(line, line)
    assert step.title == expected


def test_parse_steps_reads_one_step_a_line_and_skips_blank_ones() -> None:
    text = "# Plan\r\n\r\n- [ ] Outline ~20m\r\n- [x] Research ~1h\r\n   \r\n1. Write\r\n- [ ]\r\n"
    assert parse_steps(text) == [
        Step("# Plan", None),
        Step("Outline", 1200),
        Step("Research", 3600, done=True),
        Step("Write", None),
    ]


def test_parse_steps_of_empty_text_is_empty() -> None:
    assert parse_steps("") == []
    assert parse_steps("\n\n  \n") == []


def test_parse_steps_keeps_control_characters_inside_titles() -> None:
    assert parse_steps("a\x1cb\nc\u2028d") == [Step("a\x1cb", None), Step("c\u2028d", None)]


def test_parse_steps_reports_the_line_number_of_a_bad_estimate() -> None:
    with pytest.raises(InvalidInputError, match=r"^line 3: invalid estimate in step 'Three ~x'"):
        parse_steps("One\nTwo ~5m\nThree ~x\n")


@pytest.mark.parametrize(
    ("total", "count", "shares"),
    [
        (3600, 1, [3600]),
        (3600, 3, [1200, 1200, 1200]),
        (100, 3, [34, 33, 33]),
        (101, 3, [34, 34, 33]),
        (2, 5, [1, 1, 0, 0, 0]),
        (0, 2, [0, 0]),
    ],
)
def test_share_estimate_splits_evenly_giving_spare_seconds_to_earlier_steps(
    total: int, count: int, shares: list[int]
) -> None:
    assert share_estimate(total, count) == shares


def test_share_estimate_needs_at_least_one_step() -> None:
    with pytest.raises(ValueError, match="at least one"):
        share_estimate(60, 0)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=500))
def test_shares_sum_exactly_and_differ_by_at_most_one_second(total: int, count: int) -> None:
    shares = share_estimate(total, count)
    assert len(shares) == count
    assert sum(shares) == total
    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)


@given(st.text())
def test_parse_steps_raises_only_invalid_input_and_titles_are_stripped(text: str) -> None:
    try:
        steps = parse_steps(text)
    except InvalidInputError as exc:
        message = str(exc)
        assert "\n" not in message
        return
    for step in steps:
        assert step.title
        assert step.title == step.title.strip()


def test_steps_without_an_estimate_share_what_the_parent_estimate_leaves() -> None:
    steps = [Step("Draft", 1200), Step("Write", None), Step("Review", None)]
    assert step_estimates(7200, steps) == [1200, 3000, 3000]


def test_steps_keep_no_estimate_when_the_parent_has_none_or_too_little_is_left() -> None:
    steps = [Step("Draft", 1200), Step("Write", None)]
    assert step_estimates(None, steps) == [1200, None]
    assert step_estimates(1200, steps) == [1200, None]  # nothing left to share
    assert step_estimates(1201, steps) == [1200, 1]


@given(st.integers(0, 10**6), st.lists(st.none() | st.integers(0, 10**5), min_size=1))
def test_shared_estimates_never_exceed_the_parent_and_own_ones_are_kept(
    parent: int, own: list[int | None]
) -> None:
    steps = [Step(f"s{n}", e) for n, e in enumerate(own)]
    estimates = step_estimates(parent, steps)
    assert [e for e, o in zip(estimates, own, strict=True) if o is not None] == [
        o for o in own if o is not None
    ]
    if any(e is not None for e, o in zip(estimates, own, strict=True) if o is None):
        assert sum(e or 0 for e in estimates) == parent
