"""`microtask today`: the morning screen in one command (reads only; books nothing)."""

from __future__ import annotations

import typer

from microtask.cli.common import get_app
from microtask.cli.options import JsonOpt
from microtask.cli.output import output


def today(
    ctx: typer.Context,
    json: JsonOpt = False,
) -> None:
    """The morning screen: what is due, the plan, next, pomodoro goal.

    Overdue and due-today tasks, the day's blocks and a plan for the free time left, the
    next task, pomodoros done against the daily goal, and delegation check-ins due.
    """
    from microtask.services.today import today as read_today

    output(json).today(read_today(get_app(ctx)))
