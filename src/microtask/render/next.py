"""``next``'s few lines: the task, what it is a step of, its facts and its urgency's largest
terms. Only ``Text`` and ``Group`` of Rich: no table code to load for four lines."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from microtask.format import exact_duration, relative_time
from microtask.render.text import user_text

if TYPE_CHECKING:
    from microtask.domain.views.tasks import TaskDetail


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
