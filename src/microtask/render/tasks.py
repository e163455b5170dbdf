"""A task's details and its urgency terms (`list`'s table: render/task_list.py). User text
goes in as ``Text``: never parsed as markup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.model import Status, Task
from microtask.format import counted, exact_duration
from microtask.render.task_list import PRIORITY_STYLE, STATUS_MARK, due_label
from microtask.render.text import user_text

if TYPE_CHECKING:
    from rich.tree import Tree

    from microtask.domain.urgency import Term
    from microtask.domain.views.tasks import TaskDetail

SESSIONS_SHOWN = 20


def due_text(task: Task, now: datetime) -> Text:
    return Text(*due_label(task, now))


def terms_table(terms: Sequence[Term], total: float) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Term")
    table.add_column("Factor", justify="right")
    table.add_column("x Coef", justify="right")
    table.add_column("= Value", justify="right")
    table.add_column("Why")
    for term in terms:
        table.add_row(
            term.name,
            f"{term.factor:.2f}",
            f"{term.coefficient:g}",
            f"{term.value:+.2f}",
            user_text(term.detail),
        )
    table.add_row("total", "", "", Text(f"{total:.2f}", style="bold"), "")
    return table


SHOWN_STEPS = 200
"""Steps drawn in `show`'s tree; the rest are counted (`list --json` has them all)."""


def _subtree(detail: TaskDetail, now: datetime) -> Tree:
    from rich.tree import Tree

    root = Tree(user_text(detail.task.title, "bold"))
    nodes = {detail.task.id: root}
    hidden = len(detail.subtree) - SHOWN_STEPS
    for task in detail.subtree[:SHOWN_STEPS]:
        label = Text(f"{STATUS_MARK[task.status]} {task.id} ")
        label.append_text(
            user_text(task.title, "dim strike" if task.status == Status.DROPPED else "")
        )
        if task.estimate_seconds:
            label.append(f"  ~{exact_duration(task.estimate_seconds)}", style="dim")
        if task.due and task.status == Status.OPEN:
            label.append("  ").append_text(due_text(task, now))
        parent = nodes.get(task.parent_id or -1, root)
        nodes[task.id] = parent.add(label)
    if hidden > 0:
        root.add(Text(f"... and {counted(hidden, 'more step')}: see `microtask list`", "dim"))
    return root


def task_detail(detail: TaskDetail, now: datetime) -> RenderableType:
    task = detail.task
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    title = Text(f"{task.id}  ", style="cyan").append_text(user_text(task.title, "bold"))
    fields.add_row("Task", title)
    fields.add_row("Status", task.status.value)
    fields.add_row("Priority", Text(task.priority.value, style=PRIORITY_STYLE[task.priority]))
    if task.due:
        due = Text(task.due.astimezone().strftime("%a %Y-%m-%d %H:%M %Z") + "  (")
        fields.add_row("Due", due.append_text(due_text(task, now)).append(")"))
    if task.estimate_seconds:
        fields.add_row("Estimate", exact_duration(task.estimate_seconds))
    if task.tags:
        fields.add_row("Tags", user_text(" ".join(task.tags), "magenta"))
    if task.project:
        fields.add_row("Project", user_text(task.project, "blue"))
    if detail.ancestors:
        path = Text()
        for ancestor in reversed(detail.ancestors):
            path.append(f"{ancestor.id} ").append_text(user_text(ancestor.title)).append(" > ")
        fields.add_row("Parent", path.append(str(task.id)))
    if task.notes:
        fields.add_row("Notes", user_text(task.notes))
    if task.series is not None:
        from microtask.render.series import series_line

        fields.add_row("Repeats", series_line(task))
    if task.after_ids:
        waiting = set(task.waiting_on)
        listed = ", ".join(f"{i}{' (open)' if i in waiting else ' (done)'}" for i in task.after_ids)
        fields.add_row("After", listed)
    if task.wait:
        fields.add_row("Hidden until", task.wait.astimezone().strftime("%a %Y-%m-%d %H:%M"))
    if task.scheduled:
        fields.add_row("Scheduled", task.scheduled.astimezone().strftime("%a %Y-%m-%d"))
    fields.add_row("Focus", _focus_summary(detail))
    fields.add_row("Created", task.created_at.astimezone().strftime("%Y-%m-%d %H:%M"))
    if task.done_at:
        fields.add_row("Done", task.done_at.astimezone().strftime("%Y-%m-%d %H:%M"))
    parts: list[RenderableType] = [fields]
    if detail.subtree:
        done, total = detail.descendants_done
        est_done, est_total = detail.estimate_progress
        progress = f"Subtasks: {done}/{total} done"
        if est_total:
            progress += f", estimate {exact_duration(est_done) if est_done else '0m'}"
            progress += f"/{exact_duration(est_total)} done"
        parts += [Text(""), Text(progress, style="bold"), _subtree(detail, now)]
    if detail.sessions:
        parts += [Text(""), *_recent_sessions(detail)]
    if detail.handoff is not None or detail.history:
        from microtask.render.assist import handoff_lines, history_table

        if detail.handoff is not None:
            parts += [Text(""), Text("Hand-off", style="bold"), handoff_lines(detail.handoff, now)]
        if detail.history:
            parts += [Text(""), history_table(detail.history)]
    parts += [Text(""), Text("Urgency", style="bold"), terms_table(detail.terms, task.urgency)]
    return Group(*parts)


def _focus_summary(detail: TaskDetail) -> str:
    """``1h15m in 4 sessions``: the task's own focus time, pauses excluded."""
    count = len(detail.sessions)
    if not count and detail.task.focus_seconds < 1:
        return "none yet"
    return f"{exact_duration(detail.task.focus_seconds)} in {counted(count, 'session')}"


def _recent_sessions(detail: TaskDetail) -> list[RenderableType]:
    """The last sessions (oldest first, as given), saying how many earlier ones are left out."""
    from microtask.render.blocks import sessions_table

    shown = detail.sessions[-SESSIONS_SHOWN:]
    parts: list[RenderableType] = [Text("Sessions", style="bold"), sessions_table(shown)]
    hidden = len(detail.sessions) - len(shown)
    if hidden:
        parts.append(Text(f"{counted(hidden, 'earlier session')} not shown", style="dim"))
    return parts
