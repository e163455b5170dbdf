"""The reader of doc examples: what counts as a command, its output, a setup, a skip."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.examples import DEFAULT_NOW, PageError, matches, read_page, strip_comment


def page_of(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_console_block_gives_each_command_the_lines_up_to_the_next_one(tmp_path: Path) -> None:
    page = read_page(
        page_of(
            tmp_path, "```console\n$ microtask add x  # a comment\nAdded\n$ microtask next\n```\n"
        )
    )
    assert [(c.text, c.expected, c.now) for c in page.commands] == [
        ("microtask add x", ("Added",), DEFAULT_NOW),
        ("microtask next", (), DEFAULT_NOW),
    ]


def test_setup_now_and_no_run_comments_shape_what_runs(tmp_path: Path) -> None:
    text = (
        "<!-- setup:\nmicrotask add a\nnow 2026-11-24T09:00:00+01:00\nmicrotask start 1\n-->\n"
        "<!-- now: 2026-11-24T10:00:00+01:00 -->\n"
        "  ```console\n  $ microtask stop\n  Stopped\n  ```\n"
        "<!-- no-run: it waits for keys -->\n```console\n$ microtask triage\n```\n"
    )
    page = read_page(page_of(tmp_path, text))
    assert [(c.text, c.expected, c.now[11:16]) for c in page.commands] == [
        ("microtask add a", None, "10:00"),
        ("microtask start 1", None, "09:00"),
        ("microtask stop", ("Stopped",), "10:00"),
    ]
    assert page.blocks[1].no_run == "it waits for keys"


@pytest.mark.parametrize(
    "text",
    [
        "<!-- no-run: -->\n```console\n$ microtask list\n```\n",
        "<!-- no-run: nothing follows -->\n",
        "```console\nAdded task 1\n```\n",
        "<!-- setup:\nrm -rf /\n-->\n",
    ],
)
def test_a_page_breaking_the_rules_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(PageError):
        read_page(page_of(tmp_path, text))


def test_comments_start_at_a_word_outside_quotes() -> None:
    assert strip_comment('microtask add "Send invoice #104"  # the fourth') == (
        'microtask add "Send invoice #104"'
    )
    assert strip_comment("microtask add C#") == "microtask add C#"


@pytest.mark.parametrize(
    ("expected", "actual", "result"),
    [
        (["a", "b"], ["a", "b  ", ""], True),
        (["a", "...", "d"], ["a", "b", "c", "d"], True),
        (["a", "  ...", "d"], ["a", "d"], True),
        (["a", "...", "d"], ["a", "b", "c"], False),
        (["a", "b"], ["a", "c"], False),
        (["a"], ["a", "b"], False),
    ],
)
def test_output_matches_line_by_line_with_ellipsis_lines(
    expected: list[str], actual: list[str], result: bool
) -> None:
    assert matches(expected, actual) is result
