"""The outsourcing advisor for people: an assessment, the candidates, providers, check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.format import counted, money
from microtask.render.tasks import user_text

if TYPE_CHECKING:
    from microtask.domain.delegation import Delegation, ProviderRecord
    from microtask.domain.views.outsourcing import CandidateList, Scored


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


VERDICT_STYLE = {
    "outsource": "bold green",
    "automate": "cyan",
    "delegate-later": "yellow",
    "batch": "blue",
    "keep": "dim",
}


def _hours(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f}"


def assessment_view(scored: Scored) -> RenderableType:
    """`score ID`: the verdict, the score, each criterion's part, and what would change it."""
    task, a = scored.task, scored.assessment
    head = Text(f"{task.id} ", style="bold")
    head.append_text(user_text(task.title, "bold"))
    verdict = Text(f"{a.verdict.value}", style=VERDICT_STYLE.get(a.verdict.value, ""))
    verdict.append(f"  score {a.score}/100 · confidence {a.confidence:.0%}", style="")
    verdict.append(f" · {a.category.value} ({scored.category_reason})", style="dim")
    savings = Text(
        f"{_hours(a.hours_per_week)} h/week · saves {money(a.weekly_savings, cents=False)} a week, "
        f"{money(a.monthly_savings, cents=False)} a month"
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column, justify in (
        ("Criterion", "left"),
        ("Answer", "left"),
        ("Source", "left"),
        ("Points", "right"),
        ("Why", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for c in a.contributions:
        value = "unknown" if c.value is None else str(c.value).lower()
        table.add_row(
            c.name.replace("_", " "),
            value,
            Text(c.source.value, style="dim" if c.source.value == "unknown" else ""),
            f"{c.points:+.1f}",
            user_text(c.detail, "dim"),
        )
    parts: list[RenderableType] = [head, verdict, savings, table]
    for reason in a.reasons:
        parts.append(user_text(f"- {reason}"))
    if a.would_change:
        parts.append(Text("Answers that would change the verdict:", style="bold"))
        for flip in a.would_change:
            parts.append(
                Text(f"  {flip.criterion.replace('_', ' ')} = {flip.value} -> {flip.verdict.value}")
            )
    return Group(*parts)


def candidates_table(listing: CandidateList) -> RenderableType:
    """`outsource`: open tasks ranked by score, with a footer of hours and savings a week
    (over every task ranked, including those past the rows shown)."""
    if not listing.total:
        return Text(
            "No candidates. Tell microtask about a task: "
            "microtask edit ID --repetitive --not-critical --directions simple --hours-per-week 3"
        )
    from microtask.render.fit import Cell, Column, FittedTable

    hours, savings = listing.hours_per_week, listing.weekly_savings
    shown = listing.shown
    count = counted(listing.total, "task")
    if len(shown) < listing.total:
        count += f", top {len(shown)} shown (--limit)"
    columns = [
        Column("ID", justify="right"),
        Column("Title", footer=count, wraps=True),
        Column("Verdict", keep=80),
        Column("Score", justify="right", keep=60),
        Column("Cat", keep=30),
        Column("h/week", justify="right", footer=f"{hours:.1f}", keep=40),
        Column("Saves/week", justify="right", footer=money(savings, cents=False), keep=70),
        Column("Sure", justify="right", keep=20),
    ]
    rows: list[list[Cell]] = []
    for s in shown:
        a = s.assessment
        rows.append(
            [
                str(s.task.id),
                user_text(s.task.title),
                Text(a.verdict.value, style=VERDICT_STYLE.get(a.verdict.value, "")),
                str(a.score),
                a.category.value,
                _hours(a.hours_per_week),
                money(a.weekly_savings, cents=False),
                f"{a.confidence:.0%}",
            ]
        )
    return FittedTable.of_rows(
        lambda: Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True),
        columns,
        rows,
        edges=2,
    )
