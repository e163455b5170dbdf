"""The day's agenda for people: one timeline of blocks and sessions, totals, differences."""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.agenda import Agenda, AgendaBlock, AgendaSession, span_label
from microtask.domain.sessions import SessionOutcome
from microtask.format import approx_duration
from microtask.render.text import user_text

EMPTY_DAY = "Nothing planned or worked on this day. Plan it: microtask plan"
DOT = " \u00b7 "

STATUS_STYLE = {
    "done": "green",
    "partly": "yellow",
    "missed": "red",
    "other-task": "magenta",
    "upcoming": "dim",
    "now": "bold cyan",
    "unrecorded": "dim",
    "released": "dim",
}
OUTCOME_STYLE = {
    SessionOutcome.COMPLETED: "green",
    SessionOutcome.INTERRUPTED: "yellow",
    SessionOutcome.RUNNING: "bold cyan",
}
DIFFERENCE_STYLE = {
    "missed": "red",
    "partly": "yellow",
    "other-task": "magenta",
    "unplanned": "magenta",
    "interrupted": "yellow",
}


def _header(agenda: Agenda) -> Text:
    day = agenda.day_start.astimezone()
    return Text(f"Agenda for {day:%a} {day.day} {day:%b}", style="bold")


def _task_text(task_id: int | None, title: str | None) -> Text:
    if task_id is None:
        return Text("")
    text = Text(f"{task_id}", style="cyan")
    if title:
        text.append(" ").append_text(user_text(title))
    return text


def _block_row(item: AgendaBlock, day_start: datetime) -> list[RenderableType]:
    block = item.block
    planned = user_text(block.title, "bold" if item.status == "now" else "")
    if block.task_id is not None and block.title == block.task_title:
        planned = _task_text(block.task_id, block.task_title)  # a planned block: said once
    elif block.task_id is not None:
        planned.append(DOT, style="dim").append_text(_task_text(block.task_id, block.task_title))
    if item.status == "upcoming":
        focus = ""  # nothing worked yet: its length is in the time column
    elif item.status == "released":
        focus = f"{approx_duration(item.released_seconds)} freed"
    else:
        focus = (
            f"{approx_duration(item.on_task_seconds)} of {approx_duration(item.planned_seconds)}"
        )
    return [
        span_label(block.start, block.end, day_start),
        planned,
        Text(""),
        focus,
        Text(item.status, style=STATUS_STYLE.get(item.status, "")),
    ]


def _session_row(item: AgendaSession, day_start: datetime) -> list[RenderableType]:
    session = item.session
    worked = Text(session.kind.value)
    if session.block_title is not None:
        worked.append(" ").append_text(user_text(session.block_title))
    if session.task_id is not None:
        worked.append(DOT, style="dim").append_text(_task_text(session.task_id, session.task_title))
    outcome = Text(session.outcome.value, style=OUTCOME_STYLE.get(session.outcome, ""))
    if not item.in_block_ids and item.day_focus_seconds > 0:
        outcome.append(DOT, style="dim").append("unplanned", style="magenta")
    return [
        span_label(session.start, session.end, day_start),
        Text(""),
        worked,
        approx_duration(session.focus_seconds),
        outcome,
    ]


def _timeline(agenda: Agenda, now: datetime) -> RenderableType:
    from microtask.render.fit import Column, FittedTable

    columns = [
        Column("Time"),
        Column("Planned", wraps=True),
        Column("Worked", wraps=True, keep=60),
        Column("Focus", justify="right", keep=40),
        Column("Status", keep=50),
    ]
    rows: list[tuple[datetime, int, int, list[RenderableType]]] = []
    for block in agenda.blocks:
        rows.append((block.block.start, 0, block.block.id, _block_row(block, agenda.day_start)))
    for session in agenda.sessions:
        row = _session_row(session, agenda.day_start)
        rows.append((session.session.start, 1, session.session.id, row))
    if agenda.day_start <= now < agenda.day_end:
        marker = Text("\u2500\u2500 now \u2500\u2500", style="bold cyan")
        rows.append((now, 2, 0, [f"{now.astimezone():%H:%M}", marker, Text(""), "", ""]))
    return FittedTable.of_rows(
        lambda: Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False),
        columns,
        [cells for _, _, _, cells in sorted(rows, key=lambda row: row[:3])],
    )


def _totals(agenda: Agenda) -> Text:
    parts = [
        f"Planned {approx_duration(agenda.planned_seconds)}",
        f"worked {approx_duration(agenda.focus_seconds)}",
        f"on plan {approx_duration(agenda.on_plan_seconds)}",
        f"unplanned {approx_duration(agenda.unplanned_seconds)}",
    ]
    if agenda.released_seconds:
        parts.append(f"released {approx_duration(agenda.released_seconds)}")
    return Text(DOT.join(parts), style="bold")


def _differences(agenda: Agenda) -> list[RenderableType]:
    if not agenda.differences:
        return [Text("No differences between plan and work so far.", style="dim")]
    lines: list[RenderableType] = [Text("Where the day differed", style="bold")]
    for difference in agenda.differences:
        line = Text("  \u2022 ", style=DIFFERENCE_STYLE.get(difference.kind, ""))
        lines.append(line.append_text(user_text(difference.message)))
    return lines


def agenda_view(agenda: Agenda, now: datetime) -> RenderableType:
    """The day as planned and as worked, side by side in time order, then where they differ."""
    if agenda.is_empty:
        return Group(_header(agenda), Text(EMPTY_DAY))
    return Group(
        _header(agenda),
        _timeline(agenda, now),
        _totals(agenda),
        Text(""),
        *_differences(agenda),
    )
