"""Two people on one store, for people: a task's history, a hand-off as both sides see it,
the assistant's inbox, and the provider figures (issue 16)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.assist import Handoff, HistoryEntry, ProviderFigures
from microtask.format import exact_duration, relative_time
from microtask.render.text import user_text


def _when(moment: datetime) -> str:
    return f"{moment.astimezone():%a %Y-%m-%d %H:%M}"


def _spent(seconds: float) -> str:
    """Tracked time to the minute (``0m`` for none)."""
    return exact_duration(seconds // 60 * 60) if seconds >= 60 else "0m"


def history_table(entries: Sequence[HistoryEntry]) -> RenderableType:
    """``show``: who changed the task, when, how (oldest first)."""
    table = Table(box=None, pad_edge=False, show_header=False)
    for _ in range(3):
        table.add_column()
    for entry in entries:
        table.add_row(_when(entry.at), Text(entry.user, style="cyan"), user_text(entry.change))
    return Group(Text("History", style="bold"), table)


def time_against_cap(handoff: Handoff) -> Text:
    """``1h10m of 2h`` (red past the cap), or ``1h10m`` when there is none."""
    spent = _spent(handoff.tracked_seconds)
    cap = handoff.delegation.cap_seconds
    if cap is None:
        return Text(f"{spent} tracked (no cap)")
    text = Text(f"{spent} of {exact_duration(cap)} cap")
    if handoff.over_cap:
        text.append(" - over the cap", style="bold red")
    return text


def handoff_lines(handoff: Handoff, now: datetime) -> RenderableType:
    """The brief and its progress: who has it, check-in due, time against the cap, steps,
    procedure, check-ins."""
    delegation = handoff.delegation
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    who = user_text(delegation.provider.name).append(f" since {_when(delegation.delegated)}")
    if delegation.returned is not None:
        who.append(f", back {_when(delegation.returned)} ({delegation.outcome})")
    fields.add_row("With", who)
    due = handoff.check_in_due
    if due is not None:
        style = "bold red" if handoff.check_in_overdue(now) else ""
        fields.add_row("Check-in due", Text(f"{_when(due)} ({relative_time(due, now)})", style))
    fields.add_row("Time", time_against_cap(handoff))
    if handoff.steps:
        done, total = handoff.steps_done
        fields.add_row("Steps", f"{done}/{total} done")
    parts: list[RenderableType] = [fields]
    for step in handoff.steps:
        mark = "x" if step.status.value == "done" else " "
        parts.append(Text(f"  [{mark}] {step.id} ").append_text(user_text(step.title)))
    if handoff.procedure:
        parts += [Text("Procedure", style="bold"), user_text(handoff.procedure)]
    for check_in in handoff.check_ins:
        line = Text(f"Check-in {_when(check_in.at)} ", style="bold")
        line.append(check_in.user, style="cyan").append(": ")
        line.append_text(user_text(check_in.text))
        if check_in.done_steps is not None:
            line.append(f" ({check_in.done_steps}/{len(handoff.steps)} steps done)")
        parts.append(line)
    return Group(*parts)


def inbox_view(handoffs: Sequence[Handoff], now: datetime) -> RenderableType:
    if not handoffs:
        return Text("Nothing is delegated to you now.")
    parts: list[RenderableType] = []
    for handoff in handoffs:
        if parts:
            parts.append(Text(""))
        title = Text(f"{handoff.delegation.task_id}  ", style="cyan")
        parts.append(title.append_text(user_text(handoff.delegation.task_title, "bold")))
        if handoff.notes:
            parts.append(user_text(handoff.notes))
        parts.append(handoff_lines(handoff, now))
    return Group(*parts)


def checked_in(handoff: Handoff) -> str:
    from microtask.domain.text import visible

    delegation = handoff.delegation
    return (
        f"Checked in on task {delegation.task_id} {visible(delegation.task_title)!r} "
        f"({len(handoff.check_ins)} so far; {time_against_cap(handoff).plain})"
    )


def over_cap_text(handoffs: Sequence[Handoff]) -> Text:
    """``today``: open hand-offs whose tracked time is past their cap."""
    text = Text()
    for handoff in handoffs:
        if text:
            text.append("\n")
        _handoff_head(text, handoff, "Over the cap: ")
        text.append(f" ({time_against_cap(handoff).plain.removesuffix(' - over the cap')})")
    return text


def reports_text(handoffs: Sequence[Handoff]) -> Text:
    """``today``: the latest check-in of each open hand-off, from the last day."""
    text = Text()
    for handoff in handoffs:
        check_in = handoff.last_check_in
        if check_in is None:
            continue
        if text:
            text.append("\n")
        _handoff_head(text, handoff, "Check-in: ")
        text.append(f" ({check_in.at.astimezone():%a %H:%M}, {check_in.user}): ")
        text.append_text(user_text(check_in.text))
    return text


def _handoff_head(text: Text, handoff: Handoff, label: str) -> None:
    delegation = handoff.delegation
    text.append(label, style="bold yellow")
    text.append(f"task {delegation.task_id} ").append_text(user_text(delegation.task_title))
    text.append(" with ").append_text(user_text(delegation.provider.name))


def figures_cells(figures: ProviderFigures | None) -> list[str]:
    """The ``provider list`` cells for redo rate, response to a check-in, time against caps."""
    if figures is None:
        return ["-", "-", "-"]
    redo = figures.redo_rate
    median = figures.median_response_seconds
    cap = (
        "-"
        if not figures.cap_seconds
        else f"{_spent(figures.capped_tracked_seconds)} of {exact_duration(figures.cap_seconds)}"
        + (f" ({figures.over_cap} over)" if figures.over_cap else "")
    )
    return [
        "-" if redo is None else f"{redo:.0%} of {figures.handbacks}",
        "-" if median is None else exact_duration(median),
        cap,
    ]


def provider_figures_table(
    figures: Sequence[tuple[str, ProviderFigures]],
) -> RenderableType:
    """A second table under the track record: user, redo rate, first check-in, caps."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("Name", "User", "Redo", "Response", "Time/cap", "Overdue"):
        table.add_column(column)
    for name, figure in figures:
        table.add_row(
            user_text(name),
            figure.user or "-",
            *figures_cells(figure),
            str(figure.check_ins_overdue) if figure.check_ins_overdue else "-",
        )
    return table
