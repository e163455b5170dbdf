"""Every example in README.md and docs/*.md runs, and prints what the page shows.

The rules for writing examples are in ``tests/docs/examples.py``. Each page runs against a
fresh store (a temporary MICROTASK_HOME, which is also the working directory), in Paris, at
a pinned clock, with a terminal of COLUMNS columns. A failure names the page, the line and
the command, and shows the difference between the page and the real output; fix the page
(the commands' behaviour is the contract, the page describes it).
"""

from __future__ import annotations

import difflib
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from microtask.cli.app import app
from tests.docs.examples import (
    Block,
    Command,
    Page,
    PageError,
    matches,
    pages,
    read_page,
    split_words,
)

COLUMNS = "100"
TIME_LIMIT = 10
"""Seconds a command may take: an example that waits (a live timer, a prompt) hangs else."""


def _read_all() -> tuple[dict[Path, Page], list[str]]:
    read, errors = {}, []
    for path in pages():
        try:
            read[path] = read_page(path)
        except PageError as error:
            errors.append(str(error))
    return read, errors


PAGES, PAGE_ERRORS = _read_all()
RUNNABLE = [page for page in PAGES.values() if any(c.expected is not None for c in page.commands)]


def test_every_page_follows_the_rules_for_examples() -> None:
    assert not PAGE_ERRORS, "\n".join(PAGE_ERRORS)


def _shell_builtin(words: list[str], here: Path) -> tuple[str, int]:
    """The few commands besides microtask that a page may show: ``cat FILE`` and
    ``head -N FILE``, on files in the page's working directory."""
    match words:
        case ["cat", name]:
            return (here / name).read_text(encoding="utf-8"), 0
        case ["head", count, name] if count.startswith("-") and count[1:].isdigit():
            lines = (here / name).read_text(encoding="utf-8").splitlines(keepends=True)
            return "".join(lines[: int(count[1:])]), 0
    raise AssertionError(f"unsupported command in an example: {' '.join(words)!r}")


@contextmanager
def _time_limit(command: Command) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(
            f"{command.text!r} ran over {TIME_LIMIT} s: mark its block <!-- no-run: why -->"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TIME_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(command: Command, here: Path) -> tuple[str, int]:
    words = split_words(command.text)
    if words[0] != "microtask":
        return _shell_builtin(words, here)
    env = {"MICROTASK_NOW": command.now, "COLUMNS": COLUMNS}
    with _time_limit(command):
        result = CliRunner().invoke(app, words[1:], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command.text!r} crashed") from result.exception
    return (result.output if command.shows_stderr else result.stdout), result.exit_code


def _problem(page: Page, command: Command, printed: str, code: int) -> str | None:
    where = f"{page.name}:{command.line}: $ {command.text}"
    if command.expected is None:  # a hidden setup: it only has to work
        return None if code == 0 else f"{where}\n  the setup command exited {code}:\n{printed}"
    if (code != 0) != command.shows_an_error:
        wanted = "an error (exit code not 0)" if command.shows_an_error else "exit code 0"
        return f"{where}\n  exited {code}, the page shows {wanted}:\n{printed}"
    actual = printed.splitlines()
    if matches(list(command.expected), actual):
        return None
    diff = difflib.unified_diff(
        list(command.expected), actual, "shown in the page", "printed", lineterm=""
    )
    return where + "\n" + "\n".join(diff)


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda page: page.name)
def test_every_console_example_prints_what_the_page_shows(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    problems = []
    for command in page.commands:
        printed, code = _run(command, tmp_path)
        problem = _problem(page, command, printed, code)
        if problem:
            problems.append(problem)
    assert not problems, "\n\n".join(problems)


def _blocks(*infos: str) -> Iterator[tuple[Page, Block]]:
    for page in PAGES.values():
        for block in page.blocks:
            if block.info in infos:
                yield page, block


def test_an_example_with_output_is_a_console_block_or_says_why_it_does_not_run() -> None:
    """A ``$ microtask`` line in a text block would be an example no test runs."""
    hidden = [
        f"{page.name}:{block.line}"
        for page in PAGES.values()
        for block in page.blocks
        if block.info != "console"
        and block.no_run is None
        and any(line.startswith("$ microtask") for line in block.lines)
    ]
    assert not hidden, f"make these console blocks, or mark them <!-- no-run: why -->: {hidden}"


def test_no_run_stays_rare() -> None:
    skipped = [(page.name, block.no_run) for page, block in _blocks("console")]
    skipped = [(name, reason) for name, reason in skipped if reason]
    assert len(skipped) <= 8, skipped


def _command_path(words: list[str]) -> tuple[typer.core.TyperCommand, list[str]]:
    """The click command named by the words after ``microtask``, and the words left."""
    root = typer.main.get_command(app)
    command = root
    ctx = root.make_context("microtask", ["--help"], resilient_parsing=True)
    while words and hasattr(command, "get_command"):
        sub = command.get_command(ctx, words[0])
        if sub is None:
            break
        command, words = sub, words[1:]
    return command, words  # type: ignore[return-value]


@pytest.mark.parametrize("info", ["sh", "bash", "shell"])
def test_commands_in_shell_blocks_name_real_commands_and_options(info: str) -> None:
    """Shell snippets are not run (they are too long, or run for real minutes), but each
    ``microtask`` line in them must still parse: a removed command or flag fails here."""
    problems = []
    for page, block in _blocks(info):
        for offset, line in enumerate(block.lines):
            if not line.startswith("microtask "):
                continue
            result = CliRunner().invoke(app, [*split_words(line)[1:], "--help"])
            if result.exit_code != 0 or not result.stdout.startswith("Usage: "):
                problems.append(f"{page.name}:{block.line + offset}: {line}\n{result.output}")
    assert not problems, "\n".join(problems)


def test_the_options_of_command_synopses_exist() -> None:
    """A synopsis (``microtask list [--all] [--status STATUS] ...`` in a plain block) may
    only name options the command has."""
    problems = []
    for page, block in _blocks(""):
        for offset, line in enumerate(block.lines):
            if not line.startswith("microtask "):
                continue
            synopsis = " ".join([line, *_continuation(block.lines[offset + 1 :])])
            words = synopsis.split()[1:]
            command, _ = _command_path([w for w in words if w.isalpha()][:2])
            known = {opt for param in command.params for opt in param.opts + param.secondary_opts}
            for word in words:
                for flag in word.strip("[]().,|").split("/"):
                    flag = flag.strip("[]().,|").split("=")[0]
                    if flag.startswith("-") and len(flag) > 1 and flag not in known:
                        problems.append(f"{page.name}:{block.line + offset}: {flag} in {line!r}")
    assert not problems, "\n".join(problems)


def _continuation(lines: tuple[str, ...]) -> Iterator[str]:
    for line in lines:
        if not line.startswith(" "):
            return
        yield line
