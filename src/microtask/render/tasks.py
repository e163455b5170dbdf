"""Tables and panels for tasks. User text goes in as ``Text``: never parsed as markup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from microtask.domain.model import Priority, Status, Task
from microtask.domain.text import visible
from microtask.format import counted, exact_duration, relative_time

if TYPE_CHECKING:
    from rich.tree import Tree

    from microtask.domain.urgency import Term
    from microtask.domain.views.tasks import TaskDetail, TaskList

PRIORITY_STYLE = {
    Priority.URGENT: "bold red",
    Priority.HIGH: "red",
    Priority.MEDIUM: "yellow",
    Priority.LOW: "dim",
}
STATUS_MARK = {
    Status.OPEN: "[ ]",
    Status.DONE: "[x]",
    Status.DROPPED: "[-]",
    Status.DELEGATED: "[>]",
}
SESSIONS_SHOWN = 20


def user_text(text: str | None, style: str = "") -> Text:
    return Text(visible(text or ""), style=style)


def due_text(task: Task, now: datetime) -> Text:
    if task.due is None:
        return Text("")
    label = relative_time(task.due, now)
    overdue = task.due < now and task.status == Status.OPEN
    return Text(label, style="bold red" if overdue else "")


def estimate_text(seconds: int | None) -> str:
    return "" if seconds is None else exact_duration(seconds)


def _ordered_tree(tasks: Sequence[Task], context: Sequence[Task]) -> list[tuple[Task, int, bool]]:
    """(task, depth, is_context) rows: roots by best urgency in their subtree, steps in order."""
    by_id = {t.id: t for t in [*context, *tasks]}
    context_ids = {t.id for t in context}
    children: dict[int | None, list[Task]] = {}
    for task in by_id.values():
        parent = task.parent_id if task.parent_id in by_id else None
        children.setdefault(parent, []).append(task)

    best: dict[int, float] = {}

    def score(task: Task) -> float:
        if task.id not in best:
            own = task.urgency if task.id not in context_ids else float("-inf")
            best[task.id] = max([own, *(score(c) for c in children.get(task.id, []))])
        return best[task.id]

    rows: list[tuple[Task, int, bool]] = []

    def walk(task: Task, depth: int) -> None:
        rows.append((task, depth, task.id in context_ids))
        for child in sorted(children.get(task.id, []), key=lambda c: (c.position, c.id)):
            walk(child, depth + 1)

    for root in sorted(children.get(None, []), key=lambda t: (-score(t), t.id)):
        walk(root, 0)
    return rows


def task_table(listing: TaskList, now: datetime, tree: bool) -> RenderableType:
    if not listing.tasks:
        return Text('No tasks match. Add one with: microtask add "Write the landing page"')
    from microtask.render.fit import Column, FittedTable

    ids = Column("ID", justify="right", style="cyan")
    priority = Column("Pri", keep=70)
    title = Column("Title", wraps=True)
    due = Column("Due", keep=80)
    estimate = Column("Est", keep=50, justify="right")
    tags = Column("Tags", keep=40)
    project = Column("Project", keep=30)
    urgency = Column("Urg", keep=60, justify="right")
    if tree:
        rows = _ordered_tree(listing.tasks, listing.context)
    else:
        rows = [(t, 0, False) for t in listing.tasks]
    styles: list[str | None] = []
    for task, depth, is_context in rows:
        cell = Text("  " * depth + ("└ " if depth else ""))
        if task.status != Status.OPEN:
            cell.append(STATUS_MARK[task.status] + " ")
        cell.append_text(user_text(task.title, "dim" if is_context else ""))
        if task.series is not None and task.status == Status.OPEN:
            from microtask.render.series import series_mark

            cell.append_text(series_mark(task))
        if task.waiting_on and task.status == Status.OPEN:
            prerequisites = ", ".join(str(i) for i in task.waiting_on[:3])
            more = "..." if len(task.waiting_on) > 3 else ""
            cell.append(f"  ⧗ after {prerequisites}{more}", style="dim")
        ids.cells.append(str(task.id))
        priority.cells.append(Text(task.priority.value, style=PRIORITY_STYLE[task.priority]))
        title.cells.append(cell)
        due.cells.append(due_text(task, now))
        estimate.cells.append(estimate_text(task.estimate_seconds))
        tags.cells.append(user_text(" ".join(task.tags), "magenta"))
        project.cells.append(user_text(task.project, "blue"))
        urgency.cells.append(f"{task.urgency:.1f}")
        styles.append("dim" if is_context else None)
    table = FittedTable(
        lambda: Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False),
        [ids, priority, title, due, estimate, tags, project, urgency],
        styles,
    )
    shown = len(listing.tasks)
    footer = counted(shown, "task")
    if listing.total > shown:
        footer = f"{shown:,} of {listing.total:,} tasks (--limit N to see more)"
    return Group(table, Text(footer, style="dim"))


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


def next_view(detail: TaskDetail, now: datetime) -> RenderableType:
    task = detail.task
    head = Text("Next: ", style="bold").append(f"{task.id} ", style="cyan")
    head.append_text(user_text(task.title, "bold"))
    lines: list[RenderableType] = [head]
    if detail.ancestors:
        lines.append(Text("  step of: ").append_text(user_text(detail.ancestors[0].title)))
    facts = [task.priority.value + " priority"]
    if task.due:
        facts.append("due " + relative_time(task.due, now))
    if task.estimate_seconds:
        facts.append("about " + exact_duration(task.estimate_seconds))
    lines.append(Text("  " + ", ".join(facts)))
    why = ", ".join(f"{t.name} {t.value:+.1f}" for t in detail.terms[:4])
    lines.append(Text(f"  why: urgency {task.urgency:.1f} = {why}", style="dim"))
    return Group(*lines)
