"""What `triage` shows: the screen for one task, its keys, the queue for ``--list``, and the
line prompt. User text goes in as ``Text`` with control characters made visible."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from microtask.domain.model import TaskCriteria
from microtask.domain.triage import Reason, TriageItem
from microtask.format import counted, exact_duration, plural
from microtask.render.task_list import PRIORITY_STYLE, estimate_text
from microtask.render.tasks import due_text
from microtask.render.text import user_text

KEYS: tuple[tuple[str, str], ...] = (
    ("p", "set the priority (then u urgent, h high, m medium, l low)"),
    ("d", "set the due date (tomorrow 17:00, fri, in 3 days; - clears)"),
    ("e", "set the estimate (25m, 1h30m; - clears)"),
    ("s", "split into steps, one a line ('Draft ~20m' carries its estimate)"),
    ("o", "outsourcing criteria: repetitive, time-sensitive, critical ..."),
    ("g", "delegate to a provider"),
    ("x", "drop: you will not do it (its open steps too)"),
    ("n", "skip (space too): decide later, it comes back next time"),
    ("Enter", "keep it as it is (k too): it leaves the queue"),
    ("?", "this help"),
    ("q", "quit: every decision made so far is kept"),
)
LEGEND = (
    "p priority · d due · e estimate · s split · o outsourcing · g delegate · x drop\n"
    "n skip · Enter keep · ? help · q quit"
)
CRITERIA_KEYS = (
    ("r", "repetitive", "repetitive"),
    ("t", "time_sensitive", "time-sensitive"),
    ("c", "critical", "critical"),
    ("k", "know_how", "know-how only you have"),
    ("d", "directions", "directions"),
    ("h", "hours_per_week", "hours per week"),
)


def reason_text(reason: Reason, item: TriageItem) -> str:
    if reason is Reason.LARGE and item.task.estimate_seconds is not None:
        return f"large ({exact_duration(item.task.estimate_seconds)}, not split)"
    return reason.value.replace("_", " ")


def task_screen(item: TriageItem, position: int, count: int, now: datetime) -> RenderableType:
    """One task of the walk: where we are, what it is, why it is here, the keys."""
    task = item.task
    head = Text(f"{task.id}  ", style="cyan").append_text(user_text(task.title, "bold"))
    facts = Text("    ")
    facts.append("priority ").append(task.priority.value, style=PRIORITY_STYLE[task.priority])
    if task.due is not None:
        facts.append(" · due " + task.due.astimezone().strftime("%a %d %b %H:%M") + " (")
        facts.append_text(due_text(task, now)).append(")")
    facts.append(" · estimate " + (estimate_text(task.estimate_seconds) or "none"))
    where: list[Text] = []
    if task.project:
        where.append(Text("project ").append_text(user_text(task.project, "blue")))
    if task.tags:
        where.append(Text("tags ").append_text(user_text(" ".join(task.tags), "magenta")))
    if task.subtask_ids:
        where.append(Text(f"{len(task.open_subtask_ids)} of {len(task.subtask_ids)} steps open"))
    if task.parent_id is not None:
        where.append(Text(f"step of task {task.parent_id}"))
    needs = "    needs a decision: " + " · ".join(
        reason_text(reason, item) for reason in item.reasons
    )
    return Group(
        Text(""),
        Rule(f"{position} of {count}", style="dim"),
        head,
        facts,
        *([Text("    ").append_text(Text(" · ").join(where))] if where else []),
        Text(needs, style="yellow"),
        Text(LEGEND, style="dim"),
    )


def help_table() -> RenderableType:
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for key, meaning in KEYS:
        table.add_row(key, meaning)
    return table


def message(text: str, style: str = "") -> Text:
    """A line of the walk; user text in it must already be made visible."""
    return Text(text, style=style)


def error(text: str) -> Text:
    return Text("Error: " + text, style="red")


def _answer(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def criterion_line(label: str, value: object) -> Text:
    return Text(f"    {label}: {_answer(value)}")


def criteria_menu(criteria: TaskCriteria) -> RenderableType:
    """The outsourcing answers as they are, and the key that changes each."""
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    table.add_column()
    for key, attribute, label in CRITERIA_KEYS:
        table.add_row(f"    {key}", label, _answer(getattr(criteria, attribute)))
    return Group(
        Text("Outsourcing criteria: a key changes one; Enter saves, Esc or q cancels"),
        table,
    )


def empty_state() -> Text:
    return Text(
        "Nothing to triage: no open task needs a decision. "
        'New tasks (microtask add "...") show up here.'
    )


def queue_table(items: Sequence[TriageItem], total: int, now: datetime) -> RenderableType:
    """``triage --list``: the queue in walking order, with why each task is in it."""
    if not items:
        return empty_state()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("ID", justify="right", style="cyan", no_wrap=True)
    table.add_column("Needs")
    table.add_column("Pri", no_wrap=True)
    table.add_column("Title", ratio=1, overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("Est", justify="right", no_wrap=True)
    table.add_column("Project")
    for position, item in enumerate(items, 1):
        task = item.task
        table.add_row(
            str(position),
            str(task.id),
            Text(", ".join(reason_text(r, item) for r in item.reasons), style="yellow"),
            Text(task.priority.value, style=PRIORITY_STYLE[task.priority]),
            user_text(task.title),
            due_text(task, now),
            estimate_text(task.estimate_seconds),
            user_text(task.project, "blue"),
        )
    shown = len(items)
    footer = f"{counted(shown, 'task')} {plural(shown, 'needs', 'need')} a decision"
    if total > shown:
        footer = f"{shown:,} of {total:,} tasks that need a decision (--limit N to see more)"
    return Group(table, Text(footer + " · `microtask triage` walks them", style="dim"))


def ask_line(console: Console, prompt: str) -> str:
    """Read one line in the terminal's normal mode; EOFError at the end of input."""
    return console.input(Text(prompt, style="bold"))
