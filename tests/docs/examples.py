"""The examples of README.md and docs/*.md, read as the test runs them.

A page is read top to bottom into steps, in order:

- a ```` ```console ```` block: each ``$ microtask ...`` line is a command (a trailing
  ``# comment`` is not part of it), and the lines after it, up to the next ``$`` line, are
  the output the page shows for it. A line ``...`` alone stands for any number of lines.
- ``<!-- setup: ... -->``: commands a page's examples assume, run but not shown, one a line
  (``microtask ...`` or ``now ISO-DATE-TIME``).
- ``<!-- now: 2026-11-24T11:50:00+01:00 -->``: the clock for the commands that follow
  (until then: Monday 23 November 2026, 10:00 in Paris).
- ``<!-- no-run: reason -->``: the next fenced block is not run, for the reason given.

Other fenced blocks are not run; ``sh`` blocks and command synopses are checked against
the commands in ``test_examples.py``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NOW = "2026-11-23T10:00:00+01:00"  # a Monday, as in tests/cli/conftest.py
ELLIPSIS = "..."

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)[^`]*$")
_DIRECTIVE = re.compile(r"^\s*<!--\s*(?P<name>setup|no-run|now):(?P<body>.*?)(?P<end>-->)?\s*$")


class PageError(Exception):
    """The page breaks the rules above (a directive without a block, a stray line ...)."""


@dataclass(frozen=True)
class Block:
    """A fenced block: its info string (``console``, ``sh`` ...), the line of its first
    content line, its content with the fence's indentation removed, and whether it runs."""

    info: str
    line: int
    lines: tuple[str, ...]
    no_run: str | None = None


@dataclass(frozen=True)
class Command:
    """One command of a page: where it is, its text, what the page shows it prints (None:
    not shown, as in a setup), and the clock it runs at."""

    line: int
    text: str
    expected: tuple[str, ...] | None
    now: str

    @property
    def shows_an_error(self) -> bool:
        return any(line.startswith("Error: ") for line in self.expected or ())

    @property
    def shows_stderr(self) -> bool:
        return any(line.startswith(("Error: ", "Note: ")) for line in self.expected or ())


@dataclass
class Page:
    path: Path
    blocks: list[Block] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.path.is_relative_to(ROOT):
            return self.path.relative_to(ROOT).as_posix()
        return self.path.name


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def strip_comment(line: str) -> str:
    """``line`` without a shell comment: a ``#`` outside quotes, at the start of a word."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip()
    return line.rstrip()


def split_words(line: str) -> list[str]:
    return shlex.split(strip_comment(line))


def read_page(path: Path) -> Page:
    page = Page(path)
    text = path.read_text(encoding="utf-8").splitlines()
    now = DEFAULT_NOW
    no_run: str | None = None
    index = 0
    while index < len(text):
        line = text[index]
        directive = _DIRECTIVE.match(line)
        fence = _FENCE.match(line)
        if directive:
            body = [directive["body"]]
            start = index
            while not directive["end"] and not body[-1].rstrip().endswith("-->"):
                index += 1
                if index == len(text):
                    raise PageError(f"{page.name}:{start + 1}: the comment is never closed")
                body.append(text[index])
            body[-1] = body[-1].rstrip().removesuffix("-->")
            name = directive["name"]
            if name == "no-run":
                no_run = " ".join(" ".join(body).split())
                if not no_run:
                    raise PageError(f"{page.name}:{start + 1}: no-run needs a reason")
            elif name == "now":
                now = " ".join(body).strip()
            else:
                for offset, setup_line in enumerate(body):
                    words = setup_line.strip()
                    if not words:
                        continue
                    if words.startswith("now "):
                        now = words.removeprefix("now ").strip()
                    elif words.startswith("microtask "):
                        page.commands.append(Command(start + offset + 1, words, None, now))
                    else:
                        raise PageError(
                            f"{page.name}:{start + offset + 1}: a setup line is "
                            f"'microtask ...' or 'now ...', not {words!r}"
                        )
        elif fence:
            indent, mark = fence["indent"], fence["fence"]
            start = index + 1
            content: list[str] = []
            index += 1
            while index < len(text):
                closing = text[index]
                if closing.strip().startswith(mark) and closing.strip() == mark[0] * len(
                    closing.strip()
                ):
                    break
                content.append(closing.removeprefix(indent))
                index += 1
            block = Block(fence["info"], start + 1, tuple(content), no_run)
            page.blocks.append(block)
            if block.info == "console" and no_run is None:
                page.commands += _console_commands(page, block, now)
            no_run = None
        index += 1
    if no_run is not None:
        raise PageError(f"{page.name}: a no-run comment with no block after it")
    return page


def _console_commands(page: Page, block: Block, now: str) -> list[Command]:
    commands: list[Command] = []
    current: tuple[int, str] | None = None
    expected: list[str] = []
    for offset, line in enumerate(block.lines):
        if line.startswith("$ "):
            if current is not None:
                commands.append(Command(*current, tuple(expected), now))
            current, expected = (block.line + offset, strip_comment(line[2:])), []
        elif current is None:
            raise PageError(
                f"{page.name}:{block.line + offset}: a console block starts with a $ command"
            )
        else:
            expected.append(line)
    if current is not None:
        commands.append(Command(*current, tuple(expected), now))
    return commands


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, trailing spaces aside; an ``...`` line matches any number of lines."""
    expected = [line.rstrip() for line in expected]
    actual = [line.rstrip() for line in actual]
    while expected and not expected[-1]:
        expected.pop()
    while actual and not actual[-1]:
        actual.pop()
    # reachable[j]: the expected lines so far can match the first j actual lines
    reachable = [True] + [False] * len(actual)
    for want in expected:
        if want.strip() == ELLIPSIS:
            for j in range(1, len(actual) + 1):
                reachable[j] = reachable[j] or reachable[j - 1]
        else:
            reachable = [False] + [reachable[j] and actual[j] == want for j in range(len(actual))]
    return reachable[len(actual)]
