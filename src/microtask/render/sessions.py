"""``session list`` for people: one row per session, with its kind, task and note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.sessions import Session
from microtask.format import counted, exact_duration
from microtask.render.text import user_text


def _when(moment: datetime, now: datetime) -> str:
    local = moment.astimezone()
    if local.date() == now.astimezone().date():
        return f"{local:%H:%M}"
    return f"{local:%a %d %b %H:%M}"


def session_list(sessions: Sequence[Session], now: datetime) -> RenderableType:
    if not sessions:
        return Text(
            "No sessions in this span. Record one: microtask session add TASK --from TIME --to TIME"
        )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Start", no_wrap=True)
    table.add_column("End", no_wrap=True)
    table.add_column("Length", justify="right", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Task", ratio=1, overflow="fold")
    table.add_column("Note", ratio=1, overflow="fold")
    total = 0.0
    for session in sessions:
        end = session.end or now
        span = max((end - session.start).total_seconds(), 0.0)
        total += span
        task = Text("")
        if session.task_id is not None:
            task = Text(f"{session.task_id}", style="cyan")
            if session.task_title:
                task.append(" ").append_text(user_text(session.task_title))
        table.add_row(
            str(session.id),
            _when(session.start, now),
            "running" if session.end is None else _when(session.end, now),
            exact_duration(span),
            session.kind.value,
            task,
            user_text(session.note or ""),
        )
    footer = Text(f"{counted(len(sessions), 'session')}, {exact_duration(total)}")
    return Group(table, footer)
