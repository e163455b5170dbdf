"""The morning screen for people: what runs, what is late or due, the day's time, the next
task, the pomodoro goal and the check-ins. Empty sections go; a fresh store gets a hint."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from microtask.domain.model import Task
from microtask.domain.views.plan import PlanRow, PlanView
from microtask.format import approx_duration, exact_duration, plural, time_span
from microtask.render.blocks import blocks_table, day_label
from microtask.render.task_list import PRIORITY_STYLE, estimate_text
from microtask.render.tasks import due_text
from microtask.render.text import user_text

if TYPE_CHECKING:
    from microtask.domain.views.today import Pomodoros, TodayView

SHOWN = 10
"""Rows of each task list on the screen; the rest are counted, with where to see them."""
PLAN_LINES = 8
BAR_CELLS = 16
"""The widest the goal bar gets: one cell a pomodoro up to this goal, scaled beyond."""
OVERDUE_MORE = 'microtask list --due-before "today 00:00"'
DUE_TODAY_MORE = 'microtask list --due-after "today 00:00" --due-before "tomorrow 00:00"'
FRESH_HINT = (
    "Nothing here yet. Add your first task:\n"
    '  microtask add "Write the landing page" --due today --estimate 1h\n'
    "then `microtask today` shows what is due, your blocks and plan, and what to do next."
)
NO_OPEN_TASK = 'No open task. Add one: microtask add "..."'


def _indented(renderable: RenderableType) -> Padding:
    return Padding(renderable, (0, 0, 0, 2), expand=False)


def _heading(title: str, detail: str = "") -> Text:
    text = Text(title, style="bold")
    if detail:
        text.append(f"  {detail}", style="dim")
    return text


def _task_rows(tasks: Sequence[Task], now: datetime, clock: bool) -> RenderableType:
    """One row a task: id, priority, title, when due (``clock``: the local time first)."""
    from microtask.render.fit import Cell, Column, FittedTable

    columns = [
        Column("", justify="right", style="cyan"),
        Column("", keep=50),
        Column("", wraps=True),
        Column("", keep=80),
        Column("", justify="right", keep=30),
    ]
    rows: list[list[Cell]] = []
    for task in tasks:
        due = due_text(task, now)
        if clock and task.due is not None:
            due = Text(f"{task.due.astimezone():%H:%M} ").append_text(due)
        rows.append(
            [
                str(task.id),
                Text(task.priority.value, style=PRIORITY_STYLE[task.priority]),
                user_text(task.title),
                due,
                Text(estimate_text(task.estimate_seconds), style="dim"),
            ]
        )
    return FittedTable.of_rows(_plain_rows, columns, rows, gap=2)


def _plain_rows() -> Table:
    return Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))


def _task_section(
    title: str, tasks: Sequence[Task], count: int, more: str, now: datetime, clock: bool
) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading(title, f"{count:,} {plural(count, 'task')}")]
    shown = tasks[:SHOWN]
    parts.append(_indented(_task_rows(shown, now, clock)))
    if count > len(shown):
        parts.append(Text(f"  and {count - len(shown):,} more: {more}", style="dim"))
    return parts


def _work_spans(rows: Sequence[PlanRow]) -> list[PlanRow]:
    """Work rows; back-to-back ones on the same task, with only breaks between them, made
    one span (a block in between keeps them apart: it is not a break)."""
    spans: list[PlanRow] = []
    reach: datetime | None = None  # where the last span ends, counting the breaks straight after it
    for row in sorted(rows, key=lambda r: (r.start, r.end)):
        if row.kind != "work":
            if reach is not None and row.start == reach:
                reach = row.end
            continue
        if spans and spans[-1].task_id == row.task_id and row.start == reach:
            last = spans[-1]
            spans[-1] = PlanRow(last.start, row.end, "work", last.task_id, last.title)
        else:
            spans.append(row)
        reach = row.end
    return spans


def _plan_section(plan: PlanView, now: datetime) -> list[RenderableType]:
    zone = plan.day_start.tzinfo
    detail = (
        f"{time_span(plan.day_start, plan.day_end, zone)}, "
        f"{exact_duration(plan.planned_seconds)} of {exact_duration(plan.free_seconds)} free"
    )
    parts: list[RenderableType] = [_heading("Proposed plan for the rest of today", detail)]
    from microtask.render.fit import Column, FittedTable

    spans = _work_spans(plan.rows)
    table = FittedTable.of_rows(
        _plain_rows,
        [Column(""), Column("", justify="right", style="cyan"), Column("", wraps=True)],
        [
            [
                time_span(span.start, span.end, zone),
                "" if span.task_id is None else str(span.task_id),
                user_text(span.title),
            ]
            for span in spans[:PLAN_LINES]
        ],
        gap=2,
    )
    parts.append(_indented(table))
    if len(spans) > PLAN_LINES:
        parts.append(Text(f"  and {len(spans) - PLAN_LINES} more: microtask plan", style="dim"))
    parts.append(Text("  Book it with: microtask plan --apply", style="dim"))
    return parts


def goal_bar(completed: int, goal: int) -> str:
    """``███░░░░░``: one cell a pomodoro up to :data:`BAR_CELLS`, scaled for larger goals;
    full once the goal is met (more than the goal is fine)."""
    cells = min(goal, BAR_CELLS)
    filled = min(cells, (completed * cells) // goal)
    return "\u2588" * filled + "\u2591" * (cells - filled)


def pomodoro_line(pomodoros: Pomodoros) -> Text:
    """``Pomodoros  3 of 8  ███░░░░░  · 1 interrupted · focus today 1h15m``."""
    done, goal = pomodoros.completed, pomodoros.goal
    line = Text("Pomodoros", style="bold").append("  ")
    if goal > 0:
        line.append(f"{done} of {goal}  ")
        line.append(goal_bar(done, goal), style="green" if done >= goal else "cyan")
        if done >= goal:
            extra = f" (+{done - goal})" if done > goal else ""
            line.append(f"  goal met{extra}", style="green")
    else:
        line.append(f"{done} completed today")
    if pomodoros.interrupted:
        line.append(f" \u00b7 {pomodoros.interrupted} interrupted", style="yellow")
    line.append(" \u00b7 focus today ")
    line.append(approx_duration(pomodoros.focus_seconds) if pomodoros.focus_seconds >= 1 else "0m")
    return line


def _header(view: TodayView) -> Text:
    now = view.now.astimezone()
    return Text(f"Today, {day_label(now)} {now.year}, {now:%H:%M}", style="bold underline")


def today_view(view: TodayView, running_line: str | None = None) -> RenderableType:
    """The whole screen; ``running_line`` says what runs now (from ``status``)."""
    from microtask.render.next import next_view
    from microtask.render.outsource import check_ins_text

    now = view.now
    parts: list[RenderableType] = [_header(view)]
    if not view.has_tasks and view.is_empty:
        parts += [Text(""), Text(FRESH_HINT)]
        return Group(*parts)
    if running_line:
        parts += [Text(""), Text("Now  ", style="bold green").append(running_line)]
    if view.overdue_count:
        parts += [Text("")]
        parts += _task_section(
            "Overdue", view.overdue, view.overdue_count, OVERDUE_MORE, now, clock=False
        )
    if view.due_today_count:
        parts += [Text("")]
        parts += _task_section(
            "Due today", view.due_today, view.due_today_count, DUE_TODAY_MORE, now, clock=True
        )
    if not view.overdue_count and not view.due_today_count:
        parts += [Text(""), Text("Nothing overdue or due today.")]
    if view.blocks:
        parts += [Text(""), _heading("Blocks"), _indented(blocks_table(view.blocks, now))]
    if view.plan is not None and view.plan_has_work:
        parts += [Text("")]
        parts += _plan_section(view.plan, now)
    parts.append(Text(""))
    parts.append(Text(NO_OPEN_TASK) if view.next is None else next_view(view.next, now))
    parts += [Text(""), pomodoro_line(view.pomodoros)]
    if view.check_ins:
        parts += [Text(""), check_ins_text(view.check_ins, now)]
    if view.over_cap or view.reports:
        from microtask.render.assist import over_cap_text, reports_text

        if view.over_cap:
            parts += [Text(""), over_cap_text(view.over_cap)]
        if view.reports:
            parts += [Text(""), reports_text(view.reports)]
    return Group(*parts)
