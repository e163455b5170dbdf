"""Split text into task steps: one step a line, with an optional trailing ``~estimate``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from microtask.domain.durations import parse_duration
from microtask.domain.errors import InvalidInputError
from microtask.domain.model import clean_title
from microtask.domain.record import record

__all__ = ["Step", "checklist", "parse_step", "parse_steps", "share_estimate"]

# A list marker at the start of a line: a bullet (-, *, +) or a number (1. or 2)),
# then optionally a Markdown checkbox ([ ], [x] or [X]). Each must be followed by
# whitespace or the end of the line, so "-5 degrees" or "[bold]" stay part of the title.
_MARKER_PATTERN = r"(?:[-*+]|[0-9]{1,9}[.)])(?:\s+|\Z)(?:\[(?P<box>[ xX])\](?:\s+|\Z))?"

# (Patterns are strings compiled on first use by the re module's cache: cheap imports.)
# A trailing estimate: "~" right before one token at the end, after whitespace.
_ESTIMATE_PATTERN = r"\s~(\S+)\Z"


@record
class Step:
    """One step of a task: its title and, when given, its estimate in seconds."""

    title: str
    estimate_seconds: int | None
    done: bool = False
    """A checked checklist item (``- [x] step``): a step already done, not an open one."""


def parse_step(line: str) -> Step | None:
    """Parse one line into a Step; None when it holds no title (blank, or only a marker).

    Accepted: plain text, Markdown checklist items (``- [ ] step``; a checked one,
    ``* [x] step``, is a step already done), bullets (``-``, ``*``, ``+``) and numbered items
    (``1.``, ``2)``). A trailing ``~20m`` / ``~1h30m`` / ``~1.5h`` (after whitespace, at
    the very end) is the estimate; a bad one raises InvalidInputError. The rest of the
    title is kept verbatim: it is data, and escaping it is the render layer's job.
    """
    rest = line.strip()
    marker = re.match(_MARKER_PATTERN, rest)
    done = False
    if marker:
        rest = rest[marker.end() :]
        done = marker["box"] in ("x", "X")
    estimate: int | None = None
    found = re.search(_ESTIMATE_PATTERN, rest)
    if found:
        try:
            estimate = parse_duration(found[1])
        except InvalidInputError as exc:
            raise InvalidInputError(f"invalid estimate in step {_shown(line)}: {exc}") from None
        rest = rest[: found.start()].rstrip()
    if not rest:
        return None
    try:
        title = clean_title(rest)  # the limits every title has, however it comes in
    except InvalidInputError as exc:
        raise InvalidInputError(f"step {_shown(line)}: {exc}") from None
    return Step(title=title, estimate_seconds=estimate, done=done)


def _shown(line: str) -> str:
    shown = line.strip()
    return repr(shown if len(shown) <= 60 else shown[:57] + "...")


def parse_steps(text: str) -> list[Step]:
    """Parse one step a line (LF or CRLF endings), skipping lines without a title.

    A bad estimate raises InvalidInputError whose message starts with the line number.
    """
    steps: list[Step] = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        try:
            step = parse_step(line)
        except InvalidInputError as exc:
            raise InvalidInputError(f"line {number}: {exc}") from None
        if step is not None:
            steps.append(step)
    return steps


def share_estimate(total_seconds: int, count: int) -> list[int]:
    """Split ``total_seconds`` across ``count`` steps.

    Whole seconds that sum exactly to the total and differ by at most one; the
    earlier steps take the spare seconds.
    """
    if count < 1:
        raise ValueError("share_estimate needs at least one step")
    if total_seconds < 0:
        raise ValueError("share_estimate needs a non-negative total")
    base, spare = divmod(total_seconds, count)
    return [base + 1] * spare + [base] * (count - spare)


def step_estimates(parent_seconds: int | None, steps: Sequence[Step]) -> list[int | None]:
    """Each step's estimate: its own, else a share of what the parent's estimate leaves once
    the estimated steps are counted (none when less than a second each is left)."""
    estimates = [step.estimate_seconds for step in steps]
    unestimated = [i for i, e in enumerate(estimates) if e is None]
    if not parent_seconds or not unestimated:
        return estimates
    left = parent_seconds - sum(e for e in estimates if e is not None)
    if left >= len(unestimated):
        for index, share in zip(unestimated, share_estimate(left, len(unestimated)), strict=True):
            estimates[index] = share
    return estimates


def checklist(steps: Sequence[Step], ticked: bool = True) -> str:
    """Steps as the Markdown checklist :func:`parse_steps` reads back (``- [ ] Draft ~20m``);
    ``ticked=False`` writes every step as open (a procedure's steps, for a new instance)."""
    from microtask.domain.durations import format_duration

    lines = []
    for step in steps:
        box = "x" if step.done and ticked else " "
        estimate = f" ~{format_duration(step.estimate_seconds)}" if step.estimate_seconds else ""
        lines.append(f"- [{box}] {step.title}{estimate}")
    return "\n".join(lines) + ("\n" if lines else "")
