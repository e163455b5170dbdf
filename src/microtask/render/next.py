"""``next``'s few lines: the task, what it is a step of, its facts and its urgency's largest
terms. Styled lines (render/lines.py): no Rich to load for four lines that fit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from microtask.format import exact_duration, relative_time
from microtask.render.lines import Lines, Styled
from microtask.render.text import user_styled

if TYPE_CHECKING:
    from microtask.domain.views.tasks import TaskDetail


def next_view(detail: TaskDetail, now: datetime) -> Lines:
    task = detail.task
    head = Styled("Next: ", "bold").append(f"{task.id} ", "bold cyan")
    lines = [head.extend(user_styled(task.title, "bold"))]
    if detail.ancestors:
        lines.append(Styled("  step of: ").extend(user_styled(detail.ancestors[0].title)))
    facts = [task.priority.value + " priority"]
    if task.due:
        facts.append("due " + relative_time(task.due, now))
    if task.estimate_seconds:
        facts.append("about " + exact_duration(task.estimate_seconds))
    lines.append(Styled("  " + ", ".join(facts)))
    why = ", ".join(f"{t.name} {t.value:+.1f}" for t in detail.terms[:4])
    lines.append(Styled(f"  why: urgency {task.urgency:.1f} = {why}", "dim"))
    return Lines(lines)
