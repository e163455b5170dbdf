"""`microtask today`: the morning screen in one command (reads only; books nothing)."""

from __future__ import annotations

from typing import Annotated

import typer

from microtask.cli.common import get_app, print_json, render


def today(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """The morning screen: what is due, the plan, next, pomodoro goal.

    Overdue and due-today tasks, the day's blocks and a plan for the free time left, the
    next task, pomodoros done against the daily goal, and delegation check-ins due.
    """
    from microtask.services.today import today as read_today

    app = get_app(ctx)
    view = read_today(app)
    if json:
        from microtask.exporters.today_json import today_object

        print_json(today_object(view))
        return
    from microtask.cli.focus import status_line
    from microtask.render.today import today_view

    running = None if view.running is None else status_line(view.running, short=False)
    render(today_view(view, running))
