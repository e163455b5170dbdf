"""Tables for the outsourcing advisor: providers, check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.delegation import Delegation, ProviderRecord
from microtask.render.tasks import user_text


def providers_table(records: Sequence[ProviderRecord], now: datetime) -> RenderableType:
    if not records:
        return Text('No providers yet. Add one: microtask provider add "Ana" --rate 25 --kind va')
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("Name", "Kind", "Rate", "Since", "Handed off", "Open", "On time", "Trial"):
        table.add_column(
            column, justify="right" if column in ("Rate", "Handed off", "Open") else "left"
        )
    for record in records:
        provider = record.provider
        rate = record.on_time_rate
        trial = (
            Text(f"until {record.trial_ends.astimezone():%Y-%m-%d}", style="yellow")
            if record.on_trial(now)
            else Text("proven", style="green")
        )
        table.add_row(
            user_text(provider.name),
            provider.kind,
            "" if provider.rate is None else f"{provider.rate:g}",
            f"{provider.started.astimezone():%Y-%m-%d}",
            str(record.handed_off),
            str(record.open),
            "-" if rate is None else f"{rate:.0%} of {record.on_time + record.late}",
            trial,
        )
    return table


def check_ins_text(due: Sequence[Delegation], now: datetime) -> Text:
    """One line per check-in due: ask for a progress report."""
    text = Text()
    for delegation in due:
        if text:
            text.append("\n")
        text.append("Check-in due: ", style="bold yellow")
        text.append(f"task {delegation.task_id} ")
        text.append_text(user_text(delegation.task_title))
        text.append(" with ")
        text.append_text(user_text(delegation.provider.name))
        if delegation.check_in is not None:
            text.append(f" (since {delegation.check_in.astimezone():%a %H:%M})", style="dim")
    return text
