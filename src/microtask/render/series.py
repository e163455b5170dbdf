"""The table of `list --series`, and how an instance is marked in lists and details."""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.model import Task
from microtask.domain.text import visible
from microtask.domain.views.series import SeriesList
from microtask.format import counted, exact_duration


def short_day(moment: datetime) -> str:
    """``Mon Nov 30``: a day of a series, in the local zone."""
    return f"{moment.astimezone():%a %b %d}"


def series_line(task: Task) -> Text:
    """The `show` row of an instance: rule, next date, end, occurrences missed."""
    from microtask.domain.recurrence import next_due_of

    series = task.series
    assert series is not None
    parts = [f"every {series.rule}"]
    if not series.active:
        parts.append("stopped: no more instances follow")
    else:
        following = next_due_of(task)
        ahead = "the series ends here" if following is None else f"next {short_day(following)}"
        parts.append(ahead)
    if series.until is not None:
        parts.append(f"until {series.until.astimezone():%Y-%m-%d}")
    if task.skipped:
        parts.append(f"{counted(task.skipped, 'occurrence')} missed before this one")
    return Text("; ".join(parts) + f" (series {series.id})")


def series_table(listing: SeriesList, now: datetime) -> RenderableType:
    if not listing.series:
        return Text('No series yet. Start one with: microtask add "Send invoices" --every month')
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Series", justify="right", style="cyan", no_wrap=True)
    table.add_column("Title", ratio=1, overflow="fold")
    table.add_column("Every", no_wrap=True)
    table.add_column("Next due", no_wrap=True)
    table.add_column("Task", justify="right", no_wrap=True)
    table.add_column("On time", justify="right", no_wrap=True)
    table.add_column("Focus/inst.", justify="right", no_wrap=True)
    for summary in listing.series:
        series = summary.series
        if summary.next_due is None:
            next_due = Text("ended" if summary.current_id is None else "-", style="dim")
        else:
            overdue = summary.next_due < now
            next_due = Text(short_day(summary.next_due), style="bold red" if overdue else "")
        focus = summary.median_focus_seconds
        table.add_row(
            str(series.id),
            Text(visible(summary.title)),
            Text(visible(series.rule) + ("" if series.active else " (stopped)")),
            next_due,
            "" if summary.current_id is None else str(summary.current_id),
            f"{summary.on_time}/{summary.done}",
            "" if not focus else exact_duration(round(focus)),
        )
    footer = Text(counted(len(listing.series), "series", "series"), style="dim")
    return Group(table, footer)
