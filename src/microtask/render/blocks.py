"""Time blocks, the day plan and focus sessions as tables; times shown in the local zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.sessions import Block, Session, SessionOutcome
from microtask.domain.views.plan import PlanRow, PlanView, Unplanned
from microtask.format import counted, exact_duration, plural, time_span
from microtask.render.text import user_text

EMPTY_BLOCKS = 'No blocks on this day. Add one: microtask block add 09:00-10:30 "Deep work"'
OUTCOME_STYLE = {
    SessionOutcome.COMPLETED: "green",
    SessionOutcome.INTERRUPTED: "yellow",
    SessionOutcome.RUNNING: "cyan",
}
PLAN_KIND_STYLE = {"work": "", "break": "dim", "busy": "blue"}


def day_label(moment: datetime) -> str:
    """``Mon 23 Nov`` for the date ``moment`` shows (see ``dates.day_label``)."""
    from microtask.domain.dates import day_label as label_of_day

    return label_of_day(moment.date())


def _row_style(start: datetime, end: datetime, now: datetime) -> str | None:
    """Bold for what runs now, dim for what is over, plain for what is ahead."""
    if start <= now < end:
        return "bold"
    if end <= now:
        return "dim"
    return None


def _task_cell(task_id: int | None, title: str | None) -> Text:
    if task_id is None:
        return Text("")
    cell = Text(f"{task_id} ", style="cyan")
    return cell.append_text(user_text(title))


def _source_text(block: Block) -> Text:
    """``plan`` or ``manual``; a block whose task was closed says from when it is free."""
    text = Text(block.source.value)
    if block.is_released:
        text.append(" · released", style="dim")
    elif block.kept_end < block.end:
        text.append(f" · released {block.kept_end.astimezone():%H:%M}", style="dim")
    return text


def blocks_table(
    blocks: Sequence[Block], now: datetime, title: str | None = None
) -> RenderableType:
    """Blocks by start time: the one running now in bold, past ones dim."""
    if not blocks:
        return Text(EMPTY_BLOCKS)
    ordered = sorted(blocks, key=lambda b: (b.start, b.id))
    several_days = len({b.start.astimezone().date() for b in ordered}) > 1
    from microtask.render.fit import Cell, Column, FittedTable

    columns = [
        Column("ID", justify="right", style="cyan"),
        Column("Time"),
        Column("Length", justify="right", keep=50),
        Column("Title", wraps=True),
        Column("Task", wraps=True, keep=40),
        Column("Source", keep=20),
    ]
    styles: list[str | None] = []
    for block in ordered:
        when = time_span(block.start, block.end)
        if several_days:
            when = f"{day_label(block.start.astimezone())} {when}"
        running = block.start <= now < block.end
        cells: list[Cell] = [
            str(block.id),
            Text(when).append(" now", style="green") if running else Text(when),
            exact_duration(block.seconds),
            user_text(block.title),
            _task_cell(block.task_id, block.task_title),
            _source_text(block),
        ]
        for column, cell in zip(columns, cells, strict=True):
            column.cells.append(cell)
        styles.append(_row_style(block.start, block.end, now))
    table = FittedTable(
        lambda: Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            title=user_text(title) if title is not None else None,
            title_justify="left",
        ),
        columns,
        styles,
    )
    count = len(ordered)
    total = sum(b.seconds for b in ordered)
    footer = f"{counted(count, 'block')}, {exact_duration(total)}"
    return Group(table, Text(footer, style="dim"))


def _plan_table(plan: PlanView, now: datetime) -> Table:
    zone = plan.day_start.tzinfo
    busy = [
        PlanRow(b.start, b.end, "busy", b.task_id, b.title)
        for b in plan.busy
        if b.end > plan.day_start and b.start < plan.day_end
    ]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Time", no_wrap=True)
    table.add_column("Length", justify="right", no_wrap=True)
    table.add_column("What", no_wrap=True)
    table.add_column("ID", justify="right", style="cyan", no_wrap=True)
    table.add_column("Title", ratio=1, overflow="fold")
    for row in sorted([*plan.rows, *busy], key=lambda r: (r.start, r.end)):
        kind_style = PLAN_KIND_STYLE.get(row.kind, "")
        table.add_row(
            time_span(row.start, row.end, zone),
            exact_duration((row.end - row.start).total_seconds()),
            Text(row.kind, style=kind_style),
            "" if row.task_id is None else str(row.task_id),
            user_text(row.title, kind_style),
            style=_row_style(row.start, row.end, now) or ("dim" if row.kind == "break" else None),
        )
    return table


def _unplanned_table(entries: Sequence[Unplanned]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="cyan", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    table.add_column(no_wrap=True)
    for entry in entries:
        if entry.planned_seconds > 0:
            planned, needed = entry.planned_seconds, entry.needed_seconds
            need = f"{exact_duration(planned)} of {exact_duration(needed)} planned"
        else:
            need = f"needs {exact_duration(entry.needed_seconds)}"
        table.add_row(str(entry.task_id), user_text(entry.title), Text(need, style="yellow"))
    return table


def _saved_line(plan: PlanView) -> Text:
    ids = plan.applied_block_ids
    if not ids:
        return Text("Save it with: microtask plan --apply", style="dim")
    saved = f"{counted(len(ids), 'block')} ({plural(len(ids), 'id')} {', '.join(map(str, ids))})"
    return Text(f"Saved as {saved}", style="green")


def plan_view(plan: PlanView, now: datetime) -> RenderableType:
    """The proposed (or saved) day: a timeline, the totals, and what does not fit."""
    start, end = plan.day_start, plan.day_end
    header = f"Plan for {day_label(start)}, {time_span(start, end, start.tzinfo)}"
    parts: list[RenderableType] = [Text(header, style="bold")]
    has_work = any(row.kind == "work" for row in plan.rows)
    if plan.rows or plan.busy:
        parts.append(_plan_table(plan, now))
    if not has_work:
        if plan.free_seconds <= 0:
            reason = "no free time in this window"
        elif plan.does_not_fit:
            reason = "no task fits in the free time"
        else:
            reason = 'no open tasks to plan. Add one: microtask add "Write the report"'
        parts.append(Text(f"Nothing planned: {reason}."))
    parts.append(
        Text(
            f"{exact_duration(plan.planned_seconds)} planned of "
            f"{exact_duration(plan.free_seconds)} free",
            style="bold",
        )
    )
    if plan.does_not_fit:
        today = now.astimezone(start.tzinfo).date() == start.date()
        heading = "Does not fit today" if today else f"Does not fit on {day_label(start)}"
        parts += [Text(""), Text(heading, style="bold yellow"), _unplanned_table(plan.does_not_fit)]
    if plan.replaces:
        count = len(plan.replaces)
        verb = "Replaced" if plan.applied else "Replaces"
        ids = ", ".join(str(b.id) for b in plan.replaces[:10])
        more = f" and {count - 10} more" if count > 10 else ""
        parts += [
            Text(""),
            Text(f"{verb} {counted(count, 'block')} of an earlier plan (ids {ids}{more})"),
        ]
    if has_work or plan.applied_block_ids:
        parts += [Text(""), _saved_line(plan)]
    return Group(*parts)


def _moment(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _end_text(session: Session) -> Text:
    if session.end is None:
        return Text("running", style="cyan")
    start, end = session.start.astimezone(), session.end.astimezone()
    return Text(f"{end:%H:%M}" if end.date() == start.date() else _moment(end))


def sessions_table(sessions: Sequence[Session], title: str | None = None) -> RenderableType:
    """Focus sessions, in the order given: when, what kind, how much focus, how it ended."""
    if not sessions:
        return Text("No focus sessions yet.")
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title=user_text(title) if title is not None else None,
        title_justify="left",
    )
    table.add_column("Start", no_wrap=True)
    table.add_column("End", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Focus", justify="right", no_wrap=True)
    table.add_column("Paused", justify="right", no_wrap=True)
    table.add_column("Outcome", no_wrap=True)
    for session in sessions:
        table.add_row(
            _moment(session.start),
            _end_text(session),
            session.kind.value,
            exact_duration(session.focus_seconds),
            exact_duration(session.pause_seconds) if session.pause_seconds >= 1 else "",
            Text(session.outcome.value, style=OUTCOME_STYLE.get(session.outcome, "")),
        )
    return table
