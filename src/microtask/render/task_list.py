"""The table of ``list``: the view a person reads most often, so it loads no Rich of its
own. Its cells are :class:`~microtask.render.lines.Styled`; drawn as lines when every
title fits (render/lines.py), through Rich's table when one must wrap. User text goes in
made visible, never parsed as markup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from microtask.domain.model import Priority, Status, Task
from microtask.domain.text import visible
from microtask.format import counted, exact_duration, relative_time
from microtask.render.lines import Styled
from microtask.render.text import user_styled

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table

    from microtask.domain.views.tasks import TaskList
    from microtask.render.fit import FittedTable

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
EMPTY = 'No tasks match. Add one with: microtask add "Write the landing page"'


def due_label(task: Task, now: datetime) -> tuple[str, str]:
    """(``in 2 days`` / ``overdue 3h``, its style): overdue open tasks in bold red."""
    if task.due is None:
        return "", ""
    overdue = task.due < now and task.status == Status.OPEN
    return relative_time(task.due, now), "bold red" if overdue else ""


def estimate_text(seconds: int | None) -> str:
    return "" if seconds is None else exact_duration(seconds)


def series_mark(task: Task) -> Styled:
    """``  ↻ week, next Nov 30``: what marks an instance in `list` (the rule, and when
    the instance after it falls)."""
    series = task.series
    if series is None or not series.active:
        return Styled()
    from microtask.domain.recurrence import next_due_of

    following = next_due_of(task)
    after = "" if following is None else f", next {following.astimezone():%b %d}"
    return Styled(f"  ↻ {visible(series.rule)}{after}", "dim")


def ordered_tree(tasks: Sequence[Task], context: Sequence[Task]) -> list[tuple[Task, int, bool]]:
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


def title_cell(task: Task, depth: int, is_context: bool) -> Styled:
    """The title as `list` shows it: indented under its parent, marked when not open, a
    recurring instance's rule, and the open tasks it waits for."""
    cell = Styled("  " * depth + ("└ " if depth else ""))
    if task.status != Status.OPEN:
        cell.append(STATUS_MARK[task.status] + " ")
    cell.extend(user_styled(task.title, "dim" if is_context else ""))
    if task.series is not None and task.status == Status.OPEN:
        cell.extend(series_mark(task))
    if task.waiting_on and task.status == Status.OPEN:
        prerequisites = ", ".join(str(i) for i in task.waiting_on[:3])
        more = "..." if len(task.waiting_on) > 3 else ""
        cell.append(f"  ⧗ after {prerequisites}{more}", "dim")
    return cell


class TaskTable:
    """``list``'s table and its footer line (a :class:`~microtask.render.lines.LinesView`,
    and a Rich renderable)."""

    def __init__(self, table: FittedTable | None, footer: str) -> None:
        self.table = table
        self.footer = footer

    def _footer(self) -> Styled:
        """The count under the table (dim), or the hint of an empty list (plain)."""
        return Styled(self.footer, "dim" if self.table is not None else "")

    def lines(self, width: int) -> list[Styled] | None:
        footer = self._footer()
        if footer.cell_len > width:
            return None
        if self.table is None:
            return [footer]
        rows = self.table.lines(width)
        return None if rows is None else [*rows, footer]

    def renderable(self) -> RenderableType:
        footer = self._footer().text()
        if self.table is None:
            return footer
        from rich.console import Group

        return Group(self.table, footer)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()


def task_table(listing: TaskList, now: datetime, tree: bool) -> TaskTable:
    if not listing.tasks:
        return TaskTable(None, EMPTY)
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
        rows = ordered_tree(listing.tasks, listing.context)
    else:
        rows = [(t, 0, False) for t in listing.tasks]
    styles: list[str | None] = []
    for task, depth, is_context in rows:
        ids.cells.append(str(task.id))
        priority.cells.append(Styled(task.priority.value, PRIORITY_STYLE[task.priority]))
        title.cells.append(title_cell(task, depth, is_context))
        due.cells.append(Styled(*due_label(task, now)))
        estimate.cells.append(estimate_text(task.estimate_seconds))
        tags.cells.append(user_styled(" ".join(task.tags), "magenta"))
        project.cells.append(user_styled(task.project, "blue"))
        urgency.cells.append(f"{task.urgency:.1f}")
        styles.append("dim" if is_context else None)
    table = FittedTable(
        _simple_head,
        [ids, priority, title, due, estimate, tags, project, urgency],
        styles,
        simple_head=True,
    )
    shown = len(listing.tasks)
    footer = counted(shown, "task")
    if listing.total > shown:
        footer = f"{shown:,} of {listing.total:,} tasks (--limit N to see more)"
    return TaskTable(table, footer)


def _simple_head() -> Table:
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
